"""`dismissFlag`: an adviser dismisses one flag without hiding its content, audited; a retry
changes nothing."""

from __future__ import annotations

import pytest

from models.models import Flag, FlagReason, Member, Notification, Post
from schema.core.ids import encode_id
from tests.api.moderation.documents import ERRORS, HIDE
from tests.graphql import GraphQLClient, audit_events, gid, top_level_error

pytestmark = pytest.mark.django_db

DISMISS = (
    "mutation($id: ID!) { dismissFlag(input: {flagId: $id}) { flag { reason resolvedAt "
    f"content {{ ... on Post {{ body isHidden }} }} }} {ERRORS} }} }}"
)


def test_adviser_dismisses_a_flag(
    adviser_client: GraphQLClient,
    adviser: Member,
    customer: Member,
    other_customer: Member,
    spam: Post,
) -> None:
    flag = Flag.objects.create(reporter=customer, post=spam, reason=FlagReason.SPAM)
    other = Flag.objects.create(reporter=other_customer, post=spam, reason=FlagReason.ABUSE)
    result = adviser_client(DISMISS, {"id": gid(flag)})
    flag.refresh_from_db()
    assert flag.resolved_at is not None and flag.resolved_by_id == adviser.pk
    resolved_at = flag.resolved_at.isoformat()
    assert result == {
        "data": {
            "dismissFlag": {
                "flag": {
                    "reason": "SPAM",
                    "resolvedAt": resolved_at,
                    "content": {"body": "Achetez mes cryptos", "isHidden": False},
                },
                "errors": [],
            }
        }
    }
    # The other flag on the same reply stays open; nothing is hidden, nobody is told.
    other.refresh_from_db()
    assert other.resolved_at is None
    assert Notification.objects.count() == 0
    assert audit_events() == [
        (
            adviser.pk,
            "flag.resolve",
            "Flag",
            str(flag.pk),
            None,
            {"resolved_at": resolved_at, "resolved_by": adviser.pk},
        )
    ]
    # A retry changes nothing and says so.
    assert adviser_client(DISMISS, {"id": gid(flag)}) == {
        "data": {
            "dismissFlag": {
                "flag": {
                    "reason": "SPAM",
                    "resolvedAt": resolved_at,
                    "content": {"body": "Achetez mes cryptos", "isHidden": False},
                },
                "errors": [
                    {
                        "code": "ALREADY_RESOLVED",
                        "message": "This flag was already handled.",
                        "field": "flagId",
                    }
                ],
            }
        }
    }
    assert len(audit_events()) == 1


def test_a_flag_resolved_by_hiding_is_already_resolved(
    adviser_client: GraphQLClient, customer: Member, spam: Post
) -> None:
    flag = Flag.objects.create(reporter=customer, post=spam, reason=FlagReason.SPAM)
    adviser_client(HIDE, {"id": gid(spam), "reason": "Publicité"})
    events = len(audit_events())
    errors = adviser_client(DISMISS, {"id": gid(flag)})["data"]["dismissFlag"]["errors"]
    assert [e["code"] for e in errors] == ["ALREADY_RESOLVED"]
    assert len(audit_events()) == events


def test_dismiss_flag_refusals(
    adviser_client: GraphQLClient,
    customer_client: GraphQLClient,
    committee_client: GraphQLClient,
    customer: Member,
    spam: Post,
) -> None:
    flag = Flag.objects.create(reporter=customer, post=spam, reason=FlagReason.SPAM)
    assert adviser_client(DISMISS, {"id": encode_id("Flag", 999_999)}) == {
        "data": {
            "dismissFlag": {
                "flag": None,
                "errors": [{"code": "NOT_FOUND", "message": "No such flag.", "field": "flagId"}],
            }
        }
    }
    wrong = adviser_client(DISMISS, {"id": gid(spam)})
    assert wrong["data"] == {"dismissFlag": None}
    assert [(e["message"], e["extensions"]["code"]) for e in wrong["errors"]] == [
        ("`flagId` is not a valid Flag ID.", "BAD_USER_INPUT")
    ]
    for client in (customer_client, committee_client):
        assert client(DISMISS, {"id": gid(flag)}) == top_level_error(
            DISMISS, "dismissFlag", "FORBIDDEN", "Only advisers may do this."
        )
    assert GraphQLClient()(DISMISS, {"id": gid(flag)}) == top_level_error(
        DISMISS, "dismissFlag", "UNAUTHENTICATED", "You must be logged in."
    )
    flag.refresh_from_db()
    assert flag.resolved_at is None
    assert audit_events() == []
