from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any, Protocol

from django.db import transaction
from django.utils import timezone

from models.models import (
    Category,
    Follow,
    Member,
    OutboxEventKind,
    Post,
    PostRevision,
    Suggestion,
    Thread,
    ThreadKind,
    ThreadStatus,
)
from permissions.policies import (
    can_accept_answer,
    can_answer_officially,
    can_close_thread,
    can_create_thread,
    can_edit_post,
    can_follow_thread,
    can_manage_own_content,
    can_moderate,
    can_post_internal_note,
    can_reopen_thread,
    can_reply_to_thread,
    can_resolve_thread,
    can_write_in_locked_thread,
)
from permissions.roles import Viewer
from permissions.rows import visible_posts, visible_threads

from ..bounds import utc_iso
from ..errors import FieldError, Forbidden, Outcome, ResultCode, ServiceError
from ..outbox import record
from ..sensitive import mask
from ..text import (
    TextCodes,
    clean_text,
    masked_numbers,
    same_recent_submission,
    valid_title_and_body,
)
from ..write_throttle import WriteKind, write_throttle_hit
from .audit import audit_record
from .notifications import (
    OfficialAnswer,
    QuestionResolved,
    SuggestionCommented,
    ThreadReplied,
    notify,
    notify_masked_numbers,
    readers,
)


class ThreadCreateCode(ResultCode):
    """What `thread_create` answers besides a new thread."""

    NOT_FOUND = "NOT_FOUND", "The category does not exist or is not visible to you."
    CATEGORY_CLOSED = (
        "CATEGORY_CLOSED",
        "The category takes no new threads (Le Labo's discussions open with the first comment on "
        "an idea).",
    )
    BLANK = "BLANK", "The title or the text is empty (blanks alone count as empty)."
    TOO_LONG = "TOO_LONG", "The title or the text is longer than allowed."
    ALREADY_SUBMITTED = (
        "ALREADY_SUBMITTED",
        "You opened the same thread a moment ago: nothing new was written, and the payload holds "
        "the first one.",
    )


class ThreadReplyCode(ResultCode):
    """What `thread_reply` answers besides a new reply."""

    NOT_FOUND = "NOT_FOUND", "The thread does not exist or is not visible to you."
    THREAD_CLOSED = "THREAD_CLOSED", "The thread is closed: it takes no more replies."
    THREAD_LOCKED = "THREAD_LOCKED", "The thread is locked: only advisers write in it."
    BLANK = "BLANK", "The reply is empty (blanks alone count as empty)."
    TOO_LONG = "TOO_LONG", "The reply is longer than allowed."


class ReplyCodes(TextCodes, Protocol):
    """A result enum with every code `post_reply` may raise (a café reply's, a comment's)."""

    @property
    def NOT_FOUND(self) -> StrEnum: ...

    @property
    def THREAD_CLOSED(self) -> StrEnum: ...

    @property
    def THREAD_LOCKED(self) -> StrEnum: ...


def lock_author(author: Member) -> None:
    """Lock the author's row for the rest of the transaction, so that a member's
    submissions sent at once queue one behind the other (each then sees what the previous
    one wrote). `FOR NO KEY UPDATE` on PostgreSQL: rows that merely point at the member
    (votes, posts by others' transactions) are not held up; on SQLite, transactions already
    run one writer at a time."""
    Member.objects.select_for_update(no_key=True).filter(pk=author.pk).values_list("pk").first()


