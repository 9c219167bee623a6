"""Opaque global IDs (Relay): base64 of "TypeName:pk".

Every ID a client sends is read by `parse_id`, the one decoding path: an ID is well formed
only in the exact form Comptoir writes it (standard base64 with its padding, a GraphQL type
name, a colon, a primary key in plain decimal from 1 to 2^63 − 1, the range of the
`bigint` / SQLite INTEGER keys). Anything else — bad base64, a key with a sign, spaces,
leading zeros, underscores, non-ASCII digits, a fraction, or one too large for the
database — is malformed, the same way on SQLite and on PostgreSQL, and never reaches a query.
"""

from __future__ import annotations

import base64
import binascii
import re

from resolvers.bounds import INT64_MAX
from resolvers.errors import BadUserInput
from resolvers.ids import global_id

_TYPE_NAME = re.compile(r"[_A-Za-z][_0-9A-Za-z]*")
_KEY = re.compile(r"[1-9][0-9]{0,18}")


def parse_id(value: object) -> tuple[str, int] | None:
    """(type name, primary key) of a well-formed ID, or None when it is malformed."""
    if not isinstance(value, str) or not value.isascii():
        return None
    try:
        raw = base64.b64decode(value, validate=True).decode("ascii")
    except (binascii.Error, ValueError):
        return None
    type_name, colon, key = raw.partition(":")
    if not colon or not _TYPE_NAME.fullmatch(type_name) or not _KEY.fullmatch(key):
        return None
    pk = int(key)
    if pk > INT64_MAX:
        return None
    # Only the canonical spelling: base64 has several for the same bytes (unused bits).
    if base64.b64encode(raw.encode("ascii")).decode("ascii") != value:
        return None
    return type_name, pk


def decode_id(value: str, expected_type: str, *, argument: str = "id") -> int:
    """The primary key of an ID of the expected type.

    Raises BadUserInput when the ID is malformed (see `parse_id`) or of another type.
    """
    parsed = parse_id(value)
    if parsed is None or parsed[0] != expected_type:
        raise BadUserInput(f"`{argument}` is not a valid {expected_type} ID.")
    return parsed[1]


def decode_any_id(value: str) -> tuple[str, int]:
    """(type name, primary key) of an ID of any type; the type may be unknown to the schema
    (the caller decides what that means). Raises BadUserInput when the ID is malformed."""
    parsed = parse_id(value)
    if parsed is None:
        raise BadUserInput("The ID is not valid.")
    return parsed


def encode_id(type_name: str, pk: int) -> str:
    """The global ID of a row: what every `id` field answers (`strawberry.relay.GlobalID`'s
    spelling, which `resolvers.ids.global_id` writes below the schema too)."""
    return global_id(type_name, pk)
