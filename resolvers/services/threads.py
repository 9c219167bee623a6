from __future__ import annotations

from datetime import UTC, datetime, timedelta
from enum import StrEnum
from typing import Any, Protocol

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from models.models import (
    Category,
    Member,
    Post,
    PostRevision,
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

from ..errors import FieldError, Forbidden, Outcome, ServiceError
from ..text import TextCodes, clean_text, same_text
from ..write_throttle import WriteKind, write_throttle_hit
from .audit import audit_record
from .notifications import OfficialAnswer, QuestionResolved, notify


class ThreadCreateCode(StrEnum):
    """What `thread_create` answers besides a new thread."""

    NOT_FOUND = "NOT_FOUND"
    CATEGORY_CLOSED = "CATEGORY_CLOSED"
    BLANK = "BLANK"
    TOO_LONG = "TOO_LONG"
    ALREADY_SUBMITTED = "ALREADY_SUBMITTED"


class ThreadReplyCode(StrEnum):
    """What `thread_reply` answers besides a new reply."""

    NOT_FOUND = "NOT_FOUND"
    THREAD_CLOSED = "THREAD_CLOSED"
    THREAD_LOCKED = "THREAD_LOCKED"
    BLANK = "BLANK"
    TOO_LONG = "TOO_LONG"


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


def _same_recent_thread(author: Member, title: str, body: str) -> Thread | None:
    # A suggestion's discussion thread carries the suggestion's author, title and body: it
    # is no thread the author opened, and a café thread is never "the same" as one.
    since = timezone.now() - timedelta(seconds=settings.COMPTOIR_DUPLICATE_SUBMISSION_WINDOW)
    key = (same_text(title), same_text(body))
    recent = Thread.objects.filter(
        author=author, suggestion__isnull=True, created_at__gte=since
    ).order_by("-id")
    return next((t for t in recent if (same_text(t.title), same_text(t.body)) == key), None)


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
    title = clean_text(
        title,
        field="title",
        max_length=Thread.TITLE_MAX,
        label="The title",
        errors=errors,
        codes=codes,
    )
    body = clean_text(
        body,
        field="body",
        max_length=Thread.BODY_MAX,
        label="The message",
        errors=errors,
        codes=codes,
    )
    if errors:
        raise ServiceError(*errors)
    assert category is not None
    with transaction.atomic():
        lock_author(author)
        existing = _same_recent_thread(author, title, body)
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
    return Outcome(thread, rows=(thread,))


def thread_reply(*, author: Member, thread_id: int, body: str, is_internal: bool = False) -> Post:
    """Reply in a thread. An adviser's reply is official; the first official reply to an open
    question marks it ANSWERED and records the first-response time, and every official reply
    to a question notifies its author. An internal note (advisers only) changes nothing else
    and notifies nobody. The reply's `thread` is its thread, as saved.

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
        if official and thread.kind == ThreadKind.QUESTION:
            notify(recipient_ids=[thread.author_id], event=OfficialAnswer.event(post=post))
    return post


# --- Café workflow: answers, resolution, closing, locks, assignment, edits ----------------


class ThreadAcceptAnswerCode(StrEnum):
    """What `thread_accept_answer` answers besides an accepted answer."""

    NOT_FOUND = "NOT_FOUND"
    NOT_A_QUESTION = "NOT_A_QUESTION"
    THREAD_CLOSED = "THREAD_CLOSED"
    INTERNAL_POST = "INTERNAL_POST"
    POST_HIDDEN = "POST_HIDDEN"
    ALREADY_ACCEPTED = "ALREADY_ACCEPTED"


class ThreadResolveCode(StrEnum):
    """What `thread_resolve` answers besides a resolved question."""

    NOT_FOUND = "NOT_FOUND"
    NOT_A_QUESTION = "NOT_A_QUESTION"
    THREAD_CLOSED = "THREAD_CLOSED"
    ALREADY_RESOLVED = "ALREADY_RESOLVED"


class ThreadCloseCode(StrEnum):
    """What `thread_close` answers besides a closed thread."""

    NOT_FOUND = "NOT_FOUND"
    ALREADY_CLOSED = "ALREADY_CLOSED"


class ThreadReopenCode(StrEnum):
    """What `thread_reopen` answers besides a reopened thread."""

    NOT_FOUND = "NOT_FOUND"
    ALREADY_OPEN = "ALREADY_OPEN"


class ThreadLockCode(StrEnum):
    """What `thread_lock` answers besides a locked thread."""

    NOT_FOUND = "NOT_FOUND"
    ALREADY_LOCKED = "ALREADY_LOCKED"


class ThreadUnlockCode(StrEnum):
    """What `thread_unlock` answers besides an unlocked thread."""

    NOT_FOUND = "NOT_FOUND"
    NOT_LOCKED = "NOT_LOCKED"


class ThreadAssignCode(StrEnum):
    """What `thread_assign` answers besides a new assignment."""

    NOT_FOUND = "NOT_FOUND"
    NOT_AN_ADVISER = "NOT_AN_ADVISER"
    UNCHANGED = "UNCHANGED"


class PostEditCode(StrEnum):
    """What `post_edit` answers besides a new text."""

    NOT_FOUND = "NOT_FOUND"
    THREAD_CLOSED = "THREAD_CLOSED"
    THREAD_LOCKED = "THREAD_LOCKED"
    POST_HIDDEN = "POST_HIDDEN"
    BLANK = "BLANK"
    TOO_LONG = "TOO_LONG"
    UNCHANGED = "UNCHANGED"


class _NotFoundCodes(Protocol):
    @property
    def NOT_FOUND(self) -> StrEnum: ...


def _iso(moment: datetime | None) -> str | None:
    # Audit events carry UTC instants.
    return moment.astimezone(UTC).isoformat() if moment is not None else None


def _workflow_state(thread: Thread) -> dict[str, Any]:
    return {
        "status": thread.status,
        "accepted_post": thread.accepted_post_id,
        "resolved_at": _iso(thread.resolved_at),
    }


def _audit_workflow(
    viewer: Viewer, actor: Member, action: str, thread: Thread, before: dict[str, Any]
) -> None:
    """Audit a workflow change made by staff (the author's own moves are not staff
    actions)."""
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
        revision = PostRevision.objects.create(
            post=post, body=post.body, edited_by=author, created_at=now
        )
        post.body = body
        post.edited_at = now
        post.save(update_fields=["body", "edited_at"])
    return Outcome(post, rows=(post, revision))
