"""The decision committee: meetings and agendas (prepared by advisers), evaluations (by
committee members), decisions (recorded and published by the chair)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from models.committee import SCORE_FIELDS
from models.models import (
    AgendaItem,
    CommitteeMeeting,
    Decision,
    DecisionOutcome,
    Evaluation,
    Follow,
    Member,
    OutboxEventKind,
    Role,
    Suggestion,
    SuggestionStatus,
    Vote,
)
from permissions.policies import can_decide, can_score_suggestion, can_triage_suggestions
from permissions.roles import Viewer
from permissions.rows import visible_suggestions

from ..bounds import check_instant
from ..errors import FieldError, Forbidden, ResultCode, ServiceError
from ..outbox import record
from ..text import clean_optional_text, clean_text
from .audit import audit_record
from .notifications import DecisionPublished, notify
from .suggestions import audience, lock_suggestions, record_status_change

MAX_AGENDA = 50
MEETING_TITLE_MAX = 150


class MeetingScheduleCode(ResultCode):
    """What `meeting_schedule` answers besides a new meeting."""

    BLANK = "BLANK", "The title is empty (blanks alone count as empty)."
    TOO_LONG = "TOO_LONG", "The title is longer than allowed."
    NO_CHAIR = "NO_CHAIR", "The committee has no chair to hold the meeting."
    OUT_OF_RANGE = (
        "OUT_OF_RANGE",
        "The date is in the past, or further ahead than meetings are scheduled (three years by "
        "default).",
    )


class MeetingSetAgendaCode(ResultCode):
    """What `meeting_set_agenda` answers besides a new agenda."""

    NOT_FOUND = (
        "NOT_FOUND",
        "The meeting, or a suggestion of the agenda, does not exist or is not visible to you.",
    )
    NOT_SHORTLISTED = (
        "NOT_SHORTLISTED",
        "A suggestion of the agenda is not SHORTLISTED (presented to the committee).",
    )
    TOO_MANY = "TOO_MANY", "The agenda holds more suggestions than allowed (50)."
    DUPLICATE_ENTRY = "DUPLICATE_ENTRY", "A suggestion appears twice on the agenda."


class EvaluationSaveCode(ResultCode):
    """What `evaluation_save` answers besides saved scores."""

    NOT_FOUND = (
        "NOT_FOUND",
        "The meeting, or the suggestion, does not exist or is not visible to you.",
    )
    OUT_OF_RANGE = "OUT_OF_RANGE", "A score is outside 1 to 5."
    TOO_LONG = "TOO_LONG", "The comment is longer than allowed."
    NOT_ON_AGENDA = "NOT_ON_AGENDA", "The suggestion is not on the meeting's agenda."
    DECISION_PUBLISHED = (
        "DECISION_PUBLISHED",
        "The decision on this suggestion is published: its scores are final.",
    )


class DecisionRecordCode(ResultCode):
    """What `decision_record` answers besides a recorded draft."""

    NOT_FOUND = (
        "NOT_FOUND",
        "The suggestion, or the meeting, does not exist or is not visible to you.",
    )
    NOT_SHORTLISTED = (
        "NOT_SHORTLISTED",
        "Only a SHORTLISTED suggestion (presented to the committee) is decided.",
    )
    NOT_ON_AGENDA = "NOT_ON_AGENDA", "The suggestion is not on that meeting's agenda."
    RATIONALE_REQUIRED = (
        "RATIONALE_REQUIRED",
        "A DEFERRED or REJECTED decision owes the community its reasons: a public rationale.",
    )
    TARGET_PERIOD_REQUIRED = (
        "TARGET_PERIOD_REQUIRED",
        'A RETAINED decision says when the idea is planned: a target period (e.g. "2027 Q3").',
    )
    TOO_LONG = (
        "TOO_LONG",
        "The rationale, the target period or the internal notes are longer than allowed.",
    )


class DecisionPublishCode(ResultCode):
    """What `decision_publish` answers besides a published decision."""

    NOT_FOUND = "NOT_FOUND", "The decision does not exist or is not visible to you."
    ALREADY_PUBLISHED = "ALREADY_PUBLISHED", "The decision is already published."
    NOT_SHORTLISTED = (
        "NOT_SHORTLISTED",
        "The suggestion is no longer SHORTLISTED (presented to the committee).",
    )
    INVALID_DECISION = (
        "INVALID_DECISION",
        "The draft breaks a rule of decisions (a DEFERRED or REJECTED one needs a public "
        "rationale): record it again.",
    )


def meeting_window(now: datetime) -> tuple[datetime, datetime]:
    """The instants a meeting may be scheduled at, both included, in UTC: from the start of
    today in the bank's time zone (TIME_ZONE) to COMPTOIR_MEETING_HORIZON_DAYS after `now`."""
    today = timezone.localdate(now)
    start = timezone.make_aware(datetime.combine(today, time.min)).astimezone(UTC)
    return start, now.astimezone(UTC) + timedelta(days=settings.COMPTOIR_MEETING_HORIZON_DAYS)


