"""`recordDecision`: the chair records a draft decision on a shortlisted suggestion; its rules,
and a draft reaches no one outside the committee."""

from __future__ import annotations

import pytest

from models.models import Decision, DecisionOutcome, Follow, Member, Suggestion
from tests.factories import SuggestionFactory, add_votes
from tests.graphql import GraphQLClient, gid

pytestmark = pytest.mark.django_db

RECORD = (
    "mutation($input: RecordDecisionInput!) { recordDecision(input: $input) { decision { "
    "outcome publicRationale targetPeriod isPublished internalNotes } errors { code message "
    "field } } }"
)


@pytest.mark.parametrize(
    ("outcome", "extra", "error"),
    [
        (
            "DEFERRED",
            {},
            {
                "code": "RATIONALE_REQUIRED",
                "message": "A reportée decision owes the community its reasons.",
                "field": "publicRationale",
            },
        ),
        (
            "REJECTED",
            {"publicRationale": "  "},
            {
                "code": "RATIONALE_REQUIRED",
                "message": "A non retenue decision owes the community its reasons.",
                "field": "publicRationale",
            },
        ),
        (
            "RETAINED",
            {},
            {
                "code": "TARGET_PERIOD_REQUIRED",
                "message": 'Say when a retained idea is planned (e.g. "2027 Q3").',
                "field": "targetPeriod",
            },
        ),
        (
            "RETAINED",
            {"targetPeriod": "x" * 21},
            {
                "code": "TOO_LONG",
                "message": "The target period must be at most 20 characters.",
                "field": "targetPeriod",
            },
        ),
    ],
)
def test_record_decision_rules(
    chair_client: GraphQLClient, shortlisted: Suggestion, outcome: str, extra: dict, error: dict
) -> None:
    result = chair_client(
        RECORD, {"input": {"suggestionId": gid(shortlisted), "outcome": outcome, **extra}}
    )
    assert result["data"]["recordDecision"] == {"decision": None, "errors": [error]}
    assert Decision.objects.count() == 0


def test_only_shortlisted_suggestions_are_decided(chair_client: GraphQLClient) -> None:
    submitted = SuggestionFactory.create()
    result = chair_client(
        RECORD,
        {
            "input": {
                "suggestionId": gid(submitted),
                "outcome": "REJECTED",
                "publicRationale": "Non.",
            }
        },
    )
    assert result["data"]["recordDecision"]["errors"] == [
        {
            "code": "NOT_SHORTLISTED",
            "message": "Only a suggestion presented to the committee can be decided "
            "(this one is Proposée).",
            "field": "suggestionId",
        }
    ]


def test_a_draft_decision_reaches_no_one_outside_the_committee(
    customer_client: GraphQLClient,
    adviser_client: GraphQLClient,
    committee_client: GraphQLClient,
    customer: Member,
    chair: Member,
    shortlisted: Suggestion,
) -> None:
    add_votes(shortlisted, [customer])
    Follow.objects.create(member=customer, suggestion=shortlisted)
    Decision.objects.create(
        suggestion=shortlisted,
        outcome=DecisionOutcome.REJECTED,
        public_rationale="Brouillon secret",
        internal_notes="Coût",
        recorded_by=chair,
    )
    query = (
        "query($id: ID!) { suggestion(id: $id) { status latestDecision { outcome } decisions "
        '{ outcome isPublished } } search(query: "Brouillon secret") { totalCount } '
        "viewer { unreadNotificationCount } }"
    )
    hidden = {
        "suggestion": {"status": "SHORTLISTED", "latestDecision": None, "decisions": []},
        "search": {"totalCount": 0},
    }
    assert customer_client(query, {"id": gid(shortlisted)}) == {
        "data": {**hidden, "viewer": {"unreadNotificationCount": 0}}
    }
    assert (
        adviser_client(query, {"id": gid(shortlisted)})["data"]["suggestion"]
        == hidden["suggestion"]
    )
    assert committee_client(query, {"id": gid(shortlisted)})["data"]["suggestion"] == {
        "status": "SHORTLISTED",
        "latestDecision": None,
        "decisions": [{"outcome": "REJECTED", "isPublished": False}],
    }
