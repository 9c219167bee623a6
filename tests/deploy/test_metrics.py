"""/metrics (config/observability.py, resolvers/metrics.py): what each request and GraphQL
operation adds, who may read it, and the sum over several uvicorn workers.

The in-process tests read the counters before and after what they do: the counters belong
to the test process and keep counting from one test to the next."""

from __future__ import annotations

import json
import os
import re
import signal
import tempfile
import time
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone
from prometheus_client.parser import text_string_to_metric_families

from models.models import OutboxEvent, OutboxEventKind
from resolvers.metrics import SUBSCRIPTIONS_ACTIVE, WEBHOOK_FAILURES
from tests.factories import issue_token
from web.queries import document_ids

from .servers import running

pytestmark = pytest.mark.django_db

Samples = dict[tuple[str, tuple[tuple[str, str], ...]], float]
PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8"


def parse(text: str) -> Samples:
    """Every sample of a scrape: (name, sorted labels) → value."""
    return {
        (sample.name, tuple(sorted(sample.labels.items()))): sample.value
        for family in text_string_to_metric_families(text)
        for sample in family.samples
    }


def scrape(client: Client | None = None, **extra: Any) -> Samples:
    response = (client or Client()).get("/metrics", **extra)
    assert response.status_code == 200, response.content
    assert response["Content-Type"] == PROMETHEUS_TEXT
    return parse(response.content.decode())


def value(samples: Samples, name: str, **labels: str) -> float:
    return samples.get((name, tuple(sorted(labels.items()))), 0.0)


def test_requests_are_counted_by_method_pattern_and_status() -> None:
    before = scrape()
    client = Client()
    assert client.get("/healthz").status_code == 200
    assert client.get("/healthz").status_code == 200
    assert client.get("/no/such/page?email=someone@example.test").status_code == 404
    after = scrape()

    def delta(name: str, **labels: str) -> float:
        return value(after, name, **labels) - value(before, name, **labels)

    assert delta("comptoir_http_requests_total", method="GET", route="healthz", status="200") == 2
    # A path no pattern matches is `unmatched`: what a visitor typed never becomes a label.
    assert delta("comptoir_http_requests_total", method="GET", route="unmatched", status="404") == 1
    assert delta("comptoir_http_request_duration_seconds_count", method="GET", route="healthz") == 2
    # The previous scrape is counted too, under its own pattern.
    assert delta("comptoir_http_requests_total", method="GET", route="metrics", status="200") == 1
    assert not any("example.test" in str(key) for key in after)


def _post(client: Client, body: dict[str, Any], **headers: Any) -> Any:
    return client.post("/graphql", json.dumps(body), content_type="application/json", **headers)


def test_graphql_operations_by_registered_document_and_errors_by_code() -> None:
    header = document_ids()["Header"]
    token = issue_token("suggestions:read")[1]
    before = scrape()
    client = Client()
    assert _post(client, {"documentId": header}).status_code == 200
    # A document of the client's own: its name (here "Reveal") is no label.
    forbidden = _post(
        client, {"query": "query Reveal { committeeMeetings(first: 1) { totalCount } }"}
    )
    assert [e["extensions"]["code"] for e in forbidden.json()["errors"]] == ["FORBIDDEN"]
    partner = Client(headers={"Authorization": f"Bearer {token}"})
    assert _post(partner, {"query": "{ __typename }"}).status_code == 200
    # Refused before any document ran.
    assert client.post("/graphql", "query=x", content_type="text/plain").status_code == 415
    after = scrape()

    def delta(name: str, **labels: str) -> float:
        return value(after, name, **labels) - value(before, name, **labels)

    operations = "comptoir_graphql_operations_total"
    assert delta(operations, operation="Header", document=header, viewer="anonymous") == 1
    assert delta(operations, operation="other", document="other", viewer="anonymous") == 1
    assert delta(operations, operation="other", document="other", viewer="partner") == 1
    errors = "comptoir_graphql_errors_total"
    assert delta(errors, code="FORBIDDEN", operation="other") == 1
    assert delta(errors, code="BAD_USER_INPUT", operation="none") == 1
    assert not any("Reveal" in str(key) for key in after)


def test_answers_served_from_the_public_cache_are_counted_as_hits() -> None:
    header = document_ids()["Header"]
    before = scrape()
    client = Client()
    first, second = (_post(client, {"documentId": header}) for _ in range(2))
    assert first.json() == second.json() == {"data": {"viewer": None}}
    after = scrape()

    def delta(name: str, **labels: str) -> float:
        return value(after, name, **labels) - value(before, name, **labels)

    assert delta("comptoir_public_cache_lookups_total", result="miss") == 1
    assert delta("comptoir_public_cache_lookups_total", result="hit") == 1
    # The second answer ran no operation.
    labels = {"operation": "Header", "document": header, "viewer": "anonymous"}
    assert delta("comptoir_graphql_operations_total", **labels) == 1


