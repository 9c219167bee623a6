from __future__ import annotations

from django.db.models import QuerySet

from models.models import Notification
from permissions.roles import Viewer

from ..pagination import OrderKey, Page, PageRequest, paginate
from .visibility import visible_notifications

NOTIFICATION_ORDER = (OrderKey("created_at", True, "datetime"), OrderKey("id", True))


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
