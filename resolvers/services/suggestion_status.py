"""The suggestion status machine (DESIGN §3) and the moves advisers make on it.

SUBMITTED → UNDER_REVIEW → SHORTLISTED                       [adviser]
SHORTLISTED → RETAINED | DEFERRED | REJECTED                 [publishing a committee decision]
DEFERRED → SHORTLISTED; RETAINED → IN_PROGRESS → DELIVERED   [adviser]
SUBMITTED | UNDER_REVIEW → DUPLICATE                         [adviser, merging into another]
"""

from __future__ import annotations

from collections.abc import Iterable
from enum import StrEnum

from django.db import transaction
from django.utils import timezone

from models.models import (
    Follow,
    Member,
    StatusChange,
    Suggestion,
    SuggestionStatus,
    Vote,
)
from permissions.policies import can_triage_suggestions
from permissions.roles import Viewer
from permissions.rows import visible_suggestions

from ..errors import FieldError, Forbidden, ServiceError
from .audit import audit_record
from .notifications import SuggestionMarkedDuplicate, SuggestionStatusChanged, notify

S = SuggestionStatus


class SuggestionChangeStatusCode(StrEnum):
    """What `suggestion_change_status` answers besides a move."""

    NOT_FOUND = "NOT_FOUND"
    ILLEGAL_TRANSITION = "ILLEGAL_TRANSITION"
    DECISION_REQUIRED = "DECISION_REQUIRED"
    USE_MARK_DUPLICATE = "USE_MARK_DUPLICATE"
    TOO_LONG = "TOO_LONG"


class SuggestionMarkDuplicateCode(StrEnum):
    """What `suggestion_mark_duplicate` answers besides a merge."""

    NOT_FOUND = "NOT_FOUND"
    SAME_SUGGESTION = "SAME_SUGGESTION"
    ALREADY_DECIDED = "ALREADY_DECIDED"
    ORIGINAL_IS_DUPLICATE = "ORIGINAL_IS_DUPLICATE"
    ORIGINAL_CLOSED = "ORIGINAL_CLOSED"
    TOO_LONG = "TOO_LONG"


# What an adviser may do with `changeSuggestionStatus`.
ADVISER_MOVES: dict[str, frozenset[str]] = {
    S.SUBMITTED: frozenset({S.UNDER_REVIEW}),
    S.UNDER_REVIEW: frozenset({S.SHORTLISTED}),
    S.DEFERRED: frozenset({S.SHORTLISTED}),
    S.RETAINED: frozenset({S.IN_PROGRESS}),
    S.IN_PROGRESS: frozenset({S.DELIVERED}),
}
DECISION_OUTCOMES = frozenset({S.RETAINED, S.DEFERRED, S.REJECTED})
DUPLICABLE = frozenset({S.SUBMITTED, S.UNDER_REVIEW})
# A merge's public note when the adviser wrote none. It names no title: the duplicate's
# `duplicate_of` links to the original for those who may see it, while a quoted title would
# stay in the public history after the original is hidden.
MERGE_NOTE = "Fusionnée avec une autre idée."


def lock_suggestions(viewer: Viewer, *ids: int) -> dict[int, Suggestion]:
    """Lock visible suggestions in id order (a fixed order, so two transactions locking the
    same pair cannot deadlock)."""
    rows = visible_suggestions(viewer).select_for_update().filter(pk__in=ids).order_by("pk")
    return {s.pk: s for s in rows}


def audience(member_ids: Iterable[int], *suggestions: Suggestion) -> set[int]:
    """Who may be told about these suggestions: the given members, unless one of them is
    hidden by moderation — then only the authors, who still see their own."""
    if any(s.is_hidden for s in suggestions):
        return {s.author_id for s in suggestions}
    return set(member_ids)


