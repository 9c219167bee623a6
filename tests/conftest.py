"""Fixtures every test may use: a member of each role and a GraphQL client logged in as
each, the demo community, an audit event, a clock moved by hand; each test starts with an
empty cache and fast password hashing."""

from __future__ import annotations

import io
import time
from collections.abc import Iterator
from typing import Any

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection
from django.test import override_settings
from pytest_django import DjangoDbBlocker

from config.demo import delete_community
from models.models import AuditEvent, Member

from .factories import (
    AdviserFactory,
    ChairFactory,
    CommitteeFactory,
    CustomerFactory,
    ThreadFactory,
)
from .graphql import GraphQLClient
from .mail import Inbox, start_smtp

# The `receiver` fixture: a partner's webhook receiver (a real HTTP server).
pytest_plugins = ["tests.receiver"]


def pytest_report_header() -> str:
    from django.conf import settings

    return f"database: {settings.DATABASES['default']['ENGINE']}"


@pytest.fixture(autouse=True)
def _fast_passwords(settings: Any) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _empty_cache() -> Iterator[None]:
    """Every test starts and ends with an empty Django cache."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def frozen_clock(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    """time.time(), frozen, and moved by hand (`frozen_clock[0] += seconds`): the rate-limit
    counters' windows follow it."""
    now = [time.time()]
    monkeypatch.setattr(time, "time", lambda: now[0])
    return now


@pytest.fixture(autouse=True)
def _counters_in_the_database(settings: Any) -> None:
    """Rate-limit counters in the test database, rolled back with each test, whatever
    REDIS_URL says in the environment (the Redis tests point it at a database of their
    own)."""
    settings.REDIS_URL = ""


@pytest.fixture(scope="module")
def demo_community(django_db_setup: None, django_db_blocker: DjangoDbBlocker) -> Iterator[str]:
    """The demo community, loaded once per module (committed to the test database and
    deleted after the module's last test); each test reads it inside its own transaction.
    Yields what `load_demo` printed."""
    out = io.StringIO()
    # The same fast hasher as the per-test autouse fixture, so the demo logins authenticate.
    with (
        django_db_blocker.unblock(),
        override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]),
    ):
        call_command("load_demo", stdout=out)
    yield out.getvalue()
    with django_db_blocker.unblock():
        delete_community()


def pytest_runtest_setup(item: pytest.Item) -> None:
    if item.get_closest_marker("postgres_only") and connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (row locks, concurrency or full-text search); SQLite run")


@pytest.fixture
def anonymous(db: None) -> GraphQLClient:
    return GraphQLClient()


@pytest.fixture
def customer(db: None) -> Member:
    return CustomerFactory.create(username="claire", display_name="Claire")


@pytest.fixture
def other_customer(db: None) -> Member:
    return CustomerFactory.create(username="bruno", display_name="Bruno")


@pytest.fixture
def adviser(db: None) -> Member:
    return AdviserFactory.create(username="julien", display_name="Julien (conseiller)")


@pytest.fixture
def committee_member(db: None) -> Member:
    return CommitteeFactory.create(username="sophie", display_name="Sophie (comité)")


@pytest.fixture
def chair(db: None) -> Member:
    return ChairFactory.create(username="helene", display_name="Hélène (présidente)")


@pytest.fixture
def customer_client(customer: Member) -> GraphQLClient:
    return GraphQLClient(customer)


@pytest.fixture
def other_customer_client(other_customer: Member) -> GraphQLClient:
    return GraphQLClient(other_customer)


@pytest.fixture
def adviser_client(adviser: Member) -> GraphQLClient:
    return GraphQLClient(adviser)


@pytest.fixture
def committee_client(committee_member: Member) -> GraphQLClient:
    return GraphQLClient(committee_member)


@pytest.fixture
def chair_client(chair: Member) -> GraphQLClient:
    return GraphQLClient(chair)


@pytest.fixture
def audit_event(adviser: Member) -> AuditEvent:
    thread = ThreadFactory.create()
    return AuditEvent.objects.create(
        actor=adviser, action="thread.lock", target_type="Thread", target_id=str(thread.pk)
    )


# Where e-mails' links lead in the tests (an HTTPS site, as RFC 8058 wants it).
SITE = "https://comptoir.example"


@pytest.fixture
def smtp(settings: Any) -> Iterator[Inbox]:
    """A real SMTP server (aiosmtpd, 127.0.0.1, a free port) that Django's SMTP backend
    sends to: its inbox. E-mails link to SITE."""
    inbox = Inbox()
    controller = start_smtp(inbox)
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = controller.port
    settings.EMAIL_HOST_USER = ""
    settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_USE_SSL = False
    settings.DEFAULT_FROM_EMAIL = "Comptoir <communaute@comptoir.example>"
    settings.SITE_URL = SITE
    yield inbox
    controller.stop()
