"""In-app notifications, written in the same transaction as the event they tell about.

Each event has a key ("decision:42:published"); with the recipient it is unique in the
database, so a retried event never notifies anyone twice.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone

from models.models import Member, Notification, NotificationKind, Post, Suggestion, Thread

from ..errors import ServiceError


def notify(
    *,
    recipient_ids: Iterable[int],
    kind: NotificationKind,
    event_key: str,
    message: str,
    actor: Member | None = None,
    suggestion: Suggestion | None = None,
    thread: Thread | None = None,
    post: Post | None = None,
) -> None:
    """Notify each recipient once (the actor is never told about their own action)."""
    now = timezone.now()
    recipients = sorted({r for r in recipient_ids if actor is None or r != actor.pk})
    Notification.objects.bulk_create(
        [
            Notification(
                recipient_id=recipient,
                kind=kind,
                event_key=event_key,
                message=message[:300],
                actor=actor,
                suggestion=suggestion,
                thread=thread,
                post=post,
                created_at=now,
            )
            for recipient in recipients
        ],
        ignore_conflicts=True,
        batch_size=1000,
    )


MAX_MARK_READ = 100


def notifications_mark_read(*, member: Member, notification_ids: list[int] | None) -> int:
    """Mark the member's own notifications read (all of them when no ids are given; ids of
    other members' notifications are ignored) and return how many stay unread, counted
    after the write in the same transaction.

    More than `MAX_MARK_READ` ids is refused as a whole (`TOO_MANY`) and marks nothing:
    the caller then reports the unchanged count (`unread_notification_count`), never a
    made-up one."""
    if notification_ids is not None and len(notification_ids) > MAX_MARK_READ:
        raise ServiceError.single(
            "TOO_MANY", f"At most {MAX_MARK_READ} notifications at once.", "ids"
        )
    unread = Notification.objects.filter(recipient=member, read_at__isnull=True)
    targets = unread if notification_ids is None else unread.filter(pk__in=notification_ids)
    with transaction.atomic():
        targets.update(read_at=timezone.now())
        return unread.count()
