"""`node(id:)` and `nodes(ids:)`: any object by its global ID, through the loaders, so
visibility is the same as everywhere else (an object the viewer may not see is not found)."""

from __future__ import annotations

import asyncio
from typing import Any

from strawberry.dataloader import DataLoader

from resolvers.errors import BadUserInput
from resolvers.loaders import Loaders

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
    type_name, pk = decode_any_id(global_id)
    loader_name = NODE_LOADERS.get(type_name)
    if loader_name is None:
        return None
    loader: DataLoader[int, Any] = getattr(loaders, loader_name)
    return await loader.load(pk)


async def load_nodes(loaders: Loaders, global_ids: list[str]) -> list[Any]:
    if len(global_ids) > MAX_NODES:
        raise BadUserInput(f"At most {MAX_NODES} IDs at once.")
    return list(await asyncio.gather(*(load_node(loaders, gid) for gid in global_ids)))
