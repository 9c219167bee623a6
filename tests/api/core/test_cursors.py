"""Cursors a client sends back, through /graphql: every list reads them with one decoder
(`resolvers.pagination.decode_cursor`), so forged content — numbers beyond 64 bits, instants
without an offset or beyond what Python reads back, text PostgreSQL cannot store, nested or
oversized JSON — is BAD_USER_INPUT on every list, the same on SQLite and PostgreSQL, and
never reaches the database driver (where it used to overflow: INTERNAL)."""

from __future__ import annotations

import base64
import json

import pytest

from models.models import Member
from schema.core.ids import encode_id
from tests.factories import PostFactory, SuggestionFactory, ThreadFactory
from tests.graphql import GraphQLClient

pytestmark = pytest.mark.django_db


def _cursor(json_text: str) -> str:
    return base64.urlsafe_b64encode(json_text.encode()).decode()


INVALID = "The cursor is not valid for this list."

# Forged content for lists whose cursor is [integer, id] (TOP: vote count, id).
INT_KEYS = {
    "20 digits": "[99999999999999999999, 1]",
    "2^63": f"[{2**63}, 1]",
    "-2^63 - 1": f"[{-(2**63) - 1}, 1]",
    "huge id": f"[1, {2**64}]",
    "negative huge": "[-99999999999999999999, 1]",
    "float": "[1.5, 1]",
    "overflowing float": "[1e400, 1]",
    "NaN": "[NaN, 1]",
    "bool": "[true, 1]",
    "string": '["1", 1]',
    "null": "[null, 1]",
    "nested": "[[1], 1]",
    "object": '{"a": 1}',
    "too short": "[1]",
    "too long": "[1, 2, 3, 4]",
    "not a list": "42",
    "deep nesting": "[" * 600 + "]" * 600,
}
# For lists whose cursor is [instant, id] (NEWEST, threads, meetings, notifications, ...).
DATETIME_KEYS = {
    "example of the issue": '["0001-01-01T00:00:00+14:00", 1]',
    "year 9999 west": '["9999-12-31T23:59:59-14:00", 1]',
    "naive": '["2027-03-15T10:00:00", 1]',
    "date only": '["2027-03-15", 1]',
    "before 1970": '["1969-12-31T23:59:59+00:00", 1]',
    "year 3000": '["3000-01-01T00:00:00+00:00", 1]',
    "not a date": '["tomorrow", 1]',
    "number": "[1700000000, 1]",
    "huge id": f'["2027-03-15T10:00:00+00:00", {2**63}]',
}
# For `members` (cursor [display name, id]).
STR_KEYS = {
    "NUL": '["\\u0000", 1]',
    "lone surrogate": '["\\ud800", 1]',
    "number": "[1, 1]",
    "huge id": f'["A", {2**63}]',
}
GARBAGE = {
    "not base64": "%%%",
    "not JSON": _cursor("[1,"),
    "not UTF-8": base64.urlsafe_b64encode(b"\xff\xfe").decode(),
    "oversized": _cursor("[" + "1," * 2000 + "1]"),
    "non-ASCII": "é" + _cursor("[1, 1]"),
}


def _refused(result: dict, field: str) -> None:
    assert result["data"] == {field: None}, result
    assert [(e["message"], e["path"], e["extensions"]) for e in result["errors"]] == [
        (INVALID, [field], {"code": "BAD_USER_INPUT"})
    ], result


@pytest.mark.parametrize("what", sorted({**INT_KEYS, **GARBAGE}))
def test_forged_integer_cursors(what: str, anonymous: GraphQLClient) -> None:
    SuggestionFactory.create()
    cursor = GARBAGE[what] if what in GARBAGE else _cursor(INT_KEYS[what])
    for after in (True, False):
        argument = "after" if after else "before"
        for order in ("TOP", "TRENDING"):
            result = anonymous(
                f"query($c: String) {{ suggestions(orderBy: {order}, {argument}: $c) "
                "{ edges { node { id } } } }",
                {"c": cursor},
            )
            _refused(result, "suggestions")


