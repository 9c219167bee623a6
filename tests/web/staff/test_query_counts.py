"""The staff pages' SQL statements are constant in their list sizes (DESIGN §6): each page
is rendered with few and with many rows, and the counts are equal and pinned."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from models.models import Flag, FlagReason, Member
from schema.core.ids import encode_id
from tests.factories import (
    AdviserFactory,
    CustomerFactory,
    PostFactory,
    SuggestionFactory,
    ThreadFactory,
)
from tests.web.conftest import Browser

pytestmark = pytest.mark.django_db


def _queries(browser: Browser, path: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        browser.get(path)
    return len(ctx.captured_queries)


def _same_for(make: Callable[[int], str], browser: Browser, sizes: tuple[int, int] = (2, 7)) -> int:
    small = _queries(browser, make(sizes[0]))
    large = _queries(browser, make(sizes[1]))
    assert small == large, (small, large)
    return small


def test_support_desk(adviser: Member) -> None:
    def make(n: int) -> str:
        for i in range(n):
            # Each with its own author, category and (for some) adviser.
            ThreadFactory.create(assigned_adviser=AdviserFactory.create() if i % 2 else None)
        return "/equipe/support/"

    # The desk's page, its count, its authors, categories and assigned advisers (batched),
    # the advisers to assign to, the community figures (the promised time comes with them).
    assert _same_for(make, Browser(adviser)) == 19


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

    # Both lists, their count, and the reporters, contents and authors (batched by kind:
    # every kind is on the page from the first size on).
    assert _same_for(make, Browser(adviser), sizes=(3, 9)) == 18


def test_thread_page_for_an_adviser(adviser: Member) -> None:
    thread = ThreadFactory.create()
    path = f"/cafe/sujets/{encode_id('Thread', thread.pk)}/"

    def make(n: int) -> str:
        for i in range(n):
            PostFactory.create(thread=thread, author=CustomerFactory.create(), is_internal=i == 0)
            AdviserFactory.create()
        return path

    # The thread page (10 for a customer) and the adviser's tools (`ThreadDesk`): the
    # assignment, the advisers, the community figures.
    assert _same_for(make, Browser(adviser)) == 20
