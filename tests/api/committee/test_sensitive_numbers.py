"""Sensitive numbers in what the committee writes: a meeting's title, a decision's rationale
and internal notes are stored masked, and each payload says so."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from models.models import CommitteeMeeting, Decision, Suggestion
from tests.api.threads.test_sensitive_numbers import notice, stored_anywhere
from tests.graphql import GraphQLClient, gid

pytestmark = pytest.mark.django_db

NOTICES = "notices { code message kind field }"
CARD = "4970 1012 3456 7893"


def test_the_committees_texts_are_masked(
    adviser_client: GraphQLClient,
    chair_client: GraphQLClient,
    shortlisted: Suggestion,
    meeting: CommitteeMeeting,
) -> None:
    schedule = (
        "mutation($input: ScheduleCommitteeMeetingInput!) { scheduleCommitteeMeeting(input: "
        f"$input) {{ meeting {{ title }} errors {{ code }} {NOTICES} }} }}"
    )
    when = (timezone.now() + timedelta(days=10)).isoformat()
    result = adviser_client(
        schedule, {"input": {"scheduledFor": when, "title": "Comité, tél. 01 23 45 67 89"}}
    )
    assert result["data"]["scheduleCommitteeMeeting"] == {
        "meeting": {"title": "Comité, tél. 01 •• •• •• 89"},
        "errors": [],
        "notices": [notice("PHONE_NUMBER", "title", "A phone number")],
    }
    record = (
        "mutation($input: RecordDecisionInput!) { recordDecision(input: $input) { decision { "
        f"publicRationale internalNotes }} errors {{ code }} {NOTICES} }} }}"
    )
    result = chair_client(
        record,
        {
            "input": {
                "suggestionId": gid(shortlisted),
                "meetingId": gid(meeting),
                "outcome": "REJECTED",
                "publicRationale": "Le client au 06 12 34 56 78 a été rappelé.",
                "internalNotes": f"Carte {CARD} vue en séance.",
            }
        },
    )
    assert result == {
        "data": {
            "recordDecision": {
                "decision": {
                    "publicRationale": "Le client au 06 •• •• •• 78 a été rappelé.",
                    "internalNotes": "Carte •••• •••• •••• 7893 vue en séance.",
                },
                "errors": [],
                "notices": [
                    notice("PHONE_NUMBER", "publicRationale", "A phone number"),
                    notice("PAYMENT_CARD", "internalNotes", "A payment card number"),
                ],
            }
        }
    }
    assert Decision.objects.count() == 1
    assert stored_anywhere("0612345678", "0123456789", CARD) == []
