"""Real servers for the operations tests: `uvicorn config.asgi:application` in a subprocess,
with DEBUG off, on a port the OS picks, against the test database, with the environment
a test gives it; its standard output and error go to a file the test reads."""

from __future__ import annotations

import http.client
import json
import os
import re
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import connection

BASE_DIR = Path(settings.BASE_DIR)
STARTUP_SECONDS = 60


@dataclass
class Server:
    process: subprocess.Popen[bytes]
    log: Path
    port: int = 0

    def request(
        self, method: str, path: str, body: Any = None, headers: dict[str, str] | None = None
    ) -> tuple[int, http.client.HTTPResponse, bytes]:
        """One request on a connection of its own: status, response, body."""
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        try:
            payload = json.dumps(body) if body is not None else None
            all_headers = {"Content-Type": "application/json", **(headers or {})}
            conn.request(method, path, body=payload, headers=all_headers)
            response = conn.getresponse()
            return response.status, response, response.read()
        finally:
            conn.close()

    def graphql(self, query: str, variables: dict[str, Any] | None = None, **headers: str) -> Any:
        status, _, body = self.request(
            "POST", "/graphql", {"query": query, "variables": variables or {}}, headers
        )
        assert status == 200, body
        return json.loads(body)

    def output(self) -> str:
        return self.log.read_text()


def database_url() -> str:
    """The test database as a DATABASE_URL a server opens (SQLite's test database is a
    file: settings.py gives it a name)."""
    db = connection.settings_dict
    if connection.vendor == "postgresql":
        auth = db["USER"] + (f":{db['PASSWORD']}" if db["PASSWORD"] else "")
        return f"postgres://{auth}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
    return f"sqlite:///{db['NAME']}"


@contextmanager
def running(*args: str, **env: str) -> Iterator[Server]:
    """A server with these uvicorn arguments and environment variables, stopped (SIGTERM,
    then its workers end as a deployment's would) when the block ends."""
    with tempfile.TemporaryDirectory(prefix="comptoir-server-") as directory:
        yield from _running(Path(directory), *args, **env)


def _running(directory: Path, *args: str, **env: str) -> Iterator[Server]:
    base = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DATABASE_URL", "REDIS_URL", "DEBUG", "PROMETHEUS_MULTIPROC_DIR"}
        and not k.startswith(("COMPTOIR_", "LOG_", "OTEL_", "METRICS_"))
    }
    base.update(
        DEBUG="0",
        SECRET_KEY="operations-test-key-" + "x" * 40,
        ALLOWED_HOSTS="127.0.0.1",
        SECURE_SSL_REDIRECT="0",
        COMPTOIR_TRUSTED_DOCUMENTS_ONLY="0",
        DATABASE_URL=database_url(),
    )
    base.update(env)
    log = directory / "server.log"
    with log.open("wb") as out:
        process = subprocess.Popen(
            [
                *(sys.executable, "-m", "uvicorn", "config.asgi:application"),
                *("--host", "127.0.0.1", "--port", "0", *args),
            ],
            cwd=BASE_DIR,
            env=base,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    server = Server(process=process, log=log)
    try:
        _wait_ready(server)
        yield server
    finally:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _wait_ready(server: Server) -> None:
    deadline = time.monotonic() + STARTUP_SECONDS
    while time.monotonic() < deadline:
        assert server.process.poll() is None, server.output()
        found = re.search(r"Uvicorn running on http://127\.0\.0\.1:(\d+)", server.output())
        if found:
            server.port = int(found[1])
            try:
                if server.request("GET", "/healthz")[0] == 200:
                    return
            except OSError:
                pass
        time.sleep(0.1)
    raise AssertionError(f"the server did not start:\n{server.output()}")
