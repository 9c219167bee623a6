"""Live updates across server processes, with Redis: two uvicorn processes on two ports the
OS picked (A and B), one task worker process (`manage.py db_worker`), the channel layer in
the real local Redis (under a prefix of this run's own), all over the test database.

A subscriber connected to B sees a vote made through A within one second; then 1,000 votes,
sent at once through both servers over HTTP by 500 customers (each for two ideas), end with
every subscriber, on either server, showing exactly the stored count, which is exactly the
number of vote rows.

PostgreSQL only (`postgres_only`): SQLite takes one writer at a time, and the worker's
writes (claiming each task, marking each event dispatched) queue behind the votes' for that
lock: measured on SQLite, the votes were all in after 25 s, and 30 s later the worker had
delivered two thirds of their events. (The same path with one server and no Redis runs on
both databases: tests/api/suggestions/test_live_suggestions.py.)
"""

from __future__ import annotations

import http.client
import json
import threading
import time
import uuid
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

import pytest
import redis
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sessions.models import Session
from django.utils import timezone
from django.utils.crypto import get_random_string
from websockets.exceptions import ConnectionClosed

from models.models import Member, Role, Suggestion, Vote
from tests.factories import SuggestionFactory
from tests.graphql import gid
from tests.live import LiveClient, Server, environment, session_cookie, task_worker, uvicorn

pytestmark = [pytest.mark.postgres_only, pytest.mark.django_db(transaction=True)]

# Database 12 of the local Redis, keys under a prefix of this run's own, removed at the end.
REDIS_URL = "redis://127.0.0.1:6379/12"
VOTERS = 500
VOTE = (
    "mutation($id: ID!) { voteForSuggestion(input: {suggestionId: $id}) { "
    "suggestion { voteCount } errors { code } } }"
)
LIVE = "subscription($id: ID!) { suggestionUpdated(id: $id) { voteCount } }"
# The csrftoken cookie's secret, echoed in the X-CSRFToken header (Django compares them).
CSRF = "a" * 32


@dataclass
class Watcher:
    """A subscriber on its own connection, whose messages a thread reads as they come: the
    count of each idea it last received, and when."""

    client: LiveClient
    last: dict[str, int] = field(default_factory=dict)
    seen: dict[str, list[tuple[float, int]]] = field(default_factory=dict)
    errors: list[Any] = field(default_factory=list)
    thread: threading.Thread | None = None

    def start(self, ideas: list[str]) -> None:
        for idea in ideas:
            self.client.subscribe(idea, LIVE, {"id": idea})
            first = self.client.next_message()
            assert first["type"] == "next", first
            self.last[idea] = first["payload"]["data"]["suggestionUpdated"]["voteCount"]
        self.thread = threading.Thread(target=self._read, daemon=True)
        self.thread.start()

    def _read(self) -> None:
        while True:
            try:
                message = self.client.next_message(timeout=120)
            except (ConnectionClosed, TimeoutError, Exception):
                return
            if message.get("type") != "next" or "errors" in message["payload"]:
                self.errors.append(message)
                continue
            count = message["payload"]["data"]["suggestionUpdated"]["voteCount"]
            self.last[message["id"]] = count
            self.seen.setdefault(message["id"], []).append((time.monotonic(), count))


def _voters() -> list[str]:
    """VOTERS customers, each with a session (written at once: the servers check it with
    the test process's SECRET_KEY); their `Cookie` headers."""
    Member.objects.bulk_create(
        [
            Member(
                username=f"rush{i}",
                display_name=f"Votant {i}",
                role=Role.CUSTOMER,
                customer_number=f"R{i:08d}",
                password="!",
            )
            for i in range(VOTERS)
        ]
    )
    expires = timezone.now() + timedelta(hours=1)
    backend = settings.AUTHENTICATION_BACKENDS[0]
    store = SessionStore()
    sessions, cookies = [], []
    for member in Member.objects.filter(username__startswith="rush").order_by("pk"):
        key = get_random_string(32, "abcdefghijklmnopqrstuvwxyz0123456789")
        data = {
            SESSION_KEY: str(member.pk),
            BACKEND_SESSION_KEY: backend,
            HASH_SESSION_KEY: member.get_session_auth_hash(),
        }
        sessions.append(
            Session(session_key=key, session_data=store.encode(data), expire_date=expires)
        )
        cookies.append(f"{settings.SESSION_COOKIE_NAME}={key}; csrftoken={CSRF}")
    Session.objects.bulk_create(sessions)
    return cookies


