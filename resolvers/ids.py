"""The global IDs the API gives rows (Relay), spelled below the schema for what reaches
clients without going through it (webhook payloads).

An ID is the standard, padded base64 of "TypeName:pk", as `strawberry.relay.GlobalID`
writes it; `schema/core/ids.py` writes and reads every ID of the API with this function,
and a test holds the two spellings equal.
"""

from __future__ import annotations

import base64


def global_id(type_name: str, pk: int) -> str:
    """The global ID of row `pk` of the GraphQL type `type_name` ("Decision", ...)."""
    return base64.b64encode(f"{type_name}:{pk}".encode()).decode("ascii")
