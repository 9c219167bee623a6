"""What the live tests share: real servers (uvicorn serving config.asgi:application in its own
process, over the test database), real task workers (`manage.py db_worker`), and a real
WebSocket client speaking graphql-transport-ws (the `websockets` package, which uvicorn's
standard extras install).

The servers run as in production (DEBUG off) with the test process's SECRET_KEY, so that a
session the test writes (`session_cookie`) is the server's too. A module using them marks
its tests `pytest.mark.django_db(transaction=True)`: the servers and workers read what the
tests commit.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.db import connection
from django.test import Client
from django_tasks_db.models import DBTaskResult
from websockets.exceptions import ConnectionClosed
from websockets.sync.client import ClientConnection, connect

from models.models import Member, OutboxEvent

ROOT = Path(__file__).resolve().parents[1]
PROTOCOL = "graphql-transport-ws"
STARTUP_SECONDS = 60


def database_url() -> str:
    """The test database, as DATABASE_URL says it to a server."""
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{db['NAME']}"
    credentials = db["USER"] + (f":{db['PASSWORD']}" if db["PASSWORD"] else "")
    return f"postgres://{credentials}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


def environment(**extra: str) -> dict[str, str]:
    """A production-like environment over the test database (what `extra` says on top):
    nothing of the test process's own Comptoir settings leaks in."""
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DATABASE_URL", "REDIS_URL", "DEBUG", "SECRET_KEY", "ALLOWED_HOSTS"}
        and not k.startswith(("COMPTOIR_", "TASK_WORKER", "CHANNEL_LAYER"))
    }
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings",
        DEBUG="0",
        SECRET_KEY=settings.SECRET_KEY,
        ALLOWED_HOSTS="127.0.0.1,localhost",
        # Plain HTTP on loopback: in a deployment the TLS proxy in front redirects.
        SECURE_SSL_REDIRECT="0",
        # The tests send their own documents, not the website's.
        COMPTOIR_TRUSTED_DOCUMENTS_ONLY="0",
        DATABASE_URL=database_url(),
    )
    env.update(extra)
    return env


@dataclass
class Server:
    port: int
    log: Path

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"


def _stop(process: subprocess.Popen[bytes]) -> None:
    process.terminate()
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


