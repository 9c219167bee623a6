"""A member's notifications, and their texts as that member may read them now.

A notification's text is written when it is read (`resolvers/services/notifications.py`,
one builder per kind), from the rows it refers to that the reader may see: each kind of
row is fetched through its row scope (`permissions/rows.py`), so a suggestion hidden since
the event is not quoted to a follower, exactly as it is not found by them anywhere else.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TypeVar

from django.db.models import Model, QuerySet

from models.models import (
    Member,
    Notification,
    NotificationDelivery,
    NotificationPreference,
    OutboxEvent,
    OutboxEventKind,
    Post,
    Suggestion,
    Thread,
    default_delivery,
)
from permissions.policies import can_view_notifications
from permissions.roles import Viewer
from permissions.rows import (
    visible_members,
    visible_notifications,
    visible_posts,
    visible_suggestions,
    visible_threads,
)

from ..errors import Forbidden, ServiceError
from ..pagination import OrderKey, Page, PageRequest, paginate
from ..services.notifications import (
    DeliveryChoice,
    Shown,
    Unsubscription,
    kinds_received_by,
    render,
    unsubscription_of,
)

NOTIFICATION_ORDER = (OrderKey("created_at", True, "datetime"), OrderKey("id", True))

M = TypeVar("M", bound=Model)


def notification_list(
    *, viewer: Viewer, page: PageRequest, unread_only: bool = False
) -> tuple[Page[Notification], QuerySet[Notification]]:
    """The viewer's own notifications, newest first."""
    qs = visible_notifications(viewer)
    if unread_only:
        qs = qs.filter(read_at__isnull=True)
    return paginate(qs, NOTIFICATION_ORDER, page), qs


def unread_notification_count(*, viewer: Viewer) -> int:
    return visible_notifications(viewer).filter(read_at__isnull=True).count()


def notifications_of_events(*, viewer: Viewer, event_ids: Sequence[str]) -> list[Notification]:
    """The viewer's own notifications that these outbox events (NOTIFICATIONS_CREATED, by
    id) created, oldest first: what a live badge announces. An event of another kind, or
    one that notified someone else, gives nothing."""
    keys = OutboxEvent.objects.filter(
        pk__in=list(event_ids), kind=OutboxEventKind.NOTIFICATIONS_CREATED
    ).values_list("notification_key", flat=True)
    return list(
        visible_notifications(viewer).filter(event_key__in=list(keys)).order_by("created_at", "id")
    )


@dataclass(frozen=True, slots=True)
class NotificationRows:
    """The rows some notifications refer to that the viewer may see, by id (a row absent
    from its map is not visible to them, or gone)."""

    members: Mapping[int, Member] = field(default_factory=dict)
    suggestions: Mapping[int, Suggestion] = field(default_factory=dict)
    threads: Mapping[int, Thread] = field(default_factory=dict)
    posts: Mapping[int, Post] = field(default_factory=dict)

    def shown(self, note: Notification) -> Shown:
        """What the viewer may see of what `note` refers to."""
        return Shown(
            actor=_get(self.members, note.actor_id),
            suggestion=_get(self.suggestions, note.suggestion_id),
            duplicate=_get(self.suggestions, note.duplicate_id),
            thread=_get(self.threads, note.thread_id),
            post=_get(self.posts, note.post_id),
        )


def _get(rows: Mapping[int, M], pk: int | None) -> M | None:
    return None if pk is None else rows.get(pk)


def _visible(qs: QuerySet[M], ids: Iterable[int | None]) -> dict[int, M]:
    wanted = {pk for pk in ids if pk is not None}
    # No query for a kind of row none of the notifications refers to.
    return qs.in_bulk(sorted(wanted)) if wanted else {}


def notification_rows(
    *,
    viewer: Viewer,
    notes: Sequence[Notification],
    actors: bool = True,
    suggestions: bool = True,
    threads: bool = True,
    posts: bool = True,
) -> NotificationRows:
    """The rows `notes` refer to, as `viewer` may see them: one query per kind of row asked
    for and referred to, whatever the number of notifications."""
    return NotificationRows(
        members=_visible(visible_members(viewer), (n.actor_id for n in notes)) if actors else {},
        suggestions=_visible(
            visible_suggestions(viewer),
            (pk for n in notes for pk in (n.suggestion_id, n.duplicate_id)),
        )
        if suggestions
        else {},
        threads=_visible(visible_threads(viewer), (n.thread_id for n in notes)) if threads else {},
        posts=_visible(visible_posts(viewer), (n.post_id for n in notes)) if posts else {},
    )


def notification_texts(
    *, viewer: Viewer, notes: Sequence[Notification], rows: NotificationRows | None = None
) -> dict[Notification, str]:
    """Each notification's text for `viewer` (its recipient), quoting only what they may
    see now (`rows`, fetched here if not given)."""
    seen = rows if rows is not None else notification_rows(viewer=viewer, notes=notes)
    return {note: render(note, seen.shown(note)) for note in notes}


def notification_preferences(*, viewer: Viewer, member: Member) -> list[DeliveryChoice]:
    """How `member` is told of each kind of notification they may receive (their choice, or
    the default), in the order of `NotificationKind`. The member only (Forbidden
    otherwise). One query."""
    if not can_view_notifications(viewer, member):
        raise Forbidden("Only the member reads their e-mail preferences.")
    chosen = dict(
        NotificationPreference.objects.filter(member=member).values_list("kind", "delivery")
    )
    return [
        DeliveryChoice(
            kind=kind, delivery=NotificationDelivery(chosen.get(kind, default_delivery(kind)))
        )
        for kind in kinds_received_by(member)
    ]


def email_unsubscription(*, viewer: Viewer, token: str) -> Unsubscription | None:
    """What an e-mail's unsubscribe `token` would stop, or None when it is not valid
    (altered, cut short, expired). Anyone may ask (the token is the authority, and the
    answer names no member)."""
    try:
        return unsubscription_of(token=token)
    except ServiceError:
        return None
