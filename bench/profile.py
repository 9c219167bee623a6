"""Profile one scenario inside one process: where a request's CPU goes.

    .venv/bin/python -m bench.profile labo_front_page            # pyinstrument tree
    .venv/bin/python -m bench.profile labo_front_page --plain    # ms per request only
    .venv/bin/python -m bench.profile website_labo_page          # the website's HTML page

Runs Comptoir as deployed (DEBUG off, `config.asgi`) against the seeded bench database
(`python -m bench.seed`), drives the ASGI application directly (no socket, no server), logs
the scenario's viewer in through `login`, warms up, then times N requests one after another
and, unless `--plain`, prints pyinstrument's call tree of them. pyinstrument is a bench-only
tool: `pip install -e ".[bench]"` brings it (not a runtime dependency).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import secrets
import time
from typing import Any

from bench import scenarios as sc
from bench.common import (
    COMMITTEE_USERNAME,
    PASSWORD,
    VAR_BENCH,
    VIEWER_USERNAME,
    WEBSITE_MANIFEST,
    database_url,
)


def setup() -> None:
    os.environ["DATABASE_URL"] = database_url()
    os.environ["DEBUG"] = "0"
    os.environ.setdefault("SECRET_KEY", secrets.token_urlsafe(40))
    os.environ["ALLOWED_HOSTS"] = "testserver,127.0.0.1"
    # Plain HTTP in-process, as behind a TLS-terminating proxy that redirects by itself.
    os.environ["SECURE_SSL_REDIRECT"] = "0"
    # The bench's documents registered as trusted documents, as `make bench` runs Comptoir.
    manifest = sc.write_trusted_manifest(WEBSITE_MANIFEST, VAR_BENCH / "trusted-documents.json")
    os.environ["COMPTOIR_TRUSTED_DOCUMENTS_MANIFEST"] = str(manifest)
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings"


def payload(scenario: str) -> tuple[dict[str, Any], str | None]:
    """The GraphQL request of `scenario` and the username it is sent as (None: a visitor);
    for a page of the website (scenarios.PAGE_SCENARIOS), `{"path": ...}`, fetched with GET."""
    from bench.run import fixtures, global_id, keyset_cursor

    for page in sc.PAGE_SCENARIOS:
        if page.name == scenario:
            return {"path": page.path}, VIEWER_USERNAME if page.logged_in else None

    fx = fixtures(database_url())
    if scenario == "labo_front_page":
        return {"query": sc.LABO_PAGE, "variables": {"first": sc.PAGE_SIZE}}, VIEWER_USERNAME
    if scenario == "labo_front_page_anonymous":
        return {"query": sc.LABO_PAGE_ANONYMOUS, "variables": {"first": sc.PAGE_SIZE}}, None
    if scenario == "request_overhead":
        return {"query": sc.OVERHEAD}, VIEWER_USERNAME
    if scenario == "labo_deep_page":
        after = keyset_cursor(*fx.deep_after)
        variables = {"first": sc.PAGE_SIZE, "after": after}
        return {"query": sc.LABO_PAGE, "variables": variables}, VIEWER_USERNAME
    if scenario == "suggestion_page":
        variables = {"id": global_id("Suggestion", fx.suggestions[0])}
        return {"query": sc.SUGGESTION_PAGE, "variables": variables}, VIEWER_USERNAME
    if scenario == "thread_page":
        variables = {"id": global_id("Thread", fx.threads[0])}
        return {"query": sc.THREAD_PAGE, "variables": variables}, VIEWER_USERNAME
    if scenario == "committee_agenda":
        variables = {"id": global_id("CommitteeMeeting", fx.meetings[0])}
        return {"query": sc.COMMITTEE_AGENDA, "variables": variables}, COMMITTEE_USERNAME
    raise SystemExit(f"unknown scenario {scenario}")


async def logged_in(client: Any, username: str) -> dict[str, str]:
    """Log `client` in as `username` through `login`: the headers its requests then send."""
    login = {
        "query": sc.LOGIN,
        "variables": {"username": username, "password": PASSWORD},
    }
    response = await client.post("/graphql", login, content_type="application/json")
    assert response.json()["data"]["login"]["errors"] == [], response.json()
    csrf = response.cookies["csrftoken"].value if "csrftoken" in response.cookies else None
    if csrf is None:
        csrf_response = await client.get("/auth/csrf/")
        csrf = csrf_response.cookies["csrftoken"].value
    return {"X-CSRFToken": csrf}


async def run(scenario: str, requests: int, plain: bool) -> None:
    from django.test import AsyncClient

    body, username = payload(scenario)
    client = AsyncClient(enforce_csrf_checks=True)
    headers: dict[str, str] = {}
    if username is not None:
        headers = await logged_in(client, username)

    async def once() -> None:
        if "path" in body:
            # A browser's GET: the session cookie only, no CSRF header.
            page = await client.get(body["path"])
            assert page.status_code == 200, page.status_code
            return
        response = await client.post(
            "/graphql", body, content_type="application/json", headers=headers
        )
        data = json.loads(response.content)
        assert "errors" not in data, data

    for _ in range(20):
        await once()
    profiler = None
    if not plain:
        from pyinstrument import Profiler

        profiler = Profiler(interval=0.0002, async_mode="enabled")
        profiler.start()
    started, cpu_started = time.perf_counter(), time.process_time()
    for _ in range(requests):
        await once()
    elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu_started
    if profiler is not None:
        profiler.stop()
        print(profiler.output_text(unicode=True, color=False, show_all=False))
    print(
        f"{scenario}: {elapsed / requests * 1000:.2f} ms per request, "
        f"{cpu / requests * 1000:.2f} ms of this process's CPU, over {requests}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description="Profile one bench scenario in-process")
    parser.add_argument("scenario")
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--plain", action="store_true", help="time only, no profiler")
    args = parser.parse_args()
    setup()
    import django

    django.setup()
    asyncio.run(run(args.scenario, args.requests, args.plain))


if __name__ == "__main__":
    main()
