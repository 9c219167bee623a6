"""`acceptAnswer`: a question's author or an adviser accepts a reply, which resolves the
question; the notification and audit event it writes, and who may not."""

from __future__ import annotations

import pytest
from django.utils import timezone

from models.models import Member, Post, Thread, ThreadKind, ThreadStatus
from schema.core.ids import encode_id
from tests.api.threads.documents import ACCEPT
from tests.factories import CustomerFactory, PostFactory, ThreadFactory
from tests.graphql import GraphQLClient, audit_events, gid, iso, notifications, top_level_error

pytestmark = pytest.mark.django_db


def test_author_accepts_an_answer_and_a_retry_changes_nothing(
    customer_client: GraphQLClient, question: Thread, answer: Post
) -> None:
    assert customer_client(ACCEPT, {"id": gid(answer)}) == {
        "data": {
            "acceptAnswer": {
                "thread": {"status": "RESOLVED", "acceptedPost": {"body": "Débloquée."}},
                "errors": [],
            }
        }
    }
    question.refresh_from_db()
    resolved_at = question.resolved_at
    assert resolved_at is not None
    assert question.accepted_post_id == answer.pk
    # The author resolved it: nobody to tell, and no staff action to audit.
    assert notifications("recipient_id", "kind", "actor_id", "thread_id", "post_id") == []
    assert audit_events() == []
    assert customer_client(ACCEPT, {"id": gid(answer)}) == {
        "data": {
            "acceptAnswer": {
                "thread": {"status": "RESOLVED", "acceptedPost": {"body": "Débloquée."}},
                "errors": [
                    {
                        "code": "ALREADY_ACCEPTED",
                        "message": "This reply already is the accepted answer.",
                        "field": "postId",
                    }
                ],
            }
        }
    }
    question.refresh_from_db()
    assert question.resolved_at == resolved_at


def test_adviser_accepts_an_answer_notifies_the_author_once_and_audits(
    adviser_client: GraphQLClient,
    adviser: Member,
    customer: Member,
    question: Thread,
    answer: Post,
) -> None:
    for _ in range(2):
        result = adviser_client(ACCEPT, {"id": gid(answer)})
        assert result["data"]["acceptAnswer"]["thread"] == {
            "status": "RESOLVED",
            "acceptedPost": {"body": "Débloquée."},
        }
    question.refresh_from_db()
    assert notifications("recipient_id", "kind", "actor_id", "thread_id", "post_id") == [
        (
            customer.pk,
            "QUESTION_RESOLVED",
            adviser.pk,
            question.pk,
            None,
            "Votre question « Carte bloquée » a été marquée résolue par Julien (conseiller).",
        )
    ]
    assert audit_events() == [
        (
            adviser.pk,
            "thread.accept_answer",
            "Thread",
            str(question.pk),
            {"status": "ANSWERED", "accepted_post": None, "resolved_at": None},
            {
                "status": "RESOLVED",
                "accepted_post": answer.pk,
                "resolved_at": iso(question.resolved_at),
            },
        )
    ]


def test_accepting_another_reply_replaces_the_answer_and_keeps_the_resolution_time(
    customer_client: GraphQLClient, customer: Member, question: Thread, answer: Post
) -> None:
    customer_client(ACCEPT, {"id": gid(answer)})
    question.refresh_from_db()
    resolved_at = question.resolved_at
    better = PostFactory.create(thread=question, author=CustomerFactory.create(), body="Astuce")
    assert customer_client(ACCEPT, {"id": gid(better)})["data"] == {
        "acceptAnswer": {
            "thread": {"status": "RESOLVED", "acceptedPost": {"body": "Astuce"}},
            "errors": [],
        }
    }
    question.refresh_from_db()
    assert (question.accepted_post_id, question.resolved_at) == (better.pk, resolved_at)


def test_accept_answer_refuses_internal_hidden_discussion_and_closed(
    customer_client: GraphQLClient,
    adviser_client: GraphQLClient,
    adviser: Member,
    customer: Member,
    question: Thread,
) -> None:
    note = PostFactory.create(thread=question, author=adviser, body="Note", is_internal=True)
    hidden = PostFactory.create(
        thread=question,
        author=adviser,
        body="Oups",
        hidden_at=timezone.now(),
        hidden_by=adviser,
        hidden_reason="Erreur",
    )
    discussion = ThreadFactory.create(author=customer, kind=ThreadKind.DISCUSSION)
    in_discussion = PostFactory.create(thread=discussion, body="Avis")
    closed = ThreadFactory.create(author=customer, status=ThreadStatus.CLOSED)
    in_closed = PostFactory.create(thread=closed, body="Trop tard")

    def refused(client: GraphQLClient, post: Post, code: str, message: str) -> None:
        assert client(ACCEPT, {"id": gid(post)}) == {
            "data": {
                "acceptAnswer": {
                    "thread": None,
                    "errors": [{"code": code, "message": message, "field": "postId"}],
                }
            }
        }

    refused(
        adviser_client, note, "INTERNAL_POST", "An internal note cannot be the accepted answer."
    )
    refused(adviser_client, hidden, "POST_HIDDEN", "A hidden reply cannot be the accepted answer.")
    # The customer cannot even see the note and the hidden reply.
    refused(customer_client, note, "NOT_FOUND", "No such reply.")
    refused(customer_client, hidden, "NOT_FOUND", "No such reply.")
    refused(
        customer_client,
        in_discussion,
        "NOT_A_QUESTION",
        "Only a question is answered and resolved.",
    )
    refused(customer_client, in_closed, "THREAD_CLOSED", "This thread is closed.")
    assert customer_client(ACCEPT, {"id": encode_id("Post", 999_999)})["data"] == {
        "acceptAnswer": {
            "thread": None,
            "errors": [{"code": "NOT_FOUND", "message": "No such reply.", "field": "postId"}],
        }
    }
    assert list(Thread.objects.order_by("pk").values_list("status", "accepted_post_id")) == [
        ("OPEN", None),
        ("OPEN", None),
        ("CLOSED", None),
    ]
    assert (
        notifications("recipient_id", "kind", "actor_id", "thread_id", "post_id"),
        audit_events(),
    ) == ([], [])


def test_accept_answer_is_for_the_author_and_advisers(
    anonymous: GraphQLClient,
    other_customer_client: GraphQLClient,
    committee_client: GraphQLClient,
    question: Thread,
    answer: Post,
) -> None:
    assert anonymous(ACCEPT, {"id": gid(answer)}) == top_level_error(
        ACCEPT, "acceptAnswer", "UNAUTHENTICATED", "Log in to do this."
    )
    for client in (other_customer_client, committee_client):
        assert client(ACCEPT, {"id": gid(answer)}) == top_level_error(
            ACCEPT,
            "acceptAnswer",
            "FORBIDDEN",
            "Only the question's author or an adviser accepts an answer.",
        )
    # A thread's ID where a reply's is expected.
    assert other_customer_client(ACCEPT, {"id": encode_id("Thread", question.pk)}) == (
        top_level_error(
            ACCEPT, "acceptAnswer", "BAD_USER_INPUT", "`postId` is not a valid Post ID."
        )
    )
    question.refresh_from_db()
    assert (question.status, question.accepted_post_id) == (ThreadStatus.ANSWERED, None)
