"""The live server every subscription test of tests/api/ talks to (tests/live.py)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from pytest_django import DjangoDbBlocker

from tests.live import Server, environment, uvicorn, work_finished

# Small limits, so that tests reach them; a short `connection_init` timeout; leases of 3 s,
# so that connections check their viewer again every second.
LIVE_LIMITS = {
    "COMPTOIR_LIVE_SUBSCRIPTIONS_PER_CONNECTION": "3",
    "COMPTOIR_LIVE_SUBSCRIPTIONS_PER_MEMBER": "4",
    "COMPTOIR_LIVE_CONNECTION_INIT_TIMEOUT": "1",
    "COMPTOIR_LIVE_SUBSCRIPTION_LEASE": "3",
}


@pytest.fixture(scope="module")
def live_site(django_db_setup: None, django_db_blocker: DjangoDbBlocker) -> Iterator[Server]:
    """One server process as `make run` serves without Redis: the channel layer in its
    memory and a task worker in the process (TASK_WORKER_IN_PROCESS), polling every 50 ms;
    the rate-limit counters and subscription slots in the test database.

    For one module at a time: its worker takes every task of the test database, and would
    publish another module's events where that module's subscribers never are."""
    with django_db_blocker.unblock():
        env = environment(TASK_WORKER_IN_PROCESS="1", TASK_WORKER_INTERVAL="0.05", **LIVE_LIMITS)
    with uvicorn(env, "live") as server:
        yield server


@pytest.fixture(autouse=True)
def _live_work_finished(request: pytest.FixtureRequest) -> Iterator[None]:
    """After a test on the live site, wait for its task worker to finish what the test gave it
    before the test database is truncated (`work_finished` says why)."""
    if "live_site" not in request.fixturenames:
        yield
        return
    # The test database first, so that this fixture ends before the database's teardown.
    request.getfixturevalue("_django_db_helper")
    yield
    work_finished()
