"""Top-level error codes (DESIGN §5), masking of internal errors, and no suggestions of
names for those refused introspection."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from typing import Any

from django.conf import settings
from graphql import GraphQLError
from strawberry.extensions import SchemaExtension
from strawberry.relay import GlobalIDValueError
from strawberry.schema.exceptions import InvalidOperationTypeError
from strawberry.schema.schema import StrawberryGraphQLCoreExecutionContext

from permissions.policies import can_introspect
from resolvers.errors import ApiError, RateLimited

logger = logging.getLogger("comptoir.graphql")

INTERNAL_MESSAGE = "Internal server error."


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
    if isinstance(original, InvalidOperationTypeError):
        # Over HTTP the view answers it itself; this is a query or mutation over WebSocket.
        return "BAD_USER_INPUT", (
            "Only subscriptions run over WebSocket: send queries and mutations to /graphql "
            "over HTTP."
        )
    if original is None or isinstance(original, GraphQLError):
        # Syntax, validation and variable coercion errors: the client sent a bad document.
        # (The limits on documents give their errors QUERY_TOO_COMPLEX themselves.)
        return "BAD_USER_INPUT", error.message
    return "INTERNAL", str(original) if settings.DEBUG else INTERNAL_MESSAGE


class ErrorCodes(SchemaExtension):
    """Give every error an `extensions.code`; never show an internal error's text (which
    may contain SQL or personal data) unless DEBUG is on."""

    def on_operation(self) -> Iterator[None]:
        self._streamed = False
        yield
        result = self.execution_context.result
        # A subscription's results were coded one by one, as they were sent.
        if self._streamed or result is None or not result.errors:
            return
        _retry_after(self.execution_context.context, result.errors)
        result.errors = [coded(error) for error in result.errors]

    def on_stream_result(self, result: Any) -> Iterator[None]:
        """Each result a subscription sends (over WebSocket), coded before it leaves."""
        self._streamed = True
        errors = getattr(result, "errors", None)
        if errors:
            result.errors = [coded(error) for error in errors]
        yield


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


def hides_suggestions(context: Any) -> bool:
    """Whether errors for this request leave out suggestions of names ("Did you mean
    'email'?" for a field, argument, type, input field or enum value): they would reveal
    the schema to whoever `can_introspect` refuses. `context` is the request's (its
    `viewer`, the one the request arrives as); without one, suggestions are left out."""
    viewer = getattr(context, "viewer", None)
    return viewer is None or not can_introspect(viewer)


class SuggestionsHiddenExecutor(StrawberryGraphQLCoreExecutionContext):
    """Strawberry's executor, with graphql-core's `hide_suggestions` set for viewers refused
    introspection: variable coercion errors ("Value 'TOPP' does not exist in
    'SuggestionOrder' enum. Did you mean the enum value 'TOP'?") then name nothing of the
    schema. (Validation gets the same option where it runs: `schema.core.limits`.)"""

    @classmethod
    def build(
        cls,
        schema: Any,
        document: Any,
        root_value: Any = None,
        context_value: Any = None,
        *args: Any,
        **kwargs: Any,
    ) -> Any:
        if hides_suggestions(context_value):
            kwargs["hide_suggestions"] = True
        return super().build(schema, document, root_value, context_value, *args, **kwargs)
