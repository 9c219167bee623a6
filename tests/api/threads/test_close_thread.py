"""`closeThread` (and `reopenThread` after it): a closed thread takes no more replies;
advisers' closes are audited."""

from __future__ import annotations

import pytest

from models.models import Member, Post, Thread
from tests.api.threads.documents import ACCEPT, CLOSE, REOPEN, REPLY
from tests.graphql import GraphQLClient, audit_events, gid, iso, top_level_error

pytestmark = pytest.mark.django_db


def test_author_closes_their_thread_and_replies_stop(
    customer_client: GraphQLClient,
    other_customer_client: GraphQLClient,
    question: Thread,
) -> None:
    assert other_customer_client(CLOSE, {"id": gid(question)}) == top_level_error(
        CLOSE, "closeThread", "FORBIDDEN", "Only the thread's author or an adviser closes it."
    )
    assert customer_client(CLOSE, {"id": gid(question)}) == {
        "data": {"closeThread": {"thread": {"status": "CLOSED", "isLocked": False}, "errors": []}}
    }
    assert customer_client(CLOSE, {"id": gid(question)}) == {
        "data": {
            "closeThread": {
                "thread": {"status": "CLOSED", "isLocked": False},
                "errors": [
                    {
                        "code": "ALREADY_CLOSED",
                        "message": "This thread is already closed.",
                        "field": "threadId",
                    }
                ],
            }
        }
    }
    assert audit_events() == []
    result = other_customer_client(REPLY, {"id": gid(question), "body": "x", "internal": False})
    assert result["data"]["replyToThread"]["errors"][0]["code"] == "THREAD_CLOSED"


def test_adviser_closes_and_reopens_with_audit(
    adviser_client: GraphQLClient,
    customer_client: GraphQLClient,
    anonymous: GraphQLClient,
    adviser: Member,
    question: Thread,
    answer: Post,
) -> None:
    customer_client(ACCEPT, {"id": gid(answer)})
    question.refresh_from_db()
    resolved_at = iso(question.resolved_at)
    assert adviser_client(CLOSE, {"id": gid(question)})["data"] == {
        "closeThread": {"thread": {"status": "CLOSED", "isLocked": False}, "errors": []}
    }
    # Only advisers reopen, even the thread's own author.
    assert customer_client(REOPEN, {"id": gid(question)}) == top_level_error(
        REOPEN, "reopenThread", "FORBIDDEN", "Only advisers may do this."
    )
    assert anonymous(REOPEN, {"id": gid(question)}) == top_level_error(
        REOPEN, "reopenThread", "UNAUTHENTICATED", "You must be logged in."
    )
    # An adviser had answered: back to ANSWERED, without accepted answer or resolution.
    assert adviser_client(REOPEN, {"id": gid(question)})["data"] == {
        "reopenThread": {"thread": {"status": "ANSWERED", "isLocked": False}, "errors": []}
    }
    assert adviser_client(REOPEN, {"id": gid(question)})["data"] == {
        "reopenThread": {
            "thread": {"status": "ANSWERED", "isLocked": False},
            "errors": [
                {
                    "code": "ALREADY_OPEN",
                    "message": "This thread is neither closed nor resolved.",
                    "field": "threadId",
                }
            ],
        }
    }
    question.refresh_from_db()
    assert (question.resolved_at, question.accepted_post_id) == (None, None)
    state = {"accepted_post": answer.pk, "resolved_at": resolved_at}
    assert audit_events() == [
        (
            adviser.pk,
            "thread.close",
            "Thread",
            str(question.pk),
            {"status": "RESOLVED", **state},
            {"status": "CLOSED", **state},
        ),
        (
            adviser.pk,
            "thread.reopen",
            "Thread",
            str(question.pk),
            {"status": "CLOSED", **state},
            {"status": "ANSWERED", "accepted_post": None, "resolved_at": None},
        ),
    ]
