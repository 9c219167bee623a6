"""`committeeMeetings`: advisers see the agendas, not the scores."""

from __future__ import annotations

import pytest

from models.models import CommitteeMeeting, Evaluation, Member, Suggestion
from tests.graphql import GraphQLClient, gid

pytestmark = pytest.mark.django_db


def test_advisers_see_agendas_but_not_scores(
    adviser_client: GraphQLClient,
    customer_client: GraphQLClient,
    committee_member: Member,
    meeting: CommitteeMeeting,
    shortlisted: Suggestion,
) -> None:
    Evaluation.objects.create(
        meeting=meeting,
        suggestion=shortlisted,
        evaluator=committee_member,
        customer_benefit=3,
        technical_feasibility=3,
        cost=3,
        time_to_deliver=3,
    )
    query = (
        "{ committeeMeetings { edges { node { title agenda { suggestion { title } "
        "evaluationSummary { count } } } } } }"
    )
    assert adviser_client(query) == {
        "data": {
            "committeeMeetings": {
                "edges": [
                    {
                        "node": {
                            "title": "Comité de mars",
                            "agenda": [
                                {
                                    "suggestion": {"title": "Épargne automatique"},
                                    "evaluationSummary": None,
                                }
                            ],
                        }
                    }
                ]
            }
        },
        "errors": [
            {
                "message": "You are not allowed to read this field.",
                "locations": [{"line": 1, "column": 74}],
                "path": ["committeeMeetings", "edges", 0, "node", "agenda", 0, "evaluationSummary"],
                "extensions": {"code": "FORBIDDEN"},
            }
        ],
    }
    refused = customer_client(query)
    assert refused["data"] == {"committeeMeetings": None}
    assert refused["errors"][0]["extensions"] == {"code": "FORBIDDEN"}
    # Neither meetings nor evaluations are found by id by those who may not see them.
    evaluation = Evaluation.objects.get()
    node = "query($id: ID!) { node(id: $id) { id } }"
    assert customer_client(node, {"id": gid(meeting)}) == {"data": {"node": None}}
    assert adviser_client(node, {"id": gid(evaluation)}) == {"data": {"node": None}}
