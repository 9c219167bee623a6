"""`scheduleCommitteeMeeting`: advisers schedule a meeting, chaired by the committee's chair."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from models.models import AuditEvent, CommitteeMeeting, Member, SuggestionStatus
from tests.api.committee.test_set_meeting_agenda import AGENDA
from tests.factories import CommitteeFactory, SuggestionFactory
from tests.graphql import GraphQLClient, gid

pytestmark = pytest.mark.django_db

S = SuggestionStatus

SCHEDULE = (
    "mutation($when: DateTime!, $title: String!) { scheduleCommitteeMeeting(input: "
    "{scheduledFor: $when, title: $title}) { meeting { title chair { displayName } agenda "
    "{ position } } errors { code message field } } }"
)


def _in_a_month() -> str:
    """An instant a meeting may be scheduled at (from today to the horizon)."""
    return (timezone.now() + timedelta(days=30)).isoformat()


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
    result = adviser_client(AGENDA, {"m": gid(meeting), "ids": [gid(second), gid(first)]})
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


@pytest.mark.parametrize("role_client", ["customer_client", "committee_client", "chair_client"])
def test_only_advisers_prepare_meetings(request: pytest.FixtureRequest, role_client: str) -> None:
    client: GraphQLClient = request.getfixturevalue(role_client)
    result = client(SCHEDULE, {"when": _in_a_month(), "title": "Comité"})
    assert result["data"] == {"scheduleCommitteeMeeting": None}
    assert result["errors"][0]["extensions"] == {"code": "FORBIDDEN"}
    assert CommitteeMeeting.objects.count() == 0


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
