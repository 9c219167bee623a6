"""What a service may know of the request that triggered it, without importing HTTP code:
the request id that audit events carry. The view sets it; tests and commands may leave it
empty."""

from __future__ import annotations

from contextvars import ContextVar

request_id: ContextVar[str] = ContextVar("comptoir_request_id", default="")