def thread_create(
    *, author: Member, category_id: int, kind: ThreadKind, title: str, body: str
) -> Outcome[Thread]:
    """Open a question or a discussion in a category of the café.

    The same thread again (same author, same title and body once runs of whitespace are
    made one space, within `COMPTOIR_DUPLICATE_SUBMISSION_WINDOW` seconds; category and
    kind aside, so a cross-post gets the first thread) is not written twice: the first one
    is returned with ALREADY_SUBMITTED. The author's row is locked first, so requests sent
    at once queue and the later ones find the first.

    Raises `ServiceError` (ThreadCreateCode) for a category not found or closed and a
    blank or too long text, and `RateLimited` past the member's thread limit
    (`write_throttle`)."""
    if not can_create_thread(Viewer(author)):
        raise Forbidden("Log in to open a thread.")
    codes = ThreadCreateCode
    errors: list[FieldError] = []
    category = Category.objects.filter(pk=category_id).first()
    if category is None:
        errors.append(FieldError(codes.NOT_FOUND, "No such category.", "categoryId"))
    elif not category.accepts_threads:
        errors.append(
            FieldError(
                codes.CATEGORY_CLOSED,
                f"Threads cannot be opened in “{category.name}”.",
                "categoryId",
            )
        )
    with masked_numbers() as masked:
        title, body = valid_title_and_body(
            title, body, limits=Thread, body_label="The message", codes=codes, errors=errors
        )
    assert category is not None
    with transaction.atomic():
        lock_author(author)
        # A suggestion's discussion thread carries the suggestion's author, title and body:
        # it is no thread the author opened, and a café thread is never "the same" as one.
        mine = Thread.objects.filter(author=author, suggestion__isnull=True)
        existing = same_recent_submission(mine, title=title, body=body)
        if existing is not None:
            return Outcome(
                existing,
                rows=(existing,),
                already=FieldError(
                    codes.ALREADY_SUBMITTED, "You opened this thread a moment ago; here it is."
                ),
            )
        write_throttle_hit(member=author, kind=WriteKind.THREAD)
        now = timezone.now()
        thread = Thread.objects.create(
            author=author,
            category=category,
            kind=kind,
            title=title,
            body=body,
            created_at=now,
            last_activity_at=now,
        )
        notify_masked_numbers(author=author, content=thread, masked=masked)
        record(OutboxEventKind.THREAD_CREATED, thread_id=thread.pk)
    return Outcome(thread, rows=(thread,))


def thread_reply(*, author: Member, thread_id: int, body: str, is_internal: bool = False) -> Post:
    """Reply in a thread. An adviser's reply is official; the first official reply to an open
    question marks it ANSWERED and records the first-response time, and every official reply
    to a question notifies its author. The thread's followers are told of every reply (a
    suggestion's author and followers of every comment in its discussion), once, never of
    their own. An internal note (advisers only) changes nothing else and notifies nobody.
    The reply's `thread` is its thread, as saved.

    Raises `ServiceError` (ThreadReplyCode) for a thread not found, closed or locked and a
    blank or too long text, and `RateLimited` past the member's reply limit
    (`write_throttle`; internal notes count as replies)."""
    return post_reply(
        author=author,
        thread_id=thread_id,
        body=body,
        is_internal=is_internal,
        kind=WriteKind.REPLY,
        codes=ThreadReplyCode,
    )


