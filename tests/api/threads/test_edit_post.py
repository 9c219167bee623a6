"""`editPost`: a reply's author edits it; advisers read its history."""

from __future__ import annotations

import pytest
from django.utils import timezone

from models.models import Member, Post, PostRevision, Thread, ThreadStatus
from schema.core.ids import encode_id
from tests.api.threads.documents import ERRORS
from tests.factories import PostFactory
from tests.graphql import GraphQLClient, gid, top_level_error

pytestmark = pytest.mark.django_db

EDIT = (
    "mutation($id: ID!, $body: String!) { editPost(input: {postId: $id, body: $body}) { "
    f"post {{ body isHidden }} {ERRORS} }} }}"
)

REVISIONS = (
    "query($id: ID!) { node(id: $id) { ... on Post { body editedAt "
    "revisions { body editedBy { displayName } } } } }"
)


def test_author_edits_and_advisers_read_the_history(
    customer_client: GraphQLClient,
    adviser_client: GraphQLClient,
    customer: Member,
    question: Thread,
) -> None:
    post = PostFactory.create(thread=question, author=customer, body="Premier jet")
    assert customer_client(EDIT, {"id": gid(post), "body": " Second jet "}) == {
        "data": {"editPost": {"post": {"body": "Second jet", "isHidden": False}, "errors": []}}
    }
    customer_client(EDIT, {"id": gid(post), "body": "Version finale"})
    assert customer_client(EDIT, {"id": gid(post), "body": "Version finale"}) == {
        "data": {
            "editPost": {
                "post": {"body": "Version finale", "isHidden": False},
                "errors": [
                    {
                        "code": "UNCHANGED",
                        "message": "The text is the same: nothing changed.",
                        "field": "body",
                    }
                ],
            }
        }
    }
    post.refresh_from_db()
    assert PostRevision.objects.count() == 2
    assert adviser_client(REVISIONS, {"id": gid(post)}) == {
        "data": {
            "node": {
                "body": "Version finale",
                "editedAt": post.edited_at.isoformat() if post.edited_at else None,
                "revisions": [
                    {"body": "Premier jet", "editedBy": {"displayName": "Claire"}},
                    {"body": "Second jet", "editedBy": {"displayName": "Claire"}},
                ],
            }
        }
    }
    # The history is for advisers: the author reads the current text and when it was edited.
    assert customer_client(REVISIONS, {"id": gid(post)}) == {
        "data": {
            "node": {
                "body": "Version finale",
                "editedAt": post.edited_at.isoformat() if post.edited_at else None,
                "revisions": None,
            }
        },
        "errors": [
            {
                "message": "You are not allowed to read this field.",
                "locations": [{"line": 1, "column": REVISIONS.index("revisions") + 1}],
                "path": ["node", "revisions"],
                "extensions": {"code": "FORBIDDEN"},
            }
        ],
    }


def test_only_the_author_edits(
    other_customer_client: GraphQLClient,
    adviser_client: GraphQLClient,
    anonymous: GraphQLClient,
    customer: Member,
    question: Thread,
) -> None:
    post = PostFactory.create(thread=question, author=customer, body="Mon texte")
    variables = {"id": gid(post), "body": "Réécrit"}
    for client in (other_customer_client, adviser_client):
        assert client(EDIT, variables) == top_level_error(
            EDIT, "editPost", "FORBIDDEN", "Only its author edits a reply."
        )
    assert anonymous(EDIT, variables) == top_level_error(
        EDIT, "editPost", "UNAUTHENTICATED", "Log in to do this."
    )
    post.refresh_from_db()
    assert (post.body, post.edited_at, PostRevision.objects.count()) == ("Mon texte", None, 0)


def test_edit_post_bad_input_and_states_write_nothing(
    customer_client: GraphQLClient, adviser: Member, customer: Member, question: Thread
) -> None:
    post = PostFactory.create(thread=question, author=customer, body="Mon texte")

    def refused(body: str, *errors: tuple[str, str, str]) -> None:
        assert customer_client(EDIT, {"id": gid(post), "body": body}) == {
            "data": {
                "editPost": {
                    "post": None,
                    "errors": [{"code": c, "message": m, "field": f} for c, m, f in errors],
                }
            }
        }

    refused("   ", ("BLANK", "The message must not be empty.", "body"))
    refused("x" * 10_001, ("TOO_LONG", "The message must be at most 10000 characters.", "body"))
    Thread.objects.filter(pk=question.pk).update(is_locked=True)
    refused("Autre", ("THREAD_LOCKED", "This thread is locked.", "postId"))
    Thread.objects.filter(pk=question.pk).update(is_locked=False, status=ThreadStatus.CLOSED)
    refused(
        "",
        ("BLANK", "The message must not be empty.", "body"),
        ("THREAD_CLOSED", "This thread is closed.", "postId"),
    )
    Thread.objects.filter(pk=question.pk).update(status=ThreadStatus.OPEN)
    Post.objects.filter(pk=post.pk).update(
        hidden_at=timezone.now(), hidden_by=adviser, hidden_reason="Coordonnées"
    )
    refused("Autre", ("POST_HIDDEN", "A hidden reply cannot be edited.", "postId"))
    assert customer_client(EDIT, {"id": encode_id("Post", 999_999), "body": "x"})["data"] == {
        "editPost": {
            "post": None,
            "errors": [{"code": "NOT_FOUND", "message": "No such reply.", "field": "postId"}],
        }
    }
    post.refresh_from_db()
    assert (post.body, post.edited_at, PostRevision.objects.count()) == ("Mon texte", None, 0)
