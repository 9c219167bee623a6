"""Keyset pagination: every row once, in order, whatever the page size and direction."""

from __future__ import annotations

import base64
import json

import pytest

from models.models import Suggestion
from resolvers.errors import BadUserInput
from resolvers.pagination import OrderKey, PageRequest, decode_cursor, paginate
from tests.factories import SuggestionFactory

pytestmark = pytest.mark.django_db

KEYS = (OrderKey("vote_count", True), OrderKey("id", True))


@pytest.fixture
def rows(db: None) -> list[int]:
    # Ties on vote_count make the id tie-breaker matter.
    made = [SuggestionFactory.create(vote_count=v) for v in (3, 1, 3, 0, 2, 2, 2, 5, 1, 0, 4)]
    return [s.pk for s in sorted(made, key=lambda s: (-s.vote_count, -s.pk))]


def _walk_forward(size: int) -> list[int]:
    seen: list[int] = []
    after = None
    while True:
        page = paginate(Suggestion.objects.all(), KEYS, PageRequest(first=size, after=after))
        seen += [s.pk for s in page.rows]
        if not page.has_next_page:
            return seen
        after = page.cursors[-1]


def _walk_backward(size: int) -> list[int]:
    seen: list[int] = []
    before = None
    while True:
        page = paginate(Suggestion.objects.all(), KEYS, PageRequest(last=size, before=before))
        seen = [s.pk for s in page.rows] + seen
        if not page.has_previous_page:
            return seen
        before = page.cursors[0]


@pytest.mark.parametrize("size", range(1, 13))
def test_forward_and_backward_walks_see_every_row_once(rows: list[int], size: int) -> None:
    assert _walk_forward(size) == rows
    assert _walk_backward(size) == rows


def test_first_zero_is_an_empty_page(rows: list[int]) -> None:
    page = paginate(Suggestion.objects.all(), KEYS, PageRequest(first=0))
    assert (page.rows, page.has_next_page) == ([], True)


@pytest.mark.parametrize(
    ("request_", "message"),
    [
        (PageRequest(first=101), "`first` must be between 0 and 100."),
        (PageRequest(first=-1), "`first` must be between 0 and 100."),
        (PageRequest(last=500), "`last` must be between 0 and 100."),
        (PageRequest(first=1, last=1), "Pass either `first` or `last`, not both."),
        (PageRequest(after="bm9wZQ=="), "The cursor is not valid for this list."),
    ],
)
def test_bad_requests(request_: PageRequest, message: str) -> None:
    with pytest.raises(BadUserInput) as caught:
        paginate(Suggestion.objects.all(), KEYS, request_)
    assert caught.value.message == message


def test_cursor_with_wrong_value_types_is_refused() -> None:
    cursor = base64.urlsafe_b64encode(json.dumps(["3", 1]).encode()).decode()
    with pytest.raises(BadUserInput):
        decode_cursor(cursor, KEYS)
