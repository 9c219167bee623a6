"""Suggestions (the Labo): submitting, comments, follows, and the status machine (DESIGN §3)
with the moves advisers make on it.

SUBMITTED → UNDER_REVIEW → SHORTLISTED                       [adviser]
SHORTLISTED → RETAINED | DEFERRED | REJECTED                 [publishing a committee decision]
DEFERRED → SHORTLISTED; RETAINED → IN_PROGRESS → DELIVERED   [adviser]
SUBMITTED | UNDER_REVIEW → DUPLICATE                         [adviser, merging into another]
SUBMITTED → WITHDRAWN                                        [its author]
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone

from models.models import (
    Category,
    Follow,
    Member,
    OutboxEventKind,
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
    can_manage_own_suggestions,
    can_manage_suggestion,
    can_submit_suggestion,
    can_triage_suggestions,
)
from permissions.roles import Viewer
from permissions.rows import visible_suggestions

from ..errors import FieldError, Forbidden, Outcome, ResultCode, ServiceError
from ..outbox import record
from ..text import (
    clean_optional_text,
    masked_numbers,
    same_recent_submission,
    valid_title_and_body,
)
from ..write_throttle import WriteKind, write_throttle_hit
from .audit import audit_record
from .notifications import (
    SuggestionMarkedDuplicate,
    SuggestionStatusChanged,
    notify,
    notify_masked_numbers,
)
from .threads import lock_author, post_reply


class SuggestionSubmitCode(ResultCode):
    """What `suggestion_submit` answers besides a new suggestion."""

    BLANK = "BLANK", "The title or the description is empty (blanks alone count as empty)."
    TOO_LONG = "TOO_LONG", "The title or the description is longer than allowed."
    ALREADY_SUBMITTED = (
        "ALREADY_SUBMITTED",
        "You submitted the same idea a moment ago: nothing new was written, and the payload holds "
        "the first one.",
    )


class FollowCode(ResultCode):
    """What `follow_create` and `follow_delete` answer besides a change."""

    NOT_FOUND = "NOT_FOUND", "The suggestion does not exist or is not visible to you."
    ALREADY_FOLLOWING = "ALREADY_FOLLOWING", "You already follow this suggestion: nothing changed."
    NOT_FOLLOWING = "NOT_FOLLOWING", "You were not following this suggestion: nothing changed."


class SuggestionCommentCode(ResultCode):
    """What `suggestion_comment` answers besides a new comment."""

    NOT_FOUND = "NOT_FOUND", "The suggestion does not exist or is not visible to you."
    BLANK = "BLANK", "The comment is empty (blanks alone count as empty)."
    TOO_LONG = "TOO_LONG", "The comment is longer than allowed."
    THREAD_CLOSED = "THREAD_CLOSED", "The suggestion's discussion is closed."
    THREAD_LOCKED = (
        "THREAD_LOCKED",
        "The suggestion's discussion is locked: only advisers write in it.",
    )


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
    codes = SuggestionSubmitCode
    with masked_numbers() as masked:
        title, body = valid_title_and_body(
            title, body, limits=Suggestion, body_label="The description", codes=codes
        )
    with transaction.atomic():
        lock_author(author)
        mine = Suggestion.objects.filter(author=author)
        existing = same_recent_submission(mine, title=title, body=body)
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
        notify_masked_numbers(author=author, content=suggestion, masked=masked)
        record(OutboxEventKind.SUGGESTION_SUBMITTED, suggestion_id=suggestion.pk)
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


class SuggestionEditCode(ResultCode):
    """What `suggestion_edit` refuses."""

    NOT_FOUND = "NOT_FOUND", "The suggestion does not exist."
    BLANK = "BLANK", "The title or the description is empty (blanks alone count as empty)."
    TOO_LONG = "TOO_LONG", "The title or the description is longer than allowed."


def suggestion_edit(*, editor: Member, suggestion_id: int, title: str, body: str) -> Suggestion:
    """Staff correct a suggestion's title and text in the back office (to take personal
    data out, say). Its discussion thread opened with a copy of them: the copy is corrected
    too, so the former words are left nowhere. Audited as `suggestion.edit` with the fields
    that changed, before and after; the same text again writes nothing. No community role
    may do this: the back office's own permissions (staff) decide who calls it.

    Raises `ServiceError` (BLANK, TOO_LONG on `title` / `body`; NOT_FOUND) and changes
    nothing then."""
    codes = SuggestionEditCode
    title, body = valid_title_and_body(
        title, body, limits=Suggestion, body_label="The description", codes=codes
    )
    with transaction.atomic():
        suggestion = Suggestion.objects.select_for_update().filter(pk=suggestion_id).first()
        if suggestion is None:
            raise ServiceError.single(codes.NOT_FOUND, "No such suggestion.", "suggestionId")
        _rewrite(suggestion, actor=editor, title=title, body=body, stamp="updated_at")
    return suggestion


def _rewrite(suggestion: Suggestion, *, actor: Member, title: str, body: str, stamp: str) -> bool:
    """Give a locked suggestion this title and text, and its discussion's copy too (so the
    former words are left nowhere), stamped now in `stamp`; audited as `suggestion.edit`
    with the fields that changed, before and after. The same text writes nothing: returns
    whether anything changed."""
    before = {"title": suggestion.title, "body": suggestion.body}
    after = {"title": title, "body": body}
    changed = [name for name in after if before[name] != after[name]]
    if not changed:
        return False
    suggestion.title, suggestion.body = title, body
    setattr(suggestion, stamp, timezone.now())
    suggestion.save(update_fields=["title", "body", stamp])
    Thread.objects.filter(suggestion=suggestion).update(title=title, body=body)
    audit_record(
        actor=actor,
        action="suggestion.edit",
        target=suggestion,
        before={name: before[name] for name in changed},
        after={name: after[name] for name in changed},
    )
    return True


class SuggestionReviseCode(ResultCode):
    """What `suggestion_revise` answers besides new words."""

    NOT_FOUND = "NOT_FOUND", "The suggestion does not exist or is not visible to you."
    NOT_SUBMITTED = (
        "NOT_SUBMITTED",
        "Only a SUBMITTED idea is edited: once the bank studies it (or it is merged or "
        "withdrawn), its words stay as they are. The payload holds it as it is.",
    )
    BLANK = "BLANK", "The title or the description is empty (blanks alone count as empty)."
    TOO_LONG = "TOO_LONG", "The title or the description is longer than allowed."
    UNCHANGED = (
        "UNCHANGED",
        "The title and the description are the same as before: nothing changed.",
    )


def _own_suggestion(
    viewer: Viewer,
    suggestion_id: int,
    codes: type[SuggestionReviseCode] | type[SuggestionWithdrawCode],
    refused: str,
) -> Suggestion:
    """The suggestion, locked (its votes, the advisers' moves and its author's edits queue
    on that lock), checked to be the member's own. Raises NOT_FOUND, or `Forbidden`
    (`refused`) for another member's."""
    suggestion = lock_suggestions(viewer, suggestion_id).get(suggestion_id)
    if suggestion is None:
        raise ServiceError.single(codes.NOT_FOUND, "No such suggestion.", "suggestionId")
    if not can_manage_suggestion(viewer, suggestion):
        raise Forbidden(refused)
    return suggestion