def post_reply(
    *,
    author: Member,
    thread_id: int,
    body: str,
    kind: WriteKind,
    codes: ReplyCodes,
    is_internal: bool = False,
) -> Post:
    """`thread_reply`, counted against the member's limit of `kind` (REPLY in the café,
    COMMENT under a suggestion), its errors in the caller's `codes`."""
    viewer = Viewer(author)
    if not can_reply_to_thread(viewer):
        raise Forbidden("Log in to reply.")
    if is_internal and not can_post_internal_note(viewer):
        raise Forbidden("Only advisers write internal notes.")
    errors: list[FieldError] = []
    with masked_numbers() as masked:
        body = clean_text(
            body,
            field="body",
            max_length=Post.BODY_MAX,
            label="The message",
            errors=errors,
            codes=codes,
        )
    with transaction.atomic():
        # The lock orders concurrent replies, so exactly one of them is "the first answer".
        thread = visible_threads(viewer).select_for_update().filter(pk=thread_id).first()
        if thread is None:
            raise ServiceError.single(codes.NOT_FOUND, "No such thread.", "threadId")
        if thread.status == ThreadStatus.CLOSED:
            errors.append(FieldError(codes.THREAD_CLOSED, "This thread is closed.", "threadId"))
        elif thread.is_locked and not can_write_in_locked_thread(viewer):
            errors.append(FieldError(codes.THREAD_LOCKED, "This thread is locked.", "threadId"))
        if errors:
            raise ServiceError(*errors)
        write_throttle_hit(member=author, kind=kind)
        now = timezone.now()
        official = can_answer_officially(viewer) and not is_internal
        post = Post.objects.create(
            thread=thread,
            author=author,
            body=body,
            created_at=now,
            is_official=official,
            is_internal=is_internal,
        )
        notify_masked_numbers(author=author, content=post, masked=masked)
        # Internal notes too: advisers following the thread live see them; every receiver's
        # permissions are checked on delivery.
        record(
            OutboxEventKind.POST_CREATED,
            thread_id=thread.pk,
            post_id=post.pk,
            suggestion_id=thread.suggestion_id,
        )
        if is_internal:
            # Customers never see the note: moving the thread's activity, status or response
            # time would tell them there is one.
            return post
        thread.last_activity_at = now
        update_fields = ["last_activity_at"]
        if official and thread.kind == ThreadKind.QUESTION:
            if thread.first_response_at is None:
                thread.first_response_at = now
                update_fields.append("first_response_at")
            if thread.status == ThreadStatus.OPEN:
                thread.status = ThreadStatus.ANSWERED
                update_fields.append("status")
        thread.save(update_fields=update_fields)
        told: set[int] = set()
        if official and thread.kind == ThreadKind.QUESTION:
            told = {thread.author_id}
            notify(recipient_ids=told, event=OfficialAnswer.event(post=post))
        _notify_followers(post, thread, already_told=told)
    return post


def _notify_followers(post: Post, thread: Thread, *, already_told: set[int]) -> None:
    """Tell those who follow where a reply was posted, once each: a café thread's followers
    (THREAD_REPLY), or, for a comment in a suggestion's discussion, the suggestion's author
    and followers (SUGGESTION_COMMENT). Never its author (`notify`), nor whom this reply
    already notified otherwise (a question's author told of an official answer), nor anyone
    who may not read it (`readers`)."""
    if thread.suggestion_id is None:
        followers = Follow.objects.filter(thread=thread).values_list("member_id", flat=True)
        notify(
            recipient_ids=readers(set(followers) - already_told, thread, post),
            event=ThreadReplied.event(post=post),
        )
        return
    suggestion = Suggestion.objects.get(pk=thread.suggestion_id)
    followers = Follow.objects.filter(suggestion=suggestion).values_list("member_id", flat=True)
    notify(
        recipient_ids=readers(
            {suggestion.author_id, *followers} - already_told, suggestion, thread, post
        ),
        event=SuggestionCommented.event(post=post, suggestion_id=suggestion.pk),
    )


# --- Café workflow: answers, resolution, closing, locks, assignment, edits ----------------


class ThreadAcceptAnswerCode(ResultCode):
    """What `thread_accept_answer` answers besides an accepted answer."""

    NOT_FOUND = "NOT_FOUND", "The reply does not exist or is not visible to you."
    NOT_A_QUESTION = (
        "NOT_A_QUESTION",
        "The reply is in a discussion: only a question has an accepted answer.",
    )
    THREAD_CLOSED = "THREAD_CLOSED", "The question is closed."
    INTERNAL_POST = "INTERNAL_POST", "An advisers' internal note cannot be the accepted answer."
    POST_HIDDEN = "POST_HIDDEN", "A reply hidden by a moderator cannot be the accepted answer."
    ALREADY_ACCEPTED = (
        "ALREADY_ACCEPTED",
        "This reply already is the accepted answer: nothing changed.",
    )


class ThreadResolveCode(ResultCode):
    """What `thread_resolve` answers besides a resolved question."""

    NOT_FOUND = "NOT_FOUND", "The thread does not exist or is not visible to you."
    NOT_A_QUESTION = "NOT_A_QUESTION", "The thread is a discussion: only a question is resolved."
    THREAD_CLOSED = "THREAD_CLOSED", "The question is closed."
    ALREADY_RESOLVED = "ALREADY_RESOLVED", "The question is already resolved: nothing changed."


