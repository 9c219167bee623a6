"""Relay connections over keyset pages (`resolvers.pagination`)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Annotated, Any, Generic, TypeVar

import strawberry
from asgiref.sync import sync_to_async
from django.db.models import Model, QuerySet
from strawberry import relay
from strawberry.relay.types import NodeType
from strawberry.types import Info
from strawberry.types.nodes import FragmentSpread, InlineFragment, SelectedField, Selection

from resolvers.loaders import Loaders, Prefetched
from resolvers.pagination import Page, PageRequest

R = TypeVar("R", bound=Model)

# The pagination arguments every connection field takes.
First = Annotated[int | None, strawberry.argument(description="Page size (≤ 100, default 20).")]
After = Annotated[str | None, strawberry.argument(description="Cursor to start after.")]
Last = Annotated[int | None, strawberry.argument(description="Page size from the end (≤ 100).")]
Before = Annotated[str | None, strawberry.argument(description="Cursor to end before.")]

PAGE_ARGS_DESCRIPTION = (
    "Relay pagination: `first` (at most 100, default 20) items after the cursor `after`, "
    "or `last` items before the cursor `before`."
)


@strawberry.type(description="A page of a list, with cursors to move on (Relay connection).")
class Connection(Generic[NodeType]):
    edges: list[relay.Edge[NodeType]] = strawberry.field(
        description="The items of this page, each with its cursor."
    )
    page_info: relay.PageInfo = strawberry.field(description="Where this page stands.")
    count_source: strawberry.Private[QuerySet[Any]]

    @strawberry.field(description="How many items the whole list holds for this viewer.")
    async def total_count(self) -> int:
        return await sync_to_async(self.count_source.count)()


def build_connection(page: Page[Any], count_source: QuerySet[Any]) -> Connection[Any]:
    return Connection(
        edges=[
            relay.Edge(cursor=cursor, node=row)
            for row, cursor in zip(page.rows, page.cursors, strict=True)
        ],
        page_info=relay.PageInfo(
            has_next_page=page.has_next_page,
            has_previous_page=page.has_previous_page,
            start_cursor=page.cursors[0] if page.cursors else None,
            end_cursor=page.cursors[-1] if page.cursors else None,
        ),
        count_source=count_source,
    )


def page_request(
    first: int | None, after: str | None, last: int | None, before: str | None
) -> PageRequest:
    return PageRequest(first=first, after=after, last=last, before=before)


def _fields(selections: Iterable[Selection]) -> Iterable[SelectedField]:
    """The fields of a selection set, through inline fragments and fragment spreads."""
    for selection in selections:
        if isinstance(selection, SelectedField):
            yield selection
        elif isinstance(selection, InlineFragment | FragmentSpread):
            yield from _fields(selection.selections)


def node_fields(info: Info[Any, Any]) -> frozenset[str]:
    """The names of the fields this connection field's document asks of each node
    (`edges { node { ... } }`, aliases and fragments included), so the page can fetch the
    relations they need in its own trip to the database instead of one batch per field."""
    names: set[str] = set()
    for connection in info.selected_fields:
        for edges in _fields(getattr(connection, "selections", ())):
            if edges.name != "edges":
                continue
            for node in _fields(edges.selections):
                if node.name == "node":
                    names.update(field.name for field in _fields(node.selections))
    return frozenset(names)


async def paged(
    info: Info[Any, Any],
    select: Callable[[frozenset[str]], tuple[Page[R], QuerySet[R]]],
    *,
    prefetch: Callable[[Sequence[R], frozenset[str]], list[Prefetched[Any, Any]]] | None = None,
    prime: Callable[[Sequence[R]], None] | None = None,
) -> Connection[Any]:
    """A connection field's body: in one thread hop, the page (`select`, told which node
    fields are asked) and what its rows' asked relations need (`prefetch`); then, on the
    event loop, the loaders primed with both, so the page's fields resolve without waiting."""
    asked = node_fields(info)

    def fetch() -> tuple[Page[R], QuerySet[R], list[Prefetched[Any, Any]]]:
        page, count_source = select(asked)
        return page, count_source, prefetch(page.rows, asked) if prefetch else []

    page, count_source, prefetched = await sync_to_async(fetch)()
    if prime is not None:
        prime(page.rows)
    Loaders.prime(prefetched)
    return build_connection(page, count_source)
