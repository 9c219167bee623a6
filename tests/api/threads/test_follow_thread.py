"""followThread / unfollowThread through /graphql, and what following a café thread brings:
one notification per new reply, never for one's own."""

from __future__ import annotations

from typing import Any

import pytest

from models.models import Follow, Member, NotificationKind, Thread, ThreadKind
from schema.core.ids import encode_id
from tests.factories import AdviserFactory, SuggestionFactory, ThreadFactory
from tests.graphql import GraphQLClient, notifications

pytestmark = pytest.mark.django_db

FOLLOW = (
    "mutation($id: ID!) { %s(input: {threadId: $id}) { thread { title viewerIsFollowing } "
    "errors { code message field } } }"
)
REPLY = (
    "mutation($id: ID!, $body: String!) { replyToThread(input: {threadId: $id, body: $body}) "
    "{ post { body } errors { code } } }"
)
NOTE = (
    'mutation($id: ID!) { replyToThread(input: {threadId: $id, body: "Note interne.", '
    "isInternal: true}) { errors { code } } }"
)
INBOX = "{ viewer { notifications { edges { node { kind message post { body } } } } } }"


def _gid(thread: Thread) -> dict[str, str]:
    return {"id": encode_id("Thread", thread.pk)}


def _follow(client: GraphQLClient, thread: Thread, name: str = "followThread") -> Any:
    return client(FOLLOW % name, _gid(thread))


def _reply(client: GraphQLClient, thread: Thread, body: str) -> None:
    result = client(REPLY, {**_gid(thread), "body": body})
    assert result == {"data": {"replyToThread": {"post": {"body": body}, "errors": []}}}


def _payload(name: str, following: bool, *errors: dict[str, Any]) -> dict[str, Any]:
    return {
        "data": {
            name: {
                "thread": {"title": "Frais à l'étranger", "viewerIsFollowing": following},
                "errors": list(errors),
            }
        }
    }


@pytest.fixture
def thread(other_customer: Member) -> Thread:
    return ThreadFactory.create(
        author=other_customer, title="Frais à l'étranger", kind=ThreadKind.DISCUSSION
    )


def test_a_follower_is_told_of_each_reply_but_their_own(
    customer_client: GraphQLClient,
    customer: Member,
    other_customer_client: GraphQLClient,
    thread: Thread,
) -> None:
    assert _follow(customer_client, thread) == _payload("followThread", True)
    # A retried request: nothing written, the thread as it is.
    assert _follow(customer_client, thread) == _payload(
        "followThread",
        True,
        {
            "code": "ALREADY_FOLLOWING",
            "message": "You already follow this thread.",
            "field": "threadId",
        },
    )
    assert Follow.objects.filter(member=customer, thread=thread).count() == 1
    _reply(other_customer_client, thread, "Deux euros par retrait.")
    _reply(customer_client, thread, "Merci !")  # their own: not told
    _reply(other_customer_client, thread, "Et 1 % par paiement.")
    assert customer_client(INBOX) == {
        "data": {
            "viewer": {
                "notifications": {
                    "edges": [
                        {
                            "node": {
                                "kind": "THREAD_REPLY",
                                "message": "Bruno a répondu dans « Frais à l'étranger ».",
                                "post": {"body": body},
                            }
                        }
                        # Newest first.
                        for body in ("Et 1 % par paiement.", "Deux euros par retrait.")
                    ]
                }
            }
        }
    }
    # Bruno, who does not follow the thread he opened, is told of nothing.
    assert [n[0] for n in notifications("recipient_id")] == [customer.pk, customer.pk]
    # Unfollowed: no more; a second unfollow changes nothing.
    assert _follow(customer_client, thread, "unfollowThread") == _payload("unfollowThread", False)
    assert _follow(customer_client, thread, "unfollowThread") == _payload(
        "unfollowThread",
        False,
        {
            "code": "NOT_FOLLOWING",
            "message": "You were not following this thread.",
            "field": "threadId",
        },
    )
    _reply(other_customer_client, thread, "Sauf en euros.")
    assert len(notifications()) == 2


