"""The decision committee: three meetings (the last one nine days ago), their agendas, the
members' scores, and the chair's decisions, published the day after each meeting; the last
meeting ran out of time, so its last ideas are partly scored and one has a draft decision."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from models.models import (
    AgendaItem,
    CommitteeMeeting,
    Decision,
    DecisionOutcome,
    Evaluation,
    Member,
)

from . import text
from .story import Story, SuggestionPlan, quarter_label

# Typical committee scores per outcome: customer benefit, feasibility, cost, time to deliver.
SCORE_PROFILES: dict[str, tuple[int, int, int, int]] = {
    DecisionOutcome.RETAINED: (5, 4, 3, 3),
    DecisionOutcome.DEFERRED: (4, 3, 2, 2),
    DecisionOutcome.REJECTED: (2, 2, 2, 3),
}


def add_meetings(story: Story) -> None:
    """The meetings, and what each did with the ideas on its agenda."""
    for number, at in story.meeting_at.items():
        local = timezone.localtime(at)
        story.meetings[number] = CommitteeMeeting(
            scheduled_for=at,
            chair=story.chair,
            title=text.MEETING_TITLE.format(
                number=number, month=text.MONTHS[local.month - 1], year=local.year
            ),
            created_at=at - timedelta(days=21),
        )
    positions = {k: 0 for k in story.meetings}
    for plan in story.ranked:
        if plan.fate is not None:
            _decide(story, plan, positions)
        elif plan.on_last_agenda:
            _carry_over(story, plan, positions)


def _on_agenda(story: Story, plan: SuggestionPlan, number: int, positions: dict[int, int]) -> None:
    positions[number] += 1
    story.agenda.append(
        AgendaItem(
            meeting=story.meetings[number],
            suggestion=plan.suggestion,
            position=positions[number],
        )
    )


def _evaluate(
    story: Story, plan: SuggestionPlan, number: int, outcome: str, who: list[Member]
) -> None:
    profile = SCORE_PROFILES[outcome]
    for evaluator in who:
        scores = [max(1, min(5, base + story.rng.choice((-1, 0, 0, 1)))) for base in profile]
        at = story.meeting_at[number] - story.hours(12, 60)
        comment = (
            story.rng.choice(text.EVALUATION_COMMENTS[outcome]) if story.rng.random() < 0.5 else ""
        )
        story.evaluations.append(
            Evaluation(
                meeting=story.meetings[number],
                suggestion=plan.suggestion,
                evaluator=evaluator,
                customer_benefit=scores[0],
                technical_feasibility=scores[1],
                cost=scores[2],
                time_to_deliver=scores[3],
                comment=comment,
                created_at=at,
                updated_at=at,
            )
        )
        story.seen(evaluator, at)


def _decide(story: Story, plan: SuggestionPlan, positions: dict[int, int]) -> None:
    fate = plan.fate
    assert fate is not None
    _on_agenda(story, plan, fate.meeting, positions)
    _evaluate(story, plan, fate.meeting, fate.outcome, story.committee)
    story.decisions.append(
        Decision(
            suggestion=plan.suggestion,
            meeting=story.meetings[fate.meeting],
            outcome=fate.outcome,
            public_rationale=fate.rationale,
            internal_notes=fate.internal_notes,
            target_period=plan.suggestion.target_period,
            recorded_by=story.chair,
            created_at=story.meeting_at[fate.meeting] + timedelta(hours=2),
            published_at=story.published_at[fate.meeting],
        )
    )


def _carry_over(story: Story, plan: SuggestionPlan, positions: dict[int, int]) -> None:
    """Shortlisted for the last meeting, which ran out of time: partly scored, and the
    first one has a draft decision the chair has not published yet."""
    _on_agenda(story, plan, 3, positions)
    outcome = story.rng.choice((DecisionOutcome.RETAINED, DecisionOutcome.DEFERRED))
    # The chair and two members scored them before time ran out; demo-comite and
    # veronique.fabre have them still to score (README's walk-through). Three are drawn as
    # ever, so that the rest of the story is the same.
    story.rng.sample(story.committee, 3)
    scorers = [m for m in story.committee if m.username not in text.STILL_TO_SCORE]
    _evaluate(story, plan, 3, outcome, scorers)
    if not any(d.published_at is None for d in story.decisions):
        story.decisions.append(
            Decision(
                suggestion=plan.suggestion,
                meeting=story.meetings[3],
                outcome=DecisionOutcome.RETAINED,
                internal_notes=text.DRAFT_DECISION_NOTES,
                target_period=quarter_label(story.now, 2),
                recorded_by=story.chair,
                created_at=story.meeting_at[3] + timedelta(hours=3),
            )
        )
