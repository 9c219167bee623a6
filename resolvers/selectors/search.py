"""Search across threads, posts and suggestions, with the visibility of every other read.

Every part starts from `visible_threads/posts/suggestions(viewer)`, so hidden content and
advisers' internal notes are found by exactly those who could read them anyway, and the
total counts them for nobody else.

PostgreSQL: full-text search with the `french_unaccent` configuration (migration 0004:
`unaccent` then the French stemmer), `websearch_to_tsquery` (quotes, `or`, `-word`), and
`ts_rank`. Titles weigh A and bodies B; each table has a GIN index on exactly the document
expression built here (`_document`), which is what lets PostgreSQL use it.

SQLite (the embedded fallback): every term must appear, accent- and case-folded, in the
title or the body (a deterministic `comptoir_fold` SQL function registered on each
connection); French stop words, one-letter words and a plural "s" are dropped from the
query, `-word` excludes as on PostgreSQL, `or` and quotes are ignored (every other word is
required). Same API, same visibility, a coarser ranking.

The relevance score (higher is better, comparable within one search only):
- PostgreSQL: 1 when the title alone holds every term, plus `ts_rank(document, query, 32)`,
  which lies in [0, 1): a title match always comes before a body-only match;
- SQLite: (2 × terms found in the title + terms found in the body) / (3 × terms), so a title
  holding every term (≥ 2/3) also comes before a body-only match (≤ 1/3).
Ties go to the most recent, then by kind and id, so the order is total and pages are stable.

Ranked results page with offset cursors: the rank is computed per query and is not a
column, so a keyset cursor would have to compare floats of a computed expression (fragile)
and could not use an index anyway — every match is ranked to sort them. An offset costs no
more, and the cursor says where the next page starts in that ranking.
"""

from __future__ import annotations

import base64
import json
import re
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from enum import Enum
from functools import lru_cache, reduce
from typing import Any

from django.db import connection, connections
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.backends.signals import connection_created
from django.db.models import (
    BooleanField,
    Case,
    Expression,
    F,
    FloatField,
    Func,
    IntegerField,
    Model,
    Q,
    QuerySet,
    TextField,
    Value,
    When,
)
from django.db.models.functions import Cast, Least
from django.db.models.lookups import Contains, GreaterThanOrEqual

from models.models import Post, Suggestion, SuggestionStatus, Thread
from permissions.roles import Viewer

from ..errors import BadUserInput
from ..pagination import (
    DEFAULT_PAGE_SIZE,
    INVALID_CURSOR,
    PageRequest,
    decode_cursor_values,
    validate,
)
from .visibility import visible_posts, visible_suggestions, visible_threads

MAX_QUERY_LENGTH = 200
SIMILAR_MIN_LENGTH = 3
SIMILAR_DEFAULT_COUNT = 5
# Beyond any real ranking; keeps a forged cursor from overflowing the SQL OFFSET.
MAX_POSITION = 2**31

# The text search configuration of migration 0004, written into the SQL (never a parameter):
# the GIN indexes only serve a query whose document expression is the same, constants included.
SEARCH_CONFIG = "french_unaccent"
FOLD_FUNCTION = "comptoir_fold"


class SearchKind(Enum):
    THREAD = "THREAD"
    POST = "POST"
    SUGGESTION = "SUGGESTION"


@dataclass(frozen=True, slots=True)
class SearchHit:
    item: Thread | Post | Suggestion
    rank: float
    cursor: str


@dataclass(slots=True)
class SearchPage:
    hits: list[SearchHit]
    has_next_page: bool
    has_previous_page: bool


# --- Query text -----------------------------------------------------------------------------


def clean_query(text: str, *, argument: str = "query") -> str:
    """Blank or over-long search text is a client error (BAD_USER_INPUT)."""
    # PostgreSQL refuses NUL characters in text; they never mean anything in a search.
    cleaned = text.replace("\x00", " ").strip()
    if not cleaned:
        raise BadUserInput(f"`{argument}` must not be empty.")
    if len(cleaned) > MAX_QUERY_LENGTH:
        raise BadUserInput(f"`{argument}` must be at most {MAX_QUERY_LENGTH} characters.")
    return cleaned


_LIGATURES = str.maketrans({"œ": "oe", "Œ": "OE", "æ": "ae", "Æ": "AE"})
_HAS_LIGATURE = re.compile("[œŒæÆ]")
# The combining marks of Latin accents, removed in one C-level pass.
_LATIN_MARKS = re.compile("[\u0300-\u036f]+")


def fold(text: str) -> str:
    """Accent- and case-folded text: "Publicité ŒUVRE" → "publicite oeuvre"."""
    if _HAS_LIGATURE.search(text):
        text = text.translate(_LIGATURES)
    folded = _LATIN_MARKS.sub("", unicodedata.normalize("NFKD", text))
    if not folded.isascii():
        # Other scripts' combining marks (rare here): the exact, slower test.
        folded = "".join(c for c in folded if not unicodedata.combining(c))
    return folded.casefold()


