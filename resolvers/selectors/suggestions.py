from __future__ import annotations

from datetime import timedelta
from enum import Enum
from typing import Any

from django.conf import settings
from django.db.models import (
    Count,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce
from django.utils import timezone

from models.models import Decision, Member, Post, Suggestion, SuggestionStatus, Vote
from permissions.roles import Viewer
from permissions.rows import (
    counted_in_parts,
    visible_members,
    visible_posts,
    visible_suggestions,
)

from ..pagination import OrderKey, Page, PageRequest, paginate
from .search import suggestions_matching
from .threads import POST_ORDER_KEYS


class SuggestionOrder(Enum):
    TOP = "TOP"
    NEWEST = "NEWEST"
    TRENDING = "TRENDING"
    RECENTLY_DECIDED = "RECENTLY_DECIDED"


ORDER_KEYS: dict[SuggestionOrder, tuple[OrderKey, ...]] = {
    SuggestionOrder.TOP: (OrderKey("vote_count", True), OrderKey("id", True)),
    SuggestionOrder.NEWEST: (OrderKey("created_at", True, "datetime"), OrderKey("id", True)),
    SuggestionOrder.TRENDING: (
        OrderKey("trending_score", True),
        OrderKey("vote_count", True),
        OrderKey("id", True),
    ),
    SuggestionOrder.RECENTLY_DECIDED: (
        OrderKey("decided_at", True, "datetime"),
        OrderKey("id", True),
    ),
}


def _with_decision_date(qs: QuerySet[Suggestion]) -> QuerySet[Suggestion]:
    """Only decided suggestions, with the date of their latest published decision."""
    latest = (
        Decision.objects.filter(suggestion=OuterRef("pk"), published_at__isnull=False)
        .order_by("-published_at")
        .values("published_at")[:1]
    )
    return qs.annotate(decided_at=Subquery(latest)).filter(decided_at__isnull=False)


def _with_trending_score(qs: QuerySet[Suggestion]) -> QuerySet[Suggestion]:
    """Recent votes weighted by age: the weights of COMPTOIR_TRENDING_WEIGHTS, summed."""
    now = timezone.now()
    score: Any = Value(0)
    for hours, weight in settings.COMPTOIR_TRENDING_WEIGHTS:
        recent = (
            Vote.objects.filter(
                suggestion=OuterRef("pk"), created_at__gte=now - timedelta(hours=hours)
            )
            .order_by()
            .values("suggestion")
            .annotate(n=Count("id"))
            .values("n")
        )
        score = score + Coalesce(Subquery(recent, output_field=IntegerField()), Value(0)) * weight
    return qs.annotate(trending_score=score)


# Left out of the Labo's lists unless a status filter asks for them: a merged duplicate's
# votes and followers went to its original, which the lists show (the duplicate's own page
# points there, `duplicate_of`); a withdrawn idea was taken back by its author (its page
# stays, for those who voted or follow it).
UNLISTED_STATUSES = frozenset({SuggestionStatus.DUPLICATE, SuggestionStatus.WITHDRAWN})


def suggestion_list(
    *,
    viewer: Viewer,
    page: PageRequest,
    order: SuggestionOrder = SuggestionOrder.TOP,
    statuses: list[SuggestionStatus] | None = None,
    search: str | None = None,
    with_authors: bool = False,
    with_viewer_votes: bool = False,
) -> tuple[Page[Suggestion], QuerySet[Suggestion]]:
    """A page of suggestions, and the filtered queryset to count (`totalCount`). With
    `with_authors`, each row comes with its author (one join instead of a batch); with
    `with_viewer_votes`, with `viewer_voted` (see `with_viewer_vote`). Without `statuses`,
    every status but the `UNLISTED_STATUSES`."""
    qs = visible_suggestions(viewer)
    listed = Q(status__in=statuses) if statuses else ~Q(status__in=UNLISTED_STATUSES)
    qs = qs.filter(listed)
    if search is not None:
        qs = suggestions_matching(qs, search)
    if order is SuggestionOrder.RECENTLY_DECIDED:
        qs = _with_decision_date(qs)
    filtered = qs
    if order is SuggestionOrder.TRENDING:
        qs = _with_trending_score(qs)
    if with_authors:
        qs = qs.select_related("author")
    if with_viewer_votes:
        qs = with_viewer_vote(qs, viewer)
    return paginate(qs, ORDER_KEYS[order], page), counted_in_parts(filtered, viewer)


def with_viewer_vote(qs: QuerySet[Suggestion], viewer: Viewer) -> QuerySet[Suggestion]:
    """Each row with `viewer_voted`: whether the logged-in member voted for it (one index
    probe per row, in the page's own query). Nothing for visitors and partners."""
    if viewer.member_id is None:
        return qs
    voted = Vote.objects.filter(member_id=viewer.member_id, suggestion_id=OuterRef("pk"))
    return qs.annotate(viewer_voted=Exists(voted))


def suggestion_counts_by_status(*, viewer: Viewer) -> dict[str, int]:
    rows = visible_suggestions(viewer).order_by().values("status").annotate(n=Count("id"))
    counts = {s.value: 0 for s in SuggestionStatus}
    counts.update({r["status"]: r["n"] for r in rows})
    return counts


def total_votes(*, viewer: Viewer) -> int:
    return visible_suggestions(viewer).aggregate(n=Sum("vote_count"))["n"] or 0


def suggestion_comments(
    *, viewer: Viewer, suggestion_id: int, page: PageRequest, with_authors: bool = False
) -> tuple[Page[Post], QuerySet[Post]]:
    """The posts of a suggestion's discussion thread, as this viewer may see them."""
    # visible_posts already keeps to visible threads; the discussion is found by its
    # (unique) suggestion key.
    qs = visible_posts(viewer).filter(thread__suggestion_id=suggestion_id)
    rows = qs.select_related("author") if with_authors else qs
    return paginate(rows, POST_ORDER_KEYS, page), qs


VOTED_ORDER = (OrderKey("voted_at", True, "datetime"), OrderKey("id", True))


def member_votes(
    *,
    viewer: Viewer,
    member_id: int,
    page: PageRequest,
    with_authors: bool = False,
    with_viewer_votes: bool = False,
) -> tuple[Page[Suggestion], QuerySet[Suggestion]]:
    """The suggestions a member voted for (that this viewer may see), latest vote first."""
    qs = (
        visible_suggestions(viewer)
        .filter(votes__member_id=member_id)
        .annotate(voted_at=F("votes__created_at"))
    )
    rows: QuerySet[Suggestion] = qs.select_related("author") if with_authors else qs
    if with_viewer_votes:
        rows = with_viewer_vote(rows, viewer)
    return paginate(rows, VOTED_ORDER, page), qs


def suggestion_voters(
    *, viewer: Viewer, suggestion_id: int, page: PageRequest
) -> tuple[Page[Member], QuerySet[Member]]:
    """Who voted for a suggestion, latest vote first."""
    qs = (
        visible_members(viewer)
        .filter(votes__suggestion_id=suggestion_id)
        .annotate(voted_at=F("votes__created_at"))
    )
    return paginate(qs, VOTED_ORDER, page), qs
