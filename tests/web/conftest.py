from __future__ import annotations

from collections.abc import Callable
from html import unescape
from typing import Any

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from models.models import Member


class Browser:
    """A visitor of the website over Django's test client (the whole middleware stack),
    with what a page received from its documents (`X-Comptoir-GraphQL-Errors`, DEBUG)."""

    def __init__(self, member: Member | None = None) -> None:
        self.http = Client()
        if member is not None:
            self.http.force_login(member)

    def get(self, path: str, expected: int = 200, /, **params: Any) -> Any:
        response = self.http.get(path, params or None)
        assert response.status_code == expected, (path, response.status_code)
        if response.get("Content-Type", "").startswith("text/html"):
            assert response["X-Comptoir-GraphQL-Errors"] == "0", path
        return response

    def post(self, path: str, data: dict[str, Any], status: int = 302) -> Any:
        response = self.http.post(path, data)
        assert response.status_code == status, (path, response.status_code)
        return response

    def text(self, path: str, **params: Any) -> str:
        """The page's HTML, its character references read (`n'existe`, not `n&#x27;existe`);
        `params` are the query string's (`status` among them)."""
        content: bytes = self.get(path, 200, **params).content
        return unescape(content.decode())


def page_statements(visitor: Browser, path: str) -> int:
    """The SQL statements of one page, as `visitor` opens it, computed (not the answers an
    anonymous visitor's page may reuse from the public cache for a second)."""
    cache.clear()
    with CaptureQueriesContext(connection) as ctx:
        visitor.get(path)
    return len(ctx.captured_queries)


def same_for(make: Callable[[int], str], visitor: Browser, sizes: tuple[int, int] = (2, 7)) -> int:
    """The statements of the page `make(n)` returns the path of, after adding n rows, for
    both sizes: equal (DESIGN §6, constant in the list sizes), and returned to be pinned."""
    small = page_statements(visitor, make(sizes[0]))
    large = page_statements(visitor, make(sizes[1]))
    assert small == large, (small, large)
    return small


@pytest.fixture
def visitor(db: None) -> Browser:
    return Browser()


@pytest.fixture
def claire(customer: Member) -> Browser:
    return Browser(customer)


@pytest.fixture(autouse=True)
def _debug(settings: Any) -> None:
    """DEBUG on, as `make run` (Django's test runner turns it off): pages then say in a
    header how many GraphQL errors their documents received."""
    settings.DEBUG = True


# The browser tests' fixtures (tests/web/browsing.py), for every module of tests/web/.
from tests.web.browsing import browser, demo, site, visits  # noqa: E402, F401
