"""Limits hold across the workers of a deployment, without Redis: with two
workers and no Redis, the eleventh guess is refused too.

Real servers against the test database, with `DEBUG=0` and no `REDIS_URL`: server A is
`uvicorn --workers 2`, server B another uvicorn process, each on a port the OS picked; the
requests alternate between them. On SQLite the servers share a file copy of the test
database (an in-memory database cannot be shared between processes)."""

from __future__ import annotations

import http.client
import json
import os
import re
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.contrib.auth.hashers import PBKDF2PasswordHasher
from django.contrib.sessions.models import Session
from django.db import connection
from django_tasks_db.models import DBTaskResult
from pytest_django import DjangoDbBlocker

from config.demo import delete_community
from models.models import Counter, Member, OutboxEvent
from tests.factories import PASSWORD, CustomerFactory, issue_token

# The tests only talk HTTP; the marker makes pytest-django set the test database up.
pytestmark = pytest.mark.django_db

BASE_DIR = Path(settings.BASE_DIR)
STARTUP_SECONDS = 60
LOGIN = (
    "mutation($u: String!, $p: String!) { login(input: {username: $u, password: $p}) { "
    "viewer { displayName } errors { code } } }"
)
SUBMIT = (
    "mutation($t: String!, $b: String!) { submitSuggestion(input: {title: $t, body: $b}) { "
    "suggestion { id } errors { code } } }"
)


@dataclass
class Server:
    process: subprocess.Popen[bytes]
    log: Path
    port: int = 0

    def request(
        self, method: str, path: str, body: Any = None, headers: dict[str, str] | None = None
    ) -> tuple[int, http.client.HTTPResponse, Any]:
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        try:
            payload = json.dumps(body) if body is not None else None
            all_headers = {"Content-Type": "application/json", **(headers or {})}
            conn.request(method, path, body=payload, headers=all_headers)
            response = conn.getresponse()
            data = response.read()
            return response.status, response, json.loads(data) if data else None
        finally:
            conn.close()

    def graphql(
        self, query: str, variables: dict[str, Any], headers: dict[str, str] | None = None
    ) -> tuple[int, http.client.HTTPResponse, Any]:
        return self.request("POST", "/graphql", {"query": query, "variables": variables}, headers)


def _database_url(directory: Path) -> str:
    """The test database as a DATABASE_URL the servers can open."""
    db = connection.settings_dict
    if connection.vendor == "postgresql":
        auth = db["USER"] + (f":{db['PASSWORD']}" if db["PASSWORD"] else "")
        return f"postgres://{auth}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
    # SQLite: copy the (in-memory) test database, committed rows and all, to a file.
    connection.ensure_connection()
    path = directory / "comptoir.sqlite3"
    target = sqlite3.connect(path)
    try:
        connection.connection.backup(target)
    finally:
        target.close()
    return f"sqlite:///{path}"


