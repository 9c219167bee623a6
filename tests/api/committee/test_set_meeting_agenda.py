"""`setMeetingAgenda`: an agenda takes shortlisted suggestions only."""

from __future__ import annotations

import pytest

from models.models import CommitteeMeeting, Suggestion, SuggestionStatus
from schema.core.ids import encode_id
from tests.factories import SuggestionFactory
from tests.graphql import GraphQLClient, gid

pytestmark = pytest.mark.django_db

S = SuggestionStatus

AGENDA = (
    "mutation($m: ID!, $ids: [ID!]!) { setMeetingAgenda(input: {meetingId: $m, suggestionIds: "
    "$ids}) { meeting { agenda { position suggestion { title } } } errors { code message "
    "field } } }"
)


def test_agenda_takes_shortlisted_suggestions_only(
    adviser_client: GraphQLClient, meeting: CommitteeMeeting, shortlisted: Suggestion
) -> None:
    submitted = SuggestionFactory.create(title="Pas encore", status=S.SUBMITTED)
    result = adviser_client(
        AGENDA, {"m": gid(meeting), "ids": [gid(submitted), encode_id("Suggestion", 999)]}
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
