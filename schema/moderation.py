"""Moderation: flags and the advisers' flag queue."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Annotated

import strawberry
from strawberry import relay

from models.models import Flag as FlagModel
from models.models import FlagReason as FlagReasonChoices
from permissions.fields import CanViewModeration
from resolvers.errors import BadUserInput
from resolvers.loaders import resolve_now
from resolvers.selectors.moderation import FlagStatus as FlagStatusValues
from resolvers.selectors.moderation import flag_list
from resolvers.services.moderation import ContentKind, ContentRef

from .core.connections import (
    PAGE_ARGS_DESCRIPTION,
    After,
    Before,
    Connection,
    First,
    Last,
    page_request,
    paged,
)
from .core.context import Info
from .core.enums import graphql_enum
from .core.ids import decode_any_id
from .members import Member, _is_model
from .suggestions import Suggestion
from .threads import Post, Thread

if TYPE_CHECKING:  # the copies of `graphql_enum`, as type checkers see them
    FlagReason = FlagReasonChoices
    FlagStatus = FlagStatusValues
else:
    FlagReason = graphql_enum(
        FlagReasonChoices,
        name="FlagReason",
        description="Why a member reports content.",
        value_descriptions={
            "SPAM": "Advertising or unsolicited, repeated content.",
            "ABUSE": "Abusive words: insults, harassment, hateful content.",
            "PERSONAL_DATA": "Personal data exposed (an account number, a phone number, an "
            "address, ...).",
            "OFF_TOPIC": "Not about the community's subjects.",
            "OTHER": "Another reason, which the flag's text explains.",
        },
    )
    FlagStatus = graphql_enum(
        FlagStatusValues,
        name="FlagStatus",
        description="Where a flag stands in the advisers' queue.",
        value_descriptions={
            "OPEN": "Waiting for an adviser.",
            "RESOLVED": "Handled: the content was hidden, or an adviser resolved the flag in "
            "the back office.",
        },
    )

ModeratableContent = Annotated[
    Thread | Post | Suggestion,
    strawberry.union(
        "ModeratableContent",
        description="What members flag and advisers hide: a thread, a reply or a suggestion.",
    ),
]


def decode_content_id(value: str, *, argument: str = "contentId") -> ContentRef:
    """A thread, post or suggestion ID as a service reference, or BAD_USER_INPUT."""
    type_name, pk = decode_any_id(value)
    try:
        kind = ContentKind(type_name)
    except ValueError as exc:
        raise BadUserInput(
            f"`{argument}` must be the ID of a thread, a post or a suggestion."
        ) from exc
    return ContentRef(kind=kind, pk=pk)


def _flag_reporter(root: FlagModel, info: Info) -> Member:
    return resolve_now(info.context.loaders.member_by_id, root.reporter_id)


def _flag_content(root: FlagModel, info: Info) -> Thread | Post | Suggestion | None:
    loaders = info.context.loaders
    if root.thread_id is not None:
        return resolve_now(loaders.thread_by_id, root.thread_id)
    if root.post_id is not None:
        return resolve_now(loaders.post_by_id, root.post_id)
    assert root.suggestion_id is not None
    return resolve_now(loaders.suggestion_by_id, root.suggestion_id)


@strawberry.type(
    description="A member's report of a thread, a reply or a suggestion. Advisers see every "
    "flag; a member sees the flags they reported; nobody else receives any."
)
class Flag(relay.Node):
    is_type_of = _is_model(FlagModel)

    id: relay.NodeID[int]
    reason: FlagReason = strawberry.field(description="Why it was reported.")
    text: str = strawberry.field(description="What the reporter added (may be empty).")
    created_at: datetime = strawberry.field(description="When it was reported.")
    resolved_at: datetime | None = strawberry.field(
        description="When an adviser handled it; null while it is open."
    )
    reporter: Member = strawberry.field(description="Who reported it.", resolver=_flag_reporter)
    content: ModeratableContent | None = strawberry.field(
        description="The reported thread, reply or suggestion; null when this viewer can no "
        "longer see it (a reporter, once it is hidden).",
        resolver=_flag_content,
    )


@strawberry.type
class ModerationQueries:
    @strawberry.field(
        description="The advisers' moderation queue: open flags oldest first (resolved ones "
        f"most recently handled first). Advisers only; others get null and a FORBIDDEN error. "
        f"{PAGE_ARGS_DESCRIPTION}",
        permission_classes=[CanViewModeration],
    )
    async def flags(
        self,
        info: Info,
        status: Annotated[
            FlagStatus, strawberry.argument(description="OPEN (default) or RESOLVED flags.")
        ] = FlagStatus.OPEN,
        first: First = None,
        after: After = None,
        last: Last = None,
        before: Before = None,
    ) -> Connection[Flag] | None:
        return await paged(
            info,
            lambda _asked: flag_list(
                viewer=info.context.viewer,
                page=page_request(first, after, last, before),
                status=FlagStatusValues[status.name],
            ),
            prefetch=info.context.loaders.flag_relations,
        )
