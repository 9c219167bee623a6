"""Anonymous visitors' public pages kept for a second (web/page_cache.py): served to every
visitor without a session within the second, with that visitor's own CSRF token; made of
data of now; never a member's page, never to a member or to anyone with a session, one copy
per language and absolute URL, and only public pages that answered without error.

The clock is frozen (`frozen_clock`, which the process-memory cache's expiry follows), so
that "within the second" does not depend on how fast the machine runs the test."""

from __future__ import annotations

import json
import re
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

from models.models import Member, Suggestion
from schema.core.ids import encode_id
from tests.factories import SuggestionFactory, add_votes
from web import page_cache
from web.queries import document_ids

from .conftest import Browser

pytestmark = pytest.mark.django_db

TOKEN = re.compile(r'name="csrf-token" content="([A-Za-z0-9]+)"')
PASSWORD = "correct horse battery staple"


def key_of(path: str, language: str = "fr", **request: Any) -> str:
    with translation.override(language):
        key = page_cache.key_for(RequestFactory().get(path, **request), AnonymousUser())
    assert key is not None
    return key


def kept_page(path: str, language: str = "fr", **request: Any) -> page_cache.KeptPage | None:
    """What the cache keeps for an anonymous visitor of `path` in `language`."""
    page: page_cache.KeptPage | None = cache.get(key_of(path, language, **request))
    return page


def token_of(html: bytes) -> str:
    found = TOKEN.search(html.decode())
    assert found, "no csrf-token meta tag"
    return found.group(1)


def vote_counts(html: bytes) -> list[str]:
    return re.findall(r"data-vote-count>([^<]*)<", html.decode())


def voted_idea() -> Suggestion:
    idea = SuggestionFactory.create(title="Relevés sans papier")
    add_votes(idea, [idea.author])
    idea.save()
    return idea


def test_anonymous_visitors_share_one_page_a_second_each_with_their_own_csrf_token(
    frozen_clock: list[float], customer: Member
) -> None:
    voted_idea()
    first = Client(enforce_csrf_checks=True).get("/labo/")
    assert first.status_code == 200
    kept = kept_page("/labo/")
    assert kept is not None
    # The page as rendered, with the first visitor's token.
    assert kept.body == first.content
    assert kept.csrf_token == token_of(first.content)
    assert ("Content-Type", "text/html; charset=utf-8") in kept.headers

    frozen_clock[0] += 0.9
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
    first_token = token_of(first.get("/labo/").content)
    second = Client(enforce_csrf_checks=True)
    second_token = token_of(second.get("/labo/").content)
    assert kept_page("/labo/") is not None
    login = {"username": customer.username, "password": PASSWORD}
    refused = second.post("/connexion/", {**login, "csrfmiddlewaretoken": first_token})
    assert refused.status_code == 403
    accepted = second.post("/connexion/", {**login, "csrfmiddlewaretoken": second_token})
    assert (accepted.status_code, accepted["Location"]) == (302, "/")


def test_a_voter_sees_their_vote_at_once_while_anonymous_readers_get_the_kept_page(
    frozen_clock: list[float], customer: Member, claire: Browser
) -> None:
    idea = voted_idea()
    assert vote_counts(Client().get("/labo/").content) == ["1"]
    claire.post(f"/labo/idees/{encode_id('Suggestion', idea.pk)}/voter/", {"action": "vote"})
    # The voter, on the next request: their vote, counted, on a page of their own.
    mine = claire.get("/labo/")
    assert vote_counts(mine.content) == ["2"]
    assert "no-store" in mine["Cache-Control"]
    # Anonymous readers within the second: the page rendered before the vote.
    frozen_clock[0] += 0.9
    assert vote_counts(Client().get("/labo/").content) == ["1"]
    # Once the second is over, the change reaches them.
    frozen_clock[0] += 0.2
    assert vote_counts(Client().get("/labo/").content) == ["2"]


def test_a_page_to_keep_is_made_of_data_of_now_not_of_answers_kept_earlier(
    frozen_clock: list[float], customer: Member, claire: Browser
) -> None:
    # The page's list, asked on /graphql by an anonymous client: its answer is kept.
    idea = voted_idea()
    labo = {
        "documentId": document_ids()["Labo"],
        "variables": {"orderBy": "TOP", "status": None, "first": 20, "after": None},
    }

    def api_count() -> int:
        answer = Client().post("/graphql", json.dumps(labo), content_type="application/json")
        count: int = answer.json()["data"]["suggestions"]["edges"][0]["node"]["voteCount"]
        return count

    assert api_count() == 1
    claire.post(f"/labo/idees/{encode_id('Suggestion', idea.pk)}/voter/", {"action": "vote"})
    frozen_clock[0] += 0.5
    assert api_count() == 1  # the kept answer, for the rest of its second
    # A page about to be kept for a whole second does not start from that answer (it would
    # then show a count a second and a half old): it runs its documents on data of now.
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


def marked(path: str, **request: Any) -> None:
    """A page no one rendered, kept under the anonymous page's key of `path`: who is served
    it shows who reads the cache under that key."""
    page = page_cache.KeptPage(
        body=b"<p>kept</p>",
        headers=(("Content-Type", "text/html; charset=utf-8"),),
        csrf_token="unused",
    )
    cache.set(key_of(path, **request), page, timeout=60)


def test_a_visitor_with_a_session_is_never_served_a_kept_page() -> None:
    marked("/labo/")
    assert Client().get("/labo/").content == b"<p>kept</p>"
    with_session = Client()
    with_session.cookies[settings.SESSION_COOKIE_NAME] = "no-such-session"
    assert b"<p>kept</p>" not in with_session.get("/labo/").content


def test_each_absolute_url_has_its_own_copy() -> None:
    marked("/labo/")
    assert Client().get("/labo/").content == b"<p>kept</p>"
    for other in (
        Client().get("/labo/?order=NEWEST"),  # another query string
        Client().get("/labo/", HTTP_HOST="127.0.0.1"),  # another host
        Client().get("/labo/", secure=True),  # another scheme
        Client().get("/cafe/"),  # another path
    ):
        assert other.status_code == 200
        assert b"<p>kept</p>" not in other.content
    assert kept_page("/labo/?order=NEWEST") is not None
    assert kept_page("/labo/", HTTP_HOST="127.0.0.1") is not None
    assert kept_page("/labo/", secure=True) is not None


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
        ("/recherche/?q=relev%C3%A9&after=not-a-cursor", 200),  # a page with an error
        ("/notifications/", 302),  # a member's page: to the login
        ("/connexion/", 200),  # not a public page: a form
    ],
)
def test_only_public_pages_that_answered_without_error_are_kept(path: str, status: int) -> None:
    answer = Client().get(path)
    assert answer.status_code == status
    assert kept_page(path) is None


def test_the_cache_can_be_turned_off(settings: Any) -> None:
    settings.COMPTOIR_PUBLIC_CACHE_SECONDS = 0
    assert Client().get("/labo/").status_code == 200
    with translation.override("fr"):
        assert page_cache.key_for(RequestFactory().get("/labo/"), AnonymousUser()) is None