def meeting_schedule(*, actor: Member, scheduled_for: datetime, title: str) -> CommitteeMeeting:
    """An adviser schedules a committee meeting, chaired by the committee's chair, at an
    instant within `meeting_window` (OUT_OF_RANGE otherwise; a naive datetime is refused the
    same way). The meeting stores and answers the instant in UTC.

    Raises `ServiceError` (MeetingScheduleCode) for a blank or too long title, an instant
    out of the window, or a committee without a chair."""
    if not can_triage_suggestions(Viewer(actor)):
        raise Forbidden("Only advisers prepare committee meetings.")
    codes = MeetingScheduleCode
    errors: list[FieldError] = []
    title = clean_text(
        title,
        field="title",
        max_length=MEETING_TITLE_MAX,
        label="The title",
        errors=errors,
        codes=codes,
    )
    earliest, latest = meeting_window(timezone.now())
    try:
        scheduled_for = check_instant(scheduled_for)
    except ValueError:
        in_window = False
    else:
        in_window = earliest <= scheduled_for <= latest
    if not in_window:
        errors.append(
            FieldError(
                codes.OUT_OF_RANGE,
                "A meeting is scheduled from today to "
                f"{settings.COMPTOIR_MEETING_HORIZON_DAYS} days ahead "
                f"({timezone.localdate(latest):%Y-%m-%d} at the latest).",
                "scheduledFor",
            )
        )
    chair = Member.objects.filter(role=Role.COMMITTEE, is_committee_chair=True).first()
    if chair is None:
        errors.append(FieldError(codes.NO_CHAIR, "The committee has no chair to hold the meeting."))
    if errors:
        raise ServiceError(*errors)
    assert chair is not None
    with transaction.atomic():
        meeting = CommitteeMeeting.objects.create(
            scheduled_for=scheduled_for, chair=chair, title=title
        )
        audit_record(
            actor=actor,
            action="meeting.schedule",
            target=meeting,
            after={"title": title, "scheduled_for": scheduled_for.isoformat()},
        )
    return meeting


