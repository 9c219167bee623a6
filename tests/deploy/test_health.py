"""/healthz: the database, the read replica and Redis when configured, and the outbox lag
(schema/core/views.py, resolvers/health.py)."""

from __future__ import annotations

import socket
from datetime import timedelta
from typing import Any

import pytest
from django.db import DEFAULT_DB_ALIAS, connections
from django.test import Client
from django.utils import timezone

from config.database import REPLICA
from config.logs import RequestIdFilter
from models.models import OutboxEvent, OutboxEventKind

from .conftest import Replica

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("no_outbox_events")]

# PING only: no key is read or written.
REDIS_URL = "redis://127.0.0.1:6379/14"


def _closed_port() -> int:
    """A port nobody listens on."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def _healthz() -> tuple[int, Any, Any]:
    response = Client().get("/healthz")
    return response.status_code, response.json(), response


def test_healthy_without_redis() -> None:
    status, body, response = _healthz()
    assert (status, body) == (
        200,
        {"status": "ok", "checks": {"database": "ok"}, "outboxLagSeconds": 0},
    )
    # Never a cached answer: the balancer asks for the state now.
    assert "no-store" in response["Cache-Control"]


def test_the_outbox_lag_is_the_age_of_the_oldest_event_not_dispatched() -> None:
    now = timezone.now()
    OutboxEvent.objects.create(
        kind=OutboxEventKind.VOTE_COUNT_CHANGED,
        created_at=now - timedelta(hours=3),
        dispatched_at=now - timedelta(hours=2),
    )
    OutboxEvent.objects.create(
        kind=OutboxEventKind.VOTE_COUNT_CHANGED, created_at=now - timedelta(seconds=3600)
    )
    OutboxEvent.objects.create(
        kind=OutboxEventKind.THREAD_CREATED, created_at=now - timedelta(seconds=60)
    )
    # A late worker is reported, and does not take this process out of the balancer.
    assert _healthz()[:2] == (
        200,
        {"status": "ok", "checks": {"database": "ok"}, "outboxLagSeconds": 3600},
    )


def test_redis_is_checked_when_configured(settings: Any) -> None:
    settings.REDIS_URL = REDIS_URL
    assert _healthz()[:2] == (
        200,
        {"status": "ok", "checks": {"database": "ok", "redis": "ok"}, "outboxLagSeconds": 0},
    )


def test_redis_that_does_not_answer_makes_the_process_unhealthy(
    settings: Any, caplog: pytest.LogCaptureFixture
) -> None:
    settings.REDIS_URL = f"redis://127.0.0.1:{_closed_port()}/0"
    caplog.handler.addFilter(RequestIdFilter())  # as LOGGING's handler has it
    status, body, response = _healthz()
    assert (status, body) == (
        503,
        {"status": "error", "checks": {"database": "ok", "redis": "error"}, "outboxLagSeconds": 0},
    )
    # The reason is for the operators' logs, with the request's id, not for whoever asks.
    (record,) = [r for r in caplog.records if r.name == "comptoir.health"]
    assert record.getMessage() == "Redis does not answer"
    assert record.request_id == response["X-Request-ID"]  # type: ignore[attr-defined]


@pytest.mark.django_db(transaction=True, databases=[DEFAULT_DB_ALIAS, REPLICA])
def test_the_read_replica_is_checked_when_in_use(replica: Replica) -> None:
    assert _healthz()[:2] == (
        200,
        {"status": "ok", "checks": {"database": "ok", "replica": "ok"}, "outboxLagSeconds": 0},
    )


def test_only_get() -> None:
    assert Client().post("/healthz").status_code == 405


@pytest.mark.django_db(transaction=True, databases=[DEFAULT_DB_ALIAS, REPLICA])
def test_a_replica_that_does_not_answer_degrades_without_taking_the_process_out(
    replica: Replica,
) -> None:
    replica_connection = connections[REPLICA]
    saved = dict(replica_connection.settings_dict)
    replica_connection.close()
    if replica_connection.vendor == "postgresql":
        replica_connection.settings_dict["PORT"] = _closed_port()
    else:
        replica_connection.settings_dict["NAME"] = "/nonexistent/comptoir/replica.sqlite3"
    try:
        assert _healthz()[:2] == (
            200,
            {
                "status": "degraded",
                "checks": {"database": "ok", "replica": "error"},
                "outboxLagSeconds": 0,
            },
        )
    finally:
        replica_connection.close()
        replica_connection.settings_dict.update(saved)
