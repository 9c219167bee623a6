"""`scoreSuggestion`: committee members score a suggestion on the agenda and see the aggregate;
the rules of a score, and who may not."""

from __future__ import annotations

import pytest
from django.utils import timezone

from models.models import (
    CommitteeMeeting,
    Decision,
    DecisionOutcome,
    Evaluation,
    Member,
    Suggestion,
    SuggestionStatus,
)
from tests.factories import SuggestionFactory
from tests.graphql import GraphQLClient, gid

pytestmark = pytest.mark.django_db

S = SuggestionStatus

SCORE = (
    "mutation($s: ID!, $m: ID!, $b: Int!, $f: Int!, $c: Int!, $t: Int!, $comment: String!) { "
    "scoreSuggestion(input: {suggestionId: $s, meetingId: $m, customerBenefit: $b, "
    "technicalFeasibility: $f, cost: $c, timeToDeliver: $t, comment: $comment}) { "
    "evaluation { customerBenefit technicalFeasibility cost timeToDeliver comment "
    "evaluator { displayName } } errors { code message field } } }"
)


def _scores(s: Suggestion, m: CommitteeMeeting, *scores: int, comment: str = "") -> dict:
    b, f, c, t = scores
    return {"s": gid(s), "m": gid(m), "b": b, "f": f, "c": c, "t": t, "comment": comment}


def test_committee_scores_and_sees_the_aggregate(
    committee_client: GraphQLClient,
    chair_client: GraphQLClient,
    committee_member: Member,
    meeting: CommitteeMeeting,
    shortlisted: Suggestion,
) -> None:
    result = committee_client(SCORE, _scores(shortlisted, meeting, 5, 3, 2, 4, comment="Utile"))
    assert result == {
        "data": {
            "scoreSuggestion": {
                "evaluation": {
                    "customerBenefit": 5,
                    "technicalFeasibility": 3,
                    "cost": 2,
                    "timeToDeliver": 4,
                    "comment": "Utile",
                    "evaluator": {"displayName": committee_member.display_name},
                },
                "errors": [],
            }
        }
    }
    # Scoring again updates the same evaluation.
    committee_client(SCORE, _scores(shortlisted, meeting, 4, 3, 2, 4))
    chair_client(SCORE, _scores(shortlisted, meeting, 2, 5, 4, 2))
    assert Evaluation.objects.count() == 2
    query = (
        "query($m: ID!, $s: ID!) { meeting: node(id: $m) { ... on CommitteeMeeting { agenda { "
        "evaluationSummary { count customerBenefit technicalFeasibility cost timeToDeliver "
        "overall } evaluations { customerBenefit } } } } suggestion(id: $s) { "
        "evaluationSummary { count overall } } }"
    )
    variables = {"m": gid(meeting), "s": gid(shortlisted)}
    # means 3, 4, 3, 3; overall = 0.4*3 + 0.2*4 + 0.2*3 + 0.2*3 = 3.2
    assert committee_client(query, variables) == {
        "data": {
            "meeting": {
                "agenda": [
                    {
                        "evaluationSummary": {
                            "count": 2,
                            "customerBenefit": 3.0,
                            "technicalFeasibility": 4.0,
                            "cost": 3.0,
                            "timeToDeliver": 3.0,
                            "overall": 3.2,
                        },
                        "evaluations": [{"customerBenefit": 4}, {"customerBenefit": 2}],
                    }
                ]
            },
            "suggestion": {"evaluationSummary": {"count": 2, "overall": 3.2}},
        }
    }


def test_scoring_rules(
    committee_client: GraphQLClient,
    meeting: CommitteeMeeting,
    shortlisted: Suggestion,
    chair: Member,
) -> None:
    off_agenda = SuggestionFactory.create(status=S.SHORTLISTED)
    result = committee_client(SCORE, _scores(shortlisted, meeting, 0, 6, 3, 3, comment="x" * 2001))
    assert result["data"]["scoreSuggestion"] == {
        "evaluation": None,
        "errors": [
            {
                "code": "OUT_OF_RANGE",
                "message": "Customer benefit is scored from 1 to 5.",
                "field": "customerBenefit",
            },
            {
                "code": "OUT_OF_RANGE",
                "message": "Technical feasibility is scored from 1 to 5.",
                "field": "technicalFeasibility",
            },
            {
                "code": "TOO_LONG",
                "message": "The comment must be at most 2000 characters.",
                "field": "comment",
            },
        ],
    }
    result = committee_client(SCORE, _scores(off_agenda, meeting, 3, 3, 3, 3))
    assert result["data"]["scoreSuggestion"]["errors"] == [
        {
            "code": "NOT_ON_AGENDA",
            "message": "This suggestion is not on the meeting's agenda.",
            "field": "suggestionId",
        }
    ]
    Decision.objects.create(
        suggestion=shortlisted,
        meeting=meeting,
        outcome=DecisionOutcome.RETAINED,
        target_period="2027 Q1",
        recorded_by=chair,
        published_at=timezone.now(),
    )
    result = committee_client(SCORE, _scores(shortlisted, meeting, 3, 3, 3, 3))
    assert result["data"]["scoreSuggestion"]["errors"][0]["code"] == "DECISION_PUBLISHED"
    assert Evaluation.objects.count() == 0


@pytest.mark.parametrize("role_client", ["customer_client", "adviser_client"])
def test_only_the_committee_scores(
    request: pytest.FixtureRequest,
    role_client: str,
    meeting: CommitteeMeeting,
    shortlisted: Suggestion,
) -> None:
    client: GraphQLClient = request.getfixturevalue(role_client)
    result = client(SCORE, _scores(shortlisted, meeting, 3, 3, 3, 3))
    assert result["data"] == {"scoreSuggestion": None}
    assert result["errors"][0]["message"] == "Only committee members score suggestions."
    assert Evaluation.objects.count() == 0
