"""Top-level error codes (DESIGN §5) and masking of internal errors."""

from __future__ import annotations

import logging
from collections.abc import Iterator

from django.conf import settings
from graphql import GraphQLError
from strawberry.extensions import SchemaExtension
from strawberry.relay import GlobalIDValueError

from resolvers.errors import ApiError, RateLimited

logger = logging.getLogger("comptoir.graphql")

INTERNAL_MESSAGE = "Internal server error."

# Messages of Strawberry's limiting validation rules, which carry no error class of their own.
_TOO_COMPLEX_MARKERS = (
    "exceeds maximum operation depth",
    "number of aliases",
    "maximum number of tokens",
)


def classify(error: GraphQLError) -> tuple[str, str]:
    """Return (code, message) for an error of the response."""
    original = error.original_error
    existing = (error.extensions or {}).get("code")
    if isinstance(existing, str):
        return existing, error.message
    if isinstance(original, ApiError):
        return original.code, original.message
    if isinstance(original, GlobalIDValueError):
        return "BAD_USER_INPUT", "The ID is not valid."
    if original is None or isinstance(original, GraphQLError):
        # Syntax, validation and variable coercion errors: the client sent a bad document.
        if any(marker in error.message for marker in _TOO_COMPLEX_MARKERS):
            return "QUERY_TOO_COMPLEX", error.message
        return "BAD_USER_INPUT", error.message
    return "INTERNAL", str(original) if settings.DEBUG else INTERNAL_MESSAGE


class ErrorCodes(SchemaExtension):
    """Give every error an `extensions.code`; never show an internal error's text (which
    may contain SQL or personal data) unless DEBUG is on."""

    def on_operation(self) -> Iterator[None]:
        yield
        result = self.execution_context.result
        if result is None or not result.errors:
            return
        _retry_after(self.execution_context.context, result.errors)
        result.errors = [coded(error) for error in result.errors]


def _retry_after(context: object, errors: list[GraphQLError]) -> None:
    """A RATE_LIMITED error (a login, a write past the member's limit) also sets the HTTP
    `Retry-After` header: the longest wait of the response's refusals, in seconds."""
    waits = [
        e.original_error.retry_after
        for e in errors
        if isinstance(e.original_error, RateLimited) and e.original_error.retry_after is not None
    ]
    response = getattr(context, "response", None)
    if waits and response is not None:
        response["Retry-After"] = str(max(waits))


def coded(error: GraphQLError) -> GraphQLError:
    """The error with its `extensions.code`, and its message masked if internal."""
    code, message = classify(error)
    if code == "INTERNAL":
        logger.error("Internal error at %s", error.path, exc_info=error.original_error)
    return GraphQLError(
        message,
        nodes=error.nodes,
        source=error.source,
        positions=error.positions,
        path=error.path,
        original_error=None,
        extensions={**(error.extensions or {}), "code": code},
    )