def record_status_change(
    *,
    suggestion: Suggestion,
    to_status: str,
    actor: Member,
    public_note: str,
    notify_followers: bool = True,
) -> StatusChange:
    """Move a locked suggestion, write its public history and the audit trail, and tell its
    followers. Callers have checked that the move is legal, and may have set the fields
    that go with it (duplicate_of, target_period, public_response): they are saved too."""
    before = suggestion.status
    now = timezone.now()
    suggestion.status = to_status
    suggestion.updated_at = now
    suggestion.save(
        update_fields=["status", "updated_at", "duplicate_of", "target_period", "public_response"]
    )
    change = StatusChange.objects.create(
        suggestion=suggestion,
        from_status=before,
        to_status=to_status,
        actor=actor,
        public_note=public_note,
        created_at=now,
    )
    audit_record(
        actor=actor,
        action="suggestion.change_status",
        target=suggestion,
        before={"status": before},
        after={"status": to_status, "public_note": public_note},
    )
    if notify_followers:
        notify(
            recipient_ids=audience(
                Follow.objects.filter(suggestion=suggestion).values_list("member_id", flat=True),
                suggestion,
            ),
            event=SuggestionStatusChanged.event(change=change),
        )
    return change


def _clean_note(
    note: str,
    errors: list[FieldError],
    codes: type[SuggestionChangeStatusCode] | type[SuggestionMarkDuplicateCode],
) -> str:
    note = note.strip()
    if len(note) > StatusChange.NOTE_MAX:
        errors.append(
            FieldError(
                codes.TOO_LONG,
                f"The public note must be at most {StatusChange.NOTE_MAX} characters.",
                "publicNote",
            )
        )
    return note


def suggestion_change_status(
    *, actor: Member, suggestion_id: int, status: SuggestionStatus, public_note: str = ""
) -> Suggestion:
    """An adviser moves a suggestion along the machine; anything else changes nothing.
    Returns the suggestion as saved (its history has the move).

    Raises `ServiceError` (SuggestionChangeStatusCode) for a suggestion not found, a move
    the machine does not allow, or a too long note."""
    viewer = Viewer(actor)
    if not can_triage_suggestions(viewer):
        raise Forbidden("Only advisers triage suggestions.")
    codes = SuggestionChangeStatusCode
    errors: list[FieldError] = []
    note = _clean_note(public_note, errors, codes)
    with transaction.atomic():
        suggestion = lock_suggestions(viewer, suggestion_id).get(suggestion_id)
        if suggestion is None:
            raise ServiceError.single(codes.NOT_FOUND, "No such suggestion.", "suggestionId")
        current = S(suggestion.status)
        if status in DECISION_OUTCOMES:
            errors.append(
                FieldError(
                    codes.DECISION_REQUIRED,
                    f"Only a published committee decision makes a suggestion {status.label}.",
                    "status",
                )
            )
        elif status == S.DUPLICATE:
            errors.append(
                FieldError(
                    codes.USE_MARK_DUPLICATE,
                    "Use markSuggestionDuplicate to merge a suggestion into another.",
                    "status",
                )
            )
        elif status not in ADVISER_MOVES.get(current, frozenset()):
            errors.append(
                FieldError(
                    codes.ILLEGAL_TRANSITION,
                    f"A suggestion cannot go from {current.label} to {status.label}.",
                    "status",
                )
            )
        if errors:
            raise ServiceError(*errors)
        record_status_change(suggestion=suggestion, to_status=status, actor=actor, public_note=note)
    return suggestion


