"""The thread workflow's mutations together: each answers NOT_FOUND for a thread that does not
exist, and refuses visitors and the roles it is not for, writing nothing."""

from __future__ import annotations

import pytest

from models.models import Thread
from schema.core.ids import encode_id
from tests.api.threads.documents import ASSIGN, CLOSE, LOCK, REOPEN, RESOLVE, UNLOCK
from tests.graphql import GraphQLClient, audit_events, gid, top_level_error

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("query", "name"),
    [
        (RESOLVE, "resolveThread"),
        (CLOSE, "closeThread"),
        (REOPEN, "reopenThread"),
        (LOCK, "lockThread"),
        (UNLOCK, "unlockThread"),
    ],
)
def test_thread_actions_on_a_thread_that_does_not_exist(
    adviser_client: GraphQLClient, query: str, name: str
) -> None:
    assert adviser_client(query, {"id": encode_id("Thread", 999_999)}) == {
        "data": {
            name: {
                "thread": None,
                "errors": [
                    {"code": "NOT_FOUND", "message": "No such thread.", "field": "threadId"}
                ],
            }
        }
    }
    assert audit_events() == []


@pytest.mark.parametrize(
    ("query", "name", "login_message", "forbidden_message"),
    [
        (CLOSE, "closeThread", "Log in to do this.", None),
        (LOCK, "lockThread", "You must be logged in.", "Only advisers may do this."),
        (UNLOCK, "unlockThread", "You must be logged in.", "Only advisers may do this."),
        (ASSIGN, "assignThread", "You must be logged in.", "Only advisers may do this."),
    ],
)
def test_thread_actions_refuse_visitors_and_other_roles(
    anonymous: GraphQLClient,
    customer_client: GraphQLClient,
    question: Thread,
    query: str,
    name: str,
    login_message: str,
    forbidden_message: str | None,
) -> None:
    Thread.objects.filter(pk=question.pk).update(is_locked=True)
    assert anonymous(query, {"id": gid(question)}) == top_level_error(
        query, name, "UNAUTHENTICATED", login_message
    )
    if forbidden_message is not None:
        # Even the thread's own author: these are advisers' actions.
        assert customer_client(query, {"id": gid(question)}) == top_level_error(
            query, name, "FORBIDDEN", forbidden_message
        )
    assert Thread.objects.values_list("status", "is_locked", "assigned_adviser_id").get() == (
        "OPEN",
        True,
        None,
    )
    assert audit_events() == []
