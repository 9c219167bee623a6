"""`suggestion(id:)`: one suggestion with its history and latest published decision; unknown,
hidden and malformed IDs."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from models.models import Decision, DecisionOutcome, Member, StatusChange, SuggestionStatus
from schema.core.ids import encode_id
from tests.factories import DecisionFactory, SuggestionFactory
from tests.graphql import GraphQLClient

pytestmark = pytest.mark.django_db


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
