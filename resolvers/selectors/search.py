"""Search across threads, posts and suggestions, with the visibility of every other read.

Every part starts from the row scopes `visible_threads/posts/suggestions(viewer)`
(`permissions/rows.py`), so hidden content and advisers' internal notes are found by
exactly those who could read them anyway, and the total counts them for nobody else.

One matching rule on both databases (README, "Search"), made for someone typing:
- text is folded (case, accents and ligatures: "Œuvre" → "oeuvre") and split into words,
  runs of letters and digits: every other character separates words ("e-mail" is "e" and
  "mail", "l'épargne" is "l" and "epargne");
- the typed words are terms, except one-letter words and French stop words ("de", "la",
  ...), and a term of more than 3 letters loses a final "s" (a plural: "courriers" is
  "courrier");
- a term matches a word of the title or the body that *starts with it*: "cour" finds
  "courrier", "publicite" finds "publicités"; never a fragment inside a word ("licite" does
  not find "publicité");
- `search`: every term must match, and "-word" (at the start or after a blank) excludes
  what has a word starting with it; nothing else is an operator (quotes, `or`, `&`, `|`, `!`,
  `:`, `*`, parentheses are text, hence separators). `similarSuggestions`: at least two
  terms (the only one, for a one-term title), "-" meaning nothing.

PostgreSQL: each document is `to_tsvector('comptoir_words', translate(column, SEPARATORS,
spaces))`, the `simple` parser and dictionary (no stemming, no stop words) after `unaccent`
(migration 0007). `translate` turns the punctuation that its parser would keep inside a
token (addresses, decimals, paths, signed numbers) into blanks, so that its words are the
runs of letters and digits the Python side splits. The terms become a `to_tsquery` of
prefix lexemes (`'cour':*`), built here from words of letters and digits only, so nothing
a member types is tsquery syntax. Titles weigh A and bodies B; each table has a GIN index on
exactly the document expression built here (`_document`), which is what lets PostgreSQL use
it for prefix lexemes too (`tests/services/test_search.py` EXPLAINs the statements sent).

SQLite: a deterministic `comptoir_words` SQL function, registered on every connection from
the app's start (`models/search.py`), writes a column's folded words between blanks
(" pouvoir desactiver la publicite "), and a term matches where " " + term occurs: the
start of a word.

The relevance score (higher is better, comparable within one search only):
- PostgreSQL: 1 when the title alone holds every term, plus `ts_rank(document, query, 32)`,
  which lies in [0, 1): a title match always comes before a body-only match;
- SQLite: (2 × terms found in the title + terms found in the body) / (3 × terms), so a title
  holding every term (≥ 2/3) also comes before a body-only match (≤ 1/3).
Ties go to the most recent, then by kind and id, so the order is total and pages are stable.
`similarSuggestions` scores with the SQLite formula on both databases.

Ranked results page with offset cursors: the rank is computed per query and is not a
column, so a keyset cursor would have to compare floats of a computed expression (fragile)
and could not use an index anyway — every match is ranked to sort them. An offset costs no
more, and the cursor says where the next page starts in that ranking.
"""

from __future__ import annotations

import base64
import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from enum import Enum
from functools import reduce
from typing import Any

