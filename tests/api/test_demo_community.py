"""What a newcomer sees after `make run`: the demo community through /graphql."""

from __future__ import annotations

import pytest

from tests.conftest import GraphQLClient

pytestmark = pytest.mark.django_db

FRONT_PAGE = (
    "{ suggestions(first: 50, orderBy: TOP) { edges { node { title voteCount viewerHasVoted "
    "author { displayName } } } } }"
)
LOGIN = (
    'mutation { login(input: {username: "demo-client", password: "comptoir-demo"}) { '
    "viewer { role } errors { code } } }"
)


def test_anonymous_front_page(demo_community: str) -> None:
    result = GraphQLClient()(FRONT_PAGE)
    edges = result["data"]["suggestions"]["edges"]
    assert len(edges) == 50
    assert edges[0]["node"]["title"] == "Pouvoir désactiver la publicité par courrier"
    assert edges[0]["node"]["voteCount"] == 129
    assert {e["node"]["viewerHasVoted"] for e in edges} == {None}
    counts = [e["node"]["voteCount"] for e in edges]
    assert counts == sorted(counts, reverse=True)
    assert {e["extensions"]["code"] for e in result["errors"]} == {"FORBIDDEN"}


def test_front_page_after_logging_in_as_the_demo_customer(demo_community: str) -> None:
    client = GraphQLClient()
    assert client(LOGIN) == {"data": {"login": {"viewer": {"role": "CUSTOMER"}, "errors": []}}}
    edges = client(FRONT_PAGE)["data"]["suggestions"]["edges"]
    voted = [e["node"]["viewerHasVoted"] for e in edges]
    assert voted[0] is True
    assert set(voted) == {True, False}