class ThreadCloseCode(ResultCode):
    """What `thread_close` answers besides a closed thread."""

    NOT_FOUND = "NOT_FOUND", "The thread does not exist or is not visible to you."
    ALREADY_CLOSED = "ALREADY_CLOSED", "The thread is already closed: nothing changed."


class ThreadReopenCode(ResultCode):
    """What `thread_reopen` answers besides a reopened thread."""

    NOT_FOUND = "NOT_FOUND", "The thread does not exist or is not visible to you."
    ALREADY_OPEN = "ALREADY_OPEN", "The thread is not closed: nothing changed."


class ThreadLockCode(ResultCode):
    """What `thread_lock` answers besides a locked thread."""

    NOT_FOUND = "NOT_FOUND", "The thread does not exist or is not visible to you."
    ALREADY_LOCKED = "ALREADY_LOCKED", "The thread is already locked: nothing changed."


class ThreadUnlockCode(ResultCode):
    """What `thread_unlock` answers besides an unlocked thread."""

    NOT_FOUND = "NOT_FOUND", "The thread does not exist or is not visible to you."
    NOT_LOCKED = "NOT_LOCKED", "The thread is not locked: nothing changed."


class ThreadAssignCode(ResultCode):
    """What `thread_assign` answers besides a new assignment."""

    NOT_FOUND = (
        "NOT_FOUND",
        "The thread, or the member to assign, does not exist or is not visible to you.",
    )
    NOT_AN_ADVISER = "NOT_AN_ADVISER", "Threads are assigned to active advisers only."
    UNCHANGED = "UNCHANGED", "The thread already has this assignment: nothing changed."


class PostEditCode(ResultCode):
    """What `post_edit` answers besides a new text."""

    NOT_FOUND = "NOT_FOUND", "The reply does not exist or is not visible to you."
    THREAD_CLOSED = "THREAD_CLOSED", "The reply's thread is closed."
    THREAD_LOCKED = "THREAD_LOCKED", "The reply's thread is locked: only advisers write in it."
    POST_HIDDEN = "POST_HIDDEN", "A reply hidden by a moderator cannot be edited."
    BLANK = "BLANK", "The new text is empty (blanks alone count as empty)."
    TOO_LONG = "TOO_LONG", "The new text is longer than allowed."
    UNCHANGED = "UNCHANGED", "The text is the same as before: nothing changed."


class _NotFoundCodes(Protocol):
    @property
    def NOT_FOUND(self) -> StrEnum: ...


def _workflow_state(thread: Thread) -> dict[str, Any]:
    return {
        "status": thread.status,
        "accepted_post": thread.accepted_post_id,
        "resolved_at": utc_iso(thread.resolved_at),
    }


def _audit_workflow(
    viewer: Viewer, actor: Member, action: str, thread: Thread, before: dict[str, Any]
) -> None:
    """Record a workflow change in the outbox, and audit it when staff made it (the
    author's own moves are not staff actions)."""
    record(OutboxEventKind.THREAD_STATUS_CHANGED, thread_id=thread.pk)
    if viewer.is_adviser:
        audit_record(
            actor=actor, action=action, target=thread, before=before, after=_workflow_state(thread)
        )


def _lock_thread(viewer: Viewer, thread_id: int, codes: _NotFoundCodes) -> Thread:
    """The visible thread, locked: concurrent workflow actions on it queue here, so each one
    decides on the state the previous one left."""
    thread = visible_threads(viewer).select_for_update().filter(pk=thread_id).first()
    if thread is None:
        raise ServiceError.single(codes.NOT_FOUND, "No such thread.", "threadId")
    return thread


