"""How long hostile documents take through the real endpoint (issue #9, section 1).

    .venv/bin/python -m bench.hostile              # 20 requests per document
    .venv/bin/python -m bench.hostile --requests 50

Starts Comptoir as deployed (`uvicorn config.asgi:application`, one worker, DEBUG off) on
a free port, over a migrated SQLite file under var/bench/ (the documents are refused, or
served from empty tables: the database plays no part), and POSTs each document as an
anonymous visitor. For each it prints its size, the answer's code, and the milliseconds a
request took (median and worst, client side, keep-alive connection): "distinct" with a
comment making each request's document new (nothing cached: an attacker's case), "repeated"
with the same document each time (parsed and validated once, then cached). The issue asks
under 50 ms for each. A benchmark prints numbers; no test asserts a time.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import secrets
import signal
import socket
import statistics
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from bench.common import ROOT, VAR_BENCH


def chain(depth: int, leaf: str = "__typename") -> str:
    """`F0` spreads `F1` twice, `F1` spreads `F2` twice, ... `F<depth>` holds `leaf`."""
    fragments = " ".join(
        f"fragment F{i} on Query {{ ...F{i + 1} ...F{i + 1} }}" for i in range(depth)
    )
    return f"query {{ ...F0 }} {fragments} fragment F{depth} on Query {{ {leaf} }}"


def _distinct_viewers() -> str:
    names = ["id", "displayName", "role", "memberSince", "suggestionCount", "threadCount"]
    variants = [
        f"viewer {{ {a} {b} {c} }}"
        for a in names
        for b in names
        for c in names
        if len({a, b, c}) == 3
    ]
    return "{ " + " ".join(variants) + " }"


def _deep() -> str:
    """17 levels: suggestions > edges > node > (author > votes > edges > node) x 3 > author."""
    hop = "author { votes(first: 1) { edges { node { "
    deep = "{ suggestions(first: 1) { edges { node { " + hop * 3 + "author { displayName"
    return deep + " }" * deep.count("{")


VARIABLE_DEFAULT = (
    "query($n: Int = 100) { threads(first: $n) { edges { node { posts(first: $n) { edges { "
    "node { id } } } } } } }"
)

# (name, document, variables)
DOCUMENTS: list[tuple[str, str, dict[str, Any] | None]] = [
    ("{ __typename } (yardstick)", "{ __typename }", None),
    ("fragment chain N=20", chain(20), None),
    ("fragment chain N=30", chain(30), None),
    ("fragment chain N=30, aliased leaf", chain(30, "a: __typename"), None),
    ("fragment chain N=30, connection leaf", chain(30, "threads { totalCount }"), None),
    ("variable default $n = 100", VARIABLE_DEFAULT, None),
    ("the same, $n sent", VARIABLE_DEFAULT, {"n": 100}),
    ("1 MB comment", "#" + "x" * 1_000_000 + "\n{ __typename }", None),
    ("64 kB of whitespace", "{" + " " * 65_400 + "__typename }", None),
    ("64 kB comment", "#" + "x" * 65_400 + "\n{ __typename }", None),
    ("field x 2,990 (no alias)", "{ viewer { " + "id " * 2990 + "} }", None),
    ("viewer { id } x 740", "{ " + "viewer { id } " * 740 + "}", None),
    ("inline fragment x 490", "{ viewer { " + "... on Member { id } " * 490 + "} }", None),
    ("spread x 1,480", "{ viewer { " + "...F " * 1480 + "} } fragment F on Member { id }", None),
    ("120 distinct viewer { a b c }", _distinct_viewers(), None),
    ("31 aliases", "{ " + " ".join(f"a{i}: __typename" for i in range(31)) + " }", None),
    ("3,001 tokens", "{ " + "__typename " * 2999 + "}", None),
    ("lists nested 400 deep", "{ nodes(ids: " + "[" * 400 + "]" * 400 + ") { id } }", None),
    ("depth 17", _deep(), None),
    ("fragment cycle", "{ ...A } fragment A on Query { ...B } fragment B on Query { ...A }", None),
    ("unknown fragment", "{ suggestions { edges { node { ...Missing } } } }", None),
    (
        "lone surrogate in a variable",
        "query($q: String!) { search(query: $q) { totalCount } }",
        {"q": "\ud800"},
    ),
]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@contextmanager
def server() -> Iterator[int]:
    """Comptoir as deployed, on a free port, over a fresh SQLite file."""
    VAR_BENCH.mkdir(parents=True, exist_ok=True)
    database = VAR_BENCH / "hostile.sqlite3"
    database.unlink(missing_ok=True)
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{database}",
        "DEBUG": "0",
        # Hostile documents are arbitrary text: timed through the parser and validation, not
        # refused unread by the trusted-documents rule.
        "COMPTOIR_TRUSTED_DOCUMENTS_ONLY": "0",
        "SECRET_KEY": secrets.token_urlsafe(40),
        "ALLOWED_HOSTS": "127.0.0.1",
        "PYTHONPATH": str(ROOT),
    }
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "--noinput"],
        cwd=ROOT,
        env=env,
        check=True,
        stdout=subprocess.DEVNULL,
    )
    port = _free_port()
    log = (VAR_BENCH / "hostile-server.log").open("wb")
    process = subprocess.Popen(
        [sys.executable, "-m", "uvicorn", "config.asgi:application", "--port", str(port)],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
                connection.request("GET", "/healthz")
                if connection.getresponse().status == 200:
                    break
            except OSError:
                if time.monotonic() > deadline or process.poll() is not None:
                    raise SystemExit(
                        "the server did not start; see var/bench/hostile-server.log"
                    ) from None
                time.sleep(0.2)
        yield port
    finally:
        # Our own process group (start_new_session): the server and nothing else.
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(15)


def post(connection: http.client.HTTPConnection, body: bytes) -> tuple[float, dict[str, Any]]:
    start = time.perf_counter()
    connection.request("POST", "/graphql", body, {"Content-Type": "application/json"})
    response = connection.getresponse()
    answer = json.loads(response.read())
    return (time.perf_counter() - start) * 1000, answer


def code_of(answer: dict[str, Any]) -> str:
    errors = answer.get("errors") or []
    return errors[0]["extensions"]["code"] if errors else "served"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--requests", type=int, default=20, help="requests per document")
    args = parser.parse_args()
    with server() as port:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
        print(
            f"{'document':38} {'bytes':>9} {'answer':>18}"
            f" {'distinct p50':>12} {'max':>7} {'repeated p50':>12} {'max':>7}"
        )
        for name, document, variables in DOCUMENTS:
            timings: dict[str, list[float]] = {"distinct": [], "repeated": []}
            code = ""
            for i in range(args.requests):
                for kind in timings:
                    text = document + (f"\n# {i}" if kind == "distinct" else "")
                    body = {"query": text, **({"variables": variables} if variables else {})}
                    elapsed, answer = post(connection, json.dumps(body).encode())
                    timings[kind].append(elapsed)
                    code = code_of(answer)
            size = len(document.encode("utf-8", "surrogatepass"))
            distinct, repeated = timings["distinct"], timings["repeated"]
            print(
                f"{name:38} {size:9} {code:>18}"
                f" {statistics.median(distinct):12.1f} {max(distinct):7.1f}"
                f" {statistics.median(repeated):12.1f} {max(repeated):7.1f}"
            )


if __name__ == "__main__":
    main()
