"""`replyToThread`: replies, official answers, internal notes, and locked, closed or hidden
threads."""

from __future__ import annotations

import pytest

from models.models import Member, Notification, Post, Thread, ThreadKind, ThreadStatus
from schema.core.ids import encode_id
from tests.api.threads.documents import REPLY as REPLY_OR_NOTE
from tests.factories import ThreadFactory
from tests.graphql import GraphQLClient, gid, notifications, top_level_error

pytestmark = pytest.mark.django_db

REPLY = (
    "mutation($id: ID!, $body: String!) { replyToThread(input: {threadId: $id, body: $body}) { "
    "post { body isOfficial author { displayName } thread { status postCount } } "
    "errors { code message field } } }"
)


def test_first_official_reply_answers_a_question(
    adviser_client: GraphQLClient, customer_client: GraphQLClient, customer: Member, adviser: Member
) -> None:
    thread = ThreadFactory.create(author=customer)
    variables = {"id": encode_id("Thread", thread.pk), "body": "Bonjour, c'est réglé."}
    result = adviser_client(REPLY, variables)
    assert result == {
        "data": {
            "replyToThread": {
                "post": {
                    "body": "Bonjour, c'est réglé.",
                    "isOfficial": True,
                    "author": {"displayName": adviser.display_name},
                    "thread": {"status": "ANSWERED", "postCount": 1},
                },
                "errors": [],
            }
        }
    }
    thread.refresh_from_db()
    first_response = thread.first_response_at
    assert first_response == Post.objects.get().created_at
    # The customer's own reply is not official and does not move the status.
    result = customer_client(REPLY, {"id": variables["id"], "body": "Merci"})
    assert result["data"]["replyToThread"]["post"] == {
        "body": "Merci",
        "isOfficial": False,
        "author": {"displayName": "Claire"},
        "thread": {"status": "ANSWERED", "postCount": 2},
    }
    # A later official reply keeps the first-response time.
    adviser_client(REPLY, {"id": variables["id"], "body": "Autre chose ?"})
    thread.refresh_from_db()
    assert thread.first_response_at == first_response
    assert thread.last_activity_at == Post.objects.latest("created_at").created_at


def test_reply_to_locked_and_closed_threads(
    customer_client: GraphQLClient, adviser_client: GraphQLClient
) -> None:
    locked = ThreadFactory.create(is_locked=True)
    closed = ThreadFactory.create(status=ThreadStatus.CLOSED)
    assert customer_client(REPLY, {"id": encode_id("Thread", locked.pk), "body": "x"})["data"] == {
        "replyToThread": {
            "post": None,
            "errors": [
                {"code": "THREAD_LOCKED", "message": "This thread is locked.", "field": "threadId"}
            ],
        }
    }
    assert customer_client(REPLY, {"id": encode_id("Thread", closed.pk), "body": "x"})["data"] == {
        "replyToThread": {
            "post": None,
            "errors": [
                {"code": "THREAD_CLOSED", "message": "This thread is closed.", "field": "threadId"}
            ],
        }
    }
    assert Post.objects.count() == 0
    # Advisers may still write in a locked thread (to explain why it is locked).
    result = adviser_client(REPLY, {"id": encode_id("Thread", locked.pk), "body": "Verrouillé."})
    assert result["data"]["replyToThread"]["errors"] == []


def test_reply_bad_input(customer_client: GraphQLClient) -> None:
    thread = ThreadFactory.create()
    result = customer_client(REPLY, {"id": encode_id("Thread", thread.pk), "body": "  "})
    assert result["data"]["replyToThread"] == {
        "post": None,
        "errors": [{"code": "BLANK", "message": "The message must not be empty.", "field": "body"}],
    }
    result = customer_client(REPLY, {"id": encode_id("Thread", 999), "body": "x"})
    assert result["data"]["replyToThread"] == {
        "post": None,
        "errors": [{"code": "NOT_FOUND", "message": "No such thread.", "field": "threadId"}],
    }
    assert Post.objects.count() == 0


def test_official_answer_notifies_the_question_author(
    adviser_client: GraphQLClient,
    customer_client: GraphQLClient,
    adviser: Member,
    customer: Member,
    question: Thread,
) -> None:
    result = adviser_client(
        REPLY_OR_NOTE, {"id": gid(question), "body": "Je regarde.", "internal": False}
    )
    assert result == {
        "data": {
            "replyToThread": {
                "post": {
                    "body": "Je regarde.",
                    "isOfficial": True,
                    "isInternal": False,
                    "thread": {"status": "ANSWERED", "postCount": 1},
                },
                "errors": [],
            }
        }
    }
    post = Post.objects.get()
    # The customer's own reply and replies in discussions notify nobody.
    customer_client(REPLY_OR_NOTE, {"id": gid(question), "body": "Merci", "internal": False})
    discussion = ThreadFactory.create(author=customer, kind=ThreadKind.DISCUSSION)
    adviser_client(REPLY_OR_NOTE, {"id": gid(discussion), "body": "Bonne idée", "internal": False})
    assert notifications("recipient_id", "kind", "actor_id", "thread_id", "post_id") == [
        (
            customer.pk,
            "OFFICIAL_ANSWER",
            adviser.pk,
            question.pk,
            post.pk,
            "Julien (conseiller) a répondu à votre question « Carte bloquée ».",
        )
    ]


INBOX = "{ viewer { notifications { totalCount edges { node { kind } } } } }"


def test_internal_note_is_invisible_to_customers_and_changes_nothing(
    adviser_client: GraphQLClient,
    customer_client: GraphQLClient,
    question: Thread,
) -> None:
    before = Thread.objects.values("status", "first_response_at", "last_activity_at").get(
        pk=question.pk
    )
    result = adviser_client(
        REPLY_OR_NOTE,
        {"id": gid(question), "body": "Client connu, voir dossier.", "internal": True},
    )
    assert result == {
        "data": {
            "replyToThread": {
                "post": {
                    "body": "Client connu, voir dossier.",
                    "isOfficial": False,
                    "isInternal": True,
                    "thread": {"status": "OPEN", "postCount": 1},
                },
                "errors": [],
            }
        }
    }
    note = Post.objects.get()
    assert (
        Thread.objects.values("status", "first_response_at", "last_activity_at").get(pk=question.pk)
        == before
    )
    query = (
        "query($id: ID!, $note: ID!) { thread(id: $id) { status postCount posts { totalCount "
        "edges { node { body } } } } node(id: $note) { id } }"
    )
    variables = {"id": gid(question), "note": encode_id("Post", note.pk)}
    assert customer_client(query, variables) == {
        "data": {
            "thread": {
                "status": "OPEN",
                "postCount": 0,
                "posts": {"totalCount": 0, "edges": []},
            },
            "node": None,
        }
    }
    assert customer_client(INBOX) == {
        "data": {"viewer": {"notifications": {"totalCount": 0, "edges": []}}}
    }
    assert Notification.objects.count() == 0


def test_only_advisers_write_internal_notes(
    customer_client: GraphQLClient, committee_client: GraphQLClient, question: Thread
) -> None:
    variables = {"id": gid(question), "body": "Note", "internal": True}
    for client in (customer_client, committee_client):
        assert client(REPLY_OR_NOTE, variables) == top_level_error(
            REPLY_OR_NOTE, "replyToThread", "FORBIDDEN", "Only advisers write internal notes."
        )
    assert Post.objects.count() == 0
