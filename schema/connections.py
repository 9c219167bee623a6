"""Relay connections over keyset pages (`resolvers.pagination`)."""

from __future__ import annotations

from typing import Annotated, Any, Generic

import strawberry
from asgiref.sync import sync_to_async
from django.db.models import QuerySet
from strawberry import relay
from strawberry.relay.types import NodeType

from resolvers.pagination import Page, PageRequest

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
