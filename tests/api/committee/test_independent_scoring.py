"""Members score independently: an agenda item's evaluations and aggregate reach a committee
member, the chair included, once they scored it (`viewerEvaluation`: their own, at any
time); advisers read the agenda, never a score. And the chair's preview of the
notification a draft decision will send."""

from __future__ import annotations

from typing import Any

import pytest

from models.models import (
    CommitteeMeeting,
    Decision,
    DecisionOutcome,
    Evaluation,
    Member,
    Suggestion,
)
from tests.graphql import GraphQLClient, gid

pytestmark = pytest.mark.django_db

AGENDA = (
    "query($id: ID!) { node(id: $id) { ... on CommitteeMeeting { agenda { "
    "suggestion { title } viewerEvaluation { customerBenefit comment } "
    "evaluations { evaluator { displayName } } "
    "evaluationSummary { count customerBenefit technicalFeasibility cost timeToDeliver "
    "overall } } } } }"
)
SUMMARY = "query($id: ID!) { node(id: $id) { ... on Suggestion { evaluationSummary { count } } } }"


def _score(member: Member, meeting: CommitteeMeeting, suggestion: Suggestion, *scores: int) -> None:
    b, f, c, t = scores
    Evaluation.objects.create(
        meeting=meeting,
        suggestion=suggestion,
        evaluator=member,
        customer_benefit=b,
        technical_feasibility=f,
        cost=c,
        time_to_deliver=t,
        comment=f"Avis de {member.display_name}",
    )


def _agenda(client: GraphQLClient, meeting: CommitteeMeeting) -> Any:
    return client(AGENDA, {"id": gid(meeting)})


def test_a_member_sees_the_others_scores_once_they_scored(
    committee_client: GraphQLClient,
    chair_client: GraphQLClient,
    committee_member: Member,
    chair: Member,
    meeting: CommitteeMeeting,
    shortlisted: Suggestion,
) -> None:
    _score(chair, meeting, shortlisted, 5, 4, 3, 2)
    # Sophie has not scored: neither the chair's evaluation nor the aggregate, no error.
    before: dict[str, Any] = {
        "data": {
            "node": {
                "agenda": [
                    {
                        "suggestion": {"title": "Épargne automatique"},
                        "viewerEvaluation": None,
                        "evaluations": [],
                        "evaluationSummary": None,
                    }
                ]
            }
        }
    }
    assert _agenda(committee_client, meeting) == before
    assert committee_client(SUMMARY, {"id": gid(shortlisted)}) == {
        "data": {"node": {"evaluationSummary": None}}
    }
    _score(committee_member, meeting, shortlisted, 3, 2, 5, 4)
    assert _agenda(committee_client, meeting) == {
        "data": {
            "node": {
                "agenda": [
                    {
                        "suggestion": {"title": "Épargne automatique"},
                        "viewerEvaluation": {
                            "customerBenefit": 3,
                            "comment": "Avis de Sophie (comité)",
                        },
                        "evaluations": [
                            {"evaluator": {"displayName": "Hélène (présidente)"}},
                            {"evaluator": {"displayName": "Sophie (comité)"}},
                        ],
                        "evaluationSummary": {
                            "count": 2,
                            "customerBenefit": 4.0,
                            "technicalFeasibility": 3.0,
                            "cost": 4.0,
                            "timeToDeliver": 3.0,
                            # 0.4 × 4 + 0.2 × (3 + 4 + 3)
                            "overall": 3.6,
                        },
                    }
                ]
            }
        }
    }
    assert committee_client(SUMMARY, {"id": gid(shortlisted)}) == {
        "data": {"node": {"evaluationSummary": {"count": 2}}}
    }


def test_the_chair_too_scores_before_seeing_the_others(
    chair_client: GraphQLClient,
    committee_member: Member,
    meeting: CommitteeMeeting,
    shortlisted: Suggestion,
) -> None:
    _score(committee_member, meeting, shortlisted, 3, 2, 5, 4)
    assert _agenda(chair_client, meeting) == {
        "data": {
            "node": {
                "agenda": [
                    {
                        "suggestion": {"title": "Épargne automatique"},
                        "viewerEvaluation": None,
                        "evaluations": [],
                        "evaluationSummary": None,
                    }
                ]
            }
        }
    }
    # Nor by id: the others' evaluations are not found until the viewer scored.
    evaluation = Evaluation.objects.get()
    node = "query($id: ID!) { node(id: $id) { id } }"
    assert chair_client(node, {"id": gid(evaluation)}) == {"data": {"node": None}}


def test_scoring_opens_the_aggregate_in_the_same_response(
    committee_client: GraphQLClient,
    chair: Member,
    meeting: CommitteeMeeting,
    shortlisted: Suggestion,
) -> None:
    _score(chair, meeting, shortlisted, 5, 5, 5, 5)
    result = committee_client(
        "mutation($s: ID!, $m: ID!) { scoreSuggestion(input: {suggestionId: $s, meetingId: $m, "
        "customerBenefit: 1, technicalFeasibility: 1, cost: 1, timeToDeliver: 1}) { "
        "evaluation { customerBenefit } errors { code } } }",
        {"s": gid(shortlisted), "m": gid(meeting)},
    )
    assert result == {
        "data": {"scoreSuggestion": {"evaluation": {"customerBenefit": 1}, "errors": []}}
    }
    assert _agenda(committee_client, meeting)["data"]["node"]["agenda"][0]["evaluationSummary"] == {
        "count": 2,
        "customerBenefit": 3.0,
        "technicalFeasibility": 3.0,
        "cost": 3.0,
        "timeToDeliver": 3.0,
        "overall": 3.0,
    }


def test_advisers_read_no_score_not_even_their_absence(
    adviser_client: GraphQLClient, meeting: CommitteeMeeting, shortlisted: Suggestion
) -> None:
    result = adviser_client(
        "query($id: ID!) { node(id: $id) { ... on CommitteeMeeting { agenda { "
        "suggestion { title } viewerEvaluation { cost } } } } }",
        {"id": gid(meeting)},
    )
    assert result == {
        "data": {
            "node": {
                "agenda": [
                    {"suggestion": {"title": "Épargne automatique"}, "viewerEvaluation": None}
                ]
            }
        },
        "errors": [
            {
                "message": "You are not allowed to read this field.",
                "locations": [{"line": 1, "column": 91}],
                "path": ["node", "agenda", 0, "viewerEvaluation"],
                "extensions": {"code": "FORBIDDEN"},
            }
        ],
    }


PREVIEW = (
    "query($id: ID!) { node(id: $id) { ... on Suggestion { decisions { isPublished "
    "notificationPreview } } } }"
)


def test_the_chair_previews_the_notification_of_a_draft(
    chair_client: GraphQLClient,
    adviser_client: GraphQLClient,
    chair: Member,
    meeting: CommitteeMeeting,
    shortlisted: Suggestion,
) -> None:
    Decision.objects.create(
        suggestion=shortlisted,
        meeting=meeting,
        outcome=DecisionOutcome.RETAINED,
        target_period="2027 Q3",
        recorded_by=chair,
    )
    assert chair_client(PREVIEW, {"id": gid(shortlisted)}) == {
        "data": {
            "node": {
                "decisions": [
                    {
                        "isPublished": False,
                        "notificationPreview": (
                            "Le comité a décidé : « Épargne automatique » — Retenue."
                        ),
                    }
                ]
            }
        }
    }
    # Advisers see no draft at all.
    assert adviser_client(PREVIEW, {"id": gid(shortlisted)}) == {
        "data": {"node": {"decisions": []}}
    }