def test_the_website_pages_operations_are_counted_too() -> None:
    before = scrape()
    assert Client().get("/connexion/").status_code == 200
    after = scrape()
    header = document_ids()["Header"]
    labels = {"operation": "Header", "document": header, "viewer": "anonymous"}
    name = "comptoir_graphql_operations_total"
    assert value(after, name, **labels) - value(before, name, **labels) == 1


def test_gauges_and_counters_other_parts_set() -> None:
    before = scrape()
    SUBSCRIPTIONS_ACTIVE.inc()
    SUBSCRIPTIONS_ACTIVE.inc()
    WEBHOOK_FAILURES.inc()
    try:
        during = scrape()
    finally:
        SUBSCRIPTIONS_ACTIVE.dec()
        SUBSCRIPTIONS_ACTIVE.dec()
    assert value(during, "comptoir_subscriptions_active") == (
        value(before, "comptoir_subscriptions_active") + 2
    )
    assert value(during, "comptoir_webhook_failures_total") == (
        value(before, "comptoir_webhook_failures_total") + 1
    )


@pytest.mark.usefixtures("no_outbox_events")
def test_dependencies_and_outbox_lag_are_measured_at_each_scrape() -> None:
    assert value(scrape(), "comptoir_outbox_lag_seconds") == 0
    OutboxEvent.objects.create(
        kind=OutboxEventKind.DECISION_PUBLISHED, created_at=timezone.now() - timedelta(minutes=5)
    )
    samples = scrape()
    assert 300 <= value(samples, "comptoir_outbox_lag_seconds") < 330
    assert value(samples, "comptoir_dependency_up", dependency="database") == 1
    assert not any(key[1] == (("dependency", "redis"),) for key in samples)


@pytest.mark.parametrize("address", ["203.0.113.7", "10.1.2.3", "2001:db8::1", "not-an-ip"])
def test_anyone_else_finds_nothing_there(address: str) -> None:
    response = Client().get("/metrics", REMOTE_ADDR=address)
    assert response.status_code == 404
    assert b"comptoir_" not in response.content


def test_the_operators_networks_are_configured(settings: Any) -> None:
    settings.METRICS_ALLOWED_NETWORKS = ["10.0.0.0/8", "2001:db8::/32"]
    for address in ("10.1.2.3", "2001:db8::1", "::ffff:10.9.9.9"):
        assert Client().get("/metrics", REMOTE_ADDR=address).status_code == 200, address
    for address in ("127.0.0.1", "192.168.1.1"):
        assert Client().get("/metrics", REMOTE_ADDR=address).status_code == 404, address


def test_only_reads() -> None:
    assert Client().post("/metrics").status_code == 405


# --- Several workers --------------------------------------------------------------------


@pytest.fixture
def multiprocess_dir() -> Iterator[Path]:
    with tempfile.TemporaryDirectory(prefix="comptoir-metrics-") as directory:
        yield Path(directory)


def _pids(directory: Path, kind: str) -> set[str]:
    return {m[1] for f in directory.iterdir() if (m := re.fullmatch(rf"{kind}_(\d+)\.db", f.name))}


@pytest.mark.django_db(transaction=True)
def test_two_workers_report_their_sum_in_one_scrape(multiprocess_dir: Path) -> None:
    """`uvicorn --workers 2` with PROMETHEUS_MULTIPROC_DIR: requests spread over both
    workers (each on a connection of its own), and whichever answers the scrape counts
    them all; a worker that died no longer counts in the live gauges."""
    values = multiprocess_dir / "values"
    values.mkdir()
    with running("--workers", "2", PROMETHEUS_MULTIPROC_DIR=str(values)) as server:
        sent = 0
        while len(_pids(values, "counter")) < 2 and sent < 400:
            assert server.request("GET", "/healthz")[0] == 200
            sent += 1
        assert len(_pids(values, "counter")) == 2
        totals = []
        for _ in range(4):
            status, _, body = server.request("GET", "/metrics")
            assert status == 200
            samples = parse(body.decode())
            totals.append(
                value(
                    samples,
                    "comptoir_http_requests_total",
                    method="GET",
                    route="healthz",
                    status="200",
                )
            )
        # The start-up check asked /healthz once, then the test `sent` times.
        assert totals == [sent + 1] * 4
        # A worker killed (uvicorn starts another): its open subscriptions count no more
        # from the next scrape on; what it counted of requests still does.
        workers = _pids(values, "gauge_livesum")
        assert len(workers) == 2
        killed = min(workers)
        os.kill(int(killed), signal.SIGKILL)
        deadline = time.monotonic() + 60
        while killed in _pids(values, "gauge_livesum"):
            assert time.monotonic() < deadline, server.output()
            server.request("GET", "/metrics")
            time.sleep(0.1)
        status, _, body = server.request("GET", "/metrics")
        samples = parse(body.decode())
        labels = {"method": "GET", "route": "healthz", "status": "200"}
        assert value(samples, "comptoir_http_requests_total", **labels) == sent + 1