from django.db import connection
from django.db.models import (
    BooleanField,
    Case,
    Exists,
    Expression,
    F,
    FloatField,
    Func,
    Model,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    TextField,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.db.models.lookups import Contains, GreaterThanOrEqual

from models.models import Post, Suggestion, SuggestionStatus, Thread
from models.search import WORD, WORDS_FUNCTION, fold, words
from permissions.roles import Viewer
from permissions.rows import visible_posts, visible_suggestions, visible_threads

from ..errors import BadUserInput
from ..pagination import (
    DEFAULT_PAGE_SIZE,
    INVALID_CURSOR,
    PageRequest,
    decode_cursor_values,
    validate,
)

MAX_QUERY_LENGTH = 200
SIMILAR_MIN_LENGTH = 3
SIMILAR_DEFAULT_COUNT = 5
# Beyond any real ranking; keeps a forged cursor from overflowing the SQL OFFSET.
MAX_POSITION = 2**31

# The text search configuration of migration 0007 and the characters its documents read as
# blanks, written into the SQL (never parameters): the GIN indexes only serve a query whose
# document expression is the same, constants included. Separators: the ASCII punctuation
# PostgreSQL's parser keeps inside some tokens (e-mail addresses, hosts, paths, decimals,
# signed numbers; "%" never does, and would need escaping), and French typographic marks,
# which its parser reads as letters when the database's LC_CTYPE is plain C.
SEARCH_CONFIG = "comptoir_words"
SEPARATORS = "!\"#$&'()*+,-./:;<=>?@[\\]^_`{|}~’‘«»“”…–—•·\u00a0\u202f"


def _sql_text(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


_TRANSLATE = (
    f"translate(%(expressions)s, {_sql_text(SEPARATORS)}, {_sql_text(' ' * len(SEPARATORS))})"
)


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


# Folded French words too common to mean anything: never terms.
_STOP_WORDS = frozenset(
    (  # noqa: SIM905 - a list of words reads better as words
        "au aux avec ce ces dans de des du elle en et eux il ils je la le les leur lui ma mais "
        "me meme mes moi mon ne nos notre nous on ou par pas pour qu que qui sa se ses son sur "
        "sans ta te tes toi ton tu un une vos votre vous"
    ).split()
)
# "-word" (at the start or after a blank) excludes a word in `search`.
_NEGATED = re.compile(r"(?<!\S)-([^\W_]+)")


def _terms(found: list[str]) -> list[str]:
    terms: list[str] = []
    for word in found:
        if len(word) < 2 or word in _STOP_WORDS:
            continue
        if len(word) > 3 and word.endswith("s"):
            word = word[:-1]  # a plural: "courriers" finds "courrier" (and "courriers")
        if word not in terms:
            terms.append(word)
    return terms


def query_terms(text: str) -> tuple[list[str], list[str]]:
    """`search`'s (wanted, excluded) terms of a typed text: each matches the words that
    start with it (module docstring). Punctuation, quotes and operators of other search
    syntaxes are separators."""
    folded = fold(text)
    return _terms(WORD.findall(_NEGATED.sub(" ", folded))), _terms(_NEGATED.findall(folded))


def title_terms(text: str) -> list[str]:
    """`similarSuggestions`' terms of a title being typed ("-" excludes nothing there)."""
    return _terms(words(text))


# --- Matching and scoring ----------------------------------------------------------------


def _weighted(column: str, weight: str) -> Func:
    return Func(
        F(column),
        template=f"setweight(to_tsvector('{SEARCH_CONFIG}'::regconfig, {_TRANSLATE}), '{weight}')",
        output_field=TextField(),
    )


def _plain(column: str) -> Func:
    return Func(
        F(column),
        template=f"to_tsvector('{SEARCH_CONFIG}'::regconfig, {_TRANSLATE})",
        output_field=TextField(),
    )


def _document(title: str | None, body: str) -> Func:
    """The tsvector the GIN index of migration 0007 is built on, term for term."""
    if title is None:
        return _weighted(body, "B")
    return Func(
        _weighted(title, "A"),
        _weighted(body, "B"),
        template="(%(expressions)s)",
        arg_joiner=" || ",
        output_field=TextField(),
    )


def _prefix(term: str) -> str:
    # Terms are letters and digits only (`WORD`): quoting is belt and braces.
    return "'" + term.replace("'", "''") + "':*"


def _tsquery(text: str) -> Func:
    """A tsquery of prefix lexemes built by `_prefix` (never text a member typed)."""
    return Func(
        Value(text),
        template=f"to_tsquery('{SEARCH_CONFIG}'::regconfig, %(expressions)s)",
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


def _words_sql(column: str) -> Func:
    return Func(F(column), function=WORDS_FUNCTION, output_field=TextField())


def _on_postgresql() -> bool:
    return connection.vendor == "postgresql"


def _has(columns: list[str], term: str) -> Q | Func:
    """Whether one of the columns holds a word starting with `term`."""
    if _on_postgresql():
        if len(columns) == 2:  # the indexed document, title and body
            return _matches(_document(*columns), _tsquery(_prefix(term)))
        return _matches(_plain(columns[0]), _tsquery(_prefix(term)))
    return reduce(lambda a, b: a | b, (Q(Contains(_words_sql(c), " " + term)) for c in columns))


def _if(condition: Any, points: float) -> Case:
    return Case(When(condition, then=Value(points)), default=Value(0.0), output_field=FloatField())


def _term_points(title: str | None, body: str, terms: list[str]) -> Expression:
    """(2 × terms in the title + terms in the body) / (3 × terms)."""
    points: list[Expression] = []
    for term in terms:
        if title is not None:
            points.append(_if(_has([title], term), 2.0))
        points.append(_if(_has([body], term), 1.0))
    total = reduce(lambda a, b: a + b, points)
    return total / Value(3.0 * len(terms), output_field=FloatField())


@dataclass(frozen=True, slots=True)
class _Query:
    """What `search` looks for: every wanted term, none of the excluded ones."""

    wanted: list[str]
    excluded: list[str]

    @classmethod
    def of(cls, text: str) -> _Query:
        wanted, excluded = query_terms(text)
        return cls(wanted, excluded)

    def is_empty(self) -> bool:
        """Nothing wanted: nothing found (excluded words alone would match nearly every
        row, without any help from the index)."""
        return not self.wanted

    def _tsquery(self) -> Func:
        return _tsquery(
            " & ".join(
                [_prefix(t) for t in self.wanted] + [f"!{_prefix(t)}" for t in self.excluded]
            )
        )

    def condition(self, *, title: str | None, body: str) -> Q | Func:
        """What `filter` keeps, as one condition (for a `When`)."""
        if _on_postgresql():
            return _matches(_document(title, body), self._tsquery())
        columns = [body] if title is None else [title, body]
        wanted = [Q(_has(columns, term)) for term in self.wanted]
        excluded = [~Q(_has(columns, term)) for term in self.excluded]
        return reduce(lambda a, b: a & b, [*wanted, *excluded])

    def filter(self, qs: QuerySet[Any], *, title: str | None, body: str) -> QuerySet[Any]:
        if _on_postgresql():
            return qs.filter(_matches(_document(title, body), self._tsquery()))
        columns = [body] if title is None else [title, body]
        for term in self.wanted:
            qs = qs.filter(_has(columns, term))
        for term in self.excluded:
            qs = qs.exclude(_has(columns, term))
        return qs

    def score(self, *, title: str | None, body: str) -> Expression:
        if not _on_postgresql():
            return _term_points(title, body, self.wanted)
        tsquery = self._tsquery()
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


@dataclass(frozen=True, slots=True)
class _SimilarTitle:
    """What `similar_suggestions` looks for: suggestions sharing at least two terms with a
    title being typed (one, for a one-term title), scored alike on both databases:
    (2 × terms in their title + terms in their body) / (3 × terms)."""

    terms: list[str]

    def is_empty(self) -> bool:
        return not self.terms

    def filter(self, qs: QuerySet[Any]) -> QuerySet[Any]:
        if _on_postgresql():
            # Any term, through the GIN index; then enough of them.
            any_term = _tsquery(" | ".join(_prefix(t) for t in self.terms))
            qs = qs.filter(_matches(_document("title", "body"), any_term))
        found: list[Expression] = [_if(_has(["title", "body"], t), 1.0) for t in self.terms]
        shared: Expression = reduce(lambda a, b: a + b, found)
        return qs.filter(GreaterThanOrEqual(shared, min(2, len(self.terms))))

    def score(self) -> Expression:
        return _term_points("title", "body", self.terms)


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
    # The replies whose match counts for the row (a suggestion's comments), by the row's key
    # in `thread__suggestion_id`.
    comments: QuerySet[Post] | None = None

    def matching(self, run: _Query) -> QuerySet[Any]:
        """The rows that match themselves, or through one of their comments: each once."""
        own = run.filter(self.queryset.order_by(), title=self.title, body=self.body)
        if self.comments is None:
            return own
        # A union of keys, each part through its own index, then the rows by key.
        through = run.filter(self.comments.order_by(), title=None, body="body").values(
            "thread__suggestion_id"
        )
        return self.queryset.order_by().filter(pk__in=own.values("pk").union(through))

    def score(self, run: _Query) -> Expression:
        """A row's own score when it matches itself, else its best comment's (which has no
        title, so it ranks with matches in a body)."""
        own = run.score(title=self.title, body=self.body)
        if self.comments is None:
            return own
        best = (
            run.filter(
                self.comments.filter(thread__suggestion_id=OuterRef("pk")).order_by(),
                title=None,
                body="body",
            )
            .annotate(comment_score=run.score(title=None, body="body"))
            .order_by("-comment_score")
            .values("comment_score")[:1]
        )
        return Case(
            When(run.condition(title=self.title, body=self.body), then=own),
            default=Coalesce(Subquery(best, output_field=FloatField()), Value(0.0)),
            output_field=FloatField(),
        )


def _sources(viewer: Viewer) -> list[_Source]:
    """Café threads and their replies, and suggestions. A suggestion's discussion thread
    (which opens with a copy of its title and text) and its comments are found as the
    suggestion: one hit per idea.

    "Is a discussion" is asked as a correlated EXISTS (one key probe per row the search
    index found), not as `suggestion_id IS [NOT] NULL`: the planner could otherwise read
    every café thread through the unique index on `suggestion_id` instead of the GIN
    index."""
    discussion = Exists(Suggestion.objects.filter(pk=OuterRef("suggestion_id")))
    in_discussion = Exists(
        Thread.objects.filter(pk=OuterRef("thread_id"), suggestion__isnull=False)
    )
    return [
        _Source(SearchKind.THREAD, visible_threads(viewer).exclude(discussion), "title", "body"),
        _Source(SearchKind.POST, visible_posts(viewer).exclude(in_discussion), None, "body"),
        _Source(
            SearchKind.SUGGESTION,
            visible_suggestions(viewer),
            "title",
            "body",
            comments=visible_posts(viewer).filter(in_discussion),
        ),
    ]


def search(
    *, viewer: Viewer, query: str, first: int | None = None, after: str | None = None
) -> tuple[SearchPage, QuerySet[Any]]:
    """A page of the threads, posts and suggestions this viewer may see that match `query`,
    best first, and a queryset counting all of them (for `totalCount`).

    One query for the page, one per kind found on it, one for the count if asked."""
    validate(PageRequest(first=first))
    run = _Query.of(clean_query(query))
    size = DEFAULT_PAGE_SIZE if first is None else first
    offset = 0 if after is None else _decode_position(after) + 1
    sources = _sources(viewer)
    empty = run.is_empty()
    # Nothing to look for: the same shape of query, finding nothing.
    matching = [s.queryset.none() if empty else s.matching(run) for s in sources]
    count_source = matching[0].values("id").union(*(m.values("id") for m in matching[1:]), all=True)
    if empty:
        return SearchPage(hits=[], has_next_page=False, has_previous_page=offset > 0), count_source
    ranked = [
        m.annotate(
            score=s.score(run),
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
    """The rows of a page, one query per kind present (still through visibility), each
    with its author (every kind has one, visible as the author of a visible row)."""
    found: dict[tuple[str, int], Model] = {}
    for source in sources:
        ids = [pk for kind, pk, *_ in rows if kind == source.kind.value]
        if ids:
            for pk, obj in source.queryset.select_related("author").in_bulk(ids).items():
                found[(source.kind.value, pk)] = obj
    return found


def similar_suggestions(
    *, viewer: Viewer, title: str, first: int = SIMILAR_DEFAULT_COUNT
) -> list[Suggestion]:
    """While a customer types a new suggestion's title: the visible suggestions (duplicates
    and withdrawn ones excluded) sharing at least two of its words (see `_SimilarTitle`),
    best first, then the most voted. Fewer than 3 characters: nothing yet."""
    validate(PageRequest(first=first))
    if len(title.strip()) < SIMILAR_MIN_LENGTH:
        return []
    run = _SimilarTitle(title_terms(clean_query(title, argument="title")))
    if run.is_empty() or first == 0:
        return []
    # Merged duplicates and withdrawn ideas are no ideas to vote for instead.
    closed = (SuggestionStatus.DUPLICATE, SuggestionStatus.WITHDRAWN)
    qs = run.filter(visible_suggestions(viewer).exclude(status__in=closed))
    qs = qs.annotate(score=run.score())
    return list(qs.order_by("-score", "-vote_count", "-id")[:first])


def suggestions_matching(qs: QuerySet[Suggestion], text: str) -> QuerySet[Suggestion]:
    """Narrow a list of suggestions to those `search` would find for `text` (the list keeps
    its own ordering: this is the `search` argument of `suggestions`)."""
    query = _Query.of(clean_query(text, argument="search"))
    if query.is_empty():
        return qs.none()
    return query.filter(qs, title="title", body="body")
