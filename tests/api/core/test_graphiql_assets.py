"""GraphiQL loads nothing from another site: its page references Comptoir's own static
files (npm packages at the versions package-lock.json pins, `make assets`), served by
WhiteNoise (config/middleware.py), under a Content-Security-Policy."""

from __future__ import annotations

import base64
import hashlib
import re
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from asgiref.sync import async_to_sync
from django.core.management import call_command
from django.test import AsyncClient, Client

from tests.factories import AdviserFactory
from tests.graphql import BROWSER_ACCEPT

pytestmark = pytest.mark.django_db


class _Page(HTMLParser):
    """Every URL-bearing attribute of the page, and its inline scripts' and styles' tags."""

    def __init__(self) -> None:
        super().__init__()
        self.references: list[dict[str, str]] = []
        self.inline: list[tuple[str, dict[str, str]]] = []
        self._open: tuple[str, dict[str, str]] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = {name: value or "" for name, value in attrs}
        for name in ("src", "href", "action", "data", "poster", "srcset"):
            if name in attributes:
                self.references.append({"tag": tag, "url": attributes[name], **attributes})
        if tag in ("script", "style") and "src" not in attributes:
            self._open = (tag, attributes)

    def handle_data(self, data: str) -> None:
        if self._open is not None and data.strip():
            self.inline.append(self._open)
            self._open = None

    def handle_endtag(self, tag: str) -> None:
        self._open = None


def _graphiql(settings: Any) -> tuple[Any, _Page]:
    settings.DEBUG = True
    response = Client().get("/graphql", HTTP_ACCEPT=BROWSER_ACCEPT)
    assert response.status_code == 200
    page = _Page()
    page.feed(response.content.decode())
    return response, page


def _body(response: Any) -> bytes:
    if response.streaming:
        return b"".join(response.streaming_content)
    return bytes(response.content)


def _sri(content: bytes) -> str:
    return "sha384-" + base64.b64encode(hashlib.sha384(content).digest()).decode()


def test_the_graphiql_page_loads_nothing_from_another_site(settings: Any) -> None:
    response, page = _graphiql(settings)
    urls = [reference["url"] for reference in page.references]
    assert urls, "the page references no asset"
    for url in urls:
        # Same origin: a path (not "//host/..."), or data inlined in the page.
        assert (url.startswith("/") and not url.startswith("//")) or url.startswith("data:"), url
    # Nor does any script or style mention another site (the inline ones build URLs from
    # the page's own location). The favicon's SVG namespace is a name, not a fetch.
    text = response.content.decode().replace("http://www.w3.org/2000/svg", "")
    assert re.findall(r"(?:https?:)?//[\w.-]+\.\w+/", text) == []
    assert "unpkg" not in text
    # And the template's own comments stay out of it.
    assert "{#" not in text and "{%" not in text


def test_each_asset_of_the_page_is_served_as_published(settings: Any) -> None:
    _, page = _graphiql(settings)
    assets = [ref for ref in page.references if ref["url"].startswith("/static/")]
    assert sorted(ref["url"] for ref in assets) == [
        "/static/vendor/%40graphiql/plugin-explorer/dist/index.umd.js",
        "/static/vendor/%40graphiql/plugin-explorer/dist/style.css",
        "/static/vendor/graphiql/graphiql.min.css",
        "/static/vendor/graphiql/graphiql.min.js",
        "/static/vendor/js-cookie/dist/js.cookie.min.js",
        "/static/vendor/react-dom/umd/react-dom.production.min.js",
        "/static/vendor/react/umd/react.production.min.js",
    ]
    client = Client()
    for asset in assets:
        response = client.get(asset["url"])
        assert response.status_code == 200, asset["url"]
        # Byte for byte the published file: the page's integrity hash holds.
        assert _sri(_body(response)) == asset["integrity"], asset["url"]
        assert response["Content-Type"].startswith(
            "text/javascript" if asset["url"].endswith(".js") else "text/css"
        )


def test_assets_are_served_over_asgi_in_blocks(settings: Any) -> None:
    settings.DEBUG = True
    url = "/static/vendor/graphiql/graphiql.min.js"
    response = async_to_sync(AsyncClient().get)(url)
    assert response.status_code == 200
    content = b"".join(async_to_sync(_collect)(response))
    published = Path("node_modules/graphiql/graphiql.min.js").read_bytes()
    assert content == published
    assert response["Content-Length"] == str(len(published))


async def _collect(response: Any) -> list[bytes]:
    return [block async for block in response.streaming_content]


def test_in_production_assets_come_from_collectstatic(settings: Any, tmp_path: Path) -> None:
    settings.STATIC_ROOT = tmp_path
    call_command("collectstatic", "--noinput", verbosity=0)
    settings.DEBUG = False
    staff = AdviserFactory.create(username="staff", is_staff=True)
    client = Client()
    client.force_login(staff)
    page = _Page()
    page.feed(client.get("/graphql", HTTP_ACCEPT=BROWSER_ACCEPT).content.decode())
    for asset in [ref for ref in page.references if ref["url"].startswith("/static/")]:
        response = client.get(asset["url"])
        assert response.status_code == 200, asset["url"]
        assert _sri(_body(response)) == asset["integrity"], asset["url"]
    # The admin's files too.
    assert client.get("/static/admin/css/base.css").status_code == 200


def test_the_page_runs_only_its_own_scripts_under_its_csp(settings: Any) -> None:
    response, page = _graphiql(settings)
    policy = dict(
        directive.strip().split(" ", 1)
        for directive in response["Content-Security-Policy"].split(";")
    )
    nonce = re.fullmatch(r"'self' 'nonce-([\w+/=]+)'", policy["script-src"])
    assert nonce is not None, policy["script-src"]
    assert policy["style-src"] == f"'self' 'nonce-{nonce.group(1)}'"
    assert "'unsafe-inline'" not in response["Content-Security-Policy"]
    assert policy["default-src"] == "'none'"
    assert policy["connect-src"] == "'self'"
    assert policy["frame-ancestors"] == "'none'"
    # Each inline script and style carries the response's nonce (the tabs' JSON is data).
    inline = [
        (tag, attributes.get("nonce"))
        for tag, attributes in page.inline
        if attributes.get("type") != "application/json"
    ]
    assert inline == [("style", nonce.group(1)), ("script", nonce.group(1))]
    # Every external script is Comptoir's, checked by its hash.
    scripts = [ref for ref in page.references if ref["tag"] == "script"]
    assert scripts and all(ref["integrity"].startswith("sha384-") for ref in scripts)


def test_a_new_nonce_for_each_page(settings: Any) -> None:
    first, _ = _graphiql(settings)
    second, _ = _graphiql(settings)
    assert first["Content-Security-Policy"] != second["Content-Security-Policy"]


def test_the_admin_pages_have_a_csp() -> None:
    response = Client().get("/admin/login/")
    assert response.status_code == 200
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "'unsafe-inline'" not in policy
