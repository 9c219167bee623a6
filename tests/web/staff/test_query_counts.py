"""The staff pages' SQL statements are constant in their list sizes (DESIGN §6): each page
is rendered with few and with many rows, and the counts are equal and pinned."""

from __future__ import annotations

import pytest

from models.models import Flag, FlagReason, Member
from schema.core.ids import encode_id
from tests.factories import (
    AdviserFactory,
    CustomerFactory,
    PostFactory,
    SuggestionFactory,
    ThreadFactory,
)
from tests.web.conftest import Browser, same_for

pytestmark = pytest.mark.django_db


def test_support_desk(adviser: Member) -> None:
    def make(n: int) -> str:
        for i in range(n):
            # Each with its own author, category and (for some) adviser.
            ThreadFactory.create(assigned_adviser=AdviserFactory.create() if i % 2 else None)
        return "/equipe/support/"

    # The desk's page, its count, its authors, categories and assigned advisers (batched),
    # the advisers to assign to, the community figures (the promised time comes with them).
    assert same_for(make, Browser(adviser)) == 19


def test_moderation_queue(adviser: Member) -> None:
    def make(n: int) -> str:
        for i in range(n):
            reporter = CustomerFactory.create()
            kind = i % 3
            if kind == 0:
                Flag.objects.create(reporter=reporter, thread=ThreadFactory.create(), reason="SPAM")
            elif kind == 1:
                Flag.objects.create(reporter=reporter, post=PostFactory.create(), reason="ABUSE")
            else:
                Flag.objects.create(
                    reporter=reporter, suggestion=SuggestionFactory.create(), reason="OTHER"
                )
            Flag.objects.create(
                reporter=reporter,
                post=PostFactory.create(),
                reason=FlagReason.OFF_TOPIC,
                resolved_at="2026-01-01T00:00:00Z",
                resolved_by=adviser,
            )
        return "/equipe/moderation/"

    # The session, the member, the unread count (the gate's header and the page's); both
    # lists and the open ones' count; for each list, fetched with its page: the replies,
    # the threads, the ideas (none among the handled ones: not queried) and the members
    # (reporters and authors). The same statements every time, whatever the page size.
    assert same_for(make, Browser(adviser), sizes=(3, 9)) == 14


def test_thread_page_for_an_adviser(adviser: Member) -> None:
    thread = ThreadFactory.create()
    path = f"/cafe/sujets/{encode_id('Thread', thread.pk)}/"

    def make(n: int) -> str:
        for i in range(n):
            PostFactory.create(thread=thread, author=CustomerFactory.create(), is_internal=i == 0)
            AdviserFactory.create()
        return path

    # The thread page (8 for a customer) and the adviser's tools (`ThreadDesk`): the
    # assignment, the advisers, the community figures.
    assert same_for(make, Browser(adviser)) == 18
