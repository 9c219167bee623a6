"""DateTime inputs, through /graphql: only instants with a UTC offset, within the range the
databases store and Python reads back (1970-01-01 to 3000-01-01 UTC), are accepted — as
variables and as literals — and a meeting only from today to COMPTOIR_MEETING_HORIZON_DAYS
ahead. What a mutation answers is spelled exactly as every later read spells it (UTC)."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from typing import Any

import pytest
from django.test import override_settings
from django.utils import timezone

from models.models import CommitteeMeeting, Member
from resolvers.errors import ServiceError
from resolvers.services.committee import meeting_schedule
from schema.core.ids import encode_id
from tests.graphql import GraphQLClient

pytestmark = pytest.mark.django_db

SCHEDULE = (
    "mutation($when: DateTime!) { scheduleCommitteeMeeting(input: {scheduledFor: $when, "
    'title: "Comité"}) { meeting { id scheduledFor } errors { code message field } } }'
)
MEETINGS = "{ committeeMeetings { edges { node { title scheduledFor } } } }"

OUT_OF_RANGE = (
    "A date and time must be from 1970-01-01 (included) to 3000-01-01 (excluded), in UTC."
)
NAIVE = (
    "A date and time needs its UTC offset, e.g. 2027-03-15T10:00:00+01:00 or 2027-03-15T09:00:00Z."
)
NOT_A_DATE = "Not an ISO 8601 date and time."
NOT_TEXT = "A DateTime is ISO 8601 text with its UTC offset, e.g. 2027-03-15T10:00:00+01:00."

# What the scalar refuses, and why (the message of the BAD_USER_INPUT error).
REFUSED: dict[str, tuple[Any, str]] = {
    "example of the issue": ("0001-01-01T00:00:00+14:00", OUT_OF_RANGE),
    "year 1 in UTC": ("0001-01-01T00:00:00+00:00", OUT_OF_RANGE),
    "year 9999 west": ("9999-12-31T23:59:59-14:00", OUT_OF_RANGE),
    "year 9999 in UTC": ("9999-12-31T23:59:59.999999Z", OUT_OF_RANGE),
    "just before 1970": ("1969-12-31T23:59:59.999999Z", OUT_OF_RANGE),
    "1970 in Paris": ("1970-01-01T00:30:00+01:00", OUT_OF_RANGE),
    "year 3000": ("3000-01-01T00:00:00Z", OUT_OF_RANGE),
    "naive": ("2027-03-15T10:00:00", NAIVE),
    "naive with microseconds": ("2027-03-15T10:00:00.123456", NAIVE),
    "date only": ("2027-03-15", NAIVE),
    "garbage": ("next tuesday", NOT_A_DATE),
    "empty": ("", NOT_A_DATE),
    "offset of 24 hours": ("2027-03-15T10:00:00+24:00", NOT_A_DATE),
    "month 13": ("2027-13-15T10:00:00Z", NOT_A_DATE),
    "year 10000": ("10000-01-01T00:00:00Z", NOT_A_DATE),
    "huge text": ("2" * 100_000, NOT_A_DATE),
    "epoch seconds": (1_800_000_000, NOT_TEXT),
    "float": (1.5, NOT_TEXT),
    "boolean": (True, NOT_TEXT),
    "list": (["2027-03-15T10:00:00Z"], NOT_TEXT),
    "object": ({"at": "2027-03-15T10:00:00Z"}, NOT_TEXT),
}


def _soon() -> datetime:
    return timezone.now() + timedelta(days=30)


@pytest.mark.parametrize("what", sorted(REFUSED))
def test_refused_instants_are_bad_user_input(
    what: str, adviser_client: GraphQLClient, committee_client: GraphQLClient, chair: Member
) -> None:
    CommitteeMeeting.objects.create(title="Comité prévu", scheduled_for=_soon(), chair=chair)
    value, message = REFUSED[what]
    result = adviser_client(SCHEDULE, {"when": value})
    assert "data" not in result or result["data"] is None, result
    [error] = result["errors"]
    assert error["message"] == f"Variable '$when' has invalid value: {message}"
    assert error["extensions"] == {"code": "BAD_USER_INPUT"}
    assert CommitteeMeeting.objects.count() == 1
    # Every reader of the meetings is still served.
    for client in (adviser_client, committee_client):
        edges = client(MEETINGS)["data"]["committeeMeetings"]["edges"]
        assert [e["node"]["title"] for e in edges] == ["Comité prévu"]


LITERALS = {
    "example of the issue": ('"0001-01-01T00:00:00+14:00"', OUT_OF_RANGE),
    "naive": ('"2027-03-15T10:00:00"', NAIVE),
    "garbage": ('"next tuesday"', NOT_A_DATE),
    "number": ("1800000000", NOT_TEXT),
    "enum-like": ("TOMORROW", NOT_A_DATE),
}


@pytest.mark.parametrize("what", sorted(LITERALS))
def test_refused_instants_as_literals(
    what: str, adviser_client: GraphQLClient, chair: Member
) -> None:
    literal, message = LITERALS[what]
    result = adviser_client(
        f"mutation {{ scheduleCommitteeMeeting(input: {{scheduledFor: {literal}, "
        'title: "Comité"}) { meeting { id } } }'
    )
    assert "data" not in result or result["data"] is None, result
    assert [(e["message"], e["extensions"]) for e in result["errors"]] == [
        (message, {"code": "BAD_USER_INPUT"})
    ]
    assert not CommitteeMeeting.objects.exists()


def _window_error(horizon_days: int, latest: datetime) -> dict[str, Any]:
    return {
        "code": "OUT_OF_RANGE",
        "message": f"A meeting is scheduled from today to {horizon_days} days ahead "
        f"({timezone.localdate(latest):%Y-%m-%d} at the latest).",
        "field": "scheduledFor",
    }


def test_meetings_are_scheduled_from_today_to_the_horizon(
    adviser_client: GraphQLClient, chair: Member
) -> None:
    now = timezone.now()
    horizon = now + timedelta(days=1095)
    start_of_today = timezone.make_aware(datetime.combine(timezone.localdate(now), time.min))
    refused = {
        "yesterday": start_of_today - timedelta(microseconds=1),
        "last year": now - timedelta(days=365),
        "past the horizon": horizon + timedelta(minutes=5),
        "in ten years": now + timedelta(days=3650),
    }
    for what, when in refused.items():
        result = adviser_client(SCHEDULE, {"when": when.isoformat()})
        assert result == {
            "data": {
                "scheduleCommitteeMeeting": {
                    "meeting": None,
                    "errors": [_window_error(1095, horizon + timedelta(minutes=5))],
                }
            }
        }, what
    assert not CommitteeMeeting.objects.exists()
    accepted = [start_of_today, now + timedelta(hours=1), horizon - timedelta(minutes=5)]
    for when in accepted:
        result = adviser_client(SCHEDULE, {"when": when.isoformat()})
        assert result["data"]["scheduleCommitteeMeeting"]["errors"] == [], when
    assert sorted(CommitteeMeeting.objects.values_list("scheduled_for", flat=True)) == accepted


def test_the_horizon_is_a_setting(adviser_client: GraphQLClient, chair: Member) -> None:
    when = timezone.now() + timedelta(days=40)
    with override_settings(COMPTOIR_MEETING_HORIZON_DAYS=30):
        result = adviser_client(SCHEDULE, {"when": when.isoformat()})
        errors = result["data"]["scheduleCommitteeMeeting"]["errors"]
        assert [(e["code"], e["field"]) for e in errors] == [("OUT_OF_RANGE", "scheduledFor")]
        assert "from today to 30 days ahead" in errors[0]["message"]
    result = adviser_client(SCHEDULE, {"when": when.isoformat()})
    assert result["data"]["scheduleCommitteeMeeting"]["errors"] == []


def test_the_window_is_checked_with_the_other_rules(
    adviser_client: GraphQLClient, chair: Member
) -> None:
    result = adviser_client(
        "mutation($when: DateTime!) { scheduleCommitteeMeeting(input: {scheduledFor: $when, "
        'title: "  "}) { meeting { id } errors { code field } } }',
        {"when": "2020-01-01T10:00:00Z"},
    )
    assert result["data"]["scheduleCommitteeMeeting"] == {
        "meeting": None,
        "errors": [
            {"code": "BLANK", "field": "title"},
            {"code": "OUT_OF_RANGE", "field": "scheduledFor"},
        ],
    }


def test_the_service_refuses_naive_and_unreadable_instants(adviser: Member, chair: Member) -> None:
    for when in (
        datetime(2027, 3, 15, 10),  # naive
        datetime(1, 1, 1, tzinfo=timezone.get_fixed_timezone(14 * 60)),
        datetime(9999, 12, 31, 23, 59, tzinfo=UTC),
    ):
        with pytest.raises(ServiceError) as refused:
            meeting_schedule(actor=adviser, scheduled_for=when, title="Comité")
        assert [(e.code, e.field) for e in refused.value.errors] == [
            ("OUT_OF_RANGE", "scheduledFor")
        ]
    assert not CommitteeMeeting.objects.exists()


@pytest.mark.parametrize("offset", ["+05:30", "-09:30", "+14:00", "Z", "+00:00"])
def test_the_payload_spells_the_instant_as_every_later_read(
    offset: str, adviser_client: GraphQLClient, committee_client: GraphQLClient, chair: Member
) -> None:
    local = (timezone.now() + timedelta(days=20)).astimezone(
        UTC if offset == "Z" else datetime.strptime(offset, "%z").tzinfo
    )
    local = local.replace(microsecond=123456)
    sent = local.isoformat().replace("+00:00", "Z") if offset == "Z" else local.isoformat()
    assert sent.endswith(".123456" + offset)
    in_utc = local.astimezone(UTC).isoformat()
    assert in_utc.endswith(".123456+00:00")

    scheduled = adviser_client(SCHEDULE, {"when": sent})["data"]["scheduleCommitteeMeeting"]
    assert scheduled["errors"] == []
    assert scheduled["meeting"]["scheduledFor"] == in_utc
    gid = scheduled["meeting"]["id"]
    meeting = CommitteeMeeting.objects.get()
    assert gid == encode_id("CommitteeMeeting", meeting.pk)
    assert meeting.scheduled_for == local
    for client in (adviser_client, committee_client):
        listed = client(MEETINGS)["data"]["committeeMeetings"]["edges"]
        assert listed == [{"node": {"title": "Comité", "scheduledFor": in_utc}}]
        by_id = client(
            "query($id: ID!) { node(id: $id) { ... on CommitteeMeeting { scheduledFor } } }",
            {"id": gid},
        )
        assert by_id == {"data": {"node": {"scheduledFor": in_utc}}}


def test_without_microseconds_the_answer_has_none(
    adviser_client: GraphQLClient, chair: Member
) -> None:
    when = (timezone.now() + timedelta(days=3)).replace(microsecond=0)
    sent = when.astimezone(timezone.get_fixed_timezone(120)).isoformat()
    scheduled = adviser_client(SCHEDULE, {"when": sent})["data"]["scheduleCommitteeMeeting"]
    expected = when.astimezone(UTC).isoformat()
    assert "." not in expected
    assert scheduled["meeting"]["scheduledFor"] == expected
    assert adviser_client(MEETINGS)["data"]["committeeMeetings"]["edges"] == [
        {"node": {"title": "Comité", "scheduledFor": expected}}
    ]