_WORD = re.compile(r"\w+")
# Folded French words too common to mean anything (PostgreSQL's `french` configuration
# drops these and more).
_STOP_WORDS = frozenset(
    (  # noqa: SIM905 - a list of words reads better as words
        "au aux avec ce ces dans de des du elle en et eux il ils je la le les leur lui ma mais "
        "me meme mes moi mon ne nos notre nous on ou par pas pour qu que qui sa se ses son sur "
        "sans ta te tes toi ton tu un une vos votre vous"
    ).split()
)


# "-word" (at the start or after a blank) excludes a word, as in websearch_to_tsquery.
_NEGATED = re.compile(r"(?<!\S)-(\w+)")


def _split(text: str) -> tuple[list[str], list[str]]:
    """(wanted words, excluded words) of a search text."""
    return _WORD.findall(_NEGATED.sub(" ", text)), _NEGATED.findall(text)


def _fallback_words(words: list[str]) -> list[str]:
    terms: list[str] = []
    for word in words:
        # "or" is an operator of PostgreSQL's web search syntax; the fallback ignores it.
        if len(word) < 2 or word in _STOP_WORDS or word == "or":
            continue
        if len(word) > 3 and word.endswith("s"):
            word = word[:-1]
        if word not in terms:
            terms.append(word)
    return terms


def fallback_terms(text: str) -> tuple[list[str], list[str]]:
    """The SQLite fallback's (wanted, excluded) terms: folded words, without stop words,
    one-letter words and a plural "s" (a poor man's stemming: "courriers" finds "courrier").
    Quotes group nothing there: each word of a phrase is wanted on its own."""
    wanted, excluded = _split(fold(text))
    return _fallback_words(wanted), _fallback_words(excluded)


def _any_word_query(text: str) -> str:
    """websearch_to_tsquery text matching any word of `text`: "a or b or c"."""
    words = [w for w in _WORD.findall(text) if w.casefold() != "or"]
    return " or ".join(words)


# --- SQLite: the folding function -----------------------------------------------------------


@lru_cache(maxsize=1024)
def _cached_fold(value: str) -> str:
    return fold(value)


def _sql_fold(value: str | None) -> str | None:
    # A row's title and body are folded once per term: the cache answers the repeats.
    return None if value is None else _cached_fold(value)


def _register_fold(sender: Any, connection: BaseDatabaseWrapper, **kwargs: Any) -> None:
    if connection.vendor == "sqlite":
        connection.connection.create_function(FOLD_FUNCTION, 1, _sql_fold, deterministic=True)


connection_created.connect(_register_fold, dispatch_uid="comptoir.search.fold")
# Connections opened before this module was imported missed the signal.
for _open in connections.all(initialized_only=True):
    if _open.connection is not None:
        _register_fold(None, _open)


# --- Matching and scoring ----------------------------------------------------------------


def _weighted(column: str, weight: str) -> Func:
    return Func(
        F(column),
        template=f"setweight(to_tsvector('{SEARCH_CONFIG}'::regconfig, %(expressions)s), "
        f"'{weight}')",
        output_field=TextField(),
    )


def _plain(column: str) -> Func:
    return Func(
        F(column),
        template=f"to_tsvector('{SEARCH_CONFIG}'::regconfig, %(expressions)s)",
        output_field=TextField(),
    )


def _document(title: str | None, body: str) -> Func:
    """The tsvector the GIN index of migration 0004 is built on, term for term."""
    if title is None:
        return _weighted(body, "B")
    return Func(
        _weighted(title, "A"),
        _weighted(body, "B"),
        template="(%(expressions)s)",
        arg_joiner=" || ",
        output_field=TextField(),
    )


def _tsquery(text: str) -> Func:
    return Func(
        Value(text),
        template=f"websearch_to_tsquery('{SEARCH_CONFIG}'::regconfig, %(expressions)s)",
        output_field=TextField(),
    )


def _matches(document: Expression, tsquery: Expression) -> Func:
    return Func(
        document,
        tsquery,
        template="(%(expressions)s)",
        arg_joiner=" @@ ",
        output_field=BooleanField(),
    )


def _fold_sql(column: str) -> Func:
    return Func(F(column), function=FOLD_FUNCTION, output_field=TextField())


def _on_postgresql() -> bool:
    return connection.vendor == "postgresql"