def _question_errors(
    thread: Thread, field: str, codes: type[ThreadAcceptAnswerCode] | type[ThreadResolveCode]
) -> list[FieldError]:
    errors: list[FieldError] = []
    if thread.kind != ThreadKind.QUESTION:
        errors.append(
            FieldError(codes.NOT_A_QUESTION, "Only a question is answered and resolved.", field)
        )
    if thread.status == ThreadStatus.CLOSED:
        errors.append(FieldError(codes.THREAD_CLOSED, "This thread is closed.", field))
    return errors


def _resolve(thread: Thread, *, actor: Member, now: datetime) -> list[str]:
    """Mark a locked question RESOLVED now and tell its author (unless they did it)."""
    thread.status = ThreadStatus.RESOLVED
    thread.resolved_at = now
    # The resolution instant is part of the event: a retry finds the question resolved and
    # does nothing, while resolving again after a reopen is a new event.
    notify(
        recipient_ids=[thread.author_id],
        event=QuestionResolved.event(thread=thread, actor=actor, at=now),
    )
    return ["status", "resolved_at"]


def _unchanged(thread: Thread, code: StrEnum, message: str, field: str) -> Outcome[Thread]:
    """The thread already was in the asked state: nothing was written."""
    return Outcome(thread, rows=(thread,), already=FieldError(code, message, field))


def thread_accept_answer(*, actor: Member, post_id: int) -> Outcome[Thread]:
    """The question's author or an adviser accepts a reply: the question is RESOLVED (its
    resolution time is kept if it already was) and its author is told when someone else
    resolved it. Accepting another reply of a resolved question replaces the answer;
    accepting the accepted one changes nothing (ALREADY_ACCEPTED).

    Raises `ServiceError` (ThreadAcceptAnswerCode) for a reply not found, not to an open
    question, internal or hidden."""
    viewer = Viewer(actor)
    if not can_manage_own_content(viewer):
        raise Forbidden("Log in to do this.")
    codes = ThreadAcceptAnswerCode
    with transaction.atomic():
        post = visible_posts(viewer).filter(pk=post_id).first()
        thread = (
            visible_threads(viewer).select_for_update().filter(pk=post.thread_id).first()
            if post is not None
            else None
        )
        if post is None or thread is None:
            raise ServiceError.single(codes.NOT_FOUND, "No such reply.", "postId")
        if not can_accept_answer(viewer, thread):
            raise Forbidden("Only the question's author or an adviser accepts an answer.")
        errors = _question_errors(thread, "postId", codes)
        if post.is_internal:
            errors.append(
                FieldError(
                    codes.INTERNAL_POST, "An internal note cannot be the accepted answer.", "postId"
                )
            )
        if post.is_hidden:
            errors.append(
                FieldError(
                    codes.POST_HIDDEN, "A hidden reply cannot be the accepted answer.", "postId"
                )
            )
        if errors:
            raise ServiceError(*errors)
        if thread.accepted_post_id == post.pk:
            return _unchanged(
                thread,
                codes.ALREADY_ACCEPTED,
                "This reply already is the accepted answer.",
                "postId",
            )
        before = _workflow_state(thread)
        thread.accepted_post = post
        update_fields = ["accepted_post"]
        if thread.status != ThreadStatus.RESOLVED:
            update_fields += _resolve(thread, actor=actor, now=timezone.now())
        thread.save(update_fields=update_fields)
        _audit_workflow(viewer, actor, "thread.accept_answer", thread, before)
    return Outcome(thread, rows=(thread,))


def thread_resolve(*, actor: Member, thread_id: int) -> Outcome[Thread]:
    """The question's author or an adviser marks a question RESOLVED without accepting a
    reply (e.g. solved by phone); a resolved one changes nothing (ALREADY_RESOLVED).

    Raises `ServiceError` (ThreadResolveCode) for a thread not found, not a question, or
    closed."""
    viewer = Viewer(actor)
    if not can_manage_own_content(viewer):
        raise Forbidden("Log in to do this.")
    codes = ThreadResolveCode
    with transaction.atomic():
        thread = _lock_thread(viewer, thread_id, codes)
        if not can_resolve_thread(viewer, thread):
            raise Forbidden("Only the question's author or an adviser resolves it.")
        errors = _question_errors(thread, "threadId", codes)
        if errors:
            raise ServiceError(*errors)
        if thread.status == ThreadStatus.RESOLVED:
            return _unchanged(
                thread, codes.ALREADY_RESOLVED, "This question is already resolved.", "threadId"
            )
        before = _workflow_state(thread)
        thread.save(update_fields=_resolve(thread, actor=actor, now=timezone.now()))
        _audit_workflow(viewer, actor, "thread.resolve", thread, before)
    return Outcome(thread, rows=(thread,))


