"""The shared cache of public answers (schema/core/public_cache.py): anonymous visitors and
partners asking a trusted document within the freshness bound get the answer computed once;
a member always gets a fresh one, so a voter sees their vote on the next request."""

from __future__ import annotations

import json
import time
from typing import Any

import pytest
from django.test import Client

from models.models import Member, TokenScope
from permissions.roles import ANONYMOUS, PartnerAccess, Viewer
from schema.core import public_cache
from schema.core.trusted_documents import trusted
from tests.factories import SuggestionFactory, add_votes, issue_token
from tests.graphql import GraphQLClient, gid

pytestmark = pytest.mark.django_db

LABO = next(d for d, text in trusted().items() if text.startswith("query Labo("))
VOTE = next(d for d, text in trusted().items() if text.startswith("mutation VoteForSuggestion("))
PAGE = {"orderBy": "TOP", "first": 10}


def labo(http: Client, **headers: Any) -> list[tuple[str, int, bool | None]]:
    """The Labo's first page, as (id, voteCount, viewerHasVoted) per idea."""
    body = json.dumps({"documentId": LABO, "variables": PAGE})
    response = http.post("/graphql", data=body, content_type="application/json", **headers)
    assert response.status_code == 200, response.content
    result = response.json()
    assert "errors" not in result, result
    return [
        (e["node"]["id"], e["node"]["voteCount"], e["node"]["viewerHasVoted"])
        for e in result["data"]["suggestions"]["edges"]
    ]


@pytest.fixture
def cached(settings: Any) -> None:
    settings.COMPTOIR_PUBLIC_CACHE_SECONDS = 1


def test_a_voter_sees_their_vote_at_once_while_anonymous_readers_get_the_kept_answer(
    cached: None, customer: Member, customer_client: GraphQLClient
) -> None:
    idea = SuggestionFactory.create()
    add_votes(idea, [idea.author])
    idea.save()
    anonymous = Client()
    assert labo(anonymous) == [(gid(idea), 1, None)]
    before = time.monotonic()
    voted = customer_client.http.post(
        "/graphql",
        data=json.dumps({"documentId": VOTE, "variables": {"id": gid(idea)}}),
        content_type="application/json",
    ).json()
    assert voted["data"]["voteForSuggestion"]["suggestion"]["voteCount"] == 2
    # The voter, on the next request: their vote, counted.
    assert labo(customer_client.http) == [(gid(idea), 2, True)]
    # Anonymous readers within the second: the answer computed before the vote.
    assert labo(Client()) == [(gid(idea), 1, None)]
    assert time.monotonic() - before < 1, "too slow to observe the kept answer"
    # Once the second is over, the change reaches them.
    time.sleep(1.1)
    assert labo(Client()) == [(gid(idea), 2, None)]


def test_partners_get_answers_kept_per_scopes_with_their_own_extensions(cached: None) -> None:
    idea = SuggestionFactory.create()
    add_votes(idea, [idea.author])
    idea.save()
    _, first = issue_token(TokenScope.SUGGESTIONS_READ.value, partner="Comparateur")
    _, second = issue_token(TokenScope.SUGGESTIONS_READ.value, partner="Presse")
    body = json.dumps({"documentId": LABO, "variables": PAGE})
    answers = []
    for secret in (first, second, first):
        response = Client().post(
            "/graphql",
            data=body,
            content_type="application/json",
            headers={"Authorization": f"Bearer {secret}"},
        )
        answers.append(response.json())
    assert [a["data"]["suggestions"]["totalCount"] for a in answers] == [1, 1, 1]
    # Each answer carries its own token's rate-limit status, kept answer or not.
    remaining = [a["extensions"]["rateLimit"]["remaining"] for a in answers]
    assert remaining[0] == remaining[1] and remaining[2] == remaining[0] - 1


def test_what_is_never_kept(cached: None) -> None:
    labo_text = trusted()[LABO]
    vote_text = trusted()[VOTE]
    key = public_cache.key_for
    partner = Viewer(partner=PartnerAccess(token_id=1, partner="P", scopes=frozenset({"a", "b"})))
    kept = key(
        viewer=ANONYMOUS,
        query=labo_text,
        operation_name=None,
        variables=PAGE,
        carries_session=False,
    )
    assert kept is not None and kept.startswith("comptoir:public-answer:")
    # The same request keys the same; other variables, another audience, another key.
    assert kept == key(
        viewer=ANONYMOUS,
        query=labo_text,
        operation_name="Labo",
        variables=dict(reversed(PAGE.items())),
        carries_session=False,
    )
    others = {
        key(
            viewer=ANONYMOUS,
            query=labo_text,
            operation_name=None,
            variables={**PAGE, "first": 11},
            carries_session=False,
        ),
        key(
            viewer=partner,
            query=labo_text,
            operation_name=None,
            variables=PAGE,
            carries_session=False,
        ),
    }
    assert kept not in others and None not in others
    never = [
        # A member's request.
        dict(viewer=Viewer(Member(pk=1, role="CUSTOMER")), query=labo_text),
        # A session cookie came along (it may be a member's).
        dict(viewer=ANONYMOUS, query=labo_text, carries_session=True),
        # A mutation.
        dict(viewer=ANONYMOUS, query=vote_text),
        # A document nobody registered.
        dict(viewer=ANONYMOUS, query="{ suggestions(first: 1) { totalCount } }"),
        # An operation the document does not have.
        dict(viewer=ANONYMOUS, query=labo_text, operation_name="Other"),
    ]
    for request in never:
        arguments: dict[str, Any] = {
            "operation_name": None,
            "variables": PAGE,
            "carries_session": False,
            **request,
        }
        assert key(**arguments) is None, request


def test_answers_with_errors_are_not_kept(cached: None) -> None:
    body = json.dumps({"documentId": LABO, "variables": {"orderBy": "TOP", "first": 1000}})
    for _ in range(2):
        response = Client().post("/graphql", data=body, content_type="application/json")
        assert [e["extensions"]["code"] for e in response.json()["errors"]] == ["BAD_USER_INPUT"]
    key = public_cache.key_for(
        viewer=ANONYMOUS,
        query=trusted()[LABO],
        operation_name=None,
        variables={"orderBy": "TOP", "first": 1000},
        carries_session=False,
    )
    assert key is not None
    from django.core.cache import cache

    assert cache.get(key) is None


def test_off_when_the_freshness_bound_is_zero(settings: Any) -> None:
    settings.COMPTOIR_PUBLIC_CACHE_SECONDS = 0
    assert (
        public_cache.key_for(
            viewer=ANONYMOUS,
            query=trusted()[LABO],
            operation_name=None,
            variables=PAGE,
            carries_session=False,
        )
        is None
    )
