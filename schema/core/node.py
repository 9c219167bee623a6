"""`node(id:)` and `nodes(ids:)`: any object by its global ID, through the loaders, so
visibility is the same as everywhere else (an object the viewer may not see is not found).

A well-formed ID of an unknown type, or of a row that does not exist or is not visible, is
not found (null, no error). A malformed ID is BAD_USER_INPUT: for `node`, at its path; for
`nodes`, at the path of its position (`["nodes", i]`, null there) while the other IDs are
served."""

from __future__ import annotations

import asyncio
from typing import Annotated, Any

import strawberry
from strawberry import relay
from strawberry.dataloader import DataLoader

from resolvers.errors import BadUserInput
from resolvers.loaders import Loaders

from .context import Info
from .ids import decode_any_id

# GraphQL type name → the loader that finds visible rows of it.
NODE_LOADERS: dict[str, str] = {
    "Member": "member_by_id",
    "Category": "category_by_id",
    "Thread": "thread_by_id",
    "Post": "post_by_id",
    "Suggestion": "suggestion_by_id",
    "StatusChange": "status_change_by_id",
    "Decision": "decision_by_id",
    "CommitteeMeeting": "meeting_by_id",
    "Evaluation": "evaluation_by_id",
    "Notification": "notification_by_id",
    "Flag": "flag_by_id",
    "PostRevision": "post_revision_by_id",
}

MAX_NODES = 100


async def load_node(loaders: Loaders, global_id: str) -> Any:
    """The visible object of that ID, or None. Raises BadUserInput for a malformed ID."""
    type_name, pk = decode_any_id(global_id)
    loader_name = NODE_LOADERS.get(type_name)
    if loader_name is None:
        return None
    loader: DataLoader[int, Any] = getattr(loaders, loader_name)
    return await loader.load(pk)


async def _load_or_error(loaders: Loaders, global_id: str) -> Any:
    try:
        return await load_node(loaders, global_id)
    except BadUserInput as exc:
        # Returned, not raised: GraphQL puts a list item that is an error at the item's path
        # and answers null there (the item type is nullable), keeping the other items.
        return exc


async def load_nodes(loaders: Loaders, global_ids: list[str]) -> list[Any]:
    """The objects of these IDs, in order: None for those not found, a BadUserInput (which
    GraphQL reports at `["nodes", i]`) for malformed ones. Raises BadUserInput past
    MAX_NODES IDs."""
    if len(global_ids) > MAX_NODES:
        raise BadUserInput(f"At most {MAX_NODES} IDs at once.")
    return list(await asyncio.gather(*(_load_or_error(loaders, gid) for gid in global_ids)))


@strawberry.type
class NodeQueries:
    """`node` and `nodes`: any object by its global ID (Relay)."""

    @strawberry.field(
        description="Any object by its ID; null when it does not exist or this viewer may not "
        "see it (for a partner token, also when its scopes do not open the object's type). "
        "A malformed ID is null with a BAD_USER_INPUT error."
    )
    async def node(
        self,
        info: Info,
        id: Annotated[strawberry.ID, strawberry.argument(description="A global ID.")],
    ) -> relay.Node | None:
        return await load_node(info.context.loaders, id)

    @strawberry.field(
        description="Several objects by ID (at most 100), in the same order; null "
        "for each one that does not exist or that this viewer may not see (as `node`). A "
        "malformed ID is null too, with a BAD_USER_INPUT error at its position "
        "(`nodes`, i); the others are served."
    )
    async def nodes(
        self,
        info: Info,
        ids: Annotated[list[strawberry.ID], strawberry.argument(description="Global IDs.")],
    ) -> list[relay.Node | None]:
        return await load_nodes(info.context.loaders, list(ids))
