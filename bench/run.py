"""Run the benchmark: seed, start each server, send the scenarios, write the results.

    .venv/bin/python -m bench.run --profile full     # make bench: scale 1, plus growth
    .venv/bin/python -m bench.run --profile smoke    # make bench-smoke: scale 0.01, seconds
    .venv/bin/python -m bench.run --profile large    # make bench-large: 10M votes

For each server (Comptoir as deployed, the graphene-django peer, the PostGraphile v5 peer
with one process and with two, the floor) on the same database in the same run: start it on
a free port, log its viewers in (its `login` mutation, a session written for it, or a JWT
signed for it), check each scenario's answer once (and compare it with Comptoir's), read the
SQL statements of a request from the `X-Bench-SQL` header, then load it with wrk: a warm-up,
concurrency 1, then concurrency 16, each for a fixed time. Peak memory per worker is VmHWM
from /proc, reset before each scenario through /proc/PID/clear_refs. The vote rush runs
last, and the database is put back as it was after it (the rush customers' votes removed,
counts recomputed), so every server reads the same data. Results: a Markdown table and JSON.
The run holds the database's run lock, and seeds only a database the bench created
(bench/common.py).
"""

from __future__ import annotations

import argparse
import base64
import contextlib
import hashlib
import hmac
import html
import http.client
import json
import os
import platform
import resource
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from http.cookies import SimpleCookie
from pathlib import Path
from typing import Any

import psycopg

from bench import scenarios as sc
from bench.common import (
    BENCH_DIR,
    COMMITTEE_USERNAME,
    PASSWORD,
    ROOT,
    RUSH_PREFIX,
    VAR_BENCH,
    VIEWER_USERNAME,
    WEBSITE_MANIFEST,
    check_owned,
    database_url,
    run_lock,
)

PEER_VENV = VAR_BENCH / "peer-graphene"
PEER_POSTGRAPHILE = BENCH_DIR / "peers" / "postgraphile"
# `make bench-postgraphile`: the peer's npm packages, and Node.js 22 when the machine's is older.
POSTGRAPHILE_MODULES = VAR_BENCH / "peer-postgraphile" / "node_modules"
NODE22 = VAR_BENCH / "node22" / "node_modules" / ".bin" / "node"
LUA = BENCH_DIR / "lua" / "graphql.lua"
CORES = os.cpu_count() or 1
SERVER_NAMES = ("comptoir", "graphene", "postgraphile", "postgraphile_x2", "floor")
LABO_LIST = ["labo_front_page", "labo_front_page_anonymous", "labo_deep_page"]
FLOOR_SCENARIOS = LABO_LIST
POSTGRAPHILE_SCENARIOS = [*LABO_LIST, "request_overhead"]
GROWTH_SERVERS = SERVER_NAMES
# The website's pages, by name; every scenario a run takes when its profile names none.
PAGES = {page.name: page for page in sc.PAGE_SCENARIOS}
ALL_SCENARIOS = [*(name for name, _ in sc.SCENARIOS), *PAGES]
CLOSED = ("REJECTED", "DELIVERED", "DUPLICATE")
# Left out of the Labo's lists unless asked for (resolvers/selectors/suggestions.py).
UNLISTED = ("DUPLICATE", "WITHDRAWN")
# The Labo list's rows for a viewer (resolvers/selectors/suggestions.py), as SQL over
# `community_suggestion s` with two parameters, the viewer's member id (None: a visitor) and
# `list(UNLISTED)`: hidden suggestions only to their author, the unlisted statuses left out.
LISTED = "(s.hidden_at IS NULL OR s.author_id = %s) AND s.status <> ALL(%s)"


@dataclass(frozen=True)
class Profile:
    name: str
    command: str
    scale: float
    warmup: int
    c1_seconds: int
    c16_seconds: int
    growth: tuple[float, ...]
    out_dir: Path
    stem: str
    # The scenarios at `scale` (the growth scales run scenarios.GROWTH_SCENARIOS); () for all,
    # the website's pages included.
    scenarios: tuple[str, ...] = ()


PROFILES = {
    "full": Profile("full", "make bench", 1.0, 3, 10, 15, (0.01, 0.1), BENCH_DIR, "results"),
    "smoke": Profile("smoke", "make bench-smoke", 0.01, 1, 1, 2, (), VAR_BENCH, "results-smoke"),
    # The growth point at 10 million votes (bench/README.md, "Growth to 10 million votes"):
    # the Labo list at scale 10 beside scale 0.01 (10k votes), in one run.
    "large": Profile(
        "large",
        "make bench-large",
        10.0,
        3,
        10,
        15,
        (0.01,),
        BENCH_DIR,
        "results-large",
        (*sc.GROWTH_SCENARIOS, "labo_front_page_anonymous"),
    ),
}


def log(message: str) -> None:
    print(message, flush=True)


# --- HTTP ---------------------------------------------------------------------------------


@dataclass
class Session:
    """How a request says who sends it: cookies and the CSRF header, or a bearer token."""

    cookie: str
    csrf: str
    authorization: str = ""


@dataclass(frozen=True)
class Get:
    """A page fetched with GET (the website's scenarios), instead of a GraphQL POST body."""

    path: str


def visitor() -> Session:
    """An anonymous visitor's browser: no session and no token, only the CSRF cookie a page
    of the site gave it, echoed in `X-CSRFToken` (graphene-django's view refuses a POST
    without it; Comptoir and PostGraphile ignore it)."""
    csrf = new_csrf()
    return Session(f"csrftoken={csrf}", csrf)


def mint_jwt(secret: str, claims: dict[str, Any]) -> str:
    """An HS256 JSON Web Token (RFC 7519), as the PostGraphile peer verifies it."""

    def b64(raw: bytes) -> str:
        return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()

    header = b64(json.dumps({"alg": "HS256", "typ": "JWT"}, separators=(",", ":")).encode())
    payload = b64(json.dumps(claims, separators=(",", ":")).encode())
    signed = f"{header}.{payload}".encode()
    return f"{header}.{payload}.{b64(hmac.new(secret.encode(), signed, 'sha256').digest())}"


def new_csrf() -> str:
    # Django accepts an unmasked 32-character secret in the header and the cookie.
    alphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
    return "".join(secrets.choice(alphabet) for _ in range(32))