def _start(directory: Path, name: str, database_url: str, *extra: str) -> Server:
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DATABASE_URL", "REDIS_URL", "DEBUG"} and not k.startswith("COMPTOIR_")
    }
    env.update(
        DEBUG="0",
        SECRET_KEY="two-workers-test-key-" + "x" * 40,
        ALLOWED_HOSTS="127.0.0.1",
        # Plain HTTP on loopback: in a deployment the TLS proxy in front redirects.
        SECURE_SSL_REDIRECT="0",
        # Members and visitors here send their own documents, not the website's.
        COMPTOIR_TRUSTED_DOCUMENTS_ONLY="0",
        DATABASE_URL=database_url,
        COMPTOIR_PARTNER_RATE_LIMIT="6",
        # One window for the whole test (windows are aligned on the clock).
        COMPTOIR_PARTNER_RATE_WINDOW="1000000000",
    )
    log = directory / f"{name}.log"
    with log.open("wb") as out:
        process = subprocess.Popen(
            [
                *(sys.executable, "-m", "uvicorn", "config.asgi:application"),
                *("--host", "127.0.0.1", "--port", "0", "--no-access-log", *extra),
            ],
            cwd=BASE_DIR,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    return Server(process=process, log=log)


def _wait_ready(server: Server) -> None:
    deadline = time.monotonic() + STARTUP_SECONDS
    while time.monotonic() < deadline:
        assert server.process.poll() is None, server.log.read_text()
        found = re.search(r"Uvicorn running on http://127\.0\.0\.1:(\d+)", server.log.read_text())
        if found:
            server.port = int(found[1])
            try:
                if server.request("GET", "/healthz")[0] == 200:
                    return
            except OSError:
                pass
        time.sleep(0.1)
    raise AssertionError(f"the server did not start:\n{server.log.read_text()}")


def _stop(server: Server) -> None:
    server.process.terminate()
    try:
        server.process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        server.process.kill()
        server.process.wait()


@dataclass
class World:
    a: Server
    b: Server
    partner_secret: str


def _member(username: str) -> Member:
    member = CustomerFactory.create(username=username, display_name=username.title())
    # A hash the servers read (they run Django's default hashers, not the tests' MD5), with
    # few iterations so that each check is quick.
    member.password = PBKDF2PasswordHasher().encode(PASSWORD, "twoworkers", iterations=1000)
    member.save(update_fields=["password"])
    return member


@pytest.fixture(scope="module")
def world(django_db_setup: None, django_db_blocker: DjangoDbBlocker) -> Iterator[World]:
    """Members and a partner token committed to the test database, and both servers on it,
    for the module; everything they wrote is deleted afterwards."""
    directory = Path(tempfile.mkdtemp(prefix="comptoir-two-workers-"))
    started: list[Server] = []
    try:
        with django_db_blocker.unblock():
            for username in ("claire", "bruno", "alice"):
                _member(username)
            secret = issue_token("suggestions:read")[1]
            url = _database_url(directory)
        started += [_start(directory, "a", url, "--workers", "2"), _start(directory, "b", url)]
        for server in started:
            _wait_ready(server)
        yield World(a=started[0], b=started[1], partner_secret=secret)
    finally:
        for server in started:
            _stop(server)
        shutil.rmtree(directory, ignore_errors=True)
        with django_db_blocker.unblock():
            delete_community()
            Session.objects.all().delete()
            Counter.objects.all().delete()
            # What the servers' writes recorded for the task workers (none runs here).
            OutboxEvent.objects.all().delete()
            DBTaskResult.objects.all().delete()


def _login(server: Server, password: str, username: str = "claire") -> Any:
    status, _, result = server.graphql(LOGIN, {"u": username, "p": password})
    assert status == 200, result
    return result


def test_the_eleventh_guess_is_refused_whichever_worker_gets_it(world: World) -> None:
    a, b = world.a, world.b
    wrong = {"data": {"login": {"viewer": None, "errors": [{"code": "INVALID_CREDENTIALS"}]}}}
    for i in range(10):
        assert _login((a, b)[i % 2], "wrong") == wrong
    for server in (a, b, a):
        refused = _login(server, PASSWORD)
        assert refused["data"] is None
        assert [e["extensions"]["code"] for e in refused["errors"]] == ["RATE_LIMITED"]
        assert refused["errors"][0]["message"] == (
            "Too many failed logins on this account: try again in 15 minutes."
        )


def test_the_partner_limit_is_one_for_every_worker(world: World) -> None:
    a, b = world.a, world.b
    headers = {"Authorization": f"Bearer {world.partner_secret}"}
    remaining = []
    for i in range(6):
        status, _, result = (a, b)[i % 2].graphql("{ __typename }", {}, headers)
        assert status == 200, result
        remaining.append(result["extensions"]["rateLimit"]["remaining"])
    assert remaining == [5, 4, 3, 2, 1, 0]
    for server in (a, b):
        status, response, result = server.graphql("{ __typename }", {}, headers)
        assert status == 429
        assert [e["extensions"]["code"] for e in result["errors"]] == ["RATE_LIMITED"]
        assert int(response.getheader("Retry-After") or "0") > 0


def _session(server: Server, username: str) -> dict[str, str]:
    """Log in on `server`; the headers of the member's cookie-authenticated POSTs."""
    _, response, result = server.graphql(LOGIN, {"u": username, "p": PASSWORD})
    assert result["data"]["login"]["errors"] == [], result
    cookies = "\n".join(response.headers.get_all("Set-Cookie") or [])
    found = re.search(r"sessionid=([^;]+)", cookies)
    assert found is not None
    session = found[1]
    _, response, body = server.request(
        "GET", "/auth/csrf/", headers={"Cookie": f"sessionid={session}"}
    )
    csrf = re.search(r"csrftoken=([^;]+)", response.getheader("Set-Cookie") or "")
    assert csrf is not None
    return {
        "Cookie": f"sessionid={session}; csrftoken={csrf[1]}",
        "X-CSRFToken": body["csrfToken"],
    }


def _at_once(jobs: list[tuple[Server, dict[str, Any]]], headers: dict[str, str]) -> list[Any]:
    barrier = threading.Barrier(len(jobs))
    results: list[Any] = [None] * len(jobs)

    def run(i: int) -> None:
        server, variables = jobs[i]
        barrier.wait()
        status, _, results[i] = server.graphql(SUBMIT, variables, headers)
        assert status == 200

    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(jobs))]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    return results


def test_the_same_suggestion_sent_at_once_to_both_servers_is_written_once(world: World) -> None:
    a, b = world.a, world.b
    headers = _session(a, "bruno")
    same = {"t": "Une idée", "b": "Le même texte."}
    results = _at_once([((a, b)[i % 2], same) for i in range(8)], headers)
    payloads = [r["data"]["submitSuggestion"] for r in results]
    assert sorted(len(p["errors"]) for p in payloads) == [0] + [1] * 7
    assert {e["code"] for p in payloads for e in p["errors"]} == {"ALREADY_SUBMITTED"}
    assert len({p["suggestion"]["id"] for p in payloads}) == 1


def test_the_write_limit_is_one_for_every_worker(world: World) -> None:
    a, b = world.a, world.b
    headers = _session(b, "alice")
    jobs = [((a, b)[i % 2], {"t": f"Idée {i}", "b": "Texte."}) for i in range(8)]
    results = _at_once(jobs, headers)
    written = [r for r in results if r["data"]["submitSuggestion"] is not None]
    refused = [r for r in results if r["data"]["submitSuggestion"] is None]
    assert len(written) == 5  # the default limit: 5 suggestions per hour
    assert [r["errors"][0]["extensions"]["code"] for r in refused] == ["RATE_LIMITED"] * 3
