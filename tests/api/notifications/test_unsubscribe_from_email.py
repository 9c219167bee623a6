"""`emailUnsubscription` and `unsubscribeFromEmail`: the one-click unsubscribe links of
e-mails (RFC 8058), which need no login: the link's signed token is the authority."""

from __future__ import annotations

from typing import Any

import pytest
from django.core import signing

from models.models import Member, NotificationPreference
from resolvers.services.notifications import DIGEST, UNSUBSCRIBE_SALT, unsubscribe_token
from tests.graphql import GraphQLClient

pytestmark = pytest.mark.django_db

WHAT = "query($t: String!) { emailUnsubscription(token: $t) { kind isDigest } }"
STOP = (
    "mutation($t: String!) { unsubscribeFromEmail(input: {token: $t}) "
    "{ unsubscription { kind isDigest } errors { code message field } } }"
)
DAY = 24 * 3600


def _deliveries(member: Member) -> list[tuple[str, str]]:
    return sorted(
        NotificationPreference.objects.filter(member=member).values_list("kind", "delivery")
    )


def _refused(code: str, message: str) -> dict[str, Any]:
    return {
        "data": {
            "unsubscribeFromEmail": {
                "unsubscription": None,
                "errors": [{"code": code, "message": message, "field": "token"}],
            }
        }
    }


def test_a_link_says_what_it_stops_and_stops_it_for_anyone(
    customer: Member, anonymous: GraphQLClient
) -> None:
    token = unsubscribe_token(member_id=customer.pk, scope="OFFICIAL_ANSWER")
    assert anonymous(WHAT, {"t": token}) == {
        "data": {"emailUnsubscription": {"kind": "OFFICIAL_ANSWER", "isDigest": False}}
    }
    assert _deliveries(customer) == []  # asking changes nothing
    stopped = {"kind": "OFFICIAL_ANSWER", "isDigest": False}
    assert anonymous(STOP, {"t": token}) == {
        "data": {"unsubscribeFromEmail": {"unsubscription": stopped, "errors": []}}
    }
    assert _deliveries(customer) == [("OFFICIAL_ANSWER", "IN_APP")]
    # Mail clients may send the POST again.
    assert anonymous(STOP, {"t": token}) == {
        "data": {
            "unsubscribeFromEmail": {
                "unsubscription": stopped,
                "errors": [
                    {
                        "code": "ALREADY_UNSUBSCRIBED",
                        "message": "These e-mails were already stopped.",
                        "field": None,
                    }
                ],
            }
        }
    }


def test_the_digest_link_stops_the_digest_only(
    customer: Member, customer_client: GraphQLClient, anonymous: GraphQLClient
) -> None:
    for kind, delivery in (
        ("THREAD_REPLY", "DAILY_DIGEST"),
        ("SUGGESTION_COMMENT", "DAILY_DIGEST"),
        ("QUESTION_RESOLVED", "IMMEDIATE"),
    ):
        customer_client(
            "mutation($k: NotificationKind!, $d: NotificationDelivery!) { "
            "setNotificationPreference(input: {kind: $k, delivery: $d}) { errors { code } } }",
            {"k": kind, "d": delivery},
        )
    token = unsubscribe_token(member_id=customer.pk, scope=DIGEST)
    assert anonymous(WHAT, {"t": token}) == {
        "data": {"emailUnsubscription": {"kind": None, "isDigest": True}}
    }
    assert anonymous(STOP, {"t": token})["data"]["unsubscribeFromEmail"]["errors"] == []
    assert _deliveries(customer) == [
        ("QUESTION_RESOLVED", "IMMEDIATE"),
        ("SUGGESTION_COMMENT", "IN_APP"),
        ("THREAD_REPLY", "IN_APP"),
    ]


def test_an_altered_link_changes_nothing(customer: Member, anonymous: GraphQLClient) -> None:
    token = unsubscribe_token(member_id=customer.pk, scope="OFFICIAL_ANSWER")
    value, stamp, signature = token.split(":")
    # Another member's id in the same signed envelope; a letter of the signature changed;
    # the value signed for another purpose (another salt); cut short; not a token at all.
    other = signing.b64_encode(b'{"m":999,"s":"OFFICIAL_ANSWER"}').decode()
    for bad in (
        f"{other}:{stamp}:{signature}",
        f"{value}:{stamp}:{signature[:-1]}{'A' if signature[-1] != 'A' else 'B'}",
        signing.dumps({"m": customer.pk, "s": "OFFICIAL_ANSWER"}, salt="another.purpose"),
        token[:-5],
        "not-a-link",
        signing.dumps({"m": customer.pk, "s": "NOT_A_KIND"}, salt=UNSUBSCRIBE_SALT),
        signing.dumps({"m": True, "s": "OFFICIAL_ANSWER"}, salt=UNSUBSCRIBE_SALT),
    ):
        assert anonymous(WHAT, {"t": bad}) == {"data": {"emailUnsubscription": None}}, bad
        assert anonymous(STOP, {"t": bad}) == _refused(
            "INVALID_TOKEN", "This link is not valid."
        ), bad
    assert _deliveries(customer) == []


def test_an_old_link_changes_nothing(
    customer: Member, anonymous: GraphQLClient, frozen_clock: list[float]
) -> None:
    token = unsubscribe_token(member_id=customer.pk, scope="OFFICIAL_ANSWER")
    frozen_clock[0] += 90 * DAY - 60
    assert anonymous(WHAT, {"t": token})["data"]["emailUnsubscription"] is not None
    frozen_clock[0] += 120
    assert anonymous(WHAT, {"t": token}) == {"data": {"emailUnsubscription": None}}
    assert anonymous(STOP, {"t": token}) == _refused("EXPIRED_TOKEN", "This link has expired.")
    assert _deliveries(customer) == []


def test_an_erased_account_has_nothing_left_to_stop(
    customer: Member, anonymous: GraphQLClient
) -> None:
    token = unsubscribe_token(member_id=customer.pk, scope="OFFICIAL_ANSWER")
    Member.objects.filter(pk=customer.pk).update(
        erased_at="2026-01-01T00:00:00Z", email="", customer_number=None, is_active=False
    )
    result = anonymous(STOP, {"t": token})["data"]["unsubscribeFromEmail"]
    assert [e["code"] for e in result["errors"]] == ["ALREADY_UNSUBSCRIBED"]
    assert _deliveries(customer) == []
