"""`publishDecision`: only the chair publishes a draft, which moves the suggestion's status and
tells its voters and followers; deferred suggestions come back to the committee."""

from __future__ import annotations

import pytest
from django.utils import timezone

from models.models import (
    AuditEvent,
    CommitteeMeeting,
    Decision,
    DecisionOutcome,
    Follow,
    Member,
    Notification,
    NotificationKind,
    StatusChange,
    Suggestion,
    SuggestionStatus,
)
from tests.api.committee.test_record_decision import RECORD
from tests.factories import CustomerFactory, add_votes
from tests.graphql import GraphQLClient, gid

pytestmark = pytest.mark.django_db

S = SuggestionStatus

PUBLISH = (
    "mutation($id: ID!) { publishDecision(input: {decisionId: $id}) { decision { outcome "
    "isPublished } suggestion { status targetPeriod publicResponse latestDecision { outcome } "
    "statusHistory { fromStatus toStatus publicNote } } errors { code message field } } }"
)


def test_record_then_publish_a_decision(
    chair_client: GraphQLClient,
    customer_client: GraphQLClient,
    committee_client: GraphQLClient,
    chair: Member,
    customer: Member,
    meeting: CommitteeMeeting,
    shortlisted: Suggestion,
) -> None:
    voters = CustomerFactory.create_batch(2)
    add_votes(shortlisted, [customer, *voters])
    follower = CustomerFactory.create()
    Follow.objects.create(member=follower, suggestion=shortlisted)
    Follow.objects.create(member=customer, suggestion=shortlisted)
    draft_input = {
        "suggestionId": gid(shortlisted),
        "meetingId": gid(meeting),
        "outcome": "RETAINED",
        "targetPeriod": "2027 Q2",
        "internalNotes": "Budget validé.",
    }
    result = chair_client(RECORD, {"input": draft_input})
    assert result == {
        "data": {
            "recordDecision": {
                "decision": {
                    "outcome": "RETAINED",
                    "publicRationale": "",
                    "targetPeriod": "2027 Q2",
                    "isPublished": False,
                    "internalNotes": "Budget validé.",
                },
                "errors": [],
            }
        }
    }
    # Recording again rewrites the one draft.
    chair_client(RECORD, {"input": {**draft_input, "publicRationale": "Très demandé."}})
    draft = Decision.objects.get()
    # The draft is the committee's: a customer finds nothing, even by id.
    node = "query($id: ID!) { node(id: $id) { id } }"
    assert customer_client(node, {"id": gid(draft)}) == {"data": {"node": None}}
    assert committee_client(node, {"id": gid(draft)}) == {"data": {"node": {"id": gid(draft)}}}
    assert Notification.objects.count() == 0

    result = chair_client(PUBLISH, {"id": gid(draft)})
    assert result == {
        "data": {
            "publishDecision": {
                "decision": {"outcome": "RETAINED", "isPublished": True},
                "suggestion": {
                    "status": "RETAINED",
                    "targetPeriod": "2027 Q2",
                    "publicResponse": "Très demandé.",
                    "latestDecision": {"outcome": "RETAINED"},
                    "statusHistory": [
                        {
                            "fromStatus": "SHORTLISTED",
                            "toStatus": "RETAINED",
                            "publicNote": "Très demandé.",
                        }
                    ],
                },
                "errors": [],
            }
        }
    }
    # Voters and followers are told once each.
    told = Notification.objects.filter(kind=NotificationKind.DECISION_PUBLISHED)
    assert sorted(told.values_list("recipient_id", flat=True)) == sorted(
        [customer.pk, *(v.pk for v in voters), follower.pk]
    )
    assert set(told.values_list("event_key", flat=True)) == {f"decision:{draft.pk}:published"}
    # The customer sees it, with the published decision and its history.
    inbox = customer_client(
        "{ viewer { unreadNotificationCount notifications { edges { node { kind message "
        "suggestion { title status } } } } } }"
    )
    assert inbox == {
        "data": {
            "viewer": {
                "unreadNotificationCount": 1,
                "notifications": {
                    "edges": [
                        {
                            "node": {
                                "kind": "DECISION_PUBLISHED",
                                "message": "Le comité a décidé : « Épargne automatique » "
                                "— Retenue.",
                                "suggestion": {
                                    "title": "Épargne automatique",
                                    "status": "RETAINED",
                                },
                            }
                        }
                    ]
                },
            }
        }
    }
    # Publishing twice changes nothing.
    again = chair_client(PUBLISH, {"id": gid(draft)})
    assert again["data"]["publishDecision"]["errors"] == [
        {
            "code": "ALREADY_PUBLISHED",
            "message": "This decision is already published.",
            "field": "decisionId",
        }
    ]
    assert StatusChange.objects.count() == 1
    assert told.count() == 4
    assert list(AuditEvent.objects.order_by("id").values_list("action", flat=True)) == [
        "decision.record",
        "decision.record",
        "suggestion.change_status",
        "decision.publish",
    ]


