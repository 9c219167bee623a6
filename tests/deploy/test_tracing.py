"""OpenTelemetry tracing (config/tracing.py, schema/core/tracing.py): on only when a
collector is configured, and then without personal data in the spans."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
from django.test import Client
from opentelemetry.proto.collector.trace.v1.trace_service_pb2 import ExportTraceServiceRequest
from opentelemetry.sdk.trace import ReadableSpan, TracerProvider
from opentelemetry.sdk.trace.export import SimpleSpanProcessor
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter

from schema import schema
from schema.core.tracing import CommunityTracing
from tests.factories import CustomerFactory
from web.queries import document_ids

from .servers import BASE_DIR, running

pytestmark = pytest.mark.django_db

LOGIN = (
    "mutation($u: String!, $p: String!) { login(input: {username: $u, password: $p}) { "
    "errors { code } } }"
)
WHAT_LOADS = (
    "import json, sys, django; django.setup(); import config.urls; "
    "from schema import schema; from opentelemetry import trace; "
    "print(json.dumps({'extensions': [getattr(e, '__name__', type(e).__name__) "
    "for e in schema.extensions], 'provider': type(trace.get_tracer_provider()).__name__}))"
)
# What tracing would load: redis-py (8) imports the OpenTelemetry SDK's metrics module by
# itself when it is installed, for an instrumentation of its own that stays off; Comptoir
# loads neither a tracer provider, nor an exporter, nor Strawberry's extension.
TRACING_MODULES = (
    "opentelemetry.sdk.trace",
    "opentelemetry.exporter",
    "strawberry.extensions.tracing.opentelemetry",
    "schema.core.tracing",
)
WHAT_IS_IMPORTED = (
    "import json, sys, django; django.setup(); import config.urls; from schema import schema; "
    "from opentelemetry import trace; "
    f"print(json.dumps([[m for m in sys.modules if m.startswith({TRACING_MODULES!r})], "
    "type(trace.get_tracer_provider()).__name__]))"
)


def _python(code: str, **env: str) -> Any:
    run = subprocess.run(
        [sys.executable, "-c", code],
        cwd=BASE_DIR,
        env={
            **{k: v for k, v in os.environ.items() if not k.startswith("OTEL_")},
            "DJANGO_SETTINGS_MODULE": "config.settings",
            **env,
        },
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode == 0, run.stderr
    return json.loads(run.stdout.strip().splitlines()[-1])


def test_without_a_collector_nothing_of_opentelemetry_is_loaded() -> None:
    # No module of tracing, and OpenTelemetry's default provider, which does nothing.
    assert _python(WHAT_IS_IMPORTED) == [[], "ProxyTracerProvider"]


def test_with_a_collector_the_schema_traces_first() -> None:
    loaded = _python(WHAT_LOADS, OTEL_EXPORTER_OTLP_ENDPOINT="http://127.0.0.1:4318")
    assert loaded["provider"] == "TracerProvider"
    assert loaded["extensions"][:2] == ["CommunityTracing", "ErrorCodes"]


@pytest.fixture
def spans(monkeypatch: pytest.MonkeyPatch) -> InMemorySpanExporter:
    """The schema with the tracing extension, its spans kept in memory."""
    exporter = InMemorySpanExporter()
    provider = TracerProvider()
    provider.add_span_processor(SimpleSpanProcessor(exporter))
    traced = [lambda: CommunityTracing(tracer_provider=provider), *schema.extensions]
    monkeypatch.setattr(schema, "extensions", traced)
    return exporter


def _post(body: dict[str, Any]) -> Any:
    response = Client().post("/graphql", json.dumps(body), content_type="application/json")
    assert response.status_code == 200
    return response.json()


def _by_name(finished: tuple[ReadableSpan, ...]) -> dict[str, dict[str, Any]]:
    return {span.name: dict(span.attributes or {}) for span in finished}


def test_a_registered_documents_spans(spans: InMemorySpanExporter) -> None:
    header = document_ids()["Header"]
    assert _post({"documentId": header}) == {"data": {"viewer": None}}
    traced = _by_name(spans.get_finished_spans())
    assert traced == {
        "GraphQL Parsing": {},
        "GraphQL Validation": {},
        "GraphQL Resolving: viewer": {
            "component": "graphql",
            "graphql.parentType": "Query",
            "graphql.path": "viewer",
        },
        # The document's id, not its text.
        "GraphQL Query: Header": {"component": "graphql", "query": header},
    }
    operation = next(s for s in spans.get_finished_spans() if s.name.startswith("GraphQL Query"))
    assert all(s.context.trace_id == operation.context.trace_id for s in spans.get_finished_spans())


def test_no_personal_data_in_spans(spans: InMemorySpanExporter) -> None:
    CustomerFactory.create(username="claire")
    failed = _post({"query": LOGIN, "variables": {"u": "claire", "p": "wrong-secret"}})
    assert failed == {"data": {"login": {"errors": [{"code": "INVALID_CREDENTIALS"}]}}}
    inline = 'query Find { search(query: "claire martin", first: 5) { totalCount } }'
    _post({"query": inline})
    traced = _by_name(spans.get_finished_spans())
    assert traced["GraphQL Resolving: login"] == {
        "component": "graphql",
        "graphql.parentType": "Mutation",
        "graphql.path": "login",
    }
    # A document outside the manifest is `other`, whatever its literals; of the arguments
    # only those that shape a page are kept.
    assert traced["GraphQL Query: Find"] == {"component": "graphql", "query": "other"}
    assert traced["GraphQL Resolving: search"] == {
        "component": "graphql",
        "graphql.parentType": "Query",
        "graphql.path": "search",
        "graphql.param.first": 5,
    }
    everything = repr([(s.name, dict(s.attributes or {})) for s in spans.get_finished_spans()])
    assert "claire" not in everything
    assert "wrong-secret" not in everything


# --- Through a collector, from a real server ------------------------------------------------


class _Collector(BaseHTTPRequestHandler):
    received: list[tuple[str, bytes]]

    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers["Content-Length"]))
        self.received.append((self.path, body))
        self.send_response(200)
        self.send_header("Content-Type", "application/x-protobuf")
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture
def collector() -> Iterator[tuple[str, list[tuple[str, bytes]]]]:
    """An OTLP/HTTP endpoint that keeps what it receives: its URL and the requests."""
    received: list[tuple[str, bytes]] = []
    handler = type("Collector", (_Collector,), {"received": received})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", received
    finally:
        server.shutdown()
        server.server_close()


@pytest.mark.django_db(transaction=True)
def test_a_server_sends_its_spans_to_the_collector(
    collector: tuple[str, list[tuple[str, bytes]]],
) -> None:
    endpoint, received = collector
    header = document_ids()["Header"]
    with running(OTEL_EXPORTER_OTLP_ENDPOINT=endpoint, OTEL_BSP_SCHEDULE_DELAY="50") as server:
        status, _, _ = server.request("POST", "/graphql", {"documentId": header})
        assert status == 200
        deadline = time.monotonic() + 30
        names: dict[str, dict[str, Any]] = {}
        while "GraphQL Query: Header" not in names:
            assert time.monotonic() < deadline, (received, server.output())
            time.sleep(0.05)
            for path, body in list(received):
                assert path == "/v1/traces"
                export = ExportTraceServiceRequest.FromString(body)
                for resource_spans in export.resource_spans:
                    service = {
                        a.key: a.value.string_value for a in resource_spans.resource.attributes
                    }["service.name"]
                    assert service == "comptoir"
                    for scope in resource_spans.scope_spans:
                        for span in scope.spans:
                            names[span.name] = {
                                a.key: a.value.string_value for a in span.attributes
                            }
    assert names["GraphQL Query: Header"] == {"component": "graphql", "query": header}
    assert {"GraphQL Parsing", "GraphQL Validation", "GraphQL Resolving: viewer"} <= set(names)