@pytest.mark.parametrize("what", sorted(DATETIME_KEYS))
def test_forged_datetime_cursors(
    what: str,
    anonymous: GraphQLClient,
    adviser_client: GraphQLClient,
    customer_client: GraphQLClient,
) -> None:
    thread = ThreadFactory.create()
    PostFactory.create(thread=thread)
    cursor = _cursor(DATETIME_KEYS[what])
    page = "(after: $c) { edges { node { id } } }"
    _refused(
        anonymous(
            f"query($c: String) {{ suggestions(orderBy: NEWEST, {page[1:]} }}", {"c": cursor}
        ),
        "suggestions",
    )
    _refused(anonymous(f"query($c: String) {{ threads{page} }}", {"c": cursor}), "threads")
    _refused(
        adviser_client(f"query($c: String) {{ committeeMeetings{page} }}", {"c": cursor}),
        "committeeMeetings",
    )
    _refused(
        adviser_client(f"query($c: String) {{ suggestionsAwaitingReview{page} }}", {"c": cursor}),
        "suggestionsAwaitingReview",
    )
    _refused(
        adviser_client(
            f"query($c: String) {{ flags(status: RESOLVED, {page[1:]} }}", {"c": cursor}
        ),
        "flags",
    )
    _refused(
        adviser_client(f"query($c: String) {{ unansweredQuestions{page} }}", {"c": cursor}),
        "unansweredQuestions",
    )
    nested = customer_client(
        f"query($c: String, $t: ID!) {{ thread(id: $t) {{ posts{page} }} "
        f"viewer {{ notifications{page} }} }}",
        {"c": cursor, "t": encode_id("Thread", thread.pk)},
    )
    # `Thread.posts` is non-null: its error nulls the thread.
    assert nested["data"] == {"thread": None, "viewer": {"notifications": None}}
    assert sorted((e["message"], tuple(e["path"])) for e in nested["errors"]) == [
        (INVALID, ("thread", "posts")),
        (INVALID, ("viewer", "notifications")),
    ]


@pytest.mark.parametrize("what", sorted(STR_KEYS))
def test_forged_text_cursors(what: str, anonymous: GraphQLClient, adviser: Member) -> None:
    result = anonymous(
        "query($c: String) { members(after: $c) { edges { node { id } } } }",
        {"c": _cursor(STR_KEYS[what])},
    )
    _refused(result, "members")


@pytest.mark.parametrize("what", sorted(GARBAGE))
def test_forged_search_cursors(what: str, anonymous: GraphQLClient) -> None:
    result = anonymous(
        'query($c: String) { search(query: "carte", after: $c) { edges { cursor } } }',
        {"c": GARBAGE[what]},
    )
    _refused(result, "search")


def test_cursors_at_the_edges_of_the_range_are_served(anonymous: GraphQLClient) -> None:
    """The largest values a cursor may hold are valid positions: past every row."""
    suggestion = SuggestionFactory.create()
    expected = {"edges": [{"node": {"id": encode_id("Suggestion", suggestion.pk)}}]}
    query = "query($c: String) { suggestions(after: $c) { edges { node { id } } } }"
    largest = _cursor(f"[{2**63 - 1}, {2**63 - 1}]")
    assert anonymous(query, {"c": largest}) == {"data": {"suggestions": expected}}
    smallest = _cursor(f"[{-(2**63)}, {-(2**63)}]")
    assert anonymous(query, {"c": smallest}) == {"data": {"suggestions": {"edges": []}}}
    newest = (
        "query($c: String) { suggestions(orderBy: NEWEST, after: $c) { edges { node { id } } } }"
    )
    latest = _cursor('["2999-12-31T23:59:59.999999+00:00", 1]')
    assert anonymous(newest, {"c": latest}) == {"data": {"suggestions": expected}}
    offset = _cursor(f'["1970-01-01T14:00:00+14:00", {2**63 - 1}]')  # the earliest instant
    assert anonymous(newest, {"c": offset}) == {"data": {"suggestions": {"edges": []}}}


def test_a_real_cursor_still_pages(anonymous: GraphQLClient) -> None:
    first, second = SuggestionFactory.create(title="un"), SuggestionFactory.create(title="deux")
    query = (
        "query($c: String) { suggestions(orderBy: NEWEST, first: 1, after: $c) { "
        "edges { node { title } } pageInfo { endCursor } } }"
    )
    page = anonymous(query, {"c": None})["data"]["suggestions"]
    assert page["edges"] == [{"node": {"title": second.title}}]
    cursor = page["pageInfo"]["endCursor"]
    assert json.loads(base64.urlsafe_b64decode(cursor))[1] == second.pk
    page = anonymous(query, {"c": cursor})["data"]["suggestions"]
    assert page["edges"] == [{"node": {"title": first.title}}]