def meeting_set_agenda(
    *, actor: Member, meeting_id: int, suggestion_ids: list[int]
) -> CommitteeMeeting:
    """Replace a meeting's agenda, in the given order. Only SHORTLISTED suggestions
    ("presented to the committee") go on an agenda. Returns the meeting.

    Raises `ServiceError` (MeetingSetAgendaCode) for a meeting or suggestion not found, one
    not shortlisted, too many or twice the same."""
    viewer = Viewer(actor)
    if not can_triage_suggestions(viewer):
        raise Forbidden("Only advisers prepare committee meetings.")
    codes = MeetingSetAgendaCode
    if len(suggestion_ids) > MAX_AGENDA:
        raise ServiceError.single(
            codes.TOO_MANY, f"An agenda holds at most {MAX_AGENDA} suggestions.", "suggestionIds"
        )
    if len(set(suggestion_ids)) != len(suggestion_ids):
        raise ServiceError.single(
            codes.DUPLICATE_ENTRY, "A suggestion appears twice on the agenda.", "suggestionIds"
        )
    with transaction.atomic():
        meeting = CommitteeMeeting.objects.select_for_update().filter(pk=meeting_id).first()
        if meeting is None:
            raise ServiceError.single(codes.NOT_FOUND, "No such meeting.", "meetingId")
        found = visible_suggestions(viewer).in_bulk(suggestion_ids)
        errors = [
            FieldError(codes.NOT_FOUND, f"No such suggestion (position {i + 1}).", "suggestionIds")
            for i, pk in enumerate(suggestion_ids)
            if pk not in found
        ]
        errors += [
            FieldError(
                codes.NOT_SHORTLISTED,
                f"« {found[pk].title} » is not shortlisted "
                f"({SuggestionStatus(found[pk].status).label}).",
                "suggestionIds",
            )
            for pk in suggestion_ids
            if pk in found and found[pk].status != SuggestionStatus.SHORTLISTED
        ]
        if errors:
            raise ServiceError(*errors)
        before = list(meeting.agenda_items.values_list("suggestion_id", flat=True))
        # Suggestions already evaluated at this meeting keep their evaluations even if they
        # leave the agenda; only the agenda itself is replaced.
        meeting.agenda_items.all().delete()
        AgendaItem.objects.bulk_create(
            AgendaItem(meeting=meeting, suggestion_id=pk, position=i)
            for i, pk in enumerate(suggestion_ids)
        )
        audit_record(
            actor=actor,
            action="meeting.set_agenda",
            target=meeting,
            before={"agenda": before},
            after={"agenda": suggestion_ids},
        )
    return meeting


@dataclass(frozen=True, slots=True)
class Scores:
    customer_benefit: int
    technical_feasibility: int
    cost: int
    time_to_deliver: int


SCORE_LABELS = {
    "customer_benefit": ("customerBenefit", "Customer benefit"),
    "technical_feasibility": ("technicalFeasibility", "Technical feasibility"),
    "cost": ("cost", "Cost"),
    "time_to_deliver": ("timeToDeliver", "Time to deliver"),
}
COMMENT_MAX = 2_000


def evaluation_save(
    *, evaluator: Member, suggestion_id: int, meeting_id: int, scores: Scores, comment: str
) -> Evaluation:
    """A committee member scores a suggestion on a meeting's agenda (1–5 per criterion).
    Scoring again updates the evaluation, until the meeting's decision on it is published.

    Raises `ServiceError` (EvaluationSaveCode) for a meeting or suggestion not found, a
    suggestion not on the agenda or already decided, a score out of 1–5 or a too long
    comment."""
    viewer = Viewer(evaluator)
    if not can_score_suggestion(viewer):
        raise Forbidden("Only committee members score suggestions.")
    codes = EvaluationSaveCode
    errors: list[FieldError] = []
    for name in SCORE_FIELDS:
        value = getattr(scores, name)
        field, label = SCORE_LABELS[name]
        if not 1 <= value <= 5:
            errors.append(FieldError(codes.OUT_OF_RANGE, f"{label} is scored from 1 to 5.", field))
    comment = clean_optional_text(
        comment,
        field="comment",
        max_length=COMMENT_MAX,
        label="The comment",
        errors=errors,
        codes=codes,
    )
    with transaction.atomic():
        meeting = CommitteeMeeting.objects.filter(pk=meeting_id).first()
        if meeting is None:
            raise ServiceError.single(codes.NOT_FOUND, "No such meeting.", "meetingId")
        # Locking the suggestion orders scoring against publishing its decision.
        suggestion = lock_suggestions(viewer, suggestion_id).get(suggestion_id)
        if suggestion is None:
            raise ServiceError.single(codes.NOT_FOUND, "No such suggestion.", "suggestionId")
        if not AgendaItem.objects.filter(meeting=meeting, suggestion=suggestion).exists():
            errors.append(
                FieldError(
                    codes.NOT_ON_AGENDA,
                    "This suggestion is not on the meeting's agenda.",
                    "suggestionId",
                )
            )
        elif Decision.objects.filter(
            suggestion=suggestion, meeting=meeting, published_at__isnull=False
        ).exists():
            errors.append(
                FieldError(
                    codes.DECISION_PUBLISHED,
                    "The decision on this suggestion is published: its scores are final.",
                    "suggestionId",
                )
            )
        if errors:
            raise ServiceError(*errors)
        now = timezone.now()
        evaluation, _ = Evaluation.objects.update_or_create(
            evaluator=evaluator,
            suggestion=suggestion,
            meeting=meeting,
            defaults={
                "customer_benefit": scores.customer_benefit,
                "technical_feasibility": scores.technical_feasibility,
                "cost": scores.cost,
                "time_to_deliver": scores.time_to_deliver,
                "comment": comment,
                "updated_at": now,
            },
            create_defaults={
                "customer_benefit": scores.customer_benefit,
                "technical_feasibility": scores.technical_feasibility,
                "cost": scores.cost,
                "time_to_deliver": scores.time_to_deliver,
                "comment": comment,
                "created_at": now,
                "updated_at": now,
            },
        )
    return evaluation