def _term_points(title: str | None, body: str, terms: list[str]) -> Expression:
    """SQLite: (2 × terms in the title + terms in the body) / (3 × terms)."""
    points: list[Expression] = []
    for term in terms:
        if title is not None:
            points.append(_if(Contains(_fold_sql(title), term), 2.0))
        points.append(_if(Contains(_fold_sql(body), term), 1.0))
    total = reduce(lambda a, b: a + b, points)
    return total / Value(3.0 * len(terms), output_field=FloatField())


def _if(condition: Any, points: float) -> Case:
    return Case(When(condition, then=Value(points)), default=Value(0.0), output_field=FloatField())


def _folded_in(columns: list[str], term: str) -> Q:
    return reduce(lambda a, b: a | b, (Q(Contains(_fold_sql(c), term)) for c in columns))


@dataclass(frozen=True, slots=True)
class _Query:
    """What `search` looks for: every wanted word, none of the excluded ones."""

    text: str

    def is_empty(self) -> bool:
        """Nothing wanted: nothing found. (On PostgreSQL a query of excluded words alone
        would match nearly every row, without any help from the index.)"""
        if _on_postgresql():
            return not _split(self.text)[0]
        return not fallback_terms(self.text)[0]

    def filter(self, qs: QuerySet[Any], *, title: str | None, body: str) -> QuerySet[Any]:
        if _on_postgresql():
            return qs.filter(_matches(_document(title, body), _tsquery(self.text)))
        wanted, excluded = fallback_terms(self.text)
        columns = [body] if title is None else [title, body]
        qs = qs.filter(reduce(lambda a, b: a & b, (_folded_in(columns, t) for t in wanted)))
        for term in excluded:
            qs = qs.exclude(_folded_in(columns, term))
        return qs

    def score(self, *, title: str | None, body: str) -> Expression:
        if not _on_postgresql():
            return _term_points(title, body, fallback_terms(self.text)[0])
        tsquery = _tsquery(self.text)
        rank = Func(
            _document(title, body),
            tsquery,
            template="ts_rank(%(expressions)s, 32)",
            output_field=FloatField(),
        )
        if title is None:
            return rank
        # The title alone holds every term: its own tsvector, computed only for the rows the
        # indexed document already matched.
        return _if(_matches(_plain(title), tsquery), 1.0) + rank


def _typed_lexemes(text: str) -> Func:
    return Func(
        Value(text),
        template=f"tsvector_to_array(to_tsvector('{SEARCH_CONFIG}'::regconfig, %(expressions)s))",
        output_field=TextField(),
    )


def _shared_lexemes(vector: Callable[[], Func], text: str) -> Expression:
    """How many distinct lexemes of `text` the vector holds: its length, minus its length
    once they are deleted from it."""
    return Func(vector(), function="length", output_field=IntegerField()) - Func(
        Func(vector(), _typed_lexemes(text), function="ts_delete", output_field=TextField()),
        function="length",
        output_field=IntegerField(),
    )


@dataclass(frozen=True, slots=True)
class _SimilarTitle:
    """What `similar_suggestions` looks for: suggestions sharing at least two words with a
    title being typed (one, for a one-word title), scored like the SQLite fallback on both
    databases: (2 × shared words in the title + shared words in the body) / (3 × words)."""

    text: str

    def _pg_words(self) -> Func:
        return Func(
            Value(self.text),
            template=f"length(to_tsvector('{SEARCH_CONFIG}'::regconfig, %(expressions)s))",
            output_field=IntegerField(),
        )

    def is_empty(self) -> bool:
        if _on_postgresql():
            return not _any_word_query(self.text)
        return not self._fallback_terms()

    def _fallback_terms(self) -> list[str]:
        return _fallback_words(_WORD.findall(fold(self.text)))

    def filter(self, qs: QuerySet[Any]) -> QuerySet[Any]:
        if not _on_postgresql():
            terms = self._fallback_terms()
            found: list[Expression] = [
                _if(_folded_in(["title", "body"], term), 1.0) for term in terms
            ]
            shared: Expression = reduce(lambda a, b: a + b, found)
            return qs.filter(GreaterThanOrEqual(shared, min(2, len(terms))))
        # Any word, through the GIN index; then at least two of them (or the only one).
        qs = qs.filter(_matches(_document("title", "body"), _tsquery(_any_word_query(self.text))))
        shared = _shared_lexemes(lambda: _document("title", "body"), self.text)
        return qs.filter(GreaterThanOrEqual(shared, Least(Value(2), self._pg_words())))

    def score(self) -> Expression:
        if not _on_postgresql():
            return _term_points("title", "body", self._fallback_terms())
        points = Value(2.0) * _shared_lexemes(lambda: _plain("title"), self.text) + (
            _shared_lexemes(lambda: _plain("body"), self.text)
        )
        words = Func(self._pg_words(), Value(0), function="NULLIF", output_field=IntegerField())
        return Cast(points, FloatField()) / (Value(3.0) * words)


