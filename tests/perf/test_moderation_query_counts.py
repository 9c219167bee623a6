"""SQL statements of the moderation views are constant in the page size (DESIGN §6): the
advisers' flag queue, and a thread page with the moderation state and edit history of its
replies. Each runs for 10 and for 50 items."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from models.models import Flag, FlagReason, Member, PostRevision
from schema.core.ids import encode_id
from tests.factories import CustomerFactory, PostFactory, SuggestionFactory, ThreadFactory
from tests.graphql import GraphQLClient

pytestmark = pytest.mark.django_db


def _queries(client: GraphQLClient, query: str, variables: dict[str, Any]) -> int:
    with CaptureQueriesContext(connection) as ctx:
        result = client(query, variables)
    assert "errors" not in result, result
    return len(ctx.captured_queries)


def test_flag_queue(adviser: Member) -> None:
    for i in range(60):
        # Each with its own reporter and its own item, of all three kinds.
        reporter = CustomerFactory.create()
        target: dict[str, Any] = (
            {"thread": ThreadFactory.create()},
            {"post": PostFactory.create()},
            {"suggestion": SuggestionFactory.create()},
        )[i % 3]
        Flag.objects.create(reporter=reporter, reason=FlagReason.SPAM, **target)
    query = (
        "query($first: Int!) { flags(first: $first) { totalCount edges { node { reason text "
        "createdAt reporter { displayName } content { __typename ... on Thread { title "
        "isHidden } ... on Post { body isHidden } ... on Suggestion { title isHidden } } } } } }"
    )
    client = GraphQLClient(adviser)
    # session, member, page, total count, reporters, then threads, posts and suggestions
    # (one batch each)
    assert _queries(client, query, {"first": 10}) == 8
    assert _queries(client, query, {"first": 50}) == 8


def test_thread_page_with_moderation_state_and_history(adviser: Member) -> None:
    thread = ThreadFactory.create()
    now = timezone.now()
    for i in range(60):
        author = CustomerFactory.create()
        hidden = (
            {"hidden_at": now, "hidden_by": adviser, "hidden_reason": "Spam"} if i % 4 == 0 else {}
        )
        post = PostFactory.create(thread=thread, author=author, **hidden)
        if i % 3 == 0:
            PostRevision.objects.create(post=post, body="Avant", edited_by=author)
    query = (
        "query($id: ID!, $first: Int!) { thread(id: $id) { title isHidden hiddenReason "
        "posts(first: $first) { totalCount edges { node { body editedAt isHidden hiddenReason "
        "author { displayName } revisions { body editedBy { displayName } } } } } } }"
    )
    client = GraphQLClient(adviser)
    variables = {"id": encode_id("Thread", thread.pk)}
    # session, member, thread, posts page with their authors, total count, revisions (their
    # editors are the replies' authors, already loaded)
    assert _queries(client, query, {**variables, "first": 10}) == 6
    assert _queries(client, query, {**variables, "first": 50}) == 6
