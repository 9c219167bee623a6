"""Community figures. Public ones count only what an anonymous visitor could see, so they
are the same for everyone and reveal nothing hidden, internal or still in draft; each costs
a fixed number of SQL statements, whatever the size of the data.

Medians and percentiles follow `percentile_cont` (linear interpolation between the two
nearest values): computed by PostgreSQL itself there, and on SQLite from the one column of
durations fetched in a single query.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from django.conf import settings
from django.db import connection
from django.db.models import (
    Aggregate,
    Count,
    Exists,
    Expression,
    F,
    FloatField,
    Func,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
)
from django.utils import timezone

from models.models import (
    DecisionOutcome,
    Member,
    Post,
    StatusChange,
    Suggestion,
    SuggestionStatus,
    Thread,
    ThreadKind,
    ThreadStatus,
    Vote,
)
from permissions.policies import can_view_support_figures
from permissions.roles import ANONYMOUS, Viewer
from permissions.rows import visible_decisions, visible_posts, visible_suggestions, visible_threads

from ..errors import BadUserInput, Forbidden
from .suggestions import suggestion_counts_by_status

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


# --- Accountability: from idea to decision ------------------------------------------------


class _PercentileCont(Aggregate):
    """PostgreSQL's ordered-set aggregate; `fraction` is ours (a float literal), never input."""

    function = "percentile_cont"
    template = "%(function)s(%(fraction)s) WITHIN GROUP (ORDER BY %(expressions)s)"
    output_field = FloatField()


def _seconds(duration: Expression) -> Func:
    return Func(
        duration,
        template="EXTRACT(EPOCH FROM %(expressions)s)::double precision",
        output_field=FloatField(),
    )


def percentile(ordered: Sequence[float], fraction: float) -> float | None:
    """`percentile_cont(fraction)` of values sorted ascending; None without values."""
    if not ordered:
        return None
    position = fraction * (len(ordered) - 1)
    low, high = math.floor(position), math.ceil(position)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


def _duration_percentiles(
    qs: QuerySet[Any], duration: Expression, fractions: Sequence[float]
) -> list[float | None]:
    """Percentiles, in seconds, of a duration over the rows of `qs` (NULLs ignored), in one
    query."""
    if connection.vendor == "postgresql":
        found = qs.aggregate(
            **{
                f"p{i}": _PercentileCont(_seconds(duration), fraction=float(fraction))
                for i, fraction in enumerate(fractions)
            }
        )
        return [found[f"p{i}"] for i in range(len(fractions))]
    values = qs.annotate(_duration=duration).values_list("_duration", flat=True)
    seconds = sorted(d.total_seconds() for d in values if d is not None)
    return [percentile(seconds, fraction) for fraction in fractions]


def _rounded(value: float | None, unit_seconds: float) -> float | None:
    return None if value is None else round(value / unit_seconds, 2)


def _share(part: int, whole: int) -> float | None:
    return None if whole == 0 else round(part / whole, 4)


DAY = 86_400.0
HOUR = 3_600.0


def median_days_from_shortlist_to_decision(*, viewer: Viewer) -> float | None:
    """Median, in days, from the first time a suggestion was presented to the committee (its
    first status change into SHORTLISTED) to the first decision published after that, over
    the public suggestions that have both; None when there is none."""
    public = ANONYMOUS
    first_shortlisted = (
        StatusChange.objects.filter(
            suggestion=OuterRef("pk"), to_status=SuggestionStatus.SHORTLISTED
        )
        .order_by("created_at", "id")
        .values("created_at")[:1]
    )
    first_decision_after = (
        visible_decisions(public)
        .filter(suggestion=OuterRef("pk"), published_at__gte=OuterRef("shortlisted_at"))
        .order_by("published_at", "id")
        .values("published_at")[:1]
    )
    measured = (
        visible_suggestions(public)
        .annotate(shortlisted_at=Subquery(first_shortlisted))
        .annotate(decided_at=Subquery(first_decision_after))
        .filter(decided_at__isnull=False)
    )
    (median,) = _duration_percentiles(measured, F("decided_at") - F("shortlisted_at"), (0.5,))
    return _rounded(median, DAY)


