"""The decision committee: meetings, agendas, evaluations; the advisers' review backlog."""

from __future__ import annotations

from datetime import datetime

import strawberry
from strawberry import relay

from models.models import AgendaItem as AgendaItemModel
from models.models import CommitteeMeeting as CommitteeMeetingModel
from models.models import Evaluation as EvaluationModel
from permissions.fields import CanViewAgenda, CanViewCommitteeInternals, CanViewTriageQueue
from permissions.policies import can_view_others_evaluations
from resolvers.loaders import resolve_now
from resolvers.selectors.committee import meeting_list, suggestions_awaiting_review

from .core.connections import (
    PAGE_ARGS_DESCRIPTION,
    After,
    Before,
    Connection,
    First,
    Last,
    page_request,
    paged,
)
from .core.context import Info
from .core.limits import AGENDA_MAX, EVALUATIONS_MAX
from .members import Member, _is_model
from .suggestions import EvaluationSummary, Suggestion


def _evaluator(root: EvaluationModel, info: Info) -> Member:
    return resolve_now(info.context.loaders.member_by_id, root.evaluator_id)


def _evaluation_suggestion(root: EvaluationModel, info: Info) -> Suggestion | None:
    return resolve_now(info.context.loaders.suggestion_by_id, root.suggestion_id)


@strawberry.type(
    description="One committee member's scores for a suggestion at a meeting. Committee only."
)
class Evaluation(relay.Node):
    is_type_of = _is_model(EvaluationModel)

    id: relay.NodeID[int]
    customer_benefit: int = strawberry.field(description="1–5.")
    technical_feasibility: int = strawberry.field(description="1–5.")
    cost: int = strawberry.field(description="1–5, 5 = cheapest.")
    time_to_deliver: int = strawberry.field(description="1–5, 5 = fastest.")
    comment: str = strawberry.field(description="The member's private comment.")
    updated_at: datetime = strawberry.field(description="When it was last scored.")
    evaluator: Member = strawberry.field(description="Who scored.", resolver=_evaluator)
    suggestion: Suggestion | None = strawberry.field(
        description="What was scored.", resolver=_evaluation_suggestion
    )


def _agenda_suggestion(root: AgendaItemModel, info: Info) -> Suggestion | None:
    return resolve_now(info.context.loaders.suggestion_by_id, root.suggestion_id)


def _scored(rows: list[EvaluationModel], info: Info) -> bool:
    """Whether the viewer has scored the agenda item whose evaluations are `rows`."""
    return any(row.evaluator_id == info.context.viewer.member_id for row in rows)


def _agenda_evaluations(root: AgendaItemModel, info: Info) -> list[Evaluation]:
    key = (root.meeting_id, root.suggestion_id)

    def shown(rows: list[EvaluationModel]) -> list[EvaluationModel]:
        # The row scope already keeps the others' scores until the viewer scored; the
        # policy says it once more where the rule is read.
        if not can_view_others_evaluations(info.context.viewer, has_scored=_scored(rows, info)):
            return []
        # Bounded, so that a document's cost bounds what it is served (schema/core/limits.py).
        return rows[:EVALUATIONS_MAX]

    return resolve_now(info.context.loaders.evaluations_by_agenda_key, key, then=shown)


def _agenda_summary(root: AgendaItemModel, info: Info) -> EvaluationSummary | None:
    key = (root.meeting_id, root.suggestion_id)

    def summary(rows: list[EvaluationModel]) -> EvaluationSummary | None:
        if not can_view_others_evaluations(info.context.viewer, has_scored=_scored(rows, info)):
            return None
        return EvaluationSummary.of(rows)

    return resolve_now(info.context.loaders.evaluations_by_agenda_key, key, then=summary)


def _agenda_viewer_evaluation(root: AgendaItemModel, info: Info) -> Evaluation | None:
    key = (root.meeting_id, root.suggestion_id)
    member_id = info.context.viewer.member_id
    return resolve_now(
        info.context.loaders.evaluations_by_agenda_key,
        key,
        then=lambda rows: next((row for row in rows if row.evaluator_id == member_id), None),
    )


