"""The endpoint as deployed: uvicorn serving config.asgi:application in its own process, on
a free port, over the test database, and the GraphQL-over-HTTP audit suite of the
specification's reference implementation (npm `graphql-http`, `serverAudits`: every MUST,
SHOULD and MAY) run against it by Node.js (tests/api/core/graphql_http_audit.mjs).

Twice: as an anonymous visitor with DEBUG on (`make run`), and as a staff session (its
cookie and CSRF token, through the proxy a production deployment sits behind) with DEBUG off.
Node.js >= 20 and `npm ci` are prerequisites (`make test` sees to both): without them these
tests fail, they do not skip.
"""

from __future__ import annotations

import http.client
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from http.cookies import SimpleCookie
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.hashers import PBKDF2PasswordHasher
from django.db import connection

from tests.factories import AdviserFactory

pytestmark = pytest.mark.django_db(transaction=True)

ROOT = Path(__file__).resolve().parents[3]
AUDIT = Path(__file__).with_name("graphql_http_audit.mjs")
# graphql-http 1.23.1 (package-lock.json) has 61 server audits.
AUDIT_COUNT = 61
SECRET_KEY = "production-like-key-for-the-server-started-by-the-tests-0123456789"
STAFF_PASSWORD = "staff-password-for-the-audit"


def _node() -> str:
    """Node.js >= 20 with npm's packages installed, or the test fails saying what to do."""
    candidates = [shutil.which("node"), shutil.which("node", path=str(ROOT / "var/node/bin"))]
    found = []
    for node in filter(None, candidates):
        version = subprocess.run([node, "--version"], capture_output=True, text=True).stdout
        match = re.match(r"v(\d+)\.", version)
        if match and int(match.group(1)) >= 20:
            break
        found.append(f"{node} {version.strip()}")
    else:
        pytest.fail(
            "Node.js >= 20 is needed to run the GraphQL-over-HTTP audit (`make node` installs "
            f"it); found: {', '.join(found) or 'none'}."
        )
    if not (ROOT / "node_modules" / "graphql-http").is_dir():
        pytest.fail("npm's packages are missing: `make assets` (npm ci).")
    return node


def _database_url() -> str:
    """The test database, as DATABASE_URL says it to a server."""
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{db['NAME']}"
    credentials = db["USER"] + (f":{db['PASSWORD']}" if db["PASSWORD"] else "")
    return f"postgres://{credentials}@{db['HOST']}:{db['PORT'] or 5432}/{db['NAME']}"


@dataclass
class Server:
    port: int

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/graphql"

    def request(
        self,
        method: str,
        path: str,
        body: bytes | None = None,
        headers: dict[str, str] | None = None,
        *,
        chunked: bool = False,
    ) -> tuple[int, http.client.HTTPMessage, bytes]:
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        try:
            conn.request(
                method,
                path,
                body=iter([body]) if chunked and body is not None else body,
                headers=headers or {},
                encode_chunked=chunked,
            )
            response = conn.getresponse()
            return response.status, response.headers, response.read()
        finally:
            conn.close()


@contextmanager
def uvicorn(**env: str) -> Iterator[Server]:
    """uvicorn serving config.asgi:application on a free port (a socket bound here and
    handed over, so no other process can take the port in between), stopped on exit."""
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    sock.listen(64)
    environ = {
        **{k: v for k, v in os.environ.items() if k not in ("REDIS_URL", "SECRET_KEY")},
        "DATABASE_URL": _database_url(),
        "DJANGO_SETTINGS_MODULE": "config.settings",
        **env,
    }
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "uvicorn",
            "config.asgi:application",
            f"--fd={sock.fileno()}",
            "--log-level=warning",
            "--no-access-log",
        ],
        cwd=ROOT,
        env=environ,
        pass_fds=(sock.fileno(),),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    server = Server(port=sock.getsockname()[1])
    try:
        deadline = time.monotonic() + 60
        while True:
            if process.poll() is not None:
                output = process.stdout.read().decode() if process.stdout else ""
                pytest.fail(f"uvicorn exited ({process.returncode}):\n{output}")
            try:
                if server.request("GET", "/healthz")[0] == 200:
                    break
            except OSError:
                pass
            if time.monotonic() > deadline:
                pytest.fail("uvicorn did not answer /healthz within 60 s")
            time.sleep(0.2)
        yield server
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        sock.close()