TARGET_PERIOD_MAX = Suggestion.TARGET_PERIOD_MAX


def decision_record(
    *,
    chair: Member,
    suggestion_id: int,
    meeting_id: int | None,
    outcome: DecisionOutcome,
    public_rationale: str,
    target_period: str,
    internal_notes: str,
) -> Decision:
    """The chair records (or rewrites) the draft decision on a shortlisted suggestion.
    Drafts stay with the committee until published.

    Raises `ServiceError` (DecisionRecordCode) for a suggestion or meeting not found, a
    suggestion not shortlisted or not on that agenda, a missing rationale or target
    period, or a too long text."""
    viewer = Viewer(chair)
    if not can_decide(viewer):
        raise Forbidden("Only the committee chair records decisions.")
    codes = DecisionRecordCode
    errors: list[FieldError] = []
    rationale = clean_optional_text(
        public_rationale,
        field="publicRationale",
        max_length=Decision.RATIONALE_MAX,
        label="The public rationale",
        errors=errors,
        codes=codes,
    )
    if outcome != DecisionOutcome.RETAINED and not rationale:
        errors.append(
            FieldError(
                codes.RATIONALE_REQUIRED,
                f"A {outcome.label.lower()} decision owes the community its reasons.",
                "publicRationale",
            )
        )
    period = clean_optional_text(
        target_period,
        field="targetPeriod",
        max_length=TARGET_PERIOD_MAX,
        label="The target period",
        errors=errors,
        codes=codes,
    )
    if outcome == DecisionOutcome.RETAINED and not period:
        errors.append(
            FieldError(
                codes.TARGET_PERIOD_REQUIRED,
                'Say when a retained idea is planned (e.g. "2027 Q3").',
                "targetPeriod",
            )
        )
    notes = clean_optional_text(
        internal_notes,
        field="internalNotes",
        max_length=10_000,
        label="The internal notes",
        errors=errors,
        codes=codes,
    )
    with transaction.atomic():
        suggestion = lock_suggestions(viewer, suggestion_id).get(suggestion_id)
        if suggestion is None:
            raise ServiceError.single(codes.NOT_FOUND, "No such suggestion.", "suggestionId")
        meeting = None
        if meeting_id is not None:
            meeting = CommitteeMeeting.objects.filter(pk=meeting_id).first()
            if meeting is None:
                errors.append(FieldError(codes.NOT_FOUND, "No such meeting.", "meetingId"))
            elif not AgendaItem.objects.filter(meeting=meeting, suggestion=suggestion).exists():
                errors.append(
                    FieldError(
                        codes.NOT_ON_AGENDA,
                        "This suggestion is not on that meeting's agenda.",
                        "meetingId",
                    )
                )
        if suggestion.status != SuggestionStatus.SHORTLISTED:
            errors.append(
                FieldError(
                    codes.NOT_SHORTLISTED,
                    "Only a suggestion presented to the committee can be decided "
                    f"(this one is {SuggestionStatus(suggestion.status).label}).",
                    "suggestionId",
                )
            )
        if errors:
            raise ServiceError(*errors)
        values = {
            "meeting": meeting,
            "outcome": outcome,
            "public_rationale": rationale,
            "target_period": period if outcome == DecisionOutcome.RETAINED else "",
            "internal_notes": notes,
            "recorded_by": chair,
        }
        draft = Decision.objects.filter(suggestion=suggestion, published_at__isnull=True).first()
        before = None
        if draft is None:
            draft = Decision.objects.create(suggestion=suggestion, **values)
        else:
            # Recording again rewrites the draft: the log keeps what it said.
            before = {"outcome": draft.outcome, "target_period": draft.target_period}
            for name, value in values.items():
                setattr(draft, name, value)
            draft.save()
        audit_record(
            actor=chair,
            action="decision.record",
            target=draft,
            before=before,
            after={
                "suggestion": suggestion.pk,
                "outcome": outcome,
                "target_period": draft.target_period,
            },
        )
    return draft