def post(port: int, payload: dict[str, Any] | Get, session: Session | None) -> tuple[int, Any, Any]:
    """One request as wrk sends it; the JSON answer (an HTML page: {"html": text})."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    headers = {"Content-Type": "application/json", "Accept": "application/json"}
    if session is not None:
        for name, value in (
            ("Cookie", session.cookie),
            ("X-CSRFToken", session.csrf),
            ("Authorization", session.authorization),
        ):
            if value:
                headers[name] = value
    if isinstance(payload, Get):
        headers["Accept"] = "text/html"
        del headers["Content-Type"]
        conn.request("GET", payload.path, headers=headers)
    else:
        conn.request("POST", "/graphql", json.dumps(payload), headers)
    response = conn.getresponse()
    body = response.read()
    conn.close()
    if "html" in (response.headers.get("Content-Type") or ""):
        return response.status, response.headers, {"html": body.decode(errors="replace")}
    try:
        data = json.loads(body)
    except ValueError:
        data = {"raw": body[:500].decode(errors="replace")}
    return response.status, response.headers, data


def login(port: int, username: str) -> Session:
    """The `login` mutation, then the session cookie and the (rotated) CSRF cookie."""
    csrf = new_csrf()
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    body = json.dumps(
        {"query": sc.LOGIN, "variables": {"username": username, "password": PASSWORD}}
    )
    headers = {
        "Content-Type": "application/json",
        "Cookie": f"csrftoken={csrf}",
        "X-CSRFToken": csrf,
    }
    conn.request("POST", "/graphql", body, headers)
    response = conn.getresponse()
    data = json.loads(response.read())
    conn.close()
    errors = data.get("errors") or (data.get("data") or {}).get("login", {}).get("errors")
    if response.status != 200 or errors:
        raise SystemExit(f"login of {username} on port {port} failed: {data}")
    cookies: SimpleCookie = SimpleCookie()
    cookies["csrftoken"] = csrf
    for header in response.headers.get_all("Set-Cookie") or []:
        cookies.load(header)
    if "sessionid" not in cookies:
        raise SystemExit(f"login of {username} on port {port} set no session cookie")
    token = cookies["csrftoken"].value
    return Session(f"sessionid={cookies['sessionid'].value}; csrftoken={token}", token)


# --- servers ------------------------------------------------------------------------------


@dataclass
class Server:
    """A server under test. `command` and `env` say `{port}` where the port goes: a free port
    is asked of the OS at each start (other programs share the machine)."""

    name: str
    label: str
    command: list[str]
    env: dict[str, str]
    scenarios: list[str]
    # How its viewers are authenticated: "login" (its own `login` mutation and session
    # cookie), "session" (a Django session written for it), "jwt" (a token signed for it).
    auth: str
    description: str
    # Processes to wait for at start: its workers (1: the server process itself).
    processes: int = CORES
    # How its deep-page cursor is computed: "keyset", "offset" (graphql-relay's) or
    # "natural" (PostGraphile's row number over a function's rows).
    cursor: str = "keyset"
    # The document as this server names it (scenarios.POSTGRAPHILE_NAMES); `str` keeps it.
    dialect: Callable[[str], str] = str
    # What the report says for the scenarios it does not serve.
    not_served: str = ""
    # The authentication backend its settings list, for the sessions written for it ("":
    # Comptoir's).
    session_backend: str = ""
    port: int = 0
    process: subprocess.Popen[bytes] | None = None
    log_path: Path | None = None

    def start(self) -> None:
        VAR_BENCH.mkdir(parents=True, exist_ok=True)
        self.log_path = VAR_BENCH / f"server-{self.name}.log"
        # The port is free when asked for, but another program may take it before the server
        # binds it: then start again on another one.
        for attempt in range(3):
            self.port = free_port()
            if self._start_on_port():
                return
            if attempt < 2 and port_taken(self.log_path.read_text(errors="replace")):
                log(f"   port {self.port} was taken before {self.name} bound it: another one")
                continue
            raise SystemExit(f"{self.name} exited at start; see {self.log_path}")

    def _start_on_port(self) -> bool:
        """Start and wait for /healthz and the workers; False if the process exited."""
        assert self.log_path is not None
        out = self.log_path.open("wb")
        port = str(self.port)
        self.process = subprocess.Popen(
            [part.replace("{port}", port) for part in self.command],
            cwd=ROOT,
            env={**os.environ, **{k: v.replace("{port}", port) for k, v in self.env.items()}},
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                self.process = None
                return False
            try:
                conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=5)
                conn.request("GET", "/healthz")
                ok = conn.getresponse().status == 200
                conn.close()
                if ok and len(self.workers()) >= self.processes:
                    return True
            except OSError:
                pass
            time.sleep(0.2)
        self.stop()
        raise SystemExit(f"{self.name} did not answer /healthz; see {self.log_path}")

    def stop(self) -> None:
        if self.process is None:
            return
        if self.process.poll() is None:
            # Our own process group (start_new_session): the master and its workers.
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(15)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(5)
        self.process = None

    def workers(self) -> list[int]:
        assert self.process is not None
        pids: list[int] = []
        for task in Path(f"/proc/{self.process.pid}/task").glob("*"):
            try:
                pids += [int(p) for p in (task / "children").read_text().split()]
            except OSError:
                continue
        # Not multiprocessing's resource tracker, which uvicorn's supervisor also starts.
        workers = []
        for pid in pids:
            with contextlib.suppress(OSError):
                if b"resource_tracker" not in Path(f"/proc/{pid}/cmdline").read_bytes():
                    workers.append(pid)
        return workers or [self.process.pid]

    def reset_peak_memory(self) -> None:
        for pid in self.workers():
            with contextlib.suppress(OSError):
                Path(f"/proc/{pid}/clear_refs").write_text("5")

    def peak_memory_mib(self) -> float:
        peaks = []
        for pid in self.workers():
            try:
                for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                    if line.startswith("VmHWM:"):
                        peaks.append(int(line.split()[1]) / 1024)
            except OSError:
                continue
        return round(max(peaks), 1) if peaks else 0.0


def free_port() -> int:
    """A port the OS says is free on the loopback (other runs may share the machine)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def port_taken(server_log: str) -> bool:
    """Whether a server's log says its port was in use (uvicorn, gunicorn, Node)."""
    return any(
        marker in server_log
        for marker in ("address already in use", "Address already in use", "EADDRINUSE")
    )


def node_binary() -> str | None:
    """Node.js >= 22 for PostGraphile: the machine's when it is recent enough, otherwise the
    one `make bench-postgraphile` installs from npm into var/bench/node22."""
    for candidate in (shutil.which("node"), str(NODE22)):
        if candidate and Path(candidate).exists():
            done = subprocess.run([candidate, "--version"], capture_output=True, text=True)
            major = done.stdout.strip().lstrip("v").split(".")[0]
            if done.returncode == 0 and major.isdigit() and int(major) >= 22:
                return candidate
    return None


def servers(db_url: str, secret_key: str, jwt_secret: str) -> list[Server]:
    venv = ROOT / ".venv" / "bin"
    common_env = {"DATABASE_URL": db_url, "SECRET_KEY": secret_key, "PYTHONPATH": str(ROOT)}
    workers = str(CORES)
    floor_only = "not implemented by the floor"
    postgraphile_only = "not implemented by the PostGraphile peer (the Labo list only)"
    node = node_binary() or "node"

    def postgraphile(processes: int) -> Server:
        many = processes > 1
        return Server(
            name="postgraphile_x2" if many else "postgraphile",
            label=f"PostGraphile v5 peer, {processes} process{'es' if many else ''}",
            command=[node, str(PEER_POSTGRAPHILE / "server.js")],
            env={
                "PORT": "{port}",
                "DATABASE_URL": db_url,
                "JWT_SECRET": jwt_secret,
                "PEER_PROCESSES": str(processes),
                "NODE_ENV": "production",
                "GRAPHILE_ENV": "production",
                # Its npm packages (package-lock.json), installed outside the source tree.
                "NODE_PATH": str(POSTGRAPHILE_MODULES),
            },
            scenarios=POSTGRAPHILE_SCENARIOS,
            auth="jwt",
            processes=processes,
            cursor="natural",
            dialect=sc.postgraphile_document,
            not_served=postgraphile_only,
            description=(
                "bench/peers/postgraphile: PostGraphile v5 in library mode (Amber preset, "
                "grafserv's node adaptor on Node's http server, NODE_ENV=production), "
                "introspecting the schema postgraphile_peer only; the viewer from a JWT "
                "verified per request and passed as pgSettings; "
                + (
                    f"{processes} instances behind Node's cluster module on one port "
                    "(round-robin: 8 of wrk's 16 connections each)"
                    if many
                    else "one Node process"
                )
            ),
        )

    return [
        Server(
            name="comptoir",
            label="Comptoir",
            command=[
                str(venv / "uvicorn"),
                "bench.comptoir_asgi:application",
                "--host=127.0.0.1",
                "--port={port}",
                f"--workers={workers}",
                "--no-access-log",
                "--log-level=warning",
            ],
            # DATABASE_POOL explicitly: the runner's own environment turns the pool off for
            # itself, and a server started from it must not inherit that (as deployed: on).
            env={
                **common_env,
                "DEBUG": "0",
                # The bench's documents registered beside the website's (scenarios.py,
                # COMPTOIR_DOCUMENTS): trusted documents only, as deployed. They are sent as
                # text, the same to every server.
                "COMPTOIR_TRUSTED_DOCUMENTS_MANIFEST": str(
                    sc.write_trusted_manifest(
                        WEBSITE_MANIFEST, VAR_BENCH / "trusted-documents.json"
                    )
                ),
                "ALLOWED_HOSTS": "127.0.0.1,localhost",
                "DATABASE_POOL": "1",
                # As behind a TLS-terminating proxy that redirects plain HTTP itself: wrk
                # talks plain HTTP on the loopback.
                "SECURE_SSL_REDIRECT": "0",
                # No access line per request (as uvicorn's --log-level above): no peer
                # writes one.
                "LOG_LEVEL": "WARNING",
            },
            scenarios=[name for name, _ in sc.SCENARIOS],
            auth="login",
            description=(
                f"config.asgi (DEBUG=0, SECRET_KEY set, Django's psycopg pool) under uvicorn "
                f"--workers {workers} (uvloop, httptools), no access log"
            ),
        ),
        Server(
            name="graphene",
            label="graphene-django peer",
            command=[
                str(PEER_VENV / "bin" / "gunicorn"),
                "bench.peers.graphene.wsgi:application",
                "--bind=127.0.0.1:{port}",
                f"--workers={workers}",
                "--worker-class=gthread",
                "--threads=4",
                "--log-level=warning",
            ],
            env={**common_env, "DJANGO_SETTINGS_MODULE": "bench.peers.graphene.settings"},
            scenarios=[name for name, _ in sc.SCENARIOS],
            auth="login",
            cursor="offset",
            # Its settings keep Django's default backend (no login throttle).
            session_backend="django.contrib.auth.backends.ModelBackend",
            description=(
                f"bench/peers/graphene (DEBUG off, Django's psycopg pool) under gunicorn "
                f"--workers {workers} --worker-class gthread --threads 4, in its own venv"
            ),
        ),
        postgraphile(1),
        postgraphile(2),
        Server(
            name="floor",
            label="floor (hand-written SQL)",
            command=[
                str(venv / "uvicorn"),
                "bench.floor.app:app",
                "--host=127.0.0.1",
                "--port={port}",
                f"--workers={workers}",
                "--no-access-log",
                "--log-level=warning",
            ],
            env=common_env,
            scenarios=FLOOR_SCENARIOS,
            auth="session",
            not_served=floor_only,
            description=(
                f"bench/floor/app.py: raw ASGI, one SQL statement, psycopg async pool, json; "
                f"uvicorn --workers {workers}"
            ),
        ),
    ]


# --- the data the scenarios need ----------------------------------------------------------


@dataclass
class Fixtures:
    viewer_id: int
    committee_id: int
    suggestions: list[int]
    threads: list[int]
    meetings: list[int]
    hot: list[int]
    rush: list[int]
    visible_count: int
    depth: int
    deep_after: tuple[int, int]  # (vote_count, id) of the row before the deep page
    deep_first_title: str
    # The first titles of the Labo list ordered TOP as the website's page shows them, to the
    # customer and to a visitor (scenarios.PAGE_SCENARIOS).
    website_titles: list[str]
    website_titles_anonymous: list[str]
    votes: int


