"""`suggestions`: le Labo's front page, its orderings (TOP, NEWEST, TRENDING), filters and pages."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from models.models import (
    DecisionOutcome,
    Member,
    Suggestion,
    SuggestionStatus,
    TokenScope,
    Vote,
)
from tests.factories import (
    ChairFactory,
    CustomerFactory,
    DecisionFactory,
    SuggestionFactory,
    add_votes,
    issue_token,
)
from tests.graphql import GraphQLClient

pytestmark = pytest.mark.django_db

PAGE = (
    "query($first: Int, $after: String, $orderBy: SuggestionOrder) { suggestions(first: $first, "
    "after: $after, orderBy: $orderBy) { totalCount pageInfo { hasNextPage hasPreviousPage "
    "endCursor } edges { node { title voteCount } } } }"
)


def _voters(n: int) -> list[Member]:
    return CustomerFactory.create_batch(n)


def test_front_page_for_anonymous_visitor(anonymous: GraphQLClient, chair: Member) -> None:
    top = SuggestionFactory.create(title="Pouvoir désactiver la publicité par courrier")
    add_votes(top, _voters(3))
    second = SuggestionFactory.create(title="Épargne automatique", author__display_name="Anne B.")
    add_votes(second, _voters(1))
    DecisionFactory.create(
        suggestion=top, outcome=DecisionOutcome.RETAINED, target_period="2027 Q1", recorded_by=chair
    )
    result = anonymous(
        "{ suggestions(first: 10) { edges { node { title voteCount viewerHasVoted "
        "author { displayName } latestDecision { outcome targetPeriod } } } } }"
    )
    # Anonymous visitors have no vote to tell about: plain null, and no error at all (an
    # error would make some clients drop the whole result).
    assert result == {
        "data": {
            "suggestions": {
                "edges": [
                    {
                        "node": {
                            "title": "Pouvoir désactiver la publicité par courrier",
                            "voteCount": 3,
                            "viewerHasVoted": None,
                            "author": {"displayName": top.author.display_name},
                            "latestDecision": {"outcome": "RETAINED", "targetPeriod": "2027 Q1"},
                        }
                    },
                    {
                        "node": {
                            "title": "Épargne automatique",
                            "voteCount": 1,
                            "viewerHasVoted": None,
                            "author": {"displayName": "Anne B."},
                            "latestDecision": None,
                        }
                    },
                ]
            }
        }
    }


def test_front_page_tells_a_customer_what_they_voted_for(
    customer_client: GraphQLClient, customer: Member
) -> None:
    voted = SuggestionFactory.create(title="A")
    add_votes(voted, [customer, *_voters(2)])
    not_voted = SuggestionFactory.create(title="B")
    add_votes(not_voted, _voters(1))
    result = customer_client("{ suggestions { edges { node { title viewerHasVoted } } } }")
    assert result == {
        "data": {
            "suggestions": {
                "edges": [
                    {"node": {"title": "A", "viewerHasVoted": True}},
                    {"node": {"title": "B", "viewerHasVoted": False}},
                ]
            }
        }
    }


def test_top_ordering_pages_with_cursors(anonymous: GraphQLClient) -> None:
    for title, votes in (("v5", 5), ("v4", 4), ("v3", 3), ("v2", 2), ("v1", 1)):
        add_votes(SuggestionFactory.create(title=title), _voters(votes))
    first = anonymous(PAGE, {"first": 2})["data"]["suggestions"]
    assert [e["node"] for e in first["edges"]] == [
        {"title": "v5", "voteCount": 5},
        {"title": "v4", "voteCount": 4},
    ]
    assert first["totalCount"] == 5
    assert first["pageInfo"]["hasNextPage"] is True
    assert first["pageInfo"]["hasPreviousPage"] is False
    second = anonymous(PAGE, {"first": 2, "after": first["pageInfo"]["endCursor"]})["data"][
        "suggestions"
    ]
    assert [e["node"]["title"] for e in second["edges"]] == ["v3", "v2"]
    assert second["pageInfo"]["hasPreviousPage"] is True
    third = anonymous(PAGE, {"first": 2, "after": second["pageInfo"]["endCursor"]})["data"][
        "suggestions"
    ]
    assert [e["node"]["title"] for e in third["edges"]] == ["v1"]
    assert third["pageInfo"]["hasNextPage"] is False


def test_backward_paging_with_last_and_before(anonymous: GraphQLClient) -> None:
    for title, votes in (("v3", 3), ("v2", 2), ("v1", 1)):
        add_votes(SuggestionFactory.create(title=title), _voters(votes))
    everything = anonymous("{ suggestions { edges { cursor node { title } } } }")["data"][
        "suggestions"
    ]["edges"]
    last_cursor = everything[-1]["cursor"]
    result = anonymous(
        "query($before: String) { suggestions(last: 1, before: $before) { pageInfo { "
        "hasNextPage hasPreviousPage } edges { node { title } } } }",
        {"before": last_cursor},
    )
    assert result == {
        "data": {
            "suggestions": {
                "pageInfo": {"hasNextPage": True, "hasPreviousPage": True},
                "edges": [{"node": {"title": "v2"}}],
            }
        }
    }


def test_newest_ordering(anonymous: GraphQLClient) -> None:
    now = timezone.now()
    SuggestionFactory.create(title="old", created_at=now - timedelta(days=3))
    SuggestionFactory.create(title="new", created_at=now - timedelta(hours=1))
    SuggestionFactory.create(title="middle", created_at=now - timedelta(days=1))
    result = anonymous(PAGE, {"orderBy": "NEWEST"})
    assert [e["node"]["title"] for e in result["data"]["suggestions"]["edges"]] == [
        "new",
        "middle",
        "old",
    ]


def test_trending_weighs_recent_votes(anonymous: GraphQLClient) -> None:
    now = timezone.now()
    old_favourite = SuggestionFactory.create(title="old favourite")
    add_votes(old_favourite, _voters(5))
    Vote.objects.filter(suggestion=old_favourite).update(created_at=now - timedelta(days=30))
    rising = SuggestionFactory.create(title="rising")
    add_votes(rising, _voters(2))  # two votes now: weight 4 each
    steady = SuggestionFactory.create(title="steady")
    add_votes(steady, _voters(3))
    Vote.objects.filter(suggestion=steady).update(created_at=now - timedelta(days=5))
    result = anonymous(PAGE, {"orderBy": "TRENDING"})
    assert [e["node"] for e in result["data"]["suggestions"]["edges"]] == [
        {"title": "rising", "voteCount": 2},
        {"title": "steady", "voteCount": 3},
        {"title": "old favourite", "voteCount": 5},
    ]
    # Paging through a trending list keeps its order.
    first = anonymous(PAGE, {"orderBy": "TRENDING", "first": 1})["data"]["suggestions"]
    rest = anonymous(
        PAGE, {"orderBy": "TRENDING", "first": 5, "after": first["pageInfo"]["endCursor"]}
    )["data"]["suggestions"]
    assert [e["node"]["title"] for e in rest["edges"]] == ["steady", "old favourite"]


def test_status_filter(anonymous: GraphQLClient, adviser: Member) -> None:
    SuggestionFactory.create(title="submitted")
    SuggestionFactory.create(title="shortlisted", status=SuggestionStatus.SHORTLISTED)
    SuggestionFactory.create(title="review", status=SuggestionStatus.UNDER_REVIEW)
    result = anonymous(
        "{ suggestions(status: [SHORTLISTED, UNDER_REVIEW], orderBy: NEWEST) { totalCount "
        "edges { node { title status } } } }"
    )
    assert result == {
        "data": {
            "suggestions": {
                "totalCount": 2,
                "edges": [
                    {"node": {"title": "review", "status": "UNDER_REVIEW"}},
                    {"node": {"title": "shortlisted", "status": "SHORTLISTED"}},
                ],
            }
        }
    }


MERGED_PAGE = (
    "query($status: [SuggestionStatus!], $orderBy: SuggestionOrder) { "
    "suggestions(status: $status, orderBy: $orderBy) { totalCount edges { node { title "
    "status voteCount duplicateOf { title } } } } }"
)


@pytest.mark.parametrize("order", ["TOP", "NEWEST", "TRENDING"])
def test_merged_duplicates_are_listed_only_when_asked_for(
    anonymous: GraphQLClient, order: str
) -> None:
    original = SuggestionFactory.create(title="Relevés sans papier")
    add_votes(original, _voters(2))
    SuggestionFactory.create(
        title="Plus de relevés papier",
        status=SuggestionStatus.DUPLICATE,
        duplicate_of=original,
        created_at=timezone.now() - timedelta(days=1),
    )
    # The default lists: the original alone, counted alone.
    assert anonymous(MERGED_PAGE, {"orderBy": order}) == {
        "data": {
            "suggestions": {
                "totalCount": 1,
                "edges": [
                    {
                        "node": {
                            "title": "Relevés sans papier",
                            "status": "SUBMITTED",
                            "voteCount": 2,
                            "duplicateOf": None,
                        }
                    }
                ],
            }
        }
    }
    # Asked for, the duplicate is listed, and points to its original.
    assert anonymous(MERGED_PAGE, {"status": ["DUPLICATE", "SUBMITTED"], "orderBy": order}) == {
        "data": {
            "suggestions": {
                "totalCount": 2,
                "edges": [
                    {
                        "node": {
                            "title": "Relevés sans papier",
                            "status": "SUBMITTED",
                            "voteCount": 2,
                            "duplicateOf": None,
                        }
                    },
                    {
                        "node": {
                            "title": "Plus de relevés papier",
                            "status": "DUPLICATE",
                            "voteCount": 0,
                            "duplicateOf": {"title": "Relevés sans papier"},
                        }
                    },
                ],
            }
        }
    }


def test_page_size_above_100_is_refused(anonymous: GraphQLClient) -> None:
    result = anonymous("{ suggestions(first: 101) { totalCount } }")
    assert result == {
        "data": {"suggestions": None},
        "errors": [
            {
                "message": "`first` must be between 0 and 100.",
                "locations": [{"line": 1, "column": 3}],
                "path": ["suggestions"],
                "extensions": {"code": "BAD_USER_INPUT"},
            }
        ],
    }


@pytest.mark.parametrize("cursor", ["garbage", "WzFd", "eyJhIjoxfQ=="])
def test_malformed_cursor_is_bad_user_input(anonymous: GraphQLClient, cursor: str) -> None:
    result = anonymous(PAGE, {"after": cursor})
    assert result["data"] == {"suggestions": None}
    assert result["errors"][0]["message"] == "The cursor is not valid for this list."
    assert result["errors"][0]["extensions"] == {"code": "BAD_USER_INPUT"}


def test_suggestions_search_keeps_the_ordering(anonymous: GraphQLClient) -> None:
    add_votes(
        SuggestionFactory.create(title="Courrier papier supprimé"), CustomerFactory.create_batch(1)
    )
    add_votes(
        SuggestionFactory.create(title="Publicité par courrier"), CustomerFactory.create_batch(3)
    )
    SuggestionFactory.create(title="Carte virtuelle")
    result = anonymous(
        '{ suggestions(search: "courrier") { totalCount edges { node { title } } } }'
    )
    assert result == {
        "data": {
            "suggestions": {
                "totalCount": 2,
                "edges": [
                    {"node": {"title": "Publicité par courrier"}},
                    {"node": {"title": "Courrier papier supprimé"}},
                ],
            }
        }
    }
    blank = anonymous('{ suggestions(search: "  ") { totalCount } }')
    assert blank["errors"][0]["extensions"] == {"code": "BAD_USER_INPUT"}


def test_recently_decided_ordering(anonymous: GraphQLClient, chair: Member) -> None:
    now = timezone.now()
    first = SuggestionFactory.create(title="Décidée il y a longtemps")
    second = SuggestionFactory.create(title="Décidée hier")
    SuggestionFactory.create(title="Pas décidée")
    DecisionFactory.create(
        suggestion=first,
        outcome=DecisionOutcome.RETAINED,
        recorded_by=chair,
        published_at=now - timedelta(days=30),
    )
    DecisionFactory.create(
        suggestion=second,
        outcome=DecisionOutcome.REJECTED,
        public_rationale="Non",
        recorded_by=chair,
        published_at=now - timedelta(days=1),
    )
    query = (
        "query($after: String) { suggestions(orderBy: RECENTLY_DECIDED, first: 1, after: "
        "$after) { totalCount pageInfo { endCursor hasNextPage } edges { node { title } } } }"
    )
    page = anonymous(query)["data"]["suggestions"]
    assert page["totalCount"] == 2
    assert [e["node"]["title"] for e in page["edges"]] == ["Décidée hier"]
    rest = anonymous(query, {"after": page["pageInfo"]["endCursor"]})["data"]["suggestions"]
    assert [e["node"]["title"] for e in rest["edges"]] == ["Décidée il y a longtemps"]
    assert rest["pageInfo"]["hasNextPage"] is False


COUNTED = (
    "query($status: [SuggestionStatus!], $orderBy: SuggestionOrder, $search: String) { "
    "suggestions(first: 100, status: $status, orderBy: $orderBy, search: $search) { "
    "totalCount edges { node { title } } } }"
)


@pytest.mark.parametrize("order", ["TOP", "NEWEST", "TRENDING", "RECENTLY_DECIDED"])
@pytest.mark.parametrize(
    ("filters", "author_sees", "others_see", "advisers_see"),
    [
        (
            {},
            ["own hidden relevé", "own relevé", "relevé", "tarif"],
            ["own relevé", "relevé", "tarif"],
            ["others' hidden relevé", "own hidden relevé", "own relevé", "relevé", "tarif"],
        ),
        (
            {"search": "relevé"},
            ["own hidden relevé", "own relevé", "relevé"],
            ["own relevé", "relevé"],
            ["others' hidden relevé", "own hidden relevé", "own relevé", "relevé"],
        ),
        (
            {"status": ["WITHDRAWN"]},
            ["own hidden withdrawn", "withdrawn"],
            ["withdrawn"],
            ["own hidden withdrawn", "withdrawn"],
        ),
    ],
)
def test_total_count_is_the_number_of_suggestions_each_viewer_is_listed(
    order: str,
    filters: dict[str, Any],
    author_sees: list[str],
    others_see: list[str],
    advisers_see: list[str],
    customer: Member,
    anonymous: GraphQLClient,
    customer_client: GraphQLClient,
    other_customer_client: GraphQLClient,
    adviser_client: GraphQLClient,
    committee_client: GraphQLClient,
    adviser: Member,
) -> None:
    # Shown and hidden suggestions, the customer's own and others', listed and not: the
    # count (computed in parts for a member: what everyone sees, and their own hidden
    # rows) is the number of rows the list gives each viewer.
    hidden = {"hidden_at": timezone.now(), "hidden_by": adviser, "hidden_reason": "Spam"}
    SuggestionFactory.create(title="relevé", body="Relevés en ligne")
    SuggestionFactory.create(title="tarif", body="Tarifs clairs")
    SuggestionFactory.create(title="withdrawn", body="Retirée", status=SuggestionStatus.WITHDRAWN)
    SuggestionFactory.create(title="own relevé", body="Relevés", author=customer)
    SuggestionFactory.create(title="own hidden relevé", body="Relevés", author=customer, **hidden)
    SuggestionFactory.create(
        title="own hidden withdrawn",
        body="Retirée",
        author=customer,
        status=SuggestionStatus.WITHDRAWN,
        **hidden,
    )
    SuggestionFactory.create(title="others' hidden relevé", body="Relevés", **hidden)
    chair = ChairFactory.create()
    for idea in Suggestion.objects.all():  # each decided: RECENTLY_DECIDED lists them all
        DecisionFactory.create(suggestion=idea, recorded_by=chair)
    _, secret = issue_token(TokenScope.SUGGESTIONS_READ.value)
    variables = {"orderBy": order, **filters}
    for client, expected in (
        (anonymous, others_see),
        (customer_client, author_sees),
        (other_customer_client, others_see),
        (committee_client, others_see),
        (GraphQLClient(token=secret), others_see),
        (adviser_client, advisers_see),
    ):
        listed = client(COUNTED, variables)["data"]["suggestions"]
        titles = sorted(edge["node"]["title"] for edge in listed["edges"])
        assert (listed["totalCount"], titles) == (len(expected), expected), client
