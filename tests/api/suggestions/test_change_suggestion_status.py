"""`changeSuggestionStatus`: every transition an adviser may ask for, and what the status
machine answers; followers are told, and a hidden suggestion's news reaches its author only."""

from __future__ import annotations

import pytest
from django.utils import timezone

from models.models import (
    AuditEvent,
    Follow,
    Member,
    Notification,
    NotificationKind,
    StatusChange,
    Suggestion,
    SuggestionStatus,
)
from schema.core.ids import encode_id
from tests.factories import SuggestionFactory
from tests.graphql import GraphQLClient, gid, notifications

pytestmark = pytest.mark.django_db

S = SuggestionStatus

CHANGE = (
    "mutation($id: ID!, $status: SuggestionStatus!, $note: String!) { changeSuggestionStatus("
    "input: {suggestionId: $id, status: $status, publicNote: $note}) { suggestion { status "
    "statusHistory { fromStatus toStatus publicNote actor { displayName } } } "
    "errors { code message field } } }"
)


def _change(client: GraphQLClient, suggestion: Suggestion, status: str, note: str = "") -> dict:
    result: dict = client(CHANGE, {"id": gid(suggestion), "status": status, "note": note})
    return result


# Every (from, to) pair an adviser may ask for, and what the machine answers.
LEGAL = {
    (S.SUBMITTED, S.UNDER_REVIEW),
    (S.UNDER_REVIEW, S.SHORTLISTED),
    (S.DEFERRED, S.SHORTLISTED),
    (S.RETAINED, S.IN_PROGRESS),
    (S.IN_PROGRESS, S.DELIVERED),
}
DECIDED_BY_COMMITTEE = {S.RETAINED, S.DEFERRED, S.REJECTED}


@pytest.mark.parametrize("to_status", list(S))
@pytest.mark.parametrize("from_status", [s for s in S if s != S.DUPLICATE])
def test_every_transition_asked_by_an_adviser(
    adviser_client: GraphQLClient, adviser: Member, from_status: S, to_status: S
) -> None:
    suggestion = SuggestionFactory.create(status=from_status)
    result = _change(adviser_client, suggestion, to_status.value, "Note publique")
    payload = result["data"]["changeSuggestionStatus"]
    suggestion.refresh_from_db()
    if (from_status, to_status) in LEGAL:
        assert payload == {
            "suggestion": {
                "status": to_status.value,
                "statusHistory": [
                    {
                        "fromStatus": from_status.value,
                        "toStatus": to_status.value,
                        "publicNote": "Note publique",
                        "actor": {"displayName": adviser.display_name},
                    }
                ],
            },
            "errors": [],
        }
        assert suggestion.status == to_status
        assert (
            AuditEvent.objects.filter(
                action="suggestion.change_status", actor=adviser, target_id=str(suggestion.pk)
            ).count()
            == 1
        )
        return
    if to_status in DECIDED_BY_COMMITTEE:
        error = {
            "code": "DECISION_REQUIRED",
            "message": f"Only a published committee decision makes a suggestion {to_status.label}.",
            "field": "status",
        }
    elif to_status == S.DUPLICATE:
        error = {
            "code": "USE_MARK_DUPLICATE",
            "message": "Use markSuggestionDuplicate to merge a suggestion into another.",
            "field": "status",
        }
    else:
        error = {
            "code": "ILLEGAL_TRANSITION",
            "message": f"A suggestion cannot go from {from_status.label} to {to_status.label}.",
            "field": "status",
        }
    assert payload == {"suggestion": None, "errors": [error]}
    assert suggestion.status == from_status
    assert StatusChange.objects.count() == 0
    assert AuditEvent.objects.count() == 0


def test_followers_are_told_of_a_status_change(
    adviser_client: GraphQLClient, adviser: Member, customer: Member
) -> None:
    suggestion = SuggestionFactory.create(title="Relevés en PDF")
    Follow.objects.create(member=customer, suggestion=suggestion)
    Follow.objects.create(member=suggestion.author, suggestion=suggestion)
    _change(adviser_client, suggestion, "UNDER_REVIEW")
    change = StatusChange.objects.get()
    assert sorted(notifications("recipient_id", "kind", "event_key")) == sorted(
        (
            member.pk,
            NotificationKind.SUGGESTION_STATUS_CHANGED,
            f"status_change:{change.pk}",
            "« Relevés en PDF » : Proposée → En cours d'étude.",
        )
        for member in (customer, suggestion.author)
    )


def test_status_change_bad_input_and_roles(
    adviser_client: GraphQLClient, customer_client: GraphQLClient, committee_client: GraphQLClient
) -> None:
    suggestion = SuggestionFactory.create()
    assert _change(adviser_client, suggestion, "UNDER_REVIEW", "x" * 2001)["data"] == {
        "changeSuggestionStatus": {
            "suggestion": None,
            "errors": [
                {
                    "code": "TOO_LONG",
                    "message": "The public note must be at most 2000 characters.",
                    "field": "publicNote",
                }
            ],
        }
    }
    missing = adviser_client(
        CHANGE, {"id": encode_id("Suggestion", 9999), "status": "UNDER_REVIEW", "note": ""}
    )
    assert missing["data"]["changeSuggestionStatus"]["errors"] == [
        {"code": "NOT_FOUND", "message": "No such suggestion.", "field": "suggestionId"}
    ]
    for client in (customer_client, committee_client):
        result = _change(client, suggestion, "UNDER_REVIEW")
        assert result["data"] == {"changeSuggestionStatus": None}
        assert result["errors"][0]["extensions"] == {"code": "FORBIDDEN"}
        assert result["errors"][0]["message"] == "Only advisers triage suggestions."
    anonymous = _change(GraphQLClient(), suggestion, "UNDER_REVIEW")
    assert anonymous["errors"][0]["extensions"] == {"code": "UNAUTHENTICATED"}
    suggestion.refresh_from_db()
    assert suggestion.status == S.SUBMITTED
    assert StatusChange.objects.count() == 0


def test_a_hidden_suggestions_news_reaches_its_author_only(
    adviser_client: GraphQLClient, adviser: Member, customer: Member
) -> None:
    suggestion = SuggestionFactory.create(
        hidden_at=timezone.now(), hidden_by=adviser, hidden_reason="Données personnelles"
    )
    Follow.objects.create(member=customer, suggestion=suggestion)
    Follow.objects.create(member=suggestion.author, suggestion=suggestion)
    _change(adviser_client, suggestion, "UNDER_REVIEW")
    assert list(Notification.objects.values_list("recipient_id", flat=True)) == [
        suggestion.author_id
    ]
