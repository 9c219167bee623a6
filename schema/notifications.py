"""In-app notifications: read through `viewer { notifications }` (marked read by
`markNotificationsRead`, schema/mutations/notifications.py), and how each member is told of
them by e-mail: `viewer { notificationPreferences }` (set by `setNotificationPreference`),
and the one-click unsubscribe links of e-mails (`emailUnsubscription`,
`unsubscribeFromEmail`).

Types here refer to members, suggestions, threads and posts lazily, so that `Member` can
carry its notifications without an import cycle.
"""

from __future__ import annotations

from collections.abc import AsyncGenerator
from datetime import datetime
from typing import TYPE_CHECKING, Annotated

import strawberry
from asgiref.sync import sync_to_async
from strawberry import relay

from models.models import Notification as NotificationModel
from models.models import NotificationDelivery as NotificationDeliveryChoices
from models.models import NotificationKind as NotificationKindChoices
from models.models import OutboxEventKind
from permissions.fields import CanFollowOwnNotifications
from resolvers.loaders import Loaders, resolve_now
from resolvers.selectors.notifications import (
    email_unsubscription,
    notifications_of_events,
    unread_notification_count,
)
from resolvers.services.notifications import DeliveryChoice, Unsubscription
from resolvers.tasks.live import member_group

from .core.base import is_model
from .core.context import Info
from .core.enums import graphql_enum
from .core.live import LiveEvent, LiveInfo, follow

if TYPE_CHECKING:
    from .members import Member
    from .suggestions import Suggestion
    from .threads import Post, Thread

if TYPE_CHECKING:  # the copy of `graphql_enum`, as type checkers see it
    NotificationKind = NotificationKindChoices
else:
    NotificationKind = graphql_enum(
        NotificationKindChoices,
        name="NotificationKind",
        description="What a notification is about.",
        value_descriptions={
            "OFFICIAL_ANSWER": "An adviser answered your question.",
            "QUESTION_RESOLVED": "Someone else (an adviser) marked your question resolved.",
            "SUGGESTION_STATUS_CHANGED": "An idea you follow changed status.",
            "DECISION_PUBLISHED": "The committee published its decision on an idea you voted "
            "for or follow.",
            "SUGGESTION_MARKED_DUPLICATE": "An idea you submitted, voted for or follow was "
            "merged into another; votes moved with it.",
            "CONTENT_HIDDEN": "A moderator hid something you wrote, and says why.",
            "THREAD_REPLY": "Someone replied in a café thread you follow.",
            "SUGGESTION_COMMENT": "Someone commented on an idea you submitted or follow.",
            "SENSITIVE_NUMBER_MASKED": "Advisers only: a customer wrote a sensitive number "
            "(IBAN, card, phone, social security number) in a thread, a reply or an idea; it "
            "was masked before it was stored, and you may want to contact them. The text says "
            "which kinds and where, never the number.",
        },
    )

if TYPE_CHECKING:
    NotificationDelivery = NotificationDeliveryChoices
else:
    NotificationDelivery = graphql_enum(
        NotificationDeliveryChoices,
        name="NotificationDelivery",
        description="How a member is told of one kind of notification, besides their "
        "notifications page, which always lists it.",
        value_descriptions={
            "IN_APP": "On the notifications page only (no e-mail).",
            "IMMEDIATE": "An e-mail each time, at once.",
            "DAILY_DIGEST": "One e-mail a day gathering the notifications of the kinds "
            "delivered so that are still unread and were not e-mailed yet.",
        },
    )

MemberRef = Annotated["Member", strawberry.lazy("schema.members")]
SuggestionRef = Annotated["Suggestion", strawberry.lazy("schema.suggestions")]
ThreadRef = Annotated["Thread", strawberry.lazy("schema.threads")]
PostRef = Annotated["Post", strawberry.lazy("schema.threads")]


def _actor(root: NotificationModel, info: Info) -> MemberRef | None:
    if root.actor_id is None:
        return None
    return resolve_now(info.context.loaders.member_by_id, root.actor_id)


def _suggestion(root: NotificationModel, info: Info) -> SuggestionRef | None:
    if root.suggestion_id is None:
        return None
    return resolve_now(info.context.loaders.suggestion_by_id, root.suggestion_id)


def _thread(root: NotificationModel, info: Info) -> ThreadRef | None:
    if root.thread_id is None:
        return None
    return resolve_now(info.context.loaders.thread_by_id, root.thread_id)


def _post(root: NotificationModel, info: Info) -> PostRef | None:
    if root.post_id is None:
        return None
    return resolve_now(info.context.loaders.post_by_id, root.post_id)


def _message(root: NotificationModel, info: Info) -> str:
    return resolve_now(info.context.loaders.notification_text, root)


def _is_read(root: NotificationModel) -> bool:
    return root.read_at is not None