def _audit(
    node: str, server: Server, headers: dict[str, str] | None = None
) -> list[dict[str, Any]]:
    """The audit suite's results against the server (`headers` added to every request)."""
    args = [node, str(AUDIT), server.url]
    for name, value in (headers or {}).items():
        args += ["--header", f"{name}: {value}"]
    run = subprocess.run(args, cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr
    results: list[dict[str, Any]] = json.loads(run.stdout)
    return results


def _failures(results: list[dict[str, Any]]) -> str:
    return "\n".join(
        f"{r['id']} {r['name']}: {r['reason']} (HTTP {r['httpStatus']}, {r['contentType']}: "
        f"{r['body']})"
        for r in results
        if r["status"] != "ok"
    )


def test_graphql_over_http_audits_pass_as_anonymous_with_debug_on() -> None:
    node = _node()
    with uvicorn(DEBUG="1") as server:
        results = _audit(node, server)
    passed = sum(r["status"] == "ok" for r in results)
    assert (passed, len(results)) == (AUDIT_COUNT, AUDIT_COUNT), "\n" + _failures(results)


@pytest.fixture
def staff_member() -> Any:
    # The server checks the password with its own (production) hashers, not the tests' MD5.
    hasher = PBKDF2PasswordHasher()
    member = AdviserFactory.create(username="audit-staff", is_staff=True)
    member.password = hasher.encode(STAFF_PASSWORD, hasher.salt())
    member.save(update_fields=["password"])
    return member


def _production() -> dict[str, str]:
    return {
        "DEBUG": "0",
        "SECRET_KEY": SECRET_KEY,
        "ALLOWED_HOSTS": "127.0.0.1",
        "DATABASE_POOL": "0",
        # The audit and these checks send documents of their own, anonymously too; the
        # trusted-documents rule of production is tested in tests/web/.
        "COMPTOIR_TRUSTED_DOCUMENTS_ONLY": "0",
    }


def _log_in(server: Server, proxy: dict[str, str]) -> dict[str, str]:
    """Log the staff member in through /graphql; the cookies the response sets."""
    login = (
        'mutation($p: String!) { login(input: {username: "audit-staff", password: $p}) '
        "{ viewer { displayName } errors { code } } }"
    )
    status, headers, body = server.request(
        "POST",
        "/graphql",
        json.dumps({"query": login, "variables": {"p": STAFF_PASSWORD}}).encode(),
        {"Content-Type": "application/json", **proxy},
    )
    assert (status, json.loads(body)["data"]["login"]["errors"]) == (200, []), body
    # A session changing hands: never stored by a cache.
    assert "no-store" in headers["Cache-Control"]
    cookies: dict[str, str] = {}
    for header in headers.get_all("Set-Cookie") or []:
        cookie: SimpleCookie = SimpleCookie(header)
        for name, morsel in cookie.items():
            # As DEBUG is off, both are Secure: sent back over HTTPS only.
            assert morsel["secure"], name
            cookies[name] = morsel.value
    assert set(cookies) == {"sessionid", "csrftoken"}
    return cookies


def test_graphql_over_http_audits_pass_as_staff_in_production(staff_member: Any) -> None:
    node = _node()
    with uvicorn(**_production()) as server:
        # The deployment's TLS proxy (uvicorn trusts its X-Forwarded-* from 127.0.0.1), and
        # a browser page of the same origin.
        proxy = {"X-Forwarded-Proto": "https", "X-Forwarded-For": "192.0.2.7"}
        cookies = _log_in(server, proxy)
        session = {
            **proxy,
            "Cookie": "; ".join(f"{name}={value}" for name, value in cookies.items()),
            "X-CSRFToken": cookies["csrftoken"],
            "Origin": f"https://127.0.0.1:{server.port}",
        }
        status, headers, body = server.request(
            "POST",
            "/graphql",
            b'{"query": "{ viewer { displayName } }"}',
            {"Content-Type": "application/json", **session},
        )
        assert (status, json.loads(body)) == (
            200,
            {"data": {"viewer": {"displayName": staff_member.display_name}}},
        )
        # The staff's answers are not stored; HTTPS is remembered by the browser.
        assert "no-store" in headers["Cache-Control"]
        assert headers["Strict-Transport-Security"] == (
            "max-age=31536000; includeSubDomains; preload"
        )
        results = _audit(node, server, session)
    passed = sum(r["status"] == "ok" for r in results)
    assert (passed, len(results)) == (AUDIT_COUNT, AUDIT_COUNT), "\n" + _failures(results)


def test_production_redirects_plain_http_and_refuses_bodies_past_the_limit() -> None:
    with uvicorn(**_production()) as server:
        # Plain HTTP (no proxy saying https) goes to HTTPS; the load balancer's health check
        # does not.
        status, headers, _ = server.request("GET", "/graphql?query=%7B__typename%7D")
        assert (status, headers["Location"]) == (
            301,
            f"https://127.0.0.1:{server.port}/graphql?query=%7B__typename%7D",
        )
        assert server.request("GET", "/healthz")[:1] == (200,)
        https = {"X-Forwarded-Proto": "https", "Content-Type": "application/json"}
        # A chunked body has no Content-Length for Django to check first.
        body = json.dumps({"query": "{ __typename }", "variables": {"p": "x" * 2_700_000}})
        status, headers, answer = server.request(
            "POST", "/graphql", body.encode(), https, chunked=True
        )
        assert (status, headers["Content-Type"], json.loads(answer)) == (
            413,
            "application/json",
            {
                "errors": [
                    {
                        "message": "The request body is larger than the limit of 2621440 bytes.",
                        "extensions": {"code": "QUERY_TOO_COMPLEX"},
                    }
                ]
            },
        )
        # An anonymous answer is not a session's: no no-store; a CSP even on JSON.
        status, headers, answer = server.request(
            "POST", "/graphql", b'{"query": "{ __typename }"}', https
        )
        assert (status, json.loads(answer)) == (200, {"data": {"__typename": "Query"}})
        assert "Cache-Control" not in headers
        assert "default-src 'none'" in headers["Content-Security-Policy"]
