"""Keyset (cursor) pagination for connections.

Cursors encode the ordering values of the row, so a page deep in a list costs the same as
the first one (no OFFSET scan), and rows inserted meanwhile do not shift pages.

A cursor comes back from the client, so it is read as untrusted input: every value it holds
must be of its key's kind and within what the database stores (`resolvers.bounds`), or the
cursor is BAD_USER_INPUT, the same on SQLite and PostgreSQL.
"""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Generic, Literal, TypeVar

from django.conf import settings
from django.db.models import F, Field, Func, Model, Q, QuerySet, Value
from django.db.models.lookups import GreaterThan, LessThan

from .bounds import check_instant, is_int64
from .errors import BadUserInput

M = TypeVar("M", bound=Model)
KeyKind = Literal["int", "datetime", "str"]

DEFAULT_PAGE_SIZE = 20
# Comptoir's cursors are well under 200 characters; a longer one is forged, and is refused
# before it is decoded.
MAX_CURSOR_LENGTH = 1000
INVALID_CURSOR = "The cursor is not valid for this list."


@dataclass(frozen=True, slots=True)
class OrderKey:
    """One ordering column; the last key of an ordering must be unique (the id)."""

    field: str
    descending: bool
    kind: KeyKind = "int"


@dataclass(frozen=True, slots=True)
class PageRequest:
    first: int | None = None
    after: str | None = None
    last: int | None = None
    before: str | None = None


@dataclass(slots=True)
class Page(Generic[M]):
    rows: list[M]
    cursors: list[str]
    has_next_page: bool
    has_previous_page: bool


def _check_size(name: str, value: int | None) -> None:
    if value is None:
        return
    maximum = settings.COMPTOIR_MAX_PAGE_SIZE
    if value < 0 or value > maximum:
        raise BadUserInput(f"`{name}` must be between 0 and {maximum}.")


def validate(request: PageRequest) -> None:
    _check_size("first", request.first)
    _check_size("last", request.last)
    if request.first is not None and request.last is not None:
        raise BadUserInput("Pass either `first` or `last`, not both.")


def _encode_value(value: Any, kind: KeyKind) -> Any:
    if kind == "datetime":
        return value.isoformat()
    return value


def _decode_value(value: Any, kind: KeyKind) -> Any:
    """The ordering value, of its key's kind and storable; ValueError otherwise."""
    if kind == "datetime":
        if not isinstance(value, str):
            raise ValueError("not a date")
        return check_instant(datetime.fromisoformat(value))
    if kind == "int":
        if not is_int64(value):
            raise ValueError("not a 64-bit integer")
        return value
    if not isinstance(value, str) or "\x00" in value:
        raise ValueError("not a string")
    value.encode("utf-8")  # lone surrogates: UnicodeEncodeError, a ValueError
    return value


def encode_cursor(row: Model, keys: Sequence[OrderKey]) -> str:
    values = [_encode_value(getattr(row, k.field), k.kind) for k in keys]
    return base64.urlsafe_b64encode(json.dumps(values, separators=(",", ":")).encode()).decode()


def decode_cursor_values(cursor: str) -> list[Any]:
    """The JSON list a cursor holds, unchecked. Raises BadUserInput when the cursor is not
    base64 of a JSON list of at most MAX_CURSOR_LENGTH characters."""
    try:
        if len(cursor) > MAX_CURSOR_LENGTH:
            raise ValueError("too long")
        values = json.loads(base64.urlsafe_b64decode(cursor.encode("ascii")).decode())
    except (ValueError, TypeError, binascii.Error, UnicodeError, RecursionError) as exc:
        raise BadUserInput(INVALID_CURSOR) from exc
    if not isinstance(values, list):
        raise BadUserInput(INVALID_CURSOR)
    return values


def decode_cursor(cursor: str, keys: Sequence[OrderKey]) -> list[Any]:
    """The ordering values of a cursor for these keys. Raises BadUserInput unless it holds
    one value per key, each of the key's kind (an integer within 64 bits, an instant with
    its offset within `resolvers.bounds`, text the database can store)."""
    values = decode_cursor_values(cursor)
    try:
        if len(values) != len(keys):
            raise ValueError("wrong shape")
        return [_decode_value(v, k.kind) for v, k in zip(values, keys, strict=True)]
    except (ValueError, TypeError, OverflowError) as exc:
        raise BadUserInput(INVALID_CURSOR) from exc


class _Row(Func):
    """A row value, `(a, b, c)`: compared as a whole, PostgreSQL (and SQLite ≥ 3.15) can
    start an index scan at the cursor instead of filtering from the top."""

    function = ""
    template = "(%(expressions)s)"
    output_field = Field()


def _beyond(keys: Sequence[OrderKey], values: Sequence[Any], *, forward: bool) -> Q:
    """Rows strictly after (forward) or before the cursor position in the ordering."""
    if len({key.descending for key in keys}) == 1:
        # Every key runs the same way (all our orderings do): one row comparison.
        lookup = LessThan if keys[0].descending == forward else GreaterThan
        return Q(
            lookup(
                _Row(*(F(key.field) for key in keys)),
                _Row(*(Value(v) for v in values)),
            )
        )
    condition = Q()
    for i, key in enumerate(keys):
        # Later in a descending order means smaller.
        op = "lt" if key.descending == forward else "gt"
        term = Q(**{f"{key.field}__{op}": values[i]})
        for prev, prev_value in zip(keys[:i], values[:i], strict=True):
            term &= Q(**{prev.field: prev_value})
        condition |= term
    return condition


def _order_by(keys: Sequence[OrderKey], *, reverse: bool) -> list[str]:
    return [("-" if key.descending != reverse else "") + key.field for key in keys]


def paginate(queryset: QuerySet[M], keys: Sequence[OrderKey], request: PageRequest) -> Page[M]:
    """Fetch one page in one query (the +1 row tells whether another page follows)."""
    validate(request)
    if request.last is not None:
        qs = queryset
        if request.before is not None:
            qs = qs.filter(_beyond(keys, decode_cursor(request.before, keys), forward=False))
        if request.after is not None:
            qs = qs.filter(_beyond(keys, decode_cursor(request.after, keys), forward=True))
        rows = list(qs.order_by(*_order_by(keys, reverse=True))[: request.last + 1])
        has_previous = len(rows) > request.last
        rows = list(reversed(rows[: request.last]))
        has_next = request.before is not None
    else:
        first = DEFAULT_PAGE_SIZE if request.first is None else request.first
        qs = queryset
        if request.after is not None:
            qs = qs.filter(_beyond(keys, decode_cursor(request.after, keys), forward=True))
        if request.before is not None:
            qs = qs.filter(_beyond(keys, decode_cursor(request.before, keys), forward=False))
        rows = list(qs.order_by(*_order_by(keys, reverse=False))[: first + 1])
        has_next = len(rows) > first
        rows = rows[:first]
        has_previous = request.after is not None
    return Page(
        rows=rows,
        cursors=[encode_cursor(row, keys) for row in rows],
        has_next_page=has_next,
        has_previous_page=has_previous,
    )
