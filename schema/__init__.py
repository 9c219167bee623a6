"""The assembled GraphQL schema (`schema.schema`)."""

from collections.abc import Iterable
from contextlib import aclosing
from datetime import date, datetime
from typing import Any

import strawberry
from django.conf import settings
from django.http import HttpRequest
from graphql import GraphQLError
from strawberry.extensions import AddValidationRules
from strawberry.schema.schema import DEFAULT_ALLOWED_OPERATION_TYPES, StreamResult
from strawberry.types import ExecutionResult
from strawberry.types.execution import PreExecutionError
from strawberry.types.graphql import OperationType

from .committee import CommitteeMeeting, Evaluation
from .core.errors import ErrorCodes, SuggestionsHiddenExecutor, coded
from .core.graphiql import IntrospectionPolicy
from .core.limits import DocumentLimits, DocumentShape, StorableText, cost_model
from .core.live import LiveContext
from .core.monitoring import count_operation
from .core.routing import ReplicaReads
from .core.scalars import Date, DateTime
from .core.trusted_documents import execute_document
from .members import Member
from .moderation import Flag
from .mutations import Mutation
from .mutations.members import OneLoginPerRequest
from .notifications import Notification
from .partners import read_only_for_partners
from .query import Query
from .subscription import Subscription
from .suggestions import Decision, StatusChange, Suggestion
from .threads import Category, Post, PostRevision, Thread

# Validation rules against abusive documents (DESIGN §7), classes defined once: the
# validation cache is keyed by the rule classes, and a class made per request (as
# Strawberry's `QueryDepthLimiter(...)` does) would make every request validate again
# (measured: a third of the front page's CPU).
LIMIT_RULES = (
    # Depth, aliases and fields once fragments are expanded, in one linear pass.
    DocumentShape,
    # String literals the database can store.
    StorableText,
    # Brute force: one `login` per request (RATE_LIMITED), counted by the service.
    OneLoginPerRequest,
)


class CommunitySchema(strawberry.Schema):
    def process_errors(self, errors: list[GraphQLError], execution_context: Any = None) -> None:
        # Client errors are answers, not incidents: `ErrorCodes` logs the internal ones.
        return None

    async def execute(
        self,
        query: str | None,
        variable_values: dict[str, Any] | None = None,
        context_value: Any | None = None,
        root_value: Any | None = None,
        operation_name: str | None = None,
        allowed_operation_types: Iterable[OperationType] | None = None,
        operation_extensions: dict[str, Any] | None = None,
    ) -> ExecutionResult:
        """Strawberry's execution, counted (schema/core/monitoring.py): the one entry point
        of /graphql and of the website's pages. One result, never a stream: a subscription
        runs over WebSocket only (`stream`), and is refused here
        (InvalidOperationTypeError, which /graphql answers)."""
        allowed = set(allowed_operation_types or DEFAULT_ALLOWED_OPERATION_TYPES)
        result = await super().execute(
            query,
            variable_values=variable_values,
            context_value=context_value,
            root_value=root_value,
            operation_name=operation_name,
            allowed_operation_types=allowed - {OperationType.SUBSCRIPTION},
            operation_extensions=operation_extensions,
        )
        count_operation(query, context_value, result.errors or [])
        return result

    async def stream(
        self,
        query: str | None,
        variable_values: dict[str, Any] | None = None,
        context_value: Any | None = None,
        root_value: Any | None = None,
        operation_name: str | None = None,
        operation_extensions: dict[str, Any] | None = None,
        allowed_operation_types: Any = None,
    ) -> StreamResult:
        # Over WebSocket, subscriptions only: queries and mutations go over HTTP, where the
        # CSRF check and the response headers of /graphql apply.
        if isinstance(context_value, LiveContext):
            allowed_operation_types = (OperationType.SUBSCRIPTION,)
        source = await super().stream(
            query,
            variable_values,
            context_value,
            root_value,
            operation_name,
            operation_extensions,
            allowed_operation_types,
        )
        return _refusals_answered(source)

    async def execute_document(
        self,
        request: HttpRequest,
        document_id: str,
        variables: dict[str, Any] | None = None,
        *,
        anonymous: bool = False,
        fresh: bool = False,
    ) -> ExecutionResult:
        """The website's entry point: run the trusted document `document_id` in-process for
        the request's viewer (`schema/core/trusted_documents.py`; `fresh`: never from the
        public cache)."""
        return await execute_document(
            self, request, document_id, variables, anonymous=anonymous, fresh=fresh
        )


def _tracing() -> list[Any]:
    """Strawberry's OpenTelemetry extension when a collector is configured (config/tracing.py);
    nothing, not even an import, otherwise."""
    if not settings.OTEL_EXPORTER_OTLP_ENDPOINT:
        return []
    from .core.tracing import CommunityTracing

    return [CommunityTracing]


async def _refusals_answered(source: StreamResult) -> StreamResult:
    """The stream, with a document refused by an extension before anything ran (a limit of
    `DocumentLimits`, raised where `execute` catches it but `stream` does not) answered as
    the error it is, with its code, instead of ending the operation without a word."""
    async with aclosing(source):
        try:
            async for result in source:
                yield result
        except GraphQLError as error:
            yield PreExecutionError(data=None, errors=[coded(error)])


schema = CommunitySchema(
    query=Query,
    # Partner tokens are read-only: every mutation refuses them first.
    mutation=read_only_for_partners(Mutation),
    subscription=Subscription,
    # Every Node type, so `node(id:)` can return any of them.
    types=[
        Member,
        Category,
        Thread,
        Post,
        Suggestion,
        StatusChange,
        Decision,
        CommitteeMeeting,
        Evaluation,
        Notification,
        Flag,
        PostRevision,
    ],
    # Instants with their UTC offset, within the range the databases store, answered in UTC.
    scalar_overrides={datetime: DateTime, date: Date},
    extensions=[
        # First, so that the operation's span covers every other extension's work.
        *_tracing(),
        ErrorCodes,
        lambda: AddValidationRules(list(LIMIT_RULES)),
        # Size and text of the request, then parsing and validation, each document once
        # (cached within a budget of bytes; validation per set of rules, so the rules added
        # for a viewer, e.g. introspection refused, still apply), then the rows it may be
        # served. `schema/core/limits.py`.
        DocumentLimits,
        # Introspection for staff and partners only, unless DEBUG (FORBIDDEN).
        IntrospectionPolicy,
        # Public queries read the read replica when there is one (config/database.py).
        ReplicaReads,
    ],
    # No "Did you mean ...?" in variable errors for those refused introspection.
    execution_context_class=SuggestionsHiddenExecutor,
)

# Every list of the schema has a bound (start-up fails otherwise).
cost_model(schema._schema)
