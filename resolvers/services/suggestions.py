"""Suggestions (the Labo): submitting, comments, follows, and the status machine (DESIGN §3)
with the moves advisers make on it.

SUBMITTED → UNDER_REVIEW → SHORTLISTED                       [adviser]
SHORTLISTED → RETAINED | DEFERRED | REJECTED                 [publishing a committee decision]
DEFERRED → SHORTLISTED; RETAINED → IN_PROGRESS → DELIVERED   [adviser]
SUBMITTED | UNDER_REVIEW → DUPLICATE                         [adviser, merging into another]
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import timedelta
from enum import StrEnum

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from models.models import (
    Category,
    Follow,
    Member,
    Post,
    StatusChange,
    Suggestion,
    SuggestionStatus,
    Thread,
    ThreadKind,
    Vote,
)
from permissions.policies import (
    can_follow_suggestion,
    can_submit_suggestion,
    can_triage_suggestions,
)
from permissions.roles import Viewer
from permissions.rows import visible_suggestions

from ..errors import FieldError, Forbidden, Outcome, ServiceError
from ..text import clean_text, same_text
from ..write_throttle import WriteKind, write_throttle_hit
from .audit import audit_record
from .notifications import SuggestionMarkedDuplicate, SuggestionStatusChanged, notify
from .threads import lock_author, post_reply


class SuggestionSubmitCode(StrEnum):
    """What `suggestion_submit` answers besides a new suggestion."""

    BLANK = "BLANK"
    TOO_LONG = "TOO_LONG"
    ALREADY_SUBMITTED = "ALREADY_SUBMITTED"


class FollowCode(StrEnum):
    """What `follow_create` and `follow_delete` answer besides a change."""

    NOT_FOUND = "NOT_FOUND"
    ALREADY_FOLLOWING = "ALREADY_FOLLOWING"
    NOT_FOLLOWING = "NOT_FOLLOWING"


class SuggestionCommentCode(StrEnum):
    """What `suggestion_comment` answers besides a new comment."""

    NOT_FOUND = "NOT_FOUND"
    BLANK = "BLANK"
    TOO_LONG = "TOO_LONG"
    THREAD_CLOSED = "THREAD_CLOSED"
    THREAD_LOCKED = "THREAD_LOCKED"


def _same_recent_suggestion(author: Member, title: str, body: str) -> Suggestion | None:
    since = timezone.now() - timedelta(seconds=settings.COMPTOIR_DUPLICATE_SUBMISSION_WINDOW)
    key = (same_text(title), same_text(body))
    recent = Suggestion.objects.filter(author=author, created_at__gte=since).order_by("-id")
    return next((s for s in recent if (same_text(s.title), same_text(s.body)) == key), None)


def suggestion_submit(*, author: Member, title: str, body: str) -> Outcome[Suggestion]:
    """Post an idea in Le Labo. Its author's vote is cast and the author follows it.

    The same suggestion again (same author, same title and body once runs of whitespace
    are made one space, within `COMPTOIR_DUPLICATE_SUBMISSION_WINDOW` seconds) is not
    written twice: the first one is returned, as it is now, with ALREADY_SUBMITTED. The
    author's row is locked first, so submissions sent at once queue and the later ones find
    the first.

    Raises `ServiceError` (SuggestionSubmitCode) for a blank or too long text, and
    `RateLimited` past the member's suggestion limit (`write_throttle`)."""
    if not can_submit_suggestion(Viewer(author)):
        raise Forbidden("Only customers submit suggestions.")
    errors: list[FieldError] = []
    codes = SuggestionSubmitCode
    title = clean_text(
        title,
        field="title",
        max_length=Suggestion.TITLE_MAX,
        label="The title",
        errors=errors,
        codes=codes,
    )
    body = clean_text(
        body,
        field="body",
        max_length=Suggestion.BODY_MAX,
        label="The description",
        errors=errors,
        codes=codes,
    )
    if errors:
        raise ServiceError(*errors)
    with transaction.atomic():
        lock_author(author)
        existing = _same_recent_suggestion(author, title, body)
        if existing is not None:
            # Its author may have withdrawn the vote or unfollowed since.
            return Outcome(
                existing,
                rows=(existing,),
                already=FieldError(
                    codes.ALREADY_SUBMITTED,
                    "You submitted this suggestion a moment ago; here it is.",
                ),
            )
        write_throttle_hit(member=author, kind=WriteKind.SUGGESTION)
        now = timezone.now()
        suggestion = Suggestion.objects.create(
            author=author, title=title, body=body, vote_count=1, created_at=now, updated_at=now
        )
        vote = Vote.objects.create(member=author, suggestion=suggestion, created_at=now)
        follow = Follow.objects.create(member=author, suggestion=suggestion, created_at=now)
    return Outcome(suggestion, rows=(suggestion, vote, follow))


def _visible_suggestion(viewer: Viewer, suggestion_id: int) -> Suggestion:
    suggestion = visible_suggestions(viewer).filter(pk=suggestion_id).first()
    if suggestion is None:
        raise ServiceError.single(FollowCode.NOT_FOUND, "No such suggestion.", "suggestionId")
    return suggestion