def thread_close(*, actor: Member, thread_id: int) -> Outcome[Thread]:
    """Close a thread (no more replies): advisers close any thread, authors their own. A
    resolved question keeps its resolution time; a closed thread changes nothing
    (ALREADY_CLOSED).

    Raises `ServiceError` (ThreadCloseCode.NOT_FOUND) for a thread not found."""
    viewer = Viewer(actor)
    if not can_manage_own_content(viewer):
        raise Forbidden("Log in to do this.")
    codes = ThreadCloseCode
    with transaction.atomic():
        thread = _lock_thread(viewer, thread_id, codes)
        if not can_close_thread(viewer, thread):
            raise Forbidden("Only the thread's author or an adviser closes it.")
        if thread.status == ThreadStatus.CLOSED:
            return _unchanged(
                thread, codes.ALREADY_CLOSED, "This thread is already closed.", "threadId"
            )
        before = _workflow_state(thread)
        thread.status = ThreadStatus.CLOSED
        thread.save(update_fields=["status"])
        _audit_workflow(viewer, actor, "thread.close", thread, before)
    return Outcome(thread, rows=(thread,))


def thread_reopen(*, actor: Member, thread_id: int) -> Outcome[Thread]:
    """An adviser reopens a CLOSED or RESOLVED thread: it goes back to ANSWERED (a question
    an adviser already answered) or OPEN, without accepted answer or resolution time. Any
    other thread changes nothing (ALREADY_OPEN).

    Raises `ServiceError` (ThreadReopenCode.NOT_FOUND) for a thread not found."""
    viewer = Viewer(actor)
    if not can_moderate(viewer):
        raise Forbidden("Only advisers may do this.")
    codes = ThreadReopenCode
    with transaction.atomic():
        thread = _lock_thread(viewer, thread_id, codes)
        if not can_reopen_thread(viewer, thread):
            raise Forbidden("Only advisers reopen threads.")
        if thread.status not in (ThreadStatus.CLOSED, ThreadStatus.RESOLVED):
            return _unchanged(
                thread,
                codes.ALREADY_OPEN,
                "This thread is neither closed nor resolved.",
                "threadId",
            )
        before = _workflow_state(thread)
        answered = thread.kind == ThreadKind.QUESTION and thread.first_response_at is not None
        thread.status = ThreadStatus.ANSWERED if answered else ThreadStatus.OPEN
        thread.resolved_at = None
        thread.accepted_post = None
        thread.save(update_fields=["status", "resolved_at", "accepted_post"])
        _audit_workflow(viewer, actor, "thread.reopen", thread, before)
    return Outcome(thread, rows=(thread,))


def _set_locked(
    *, actor: Member, thread_id: int, locked: bool, already: FieldError
) -> Outcome[Thread]:
    """Lock or unlock; `already` is the answer when the thread already is so."""
    viewer = Viewer(actor)
    if not can_moderate(viewer):
        raise Forbidden("Only advisers may do this.")
    codes = ThreadLockCode if locked else ThreadUnlockCode
    with transaction.atomic():
        thread = _lock_thread(viewer, thread_id, codes)
        if thread.is_locked == locked:
            return Outcome(thread, rows=(thread,), already=already)
        thread.is_locked = locked
        thread.save(update_fields=["is_locked"])
        audit_record(
            actor=actor,
            action="thread.lock" if locked else "thread.unlock",
            target=thread,
            before={"is_locked": not locked},
            after={"is_locked": locked},
        )
    return Outcome(thread, rows=(thread,))


