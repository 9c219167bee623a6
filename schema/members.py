from __future__ import annotations

from datetime import datetime
from typing import Annotated

import strawberry
from asgiref.sync import sync_to_async
from strawberry import relay

from models.models import Member as MemberModel
from permissions.fields import CanViewCapabilities, CanViewMemberPrivate, CanViewNotifications
from resolvers.selectors.notifications import notification_list, unread_notification_count

from .base import is_model as _is_model
from .capabilities import Capabilities
from .connections import (
    PAGE_ARGS_DESCRIPTION,
    After,
    Before,
    Connection,
    First,
    Last,
    build_connection,
    page_request,
)
from .context import Info
from .enums import Role
from .notifications import Notification


def _member_since(root: MemberModel) -> datetime:
    return root.date_joined


def _is_committee_chair(root: MemberModel) -> bool:
    return root.is_committee_chair


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
        page, count_source = await sync_to_async(notification_list)(
            viewer=info.context.viewer,
            page=page_request(first, after, last, before),
            unread_only=unread_only,
        )
        return build_connection(page, count_source)

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
