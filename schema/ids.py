"""Opaque global IDs (Relay): base64 of "TypeName:pk"."""

from __future__ import annotations

from strawberry import relay

from resolvers.errors import BadUserInput


def decode_id(value: str, expected_type: str, *, argument: str = "id") -> int:
    """The primary key of an ID of the expected type, or BAD_USER_INPUT."""
    try:
        gid = relay.GlobalID.from_id(value)
        if gid.type_name != expected_type:
            raise ValueError("wrong type")
        pk = int(gid.node_id)
        if pk <= 0:
            raise ValueError("not a key")
    except (relay.GlobalIDValueError, ValueError) as exc:
        raise BadUserInput(f"`{argument}` is not a valid {expected_type} ID.") from exc
    return pk


def decode_any_id(value: str) -> tuple[str, int]:
    try:
        gid = relay.GlobalID.from_id(value)
        pk = int(gid.node_id)
        if pk <= 0:
            raise ValueError("not a key")
    except (relay.GlobalIDValueError, ValueError) as exc:
        raise BadUserInput("The ID is not valid.") from exc
    return gid.type_name, pk


def encode_id(type_name: str, pk: int) -> str:
    return str(relay.GlobalID(type_name, str(pk)))