def thread_lock(*, actor: Member, thread_id: int) -> Outcome[Thread]:
    """An adviser locks a thread: customers and the committee can no longer reply. A locked
    thread changes nothing (ALREADY_LOCKED).

    Raises `ServiceError` (ThreadLockCode.NOT_FOUND) for a thread not found."""
    already = FieldError(
        ThreadLockCode.ALREADY_LOCKED, "This thread is already locked.", "threadId"
    )
    return _set_locked(actor=actor, thread_id=thread_id, locked=True, already=already)


def thread_unlock(*, actor: Member, thread_id: int) -> Outcome[Thread]:
    """An adviser unlocks a thread; one that is not locked changes nothing (NOT_LOCKED).

    Raises `ServiceError` (ThreadUnlockCode.NOT_FOUND) for a thread not found."""
    already = FieldError(ThreadUnlockCode.NOT_LOCKED, "This thread is not locked.", "threadId")
    return _set_locked(actor=actor, thread_id=thread_id, locked=False, already=already)


def thread_assign(*, actor: Member, thread_id: int, adviser_id: int | None) -> Outcome[Thread]:
    """An adviser assigns a thread to an active adviser (`adviser_id=None` unassigns it).
    The same assignment again changes nothing (UNCHANGED).

    Raises `ServiceError` (ThreadAssignCode) for a thread or member not found, or a member
    who is not an active adviser."""
    viewer = Viewer(actor)
    if not can_moderate(viewer):
        raise Forbidden("Only advisers may do this.")
    codes = ThreadAssignCode
    with transaction.atomic():
        thread = _lock_thread(viewer, thread_id, codes)
        if adviser_id is not None:
            adviser = Member.objects.filter(pk=adviser_id).first()
            if adviser is None:
                raise ServiceError.single(codes.NOT_FOUND, "No such member.", "adviserId")
            if not (adviser.is_adviser and adviser.is_active):
                raise ServiceError.single(
                    codes.NOT_AN_ADVISER, "Threads are assigned to active advisers.", "adviserId"
                )
        if thread.assigned_adviser_id == adviser_id:
            return _unchanged(
                thread, codes.UNCHANGED, "The thread already has this assignment.", "adviserId"
            )
        before = {"assigned_adviser": thread.assigned_adviser_id}
        thread.assigned_adviser_id = adviser_id
        thread.save(update_fields=["assigned_adviser"])
        audit_record(
            actor=actor,
            action="thread.assign",
            target=thread,
            before=before,
            after={"assigned_adviser": adviser_id},
        )
    return Outcome(thread, rows=(thread,))


def post_edit(*, author: Member, post_id: int, body: str) -> Outcome[Post]:
    """The author edits their reply; the previous text is kept as a revision (advisers read
    the history). Closed threads, locked ones (but for advisers) and hidden replies are not
    edited: the moderators judged what is there. The same text again changes nothing
    (UNCHANGED).

    Raises `ServiceError` (PostEditCode) for a reply not found, not editable, or a blank or
    too long text."""
    viewer = Viewer(author)
    if not can_manage_own_content(viewer):
        raise Forbidden("Log in to do this.")
    codes = PostEditCode
    errors: list[FieldError] = []
    with masked_numbers() as masked:
        body = clean_text(
            body,
            field="body",
            max_length=Post.BODY_MAX,
            label="The message",
            errors=errors,
            codes=codes,
        )
    with transaction.atomic():
        # Locked, so concurrent edits each keep the text they replaced.
        post = visible_posts(viewer).select_for_update(of=("self",)).filter(pk=post_id).first()
        if post is None:
            raise ServiceError.single(codes.NOT_FOUND, "No such reply.", "postId")
        if not can_edit_post(viewer, post):
            raise Forbidden("Only its author edits a reply.")
        thread = Thread.objects.get(pk=post.thread_id)
        if thread.status == ThreadStatus.CLOSED:
            errors.append(FieldError(codes.THREAD_CLOSED, "This thread is closed.", "postId"))
        elif thread.is_locked and not can_write_in_locked_thread(viewer):
            errors.append(FieldError(codes.THREAD_LOCKED, "This thread is locked.", "postId"))
        if post.is_hidden:
            errors.append(
                FieldError(codes.POST_HIDDEN, "A hidden reply cannot be edited.", "postId")
            )
        if errors:
            raise ServiceError(*errors)
        if body == post.body:
            return Outcome(
                post,
                rows=(post,),
                already=FieldError(
                    codes.UNCHANGED, "The text is the same: nothing changed.", "body"
                ),
            )
        now = timezone.now()
        # A text stored before numbers were masked leaves none in its revision either.
        revision = PostRevision.objects.create(
            post=post, body=mask(post.body).text, edited_by=author, created_at=now
        )
        post.body = body
        post.edited_at = now
        post.save(update_fields=["body", "edited_at"])
        notify_masked_numbers(author=author, content=post, masked=masked)
    return Outcome(post, rows=(post, revision))


