"""`markNotificationsRead`: the member marks some or all of their notifications read."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import strawberry
from asgiref.sync import sync_to_async

from permissions.fields import CanReadNotifications
from resolvers.errors import ServiceError
from resolvers.selectors.notifications import unread_notification_count
from resolvers.services.notifications import NotificationsMarkReadCode, notifications_mark_read

from ..core.context import Info
from ..core.ids import decode_id
from ..core.mutations import MutationError, acting_member, error_codes, payload_errors


@strawberry.input(description="Which notifications to mark read.")
class MarkNotificationsReadInput:
    ids: list[strawberry.ID] | None = strawberry.field(
        default=None,
        description="Notification IDs (at most 100: more is refused with TOO_MANY and marks "
        "nothing); omit to mark all read.",
    )


if TYPE_CHECKING:
    MarkNotificationsReadErrorCode = NotificationsMarkReadCode
else:
    MarkNotificationsReadErrorCode = error_codes(
        NotificationsMarkReadCode,
        name="MarkNotificationsReadErrorCode",
        description="Why notifications were not marked read.",
    )


@strawberry.type(description="A reason notifications were not marked read.")
class MarkNotificationsReadError(MutationError[MarkNotificationsReadErrorCode]):
    pass


@strawberry.type(description="Result of `markNotificationsRead`.")
class MarkNotificationsReadPayload:
    unread_count: int = strawberry.field(
        description="How many of the member's notifications are unread after this call, "
        "also when it was refused and marked nothing."
    )
    errors: list[MarkNotificationsReadError] = strawberry.field(description="Empty on success.")


@strawberry.type
class NotificationMutations:
    @strawberry.mutation(
        description="Mark some or all of one's notifications read (members). IDs that are "
        "not the viewer's own are ignored.",
        permission_classes=[CanReadNotifications],
    )
    async def mark_notifications_read(
        self,
        info: Info,
        input: Annotated[
            MarkNotificationsReadInput, strawberry.argument(description="Which ones.")
        ],
    ) -> MarkNotificationsReadPayload | None:
        ids = (
            None
            if input.ids is None
            else [decode_id(i, "Notification", argument="ids") for i in input.ids]
        )
        try:
            unread = await sync_to_async(notifications_mark_read)(
                member=acting_member(info), notification_ids=ids
            )
        except ServiceError as exc:
            # Nothing was marked: the count the member has, not a made-up one.
            unread = await sync_to_async(unread_notification_count)(viewer=info.context.viewer)
            return MarkNotificationsReadPayload(
                unread_count=unread,
                errors=payload_errors(
                    exc, MarkNotificationsReadError, MarkNotificationsReadErrorCode
                ),
            )
        return MarkNotificationsReadPayload(unread_count=unread, errors=[])
