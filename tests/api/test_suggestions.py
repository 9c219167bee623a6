"""Suggestions through the real /graphql endpoint: reading, ordering, paging."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from models.models import Decision, DecisionOutcome, Member, StatusChange, SuggestionStatus, Vote
from schema.core.ids import encode_id
from tests.conftest import GraphQLClient
from tests.factories import CustomerFactory, DecisionFactory, SuggestionFactory, add_votes

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
    assert result["data"] == {
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
    # Anonymous visitors have no vote to tell about: null with FORBIDDEN at each path.
    assert result["errors"] == [
        {
            "message": "You are not allowed to read this field.",
            "locations": [{"line": 1, "column": 59}],
            "path": ["suggestions", "edges", i, "node", "viewerHasVoted"],
            "extensions": {"code": "FORBIDDEN"},
        }
        for i in range(2)
    ]


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


def test_one_suggestion_with_history_and_latest_published_decision(
    anonymous: GraphQLClient, adviser: Member, chair: Member
) -> None:
    suggestion = SuggestionFactory.create(
        title="NFC",
        body="Le paiement sans contact.",
        status=SuggestionStatus.RETAINED,
        target_period="2027 Q2",
    )
    t0 = timezone.now() - timedelta(days=10)
    StatusChange.objects.create(
        suggestion=suggestion,
        from_status="SUBMITTED",
        to_status="UNDER_REVIEW",
        actor=adviser,
        public_note="À l'étude.",
        created_at=t0,
    )
    StatusChange.objects.create(
        suggestion=suggestion,
        from_status="UNDER_REVIEW",
        to_status="RETAINED",
        actor=chair,
        public_note="Retenue.",
        created_at=t0 + timedelta(days=1),
    )
    DecisionFactory.create(
        suggestion=suggestion,
        outcome=DecisionOutcome.DEFERRED,
        public_rationale="Plus tard.",
        published_at=t0,
        recorded_by=chair,
    )
    DecisionFactory.create(
        suggestion=suggestion,
        outcome=DecisionOutcome.RETAINED,
        target_period="2027 Q2",
        published_at=t0 + timedelta(days=1),
        recorded_by=chair,
    )
    # A newer draft is the committee's business, not the public's.
    Decision.objects.create(
        suggestion=suggestion,
        outcome=DecisionOutcome.REJECTED,
        public_rationale="Brouillon",
        recorded_by=chair,
    )
    result = anonymous(
        "query($id: ID!) { suggestion(id: $id) { title body status targetPeriod "
        "statusHistory { fromStatus toStatus publicNote actor { displayName } } "
        "latestDecision { outcome publicRationale targetPeriod isPublished } } }",
        {"id": encode_id("Suggestion", suggestion.pk)},
    )
    assert result == {
        "data": {
            "suggestion": {
                "title": "NFC",
                "body": "Le paiement sans contact.",
                "status": "RETAINED",
                "targetPeriod": "2027 Q2",
                "statusHistory": [
                    {
                        "fromStatus": "SUBMITTED",
                        "toStatus": "UNDER_REVIEW",
                        "publicNote": "À l'étude.",
                        "actor": {"displayName": adviser.display_name},
                    },
                    {
                        "fromStatus": "UNDER_REVIEW",
                        "toStatus": "RETAINED",
                        "publicNote": "Retenue.",
                        "actor": {"displayName": chair.display_name},
                    },
                ],
                "latestDecision": {
                    "outcome": "RETAINED",
                    "publicRationale": "",
                    "targetPeriod": "2027 Q2",
                    "isPublished": True,
                },
            }
        }
    }


def test_unknown_suggestion_is_null(anonymous: GraphQLClient) -> None:
    result = anonymous(
        "query($id: ID!) { suggestion(id: $id) { title } }", {"id": encode_id("Suggestion", 999)}
    )
    assert result == {"data": {"suggestion": None}}


def test_hidden_suggestion_is_not_found_for_others_but_its_author_and_advisers(
    adviser: Member, customer: Member, other_customer: Member
) -> None:
    hidden = SuggestionFactory.create(
        author=customer,
        title="masquée",
        hidden_at=timezone.now(),
        hidden_by=adviser,
        hidden_reason="Données personnelles",
    )
    query = "query($id: ID!) { suggestion(id: $id) { title } suggestions { totalCount } }"
    variables = {"id": encode_id("Suggestion", hidden.pk)}
    assert GraphQLClient()(query, variables) == {
        "data": {"suggestion": None, "suggestions": {"totalCount": 0}}
    }
    assert GraphQLClient(other_customer)(query, variables) == {
        "data": {"suggestion": None, "suggestions": {"totalCount": 0}}
    }
    for viewer in (customer, adviser):
        assert GraphQLClient(viewer)(query, variables) == {
            "data": {"suggestion": {"title": "masquée"}, "suggestions": {"totalCount": 1}}
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


def test_malformed_suggestion_id_is_bad_user_input(anonymous: GraphQLClient) -> None:
    result = anonymous(
        "query($id: ID!) { suggestion(id: $id) { title } }", {"id": encode_id("Member", 1)}
    )
    assert result == {
        "data": {"suggestion": None},
        "errors": [
            {
                "message": "`id` is not a valid Suggestion ID.",
                "locations": [{"line": 1, "column": 19}],
                "path": ["suggestion"],
                "extensions": {"code": "BAD_USER_INPUT"},
            }
        ],
    }
