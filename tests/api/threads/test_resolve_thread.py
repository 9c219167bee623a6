"""`resolveThread`: a question resolved without an accepted answer, by its author or an
adviser, with the notification and audit event it writes."""

from __future__ import annotations

import pytest

from models.models import Member, Thread, ThreadKind, ThreadStatus
from tests.api.threads.documents import RESOLVE
from tests.factories import ThreadFactory
from tests.graphql import GraphQLClient, audit_events, gid, iso, notifications, top_level_error

pytestmark = pytest.mark.django_db


def test_author_resolves_their_question_without_an_answer(
    customer_client: GraphQLClient, question: Thread
) -> None:
    assert customer_client(RESOLVE, {"id": gid(question)}) == {
        "data": {
            "resolveThread": {"thread": {"status": "RESOLVED", "isLocked": False}, "errors": []}
        }
    }
    question.refresh_from_db()
    assert question.resolved_at is not None and question.accepted_post_id is None
    assert (
        notifications("recipient_id", "kind", "actor_id", "thread_id", "post_id"),
        audit_events(),
    ) == ([], [])
    assert customer_client(RESOLVE, {"id": gid(question)}) == {
        "data": {
            "resolveThread": {
                "thread": {"status": "RESOLVED", "isLocked": False},
                "errors": [
                    {
                        "code": "ALREADY_RESOLVED",
                        "message": "This question is already resolved.",
                        "field": "threadId",
                    }
                ],
            }
        }
    }


def test_adviser_resolves_a_question_notifies_and_audits(
    adviser_client: GraphQLClient, adviser: Member, customer: Member, question: Thread
) -> None:
    adviser_client(RESOLVE, {"id": gid(question)})
    adviser_client(RESOLVE, {"id": gid(question)})
    question.refresh_from_db()
    assert [
        n[:4] for n in notifications("recipient_id", "kind", "actor_id", "thread_id", "post_id")
    ] == [(customer.pk, "QUESTION_RESOLVED", adviser.pk, question.pk)]
    assert audit_events() == [
        (
            adviser.pk,
            "thread.resolve",
            "Thread",
            str(question.pk),
            {"status": "OPEN", "accepted_post": None, "resolved_at": None},
            {
                "status": "RESOLVED",
                "accepted_post": None,
                "resolved_at": iso(question.resolved_at),
            },
        )
    ]


def test_resolve_thread_refusals(
    anonymous: GraphQLClient,
    customer_client: GraphQLClient,
    other_customer_client: GraphQLClient,
    customer: Member,
    question: Thread,
) -> None:
    discussion = ThreadFactory.create(author=customer, kind=ThreadKind.DISCUSSION)
    closed = ThreadFactory.create(author=customer, status=ThreadStatus.CLOSED)
    assert customer_client(RESOLVE, {"id": gid(discussion)})["data"] == {
        "resolveThread": {
            "thread": None,
            "errors": [
                {
                    "code": "NOT_A_QUESTION",
                    "message": "Only a question is answered and resolved.",
                    "field": "threadId",
                }
            ],
        }
    }
    assert customer_client(RESOLVE, {"id": gid(closed)})["data"] == {
        "resolveThread": {
            "thread": None,
            "errors": [
                {"code": "THREAD_CLOSED", "message": "This thread is closed.", "field": "threadId"}
            ],
        }
    }
    assert other_customer_client(RESOLVE, {"id": gid(question)}) == top_level_error(
        RESOLVE,
        "resolveThread",
        "FORBIDDEN",
        "Only the question's author or an adviser resolves it.",
    )
    assert anonymous(RESOLVE, {"id": gid(question)}) == top_level_error(
        RESOLVE, "resolveThread", "UNAUTHENTICATED", "Log in to do this."
    )
    assert list(Thread.objects.order_by("pk").values_list("status", "resolved_at")) == [
        ("OPEN", None),
        ("OPEN", None),
        ("CLOSED", None),
    ]
