"""The decision committee through /graphql: meetings, agendas, scores, decisions."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from models.models import (
    AgendaItem,
    AuditEvent,
    CommitteeMeeting,
    Decision,
    DecisionOutcome,
    Evaluation,
    Follow,
    Member,
    Notification,
    NotificationKind,
    StatusChange,
    Suggestion,
    SuggestionStatus,
)
from schema.core.ids import encode_id
from tests.conftest import GraphQLClient
from tests.factories import CommitteeFactory, CustomerFactory, SuggestionFactory, add_votes

pytestmark = pytest.mark.django_db

S = SuggestionStatus


def _gid(obj: Any) -> str:
    return encode_id(type(obj).__name__, obj.pk)


@pytest.fixture
def meeting(chair: Member) -> CommitteeMeeting:
    return CommitteeMeeting.objects.create(
        title="Comité de mars", chair=chair, scheduled_for=timezone.now() + timedelta(days=7)
    )


@pytest.fixture
def shortlisted(meeting: CommitteeMeeting) -> Suggestion:
    suggestion = SuggestionFactory.create(title="Épargne automatique", status=S.SHORTLISTED)
    AgendaItem.objects.create(meeting=meeting, suggestion=suggestion, position=0)
    return suggestion


SCHEDULE = (
    "mutation($when: DateTime!, $title: String!) { scheduleCommitteeMeeting(input: "
    "{scheduledFor: $when, title: $title}) { meeting { title chair { displayName } agenda "
    "{ position } } errors { code message field } } }"
)
AGENDA = (
    "mutation($m: ID!, $ids: [ID!]!) { setMeetingAgenda(input: {meetingId: $m, suggestionIds: "
    "$ids}) { meeting { agenda { position suggestion { title } } } errors { code message "
    "field } } }"
)
SCORE = (
    "mutation($s: ID!, $m: ID!, $b: Int!, $f: Int!, $c: Int!, $t: Int!, $comment: String!) { "
    "scoreSuggestion(input: {suggestionId: $s, meetingId: $m, customerBenefit: $b, "
    "technicalFeasibility: $f, cost: $c, timeToDeliver: $t, comment: $comment}) { "
    "evaluation { customerBenefit technicalFeasibility cost timeToDeliver comment "
    "evaluator { displayName } } errors { code message field } } }"
)
RECORD = (
    "mutation($input: RecordDecisionInput!) { recordDecision(input: $input) { decision { "
    "outcome publicRationale targetPeriod isPublished internalNotes } errors { code message "
    "field } } }"
)
PUBLISH = (
    "mutation($id: ID!) { publishDecision(input: {decisionId: $id}) { decision { outcome "
    "isPublished } suggestion { status targetPeriod publicResponse latestDecision { outcome } "
    "statusHistory { fromStatus toStatus publicNote } } errors { code message field } } }"
)


def _in_a_month() -> str:
    """An instant a meeting may be scheduled at (from today to the horizon)."""
    return (timezone.now() + timedelta(days=30)).isoformat()


def _scores(s: Suggestion, m: CommitteeMeeting, *scores: int, comment: str = "") -> dict:
    b, f, c, t = scores
    return {"s": _gid(s), "m": _gid(m), "b": b, "f": f, "c": c, "t": t, "comment": comment}


def test_adviser_schedules_a_meeting_and_sets_its_agenda(
    adviser_client: GraphQLClient, adviser: Member, chair: Member
) -> None:
    result = adviser_client(SCHEDULE, {"when": _in_a_month(), "title": " Comité "})
    assert result == {
        "data": {
            "scheduleCommitteeMeeting": {
                "meeting": {
                    "title": "Comité",
                    "chair": {"displayName": chair.display_name},
                    "agenda": [],
                },
                "errors": [],
            }
        }
    }
    meeting = CommitteeMeeting.objects.get()
    first = SuggestionFactory.create(title="A", status=S.SHORTLISTED)
    second = SuggestionFactory.create(title="B", status=S.SHORTLISTED)
    result = adviser_client(AGENDA, {"m": _gid(meeting), "ids": [_gid(second), _gid(first)]})
    assert result["data"]["setMeetingAgenda"] == {
        "meeting": {
            "agenda": [
                {"position": 0, "suggestion": {"title": "B"}},
                {"position": 1, "suggestion": {"title": "A"}},
            ]
        },
        "errors": [],
    }
    assert list(AuditEvent.objects.order_by("id").values_list("action", flat=True)) == [
        "meeting.schedule",
        "meeting.set_agenda",
    ]


def test_agenda_takes_shortlisted_suggestions_only(
    adviser_client: GraphQLClient, meeting: CommitteeMeeting, shortlisted: Suggestion
) -> None:
    submitted = SuggestionFactory.create(title="Pas encore", status=S.SUBMITTED)
    result = adviser_client(
        AGENDA, {"m": _gid(meeting), "ids": [_gid(submitted), encode_id("Suggestion", 999)]}
    )
    assert result["data"]["setMeetingAgenda"] == {
        "meeting": None,
        "errors": [
            {
                "code": "NOT_FOUND",
                "message": "No such suggestion (position 2).",
                "field": "suggestionIds",
            },
            {
                "code": "NOT_SHORTLISTED",
                "message": "« Pas encore » is not shortlisted (Proposée).",
                "field": "suggestionIds",
            },
        ],
    }
    # The agenda did not change.
    assert list(meeting.agenda_items.values_list("suggestion_id", flat=True)) == [shortlisted.pk]


@pytest.mark.parametrize("role_client", ["customer_client", "committee_client", "chair_client"])
def test_only_advisers_prepare_meetings(request: pytest.FixtureRequest, role_client: str) -> None:
    client: GraphQLClient = request.getfixturevalue(role_client)
    result = client(SCHEDULE, {"when": _in_a_month(), "title": "Comité"})
    assert result["data"] == {"scheduleCommitteeMeeting": None}
    assert result["errors"][0]["extensions"] == {"code": "FORBIDDEN"}
    assert CommitteeMeeting.objects.count() == 0


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
    variables = {"m": _gid(meeting), "s": _gid(shortlisted)}
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
    assert customer_client(node, {"id": _gid(meeting)}) == {"data": {"node": None}}
    assert adviser_client(node, {"id": _gid(evaluation)}) == {"data": {"node": None}}


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
        "suggestionId": _gid(shortlisted),
        "meetingId": _gid(meeting),
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
    assert customer_client(node, {"id": _gid(draft)}) == {"data": {"node": None}}
    assert committee_client(node, {"id": _gid(draft)}) == {"data": {"node": {"id": _gid(draft)}}}
    assert Notification.objects.count() == 0

    result = chair_client(PUBLISH, {"id": _gid(draft)})
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
    again = chair_client(PUBLISH, {"id": _gid(draft)})
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
        RECORD, {"input": {"suggestionId": _gid(shortlisted), "outcome": outcome, **extra}}
    )
    assert result["data"]["recordDecision"] == {"decision": None, "errors": [error]}
    assert Decision.objects.count() == 0


def test_only_shortlisted_suggestions_are_decided(chair_client: GraphQLClient) -> None:
    submitted = SuggestionFactory.create()
    result = chair_client(
        RECORD,
        {
            "input": {
                "suggestionId": _gid(submitted),
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


@pytest.mark.parametrize("role_client", ["customer_client", "adviser_client", "committee_client"])
def test_only_the_chair_decides(
    request: pytest.FixtureRequest, role_client: str, shortlisted: Suggestion, chair: Member
) -> None:
    client: GraphQLClient = request.getfixturevalue(role_client)
    result = client(
        RECORD,
        {
            "input": {
                "suggestionId": _gid(shortlisted),
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
    result = client(PUBLISH, {"id": _gid(draft)})
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
                "suggestionId": _gid(shortlisted),
                "outcome": "DEFERRED",
                "publicRationale": "Attend son tour.",
            }
        },
    )
    chair_client(PUBLISH, {"id": _gid(Decision.objects.get())})
    shortlisted.refresh_from_db()
    assert shortlisted.status == S.DEFERRED
    result = adviser_client(
        "mutation($id: ID!) { changeSuggestionStatus(input: {suggestionId: $id, status: "
        "SHORTLISTED}) { suggestion { status } errors { code } } }",
        {"id": _gid(shortlisted)},
    )
    assert result["data"]["changeSuggestionStatus"] == {
        "suggestion": {"status": "SHORTLISTED"},
        "errors": [],
    }


def test_suggestions_awaiting_review(
    adviser_client: GraphQLClient, customer_client: GraphQLClient, settings: Any
) -> None:
    settings.COMPTOIR_REVIEW_THRESHOLD = 3
    now = timezone.now()
    voters = CustomerFactory.create_batch(3)
    for title, status, votes, age in (
        ("récente", S.SUBMITTED, 3, 1),
        ("ancienne", S.UNDER_REVIEW, 3, 30),
        ("peu soutenue", S.SUBMITTED, 2, 40),
        ("déjà au comité", S.SHORTLISTED, 3, 50),
    ):
        add_votes(
            SuggestionFactory.create(
                title=title, status=status, created_at=now - timedelta(days=age)
            ),
            voters[:votes],
        )
    query = "{ suggestionsAwaitingReview { totalCount edges { node { title voteCount } } } }"
    assert adviser_client(query) == {
        "data": {
            "suggestionsAwaitingReview": {
                "totalCount": 2,
                "edges": [
                    {"node": {"title": "ancienne", "voteCount": 3}},
                    {"node": {"title": "récente", "voteCount": 3}},
                ],
            }
        }
    }
    refused = customer_client(query)
    assert refused["data"] == {"suggestionsAwaitingReview": None}
    assert refused["errors"][0]["extensions"] == {"code": "FORBIDDEN"}


def test_no_chair_no_meeting(adviser_client: GraphQLClient) -> None:
    CommitteeFactory.create()
    result = adviser_client(SCHEDULE, {"when": _in_a_month(), "title": "Comité"})
    assert result["data"]["scheduleCommitteeMeeting"] == {
        "meeting": None,
        "errors": [
            {
                "code": "NO_CHAIR",
                "message": "The committee has no chair to hold the meeting.",
                "field": None,
            }
        ],
    }


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
    assert customer_client(query, {"id": _gid(shortlisted)}) == {
        "data": {**hidden, "viewer": {"unreadNotificationCount": 0}}
    }
    assert (
        adviser_client(query, {"id": _gid(shortlisted)})["data"]["suggestion"]
        == hidden["suggestion"]
    )
    assert committee_client(query, {"id": _gid(shortlisted)})["data"]["suggestion"] == {
        "status": "SHORTLISTED",
        "latestDecision": None,
        "decisions": [{"outcome": "REJECTED", "isPublished": False}],
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
    result = chair_client(PUBLISH, {"id": _gid(draft)})
    assert result["data"]["publishDecision"] == {
        "decision": None,
        "suggestion": None,
        "errors": [{"code": "NOT_FOUND", "message": "No such decision.", "field": "decisionId"}],
    }
    draft.refresh_from_db()
    assert draft.published_at is None