@strawberry.type(description="Something the community told one member. Only they see it.")
class Notification(relay.Node):
    is_type_of = is_model(NotificationModel)

    id: relay.NodeID[int]
    kind: NotificationKind = strawberry.field(description="What it is about.")
    message: str = strawberry.field(
        description="The text shown to the member, written when it is read from what they "
        "may see now: a title or thread they can no longer see (hidden since, for instance) "
        "is not quoted, and the text says it is no longer visible. In French, or in English "
        "when the request's language is English (the website's language switch).",
        resolver=_message,
    )
    created_at: datetime = strawberry.field(description="When it happened.")
    read_at: datetime | None = strawberry.field(description="When the member marked it read.")
    is_read: bool = strawberry.field(description="Whether it was marked read.", resolver=_is_read)
    actor: MemberRef | None = strawberry.field(description="Who caused it.", resolver=_actor)
    suggestion: SuggestionRef | None = strawberry.field(
        description="The suggestion concerned, if any and still visible.", resolver=_suggestion
    )
    thread: ThreadRef | None = strawberry.field(
        description="The thread concerned, if any and still visible.", resolver=_thread
    )
    post: PostRef | None = strawberry.field(
        description="The post concerned, if any and still visible.", resolver=_post
    )


def _is_default(root: DeliveryChoice) -> bool:
    return root.is_default


@strawberry.type(
    description="How the member is told of one kind of notification. Without a choice of "
    "theirs, official answers (OFFICIAL_ANSWER) and the committee's decisions "
    "(DECISION_PUBLISHED) are e-mailed at once (IMMEDIATE) and every other kind stays on the "
    "notifications page (IN_APP)."
)
class NotificationPreference:
    kind: NotificationKind = strawberry.field(description="The kind of notification.")
    delivery: NotificationDelivery = strawberry.field(description="How the member is told.")
    is_default: bool = strawberry.field(
        description="Whether this is what members who never chose get.", resolver=_is_default
    )


def _is_digest(root: Unsubscription) -> bool:
    return root.is_digest


@strawberry.type(
    description="What an e-mail's unsubscribe link stops: the e-mails of one kind of "
    "notification, or the daily digest. Says nothing of the member it was written to."
)
class EmailUnsubscription:
    kind: NotificationKind | None = strawberry.field(
        description="The kind whose e-mails it stops (set to IN_APP); null for the daily "
        "digest's link."
    )
    is_digest: bool = strawberry.field(
        description="True for the daily digest's link: every kind delivered as DAILY_DIGEST "
        "is set to IN_APP.",
        resolver=_is_digest,
    )


@strawberry.type(description="A live update of the member's notifications (`viewerNotifications`).")
class NotificationUpdate:
    notification: Notification | None = strawberry.field(
        description="The new notification; null in the first update (the count as it is "
        "when the subscription starts)."
    )
    unread_count: int = strawberry.field(
        description="How many of the member's notifications are unread now (the badge)."
    )


@strawberry.type
class NotificationQueries:
    """Root fields of the notifications area."""

    @strawberry.field(
        description="What the unsubscribe link of an e-mail (`token`, the last part of its "
        "URL) would stop, without stopping it (`unsubscribeFromEmail` does): the page a link "
        "opens asks first, since mail scanners open links. Anyone may ask: the token is "
        "signed. Null when the token is not valid: altered, cut short, or older than the "
        "links' lifetime (90 days by default)."
    )
    async def email_unsubscription(
        self,
        info: Info,
        token: Annotated[str, strawberry.argument(description="The link's signed token.")],
    ) -> EmailUnsubscription | None:
        found = await sync_to_async(email_unsubscription)(viewer=info.context.viewer, token=token)
        return found  # type: ignore[return-value]


@strawberry.type
class NotificationSubscriptions:
    """Live root fields of notifications."""

    @strawberry.subscription(
        description="The logged-in member's notifications, live: first the unread count, "
        "then each new notification with the unread count after it. Members only: anonymous "
        "visitors get UNAUTHENTICATED, partner tokens FORBIDDEN.",
        permission_classes=[CanFollowOwnNotifications],
    )
    async def viewer_notifications(
        self, info: LiveInfo
    ) -> AsyncGenerator[NotificationUpdate, None]:
        viewer = info.context.viewer
        assert viewer.member_id is not None  # CanFollowOwnNotifications

        async def current(loaders: Loaders) -> NotificationUpdate:
            unread = await sync_to_async(unread_notification_count)(viewer=loaders.viewer)
            return NotificationUpdate(notification=None, unread_count=unread)

        async def deliver(loaders: Loaders, events: list[LiveEvent]) -> list[NotificationUpdate]:
            def read() -> tuple[list[NotificationModel], int]:
                notes = notifications_of_events(
                    viewer=loaders.viewer, event_ids=[e.event_id for e in events]
                )
                return notes, unread_notification_count(viewer=loaders.viewer)

            notes, unread = await sync_to_async(read)()
            return [
                NotificationUpdate(notification=note, unread_count=unread)  # type: ignore[arg-type]
                for note in notes
            ]

        return await follow(
            info,
            groups=[member_group(viewer.member_id)],
            current=current,
            accepts=lambda event: event.kind == OutboxEventKind.NOTIFICATIONS_CREATED,
            deliver=deliver,
            not_found="",  # the member's own count is always found
        )
