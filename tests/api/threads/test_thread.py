"""`thread(id:)`: one thread with its posts, internal notes and assignment for advisers only,
hidden threads for nobody else."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from models.models import Member
from schema.core.ids import encode_id
from tests.api.threads.test_reply_to_thread import REPLY
from tests.factories import PostFactory, ThreadFactory
from tests.graphql import GraphQLClient

pytestmark = pytest.mark.django_db


def test_thread_with_posts_hides_internal_notes_from_customers(
    customer_client: GraphQLClient, adviser_client: GraphQLClient, adviser: Member
) -> None:
    thread = ThreadFactory.create(title="Carte bloquée", body="Ma carte est bloquée.")
    t0 = timezone.now() - timedelta(hours=3)
    PostFactory.create(
        thread=thread, author=adviser, body="Je regarde.", is_official=True, created_at=t0
    )
    PostFactory.create(
        thread=thread,
        author=adviser,
        body="Note: client connu.",
        is_internal=True,
        created_at=t0 + timedelta(minutes=1),
    )
    PostFactory.create(
        thread=thread, author=thread.author, body="Merci !", created_at=t0 + timedelta(hours=1)
    )
    query = (
        "query($id: ID!) { thread(id: $id) { title body postCount posts(first: 10) { totalCount "
        "edges { node { body isOfficial isInternal author { displayName } } } } } }"
    )
    variables = {"id": encode_id("Thread", thread.pk)}
    public_posts = [
        {
            "node": {
                "body": "Je regarde.",
                "isOfficial": True,
                "isInternal": False,
                "author": {"displayName": adviser.display_name},
            }
        },
        {
            "node": {
                "body": "Merci !",
                "isOfficial": False,
                "isInternal": False,
                "author": {"displayName": thread.author.display_name},
            }
        },
    ]
    assert customer_client(query, variables) == {
        "data": {
            "thread": {
                "title": "Carte bloquée",
                "body": "Ma carte est bloquée.",
                "postCount": 2,
                "posts": {"totalCount": 2, "edges": public_posts},
            }
        }
    }
    adviser_view = adviser_client(query, variables)["data"]["thread"]
    assert adviser_view["postCount"] == 3
    assert [e["node"]["body"] for e in adviser_view["posts"]["edges"]] == [
        "Je regarde.",
        "Note: client connu.",
        "Merci !",
    ]


def test_assigned_adviser_is_internal(
    customer_client: GraphQLClient, adviser_client: GraphQLClient, adviser: Member
) -> None:
    thread = ThreadFactory.create(assigned_adviser=adviser)
    query = "query($id: ID!) { thread(id: $id) { assignedAdviser { displayName } } }"
    variables = {"id": encode_id("Thread", thread.pk)}
    assert adviser_client(query, variables) == {
        "data": {"thread": {"assignedAdviser": {"displayName": adviser.display_name}}}
    }
    assert customer_client(query, variables) == {
        "data": {"thread": {"assignedAdviser": None}},
        "errors": [
            {
                "message": "You are not allowed to read this field.",
                "locations": [{"line": 1, "column": 37}],
                "path": ["thread", "assignedAdviser"],
                "extensions": {"code": "FORBIDDEN"},
            }
        ],
    }


def test_hidden_thread_is_not_found(customer_client: GraphQLClient, adviser: Member) -> None:
    thread = ThreadFactory.create(hidden_at=timezone.now(), hidden_by=adviser, hidden_reason="Spam")
    query = "query($id: ID!) { thread(id: $id) { title } threads { totalCount } }"
    assert customer_client(query, {"id": encode_id("Thread", thread.pk)}) == {
        "data": {"thread": None, "threads": {"totalCount": 0}}
    }
    result = customer_client(REPLY, {"id": encode_id("Thread", thread.pk), "body": "x"})
    assert result["data"]["replyToThread"]["errors"][0]["code"] == "NOT_FOUND"
