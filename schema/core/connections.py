"""Relay connections over keyset pages (`resolvers.pagination`)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from typing import Annotated, Any, Generic, TypeVar

import strawberry
from asgiref.sync import sync_to_async
from django.db.models import Model, QuerySet
from graphql import (
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    InlineFragmentNode,
    SelectionSetNode,
)
from strawberry import relay
from strawberry.relay.types import NodeType
from strawberry.types import Info

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


def _fields(
    selection_sets: Iterable[SelectionSetNode], fragments: Mapping[str, FragmentDefinitionNode]
) -> Iterator[FieldNode]:
    """The fields of these selection sets, through inline fragments and fragment spreads;
    each fragment is read once, however often it is spread (a chain of fragments spreading
    the next one twice would otherwise be read 2^N times)."""
    seen: set[str] = set()
    pending = list(selection_sets)
    while pending:
        for selection in pending.pop().selections:
            if isinstance(selection, FieldNode):
                yield selection
            elif isinstance(selection, InlineFragmentNode):
                pending.append(selection.selection_set)
            elif isinstance(selection, FragmentSpreadNode):
                name = selection.name.value
                if name not in seen and name in fragments:
                    seen.add(name)
                    pending.append(fragments[name].selection_set)


def _sub_selections(fields: Iterable[FieldNode], name: str) -> list[SelectionSetNode]:
    return [f.selection_set for f in fields if f.name.value == name and f.selection_set]


def node_fields(info: Info[Any, Any]) -> frozenset[str]:
    """The names of the fields this connection field's document asks of each node
    (`edges { node { ... } }`, aliases and fragments included), so the page can fetch the
    relations they need in its own trip to the database instead of one batch per field.
    Reads graphql-core's field nodes (Strawberry's `info.selected_fields` converts the whole
    sub-tree, every fragment as often as it is spread)."""
    raw = info._raw_info
    fragments = raw.fragments
    connections = [node.selection_set for node in raw.field_nodes if node.selection_set]
    edges = _sub_selections(_fields(connections, fragments), "edges")
    nodes = _sub_selections(_fields(edges, fragments), "node")
    return frozenset(field.name.value for field in _fields(nodes, fragments))


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