@strawberry.type(description="A suggestion on a meeting's agenda.")
class AgendaItem:
    position: int = strawberry.field(description="Order of discussion, from 0.")
    suggestion: Suggestion | None = strawberry.field(
        description="The suggestion presented.", resolver=_agenda_suggestion
    )
    evaluations: list[Evaluation] | None = strawberry.field(
        description="Committee only: each member's scores at this meeting (at most "
        f"{EVALUATIONS_MAX}), once the viewer scored this item: before, an empty list, so "
        "that every member, the chair included, scores independently. Others get null and a "
        "FORBIDDEN error.",
        resolver=_agenda_evaluations,
        permission_classes=[CanViewCommitteeInternals],
    )
    evaluation_summary: EvaluationSummary | None = strawberry.field(
        description="Committee only: the aggregate of the scores at this meeting, once the "
        "viewer scored this item (null before, so that every member, the chair included, "
        "scores independently). Others get null and a FORBIDDEN error.",
        resolver=_agenda_summary,
        permission_classes=[CanViewCommitteeInternals],
    )
    viewer_evaluation: Evaluation | None = strawberry.field(
        description="Committee only: the viewer's own scores of this item at this meeting, "
        "at any time (null until they score it; scoreSuggestion changes them until the "
        "decision on it is published). Others get null and a FORBIDDEN error.",
        resolver=_agenda_viewer_evaluation,
        permission_classes=[CanViewCommitteeInternals],
    )


def _meeting_chair(root: CommitteeMeetingModel, info: Info) -> Member:
    return resolve_now(info.context.loaders.member_by_id, root.chair_id)


def _meeting_agenda(root: CommitteeMeetingModel, info: Info) -> list[AgendaItem]:
    # setMeetingAgenda holds agendas to AGENDA_MAX; the back office could add rows beyond.
    return resolve_now(
        info.context.loaders.agenda_by_meeting_id, root.pk, then=lambda rows: rows[:AGENDA_MAX]
    )


@strawberry.type(
    description="A session of the decision committee. Seen by advisers (who prepare it) and "
    "the committee; nobody else ever finds one."
)
class CommitteeMeeting(relay.Node):
    is_type_of = _is_model(CommitteeMeetingModel)

    id: relay.NodeID[int]
    title: str = strawberry.field(description="Title, 1 to 150 characters.")
    scheduled_for: datetime = strawberry.field(description="When the committee meets.")
    chair: Member = strawberry.field(description="Who chairs it.", resolver=_meeting_chair)
    agenda: list[AgendaItem] = strawberry.field(
        description=f"Shortlisted suggestions to decide, in order (at most {AGENDA_MAX}).",
        resolver=_meeting_agenda,
    )


@strawberry.type
class CommitteeQueries:
    @strawberry.field(
        description="Committee meetings, latest first. Advisers and the committee; others get "
        f"null and a FORBIDDEN error. {PAGE_ARGS_DESCRIPTION}",
        permission_classes=[CanViewAgenda],
    )
    async def committee_meetings(
        self,
        info: Info,
        first: First = None,
        after: After = None,
        last: Last = None,
        before: Before = None,
    ) -> Connection[CommitteeMeeting] | None:
        return await paged(
            info,
            lambda _asked: meeting_list(
                viewer=info.context.viewer, page=page_request(first, after, last, before)
            ),
        )

    @strawberry.field(
        description="Suggestions that reached the review threshold (COMPTOIR_REVIEW_THRESHOLD "
        "votes, 50 by default) and are still SUBMITTED or UNDER_REVIEW, oldest first. "
        f"Advisers only; others get null and a FORBIDDEN error. {PAGE_ARGS_DESCRIPTION}",
        permission_classes=[CanViewTriageQueue],
    )
    async def suggestions_awaiting_review(
        self,
        info: Info,
        first: First = None,
        after: After = None,
        last: Last = None,
        before: Before = None,
    ) -> Connection[Suggestion] | None:
        return await paged(
            info,
            lambda _asked: suggestions_awaiting_review(
                viewer=info.context.viewer, page=page_request(first, after, last, before)
            ),
            prime=info.context.loaders.prime_suggestions,
        )
