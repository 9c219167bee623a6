"""`hideContent`: advisers hide a reply, a thread or a suggestion, audited; what hidden content
looks like to each viewer."""

from __future__ import annotations

import pytest

from models.models import (
    AuditEvent,
    Flag,
    FlagReason,
    Member,
    Notification,
    Post,
    Suggestion,
    Thread,
)
from schema.core.ids import encode_id
from tests.api.moderation.documents import HIDDEN_STATE, HIDE
from tests.factories import CustomerFactory, SuggestionFactory, ThreadFactory
from tests.graphql import GraphQLClient, audit_events, gid, notifications, top_level_error

pytestmark = pytest.mark.django_db


def test_adviser_hides_a_post(
    adviser_client: GraphQLClient,
    adviser: Member,
    customer: Member,
    other_customer: Member,
    thread: Thread,
    spam: Post,
) -> None:
    flags = [
        Flag.objects.create(reporter=reporter, post=spam, reason=FlagReason.SPAM)
        for reporter in (customer, CustomerFactory.create())
    ]
    Flag.objects.create(reporter=customer, thread=thread, reason=FlagReason.OTHER)
    variables = {"id": gid(spam), "reason": " Publicité non sollicitée "}
    assert adviser_client(HIDE, variables) == {
        "data": {
            "hideContent": {
                "content": {"__typename": "Post", "body": "Achetez mes cryptos"},
                "errors": [],
            }
        }
    }
    # A retry changes nothing: same reason, no second notification or audit event.
    assert adviser_client(HIDE, {"id": gid(spam), "reason": "Autre"}) == {
        "data": {
            "hideContent": {
                "content": {"__typename": "Post", "body": "Achetez mes cryptos"},
                "errors": [
                    {
                        "code": "ALREADY_HIDDEN",
                        "message": "This content is already hidden.",
                        "field": "contentId",
                    }
                ],
            }
        }
    }
    spam.refresh_from_db()
    assert (spam.hidden_by_id, spam.hidden_reason) == (adviser.pk, "Publicité non sollicitée")
    assert spam.hidden_at is not None
    hidden_at = spam.hidden_at.isoformat()
    # The open flags on the post are resolved; others stay open.
    assert list(Flag.objects.order_by("pk").values_list("resolved_by_id", flat=True)) == [
        adviser.pk,
        adviser.pk,
        None,
    ]
    assert notifications("recipient_id", "kind", "actor_id", "thread_id", "post_id") == [
        (
            other_customer.pk,
            "CONTENT_HIDDEN",
            adviser.pk,
            spam.thread_id,
            spam.pk,
            "Votre réponse dans « Frais à l'étranger » a été masquée par un conseiller : "
            "Publicité non sollicitée",
        )
    ]
    resolved = {"resolved_at": hidden_at, "resolved_by": adviser.pk}
    assert audit_events() == [
        (
            adviser.pk,
            "content.hide",
            "Post",
            str(spam.pk),
            {"hidden_at": None, "hidden_by": None, "hidden_reason": ""},
            {
                "hidden_at": hidden_at,
                "hidden_by": adviser.pk,
                "hidden_reason": "Publicité non sollicitée",
            },
        ),
        (adviser.pk, "flag.resolve", "Flag", str(flags[0].pk), None, resolved),
        (adviser.pk, "flag.resolve", "Flag", str(flags[1].pk), None, resolved),
    ]


