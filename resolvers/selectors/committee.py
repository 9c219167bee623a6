from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.conf import settings
from django.db.models import QuerySet

from models.committee import SCORE_FIELDS
from models.models import CommitteeMeeting, Evaluation, Suggestion, SuggestionStatus
from permissions.roles import Viewer
from permissions.rows import visible_meetings, visible_suggestions

from ..pagination import OrderKey, Page, PageRequest, paginate

MEETING_ORDER = (OrderKey("scheduled_for", True, "datetime"), OrderKey("id", True))
AWAITING_ORDER = (OrderKey("created_at", False, "datetime"), OrderKey("id", False))


def meeting_list(
    *, viewer: Viewer, page: PageRequest
) -> tuple[Page[CommitteeMeeting], QuerySet[CommitteeMeeting]]:
    """Meetings, latest first (empty for viewers who may not see agendas)."""
    qs = visible_meetings(viewer)
    return paginate(qs, MEETING_ORDER, page), qs


def suggestions_awaiting_review(
    *, viewer: Viewer, page: PageRequest
) -> tuple[Page[Suggestion], QuerySet[Suggestion]]:
    """Suggestions with enough votes (COMPTOIR_REVIEW_THRESHOLD) still SUBMITTED or
    UNDER_REVIEW: the advisers' backlog, oldest first."""
    qs = visible_suggestions(viewer).filter(
        status__in=[SuggestionStatus.SUBMITTED, SuggestionStatus.UNDER_REVIEW],
        vote_count__gte=settings.COMPTOIR_REVIEW_THRESHOLD,
    )
    return paginate(qs, AWAITING_ORDER, page), qs


@dataclass(frozen=True, slots=True)
class EvaluationSummary:
    """The committee's aggregate view of a suggestion's scores at one meeting."""

    count: int
    customer_benefit: float
    technical_feasibility: float
    cost: float
    time_to_deliver: float
    # Weighted mean of the criteria means (weights: COMPTOIR_EVALUATION_WEIGHTS).
    overall: float


def summarize(evaluations: Sequence[Evaluation]) -> EvaluationSummary | None:
    if not evaluations:
        return None
    n = len(evaluations)
    means = {f: sum(getattr(e, f) for e in evaluations) / n for f in SCORE_FIELDS}
    weights: dict[str, float] = settings.COMPTOIR_EVALUATION_WEIGHTS
    overall = sum(means[f] * weights[f] for f in SCORE_FIELDS) / sum(weights.values())
    return EvaluationSummary(
        count=n, overall=round(overall, 2), **{f: round(m, 2) for f, m in means.items()}
    )
