"""`unhideContent`: advisers show hidden content again, audited."""

from __future__ import annotations

import pytest

from models.models import AuditEvent, Member, Notification, Post
from tests.api.moderation.documents import CONTENT, ERRORS, HIDDEN_STATE, HIDE
from tests.graphql import GraphQLClient, gid, top_level_error

pytestmark = pytest.mark.django_db

UNHIDE = (
    f"mutation($id: ID!) {{ unhideContent(input: {{contentId: $id}}) {{ {CONTENT} {ERRORS} }} }}"
)


def test_adviser_unhides(
    adviser_client: GraphQLClient,
    customer_client: GraphQLClient,
    other_customer_client: GraphQLClient,
    adviser: Member,
    spam: Post,
) -> None:
    assert adviser_client(UNHIDE, {"id": gid(spam)}) == {
        "data": {
            "unhideContent": {
                "content": {"__typename": "Post", "body": "Achetez mes cryptos"},
                "errors": [
                    {
                        "code": "NOT_HIDDEN",
                        "message": "This content is not hidden.",
                        "field": "contentId",
                    }
                ],
            }
        }
    }
    adviser_client(HIDE, {"id": gid(spam), "reason": "Spam"})
    spam.refresh_from_db()
    hidden_at = spam.hidden_at.isoformat() if spam.hidden_at else None
    assert customer_client(UNHIDE, {"id": gid(spam)}) == top_level_error(
        UNHIDE, "unhideContent", "FORBIDDEN", "Only advisers may do this."
    )
    assert GraphQLClient()(UNHIDE, {"id": gid(spam)}) == top_level_error(
        UNHIDE, "unhideContent", "UNAUTHENTICATED", "You must be logged in."
    )
    assert adviser_client(UNHIDE, {"id": gid(spam)}) == {
        "data": {
            "unhideContent": {
                "content": {"__typename": "Post", "body": "Achetez mes cryptos"},
                "errors": [],
            }
        }
    }
    assert customer_client(HIDDEN_STATE, {"id": gid(spam)}) == {
        "data": {"node": {"body": "Achetez mes cryptos", "isHidden": False, "hiddenReason": None}}
    }
    assert list(AuditEvent.objects.order_by("id").values_list("action", "before", "after"))[-1] == (
        "content.unhide",
        {"hidden_at": hidden_at, "hidden_by": adviser.pk, "hidden_reason": "Spam"},
        {"hidden_at": None, "hidden_by": None, "hidden_reason": ""},
    )
    # Hiding again is a new event: its author is told again.
    adviser_client(HIDE, {"id": gid(spam), "reason": "Spam, encore"})
    assert Notification.objects.filter(kind="CONTENT_HIDDEN").count() == 2
