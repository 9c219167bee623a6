"""Anonymous visitors' pages kept for a second (web/page_cache.py): served to every visitor
without a session within the second, with that visitor's own CSRF token; never a member's
page, never to a member or to anyone with a session, one copy per language and URL."""

from __future__ import annotations

import re
import time
from html import unescape
from typing import Any

import pytest
from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core.cache import cache
from django.db import connection
from django.test import Client, RequestFactory
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from models.models import Member
from schema.core.ids import encode_id
from tests.factories import SuggestionFactory, add_votes
from web import page_cache

from .conftest import Browser

pytestmark = pytest.mark.django_db

TOKEN = re.compile(r'name="csrf-token" content="([A-Za-z0-9]+)"')
PASSWORD = "correct horse battery staple"


def kept_page(path: str, language: str = "fr") -> page_cache.KeptPage | None:
    """What the cache keeps for an anonymous visitor of `path` in `language`."""
    with translation.override(language):
        key = page_cache.key_for(RequestFactory().get(path), AnonymousUser())
    assert key is not None
    page: page_cache.KeptPage | None = cache.get(key)
    return page


def token_of(html: bytes) -> str:
    found = TOKEN.search(html.decode())
    assert found, "no csrf-token meta tag"
    return found.group(1)


def vote_counts(html: bytes) -> list[str]:
    return re.findall(r"data-vote-count>([^<]*)<", html.decode())


def test_anonymous_visitors_share_one_page_a_second_each_with_their_own_csrf_token(
    customer: Member,
) -> None:
    idea = SuggestionFactory.create(title="Relevés sans papier")
    add_votes(idea, [idea.author])
    idea.save()
    first = Client(enforce_csrf_checks=True).get("/labo/")
    assert first.status_code == 200
    kept = kept_page("/labo/")
    assert kept is not None
    # The page as rendered, its token aside; the token is the first visitor's.
    assert kept.body == first.content
    assert kept.csrf_token == token_of(first.content)
    assert ("Content-Type", "text/html; charset=utf-8") in kept.headers

    second = Client(enforce_csrf_checks=True)
    with CaptureQueriesContext(connection) as statements:
        served = second.get("/labo/")
    # Served as kept: no statement, no template rendered.
    assert len(statements.captured_queries) == 0
    assert served.status_code == 200
    assert first.templates[0].name == "web/labo.html"
    assert served.templates == []
    token = token_of(served.content)
    assert token != kept.csrf_token
    assert served.content == kept.body.replace(kept.csrf_token.encode(), token.encode())
    assert kept.csrf_token.encode() not in served.content
    # The token served is the second visitor's own: their CSRF cookie was set with it, and
    # the login form accepts it (Django's CSRF check, as in production).
    assert settings.CSRF_COOKIE_NAME in served.cookies
    logged_in = second.post(
        "/connexion/",
        {"username": customer.username, "password": PASSWORD, "csrfmiddlewaretoken": token},
    )
    assert (logged_in.status_code, logged_in["Location"]) == (302, "/")


def test_a_kept_page_s_token_is_refused_with_another_visitor_s_cookie(customer: Member) -> None:
    first = Client(enforce_csrf_checks=True)
    first_token = token_of(first.get("/connexion/").content)
    second = Client(enforce_csrf_checks=True)
    second_token = token_of(second.get("/connexion/").content)
    assert kept_page("/connexion/") is not None
    login = {"username": customer.username, "password": PASSWORD}
    refused = second.post("/connexion/", {**login, "csrfmiddlewaretoken": first_token})
    assert refused.status_code == 403
    accepted = second.post("/connexion/", {**login, "csrfmiddlewaretoken": second_token})
    assert (accepted.status_code, accepted["Location"]) == (302, "/")


def test_a_voter_sees_their_vote_at_once_while_anonymous_readers_get_the_kept_page(
    customer: Member, claire: Browser
) -> None:
    idea = SuggestionFactory.create()
    add_votes(idea, [idea.author])
    idea.save()
    assert vote_counts(Client().get("/labo/").content) == ["1"]
    before = time.monotonic()
    claire.post(
        f"/labo/idees/{encode_id('Suggestion', idea.pk)}/voter/",
        {"action": "vote", "next": "/labo/"},
    )
    # The voter, on the next request: their vote, counted, on a page of their own.
    mine = claire.get("/labo/")
    assert vote_counts(mine.content) == ["2"]
    assert "no-store" in mine["Cache-Control"]
    # Anonymous readers within the second: the page rendered before the vote.
    assert vote_counts(Client().get("/labo/").content) == ["1"]
    assert time.monotonic() - before < 1, "too slow to observe the kept page"
    # Once the second is over, the change reaches them.
    time.sleep(1.1)
    assert vote_counts(Client().get("/labo/").content) == ["2"]


def test_members_pages_are_never_kept_nor_served_a_kept_page(
    customer: Member, claire: Browser
) -> None:
    mine = claire.text("/labo/")
    assert customer.display_name in mine
    assert kept_page("/labo/") is None
    anonymous = Client().get("/labo/").content.decode()
    assert customer.display_name not in anonymous
    assert kept_page("/labo/") is not None
    assert customer.display_name in claire.text("/labo/")


def test_a_visitor_with_a_session_is_never_served_a_kept_page() -> None:
    Client().get("/labo/")
    kept = kept_page("/labo/")
    assert kept is not None
    # A page no one rendered, kept under the anonymous page's key: who is served it shows
    # who reads the cache.
    marker = page_cache.KeptPage(
        body=b"<p>kept</p>" + kept.csrf_token.encode(),
        headers=(("Content-Type", "text/html; charset=utf-8"),),
        csrf_token=kept.csrf_token,
    )
    with translation.override("fr"):
        key = page_cache.key_for(RequestFactory().get("/labo/"), AnonymousUser())
    assert key is not None
    cache.set(key, marker, timeout=1)
    assert Client().get("/labo/").content.startswith(b"<p>kept</p>")
    with_session = Client()
    with_session.cookies[settings.SESSION_COOKIE_NAME] = "no-such-session"
    assert b"<p>kept</p>" not in with_session.get("/labo/").content


def test_each_language_has_its_own_copy() -> None:
    def title(visitor: Client) -> str:
        found = re.search(r"<title>(.*?) · ", unescape(visitor.get("/labo/").content.decode()))
        assert found
        return found.group(1)

    english_visitor = Client()
    english_visitor.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    for _ in range(2):  # rendered, then served from each language's copy
        assert title(Client()) == "Le Labo : les idées de la communauté"
        assert title(english_visitor) == "Le Labo: the community's ideas"
    assert kept_page("/labo/", "fr") is not None
    assert kept_page("/labo/", "en") is not None


@pytest.mark.parametrize(
    ("path", "status"),
    [
        ("/labo/idees/U3VnZ2VzdGlvbjo5OTk5OTk=/", 404),  # no such idea
        ("/notifications/", 302),  # a member's page: to the login
    ],
)
def test_only_successful_pages_are_kept(path: str, status: int) -> None:
    assert Client().get(path).status_code == status
    assert kept_page(path) is None


def test_a_form_posted_back_is_never_kept(customer: Member) -> None:
    answer = Client().post("/connexion/", {"username": customer.username, "password": "wrong"})
    assert answer.status_code == 200
    assert kept_page("/connexion/") is None


def test_the_cache_can_be_turned_off(settings: Any) -> None:
    settings.COMPTOIR_PUBLIC_CACHE_SECONDS = 0
    assert Client().get("/labo/").status_code == 200
    with translation.override("fr"):
        assert page_cache.key_for(RequestFactory().get("/labo/"), AnonymousUser()) is None
