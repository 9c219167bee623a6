"""The staff's pages in a real browser (tests/web/browsing.py), across every area: an
anonymous visitor and a customer get the site's 404 on every staff URL (journey 5), and
every staff page an adviser and the committee's chair reach from the team bar passes
axe-core at 1280 and 390 pixels, with a screenshot each (journey 6)."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

import pytest
from django.urls import Resolver404, resolve
from playwright.sync_api import Page, expect

from tests.web.browsing import AXE, SCREENSHOTS, Visit, axe_violations
from tests.web.staff.paths import STAFF_PATHS, STAFF_URL_NAMES

pytestmark = pytest.mark.django_db(transaction=True)

NOT_FOUND_LOGGED = "Failed to load resource: the server responded with a status of 404 (Not Found)"
# The staff pages a crawl opens at most (one per URL name, the first link found).
CRAWL_LIMIT = 60


def test_visitors_and_customers_get_the_404_page_on_every_staff_url(visits: Any) -> None:
    anonymous = visits()
    customer = visits()
    customer.login("demo-client")
    for who in (anonymous, customer):
        for path in STAFF_PATHS:
            response = who.page.goto(path)
            assert response is not None and response.status == 404, path
            expect(who.page.get_by_role("heading", level=1)).to_have_text("Cette page n'existe pas")
            assert who.page.locator("nav.staff-nav").count() == 0
    # The pages are answered 404 on purpose, which the browser logs: not a problem here.
    for who in (anonymous, customer):
        assert set(who.console_errors) <= {NOT_FOUND_LOGGED}, who.console_errors
        who.console_errors.clear()


def _staff_name(href: str) -> str | None:
    """The URL name of a staff page's link, None for any other link."""
    path = urlsplit(href).path
    if not path.startswith("/equipe/"):
        return None
    try:
        match = resolve(path)
    except Resolver404:
        return None
    return match.url_name if match.namespaces[-1:] == ["staff"] else None


def _staff_links(page: Page) -> list[str]:
    hrefs = page.eval_on_selector_all("a[href]", "links => links.map(a => a.getAttribute('href'))")
    return [href for href in hrefs if _staff_name(href)]


def _form_actions(page: Page) -> set[str]:
    actions = page.eval_on_selector_all(
        "form[action]", "forms => forms.map(f => f.getAttribute('action'))"
    )
    return {name for action in actions if (name := _staff_name(action))}


def _crawl(visit: Visit, who: str, found: dict[str, list[str]]) -> set[str]:
    """Opens the team bar's pages, then the staff links on them (one page per URL name),
    checks each with axe-core; returns the URL names reached, as pages or as forms."""
    visit.context.add_init_script(path=str(AXE))
    visit.page.goto("/")
    queue = [
        a
        for a in visit.page.eval_on_selector_all(
            "nav.staff-nav a", "links => links.map(a => a.getAttribute('href'))"
        )
    ]
    assert queue, f"{who} sees no team bar"
    opened: dict[str, str] = {}
    reached: set[str] = set()
    while queue and len(opened) < CRAWL_LIMIT:
        href = queue.pop(0)
        name = _staff_name(href)
        if name is None or name in opened:
            continue
        opened[name] = href
        response = visit.page.goto(href)
        assert response is not None and response.status == 200, (who, href)
        width = visit.page.viewport_size["width"] if visit.page.viewport_size else 0
        visit.page.screenshot(
            path=str(SCREENSHOTS / f"staff-{who}-{name}-{width}.png"), full_page=True
        )
        violations = axe_violations(visit.page)
        if violations:
            found[f"{who} {href} at {width} px"] = violations
        reached |= _form_actions(visit.page)
        queue += _staff_links(visit.page)
    return reached | set(opened)


def test_every_staff_page_passes_axe_at_both_widths(visits: Any) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    found: dict[str, list[str]] = {}
    reached: set[str] = set()
    for width in (1280, 390):
        for username in ("demo-conseiller", "demo-president"):
            visit = visits(width=width)
            visit.login(username)
            reached |= _crawl(visit, username, found)
    assert found == {}
    # Every staff URL is a page reached from the team bar or the action of a form on one.
    assert sorted(reached) == STAFF_URL_NAMES