@pytest.mark.parametrize("role_client", ["customer_client", "adviser_client", "committee_client"])
def test_only_the_chair_decides(
    request: pytest.FixtureRequest, role_client: str, shortlisted: Suggestion, chair: Member
) -> None:
    client: GraphQLClient = request.getfixturevalue(role_client)
    result = client(
        RECORD,
        {
            "input": {
                "suggestionId": gid(shortlisted),
                "outcome": "RETAINED",
                "targetPeriod": "2027",
            }
        },
    )
    assert result["data"] == {"recordDecision": None}
    assert (
        result["errors"][0]["message"]
        == "Only the committee chair records and publishes decisions."
    )
    draft = Decision.objects.create(
        suggestion=shortlisted,
        outcome=DecisionOutcome.RETAINED,
        target_period="2027",
        recorded_by=chair,
    )
    result = client(PUBLISH, {"id": gid(draft)})
    assert result["data"] == {"publishDecision": None}
    assert result["errors"][0]["extensions"] == {"code": "FORBIDDEN"}
    draft.refresh_from_db()
    assert draft.published_at is None


def test_deferred_suggestions_come_back(
    chair_client: GraphQLClient, adviser_client: GraphQLClient, shortlisted: Suggestion
) -> None:
    chair_client(
        RECORD,
        {
            "input": {
                "suggestionId": gid(shortlisted),
                "outcome": "DEFERRED",
                "publicRationale": "Attend son tour.",
            }
        },
    )
    chair_client(PUBLISH, {"id": gid(Decision.objects.get())})
    shortlisted.refresh_from_db()
    assert shortlisted.status == S.DEFERRED
    result = adviser_client(
        "mutation($id: ID!) { changeSuggestionStatus(input: {suggestionId: $id, status: "
        "SHORTLISTED}) { suggestion { status } errors { code } } }",
        {"id": gid(shortlisted)},
    )
    assert result["data"]["changeSuggestionStatus"] == {
        "suggestion": {"status": "SHORTLISTED"},
        "errors": [],
    }


def test_publishing_a_draft_on_a_suggestion_hidden_since(
    chair_client: GraphQLClient, chair: Member, adviser: Member, shortlisted: Suggestion
) -> None:
    draft = Decision.objects.create(
        suggestion=shortlisted,
        outcome=DecisionOutcome.RETAINED,
        target_period="2027",
        recorded_by=chair,
    )
    Suggestion.objects.filter(pk=shortlisted.pk).update(
        hidden_at=timezone.now(), hidden_by=adviser, hidden_reason="Données personnelles"
    )
    result = chair_client(PUBLISH, {"id": gid(draft)})
    assert result["data"]["publishDecision"] == {
        "decision": None,
        "suggestion": None,
        "errors": [{"code": "NOT_FOUND", "message": "No such decision.", "field": "decisionId"}],
    }
    draft.refresh_from_db()
    assert draft.published_at is None
