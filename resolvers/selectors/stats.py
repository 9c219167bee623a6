from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from django.db.models import Count
from django.utils import timezone

from models.models import DecisionOutcome, Member, Post, Suggestion, Thread, Vote
from permissions.roles import ANONYMOUS, Viewer

from .suggestions import suggestion_counts_by_status
from .visibility import visible_decisions, visible_posts, visible_threads

ACTIVE_WINDOW = timedelta(days=30)


@dataclass(frozen=True, slots=True)
class CommunityStats:
    members: int
    active_members_last_30_days: int
    threads: int
    posts: int
    suggestions_by_status: dict[str, int]
    published_decisions_by_outcome: dict[str, int]


def community_stats(*, viewer: Viewer) -> CommunityStats:
    """Public aggregates. Counts only what an anonymous visitor could see, so the figures are
    the same for everyone and reveal nothing hidden or internal."""
    public = ANONYMOUS
    since = timezone.now() - ACTIVE_WINDOW
    # Active: wrote a thread, a post or a suggestion, or voted, in the last 30 days.
    # UNION (not UNION ALL) counts each member once, in the database.
    active = (
        Thread.objects.filter(created_at__gte=since)
        .order_by()
        .values("author_id")
        .union(
            Post.objects.filter(created_at__gte=since).order_by().values("author_id"),
            Suggestion.objects.filter(created_at__gte=since).order_by().values("author_id"),
            Vote.objects.filter(created_at__gte=since).order_by().values("member_id"),
        )
        .count()
    )
    decisions = {o.value: 0 for o in DecisionOutcome}
    decisions.update(
        {
            r["outcome"]: r["n"]
            for r in visible_decisions(public).order_by().values("outcome").annotate(n=Count("id"))
        }
    )
    return CommunityStats(
        members=Member.objects.filter(is_active=True).count(),
        active_members_last_30_days=active,
        threads=visible_threads(public).count(),
        posts=visible_posts(public).count(),
        suggestions_by_status=suggestion_counts_by_status(viewer=public),
        published_decisions_by_outcome=decisions,
    )