def suggestion_revise(
    *, author: Member, suggestion_id: int, title: str, body: str
) -> Outcome[Suggestion]:
    """Its author edits an idea's title and text while it is SUBMITTED (before the bank
    studies it, so the committee and the voters judge words that no longer move); its
    discussion's copy follows, `edited_at` says when, and the audit log keeps the former
    words (`suggestion.edit`). The same words again write nothing and answer UNCHANGED, so
    a retried request is harmless.

    Raises `ServiceError` (SuggestionReviseCode: BLANK, TOO_LONG, NOT_FOUND, and
    NOT_SUBMITTED with the suggestion as its `subject`), `Forbidden` for another member's
    idea; nothing is written then."""
    viewer = Viewer(author)
    if not can_manage_own_suggestions(viewer):
        raise Forbidden("Only customers edit their suggestions.")
    codes = SuggestionReviseCode
    with masked_numbers() as masked:
        title, body = valid_title_and_body(
            title, body, limits=Suggestion, body_label="The description", codes=codes
        )
    with transaction.atomic():
        suggestion = _own_suggestion(
            viewer, suggestion_id, codes, "Only its author edits a suggestion."
        )
        if suggestion.status != S.SUBMITTED:
            raise ServiceError.single(
                codes.NOT_SUBMITTED,
                f"This suggestion can no longer be edited ({S(suggestion.status).label}).",
                "suggestionId",
                subject=suggestion,
            )
        if not _rewrite(suggestion, actor=author, title=title, body=body, stamp="edited_at"):
            return Outcome(
                suggestion,
                rows=(suggestion,),
                already=FieldError(codes.UNCHANGED, "The title and the description are unchanged."),
            )
        notify_masked_numbers(author=author, content=suggestion, masked=masked)
    return Outcome(suggestion, rows=(suggestion,))


# The status machine.

S = SuggestionStatus


class SuggestionChangeStatusCode(ResultCode):
    """What `suggestion_change_status` answers besides a move."""

    NOT_FOUND = "NOT_FOUND", "The suggestion does not exist or is not visible to you."
    ILLEGAL_TRANSITION = (
        "ILLEGAL_TRANSITION",
        "The status machine does not allow this move from the suggestion's current status.",
    )
    DECISION_REQUIRED = (
        "DECISION_REQUIRED",
        "RETAINED, DEFERRED and REJECTED come only from publishing a committee decision.",
    )
    USE_MARK_DUPLICATE = (
        "USE_MARK_DUPLICATE",
        "A suggestion becomes DUPLICATE by markSuggestionDuplicate, which merges it into its "
        "original.",
    )
    TOO_LONG = "TOO_LONG", "The public note is longer than allowed."


