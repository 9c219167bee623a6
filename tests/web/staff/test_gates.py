"""Every staff page and action (web/staff/urls.py) answers an anonymous visitor and a
customer with the site's 404 page, by GET and by POST, whatever its ids: no hint that it
exists, and nothing runs."""

from __future__ import annotations

from typing import Any

import pytest

from models.models import AuditEvent, Member
from tests.web.conftest import Browser
from tests.web.staff.paths import STAFF_PATHS


def test_every_staff_url_is_listed() -> None:
    assert STAFF_PATHS, "web/staff/urls.py lists no page"


@pytest.mark.parametrize("path", STAFF_PATHS)
@pytest.mark.parametrize("who", ["anonymous", "customer"])
def test_anonymous_visitors_and_customers_get_the_404_page(
    path: str, who: str, customer: Member, settings: Any
) -> None:
    browser = Browser(customer if who == "customer" else None)
    for response in (browser.http.get(path), browser.http.post(path, {"body": "x"})):
        assert response.status_code == 404, (path, response.status_code)
        page = response.content.decode()
        assert "This page does not exist" in page or "Cette page n" in page
        assert "/equipe/" not in page.replace(path, "")
    assert AuditEvent.objects.count() == 0


def test_a_customer_sees_no_staff_link(customer: Member) -> None:
    page = Browser(customer).text("/")
    assert "/equipe/" not in page


def test_an_adviser_sees_the_staff_links_of_their_capabilities(adviser: Member) -> None:
    page = Browser(adviser).text("/")
    assert 'href="/equipe/chiffres/"' in page
