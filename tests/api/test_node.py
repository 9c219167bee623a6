"""node(id:) and nodes(ids:): any object by ID, never revealing what the viewer may not see."""

from __future__ import annotations

import pytest
from django.utils import timezone

from models.models import Decision, DecisionOutcome, Member
from schema.ids import encode_id
from tests.conftest import GraphQLClient
from tests.factories import CategoryFactory, PostFactory, SuggestionFactory, ThreadFactory

pytestmark = pytest.mark.django_db

NODE = "query($id: ID!) { node(id: $id) { __typename id } }"


def test_every_public_type_resolves_by_id(
    anonymous: GraphQLClient, adviser: Member, chair: Member
) -> None:
    suggestion = SuggestionFactory.create()
    thread = ThreadFactory.create()
    objects = {
        "Member": adviser.pk,
        "Category": CategoryFactory.create().pk,
        "Thread": thread.pk,
        "Post": PostFactory.create(thread=thread).pk,
        "Suggestion": suggestion.pk,
        "StatusChange": suggestion.status_changes.create(
            from_status="SUBMITTED", to_status="UNDER_REVIEW", actor=adviser
        ).pk,
        "Decision": Decision.objects.create(
            suggestion=suggestion,
            outcome=DecisionOutcome.RETAINED,
            recorded_by=chair,
            published_at=timezone.now(),
        ).pk,
    }
    for type_name, pk in objects.items():
        gid = encode_id(type_name, pk)
        assert anonymous(NODE, {"id": gid}) == {
            "data": {"node": {"__typename": type_name, "id": gid}}
        }


def test_nodes_keeps_order_and_nulls_the_missing(anonymous: GraphQLClient) -> None:
    a, b = SuggestionFactory.create(title="a"), SuggestionFactory.create(title="b")
    ids = [
        encode_id("Suggestion", b.pk),
        encode_id("Suggestion", 999),
        encode_id("Suggestion", a.pk),
    ]
    result = anonymous(
        "query($ids: [ID!]!) { nodes(ids: $ids) { ... on Suggestion { title } } }", {"ids": ids}
    )
    assert result == {"data": {"nodes": [{"title": "b"}, None, {"title": "a"}]}}


def test_nodes_refuses_more_than_100_ids(anonymous: GraphQLClient) -> None:
    ids = [encode_id("Suggestion", i) for i in range(1, 102)]
    result = anonymous("query($ids: [ID!]!) { nodes(ids: $ids) { id } }", {"ids": ids})
    assert result["data"] is None
    assert result["errors"][0]["message"] == "At most 100 IDs at once."
    assert result["errors"][0]["extensions"] == {"code": "BAD_USER_INPUT"}


def test_unknown_type_and_unknown_row_are_null(anonymous: GraphQLClient) -> None:
    assert anonymous(NODE, {"id": encode_id("Vault", 1)}) == {"data": {"node": None}}
    assert anonymous(NODE, {"id": encode_id("Thread", 12345)}) == {"data": {"node": None}}


def test_malformed_id_is_bad_user_input(anonymous: GraphQLClient) -> None:
    result = anonymous(NODE, {"id": "%%%"})
    assert result == {
        "data": {"node": None},
        "errors": [
            {
                "message": "The ID is not valid.",
                "locations": [{"line": 1, "column": 19}],
                "path": ["node"],
                "extensions": {"code": "BAD_USER_INPUT"},
            }
        ],
    }


def test_hidden_internal_and_draft_rows_are_not_found(
    customer_client: GraphQLClient,
    adviser_client: GraphQLClient,
    committee_client: GraphQLClient,
    adviser: Member,
    chair: Member,
) -> None:
    now = timezone.now()
    hidden_post = PostFactory.create(hidden_at=now, hidden_by=adviser, hidden_reason="Insultes")
    internal_note = PostFactory.create(author=adviser, is_internal=True)
    draft = Decision.objects.create(
        suggestion=SuggestionFactory.create(), outcome=DecisionOutcome.RETAINED, recorded_by=chair
    )
    cases = {
        encode_id("Post", hidden_post.pk): {"customer": False, "adviser": True, "committee": False},
        encode_id("Post", internal_note.pk): {
            "customer": False,
            "adviser": True,
            "committee": False,
        },
        encode_id("Decision", draft.pk): {"customer": False, "adviser": False, "committee": True},
    }
    clients = {
        "customer": customer_client,
        "adviser": adviser_client,
        "committee": committee_client,
    }
    for gid, visible_to in cases.items():
        for role, client in clients.items():
            expected = {"__typename": "Post" if "Post" in _type_of(gid) else "Decision", "id": gid}
            assert client(NODE, {"id": gid}) == {
                "data": {"node": expected if visible_to[role] else None}
            }, (gid, role)


def _type_of(gid: str) -> str:
    import base64

    return base64.b64decode(gid).decode()