def global_id(type_name: str, pk: int) -> str:
    return base64.b64encode(f"{type_name}:{pk}".encode()).decode()


def keyset_cursor(count: int, pk: int) -> str:
    # As resolvers/pagination.py encodes it: JSON of the ordering values, base64url.
    return base64.urlsafe_b64encode(
        json.dumps([count, pk], separators=(",", ":")).encode()
    ).decode()


def offset_cursor(offset: int) -> str:
    # graphql-relay's cursor, as graphene-django's DjangoConnectionField reads it.
    return base64.b64encode(f"arrayconnection:{offset}".encode()).decode()


def natural_cursor(position: int) -> str:
    # PostGraphile's cursor over a function's rows: the row number of the edge (from 1), as
    # JSON ["natural", n] in base64 (the page after it starts at row n + 1).
    return base64.b64encode(
        json.dumps(["natural", position], separators=(",", ":")).encode()
    ).decode()


def labo_titles(conn: psycopg.Connection[Any], viewer_id: int | None) -> list[str]:
    """The titles the website's Labo page shows first (scenarios.PAGE_SCENARIOS), for the
    member `viewer_id` or a visitor (None): the Labo list ordered TOP as
    resolvers/selectors/suggestions.py orders it, without the statuses it lists only when
    asked for, hidden suggestions only to their author."""
    rows = conn.execute(
        f"SELECT title FROM community_suggestion s WHERE {LISTED} "
        "ORDER BY s.vote_count DESC, s.id DESC LIMIT %s",
        (viewer_id, list(UNLISTED), sc.WEBSITE_PAGE_SIZE),
    ).fetchall()
    return [r[0] for r in rows]


