"""`assignThread`: advisers assign a thread to an adviser or unassign it, audited."""

from __future__ import annotations

import pytest

from models.models import Member, Thread
from schema.core.ids import encode_id
from tests.api.threads.documents import ASSIGN
from tests.factories import AdviserFactory
from tests.graphql import GraphQLClient, audit_events, gid, top_level_error

pytestmark = pytest.mark.django_db


def test_adviser_assigns_and_unassigns(
    adviser_client: GraphQLClient, adviser: Member, question: Thread
) -> None:
    colleague = AdviserFactory.create(display_name="Inès (conseillère)")
    variables = {"id": gid(question), "adviser": encode_id("Member", colleague.pk)}
    assert adviser_client(ASSIGN, variables) == {
        "data": {
            "assignThread": {
                "thread": {"assignedAdviser": {"displayName": "Inès (conseillère)"}},
                "errors": [],
            }
        }
    }
    assert adviser_client(ASSIGN, variables)["data"]["assignThread"]["errors"] == [
        {
            "code": "UNCHANGED",
            "message": "The thread already has this assignment.",
            "field": "adviserId",
        }
    ]
    assert adviser_client(ASSIGN, {"id": gid(question), "adviser": None}) == {
        "data": {"assignThread": {"thread": {"assignedAdviser": None}, "errors": []}}
    }
    target = ("Thread", str(question.pk))
    assert audit_events() == [
        (
            adviser.pk,
            "thread.assign",
            *target,
            {"assigned_adviser": None},
            {"assigned_adviser": colleague.pk},
        ),
        (
            adviser.pk,
            "thread.assign",
            *target,
            {"assigned_adviser": colleague.pk},
            {"assigned_adviser": None},
        ),
    ]


def test_assign_thread_refusals(
    adviser_client: GraphQLClient,
    customer_client: GraphQLClient,
    customer: Member,
    question: Thread,
) -> None:
    inactive = AdviserFactory.create(is_active=False)
    for member, code, message in (
        (customer, "NOT_AN_ADVISER", "Threads are assigned to active advisers."),
        (inactive, "NOT_AN_ADVISER", "Threads are assigned to active advisers."),
    ):
        variables = {"id": gid(question), "adviser": encode_id("Member", member.pk)}
        assert adviser_client(ASSIGN, variables)["data"] == {
            "assignThread": {
                "thread": None,
                "errors": [{"code": code, "message": message, "field": "adviserId"}],
            }
        }
    variables = {"id": gid(question), "adviser": encode_id("Member", 999_999)}
    assert adviser_client(ASSIGN, variables)["data"]["assignThread"]["errors"] == [
        {"code": "NOT_FOUND", "message": "No such member.", "field": "adviserId"}
    ]
    variables = {"id": gid(question), "adviser": encode_id("Member", customer.pk)}
    assert customer_client(ASSIGN, variables) == top_level_error(
        ASSIGN, "assignThread", "FORBIDDEN", "Only advisers may do this."
    )
    question.refresh_from_db()
    assert question.assigned_adviser_id is None
    assert audit_events() == []