class SuggestionMarkDuplicateCode(ResultCode):
    """What `suggestion_mark_duplicate` answers besides a merge."""

    NOT_FOUND = (
        "NOT_FOUND",
        "The suggestion, or the original, does not exist or is not visible to you.",
    )
    SAME_SUGGESTION = "SAME_SUGGESTION", "A suggestion cannot be a duplicate of itself."
    ALREADY_DECIDED = (
        "ALREADY_DECIDED",
        "Only a SUBMITTED or UNDER_REVIEW suggestion can be marked duplicate.",
    )
    ORIGINAL_IS_DUPLICATE = (
        "ORIGINAL_IS_DUPLICATE",
        "The original is itself a duplicate: merge into the suggestion it duplicates.",
    )
    ORIGINAL_CLOSED = (
        "ORIGINAL_CLOSED",
        "Voting is closed on the original: merge into a suggestion still open to votes.",
    )
    TOO_LONG = "TOO_LONG", "The public note is longer than allowed."


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


def status_moves(viewer: Viewer, status: str) -> list[SuggestionStatus]:
    """The statuses `viewer` may move a suggestion in `status` to with
    `suggestion_change_status`, in the machine's order: advisers' moves, none for anyone
    else (decisions and merges have their own services)."""
    if not can_triage_suggestions(viewer):
        return []
    allowed = ADVISER_MOVES.get(status, frozenset())
    return [s for s in S if s in allowed]


def can_mark_duplicate(viewer: Viewer, status: str) -> bool:
    """Whether `viewer` may merge a suggestion in `status` into another
    (`suggestion_mark_duplicate`): advisers, while it is SUBMITTED or UNDER_REVIEW."""
    return can_triage_suggestions(viewer) and status in DUPLICABLE


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
    record(OutboxEventKind.SUGGESTION_STATUS_CHANGED, suggestion_id=suggestion.pk)
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
    return clean_optional_text(
        note,
        field="publicNote",
        max_length=StatusChange.NOTE_MAX,
        label="The public note",
        errors=errors,
        codes=codes,
    )


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
        record(OutboxEventKind.VOTE_COUNT_CHANGED, suggestion_id=original.pk)
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


class SuggestionWithdrawCode(ResultCode):
    """What `suggestion_withdraw` answers besides a withdrawal."""

    NOT_FOUND = "NOT_FOUND", "The suggestion does not exist or is not visible to you."
    NOT_SUBMITTED = (
        "NOT_SUBMITTED",
        "Only a SUBMITTED idea is withdrawn: once the bank studies it (or it is merged), it "
        "follows its course. The payload holds it as it is.",
    )
    ALREADY_WITHDRAWN = (
        "ALREADY_WITHDRAWN",
        "The idea is already withdrawn: nothing changed.",
    )


# The public note of a withdrawal, in the suggestion's history.
WITHDRAW_NOTE = "Retirée par son auteur."


def suggestion_withdraw(*, author: Member, suggestion_id: int) -> Outcome[Suggestion]:
    """Its author takes an idea back while it is SUBMITTED: it becomes WITHDRAWN (closed to
    votes, left out of the Labo's lists, its page, votes and comments kept), its public
    history says so, the audit log records `suggestion.withdraw`, and its followers are
    told as of any status change. Withdrawing it again changes nothing and answers
    ALREADY_WITHDRAWN, so a retried request is harmless.

    Raises `ServiceError` (SuggestionWithdrawCode: NOT_FOUND, and NOT_SUBMITTED with the
    suggestion as its `subject`), `Forbidden` for another member's idea; nothing is written
    then."""
    viewer = Viewer(author)
    if not can_manage_own_suggestions(viewer):
        raise Forbidden("Only customers withdraw their suggestions.")
    codes = SuggestionWithdrawCode
    with transaction.atomic():
        suggestion = _own_suggestion(
            viewer, suggestion_id, codes, "Only its author withdraws a suggestion."
        )
        if suggestion.status == S.WITHDRAWN:
            return Outcome(
                suggestion,
                rows=(suggestion,),
                already=FieldError(
                    codes.ALREADY_WITHDRAWN, "You already withdrew this suggestion.", "suggestionId"
                ),
            )
        if suggestion.status != S.SUBMITTED:
            raise ServiceError.single(
                codes.NOT_SUBMITTED,
                f"This suggestion can no longer be withdrawn ({S(suggestion.status).label}).",
                "suggestionId",
                subject=suggestion,
            )
        record_status_change(
            suggestion=suggestion, to_status=S.WITHDRAWN, actor=author, public_note=WITHDRAW_NOTE
        )
        audit_record(
            actor=author,
            action="suggestion.withdraw",
            target=suggestion,
            before={"status": S.SUBMITTED.value},
            after={"status": S.WITHDRAWN.value},
        )
    return Outcome(suggestion, rows=(suggestion,))


def _move_rows(model: type[Vote] | type[Follow], source: Suggestion, target: Suggestion) -> None:
    """Re-point (member, suggestion) rows from source to target; a member who already has a
    row on the target keeps that one (unique per member and suggestion)."""
    already = model.objects.filter(suggestion=target).values("member_id")
    model.objects.filter(suggestion=source, member_id__in=already).delete()
    model.objects.filter(suggestion=source).update(suggestion=target)
