"""Reads of moderation: flags (the advisers' queue, a member's own reports). Every selector
takes the viewer; who receives which flags and revisions is `permissions/rows.py`."""

from __future__ import annotations

from enum import Enum

from django.db.models import QuerySet

from models.models import Flag
from permissions.roles import Viewer
from permissions.rows import visible_flags

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


def flag_list(
    *, viewer: Viewer, page: PageRequest, status: FlagStatus = FlagStatus.OPEN
) -> tuple[Page[Flag], QuerySet[Flag]]:
    """A page of flags (open ones oldest first, resolved ones latest first), and the
    filtered queryset (for `totalCount`)."""
    qs = visible_flags(viewer).filter(resolved_at__isnull=status is FlagStatus.OPEN)
    return paginate(qs, FLAG_ORDER_KEYS[status], page), qs
