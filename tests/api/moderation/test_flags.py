"""`flags`: the advisers' queue of reports, oldest first, and a report by ID for advisers and
its reporter."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from models.models import Flag, FlagReason, Member, Post, Thread
from tests.api.moderation.documents import CONTENT
from tests.factories import AdviserFactory, CustomerFactory, SuggestionFactory
from tests.graphql import GraphQLClient, gid

pytestmark = pytest.mark.django_db

QUEUE = (
    "query($status: FlagStatus!, $first: Int) { flags(status: $status, first: $first) { "
    "totalCount pageInfo { hasNextPage } edges { node { reason text reporter { displayName } "
    f"{CONTENT} }} }} }} }}"
)


def test_advisers_work_the_queue_oldest_first(
    adviser_client: GraphQLClient, customer: Member, thread: Thread, spam: Post
) -> None:
    now = timezone.now()
    suggestion = SuggestionFactory.create(title="Idée")
    anne = CustomerFactory.create(display_name="Anne")
    Flag.objects.create(
        reporter=customer, post=spam, reason=FlagReason.SPAM, created_at=now - timedelta(hours=1)
    )
    Flag.objects.create(
        reporter=anne,
        suggestion=suggestion,
        reason=FlagReason.OTHER,
        text="Déjà proposée",
        created_at=now - timedelta(hours=3),
    )
    Flag.objects.create(
        reporter=anne, thread=thread, reason=FlagReason.ABUSE, created_at=now - timedelta(hours=2)
    )
    Flag.objects.create(
        reporter=customer,
        thread=thread,
        reason=FlagReason.OFF_TOPIC,
        created_at=now - timedelta(days=2),
        resolved_at=now - timedelta(days=1),
        resolved_by=AdviserFactory.create(),
    )
    assert adviser_client(QUEUE, {"status": "OPEN", "first": 2}) == {
        "data": {
            "flags": {
                "totalCount": 3,
                "pageInfo": {"hasNextPage": True},
                "edges": [
                    {
                        "node": {
                            "reason": "OTHER",
                            "text": "Déjà proposée",
                            "reporter": {"displayName": "Anne"},
                            "content": {"__typename": "Suggestion", "title": "Idée"},
                        }
                    },
                    {
                        "node": {
                            "reason": "ABUSE",
                            "text": "",
                            "reporter": {"displayName": "Anne"},
                            "content": {"__typename": "Thread", "title": "Frais à l'étranger"},
                        }
                    },
                ],
            }
        }
    }
    assert adviser_client(QUEUE, {"status": "RESOLVED", "first": 10}) == {
        "data": {
            "flags": {
                "totalCount": 1,
                "pageInfo": {"hasNextPage": False},
                "edges": [
                    {
                        "node": {
                            "reason": "OFF_TOPIC",
                            "text": "",
                            "reporter": {"displayName": "Claire"},
                            "content": {"__typename": "Thread", "title": "Frais à l'étranger"},
                        }
                    }
                ],
            }
        }
    }


@pytest.mark.parametrize("role", ["anonymous", "customer", "committee"])
def test_the_queue_is_for_advisers_only(
    role: str, customer: Member, committee_member: Member, spam: Post
) -> None:
    Flag.objects.create(reporter=customer, post=spam, reason=FlagReason.SPAM)
    client = GraphQLClient({"anonymous": None, "customer": customer}.get(role, committee_member))
    query = "{ flags { totalCount } }"
    assert client(query) == {
        "data": {"flags": None},
        "errors": [
            {
                "message": "You are not allowed to read this field.",
                "locations": [{"line": 1, "column": 3}],
                "path": ["flags"],
                "extensions": {"code": "FORBIDDEN"},
            }
        ],
    }


def test_a_flag_by_id_for_advisers_and_its_reporter(
    adviser_client: GraphQLClient,
    customer_client: GraphQLClient,
    other_customer_client: GraphQLClient,
    customer: Member,
    spam: Post,
) -> None:
    flag = Flag.objects.create(reporter=customer, post=spam, reason=FlagReason.SPAM)
    query = "query($id: ID!) { node(id: $id) { ... on Flag { reason reporter { displayName } } } }"
    expected = {"data": {"node": {"reason": "SPAM", "reporter": {"displayName": "Claire"}}}}
    assert adviser_client(query, {"id": gid(flag)}) == expected
    assert customer_client(query, {"id": gid(flag)}) == expected
    assert other_customer_client(query, {"id": gid(flag)}) == {"data": {"node": None}}
