"""Committee mutations: meetings and agendas (advisers), scores (committee members),
decisions (the chair)."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Annotated

import strawberry
from asgiref.sync import sync_to_async

from models.models import DecisionOutcome as DecisionOutcomeChoices
from permissions.fields import CanDecide, CanScoreSuggestion, CanTriageSuggestions
from resolvers.errors import ServiceError
from resolvers.services.committee import (
    DecisionPublishCode,
    DecisionRecordCode,
    EvaluationSaveCode,
    MeetingScheduleCode,
    MeetingSetAgendaCode,
    Scores,
    decision_publish,
    decision_record,
    evaluation_save,
    meeting_schedule,
    meeting_set_agenda,
)

from ..committee import CommitteeMeeting, Evaluation
from ..core.context import Info
from ..core.ids import decode_id
from ..core.mutations import (
    MutationError,
    Notice,
    acting_member,
    error_codes,
    notices_field,
    payload_errors,
    service_payload,
)
from ..suggestions import Decision, DecisionOutcome, Suggestion

# --- scheduleCommitteeMeeting ----------------------------------------------------------------


@strawberry.input(description="A new committee meeting.")
class ScheduleCommitteeMeetingInput:
    scheduled_for: datetime = strawberry.field(
        description="When the committee meets: from today (the bank's time zone) to "
        "COMPTOIR_MEETING_HORIZON_DAYS ahead (three years by default); OUT_OF_RANGE otherwise."
    )
    title: str = strawberry.field(description="1 to 150 characters.")


if TYPE_CHECKING:
    ScheduleCommitteeMeetingErrorCode = MeetingScheduleCode
else:
    ScheduleCommitteeMeetingErrorCode = error_codes(
        MeetingScheduleCode,
        name="ScheduleCommitteeMeetingErrorCode",
        description="Why the meeting was not scheduled.",
    )


@strawberry.type(description="A reason the meeting was not scheduled.")
class ScheduleCommitteeMeetingError(MutationError[ScheduleCommitteeMeetingErrorCode]):
    pass


@strawberry.type(description="Result of `scheduleCommitteeMeeting`.")
class ScheduleCommitteeMeetingPayload:
    meeting: CommitteeMeeting | None = strawberry.field(description="The new meeting.")
    errors: list[ScheduleCommitteeMeetingError] = strawberry.field(description="Empty on success.")
    notices: list[Notice] = notices_field()


# --- setMeetingAgenda ------------------------------------------------------------------------


@strawberry.input(description="A meeting's whole agenda, in order.")
class SetMeetingAgendaInput:
    meeting_id: strawberry.ID = strawberry.field(description="The meeting's ID.")
    suggestion_ids: list[strawberry.ID] = strawberry.field(
        description="SHORTLISTED suggestions, in the order of discussion (at most 50)."
    )


if TYPE_CHECKING:
    SetMeetingAgendaErrorCode = MeetingSetAgendaCode
else:
    SetMeetingAgendaErrorCode = error_codes(
        MeetingSetAgendaCode,
        name="SetMeetingAgendaErrorCode",
        description="Why the agenda was not set.",
    )


@strawberry.type(description="A reason the agenda was not set.")
class SetMeetingAgendaError(MutationError[SetMeetingAgendaErrorCode]):
    pass


@strawberry.type(description="Result of `setMeetingAgenda`.")
class SetMeetingAgendaPayload:
    meeting: CommitteeMeeting | None = strawberry.field(description="The meeting.")
    errors: list[SetMeetingAgendaError] = strawberry.field(description="Empty on success.")


# --- scoreSuggestion -------------------------------------------------------------------------


@strawberry.input(
    description="A committee member's scores for a suggestion on a meeting's agenda, each "
    "from 1 to 5."
)
class ScoreSuggestionInput:
    suggestion_id: strawberry.ID = strawberry.field(description="The suggestion's ID.")
    meeting_id: strawberry.ID = strawberry.field(description="The meeting's ID.")
    customer_benefit: int = strawberry.field(description="1–5.")
    technical_feasibility: int = strawberry.field(description="1–5.")
    cost: int = strawberry.field(description="1–5, 5 = cheapest.")
    time_to_deliver: int = strawberry.field(description="1–5, 5 = fastest.")
    comment: str = strawberry.field(
        default="", description="Private to the committee, at most 2,000 characters."
    )


if TYPE_CHECKING:
    ScoreSuggestionErrorCode = EvaluationSaveCode
else:
    ScoreSuggestionErrorCode = error_codes(
        EvaluationSaveCode,
        name="ScoreSuggestionErrorCode",
        description="Why the scores were not saved.",
    )


@strawberry.type(description="A reason the scores were not saved.")
class ScoreSuggestionError(MutationError[ScoreSuggestionErrorCode]):
    pass


@strawberry.type(description="Result of `scoreSuggestion`.")
class ScoreSuggestionPayload:
    evaluation: Evaluation | None = strawberry.field(description="The member's evaluation.")
    errors: list[ScoreSuggestionError] = strawberry.field(description="Empty on success.")
    notices: list[Notice] = notices_field()


# --- recordDecision / publishDecision --------------------------------------------------------


@strawberry.input(description="The committee's decision on a shortlisted suggestion (a draft).")
class RecordDecisionInput:
    suggestion_id: strawberry.ID = strawberry.field(description="A SHORTLISTED suggestion.")
    meeting_id: strawberry.ID | None = strawberry.field(
        default=None, description="The meeting that decided (the suggestion on its agenda)."
    )
    outcome: DecisionOutcome = strawberry.field(description="RETAINED, DEFERRED or REJECTED.")
    public_rationale: str = strawberry.field(
        default="",
        description="Why, for the public; required for DEFERRED and REJECTED (≤ 5,000 chars).",
    )
    target_period: str = strawberry.field(
        default="", description='Required for RETAINED, e.g. "2027 Q3" (≤ 20 chars).'
    )
    internal_notes: str = strawberry.field(
        default="", description="For the committee only (≤ 10,000 chars)."
    )


if TYPE_CHECKING:
    RecordDecisionErrorCode = DecisionRecordCode
else:
    RecordDecisionErrorCode = error_codes(
        DecisionRecordCode,
        name="RecordDecisionErrorCode",
        description="Why the decision was not recorded.",
    )


@strawberry.type(description="A reason the decision was not recorded.")
class RecordDecisionError(MutationError[RecordDecisionErrorCode]):
    pass


@strawberry.type(description="Result of `recordDecision`.")
class RecordDecisionPayload:
    decision: Decision | None = strawberry.field(description="The draft decision.")
    errors: list[RecordDecisionError] = strawberry.field(description="Empty on success.")
    notices: list[Notice] = notices_field()


@strawberry.input(description="Which draft decision to publish.")
class PublishDecisionInput:
    decision_id: strawberry.ID = strawberry.field(description="The draft's ID.")


if TYPE_CHECKING:
    PublishDecisionErrorCode = DecisionPublishCode
else:
    PublishDecisionErrorCode = error_codes(
        DecisionPublishCode,
        name="PublishDecisionErrorCode",
        description="Why the decision was not published.",
    )


@strawberry.type(description="A reason the decision was not published.")
class PublishDecisionError(MutationError[PublishDecisionErrorCode]):
    pass


@strawberry.type(description="Result of `publishDecision`.")
class PublishDecisionPayload:
    decision: Decision | None = strawberry.field(description="The published decision.")
    suggestion: Suggestion | None = strawberry.field(
        description="The suggestion in its new status."
    )
    errors: list[PublishDecisionError] = strawberry.field(description="Empty on success.")


@strawberry.type
class CommitteeMutations:
    @strawberry.mutation(
        description="Schedule a committee meeting, chaired by the committee's chair (advisers).",
        permission_classes=[CanTriageSuggestions],
    )
    async def schedule_committee_meeting(
        self,
        info: Info,
        input: Annotated[
            ScheduleCommitteeMeetingInput, strawberry.argument(description="The meeting.")
        ],
    ) -> ScheduleCommitteeMeetingPayload | None:
        return await service_payload(
            info,
            meeting_schedule,
            ScheduleCommitteeMeetingPayload,
            ScheduleCommitteeMeetingError,
            ScheduleCommitteeMeetingErrorCode,
            answer="meeting",
            actor=acting_member(info),
            scheduled_for=input.scheduled_for,
            title=input.title,
        )

    @strawberry.mutation(
        description="Set a meeting's agenda: SHORTLISTED suggestions only (advisers).",
        permission_classes=[CanTriageSuggestions],
    )
    async def set_meeting_agenda(
        self,
        info: Info,
        input: Annotated[SetMeetingAgendaInput, strawberry.argument(description="The agenda.")],
    ) -> SetMeetingAgendaPayload | None:
        meeting_id = decode_id(input.meeting_id, "CommitteeMeeting", argument="meetingId")
        suggestion_ids = [
            decode_id(i, "Suggestion", argument="suggestionIds") for i in input.suggestion_ids
        ]
        return await service_payload(
            info,
            meeting_set_agenda,
            SetMeetingAgendaPayload,
            SetMeetingAgendaError,
            SetMeetingAgendaErrorCode,
            answer="meeting",
            actor=acting_member(info),
            meeting_id=meeting_id,
            suggestion_ids=suggestion_ids,
        )

    @strawberry.mutation(
        description="Score a suggestion on a meeting's agenda (committee members). Scoring "
        "again updates one's evaluation, until the decision on it is published.",
        permission_classes=[CanScoreSuggestion],
    )
    async def score_suggestion(
        self,
        info: Info,
        input: Annotated[ScoreSuggestionInput, strawberry.argument(description="The scores.")],
    ) -> ScoreSuggestionPayload | None:
        suggestion_id = decode_id(input.suggestion_id, "Suggestion", argument="suggestionId")
        meeting_id = decode_id(input.meeting_id, "CommitteeMeeting", argument="meetingId")
        return await service_payload(
            info,
            evaluation_save,
            ScoreSuggestionPayload,
            ScoreSuggestionError,
            ScoreSuggestionErrorCode,
            answer="evaluation",
            evaluator=acting_member(info),
            suggestion_id=suggestion_id,
            meeting_id=meeting_id,
            scores=Scores(
                customer_benefit=input.customer_benefit,
                technical_feasibility=input.technical_feasibility,
                cost=input.cost,
                time_to_deliver=input.time_to_deliver,
            ),
            comment=input.comment,
        )

    @strawberry.mutation(
        description="Record (or rewrite) the draft decision on a SHORTLISTED suggestion (the "
        "chair). Drafts stay with the committee until published.",
        permission_classes=[CanDecide],
    )
    async def record_decision(
        self,
        info: Info,
        input: Annotated[RecordDecisionInput, strawberry.argument(description="The decision.")],
    ) -> RecordDecisionPayload | None:
        suggestion_id = decode_id(input.suggestion_id, "Suggestion", argument="suggestionId")
        meeting_id = (
            None
            if input.meeting_id is None
            else decode_id(input.meeting_id, "CommitteeMeeting", argument="meetingId")
        )
        return await service_payload(
            info,
            decision_record,
            RecordDecisionPayload,
            RecordDecisionError,
            RecordDecisionErrorCode,
            answer="decision",
            chair=acting_member(info),
            suggestion_id=suggestion_id,
            meeting_id=meeting_id,
            outcome=DecisionOutcomeChoices(input.outcome),
            public_rationale=input.public_rationale,
            target_period=input.target_period,
            internal_notes=input.internal_notes,
        )

    @strawberry.mutation(
        description="Publish a draft decision (the chair): the suggestion takes the outcome's "
        "status, the decision becomes public, and its voters and followers are notified.",
        permission_classes=[CanDecide],
    )
    async def publish_decision(
        self,
        info: Info,
        input: Annotated[PublishDecisionInput, strawberry.argument(description="The draft.")],
    ) -> PublishDecisionPayload | None:
        decision_id = decode_id(input.decision_id, "Decision", argument="decisionId")
        try:
            decision = await sync_to_async(decision_publish)(
                chair=acting_member(info), decision_id=decision_id
            )
        except ServiceError as exc:
            return PublishDecisionPayload(
                decision=None,
                suggestion=None,
                errors=payload_errors(exc, PublishDecisionError, PublishDecisionErrorCode),
            )
        # The decision's suggestion took its outcome's status.
        info.context.loaders.changed(decision, decision.suggestion)
        return PublishDecisionPayload(
            decision=decision,  # type: ignore[arg-type]
            suggestion=decision.suggestion,  # type: ignore[arg-type]
            errors=[],
        )