@dataclass(frozen=True, slots=True)
class DecisionPromise:
    """Did suggestions that reached the threshold get a published decision in time?"""

    threshold_votes: int
    delay_days: int
    # Suggestions whose outcome is known: decided, or past the delay without a decision.
    eligible: int
    decided_within_delay: int
    share: float | None


def decision_promise(*, viewer: Viewer) -> DecisionPromise:
    """The promise: a suggestion that reaches COMPTOIR_REVIEW_THRESHOLD votes gets a
    published decision within COMPTOIR_DECISION_DELAY_DAYS days, counted from its Nth vote.

    Counted (the denominator): public suggestions, duplicates and withdrawn ones excepted,
    that reached the threshold and either have a published decision or reached it at least
    the delay ago;
    one that reached it more recently and is still waiting can still keep the promise, so
    it is not counted yet. Kept (the numerator): those whose first published decision came
    at most the delay after the threshold was reached (or before it)."""
    public = ANONYMOUS
    threshold = max(1, settings.COMPTOIR_REVIEW_THRESHOLD)
    delay = timedelta(days=settings.COMPTOIR_DECISION_DELAY_DAYS)
    nth_vote = (
        Vote.objects.filter(suggestion=OuterRef("pk"))
        .order_by("created_at", "id")
        .values("created_at")[threshold - 1 : threshold]
    )
    first_decision = (
        visible_decisions(public)
        .filter(suggestion=OuterRef("pk"))
        .order_by("published_at", "id")
        .values("published_at")[:1]
    )
    counted = (
        visible_suggestions(public)
        # Merged, or taken back by its author: nothing left for the committee to decide.
        .exclude(status__in=(SuggestionStatus.DUPLICATE, SuggestionStatus.WITHDRAWN))
        # The stored count equals the vote rows: only these can have an Nth vote.
        .filter(vote_count__gte=threshold)
        .annotate(reached_at=Subquery(nth_vote), decided_at=Subquery(first_decision))
        .filter(reached_at__isnull=False)
        .filter(Q(decided_at__isnull=False) | Q(reached_at__lte=timezone.now() - delay))
    )
    found = counted.aggregate(
        eligible=Count("id"),
        kept=Count("id", filter=Q(decided_at__lte=F("reached_at") + delay)),
    )
    return DecisionPromise(
        threshold_votes=threshold,
        delay_days=settings.COMPTOIR_DECISION_DELAY_DAYS,
        eligible=found["eligible"],
        decided_within_delay=found["kept"],
        share=_share(found["kept"], found["eligible"]),
    )


RETAINED_STATUSES = (
    SuggestionStatus.RETAINED,
    SuggestionStatus.IN_PROGRESS,
    SuggestionStatus.DELIVERED,
)


def retained_by_target_period(*, viewer: Viewer) -> list[tuple[str, int]]:
    """(target period, number of ideas) for the public suggestions RETAINED, IN_PROGRESS or
    DELIVERED with a published RETAINED decision, by the period they show; in period order
    ("2027 Q1" before "2027 Q3"), ideas without a period last."""
    public = ANONYMOUS
    retained = visible_decisions(public).filter(
        suggestion=OuterRef("pk"), outcome=DecisionOutcome.RETAINED
    )
    rows = (
        visible_suggestions(public)
        .filter(status__in=RETAINED_STATUSES)
        .filter(Exists(retained))
        .order_by("target_period")
        .values("target_period")
        .annotate(n=Count("id"))
        .values_list("target_period", "n")
    )
    periods = list(rows)
    return [r for r in periods if r[0]] + [r for r in periods if not r[0]]


# --- Support (advisers, the committee, partners with stats:read) --------------------------


@dataclass(frozen=True, slots=True)
class SupportFigures:
    promised_first_response_hours: int
    questions: int
    answered: int
    median_first_response_hours: float | None
    p90_first_response_hours: float | None
    resolved: int
    resolved_share: float | None