def follow_create(*, member: Member, suggestion_id: int) -> Outcome[Suggestion]:
    """Follow a suggestion's progress; returns the suggestion. Following it again changes
    nothing and answers ALREADY_FOLLOWING.

    Raises `ServiceError` (FollowCode.NOT_FOUND) for a suggestion the member cannot see."""
    viewer = Viewer(member)
    if not can_follow_suggestion(viewer):
        raise Forbidden("Log in to follow a suggestion.")
    suggestion = _visible_suggestion(viewer, suggestion_id)
    follow, created = Follow.objects.get_or_create(member=member, suggestion=suggestion)
    already = None
    if not created:
        already = FieldError(
            FollowCode.ALREADY_FOLLOWING, "You already follow this suggestion.", "suggestionId"
        )
    return Outcome(suggestion, rows=(follow,), already=already)


def follow_delete(*, member: Member, suggestion_id: int) -> Outcome[Suggestion]:
    """Stop following (a voter may too: voting follows, but it is not a life sentence);
    returns the suggestion. Not following it changes nothing and answers NOT_FOLLOWING.

    Raises `ServiceError` (FollowCode.NOT_FOUND) for a suggestion the member cannot see."""
    viewer = Viewer(member)
    if not can_follow_suggestion(viewer):
        raise Forbidden("Log in to follow a suggestion.")
    suggestion = _visible_suggestion(viewer, suggestion_id)
    deleted, _ = Follow.objects.filter(member=member, suggestion=suggestion).delete()
    already = None
    if not deleted:
        already = FieldError(
            FollowCode.NOT_FOLLOWING, "You were not following this suggestion.", "suggestionId"
        )
    gone = (Follow(member=member, suggestion=suggestion),)
    return Outcome(suggestion, removed=gone, already=already)


LABO_CATEGORY_SLUG = "le-labo"


def suggestion_comment(*, author: Member, suggestion_id: int, body: str) -> Post:
    """Comment on a suggestion: a reply in its discussion thread, opened with the first
    comment in Le Labo (so comments reuse threads and posts, moderation included). The
    comment's `thread` is that discussion, as saved.

    Raises `ServiceError` (SuggestionCommentCode) as a reply does, and `RateLimited` past
    the member's comment limit (`write_throttle`)."""
    viewer = Viewer(author)
    if not can_follow_suggestion(viewer):
        raise Forbidden("Log in to comment.")
    with transaction.atomic():
        suggestion = (
            visible_suggestions(viewer).select_for_update().filter(pk=suggestion_id).first()
        )
        if suggestion is None:
            raise ServiceError.single(
                SuggestionCommentCode.NOT_FOUND, "No such suggestion.", "suggestionId"
            )
        discussion = Thread.objects.filter(suggestion=suggestion).first()
        if discussion is None:
            category, _ = Category.objects.get_or_create(
                slug=LABO_CATEGORY_SLUG,
                defaults={"name": "Le Labo", "accepts_threads": False, "position": 3},
            )
            discussion = Thread.objects.create(
                author=suggestion.author,
                category=category,
                kind=ThreadKind.DISCUSSION,
                title=suggestion.title,
                body=suggestion.body,
                suggestion=suggestion,
                created_at=suggestion.created_at,
                last_activity_at=suggestion.created_at,
            )
        try:
            return post_reply(
                author=author,
                thread_id=discussion.pk,
                body=body,
                kind=WriteKind.COMMENT,
                codes=SuggestionCommentCode,
            )
        except ServiceError as exc:
            # The caller named a suggestion, not its discussion thread.
            raise ServiceError(
                *(
                    FieldError(
                        e.code, e.message, "suggestionId" if e.field == "threadId" else e.field
                    )
                    for e in exc.errors
                )
            ) from exc


class SuggestionEditCode(StrEnum):
    """What `suggestion_edit` refuses."""

    NOT_FOUND = "NOT_FOUND"
    BLANK = "BLANK"
    TOO_LONG = "TOO_LONG"


def suggestion_edit(*, editor: Member, suggestion_id: int, title: str, body: str) -> Suggestion:
    """Staff correct a suggestion's title and text in the back office (to take personal
    data out, say). Its discussion thread opened with a copy of them: the copy is corrected
    too, so the former words are left nowhere. Audited as `suggestion.edit` with the fields
    that changed, before and after; the same text again writes nothing. No community role
    may do this: the back office's own permissions (staff) decide who calls it.

    Raises `ServiceError` (BLANK, TOO_LONG on `title` / `body`; NOT_FOUND) and changes
    nothing then."""
    errors: list[FieldError] = []
    codes = SuggestionEditCode
    title = clean_text(
        title,
        field="title",
        max_length=Suggestion.TITLE_MAX,
        label="The title",
        errors=errors,
        codes=codes,
    )
    body = clean_text(
        body,
        field="body",
        max_length=Suggestion.BODY_MAX,
        label="The description",
        errors=errors,
        codes=codes,
    )
    if errors:
        raise ServiceError(*errors)
    with transaction.atomic():
        suggestion = Suggestion.objects.select_for_update().filter(pk=suggestion_id).first()
        if suggestion is None:
            raise ServiceError.single(codes.NOT_FOUND, "No such suggestion.", "suggestionId")
        before = {"title": suggestion.title, "body": suggestion.body}
        after = {"title": title, "body": body}
        changed = [name for name in after if before[name] != after[name]]
        if not changed:
            return suggestion
        suggestion.title, suggestion.body = title, body
        suggestion.updated_at = timezone.now()
        suggestion.save(update_fields=["title", "body", "updated_at"])
        Thread.objects.filter(suggestion=suggestion).update(title=title, body=body)
        audit_record(
            actor=editor,
            action="suggestion.edit",
            target=suggestion,
            before={name: before[name] for name in changed},
            after={name: after[name] for name in changed},
        )
    return suggestion


# The status machine.

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
