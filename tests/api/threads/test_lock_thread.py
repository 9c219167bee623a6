"""`lockThread` and `unlockThread`: advisers lock a thread against replies, audited."""

from __future__ import annotations

import pytest

from models.models import Member, Thread
from tests.api.threads.documents import LOCK, REPLY, UNLOCK
from tests.graphql import GraphQLClient, audit_events, gid, top_level_error

pytestmark = pytest.mark.django_db


def test_adviser_locks_and_unlocks(
    adviser_client: GraphQLClient,
    customer_client: GraphQLClient,
    adviser: Member,
    question: Thread,
) -> None:
    assert adviser_client(LOCK, {"id": gid(question)}) == {
        "data": {"lockThread": {"thread": {"status": "OPEN", "isLocked": True}, "errors": []}}
    }
    assert adviser_client(LOCK, {"id": gid(question)})["data"]["lockThread"]["errors"] == [
        {
            "code": "ALREADY_LOCKED",
            "message": "This thread is already locked.",
            "field": "threadId",
        }
    ]
    reply = customer_client(REPLY, {"id": gid(question), "body": "Et alors ?", "internal": False})
    assert reply["data"]["replyToThread"]["errors"] == [
        {"code": "THREAD_LOCKED", "message": "This thread is locked.", "field": "threadId"}
    ]
    assert adviser_client(UNLOCK, {"id": gid(question)}) == {
        "data": {"unlockThread": {"thread": {"status": "OPEN", "isLocked": False}, "errors": []}}
    }
    assert adviser_client(UNLOCK, {"id": gid(question)})["data"]["unlockThread"]["errors"] == [
        {"code": "NOT_LOCKED", "message": "This thread is not locked.", "field": "threadId"}
    ]
    target = ("Thread", str(question.pk))
    assert audit_events() == [
        (adviser.pk, "thread.lock", *target, {"is_locked": False}, {"is_locked": True}),
        (adviser.pk, "thread.unlock", *target, {"is_locked": True}, {"is_locked": False}),
    ]


def test_only_advisers_lock(
    customer_client: GraphQLClient,
    committee_client: GraphQLClient,
    anonymous: GraphQLClient,
    question: Thread,
) -> None:
    for client in (customer_client, committee_client):
        assert client(LOCK, {"id": gid(question)}) == top_level_error(
            LOCK, "lockThread", "FORBIDDEN", "Only advisers may do this."
        )
    assert anonymous(UNLOCK, {"id": gid(question)}) == top_level_error(
        UNLOCK, "unlockThread", "UNAUTHENTICATED", "You must be logged in."
    )
    question.refresh_from_db()
    assert question.is_locked is False
    assert audit_events() == []
