"""In-app notifications: read through `viewer { notifications }`, marked read by the member.

Types here refer to members, suggestions, threads and posts lazily, so that `Member` can
carry its notifications without an import cycle.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Annotated

import strawberry
from asgiref.sync import sync_to_async
from strawberry import relay

from models.models import Notification as NotificationModel
from models.models import NotificationKind as NotificationKindChoices
from permissions.fields import CanReadNotifications
from resolvers.errors import ServiceError
from resolvers.loaders import resolve_now
from resolvers.selectors.notifications import unread_notification_count
from resolvers.services.notifications import NotificationsMarkReadCode, notifications_mark_read

from .base import is_model
from .context import Info
from .enums import graphql_enum
from .ids import decode_id
from .mutations.common import MutationError, acting_member, error_codes, payload_errors

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
        description="What a notification is about: OFFICIAL_ANSWER (an adviser answered your "
        "question), QUESTION_RESOLVED, SUGGESTION_STATUS_CHANGED (a suggestion you follow "
        "moved), DECISION_PUBLISHED (the committee decided on a suggestion you support), "
        "SUGGESTION_MARKED_DUPLICATE (your suggestion joined another), CONTENT_HIDDEN (a "
        "moderator hid something you wrote).",
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
        "is not quoted, and the text says it is no longer visible.",
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