def fixtures(db_url: str) -> Fixtures:
    with psycopg.connect(db_url) as conn:

        def ids(sql: str, *params: Any) -> list[int]:
            return [r[0] for r in conn.execute(sql, params).fetchall()]

        viewer = ids("SELECT id FROM community_member WHERE username = %s", VIEWER_USERNAME)[0]
        committee = ids("SELECT id FROM community_member WHERE username = %s", COMMITTEE_USERNAME)[
            0
        ]
        # The deep page's cursor is a row of the Labo list (`LISTED`): counting the unlisted
        # statuses put it past the list's end at small scales.
        unlisted = list(UNLISTED)
        count = conn.execute(
            f"SELECT count(*) FROM community_suggestion s WHERE {LISTED}", (viewer, unlisted)
        ).fetchone()[0]  # type: ignore[index]
        depth = max(1, min(sc.DEEP_PAGES, count // sc.PAGE_SIZE - 1))
        offset = depth * sc.PAGE_SIZE
        rows = conn.execute(
            f"SELECT vote_count, id, title FROM community_suggestion s WHERE {LISTED} "
            "ORDER BY vote_count DESC, id DESC OFFSET %s LIMIT 2",
            (viewer, unlisted, offset - 1),
        ).fetchall()
        website_titles = labo_titles(conn, viewer)
        website_titles_anonymous = labo_titles(conn, None)
        suggestions = ids(
            """
            SELECT s.id FROM community_suggestion s
            JOIN community_thread t ON t.suggestion_id = s.id AND t.hidden_at IS NULL
            WHERE s.hidden_at IS NULL
              AND EXISTS (SELECT 1 FROM community_decision d
                          WHERE d.suggestion_id = s.id AND d.published_at IS NOT NULL)
              AND (SELECT count(*) FROM community_post p WHERE p.thread_id = t.id
                   AND NOT p.is_internal AND p.hidden_at IS NULL) >= 20
            ORDER BY s.id LIMIT 50
            """
        )
        threads = ids(
            """
            SELECT t.id FROM community_thread t
            WHERE t.kind = 'QUESTION' AND t.category_id = 1 AND t.hidden_at IS NULL
              AND (SELECT count(*) FROM community_post p WHERE p.thread_id = t.id
                   AND NOT p.is_internal AND p.hidden_at IS NULL) >= 50
            ORDER BY t.id LIMIT 50
            """
        )
        meetings = ids(
            "SELECT meeting_id FROM community_agendaitem GROUP BY meeting_id "
            "HAVING count(*) = 20 ORDER BY meeting_id"
        )
        hot = ids(
            "SELECT id FROM community_suggestion WHERE hidden_at IS NULL "
            "AND status <> ALL(%s) ORDER BY vote_count DESC, id DESC LIMIT 20",
            list(CLOSED),
        )
        rush = ids(
            "SELECT id FROM community_member WHERE username LIKE %s ORDER BY id",
            RUSH_PREFIX + "%",
        )
        votes = conn.execute("SELECT count(*) FROM community_vote").fetchone()[0]  # type: ignore[index]
    if not (suggestions and threads and meetings and hot and rush):
        raise SystemExit("the bench database lacks scenario data: reseed it")
    return Fixtures(
        viewer_id=viewer,
        committee_id=committee,
        suggestions=suggestions,
        threads=threads,
        meetings=meetings,
        hot=hot,
        rush=rush,
        visible_count=count,
        depth=depth,
        deep_after=(rows[0][0], rows[0][1]),
        deep_first_title=rows[1][2],
        website_titles=website_titles,
        website_titles_anonymous=website_titles_anonymous,
        votes=votes,
    )


def mint_sessions(member_ids: list[int], *, backend: str = "") -> dict[int, str]:
    """Sessions for many customers at once, as `login` would write them (the vote rush and
    the floor, which has no login): one bulk insert instead of a password hash each.
    `backend`: the authentication backend the server lists (Django serves no user whose
    session names a backend its settings do not list); Comptoir's by default."""
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore
    from django.contrib.sessions.models import Session as SessionRow
    from django.utils import timezone
    from django.utils.crypto import get_random_string

    from models.models import Member

    store = SessionStore()
    expire = timezone.now() + timedelta(days=1)
    keys: dict[int, str] = {}
    rows = []
    for member in Member.objects.filter(pk__in=member_ids):
        key = get_random_string(32, "abcdefghijklmnopqrstuvwxyz0123456789")
        data = {
            SESSION_KEY: str(member.pk),
            BACKEND_SESSION_KEY: backend or settings.AUTHENTICATION_BACKENDS[0],
            HASH_SESSION_KEY: member.get_session_auth_hash(),
        }
        rows.append(
            SessionRow(session_key=key, session_data=store.encode(data), expire_date=expire)
        )
        keys[member.pk] = key
    SessionRow.objects.bulk_create(rows, batch_size=1000)
    return keys


# --- checks and the vote rush's bookkeeping -----------------------------------------------


def wrong_counts(db_url: str) -> int:
    with psycopg.connect(db_url) as conn:
        return conn.execute(
            """
            SELECT count(*) FROM community_suggestion s
            LEFT JOIN (SELECT suggestion_id, count(*) AS n FROM community_vote
                       GROUP BY suggestion_id) v ON v.suggestion_id = s.id
            WHERE s.vote_count <> coalesce(v.n, 0)
            """
        ).fetchone()[0]  # type: ignore[index]


def undo_rush(db_url: str, fx: Fixtures) -> None:
    """Back to the seeded state: the rush customers had no vote and followed nothing."""
    # Requests still in flight when wrk stopped finish first (none takes a second).
    time.sleep(1)
    with psycopg.connect(db_url) as conn:
        conn.execute("DELETE FROM community_vote WHERE member_id = ANY(%s)", (fx.rush,))
        conn.execute("DELETE FROM community_follow WHERE member_id = ANY(%s)", (fx.rush,))
        conn.execute(
            """
            UPDATE community_suggestion s SET vote_count =
                (SELECT count(*) FROM community_vote v WHERE v.suggestion_id = s.id)
            WHERE s.id = ANY(%s)
            """,
            (fx.hot,),
        )
    with psycopg.connect(db_url, autocommit=True) as conn:
        conn.execute("VACUUM (ANALYZE) community_suggestion, community_vote, community_follow")


# --- one measurement ------------------------------------------------------------------------


def lua_string(value: str) -> str:
    assert "]==]" not in value
    return f"[==[{value}]==]"


Requests = list[tuple[dict[str, Any] | Get, Session | None]]


def write_requests(path: Path, requests: Requests) -> None:
    lines = ["return {"]
    for payload, session in requests:
        fields = {
            "cookie": session.cookie if session else "",
            "csrf": session.csrf if session else "",
            "authorization": session.authorization if session else "",
        }
        if isinstance(payload, Get):
            fields |= {"method": "GET", "path": payload.path, "body": ""}
        else:
            fields["body"] = json.dumps(payload, separators=(",", ":"))
        lines.append("{" + ", ".join(f"{k}={lua_string(v)}" for k, v in fields.items()) + "},")
    lines.append("}")
    path.write_text("\n".join(lines) + "\n")


def wrk(
    port: int, requests_file: Path, *, connections: int, seconds: int, partition: bool
) -> dict[str, Any]:
    threads = 1 if connections == 1 else min(CORES, connections)
    cmd = [
        "wrk",
        f"-t{threads}",
        f"-c{connections}",
        f"-d{seconds}s",
        "--timeout=10s",
        f"-s{LUA}",
        f"http://127.0.0.1:{port}/graphql",
        "--",
        str(requests_file),
        "1" if partition else "0",
        str(threads),
    ]
    done = subprocess.run(cmd, capture_output=True, text=True, timeout=seconds + 60)
    if done.stderr:
        with (VAR_BENCH / "wrk-samples.log").open("a") as samples:
            samples.write(f"{requests_file.name} -c{connections}:\n{done.stderr}\n")
    for line in done.stdout.splitlines():
        if line.startswith("BENCH-JSON "):
            raw = json.loads(line.removeprefix("BENCH-JSON "))
            seconds_run = raw["duration_us"] / 1e6
            errors = raw["socket_errors"] + raw["bad_status"] + raw["graphql_errors"]
            return {
                "requests": raw["requests"],
                "seconds": round(seconds_run, 2),
                "rps": round(raw["requests"] / seconds_run, 1),
                "p50_ms": round(raw["p50_us"] / 1000, 2),
                "p90_ms": round(raw["p90_us"] / 1000, 2),
                "p99_ms": round(raw["p99_us"] / 1000, 2),
                "max_ms": round(raw["max_us"] / 1000, 2),
                "errors": errors,
                "noops": raw["noops"],
                "sql_per_request": round(raw["sql"] / raw["sql_seen"], 2)
                if raw["sql_seen"]
                else None,
            }
    raise SystemExit(f"wrk printed no result:\n{done.stdout}\n{done.stderr}")


def cpu_seconds(pids: list[int]) -> dict[int, float]:
    """utime + stime of each process (all its threads), from /proc/PID/stat."""
    ticks = os.sysconf("SC_CLK_TCK")
    found: dict[int, float] = {}
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        found[pid] = (int(fields[11]) + int(fields[12])) / ticks
    return found


def postgres_pids() -> list[int]:
    pids = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            with contextlib.suppress(OSError):
                if (entry / "comm").read_text().strip() == "postgres":
                    pids.append(int(entry.name))
    return pids


def load(
    server: Server, requests_file: Path, *, connections: int, seconds: int, partition: bool
) -> dict[str, Any]:
    """One wrk run, with the CPU time the server, PostgreSQL and wrk itself spent on it."""
    app_pids = [*server.workers(), *([server.process.pid] if server.process else [])]
    app_before, db_before = cpu_seconds(app_pids), cpu_seconds(postgres_pids())
    wrk_before = resource.getrusage(resource.RUSAGE_CHILDREN)
    result = wrk(
        server.port, requests_file, connections=connections, seconds=seconds, partition=partition
    )
    wrk_after = resource.getrusage(resource.RUSAGE_CHILDREN)
    app_after, db_after = cpu_seconds(app_pids), cpu_seconds(postgres_pids())
    app = sum(t - app_before.get(pid, 0.0) for pid, t in app_after.items())
    db = sum(t - db_before.get(pid, 0.0) for pid, t in db_after.items())
    wrk_cpu = (wrk_after.ru_utime - wrk_before.ru_utime) + (
        wrk_after.ru_stime - wrk_before.ru_stime
    )
    n = max(1, result["requests"])
    result["app_cpu_ms_per_request"] = round(app * 1000 / n, 2)
    result["db_cpu_ms_per_request"] = round(db * 1000 / n, 2)
    result["wrk_cpu_share"] = round(wrk_cpu / result["seconds"], 3)
    return result


@dataclass
class Cell:
    scenario: str
    server: str
    supported: bool
    note: str = ""
    sql_per_request: int | None = None
    sql_under_load: float | None = None
    same_answer_as_comptoir: bool | None = None
    c1: dict[str, Any] = field(default_factory=dict)
    c16: dict[str, Any] = field(default_factory=dict)
    peak_rss_mib: float | None = None
    check: dict[str, Any] = field(default_factory=dict)


def normalized(data: Any) -> Any:
    """The answer without what legitimately differs between servers (cursors)."""
    if isinstance(data, dict):
        return {k: normalized(v) for k, v in data.items() if k not in ("endCursor", "cursor")}
    if isinstance(data, list):
        return [normalized(v) for v in data]
    return data


def shape_problem(scenario: str, data: Any, fx: Fixtures) -> str | None:
    d = data.get("data") if isinstance(data, dict) else None
    if not d or data.get("errors"):
        return f"errors: {json.dumps(data)[:300]}"
    if scenario in LABO_LIST:
        edges = d["suggestions"]["edges"]
        if len(edges) != min(sc.PAGE_SIZE, fx.visible_count):
            return f"{len(edges)} edges"
        if scenario == "labo_deep_page" and edges[0]["node"]["title"] != fx.deep_first_title:
            return "the deep page does not start where the cursor points"
        anonymous = scenario == "labo_front_page_anonymous"
        if edges and anonymous != ("viewerHasVoted" not in edges[0]["node"]):
            return "viewerHasVoted answered to a visitor, or not to the member"
    elif scenario == "suggestion_page":
        if not d["suggestion"] or len(d["suggestion"]["comments"]["edges"]) != 20:
            return "no suggestion or not 20 comments"
    elif scenario == "thread_page":
        if not d["thread"] or len(d["thread"]["posts"]["edges"]) != 50:
            return "no thread or not 50 posts"
    elif scenario == "request_overhead":
        if d != {"__typename": "Query"}:
            return "not the root type's name"
    elif scenario == "committee_agenda":
        node = d["node"]
        if not node or len(node["agenda"]) != 20:
            return "no meeting or not 20 agenda items"
        if any(item["evaluationSummary"] is None for item in node["agenda"]):
            return "an agenda item without its evaluation summary"
    return None


def page_problem(data: dict[str, Any], titles: list[str]) -> str | None:
    """A website page (an answer with status 200): HTML showing these titles in this order
    (the Labo list's first ones, as its viewer sees them)."""
    page = data.get("html")
    if page is None:
        return f"not HTML: {json.dumps(data)[:300]}"
    if not titles:
        return "no titles to look for: the bench database lists no suggestion"
    text = html.unescape(page)
    position = 0
    for rank, title in enumerate(titles, 1):
        found = text.find(title, position)
        if found < 0:
            return f"the page lacks the Labo list's suggestion {rank} (in order): {title!r}"
        position = found + len(title)
    return None


def create_postgraphile_schema(db_url: str) -> None:
    """The PostGraphile peer's SQL objects (schema postgraphile_peer), in the bench database
    only: they are the peer's deployment, not Comptoir's, so no migration knows them."""
    with psycopg.connect(db_url, autocommit=True) as conn:
        conn.execute("SET client_min_messages = warning")
        conn.execute((PEER_POSTGRAPHILE / "schema.sql").read_text())


class Bench:
    def __init__(self, profile: Profile, db_url: str, secret_key: str) -> None:
        self.profile = profile
        self.db_url = db_url
        self.secret_key = secret_key
        # Signs the PostGraphile peer's tokens: fresh each run, like the Django key.
        self.jwt_secret = secrets.token_urlsafe(32)
        self.reference: dict[str, Any] = {}
        self.sources: list[dict[str, str]] = []

    def read_requests(
        self, scenario: str, server: Server, fx: Fixtures, viewer: Session, committee: Session
    ) -> Requests:
        doc = server.dialect
        if scenario == "request_overhead":
            return [({"query": doc(sc.OVERHEAD)}, viewer)]
        if scenario == "labo_front_page":
            return [({"query": doc(sc.LABO_PAGE), "variables": {"first": sc.PAGE_SIZE}}, viewer)]
        if scenario == "labo_front_page_anonymous":
            anonymous = {"query": doc(sc.LABO_PAGE_ANONYMOUS), "variables": {"first": sc.PAGE_SIZE}}
            return [(anonymous, visitor())]
        if scenario == "labo_deep_page":
            position = fx.depth * sc.PAGE_SIZE  # the page starts after this many rows
            after = {
                "offset": lambda: offset_cursor(position - 1),
                "natural": lambda: natural_cursor(position),
                "keyset": lambda: keyset_cursor(*fx.deep_after),
            }[server.cursor]()
            deep: dict[str, Any] = {"first": sc.PAGE_SIZE, "after": after}
            return [({"query": doc(sc.LABO_PAGE), "variables": deep}, viewer)]

        def each(query: str, type_name: str, pks: list[int], session: Session) -> Requests:
            # One request per row: the page of each, by its global ID.
            variables = [{"id": global_id(type_name, pk)} for pk in pks]
            return [({"query": doc(query), "variables": v}, session) for v in variables]

        if scenario == "suggestion_page":
            return each(sc.SUGGESTION_PAGE, "Suggestion", fx.suggestions, viewer)
        if scenario == "thread_page":
            return each(sc.THREAD_PAGE, "Thread", fx.threads, viewer)
        if scenario == "committee_agenda":
            return each(sc.COMMITTEE_AGENDA, "CommitteeMeeting", fx.meetings, committee)
        raise ValueError(scenario)

    def page_requests(self, page: sc.PageScenario, viewer: Session) -> Requests:
        """The website's page (scenarios.PAGE_SCENARIOS): logged in, with the customer's
        session cookie only (a GET needs no CSRF token); anonymous, with no cookie at all."""
        if not page.logged_in:
            return [(Get(page.path), None)]
        cookies: SimpleCookie = SimpleCookie()
        cookies.load(viewer.cookie)
        return [(Get(page.path), Session(f"sessionid={cookies['sessionid'].value}", ""))]

    def sessions(
        self, server: Server, fx: Fixtures, minted: dict[int, str]
    ) -> tuple[Session, Session]:
        """The customer's and the committee member's credentials on this server."""
        if server.auth == "login":
            return login(server.port, VIEWER_USERNAME), login(server.port, COMMITTEE_USERNAME)
        if server.auth == "jwt":
            # As a login endpoint would sign them: the member and their role, for a day.
            expires = int(time.time()) + 86_400

            def token(member: int, role: str) -> Session:
                claims = {"aud": "postgraphile", "member_id": member, "member_role": role}
                return Session(
                    "", "", f"Bearer {mint_jwt(self.jwt_secret, claims | {'exp': expires})}"
                )

            return token(fx.viewer_id, "CUSTOMER"), token(fx.committee_id, "COMMITTEE")
        csrf = new_csrf()
        viewer = Session(f"sessionid={minted[fx.viewer_id]}; csrftoken={csrf}", csrf)
        return viewer, viewer

    def rush_requests(self, fx: Fixtures, sessions: dict[int, str]) -> Requests:
        csrf = new_csrf()
        pairs = [(member, fx.hot[i % len(fx.hot)]) for i, member in enumerate(fx.rush)]
        requests: Requests = []
        for document in (sc.VOTE, sc.WITHDRAW):
            for member, suggestion in pairs:
                session = Session(f"sessionid={sessions[member]}; csrftoken={csrf}", csrf)
                payload = {
                    "query": document,
                    "variables": {"id": global_id("Suggestion", suggestion)},
                }
                requests.append((payload, session))
        return requests

    def measure(
        self,
        server: Server,
        scenario: str,
        requests: Requests,
        *,
        partition: bool = False,
        between: Any = None,
    ) -> Cell:
        cell = Cell(scenario, server.name, True)
        # One answer first: it must be right, and its header says how many statements.
        counts = []
        for i, (payload, session) in enumerate(requests[:3]):
            status, headers, data = post(server.port, payload, session)
            problem = None if status == 200 else f"HTTP {status}: {json.dumps(data)[:400]}"
            if problem is None and isinstance(payload, Get):
                fx = self.fixtures
                titles = fx.website_titles if session else fx.website_titles_anonymous
                problem = page_problem(data, titles)
            elif problem is None and scenario == "vote_rush":
                vote = (data.get("data") or {}).get("voteForSuggestion") or {}
                payload_errors = vote.get("errors") if vote else [{"no": "voteForSuggestion"}]
                if data.get("errors") or payload_errors:
                    problem = f"errors: {json.dumps(data)[:300]}"
            elif problem is None:
                problem = shape_problem(scenario, data, self.fixtures)
            if problem:
                raise SystemExit(f"{server.name} / {scenario}: {problem}")
            counts.append(int(headers.get("X-Bench-SQL", "-1")))
            if scenario == "vote_rush":
                continue
            # The same requests in the same order on every server: compare the answers.
            key = f"{scenario}:{i}"
            if i == 0:  # kept for inspection
                path = VAR_BENCH / f"answer-{server.name}-{scenario}.json"
                path.write_text(json.dumps(data, indent=1, ensure_ascii=False))
            if server.name == "comptoir":
                self.reference[key] = normalized(data)
            elif key in self.reference:
                same = normalized(data) == self.reference[key]
                previous = cell.same_answer_as_comptoir
                cell.same_answer_as_comptoir = same if previous is None else previous and same
        # The last of the checked requests: warm (the floor caches its session lookup).
        cell.sql_per_request = counts[-1]
        if between:
            between()
        path = VAR_BENCH / f"requests-{server.name}-{scenario}.lua"
        write_requests(path, requests)
        p = self.profile
        server.reset_peak_memory()
        wrk(server.port, path, connections=16, seconds=p.warmup, partition=partition)
        if between:
            between()
        cell.c1 = load(server, path, connections=1, seconds=p.c1_seconds, partition=partition)
        if scenario == "vote_rush":
            time.sleep(1)  # let requests in flight when wrk stopped finish
            cell.check["after_concurrency_1"] = wrong_counts(self.db_url)
        if between:
            between()
        cell.c16 = load(server, path, connections=16, seconds=p.c16_seconds, partition=partition)
        cell.peak_rss_mib = server.peak_memory_mib()
        cell.sql_under_load = cell.c16.get("sql_per_request")
        if scenario == "vote_rush":
            time.sleep(1)
            cell.check["after_concurrency_16"] = wrong_counts(self.db_url)
            for run in (cell.c1, cell.c16):
                run["votes_per_s"] = round(
                    (run["requests"] - run["errors"] - run["noops"]) / run["seconds"], 1
                )
        return cell

    def run_server(self, server: Server, fx: Fixtures, scenario_names: list[str]) -> list[Cell]:
        cells: list[Cell] = []
        log(f"-- {server.label}: starting ({' '.join(server.command[:2])} ...)")
        if server.name == "comptoir":
            self.sources.append(source_fingerprint())
        # Sessions as this server's `login` would write them (the rush customers', and the
        # floor's viewer): none for a server whose viewers carry tokens.
        minted = {}
        if server.auth != "jwt":
            minted = mint_sessions([*fx.rush, fx.viewer_id], backend=server.session_backend)
        server.start()
        try:
            viewer, committee = self.sessions(server, fx, minted)
            for scenario in scenario_names:
                page = PAGES.get(scenario)
                if page is not None:
                    if page.disabled:
                        continue  # the report lists it under "Scenarios not run"
                    if server.name not in page.served_by:
                        cells.append(Cell(scenario, server.name, False, note=sc.NO_WEBSITE))
                        continue
                    cell = self.measure(server, scenario, self.page_requests(page, viewer))
                    log(summary_line(cell))
                    cells.append(cell)
                    continue
                if scenario not in server.scenarios:
                    cells.append(Cell(scenario, server.name, False, note=server.not_served))
                    continue
                if scenario == "vote_rush":
                    requests = self.rush_requests(fx, minted)
                    cell = self.measure(
                        server,
                        scenario,
                        requests,
                        partition=True,
                        between=lambda: undo_rush(self.db_url, fx),
                    )
                    undo_rush(self.db_url, fx)
                else:
                    requests = self.read_requests(scenario, server, fx, viewer, committee)
                    cell = self.measure(server, scenario, requests)
                if scenario == "labo_deep_page":
                    cell.note = f"{fx.depth} pages deep"
                log(summary_line(cell))
                cells.append(cell)
        finally:
            server.stop()
        return cells

    def run_scale(
        self, scale: float, scenario_names: list[str]
    ) -> tuple[list[Cell], Fixtures, dict[str, Any]]:
        from django.db import connections

        from bench.seed import seed

        connections.close_all()
        seeding = seed(scale, self.db_url, 20140301)
        fx = fixtures(self.db_url)
        self.fixtures = fx
        connections.close_all()
        create_postgraphile_schema(self.db_url)
        self.reference = {}
        cells: list[Cell] = []
        for server in servers(self.db_url, self.secret_key, self.jwt_secret):
            cells += self.run_server(server, fx, scenario_names)
        return cells, fx, seeding


def summary_line(cell: Cell) -> str:
    c1, c16 = cell.c1, cell.c16
    extra = ""
    if cell.scenario == "vote_rush":
        extra = (
            f" votes/s {c16['votes_per_s']}, no-ops {c16['noops']},"
            f" wrong counts after: {cell.check.get('after_concurrency_16')}"
        )
    same = (
        ""
        if cell.same_answer_as_comptoir is None
        else f" same answer: {cell.same_answer_as_comptoir}"
    )
    return (
        f"   {cell.scenario:<17} SQL {cell.sql_per_request}  c1 p50 {c1['p50_ms']} ms"
        f" p99 {c1['p99_ms']} ms  c16 {c16['rps']} req/s p99 {c16['p99_ms']} ms"
        f"  peak {cell.peak_rss_mib} MiB  errors {c1['errors'] + c16['errors']}{extra}{same}"
    )


# --- the report -----------------------------------------------------------------------------


def machine() -> dict[str, Any]:
    cpuinfo = Path("/proc/cpuinfo").read_text()
    models = [
        line.split(":", 1)[1].strip()
        for line in cpuinfo.splitlines()
        if line.startswith("model name")
    ]
    mem_kb = next(
        int(line.split()[1])
        for line in Path("/proc/meminfo").read_text().splitlines()
        if line.startswith("MemTotal:")
    )
    wrk_version = subprocess.run(["wrk", "-v"], capture_output=True, text=True).stdout.split("\n")[
        0
    ]
    with psycopg.connect(database_url()) as conn:
        pg = conn.execute("SELECT version()").fetchone()[0]  # type: ignore[index]
        settings = {
            name: conn.execute(f"SHOW {name}").fetchone()[0]  # type: ignore[index]
            for name in ("shared_buffers", "work_mem", "max_connections", "synchronous_commit")
        }
    peer_versions = subprocess.run(
        [
            str(PEER_VENV / "bin" / "python"),
            "-c",
            "from importlib.metadata import version as v; print(*(v(p) for p in"
            " ('graphene-django', 'graphene', 'graphql-core', 'Django')))",
        ],
        capture_output=True,
        text=True,
    ).stdout.split()
    from importlib.metadata import version

    import django
    import strawberry  # noqa: F401

    node = node_binary()
    node_version = (
        subprocess.run([node, "--version"], capture_output=True, text=True).stdout.strip()
        if node
        else "—"
    )

    def npm_version(package: str) -> str:
        path = POSTGRAPHILE_MODULES / package / "package.json"
        return str(json.loads(path.read_text())["version"]) if path.exists() else "—"

    return {
        "cpu": models[0] if models else platform.processor(),
        "cores": len(models) or CORES,
        "memory_gib": round(mem_kb / 1024 / 1024, 1),
        "kernel": platform.release(),
        "python": platform.python_version(),
        "postgresql": pg.split(" on ")[0],
        "postgresql_settings": settings,
        "load_generator": wrk_version,
        "comptoir_stack": {
            "django": django.get_version(),
            "strawberry-graphql": version("strawberry-graphql"),
            "uvicorn": version("uvicorn"),
            "psycopg": version("psycopg"),
        },
        "peer_stack": dict(
            zip(
                ["graphene-django", "graphene", "graphql-core", "django"],
                peer_versions,
                strict=False,
            )
        ),
        "postgraphile_stack": {
            "node": node_version,
            **{p: npm_version(p) for p in ("postgraphile", "grafast", "grafserv", "pg")},
        },
    }


def sql_cell(c: Cell) -> str:
    """The mean under load (every response's header), and a checked request's count when it
    differs (the floor's first request of a session, a vote rather than a withdrawal)."""
    if c.sql_under_load is None:
        return str(c.sql_per_request)
    mean = f"{c.sql_under_load:g}"
    if abs(c.sql_under_load - (c.sql_per_request or 0)) > 0.05:
        return f"{mean} ({c.sql_per_request} on a checked request)"
    return mean


def source_fingerprint() -> dict[str, str]:
    """What Comptoir's code was when a server started: sha256 of the application's Python
    sources (the work tree, not a commit: others may be editing it) and the latest change."""
    digest = hashlib.sha256()
    latest = (0.0, "")
    for folder in ("config", "models", "permissions", "resolvers", "schema"):
        for path in sorted((ROOT / folder).rglob("*.py")):
            name = str(path.relative_to(ROOT))
            digest.update(name.encode())
            digest.update(path.read_bytes())
            latest = max(latest, (path.stat().st_mtime, name))
    changed = datetime.fromtimestamp(latest[0], UTC).strftime("%Y-%m-%d %H:%M:%S UTC")
    return {"sha256": digest.hexdigest()[:16], "latest_change": f"{latest[1]} at {changed}"}


def ratio(a: float | None, b: float | None) -> str:
    if not a or not b:
        return "—"
    return f"{a / b:.2f}"


def cell_of(cells: list[Cell], scenario: str, server: str) -> Cell | None:
    return next((c for c in cells if c.scenario == scenario and c.server == server), None)


def markdown(report: dict[str, Any], cells: list[Cell], growth: list[dict[str, Any]]) -> str:
    m = report["machine"]
    p = report["profile"]
    out: list[str] = []
    w = out.append
    w("# Comptoir benchmark results\n")
    w(
        f"Run on {report['date']} with `{report['command']}` (profile `{p['name']}`, scale "
        f"{p['scale']}: {report['rows']['member']:,} members, {report['rows']['suggestion']:,} "
        f"suggestions, {report['rows']['vote']:,} votes, {report['rows']['thread']:,} threads, "
        f"{report['rows']['post']:,} posts, {report['rows']['decision']:,} decisions, "
        f"{report['rows']['committeemeeting']:,} meetings). Seeding took "
        f"{report['seed_seconds']} s; the whole run {report['total_seconds']} s.\n"
    )
    sources = report["comptoir_sources"]
    distinct = list({f["sha256"]: f for f in sources}.values())
    w(
        "Comptoir was measured as its work tree stood when each of its servers started "
        "(Python sources of config, models, permissions, resolvers and schema): "
        + "; ".join(f"sha256 `{f['sha256']}`, last changed {f['latest_change']}" for f in distinct)
        + (
            ". **The sources changed during the run**: compare rows of different scales "
            "with care.\n"
            if len(distinct) > 1
            else ".\n"
        )
    )
    w("## Machine\n")
    w(f"- CPU: {m['cpu']}, {m['cores']} cores; memory {m['memory_gib']} GiB; Linux {m['kernel']}")
    w(
        f"- {m['postgresql']} on the same machine, settings as installed: "
        + ", ".join(f"{k} {v}" for k, v in m["postgresql_settings"].items())
    )
    w(
        f"- Python {m['python']}; Comptoir: "
        + ", ".join(f"{k} {v}" for k, v in m["comptoir_stack"].items())
    )
    w("- Peer (own venv): " + ", ".join(f"{k} {v}" for k, v in m["peer_stack"].items()))
    if m.get("postgraphile_stack"):
        w(
            "- PostGraphile peer (own npm packages): "
            + ", ".join(f"{k} {v}" for k, v in m["postgraphile_stack"].items())
        )
    w(
        f"- Load generator: `{m['load_generator']}` on the same machine (loopback), Lua script "
        "`bench/lua/graphql.lua`; server, PostgreSQL and wrk share the cores.\n"
    )
    w("## Servers\n")
    for s in report["servers"]:
        w(f"- **{s['label']}**: {s['description']}")
    w("")
    w("## Method\n")
    w(
        f"- Per scenario and server: its first answers (up to three) checked (shape, compared "
        f"with Comptoir's where comparable), then wrk: {p['warmup']} s warm-up at concurrency 16, "
        f"{p['c1_seconds']} s at concurrency 1 (`-t1 -c1`), {p['c16_seconds']} s at "
        f"concurrency 16 (`-t{min(CORES, 16)} -c16`). Latencies are wrk's (not corrected "
        "for coordinated omission)."
    )
    w(
        "- SQL/req: statements sent through Django's cursors during the request (what "
        "`django_assert_num_queries` counts; session and user lookups included, BEGIN/COMMIT "
        "not), returned in an `X-Bench-SQL` header added by `bench/sqlcount.py` around the "
        "application (bench mode only); the floor counts its own `execute` calls; the "
        "PostGraphile peer counts what node-postgres sends for the request, `begin` and "
        "`commit` aside (its `set_config` of the viewer's settings counts)."
    )
    w(
        "- Peak RSS/worker: the largest VmHWM among the server's worker processes, reset "
        "(`/proc/PID/clear_refs`) before each scenario's warm-up."
    )
    w(
        "- Logged-in viewers log in through each server's `login` mutation and reuse the session "
        "cookie with the CSRF cookie in `X-CSRFToken`; the floor (no login) and the "
        f"{_count(report['rush_customers'])} vote-rush customers get sessions written directly "
        "into `django_session`, as `login` would write them; the PostGraphile peer gets a "
        "JWT signed for the same member (`Authorization: Bearer`). Anonymous scenarios send "
        "no session and no token (only a CSRF cookie, echoed in its header, as a browser would)."
    )
    w(
        "- vote_rush: each customer votes for one of the 20 most voted open suggestions, then "
        "(after every other customer's vote) withdraws, and so on; wrk threads take disjoint "
        "customers. Votes/s counts mutations that changed something (no-ops and errors "
        "excluded). Afterwards every suggestion's stored count is compared with its vote rows; "
        "then the rush's votes are removed so the next server reads the same data."
    )
    shares = [c.c16["wrk_cpu_share"] for c in cells if c.supported and "wrk_cpu_share" in c.c16]
    if shares:
        w(
            f"- wrk itself used {min(shares):.2f} to {max(shares):.2f} of a core during the "
            "concurrency-16 runs (its own CPU time over the run's duration), out of the 2 cores "
            "it shares with the server and PostgreSQL."
        )
    w("")
    w("## Results per scenario\n")
    w(
        "Latencies in ms; throughput in requests (or changed votes) per second; CPU: the "
        "server's processes and PostgreSQL's, in CPU milliseconds per request during the "
        "concurrency-16 run (from /proc/PID/stat).\n"
    )
    servers_seen = [s["name"] for s in report["servers"]]
    labels = {s["name"]: s["label"] for s in report["servers"]}
    pages = [(p.name, p.description) for p in sc.PAGE_SCENARIOS if not p.disabled]
    for name, description in [*sc.SCENARIOS, *pages]:
        if cell_of(cells, name, "comptoir") is None and all(
            cell_of(cells, name, server) is None for server in servers_seen
        ):
            continue  # not in this profile
        w(f"### {name}\n")
        w(f"{description}.\n")
        rush = name == "vote_rush"
        unit = "votes/s" if rush else "req/s"
        head = [
            "server",
            "SQL/req",
            "c1 p50",
            "c1 p99",
            f"c1 {unit}",
            f"c16 {unit}",
            "c16 p99",
            "c16 server CPU ms/req",
            "c16 PostgreSQL CPU ms/req",
            "errors",
            "peak RSS/worker MiB",
        ]
        head += ["no-ops", "counts wrong after (c1, c16)"] if rush else ["same answer as Comptoir"]
        w("| " + " | ".join(head) + " |")
        w("|" + "---|" * len(head))
        for server in servers_seen:
            c = cell_of(cells, name, server)
            if c is None:
                continue
            if not c.supported:
                w(
                    f"| {labels[server]} | "
                    + " | ".join(["n/a"] * (len(head) - 2))
                    + f" | {c.note} |"
                )
                continue
            key = "votes_per_s" if rush else "rps"
            row = [
                labels[server],
                sql_cell(c),
                c.c1["p50_ms"],
                c.c1["p99_ms"],
                c.c1[key],
                c.c16[key],
                c.c16["p99_ms"],
                c.c16.get("app_cpu_ms_per_request", "—"),
                c.c16.get("db_cpu_ms_per_request", "—"),
                c.c1["errors"] + c.c16["errors"],
                c.peak_rss_mib,
            ]
            if rush:
                row += [
                    c.c1["noops"] + c.c16["noops"],
                    f"{c.check['after_concurrency_1']}, {c.check['after_concurrency_16']}",
                ]
            elif server == "comptoir":
                row.append("(reference)")
            else:
                row.append({None: "—", True: "yes", False: "**no**"}[c.same_answer_as_comptoir])
            w("| " + " | ".join(str(v) for v in row) + " |")
        notes = [c.note for c in cells if c.scenario == name and c.note and c.supported]
        if notes:
            w(f"\n{notes[0]}.")
        w("")
    w("## Targets (issue #15, with those of issue #5 it keeps)\n")
    w(
        "Each target against this run. Why the misses stand, with the profile that shows it: "
        '`bench/README.md`, "Where the time goes" (`python -m bench.profile <scenario>` '
        "reproduces it).\n"
    )
    w("| target | measured | |")
    w("|---|---|---|")
    for target, measured, met in targets(cells, growth):
        w(f"| {target} | {measured} | {met} |")
    w("")
    not_run = report.get("scenarios_not_run") or []
    if not_run:
        w("## Scenarios not run\n")
        for page in not_run:
            w(f"- `{page['name']}`, {page['description']}: {page['reason']}.")
        w("")
    w("## Ratios\n")
    w(
        "Comptoir / each other server: throughput at concurrency 16 (above 1: Comptoir serves "
        "more) and p50 at concurrency 1 (above 1: Comptoir is slower). PostGraphile: the better "
        "of its one- and two-process figures (the higher throughput, the lower p50).\n"
    )
    others = [("graphene", "peer"), ("postgraphile", "PostGraphile"), ("floor", "floor")]
    w(
        "| scenario | "
        + " | ".join(f"c16 req/s Comptoir/{label}" for _, label in others)
        + " | "
        + " | ".join(f"c1 p50 Comptoir/{label}" for _, label in others)
        + " |"
    )
    w("|---|" + "---|" * (2 * len(others)))
    for name, _ in sc.SCENARIOS:
        if cell_of(cells, name, "comptoir") is None:
            continue
        key = "votes_per_s" if name == "vote_rush" else "rps"
        mine = value(cells, name, "comptoir", "c16", key)
        p50 = value(cells, name, "comptoir", "c1", "p50_ms")
        w(
            f"| {name} | "
            + " | ".join(ratio(mine, best(cells, name, server, "c16", key)) for server, _ in others)
            + " | "
            + " | ".join(
                ratio(p50, best(cells, name, server, "c1", "p50_ms")) for server, _ in others
            )
            + " |"
        )
    w("")
    if growth:
        growth_servers = [s for s in GROWTH_SERVERS if any(g.get(s) for g in growth)]
        w("## Growth\n")
        w(
            "The Labo front page and the deep page as the data grows (every table scales with "
            "the votes; the deep page is 200 pages deep where the data allows it). p50 at "
            "concurrency 1 (ms), throughput at concurrency 16 (req/s).\n"
        )
        w(
            "| votes | suggestions | scenario | pages deep | "
            + " | ".join(f"{labels.get(s, s)} p50 | req/s" for s in growth_servers)
            + " |"
        )
        w("|---|---|---|---|" + "---|---|" * len(growth_servers))
        for g in growth:
            w(
                f"| {g['votes']:,} | {g['suggestions']:,} | {g['scenario']} | "
                f"{g['depth'] if g['scenario'] == 'labo_deep_page' else '—'} | "
                + " | ".join(
                    f"{g[s]['c1_p50_ms']} | {g[s]['c16_rps']}" if g.get(s) else "— | —"
                    for s in growth_servers
                )
                + " |"
            )
        w("")
    return "\n".join(out) + "\n"


def _count(value: int | list[Any]) -> int:
    # The report holds the rush customers' ids; its JSON only their number.
    return value if isinstance(value, int) else len(value)


def value(cells: list[Cell], scenario: str, server: str, run: str, key: str) -> float | None:
    """One measurement of one cell (None when the server does not serve the scenario)."""
    c = cell_of(cells, scenario, server)
    if c is None or not c.supported:
        return None
    found = getattr(c, run).get(key)
    return float(found) if found is not None else None


def best(cells: list[Cell], scenario: str, server: str, run: str, key: str) -> float | None:
    """A server's figure; for PostGraphile the better of one and two processes (the higher
    throughput, the lower latency)."""
    names = ["postgraphile", "postgraphile_x2"] if server == "postgraphile" else [server]
    found = [v for n in names if (v := value(cells, scenario, n, run, key)) is not None]
    if not found:
        return None
    return min(found) if key.endswith("_ms") else max(found)


def targets(cells: list[Cell], growth: list[dict[str, Any]]) -> list[tuple[str, str, str]]:
    """Issue #15's targets, and issue #5's that it keeps, against this run: (target,
    measured, met or missed). A target whose servers or scale are not in the run is left out
    or says so."""

    def verdict(ok: bool | None) -> str:
        return "—" if ok is None else ("met" if ok else "**missed**")

    def c16(scenario: str, server: str) -> float | None:
        key = "votes_per_s" if scenario == "vote_rush" else "rps"
        return best(cells, scenario, server, "c16", key)

    def at_least(target: str, mine: float | None, other: float | None, factor: float) -> None:
        if mine and other:
            rows.append(
                (
                    target,
                    f"{mine:g} vs {other:g}: {mine / other:.2f}×",
                    verdict(mine >= factor * other),
                )
            )

    rows: list[tuple[str, str, str]] = []
    front = c16("labo_front_page", "comptoir")
    at_least(
        "1. labo_front_page c16 ≥ 1.0× PostGraphile v5 (the better of 1 and 2 processes)",
        front,
        c16("labo_front_page", "postgraphile"),
        1.0,
    )
    at_least(
        "1. labo_front_page c16 ≥ 2× the graphene peer",
        front,
        c16("labo_front_page", "graphene"),
        2.0,
    )
    floor = c16("labo_front_page", "floor")
    if front and floor:
        rows.append(
            (
                "1. labo_front_page c16 ≥ 25 % of the floor",
                f"{front:g} vs {floor:g} req/s: {100 * front / floor:.0f} %",
                verdict(front >= 0.25 * floor),
            )
        )
    at_least(
        "2. labo_front_page_anonymous c16 ≥ 2× PostGraphile v5 (the better of 1 and 2 processes)",
        c16("labo_front_page_anonymous", "comptoir"),
        c16("labo_front_page_anonymous", "postgraphile"),
        2.0,
    )
    overhead, peer_overhead = (c16("request_overhead", s) for s in ("comptoir", "graphene"))
    at_least(
        "3. request_overhead (`{ __typename }`, logged in) no slower than the graphene peer",
        overhead,
        peer_overhead,
        1.0,
    )
    for name, _ in sc.SCENARIOS:
        if name != "request_overhead":
            at_least(
                f"4. {name} c16 ≥ 1.5× the graphene peer",
                c16(name, "comptoir"),
                c16(name, "graphene"),
                1.5,
            )
    rush = cell_of(cells, "vote_rush", "comptoir")
    if rush is not None and rush.supported:
        votes = rush.c16.get("votes_per_s") or 0.0
        exact = not any(rush.check.values())
        rows.append(
            (
                "5. vote_rush ≥ 300 votes/s at c16, every count exact afterwards",
                f"{votes:g} votes/s; counts {'exact' if exact else 'WRONG'}",
                verdict(votes >= 300 and exact),
            )
        )
    # The page shows the list's first 20 where the GraphQL front page has 50
    # (scenarios.PAGE_SCENARIOS): the target compares requests as they are.
    for page, graphql, who in (
        ("website_labo_page", "labo_front_page", "logged in"),
        ("website_labo_page_anonymous", "labo_front_page_anonymous", "anonymous"),
    ):
        target = (
            f"6. the website's Labo page (HTML, {sc.WEBSITE_PAGE_SIZE} ideas) c16 ≥ 0.8× the "
            f"GraphQL front page's ({sc.PAGE_SIZE} suggestions), {who}: {page} vs {graphql}"
        )
        mine, other = c16(page, "comptoir"), c16(graphql, "comptoir")
        if mine and other:
            at_least(target, mine, other, 0.8)
        elif PAGES[page].disabled:
            rows.append((target, f"not measured: {PAGES[page].disabled}", "—"))
    fronts = sorted(
        (g["votes"], g["comptoir"]["c1_p50_ms"])
        for g in growth
        if g["scenario"] == "labo_front_page" and g.get("comptoir")
    )
    if len(fronts) >= 2:
        (small_votes, small), (large_votes, large) = fronts[0], fronts[-1]
        measured = (
            f"{large:g} ms at {large_votes:,} votes vs {small:g} ms at {small_votes:,}: "
            f"{large / small:.2f}×"
        )
        if large_votes >= 10_000_000:
            rows.append(
                (
                    "7. labo_front_page p50 at 10M votes within 1.5× of its p50 at 10k",
                    measured,
                    verdict(large <= 1.5 * small),
                )
            )
        else:
            rows.append(
                (
                    "7. labo_front_page p50 at the largest scale of this run within 1.5× of "
                    "the smallest (10M votes: `make bench-large`)",
                    measured,
                    verdict(large <= 1.5 * small),
                )
            )
    peaks = [c.peak_rss_mib for c in cells if c.server == "comptoir" and c.peak_rss_mib]
    if peaks:
        rows.append(
            (
                "7. peak memory < 250 MB per worker",
                f"{max(peaks):g} MiB at most",
                verdict(max(peaks) * 1.048576 < 250),
            )
        )
    sql = [
        (name, c.sql_per_request)
        for name in sc.READ_SCENARIOS
        if (c := cell_of(cells, name, "comptoir")) is not None and name != "request_overhead"
    ]
    if sql:
        front_sql = dict(sql).get("labo_front_page")
        rows.append(
            (
                "7. SQL statements per request constant in page size (pinned by tests/perf); "
                "issue #5: at most 5 for labo_front_page",
                ", ".join(f"{name} {n}" for name, n in sql),
                verdict(front_sql is not None and front_sql <= 5),
            )
        )
    deep, first = (
        value(cells, s, "comptoir", "c1", "p50_ms") for s in ("labo_deep_page", "labo_front_page")
    )
    if deep and first:
        rows.append(
            (
                "issue #5: labo_deep_page p50 within 1.5× of labo_front_page's",
                f"{deep:g} vs {first:g} ms: {deep / first:.2f}×",
                verdict(deep <= 1.5 * first),
            )
        )
    return rows


def growth_rows(cells: list[Cell], fx: Fixtures, suggestions: int) -> list[dict[str, Any]]:
    rows = []
    for scenario in sc.GROWTH_SCENARIOS:
        row: dict[str, Any] = {
            "votes": fx.votes,
            "suggestions": suggestions,
            "scenario": scenario,
            "depth": fx.depth,
        }
        for server in GROWTH_SERVERS:
            c = cell_of(cells, scenario, server)
            if c is not None and c.supported:
                row[server] = {
                    "c1_p50_ms": c.c1["p50_ms"],
                    "c1_p99_ms": c.c1["p99_ms"],
                    "c16_rps": c.c16["rps"],
                    "c16_p99_ms": c.c16["p99_ms"],
                    "sql_per_request": c.sql_per_request,
                }
        rows.append(row)
    return rows


def ensure_tools() -> None:
    if shutil.which("wrk") is None:
        log("wrk is missing: installing Debian's package")
        if os.geteuid() != 0:
            raise SystemExit("wrk is not installed: apt-get install wrk")
        subprocess.run(["apt-get", "update", "-qq"], check=True)
        subprocess.run(["apt-get", "install", "-y", "-qq", "wrk"], check=True)
    peer_python = PEER_VENV / "bin" / "python"
    if not peer_python.exists():
        raise SystemExit("the peer's venv is missing: make bench-peer")
    check = subprocess.run(
        [
            str(peer_python),
            "-c",
            "from importlib.metadata import version; print(version('graphene-django'))",
        ],
        capture_output=True,
        text=True,
    )
    if not check.stdout.startswith("3.2."):
        raise SystemExit(
            f"the peer needs graphene-django 3.2.x, found {check.stdout or check.stderr}"
        )
    if node_binary() is None:
        raise SystemExit(
            "Node.js >= 22 is missing for the PostGraphile peer: make bench-postgraphile"
        )
    if not (POSTGRAPHILE_MODULES / "postgraphile" / "package.json").exists():
        raise SystemExit("the PostGraphile peer's packages are missing: make bench-postgraphile")


def render(profile: Profile) -> None:
    """results.md from results.json: the report's text changed, the measurements did not."""
    stem = profile.stem
    report = json.loads((profile.out_dir / f"{stem}.json").read_text())
    cells = [Cell(**c) for c in report["results"]]
    (profile.out_dir / f"{stem}.md").write_text(markdown(report, cells, report["growth"]))
    log(f"Wrote {profile.out_dir / stem}.md from its .json")


def quick(bench: Bench, server_names: list[str], scenarios: str | None) -> None:
    """Measure some servers on the database as it is: a loop for working on one number."""
    fx = fixtures(bench.db_url)
    bench.fixtures = fx
    bench.reference = {}
    create_postgraphile_schema(bench.db_url)
    names = scenarios.split(",") if scenarios else ALL_SCENARIOS
    for server in servers(bench.db_url, bench.secret_key, bench.jwt_secret):
        if server.name in server_names:
            bench.run_server(server, fx, names)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Comptoir's benchmark")
    parser.add_argument("--profile", choices=sorted(PROFILES), default="full")
    parser.add_argument("--scale", type=float, help="override the profile's scale")
    parser.add_argument("--no-growth", action="store_true", help="skip the growth scales")
    parser.add_argument(
        "--quick",
        metavar="SERVERS",
        help="while working: measure these servers (comma-separated: "
        + ", ".join(SERVER_NAMES)
        + ") on the database as seeded, print the lines, write no report",
    )
    parser.add_argument("--scenarios", help="with --quick: these scenarios only (comma-separated)")
    parser.add_argument(
        "--render",
        action="store_true",
        help="write the profile's results.md again from its results.json (no measurement)",
    )
    args = parser.parse_args(argv)
    profile = PROFILES[args.profile]
    if args.render:
        render(profile)
        return
    if args.scale:
        profile = Profile(**{**profile.__dict__, "scale": args.scale})
    if args.no_growth:
        profile = Profile(**{**profile.__dict__, "growth": ()})
    started = time.monotonic()
    ensure_tools()
    db_url = database_url()
    check_owned(db_url)
    with run_lock(db_url):
        run(profile, db_url, args.quick, args.scenarios, started)


def run(
    profile: Profile, db_url: str, quick_servers: str | None, scenarios: str | None, started: float
) -> None:
    """The run itself, under the database's run lock (`main`)."""
    # A fresh key per run: the servers and the sessions minted here share it; none is kept.
    secret_key = secrets.token_urlsafe(50)
    os.environ.update(
        {
            "DJANGO_SETTINGS_MODULE": "config.settings",
            "DATABASE_URL": db_url,
            "SECRET_KEY": secret_key,
            "DEBUG": "0",
            "DATABASE_POOL": "0",
        }
    )
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    VAR_BENCH.mkdir(parents=True, exist_ok=True)
    bench = Bench(profile, db_url, secret_key)
    if quick_servers:
        quick(bench, quick_servers.split(","), scenarios)
        return
    growth: list[dict[str, Any]] = []
    for scale in profile.growth:
        log(f"== growth: scale {scale}")
        cells, fx, seeding = bench.run_scale(scale, sc.GROWTH_SCENARIOS)
        growth += growth_rows(cells, fx, seeding["rows"]["suggestion"])
    names = list(profile.scenarios) or ALL_SCENARIOS
    which = ", ".join(names) if profile.scenarios else "every scenario"
    log(f"== scale {profile.scale}: {which}")
    cells, fx, seeding = bench.run_scale(profile.scale, names)
    if profile.growth:
        growth += growth_rows(cells, fx, seeding["rows"]["suggestion"])
    total = round(time.monotonic() - started, 1)
    report: dict[str, Any] = {
        "date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "command": profile.command,
        "profile": {k: (str(v) if isinstance(v, Path) else v) for k, v in profile.__dict__.items()},
        "machine": machine(),
        "comptoir_sources": bench.sources,
        "servers": [
            {"name": s.name, "label": s.label, "description": s.description, "command": s.command}
            for s in servers("postgres://…", "…", "…")
        ],
        "scenarios_not_run": [
            {"name": p.name, "description": p.description, "reason": p.disabled}
            for p in sc.PAGE_SCENARIOS
            if p.disabled
        ],
        "seed_seconds": seeding["seconds"],
        "total_seconds": total,
        "rows": seeding["rows"],
        "seed": {k: v for k, v in seeding.items() if k not in ("rows",)},
        "rush_customers": fx.rush,
        "deep_page_depth": fx.depth,
        "results": [c.__dict__ for c in cells],
        "growth": growth,
    }
    out = profile.out_dir
    out.mkdir(parents=True, exist_ok=True)
    stem = profile.stem
    json_report = {**report, "rush_customers": len(fx.rush)}
    (out / f"{stem}.json").write_text(json.dumps(json_report, indent=2, ensure_ascii=False) + "\n")
    (out / f"{stem}.md").write_text(markdown(report, cells, growth))
    log(f"Wrote {out / stem}.md and .json in {total} s")
    bad = [c for c in cells if c.supported and (c.c1.get("errors") or c.c16.get("errors"))]
    wrong = [c for c in cells if c.check and any(c.check.values())]
    if bad or wrong:
        raise SystemExit(
            f"{len(bad)} measurements had errors, {len(wrong)} vote-count checks failed"
        )


if __name__ == "__main__":
    main()