# --- Cursors ---------------------------------------------------------------------------------


def _encode_position(position: int) -> str:
    return base64.urlsafe_b64encode(json.dumps(["search", position]).encode()).decode()


def _decode_position(cursor: str) -> int:
    values = decode_cursor_values(cursor)
    if (
        len(values) != 2
        or values[0] != "search"
        or not isinstance(values[1], int)
        or isinstance(values[1], bool)
        or not 0 <= values[1] < MAX_POSITION
    ):
        raise BadUserInput(INVALID_CURSOR)
    return int(values[1])


# --- Selectors -------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Source:
    kind: SearchKind
    queryset: QuerySet[Any]
    title: str | None
    body: str


def _sources(viewer: Viewer) -> list[_Source]:
    return [
        _Source(SearchKind.THREAD, visible_threads(viewer), "title", "body"),
        _Source(SearchKind.POST, visible_posts(viewer), None, "body"),
        _Source(SearchKind.SUGGESTION, visible_suggestions(viewer), "title", "body"),
    ]


def search(
    *, viewer: Viewer, query: str, first: int | None = None, after: str | None = None
) -> tuple[SearchPage, QuerySet[Any]]:
    """A page of the threads, posts and suggestions this viewer may see that match `query`,
    best first, and a queryset counting all of them (for `totalCount`).

    One query for the page, one per kind found on it, one for the count if asked."""
    validate(PageRequest(first=first))
    run = _Query(clean_query(query))
    size = DEFAULT_PAGE_SIZE if first is None else first
    offset = 0 if after is None else _decode_position(after) + 1
    sources = _sources(viewer)
    empty = run.is_empty()
    matching = [
        # Nothing to look for: the same shape of query, finding nothing.
        s.queryset.none()
        if empty
        else run.filter(s.queryset.order_by(), title=s.title, body=s.body)
        for s in sources
    ]
    count_source = matching[0].values("id").union(*(m.values("id") for m in matching[1:]), all=True)
    if empty:
        return SearchPage(hits=[], has_next_page=False, has_previous_page=offset > 0), count_source
    ranked = [
        m.annotate(
            score=run.score(title=s.title, body=s.body),
            result_kind=Value(s.kind.value, output_field=TextField()),
        ).values_list("result_kind", "id", "score", "created_at")
        for s, m in zip(sources, matching, strict=True)
    ]
    rows = list(
        ranked[0]
        .union(*ranked[1:], all=True)
        .order_by("-score", "-created_at", "result_kind", "-id")[offset : offset + size + 1]
    )
    has_next = len(rows) > size
    rows = rows[:size]
    found = _fetch(sources, rows)
    hits = [
        SearchHit(item=found[(kind, pk)], rank=round(score, 4), cursor=_encode_position(offset + i))
        for i, (kind, pk, score, _created) in enumerate(rows)
        # A row deleted or hidden between the two queries is left out.
        if (kind, pk) in found
    ]
    return SearchPage(hits=hits, has_next_page=has_next, has_previous_page=offset > 0), count_source


def _fetch(
    sources: Sequence[_Source], rows: Sequence[tuple[Any, ...]]
) -> dict[tuple[str, int], Any]:
    """The rows of a page, one query per kind present (still through visibility)."""
    found: dict[tuple[str, int], Model] = {}
    for source in sources:
        ids = [pk for kind, pk, *_ in rows if kind == source.kind.value]
        if ids:
            for pk, obj in source.queryset.in_bulk(ids).items():
                found[(source.kind.value, pk)] = obj
    return found


def similar_suggestions(
    *, viewer: Viewer, title: str, first: int = SIMILAR_DEFAULT_COUNT
) -> list[Suggestion]:
    """While a customer types a new suggestion's title: the visible suggestions (duplicates
    excluded) sharing at least two of its words (see `_SimilarTitle`), best first, then the
    most voted. Fewer than 3 characters: nothing yet."""
    validate(PageRequest(first=first))
    if len(title.strip()) < SIMILAR_MIN_LENGTH:
        return []
    run = _SimilarTitle(clean_query(title, argument="title"))
    if run.is_empty() or first == 0:
        return []
    qs = run.filter(visible_suggestions(viewer).exclude(status=SuggestionStatus.DUPLICATE))
    qs = qs.annotate(score=run.score())
    return list(qs.order_by("-score", "-vote_count", "-id")[:first])


def suggestions_matching(qs: QuerySet[Suggestion], text: str) -> QuerySet[Suggestion]:
    """Narrow a list of suggestions to those `search` would find for `text` (the list keeps
    its own ordering: this is the `search` argument of `suggestions`)."""
    query = _Query(clean_query(text, argument="search"))
    if query.is_empty():
        return qs.none()
    return query.filter(qs, title="title", body="body")