def suggestion_mark_duplicate(
    *, actor: Member, suggestion_id: int, original_id: int, public_note: str = ""
) -> tuple[Suggestion, Suggestion]:
    """Merge a suggestion into an earlier one: its votes and followers move to the original
    (a member who supported both counts once), it closes as DUPLICATE, and its voters and
    followers are told. Returns (duplicate, original), as saved.

    Raises `ServiceError` (SuggestionMarkDuplicateCode) for a suggestion not found, one
    past review, an original that is closed or itself a duplicate, or a too long note."""
    viewer = Viewer(actor)
    if not can_triage_suggestions(viewer):
        raise Forbidden("Only advisers triage suggestions.")
    codes = SuggestionMarkDuplicateCode
    errors: list[FieldError] = []
    note = _clean_note(public_note, errors, codes)
    if suggestion_id == original_id:
        raise ServiceError.single(
            codes.SAME_SUGGESTION, "A suggestion cannot duplicate itself.", "originalId"
        )
    with transaction.atomic():
        locked = lock_suggestions(viewer, suggestion_id, original_id)
        duplicate, original = locked.get(suggestion_id), locked.get(original_id)
        if duplicate is None:
            errors.append(FieldError(codes.NOT_FOUND, "No such suggestion.", "suggestionId"))
        if original is None:
            errors.append(FieldError(codes.NOT_FOUND, "No such original suggestion.", "originalId"))
        if duplicate is not None and duplicate.status not in DUPLICABLE:
            errors.append(
                FieldError(
                    codes.ALREADY_DECIDED,
                    "Only a submitted or under-review suggestion can be marked duplicate "
                    f"(this one is {S(duplicate.status).label}).",
                    "suggestionId",
                )
            )
        if original is not None and original.status != S.DUPLICATE and not original.is_voting_open:
            # Its voters could no longer withdraw the votes it would receive.
            errors.append(
                FieldError(
                    codes.ORIGINAL_CLOSED,
                    "Voting is closed on the original "
                    f"({S(original.status).label}): merge into an open suggestion.",
                    "originalId",
                )
            )
        if original is not None and original.status == S.DUPLICATE:
            # Originals are never duplicates themselves, so merges cannot form a cycle.
            errors.append(
                FieldError(
                    codes.ORIGINAL_IS_DUPLICATE,
                    "The original is itself a duplicate: merge into the suggestion it duplicates.",
                    "originalId",
                )
            )
        if errors:
            raise ServiceError(*errors)
        assert duplicate is not None and original is not None
        voters = list(Vote.objects.filter(suggestion=duplicate).values_list("member_id", flat=True))
        followers = list(
            Follow.objects.filter(suggestion=duplicate).values_list("member_id", flat=True)
        )
        _move_rows(Vote, duplicate, original)
        _move_rows(Follow, duplicate, original)
        # Both rows are locked and every vote service locks the suggestion first, so these
        # counts are exact.
        Suggestion.objects.filter(pk=duplicate.pk).update(vote_count=0)
        Suggestion.objects.filter(pk=original.pk).update(
            vote_count=Vote.objects.filter(suggestion=original).count()
        )
        duplicate.vote_count = 0
        original.refresh_from_db(fields=["vote_count"])
        previous_status = duplicate.status
        duplicate.duplicate_of = original
        record_status_change(
            suggestion=duplicate,
            to_status=S.DUPLICATE,
            actor=actor,
            public_note=note or MERGE_NOTE,
            notify_followers=False,
        )
        audit_record(
            actor=actor,
            action="suggestion.mark_duplicate",
            target=duplicate,
            before={"status": previous_status},
            after={"duplicate_of": original.pk, "votes_moved": len(voters)},
        )
        notify(
            recipient_ids=audience({duplicate.author_id, *voters, *followers}, duplicate, original),
            event=SuggestionMarkedDuplicate.event(
                duplicate=duplicate, original=original, actor=actor
            ),
        )
    return duplicate, original


def _move_rows(model: type[Vote] | type[Follow], source: Suggestion, target: Suggestion) -> None:
    """Re-point (member, suggestion) rows from source to target; a member who already has a
    row on the target keeps that one (unique per member and suggestion)."""
    already = model.objects.filter(suggestion=target).values("member_id")
    model.objects.filter(suggestion=source, member_id__in=already).delete()
    model.objects.filter(suggestion=source).update(suggestion=target)
