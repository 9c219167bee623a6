"""Search across threads, posts and suggestions."""

from __future__ import annotations

from typing import Annotated, Any

import strawberry
from asgiref.sync import sync_to_async
from django.db.models import QuerySet
from strawberry import relay

from models.models import Post as PostModel
from models.models import Suggestion as SuggestionModel
from models.models import Thread as ThreadModel
from models.models import TokenScope
from permissions.fields import CanReadSuggestions, CanSearch
from resolvers.selectors.search import (
    MAX_QUERY_LENGTH,
    SIMILAR_DEFAULT_COUNT,
    SIMILAR_MIN_LENGTH,
    SearchPage,
    search,
    similar_suggestions,
)

from .core.connections import After, First
from .core.context import Info
from .partners import needs_scope
from .suggestions import Suggestion
from .threads import Post, Thread

SearchResult = Annotated[
    Thread | Post | Suggestion,
    strawberry.union(
        "SearchResult", description="What a search finds: a thread, a reply or a suggestion."
    ),
]


@strawberry.type(description="One search result, with its cursor and relevance.")
class SearchResultEdge:
    cursor: str = strawberry.field(description="Cursor to pass as `after` for what follows.")
    node: SearchResult = strawberry.field(description="The thread, reply or suggestion found.")
    rank: float = strawberry.field(
        description="Relevance, higher is better (4 decimals), to compare results of the same "
        "search only. On PostgreSQL, 1 when the title holds every term, plus the full-text rank "
        "(between 0 and 1); on SQLite, the share of words found in the title "
        "(counted twice) and in the body."
    )


@strawberry.type(
    description="A page of search results, best first. Cursors are positions in the ranking: "
    "a result published meanwhile may shift the next page by a row."
)
class SearchResultConnection:
    edges: list[SearchResultEdge] = strawberry.field(description="The results of this page.")
    page_info: relay.PageInfo = strawberry.field(description="Where this page stands.")
    count_source: strawberry.Private[QuerySet[Any]]

    @strawberry.field(
        description="How many threads, replies and suggestions this viewer may see match."
    )
    async def total_count(self) -> int:
        return await sync_to_async(self.count_source.count)()

    @classmethod
    def from_page(cls, page: SearchPage, count_source: QuerySet[Any]) -> SearchResultConnection:
        edges = [
            SearchResultEdge(cursor=hit.cursor, node=hit.item, rank=hit.rank)  # type: ignore[arg-type]
            for hit in page.hits
        ]
        return cls(
            edges=edges,
            page_info=relay.PageInfo(
                has_next_page=page.has_next_page,
                has_previous_page=page.has_previous_page,
                start_cursor=edges[0].cursor if edges else None,
                end_cursor=edges[-1].cursor if edges else None,
            ),
            count_source=count_source,
        )


@strawberry.type
class SearchQueries:
    @strawberry.field(
        description="Threads (title and body), replies and suggestions (title and body) in "
        "which every word of `query` starts a word, best first, the same way on every "
        'database: "publicité cour" finds "Pouvoir désactiver la publicité par courrier", '
        'never a fragment inside a word ("licité" does not). Accents and case do not '
        "matter, one-letter words and French stop words are left out, a final plural "
        '"s" too ("courriers" finds "courrier"), and "-word" excludes; quotes and other '
        "punctuation only separate words. Only what this viewer "
        "may see is found or counted: never hidden content (except one's own) nor advisers' "
        "internal notes, unless the viewer is an adviser. A suggestion is one hit: its "
        "discussion and comments are not hits of their own, and a comment that matches "
        "finds its suggestion. Pages of `first` (at most 100, "
        "default 20) after the cursor `after`. A partner token finds only the kinds its scopes "
        "open (suggestions with `suggestions:read`; threads and replies with `threads:read`)."
        + needs_scope(TokenScope.SUGGESTIONS_READ, TokenScope.THREADS_READ),
        permission_classes=[CanSearch],
    )
    async def search(
        self,
        info: Info,
        query: Annotated[
            str,
            strawberry.argument(
                description=f"Words to look for: not blank, at most {MAX_QUERY_LENGTH} "
                "characters (BAD_USER_INPUT otherwise)."
            ),
        ],
        first: First = None,
        after: After = None,
    ) -> SearchResultConnection | None:
        page, count_source = await sync_to_async(search)(
            viewer=info.context.viewer, query=query, first=first, after=after
        )
        loaders = info.context.loaders
        loaders.prime_threads([h.item for h in page.hits if isinstance(h.item, ThreadModel)])
        loaders.prime_posts([h.item for h in page.hits if isinstance(h.item, PostModel)])
        loaders.prime_suggestions(
            [h.item for h in page.hits if isinstance(h.item, SuggestionModel)]
        )
        return SearchResultConnection.from_page(page, count_source)

    @strawberry.field(
        description="While a member types the title of a new suggestion: the suggestions "
        "they may see that look like it, so they can vote for an existing one instead. At "
        "least two words of the title (its only word, for a one-word title) start words of "
        "theirs, as `search` matches (the last word may be still being typed); the "
        "more shared words the better, a word in their title counting twice one in their "
        "body, then the most voted. Merged duplicates and withdrawn ideas are left out. Empty "
        "until the "
        f"title has {SIMILAR_MIN_LENGTH} characters." + needs_scope(TokenScope.SUGGESTIONS_READ),
        permission_classes=[CanReadSuggestions],
    )
    async def similar_suggestions(
        self,
        info: Info,
        title: Annotated[
            str,
            strawberry.argument(
                description=f"The title being typed (at most {MAX_QUERY_LENGTH} characters)."
            ),
        ],
        first: Annotated[
            int,
            strawberry.argument(
                description=f"How many, at most (≤ 100, default {SIMILAR_DEFAULT_COUNT})."
            ),
        ] = SIMILAR_DEFAULT_COUNT,
    ) -> list[Suggestion] | None:
        found = await sync_to_async(similar_suggestions)(
            viewer=info.context.viewer, title=title, first=first
        )
        info.context.loaders.prime_suggestions(found)
        return found  # type: ignore[return-value]
