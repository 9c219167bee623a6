"""What a service may know of the request that triggered it, without importing HTTP code:
the request id that audit events carry (the view sets it; tests and commands may leave it
empty), and the client address that login limits count against (read by the callers that
have a request, from its `META`)."""

from __future__ import annotations

from collections.abc import Mapping
from contextvars import ContextVar
from typing import Any

request_id: ContextVar[str] = ContextVar("comptoir_request_id", default="")


def client_address(meta: Mapping[str, Any]) -> str:
    """The address brute-force limits count against, from a request's `META`: REMOTE_ADDR,
    which a deployment behind a reverse proxy must make the client's (README, "Behind a
    reverse proxy": uvicorn's `--proxy-headers` with `--forwarded-allow-ips` set to the
    proxy), never a header the client could forge."""
    return str(meta.get("REMOTE_ADDR") or "")
