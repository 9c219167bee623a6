"""OpenTelemetry tracing, on only when `OTEL_EXPORTER_OTLP_ENDPOINT` names a collector.

Then, at start-up (config/apps.py), the process gets a tracer provider that batches its spans
to that collector over OTLP/HTTP (`<endpoint>/v1/traces`), and the schema traces every
operation through Strawberry's OpenTelemetryExtension (schema/core/tracing.py: the
operation, its parsing and validation, and each resolver). The exporter reads the standard
variables itself: OTEL_EXPORTER_OTLP_HEADERS (e.g. an API key), OTEL_EXPORTER_OTLP_TIMEOUT,
OTEL_BSP_SCHEDULE_DELAY, ...; OTEL_SERVICE_NAME names the service (default `comptoir`) and
OTEL_RESOURCE_ATTRIBUTES adds to it (e.g. `deployment.environment=production`).

Without the variable nothing of OpenTelemetry is imported: no provider, no extension, no
cost per request.
"""

from __future__ import annotations

import os

from django.conf import settings


def configure_tracing() -> bool:
    """Install the OTLP tracer provider when an endpoint is configured; whether it did."""
    if not settings.OTEL_EXPORTER_OTLP_ENDPOINT:
        return False
    from opentelemetry import trace
    from opentelemetry.exporter.otlp.proto.http.trace_exporter import OTLPSpanExporter
    from opentelemetry.sdk.resources import Resource
    from opentelemetry.sdk.trace import TracerProvider
    from opentelemetry.sdk.trace.export import BatchSpanProcessor

    # Resource.create reads OTEL_SERVICE_NAME and OTEL_RESOURCE_ATTRIBUTES; what is passed
    # here wins over them, so the default name is passed only when none is set.
    named = os.environ.get("OTEL_SERVICE_NAME") or "service.name=" in os.environ.get(
        "OTEL_RESOURCE_ATTRIBUTES", ""
    )
    provider = TracerProvider(
        resource=Resource.create({} if named else {"service.name": "comptoir"})
    )
    provider.add_span_processor(BatchSpanProcessor(OTLPSpanExporter()))
    trace.set_tracer_provider(provider)
    return True
