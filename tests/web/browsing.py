"""The website in a real browser, the parts every browser test module uses: uvicorn serving
config.asgi:application in its own process over the test database with the demo community
loaded (trusted documents only), Debian's chromium driven by Playwright, and visits (one
browser context each: a person) that fail the test on a page or a /graphql answer carrying
a GraphQL error, on a server error and on anything the browser logs as an error.

Chromium is Debian's (`apt-get install chromium`, /usr/bin/chromium; `.ci/run` installs it),
never a browser Playwright downloads. Without it these tests fail, they do not skip.

A module using them marks its tests `pytest.mark.django_db(transaction=True)`: the server
reads what the tests commit, and no transaction of the test process holds SQLite's lock.
"""

from __future__ import annotations

import io
import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.db import connection
from playwright.sync_api import (
    Browser,
    BrowserContext,
    Page,
    Response,
    Route,
    expect,
    sync_playwright,
)
from pytest_django import DjangoDbBlocker

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = "/usr/bin/chromium"
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
SCREENSHOTS = ROOT / "var" / "screenshots"
PASSWORD = "comptoir-demo"
# A loaded machine (CI, two cores) may take seconds to answer: assertions wait as actions do.
TIMEOUT_MS = 15_000
expect.set_options(timeout=TIMEOUT_MS)
TOP_IDEA = "Pouvoir désactiver la publicité par courrier"


def _database_url() -> str:
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{db['NAME']}"
    credentials = db["USER"] + (f":{db['PASSWORD']}" if db["PASSWORD"] else "")
    return f"postgres://{credentials}@{db['HOST']}:{db['PORT'] or 5432}/{db['NAME']}"


@dataclass
class Site:
    url: str


@pytest.fixture(scope="module")
def site(django_db_setup: None, django_db_blocker: DjangoDbBlocker) -> Iterator[Site]:
    """uvicorn serving the test database on a free port (a socket bound here and handed
    over)."""
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: apt-get install chromium (.ci/run does it).")
    if not AXE.exists():
        pytest.fail("axe-core is missing: `make assets` (npm ci).")
    with django_db_blocker.unblock():
        database_url = _database_url()
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    sock.listen(64)
    environ = {
        **{k: v for k, v in os.environ.items() if k not in ("REDIS_URL", "SECRET_KEY")},
        "DATABASE_URL": database_url,
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DEBUG": "1",
        "COMPTOIR_TRUSTED_DOCUMENTS_ONLY": "1",
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
    url = f"http://127.0.0.1:{sock.getsockname()[1]}"
    try:
        deadline = time.monotonic() + 60
        while True:
            if process.poll() is not None:
                output = process.stdout.read().decode() if process.stdout else ""
                pytest.fail(f"uvicorn exited ({process.returncode}):\n{output}")
            try:
                with urllib.request.urlopen(f"{url}/healthz", timeout=5) as answer:
                    if answer.status == 200:
                        break
            except OSError:
                pass
            if time.monotonic() > deadline:
                pytest.fail("uvicorn did not answer /healthz within 60 s")
            time.sleep(0.2)
        yield Site(url)
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        sock.close()


@pytest.fixture
def demo(transactional_db: None, settings: Any) -> None:
    """The demo community, committed for the server (the server checks passwords with its
    own hashers: the demo's are the default ones)."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.PBKDF2PasswordHasher"]
    call_command("load_demo", stdout=io.StringIO())


@pytest.fixture
def browser(site: Site, demo: None) -> Iterator[Browser]:
    """Chromium, started after the test's rows are written and stopped before they are
    emptied: Django refuses database calls while Playwright's event loop runs."""
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM)
        yield chromium
        chromium.close()


@dataclass
class Visit:
    """One browser context (a person), with what its pages and /graphql answered."""

    context: BrowserContext
    page: Page
    responses: list[Response] = field(default_factory=list)
    graphql: list[tuple[int, Any]] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)

    def _through(self, route: Route) -> None:
        """A page's script calling /graphql: the answer is kept (status, JSON) and passed on."""
        answer = route.fetch()
        self.graphql.append((answer.status, answer.json()))
        route.fulfill(response=answer)

    def login(self, username: str, next: str = "/") -> None:
        self.page.goto(f"/connexion/?next={next}")
        self.page.get_by_label("Identifiant").fill(username)
        self.page.get_by_label("Mot de passe").fill(PASSWORD)
        self.page.get_by_role("button", name="Se connecter").click()
        expect(self.page.get_by_role("button", name="Se déconnecter")).to_be_visible()

    def problems(self) -> list[str]:
        """Every page or /graphql answer with a GraphQL error or a server error, and what
        the browser logged as an error."""
        found = list(self.console_errors)
        for response in self.responses:
            if response.status >= 500:
                found.append(f"{response.url}: HTTP {response.status}")
            if response.request.resource_type == "document":
                errors = response.headers.get("x-comptoir-graphql-errors")
                if errors not in (None, "0"):
                    found.append(f"{response.url}: {errors} GraphQL errors")
        for status, body in self.graphql:
            if status != 200 or body.get("errors"):
                found.append(f"/graphql: HTTP {status} {body}")
        return found


@pytest.fixture
def visits(browser: Browser, site: Site) -> Iterator[Any]:
    """Opens visits (`visits()`, `visits(javascript=False)`); each must end with no
    problem."""
    opened: list[Visit] = []

    def open_visit(*, javascript: bool = True, width: int = 1280) -> Visit:
        context = browser.new_context(
            base_url=site.url,
            java_script_enabled=javascript,
            locale="fr-FR",
            timezone_id="Europe/Paris",
            viewport={"width": width, "height": 900},
        )
        context.set_default_timeout(TIMEOUT_MS)
        page = context.new_page()
        visit = Visit(context=context, page=page)
        page.on("response", lambda response: visit.responses.append(response))
        context.route("**/graphql", visit._through)
        page.on(
            "console",
            lambda message: (
                visit.console_errors.append(message.text) if message.type == "error" else None
            ),
        )
        opened.append(visit)
        return visit

    yield open_visit
    problems = [problem for visit in opened for problem in visit.problems()]
    for visit in opened:
        # A page may still be calling /graphql (a live page refreshing): its answer, read by
        # `_through` after the context is gone, is not the test's concern.
        visit.context.unroute_all(behavior="ignoreErrors")
        visit.context.close()
    assert problems == []


def axe_violations(page: Page) -> list[str]:
    """axe-core's serious and critical violations on the page (every rule it runs by
    default: WCAG 2.0–2.2 A and AA, and best practices)."""
    violations = page.evaluate(
        "async () => (await axe.run(document)).violations"
        ".filter(v => ['serious', 'critical'].includes(v.impact))"
        ".map(v => v.id + ': ' + v.help + ' ' + v.nodes.map(n => n.target.join(' ')).join(', '))"
    )
    return list(violations)
