"""Sensitive numbers in what moderation writes: a flag's note, a moderator's reason (and the
author's notification quoting it) are stored masked, and each payload says so."""

from __future__ import annotations

import pytest

from models.models import Flag, Member
from tests.api.threads.test_sensitive_numbers import notice, stored_anywhere
from tests.factories import PostFactory
from tests.graphql import GraphQLClient, gid, notifications

pytestmark = pytest.mark.django_db

NOTICES = "notices { code message kind field }"
CARD = "4970 1012 3456 7893"
PHONE = notice("PHONE_NUMBER", "reason", "A phone number")


def test_a_flag_note_is_masked(customer_client: GraphQLClient, other_customer: Member) -> None:
    post = PostFactory.create(author=other_customer)
    flag = (
        "mutation($input: FlagContentInput!) { flagContent(input: $input) { flag { text } "
        f"errors {{ code }} {NOTICES} }} }}"
    )
    result = customer_client(
        flag,
        {"input": {"contentId": gid(post), "reason": "PERSONAL_DATA", "text": f"Sa carte {CARD}"}},
    )
    assert result == {
        "data": {
            "flagContent": {
                "flag": {"text": "Sa carte •••• •••• •••• 7893"},
                "errors": [],
                "notices": [notice("PAYMENT_CARD", "text", "A payment card number")],
            }
        }
    }
    assert Flag.objects.get().text == "Sa carte •••• •••• •••• 7893"


def test_a_moderators_reason_is_masked_and_so_is_its_notification(
    adviser_client: GraphQLClient, customer: Member
) -> None:
    post = PostFactory.create(author=customer)
    hide = (
        "mutation($input: HideContentInput!) { hideContent(input: $input) { "
        f"errors {{ code }} {NOTICES} }} }}"
    )
    result = adviser_client(
        hide, {"input": {"contentId": gid(post), "reason": "Numéro 06 12 34 56 78 retiré"}}
    )
    assert result == {"data": {"hideContent": {"errors": [], "notices": [PHONE]}}}
    post.refresh_from_db()
    assert post.hidden_reason == "Numéro 06 •• •• •• 78 retiré"
    assert [(kind, reason) for kind, reason, _ in notifications("kind", "reason")] == [
        ("CONTENT_HIDDEN", "Numéro 06 •• •• •• 78 retiré")
    ]
    assert stored_anywhere("0612345678") == []