_connections = threading.local()


def _vote(server: Server, cookie: str, idea: str) -> Any:
    """One vote through `server`'s /graphql, as the website's script sends it (the session
    cookie and the CSRF token), on a connection kept per thread and server; sent again on
    a new connection when the server had closed the kept one (a vote is idempotent: a
    second one answers ALREADY_VOTED)."""
    pool = getattr(_connections, "pool", None)
    if pool is None:
        pool = _connections.pool = {}
    body = json.dumps({"query": VOTE, "variables": {"id": idea}})
    headers = {"Content-Type": "application/json", "Cookie": cookie, "X-CSRFToken": CSRF}
    for attempt in (1, 2):
        conn = pool.get(server.port)
        if conn is None:
            conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=60)
            pool[server.port] = conn
        try:
            conn.request("POST", "/graphql", body, headers)
            response = conn.getresponse()
            answer = json.loads(response.read())
            break
        except (OSError, http.client.HTTPException):
            pool.pop(server.port).close()
            if attempt == 2:
                raise
    assert response.status == 200, answer
    payload = answer["data"]["voteForSuggestion"]
    assert payload["errors"] in ([], [{"code": "ALREADY_VOTED"}]), payload
    return payload["suggestion"]["voteCount"]


@pytest.fixture
def servers() -> Iterator[tuple[Server, Server]]:
    prefix = f"comptoir-test-{uuid.uuid4().hex[:12]}"
    env = environment(
        REDIS_URL=REDIS_URL,
        CHANNEL_LAYER_PREFIX=prefix,
        TASK_WORKER_IN_PROCESS="0",
    )
    try:
        with uvicorn(env, "a") as a, uvicorn(env, "b") as b, task_worker(env):
            yield a, b
    finally:
        client = redis.Redis.from_url(REDIS_URL)
        keys = list(client.scan_iter(match=f"{prefix}*", count=1000))
        if keys:
            client.delete(*keys)


def test_votes_through_one_server_reach_subscribers_of_both_exactly(
    servers: tuple[Server, Server],
) -> None:
    a, b = servers
    first, second = SuggestionFactory.create_batch(2)
    ideas = [gid(first), gid(second)]
    cookies = _voters()
    member = Member.objects.get(username="rush0")
    watchers = [
        Watcher(LiveClient.open(b)),
        Watcher(LiveClient.open(b, cookie=session_cookie(member))),
        Watcher(LiveClient.open(a)),
        Watcher(LiveClient.open(a, cookie=session_cookie(member))),
    ]
    try:
        for watcher in watchers:
            watcher.start(ideas)
        assert all(w.last == {ideas[0]: 0, ideas[1]: 0} for w in watchers)

        # One vote through A: the subscribers of B see it within a second.
        sent = time.monotonic()
        assert _vote(a, cookies[0], ideas[0]) == 1
        for watcher in watchers[:2]:
            while watcher.last[ideas[0]] != 1:
                assert time.monotonic() - sent < 1, "B's subscriber did not see A's vote in 1 s"
                time.sleep(0.005)

        # The rest at once: every voter for both ideas, through A and B in turn.
        jobs = [
            ((a, b)[(i + j) % 2], cookies[i], ideas[j])
            for i in range(VOTERS)
            for j in (0, 1)
            if (i, j) != (0, 0)
        ]
        assert len(jobs) == 2 * VOTERS - 1
        started = time.monotonic()
        with ThreadPoolExecutor(max_workers=16) as pool:
            list(pool.map(lambda job: _vote(*job), jobs))
        sending = time.monotonic() - started

        stored = {
            gid(s): s.vote_count for s in Suggestion.objects.filter(pk__in=[first.pk, second.pk])
        }
        rows = {gid(s): Vote.objects.filter(suggestion=s).count() for s in (first, second)}
        assert stored == rows == {ideas[0]: VOTERS, ideas[1]: VOTERS}
        deadline = time.monotonic() + 30
        while any(w.last != stored for w in watchers) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert [w.last for w in watchers] == [stored] * len(watchers), sending
        assert [w.errors for w in watchers] == [[]] * len(watchers)
        # Counts only ever grow: no subscriber was shown an older state after a newer one.
        for watcher in watchers:
            for idea in ideas:
                counts = [count for _, count in watcher.seen[idea]]
                assert counts == sorted(counts)
    finally:
        for watcher in watchers:
            watcher.client.close()
