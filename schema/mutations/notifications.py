"""`markNotificationsRead`: the member marks some or all of their notifications read;
`setNotificationPreference`: they choose how they are told of a kind of notification;
`unsubscribeFromEmail`: an e-mail's one-click unsubscribe link (RFC 8058), no login."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import strawberry
from asgiref.sync import sync_to_async

from models.models import NotificationDelivery as NotificationDeliveryChoices
from models.models import NotificationKind as NotificationKindChoices
from permissions.fields import CanChooseOwnSettings, CanReadNotifications
from resolvers.errors import ServiceError
from resolvers.selectors.notifications import unread_notification_count
from resolvers.services.notifications import (
    EmailUnsubscribeCode,
    NotificationPreferenceSetCode,
    NotificationsMarkReadCode,
    email_unsubscribe,
    notification_preference_set,
    notifications_mark_read,
)

from ..core.context import Info
from ..core.ids import decode_id
from ..core.mutations import (
    MutationError,
    acting_member,
    error_codes,
    payload_errors,
    service_payload,
)
from ..notifications import (
    EmailUnsubscription,
    NotificationDelivery,
    NotificationKind,
    NotificationPreference,
)


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


@strawberry.input(description="How the member wants to be told of one kind of notification.")
class SetNotificationPreferenceInput:
    kind: NotificationKind = strawberry.field(description="The kind of notification.")
    delivery: NotificationDelivery = strawberry.field(
        description="IN_APP, IMMEDIATE (an e-mail each time) or DAILY_DIGEST."
    )


if TYPE_CHECKING:
    SetNotificationPreferenceErrorCode = NotificationPreferenceSetCode
else:
    SetNotificationPreferenceErrorCode = error_codes(
        NotificationPreferenceSetCode,
        name="SetNotificationPreferenceErrorCode",
        description="Why a notification preference was not changed.",
    )


@strawberry.type(description="A reason a notification preference was not changed.")
class SetNotificationPreferenceError(MutationError[SetNotificationPreferenceErrorCode]):
    pass


@strawberry.type(description="Result of `setNotificationPreference`.")
class SetNotificationPreferencePayload:
    preference: NotificationPreference | None = strawberry.field(
        description="The kind's delivery now (null when refused)."
    )
    errors: list[SetNotificationPreferenceError] = strawberry.field(
        description="Empty when the preference changed; UNCHANGED when it already held."
    )


@strawberry.input(description="An e-mail's unsubscribe link.")
class UnsubscribeFromEmailInput:
    token: str = strawberry.field(description="The link's signed token (the last part of its URL).")


if TYPE_CHECKING:
    UnsubscribeFromEmailErrorCode = EmailUnsubscribeCode
else:
    UnsubscribeFromEmailErrorCode = error_codes(
        EmailUnsubscribeCode,
        name="UnsubscribeFromEmailErrorCode",
        description="Why an unsubscribe link changed nothing.",
    )


@strawberry.type(description="A reason an unsubscribe link changed nothing.")
class UnsubscribeFromEmailError(MutationError[UnsubscribeFromEmailErrorCode]):
    pass


@strawberry.type(description="Result of `unsubscribeFromEmail`.")
class UnsubscribeFromEmailPayload:
    unsubscription: EmailUnsubscription | None = strawberry.field(
        description="What the link stopped (also when it was stopped already); null when "
        "the link is not valid."
    )
    errors: list[UnsubscribeFromEmailError] = strawberry.field(
        description="Empty when e-mails were stopped."
    )


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

    @strawberry.mutation(
        description="Choose how one is told of a kind of notification: IN_APP (the "
        "notifications page only), IMMEDIATE (an e-mail each time too) or DAILY_DIGEST (one "
        "e-mail a day gathering those still unread). Members, for the kinds they may "
        "receive (NOT_RECEIVED otherwise: SENSITIVE_NUMBER_MASKED is for advisers).",
        permission_classes=[CanChooseOwnSettings],
    )
    async def set_notification_preference(
        self,
        info: Info,
        input: Annotated[
            SetNotificationPreferenceInput, strawberry.argument(description="The choice.")
        ],
    ) -> SetNotificationPreferencePayload | None:
        return await service_payload(
            info,
            notification_preference_set,
            SetNotificationPreferencePayload,
            SetNotificationPreferenceError,
            SetNotificationPreferenceErrorCode,
            answer="preference",
            member=acting_member(info),
            kind=NotificationKindChoices(input.kind),
            delivery=NotificationDeliveryChoices(input.delivery),
        )

    @strawberry.mutation(
        description="The one-click unsubscribe of an e-mail (RFC 8058), which needs no "
        "login: the link's signed token names the member and what to stop. A kind's link "
        "sets that kind to IN_APP; the daily digest's sets every DAILY_DIGEST kind to "
        "IN_APP; the member's other e-mails go on. Using a link again changes nothing "
        "(ALREADY_UNSUBSCRIBED); an altered or expired link neither (INVALID_TOKEN, "
        "EXPIRED_TOKEN)."
    )
    async def unsubscribe_from_email(
        self,
        info: Info,
        input: Annotated[UnsubscribeFromEmailInput, strawberry.argument(description="The link.")],
    ) -> UnsubscribeFromEmailPayload | None:
        return await service_payload(
            info,
            email_unsubscribe,
            UnsubscribeFromEmailPayload,
            UnsubscribeFromEmailError,
            UnsubscribeFromEmailErrorCode,
            answer="unsubscription",
            token=input.token,
        )
