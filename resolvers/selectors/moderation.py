"""Reads of moderation: flags (the advisers' queue, a member's own reports) and the edit
history of posts. Every selector takes the viewer."""

from __future__ import annotations

from enum import Enum

from django.db.models import QuerySet

from models.models import Flag, PostRevision
from permissions.policies import can_moderate
from permissions.roles import Viewer

from ..pagination import OrderKey, Page, PageRequest, paginate


class FlagStatus(Enum):
    OPEN = "OPEN"
    RESOLVED = "RESOLVED"


FLAG_ORDER_KEYS: dict[FlagStatus, tuple[OrderKey, ...]] = {
    # The queue is worked oldest first, so no report waits behind newer ones.
    FlagStatus.OPEN: (OrderKey("created_at", False, "datetime"), OrderKey("id", False)),
    # What was handled lately comes first.
    FlagStatus.RESOLVED: (OrderKey("resolved_at", True, "datetime"), OrderKey("id", True)),
}


def visible_flags(viewer: Viewer) -> QuerySet[Flag]:
    """Advisers see every flag; a member sees the flags they reported; visitors none."""
    if can_moderate(viewer):
        return Flag.objects.all()
    if viewer.member_id is None:
        return Flag.objects.none()
    return Flag.objects.filter(reporter_id=viewer.member_id)


def visible_post_revisions(viewer: Viewer) -> QuerySet[PostRevision]:
    """The edit history of posts: advisers (who see every post)."""
    if can_moderate(viewer):
        return PostRevision.objects.all()
    return PostRevision.objects.none()


def flag_list(
    *, viewer: Viewer, page: PageRequest, status: FlagStatus = FlagStatus.OPEN
) -> tuple[Page[Flag], QuerySet[Flag]]:
    """A page of flags (open ones oldest first, resolved ones latest first), and the
    filtered queryset (for `totalCount`)."""
    qs = visible_flags(viewer).filter(resolved_at__isnull=status is FlagStatus.OPEN)
    return paginate(qs, FLAG_ORDER_KEYS[status], page), qs
