from __future__ import annotations

from enum import Enum

from django.db.models import QuerySet

from models.models import Category, Post, Thread, ThreadKind, ThreadStatus
from permissions.roles import Viewer
from permissions.rows import (
    support_desk_questions,
    visible_categories,
    visible_posts,
    visible_threads,
)

from ..pagination import OrderKey, Page, PageRequest, paginate


class AssigneeFilter(Enum):
    """Whose questions a list of the support desk holds."""

    ANYONE = "ANYONE"
    ME = "ME"
    UNASSIGNED = "UNASSIGNED"


class ThreadOrder(Enum):
    LATEST_ACTIVITY = "LATEST_ACTIVITY"
    NEWEST = "NEWEST"


THREAD_ORDER_KEYS: dict[ThreadOrder, tuple[OrderKey, ...]] = {
    ThreadOrder.LATEST_ACTIVITY: (
        OrderKey("last_activity_at", True, "datetime"),
        OrderKey("id", True),
    ),
    ThreadOrder.NEWEST: (OrderKey("created_at", True, "datetime"), OrderKey("id", True)),
}

# The support desk is worked oldest first: no question waits behind newer ones.
AWAITING_ORDER_KEYS = (OrderKey("created_at", False, "datetime"), OrderKey("id", False))

# Posts read in conversation order.
POST_ORDER_KEYS = (OrderKey("created_at", False, "datetime"), OrderKey("id", False))


def category_list(*, viewer: Viewer) -> list[Category]:
    return list(visible_categories(viewer).order_by("position", "id"))


def thread_list(
    *,
    viewer: Viewer,
    page: PageRequest,
    order: ThreadOrder = ThreadOrder.LATEST_ACTIVITY,
    category_id: int | None = None,
    kind: ThreadKind | None = None,
    status: ThreadStatus | None = None,
    with_authors: bool = False,
) -> tuple[Page[Thread], QuerySet[Thread]]:
    """A page of threads and the filtered queryset (for `totalCount`); `with_authors` joins
    each row's author (as in the other list selectors)."""
    qs = visible_threads(viewer)
    if category_id is not None:
        qs = qs.filter(category_id=category_id)
    if kind is not None:
        qs = qs.filter(kind=kind)
    if status is not None:
        qs = qs.filter(status=status)
    rows = qs.select_related("author") if with_authors else qs
    return paginate(rows, THREAD_ORDER_KEYS[order], page), qs


def thread_posts(
    *, viewer: Viewer, thread_id: int, page: PageRequest, with_authors: bool = False
) -> tuple[Page[Post], QuerySet[Post]]:
    qs = visible_posts(viewer).filter(thread_id=thread_id)
    rows = qs.select_related("author") if with_authors else qs
    return paginate(rows, POST_ORDER_KEYS, page), qs


def unanswered_questions(
    *,
    viewer: Viewer,
    page: PageRequest,
    category_id: int | None = None,
    assignee: AssigneeFilter = AssigneeFilter.ANYONE,
    with_authors: bool = False,
) -> tuple[Page[Thread], QuerySet[Thread]]:
    """The support desk: questions still OPEN that no adviser has answered yet (no first
    response), oldest first, in one category or all, assigned to the viewer, to nobody or
    to anyone; and the filtered queryset (for `totalCount`). Empty for viewers outside the
    desk's scope (`support_desk_questions`)."""
    qs = support_desk_questions(viewer).filter(
        status=ThreadStatus.OPEN, first_response_at__isnull=True
    )
    if category_id is not None:
        qs = qs.filter(category_id=category_id)
    if assignee is AssigneeFilter.ME:
        qs = qs.filter(assigned_adviser_id=viewer.member_id)
    elif assignee is AssigneeFilter.UNASSIGNED:
        qs = qs.filter(assigned_adviser__isnull=True)
    rows = qs.select_related("author") if with_authors else qs
    return paginate(rows, AWAITING_ORDER_KEYS, page), qs