def test_an_official_answer_is_told_once_and_an_internal_note_never(
    customer: Member, customer_client: GraphQLClient
) -> None:
    """The question's author, who follows it, is told of an official answer once, as the
    answer; other followers as a reply. Nobody is told of an advisers' internal note."""
    question = ThreadFactory.create(author=customer, title="Carte avalée", kind=ThreadKind.QUESTION)
    follower = GraphQLClient(AdviserFactory.create(display_name="Léa (conseillère)"))
    assert _follow(customer_client, question)["data"]["followThread"]["errors"] == []
    assert _follow(follower, question)["data"]["followThread"]["errors"] == []
    adviser = AdviserFactory.create(display_name="Julien (conseiller)")
    answer = GraphQLClient(adviser)
    assert answer(NOTE, _gid(question)) == {"data": {"replyToThread": {"errors": []}}}
    _reply(answer, question, "Passez en agence avec une pièce d'identité.")
    assert notifications("recipient_id", "kind") == [
        (
            customer.pk,
            NotificationKind.OFFICIAL_ANSWER,
            "Julien (conseiller) a répondu à votre question « Carte avalée ».",
        ),
        (
            follower.member.pk,  # type: ignore[union-attr]
            NotificationKind.THREAD_REPLY,
            "Julien (conseiller) a répondu dans « Carte avalée ».",
        ),
    ]


def test_a_suggestion_discussion_is_followed_through_its_suggestion(
    customer_client: GraphQLClient,
) -> None:
    suggestion = SuggestionFactory.create()
    discussion = ThreadFactory.create(
        author=suggestion.author, suggestion=suggestion, kind=ThreadKind.DISCUSSION
    )
    for name in ("followThread", "unfollowThread"):
        assert customer_client(FOLLOW % name, _gid(discussion)) == {
            "data": {
                name: {
                    "thread": None,
                    "errors": [
                        {
                            "code": "USE_FOLLOW_SUGGESTION",
                            "message": "This thread is a suggestion's discussion: follow the "
                            "suggestion instead.",
                            "field": "threadId",
                        }
                    ],
                }
            }
        }
    assert not Follow.objects.exists()


def test_refusals(anonymous: GraphQLClient, customer_client: GraphQLClient, thread: Thread) -> None:
    assert anonymous(FOLLOW % "followThread", _gid(thread)) == {
        "data": {"followThread": None},
        "errors": [
            {
                "message": "Log in to follow a thread.",
                "locations": [{"line": 1, "column": 22}],
                "path": ["followThread"],
                "extensions": {"code": "UNAUTHENTICATED"},
            }
        ],
    }
    # A thread a member cannot see is not found.
    Thread.objects.filter(pk=thread.pk).update(
        hidden_at=thread.created_at, hidden_by=AdviserFactory.create(), hidden_reason="Spam"
    )
    for pk in (thread.pk, 424242):
        assert customer_client(FOLLOW % "followThread", {"id": encode_id("Thread", pk)}) == {
            "data": {
                "followThread": {
                    "thread": None,
                    "errors": [
                        {"code": "NOT_FOUND", "message": "No such thread.", "field": "threadId"}
                    ],
                }
            }
        }
    assert not Follow.objects.exists()


def test_a_follower_who_may_no_longer_see_the_thread_is_not_told(
    customer: Member, customer_client: GraphQLClient, other_customer: Member, thread: Thread
) -> None:
    assert _follow(customer_client, thread)["data"]["followThread"]["errors"] == []
    Thread.objects.filter(pk=thread.pk).update(
        hidden_at=thread.created_at, hidden_by=AdviserFactory.create(), hidden_reason="Spam"
    )
    # Its author still sees it and replies: the follower, who no longer may, is not told.
    _reply(GraphQLClient(other_customer), thread, "Je précise.")
    assert notifications() == []
    Thread.objects.filter(pk=thread.pk).update(hidden_at=None, hidden_by=None, hidden_reason="")
    _reply(GraphQLClient(other_customer), thread, "Visible à nouveau.")
    assert notifications("recipient_id") == [
        (customer.pk, "Bruno a répondu dans « Frais à l'étranger ».")
    ]


def test_viewer_is_following_is_null_without_a_member(
    anonymous: GraphQLClient, thread: Thread
) -> None:
    query = "query($id: ID!) { thread(id: $id) { title viewerIsFollowing } }"
    assert anonymous(query, _gid(thread)) == {
        "data": {"thread": {"title": "Frais à l'étranger", "viewerIsFollowing": None}}
    }
