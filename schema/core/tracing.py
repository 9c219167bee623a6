"""Tracing of GraphQL operations (OpenTelemetry), imported only when a collector is
configured (`OTEL_EXPORTER_OTLP_ENDPOINT`; config/tracing.py installs the tracer provider).

Strawberry's OpenTelemetryExtension makes a span per operation, its parsing and validation,
and each resolver, with the resolver's arguments as attributes and the document's text on
the operation's span. A trace leaves the bank's processes for the collector, so neither may
carry personal data: the operation's `query` attribute is the registered document's id
(`sha256:...`; `other` for a document outside the manifest, whose literals may hold anything),
and only the arguments that shape a page (`TRACED_ARGUMENTS`) are kept: no text, no
password, no id.
"""

from __future__ import annotations

from collections.abc import Generator
from typing import Any

from graphql import GraphQLResolveInfo
from opentelemetry.trace import TracerProvider
from strawberry.extensions import LifecycleStep
from strawberry.extensions.tracing.opentelemetry import OpenTelemetryExtension
from strawberry.types.execution import ExecutionContext

from .monitoring import OTHER
from .trusted_documents import registered

TRACED_ARGUMENTS = frozenset({"first", "last", "after", "before", "order_by", "status", "kind"})
"""Resolver arguments (Python names) whose values spans carry: pagination and ordering."""


def traced_arguments(arguments: dict[str, Any], info: GraphQLResolveInfo) -> dict[str, Any]:
    """The arguments of a resolver a span may carry (`TRACED_ARGUMENTS`), when given."""
    return {
        name: value
        for name, value in arguments.items()
        if name in TRACED_ARGUMENTS and value is not None
    }


class CommunityTracing(OpenTelemetryExtension):
    """Strawberry's OpenTelemetryExtension without personal data (module docstring)."""

    def __init__(
        self,
        *,
        execution_context: ExecutionContext | None = None,
        tracer_provider: TracerProvider | None = None,
    ) -> None:
        super().__init__(
            execution_context=execution_context,
            arg_filter=traced_arguments,
            tracer_provider=tracer_provider,
        )

    def on_operation(self) -> Generator[None, None, None]:
        steps = super().on_operation()
        next(steps)  # the operation's span is open, with the document's text as `query`
        found = registered(self.execution_context.query)
        span = self._span_holder[LifecycleStep.OPERATION]
        span.set_attribute("query", found[1] if found else OTHER)
        yield
        next(steps, None)