# --- Following a café thread ---------------------------------------------------------------


class ThreadFollowCode(ResultCode):
    """What `thread_follow` and `thread_unfollow` answer besides a change."""

    NOT_FOUND = "NOT_FOUND", "The thread does not exist or is not visible to you."
    USE_FOLLOW_SUGGESTION = (
        "USE_FOLLOW_SUGGESTION",
        "The thread is a suggestion's discussion: follow the suggestion (followSuggestion), "
        "whose followers are told of its comments.",
    )
    ALREADY_FOLLOWING = "ALREADY_FOLLOWING", "You already follow this thread: nothing changed."
    NOT_FOLLOWING = "NOT_FOLLOWING", "You were not following this thread: nothing changed."


def _followable_thread(member: Member, thread_id: int) -> Thread:
    viewer = Viewer(member)
    if not can_follow_thread(viewer):
        raise Forbidden("Log in to follow a thread.")
    codes = ThreadFollowCode
    thread = visible_threads(viewer).filter(pk=thread_id).first()
    if thread is None:
        raise ServiceError.single(codes.NOT_FOUND, "No such thread.", "threadId")
    if thread.suggestion_id is not None:
        raise ServiceError.single(
            codes.USE_FOLLOW_SUGGESTION,
            "This thread is a suggestion's discussion: follow the suggestion instead.",
            "threadId",
        )
    return thread


def thread_follow(*, member: Member, thread_id: int) -> Outcome[Thread]:
    """Follow a café thread, to be told of each new reply (THREAD_REPLY); returns the
    thread. Following it again changes nothing and answers ALREADY_FOLLOWING; calls at once
    make one follow (the database's unique constraint decides).

    Raises `ServiceError` (ThreadFollowCode: NOT_FOUND, USE_FOLLOW_SUGGESTION for a
    suggestion's discussion)."""
    thread = _followable_thread(member, thread_id)
    follow, created = Follow.objects.get_or_create(member=member, thread=thread)
    already = None
    if not created:
        already = FieldError(
            ThreadFollowCode.ALREADY_FOLLOWING, "You already follow this thread.", "threadId"
        )
    return Outcome(thread, rows=(follow,), already=already)


def thread_unfollow(*, member: Member, thread_id: int) -> Outcome[Thread]:
    """Stop following a café thread; returns the thread. Not following it changes nothing
    and answers NOT_FOLLOWING.

    Raises `ServiceError` (ThreadFollowCode: NOT_FOUND, USE_FOLLOW_SUGGESTION)."""
    thread = _followable_thread(member, thread_id)
    deleted, _ = Follow.objects.filter(member=member, thread=thread).delete()
    already = None
    if not deleted:
        already = FieldError(
            ThreadFollowCode.NOT_FOLLOWING, "You were not following this thread.", "threadId"
        )
    return Outcome(thread, removed=(Follow(member=member, thread=thread),), already=already)