def support_figures(*, viewer: Viewer) -> SupportFigures:
    """How fast advisers answer questions, and how many get resolved, over the QUESTION
    threads not hidden by moderation (spam and abuse are not support requests). Two queries."""
    if not can_view_support_figures(viewer):
        raise Forbidden("Support figures are for advisers, the committee and `stats:read`.")
    questions = visible_threads(ANONYMOUS).filter(kind=ThreadKind.QUESTION)
    counts = questions.aggregate(
        total=Count("id"),
        answered=Count("first_response_at"),
        resolved=Count("id", filter=Q(status=ThreadStatus.RESOLVED)),
    )
    median, p90 = _duration_percentiles(
        questions.filter(first_response_at__isnull=False),
        F("first_response_at") - F("created_at"),
        (0.5, 0.9),
    )
    return SupportFigures(
        promised_first_response_hours=settings.COMPTOIR_SUPPORT_RESPONSE_HOURS,
        questions=counts["total"],
        answered=counts["answered"],
        median_first_response_hours=_rounded(median, HOUR),
        p90_first_response_hours=_rounded(p90, HOUR),
        resolved=counts["resolved"],
        resolved_share=_share(counts["resolved"], counts["total"]),
    )


# At most this many weeks of weekly support figures (a document's cost bounds its rows).
SUPPORT_WEEKS_MAX = 52


@dataclass(frozen=True, slots=True)
class SupportWeek:
    """The support figures of the questions asked in one week (Monday to Sunday, in
    TIME_ZONE), as they stand now."""

    week_start: date
    questions: int
    answered: int
    answered_within_promise: int
    median_first_response_hours: float | None
    p90_first_response_hours: float | None
    resolved: int
    resolved_share: float | None


def support_weeks(*, viewer: Viewer, weeks: int, now: datetime | None = None) -> list[SupportWeek]:
    """The support figures week by week over the last `weeks` weeks (1 to SUPPORT_WEEKS_MAX;
    more are cut to it, fewer raise BadUserInput), the current week last, every week listed
    (zeros for a week without questions). A week is a question's week of asking (Monday
    00:00 in TIME_ZONE); its answer may come later. Same questions as `support_figures`
    (QUESTION threads not hidden by moderation); "within promise": first answered within
    COMPTOIR_SUPPORT_RESPONSE_HOURS. One query (the weeks' questions' two timestamps and
    status); raises Forbidden for viewers who may not read support figures."""
    if not can_view_support_figures(viewer):
        raise Forbidden("Support figures are for advisers, the committee and `stats:read`.")
    if weeks < 1:
        raise BadUserInput("`weeks` must be at least 1.")
    weeks = min(weeks, SUPPORT_WEEKS_MAX)
    today = timezone.localdate(now or timezone.now())
    first_monday = today - timedelta(days=today.weekday()) - timedelta(weeks=weeks - 1)
    since = timezone.make_aware(datetime.combine(first_monday, time.min))
    rows = (
        visible_threads(ANONYMOUS)
        .filter(kind=ThreadKind.QUESTION, created_at__gte=since)
        .values_list("created_at", "first_response_at", "status")
    )
    promise = timedelta(hours=settings.COMPTOIR_SUPPORT_RESPONSE_HOURS)
    by_week: dict[date, list[tuple[datetime, datetime | None, str]]] = {
        first_monday + timedelta(weeks=i): [] for i in range(weeks)
    }
    for created_at, first_response_at, status in rows:
        day = timezone.localdate(created_at)
        by_week[day - timedelta(days=day.weekday())].append((created_at, first_response_at, status))
    found = []
    for monday, questions in by_week.items():
        waits = sorted(
            (answered - asked).total_seconds() for asked, answered, _ in questions if answered
        )
        resolved = sum(1 for *_, status in questions if status == ThreadStatus.RESOLVED)
        found.append(
            SupportWeek(
                week_start=monday,
                questions=len(questions),
                answered=len(waits),
                answered_within_promise=sum(1 for wait in waits if wait <= promise.total_seconds()),
                median_first_response_hours=_rounded(percentile(waits, 0.5), HOUR),
                p90_first_response_hours=_rounded(percentile(waits, 0.9), HOUR),
                resolved=resolved,
                resolved_share=_share(resolved, len(questions)),
            )
        )
    return found