OUTCOME_STATUS = {
    DecisionOutcome.RETAINED: SuggestionStatus.RETAINED,
    DecisionOutcome.DEFERRED: SuggestionStatus.DEFERRED,
    DecisionOutcome.REJECTED: SuggestionStatus.REJECTED,
}


def decision_publish(*, chair: Member, decision_id: int) -> Decision:
    """The chair publishes a draft: the suggestion takes the outcome's status (public
    history), the decision becomes public, and voters and followers are told. The
    decision's `suggestion` is the suggestion as saved.

    Raises `ServiceError` (DecisionPublishCode) for a decision not found (or whose
    suggestion was hidden since), already published, on a suggestion no longer
    shortlisted, or breaking a rule of decisions."""
    viewer = Viewer(chair)
    if not can_decide(viewer):
        raise Forbidden("Only the committee chair publishes decisions.")
    codes = DecisionPublishCode
    with transaction.atomic():
        found = Decision.objects.filter(pk=decision_id).values_list("suggestion_id", flat=True)
        suggestion_id = found.first()
        if suggestion_id is None:
            raise ServiceError.single(codes.NOT_FOUND, "No such decision.", "decisionId")
        # Suggestion first, then the decision: the same order as recordDecision and
        # scoreSuggestion, so concurrent calls queue instead of deadlocking.
        suggestion = lock_suggestions(viewer, suggestion_id).get(suggestion_id)
        if suggestion is None:  # hidden by moderation since the draft was recorded
            raise ServiceError.single(codes.NOT_FOUND, "No such decision.", "decisionId")
        decision = Decision.objects.select_for_update().get(pk=decision_id)
        decision.suggestion = suggestion  # the locked row, which the caller reads back
        if decision.published_at is not None:
            raise ServiceError.single(
                codes.ALREADY_PUBLISHED, "This decision is already published.", "decisionId"
            )
        if suggestion.status != SuggestionStatus.SHORTLISTED:
            raise ServiceError.single(
                codes.NOT_SHORTLISTED,
                "The suggestion is no longer presented to the committee "
                f"({SuggestionStatus(suggestion.status).label}).",
                "decisionId",
            )
        decision.published_at = timezone.now()
        try:
            decision.save(update_fields=["published_at"])
        except IntegrityError as exc:  # a database check refused the decision
            # The database's own message would show row data: say what to do instead.
            raise ServiceError.single(
                codes.INVALID_DECISION,
                "This draft breaks a rule of decisions (a DEFERRED or REJECTED one needs a "
                "public rationale): record it again.",
                "decisionId",
            ) from exc
        outcome = DecisionOutcome(decision.outcome)
        suggestion.target_period = decision.target_period
        suggestion.public_response = decision.public_rationale
        record_status_change(
            suggestion=suggestion,
            to_status=OUTCOME_STATUS[outcome],
            actor=chair,
            public_note=decision.public_rationale or "Retenue par le comité.",
            notify_followers=False,
        )
        audit_record(
            actor=chair,
            action="decision.publish",
            target=decision,
            after={"outcome": outcome, "published_at": decision.published_at.isoformat()},
        )
        supporters = set(
            Vote.objects.filter(suggestion=suggestion).values_list("member_id", flat=True)
        )
        supporters |= set(
            Follow.objects.filter(suggestion=suggestion).values_list("member_id", flat=True)
        )
        notify(
            recipient_ids=audience(supporters, suggestion),
            event=DecisionPublished.event(decision=decision, actor=chair),
        )
        record(
            OutboxEventKind.DECISION_PUBLISHED,
            suggestion_id=suggestion.pk,
            decision_id=decision.pk,
        )
    return decision
