"""`node(id:)` and `nodes(ids:)`: any object by ID, never revealing what the viewer may not see."""

from __future__ import annotations

import pytest
from django.utils import timezone

from models.models import (
    CommitteeMeeting,
    Decision,
    DecisionOutcome,
    Evaluation,
    Member,
    SuggestionStatus,
    TokenScope,
)
from schema.core.ids import encode_id
from tests.factories import (
    CategoryFactory,
    PostFactory,
    SuggestionFactory,
    ThreadFactory,
    issue_token,
)
from tests.graphql import GraphQLClient

pytestmark = pytest.mark.django_db

NODE = "query($id: ID!) { node(id: $id) { __typename id } }"


def test_every_public_type_resolves_by_id(
    anonymous: GraphQLClient, adviser: Member, chair: Member
) -> None:
    suggestion = SuggestionFactory.create()
    thread = ThreadFactory.create()
    objects = {
        "Member": adviser.pk,
        "Category": CategoryFactory.create().pk,
        "Thread": thread.pk,
        "Post": PostFactory.create(thread=thread).pk,
        "Suggestion": suggestion.pk,
        "StatusChange": suggestion.status_changes.create(
            from_status="SUBMITTED", to_status="UNDER_REVIEW", actor=adviser
        ).pk,
        "Decision": Decision.objects.create(
            suggestion=suggestion,
            outcome=DecisionOutcome.RETAINED,
            recorded_by=chair,
            published_at=timezone.now(),
        ).pk,
    }
    for type_name, pk in objects.items():
        gid = encode_id(type_name, pk)
        assert anonymous(NODE, {"id": gid}) == {
            "data": {"node": {"__typename": type_name, "id": gid}}
        }


def test_nodes_keeps_order_and_nulls_the_missing(anonymous: GraphQLClient) -> None:
    a, b = SuggestionFactory.create(title="a"), SuggestionFactory.create(title="b")
    ids = [
        encode_id("Suggestion", b.pk),
        encode_id("Suggestion", 999),
        encode_id("Suggestion", a.pk),
    ]
    result = anonymous(
        "query($ids: [ID!]!) { nodes(ids: $ids) { ... on Suggestion { title } } }", {"ids": ids}
    )
    assert result == {"data": {"nodes": [{"title": "b"}, None, {"title": "a"}]}}


def test_nodes_refuses_more_than_100_ids(anonymous: GraphQLClient) -> None:
    ids = [encode_id("Suggestion", i) for i in range(1, 102)]
    result = anonymous("query($ids: [ID!]!) { nodes(ids: $ids) { id } }", {"ids": ids})
    assert result["data"] is None
    assert result["errors"][0]["message"] == "At most 100 IDs at once."
    assert result["errors"][0]["extensions"] == {"code": "BAD_USER_INPUT"}


def test_unknown_type_and_unknown_row_are_null(anonymous: GraphQLClient) -> None:
    assert anonymous(NODE, {"id": encode_id("Vault", 1)}) == {"data": {"node": None}}
    assert anonymous(NODE, {"id": encode_id("Thread", 12345)}) == {"data": {"node": None}}


def test_malformed_id_is_bad_user_input(anonymous: GraphQLClient) -> None:
    result = anonymous(NODE, {"id": "%%%"})
    assert result == {
        "data": {"node": None},
        "errors": [
            {
                "message": "The ID is not valid.",
                "locations": [{"line": 1, "column": 19}],
                "path": ["node"],
                "extensions": {"code": "BAD_USER_INPUT"},
            }
        ],
    }


# Who finds each hidden row by ID (DESIGN §4): everyone else gets null, no error.
ROW_VISIBILITY = {
    # A reply hidden by moderation: advisers, and its author (the customer).
    "hidden post": {"customer", "adviser"},
    "internal note": {"adviser"},
    "draft decision": {"committee", "chair"},
    # The committee member's own; the chair, who has not scored that suggestion at that
    # meeting, does not find it (members score independently).
    "evaluation": {"committee"},
}
ROLES = [
    "anonymous",
    "customer",
    "other_customer",
    "adviser",
    "committee",
    "chair",
    "partner",  # a token with every scope: partners see what a visitor sees, at most
]


def test_hidden_internal_draft_and_evaluation_rows_are_not_found(
    customer: Member,
    other_customer: Member,
    adviser: Member,
    committee_member: Member,
    chair: Member,
) -> None:
    now = timezone.now()
    suggestion = SuggestionFactory.create(status=SuggestionStatus.SHORTLISTED)
    meeting = CommitteeMeeting.objects.create(title="Comité", scheduled_for=now, chair=chair)
    rows = {
        "hidden post": (
            "Post",
            PostFactory.create(
                author=customer, hidden_at=now, hidden_by=adviser, hidden_reason="Insultes"
            ).pk,
        ),
        "internal note": ("Post", PostFactory.create(author=adviser, is_internal=True).pk),
        "draft decision": (
            "Decision",
            Decision.objects.create(
                suggestion=suggestion, outcome=DecisionOutcome.RETAINED, recorded_by=chair
            ).pk,
        ),
        "evaluation": (
            "Evaluation",
            Evaluation.objects.create(
                meeting=meeting,
                suggestion=suggestion,
                evaluator=committee_member,
                customer_benefit=4,
                technical_feasibility=4,
                cost=3,
                time_to_deliver=3,
            ).pk,
        ),
    }
    _, secret = issue_token(*TokenScope.values)
    clients = {
        "anonymous": GraphQLClient(),
        "customer": GraphQLClient(customer),
        "other_customer": GraphQLClient(other_customer),
        "adviser": GraphQLClient(adviser),
        "committee": GraphQLClient(committee_member),
        "chair": GraphQLClient(chair),
        "partner": GraphQLClient(token=secret),
    }
    for what, (type_name, pk) in rows.items():
        gid = encode_id(type_name, pk)
        for role in ROLES:
            result = clients[role](NODE, {"id": gid})
            result.pop("extensions", None)  # the partner's rateLimit
            found = {"__typename": type_name, "id": gid}
            expected = found if role in ROW_VISIBILITY[what] else None
            assert result == {"data": {"node": expected}}, (what, role)