@contextmanager
def uvicorn(env: dict[str, str], name: str = "server") -> Iterator[Server]:
    """uvicorn serving config.asgi:application on a free port (a socket bound here and
    handed over, so no other process can take the port in between); its output in a log
    file shown when it fails to start."""
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    sock.listen(128)
    log = Path(tempfile.mkstemp(prefix=f"comptoir-{name}-", suffix=".log")[1])
    with log.open("wb") as out:
        process = subprocess.Popen(
            [
                *(sys.executable, "-m", "uvicorn", "config.asgi:application"),
                *(f"--fd={sock.fileno()}", "--log-level=warning", "--no-access-log"),
            ],
            cwd=ROOT,
            env=env,
            pass_fds=(sock.fileno(),),
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    server = Server(port=sock.getsockname()[1], log=log)
    try:
        deadline = time.monotonic() + STARTUP_SECONDS
        while True:
            if process.poll() is not None:
                pytest.fail(f"uvicorn exited ({process.returncode}):\n{log.read_text()}")
            try:
                with urllib.request.urlopen(f"{server.url}/healthz", timeout=5) as answer:
                    if answer.status == 200:
                        break
            except OSError:
                pass
            if time.monotonic() > deadline:
                pytest.fail(f"uvicorn did not answer /healthz within {STARTUP_SECONDS} s")
            time.sleep(0.1)
        yield server
    finally:
        _stop(process)
        sock.close()
        log.unlink(missing_ok=True)


@contextmanager
def task_worker(env: dict[str, str]) -> Iterator[Worker]:
    """`manage.py db_worker`, polling every 50 ms, as a process of its own; its output in a
    log file."""
    log = Path(tempfile.mkstemp(prefix="comptoir-worker-", suffix=".log")[1])
    with log.open("wb") as out:
        process = subprocess.Popen(
            [
                *(sys.executable, "manage.py", "db_worker"),
                *("--interval", "0.05", "--no-startup-delay", "--no-reload"),
            ],
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    try:
        deadline = time.monotonic() + STARTUP_SECONDS
        while "Starting worker" not in log.read_text():
            if process.poll() is not None or time.monotonic() > deadline:
                output = log.read_text()
                pytest.fail(f"the task worker did not start ({process.returncode}):\n{output}")
            time.sleep(0.1)
        yield Worker(log=log)
    finally:
        _stop(process)
        log.unlink(missing_ok=True)


@dataclass
class Worker:
    log: Path


def session_cookie(member: Member) -> str:
    """A `Cookie` header with a session of `member` (written to the test database)."""
    client = Client()
    client.force_login(member)
    return f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"


class Closed(Exception):
    """The server closed the socket: its close code and reason."""

    def __init__(self, code: int | None, reason: str) -> None:
        super().__init__(f"closed {code}: {reason}")
        self.code = code
        self.reason = reason


def settled(timeout: float = 10) -> None:
    """Wait until the task workers have published every outbox event written so far: a
    subscription started now hears of later changes only."""
    deadline = time.monotonic() + timeout
    while OutboxEvent.objects.filter(dispatched_at__isnull=True).exists():
        assert time.monotonic() < deadline, "the outbox events were not dispatched in time"
        time.sleep(0.02)


def work_finished(timeout: float = 20) -> None:
    """Wait until the task workers have dispatched every outbox event and finished every task
    that is due (a retry waiting for later is not due).

    A transactional test ends by truncating every table. A worker still running a task holds
    its task row's lock while it reads other tables, in another order than TRUNCATE takes
    them: PostgreSQL then breaks the deadlock by failing the truncation."""
    deadline = time.monotonic() + timeout
    while (
        OutboxEvent.objects.filter(dispatched_at__isnull=True).exists()
        or DBTaskResult.objects.running().exists()
        or DBTaskResult.objects.ready().exists()
    ):
        assert time.monotonic() < deadline, "the task workers did not finish in time"
        time.sleep(0.02)


class LiveClient:
    """One graphql-transport-ws connection: `subscribe`, then read the messages it gets
    (`next_message`), or check that none comes (`quiet`)."""

    def __init__(self, ws: ClientConnection, stack: ExitStack) -> None:
        self.ws = ws
        self._stack = stack

    @classmethod
    def open(
        cls,
        server: Server,
        *,
        cookie: str | None = None,
        origin: str | None = None,
        init: dict[str, Any] | None = None,
        acknowledged: bool = True,
        send_init: bool = True,
        path: str = "/graphql",
    ) -> LiveClient:
        """Connect to `path` (with the session `cookie`, from `origin`), send
        `connection_init` with `init` as its payload (unless not `send_init`), and (with
        `acknowledged`) read its `connection_ack`."""
        headers = {"Cookie": cookie} if cookie else {}
        stack = ExitStack()
        ws = stack.enter_context(
            connect(
                f"ws://127.0.0.1:{server.port}{path}",
                subprotocols=[PROTOCOL],  # type: ignore[list-item]
                origin=origin,  # type: ignore[arg-type]
                additional_headers=headers,
                open_timeout=10,
            )
        )
        client = cls(ws, stack)
        if not send_init:
            return client
        client.send({"type": "connection_init", "payload": init or {}})
        if acknowledged:
            ack = client.next_message()
            assert ack["type"] == "connection_ack", ack
        return client

    def send(self, message: dict[str, Any]) -> None:
        self.ws.send(json.dumps(message))

    def subscribe(
        self, id: str, query: str, variables: dict[str, Any] | None = None, **payload: Any
    ) -> None:
        self.send(
            {
                "id": id,
                "type": "subscribe",
                "payload": {"query": query, "variables": variables or {}, **payload},
            }
        )

    def complete(self, id: str) -> None:
        self.send({"id": id, "type": "complete"})

    def next_message(self, timeout: float = 10) -> dict[str, Any]:
        """The next message; Closed when the server closed the socket instead."""
        try:
            raw = self.ws.recv(timeout=timeout)
        except ConnectionClosed as closed:
            rcvd = closed.rcvd
            raise Closed(rcvd.code if rcvd else None, rcvd.reason if rcvd else "") from None
        message: dict[str, Any] = json.loads(raw)
        return message

    def quiet(self, seconds: float = 0.5) -> None:
        """Nothing arrives within `seconds`."""
        try:
            raw = self.ws.recv(timeout=seconds)
        except TimeoutError:
            return
        raise AssertionError(f"unexpected message: {raw!r}")

    def close(self) -> None:
        self._stack.close()

    def __enter__(self) -> LiveClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