def test_hidden_content_is_gone_for_others_and_marked_for_its_author(
    adviser_client: GraphQLClient,
    customer_client: GraphQLClient,
    other_customer_client: GraphQLClient,
    anonymous: GraphQLClient,
    thread: Thread,
    spam: Post,
) -> None:
    adviser_client(HIDE, {"id": gid(spam), "reason": "Publicité"})
    hidden = {"body": "Achetez mes cryptos", "isHidden": True, "hiddenReason": "Publicité"}
    # Its author (Bruno) and advisers see it, marked hidden, with the reason.
    assert other_customer_client(HIDDEN_STATE, {"id": gid(spam)}) == {"data": {"node": hidden}}
    assert adviser_client(HIDDEN_STATE, {"id": gid(spam)}) == {"data": {"node": hidden}}
    # Everyone else: not found, not counted, not listed.
    query = (
        "query($id: ID!, $post: ID!) { node(id: $post) { id } thread(id: $id) { postCount "
        "posts { totalCount edges { node { body } } } } }"
    )
    variables = {"id": gid(thread), "post": gid(spam)}
    for client in (customer_client, anonymous):
        assert client(query, variables) == {
            "data": {
                "node": None,
                "thread": {"postCount": 0, "posts": {"totalCount": 0, "edges": []}},
            }
        }
    # A visible row says it is not hidden, to anyone, without error.
    assert anonymous(
        "query($id: ID!) { thread(id: $id) { isHidden hiddenReason } }", {"id": gid(thread)}
    ) == {"data": {"thread": {"isHidden": False, "hiddenReason": None}}}


@pytest.mark.parametrize("kind", ["Thread", "Suggestion"])
def test_hiding_threads_and_suggestions(
    kind: str,
    adviser_client: GraphQLClient,
    customer_client: GraphQLClient,
    other_customer_client: GraphQLClient,
    adviser: Member,
    customer: Member,
) -> None:
    obj: Thread | Suggestion = (
        ThreadFactory.create(author=customer, title="Hors charte")
        if kind == "Thread"
        else SuggestionFactory.create(author=customer, title="Hors charte")
    )
    result = adviser_client(HIDE, {"id": gid(obj), "reason": "Hors charte"})
    assert result == {
        "data": {
            "hideContent": {"content": {"__typename": kind, "title": "Hors charte"}, "errors": []}
        }
    }
    assert other_customer_client(HIDDEN_STATE, {"id": gid(obj)}) == {"data": {"node": None}}
    assert customer_client(HIDDEN_STATE, {"id": gid(obj)}) == {
        "data": {"node": {"title": "Hors charte", "isHidden": True, "hiddenReason": "Hors charte"}}
    }
    noun = (
        "Votre fil « Hors charte » a été masqué"
        if kind == "Thread"
        else ("Votre idée « Hors charte » a été masquée")
    )
    assert notifications("recipient_id", "kind") == [
        (customer.pk, "CONTENT_HIDDEN", f"{noun} par un conseiller : Hors charte")
    ]
    assert list(AuditEvent.objects.values_list("action", "target_type", "target_id")) == [
        ("content.hide", kind, str(obj.pk))
    ]


def test_hide_refusals_write_nothing(
    adviser_client: GraphQLClient,
    customer_client: GraphQLClient,
    committee_client: GraphQLClient,
    anonymous: GraphQLClient,
    spam: Post,
) -> None:
    variables = {"id": gid(spam), "reason": "Spam"}
    for client in (customer_client, committee_client):
        assert client(HIDE, variables) == top_level_error(
            HIDE, "hideContent", "FORBIDDEN", "Only advisers may do this."
        )
    assert anonymous(HIDE, variables) == top_level_error(
        HIDE, "hideContent", "UNAUTHENTICATED", "You must be logged in."
    )

    def refused(content_id: str, reason: str, *errors: tuple[str, str, str]) -> None:
        assert adviser_client(HIDE, {"id": content_id, "reason": reason}) == {
            "data": {
                "hideContent": {
                    "content": None,
                    "errors": [{"code": c, "message": m, "field": f} for c, m, f in errors],
                }
            }
        }

    refused(gid(spam), "  ", ("BLANK", "The reason must not be empty.", "reason"))
    refused(
        gid(spam), "x" * 501, ("TOO_LONG", "The reason must be at most 500 characters.", "reason")
    )
    refused(
        encode_id("Thread", 999_999),
        "",
        ("NOT_FOUND", "No such thread.", "contentId"),
        ("BLANK", "The reason must not be empty.", "reason"),
    )
    spam.refresh_from_db()
    assert (spam.hidden_at, spam.hidden_by_id, spam.hidden_reason) == (None, None, "")
    assert (Notification.objects.count(), AuditEvent.objects.count()) == (0, 0)
