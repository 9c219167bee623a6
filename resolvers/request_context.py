"""What a service may know of the request that triggered it, without importing HTTP code:
the request id that audit events and log lines carry (the request middleware sets it,
config/observability.py; tests and commands may leave it empty), the client address that
login limits count against (read by the callers that have a request, from its `META`), and
whether its reads may go to the read replica."""

from __future__ import annotations

import re
import uuid
from collections.abc import Mapping
from contextvars import ContextVar
from typing import Any

request_id: ContextVar[str] = ContextVar("comptoir_request_id", default="")

_NOT_IN_A_REQUEST_ID = re.compile(r"[^A-Za-z0-9._-]")


def request_id_for(sent: str) -> str:
    """The id of a request whose `X-Request-ID` header was `sent` (empty when absent): what
    a proxy or client sent, kept to at most 64 letters, digits, `.`, `_` and `-` (nothing
    that could break a log line or a header); 32 random hex digits when nothing is left."""
    return _NOT_IN_A_REQUEST_ID.sub("", sent)[:64] or uuid.uuid4().hex


def client_address(meta: Mapping[str, Any]) -> str:
    """The address brute-force limits count against, from a request's `META`: REMOTE_ADDR,
    which a deployment behind a reverse proxy must make the client's (README, "Behind a
    reverse proxy": uvicorn's `--proxy-headers` with `--forwarded-allow-ips` set to the
    proxy), never a header the client could forge."""
    return str(meta.get("REMOTE_ADDR") or "")


reads_from_replica: ContextVar[bool] = ContextVar("comptoir_reads_from_replica", default=False)
"""Whether the database router (`config/database.py`) may send this context's reads to the
read replica (`DATABASE_REPLICA_URL`). The schema sets it while it executes a query of an
anonymous visitor or a partner in a request that ran no mutation (schema/core/routing.py);
it is False everywhere else: members, mutations, the back office, commands, workers."""
