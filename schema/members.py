from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Annotated

import strawberry
from asgiref.sync import sync_to_async
from strawberry import relay

from models.models import Member as MemberModel
from permissions.fields import (
    CanViewCapabilities,
    CanViewMemberPrivate,
    CanViewMemberVotes,
    CanViewNotifications,
)
from resolvers.loaders import resolve_now
from resolvers.selectors.notifications import notification_list, unread_notification_count
from resolvers.selectors.suggestions import member_votes

from .base import is_model as _is_model
from .capabilities import Capabilities
from .connections import (
    PAGE_ARGS_DESCRIPTION,
    After,
    Before,
    Connection,
    First,
    Last,
    page_request,
    paged,
)
from .context import Info
from .enums import Role
from .notifications import Notification

if TYPE_CHECKING:
    from .suggestions import Suggestion


def _member_since(root: MemberModel) -> datetime:
    return root.date_joined


def _is_committee_chair(root: MemberModel) -> bool:
    return root.is_committee_chair


def _suggestion_count(root: MemberModel, info: Info) -> int:
    return resolve_now(info.context.loaders.suggestion_count_by_author_id, root.pk)


def _thread_count(root: MemberModel, info: Info) -> int:
    return resolve_now(info.context.loaders.thread_count_by_author_id, root.pk)


def _post_count(root: MemberModel, info: Info) -> int:
    return resolve_now(info.context.loaders.post_count_by_author_id, root.pk)


@strawberry.type(
    description="A member of the community: a customer of the bank, an adviser or a member "
    "of the decision committee. Partner tokens with `suggestions:read` or `threads:read` read "
    "the public profile of authors, never the private fields."
)
class Member(relay.Node):
    is_type_of = _is_model(MemberModel)

    id: relay.NodeID[int]
    display_name: str = strawberry.field(description="The name shown on contributions.")
    role: Role = strawberry.field(description="Role badge: CUSTOMER, ADVISER or COMMITTEE.")
    is_committee_chair: bool = strawberry.field(
        description="True for the chair of the decision committee (who records and publishes "
        "decisions).",
        resolver=_is_committee_chair,
    )
    member_since: datetime = strawberry.field(
        description="When the member joined the community.", resolver=_member_since
    )
    email: str | None = strawberry.field(
        description="Private. Readable by the member and by advisers; anyone else gets null "
        "and a FORBIDDEN error.",
        permission_classes=[CanViewMemberPrivate],
    )
    customer_number: str | None = strawberry.field(
        description="Private: the bank's customer number (customers only; null for staff). "
        "Readable by the member and by advisers; anyone else gets null and a FORBIDDEN error.",
        permission_classes=[CanViewMemberPrivate],
    )

    suggestion_count: int = strawberry.field(
        description="Suggestions they submitted that this viewer can see.",
        resolver=_suggestion_count,
    )
    thread_count: int = strawberry.field(
        description="Threads they opened that this viewer can see.", resolver=_thread_count
    )
    post_count: int = strawberry.field(
        description="Replies they wrote that this viewer can see.", resolver=_post_count
    )

    @strawberry.field(
        description="The suggestions they voted for, latest vote first. The member themself, "
        "advisers and the committee; anyone else gets null and a FORBIDDEN error. "
        + PAGE_ARGS_DESCRIPTION,
        permission_classes=[CanViewMemberVotes],
    )
    async def votes(
        self,
        info: Info,
        first: First = None,
        after: After = None,
        last: Last = None,
        before: Before = None,
    ) -> Connection[Annotated[Suggestion, strawberry.lazy("schema.suggestions")]] | None:
        # Imported here: schema.suggestions imports this module for its `Member` fields.
        from .suggestions import suggestion_page

        root: MemberModel = self  # type: ignore[assignment]
        return await suggestion_page(
            info,
            lambda with_authors, with_viewer_votes: member_votes(
                viewer=info.context.viewer,
                member_id=root.pk,
                page=page_request(first, after, last, before),
                with_authors=with_authors,
                with_viewer_votes=with_viewer_votes,
            ),
        )

    @strawberry.field(
        description="The member's in-app notifications, newest first. The member only; "
        "anyone else gets null and a FORBIDDEN error. " + PAGE_ARGS_DESCRIPTION,
        permission_classes=[CanViewNotifications],
    )
    async def notifications(
        self,
        info: Info,
        first: First = None,
        after: After = None,
        last: Last = None,
        before: Before = None,
        unread_only: Annotated[
            bool, strawberry.argument(description="Only those not yet marked read.")
        ] = False,
    ) -> Connection[Notification] | None:
        return await paged(
            info,
            lambda _asked: notification_list(
                viewer=info.context.viewer,
                page=page_request(first, after, last, before),
                unread_only=unread_only,
            ),
            prefetch=info.context.loaders.notification_relations,
        )

    @strawberry.field(
        description="How many of the member's notifications are unread. The member only; "
        "anyone else gets null and a FORBIDDEN error.",
        permission_classes=[CanViewNotifications],
    )
    async def unread_notification_count(self, info: Info) -> int | None:
        return await sync_to_async(unread_notification_count)(viewer=info.context.viewer)

    @strawberry.field(
        description="What the member may do, for the front end to show the right controls "
        "(each flag is the API's own rule). The member only; anyone else gets null and a "
        "FORBIDDEN error.",
        permission_classes=[CanViewCapabilities],
    )
    def capabilities(self, info: Info) -> Capabilities | None:
        # The member themself (the permission says so): the viewer is them.
        return Capabilities.of(info.context.viewer)
