from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

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

from ..errors import FieldError, Forbidden, ServiceError
from .audit import audit_record
from .notifications import OfficialAnswer, QuestionResolved, notify
from .text import clean_text, same_text
from .write_throttle import WriteKind, write_throttle_hit


@dataclass(frozen=True, slots=True)
class ThreadCreation:
    thread: Thread
    # False when the author had already opened the same thread within
    # COMPTOIR_DUPLICATE_SUBMISSION_WINDOW seconds (a double click, a retried request): that
    # one is returned and nothing was written.
    created: bool


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
) -> ThreadCreation:
    """Open a question or a discussion in a category of the café.

    The same thread again (same author, same title and body once runs of whitespace are
    made one space, within `COMPTOIR_DUPLICATE_SUBMISSION_WINDOW` seconds; category and
    kind aside, so a cross-post gets the first thread) is not written twice: the first one
    is returned with `created=False`. The author's row is locked first, so requests sent at
    once queue and the later ones find the first.

    Raises `RateLimited` past the member's thread limit (`write_throttle`)."""
    if not can_create_thread(Viewer(author)):
        raise Forbidden("Log in to open a thread.")
    errors: list[FieldError] = []
    category = Category.objects.filter(pk=category_id).first()
    if category is None:
        errors.append(FieldError("NOT_FOUND", "No such category.", "categoryId"))
    elif not category.accepts_threads:
        errors.append(
            FieldError(
                "CATEGORY_CLOSED",
                f"Threads cannot be opened in “{category.name}”.",
                "categoryId",
            )
        )
    title = clean_text(
        title, field="title", max_length=Thread.TITLE_MAX, label="The title", errors=errors
    )
    body = clean_text(
        body, field="body", max_length=Thread.BODY_MAX, label="The message", errors=errors
    )
    if errors:
        raise ServiceError(*errors)
    assert category is not None
    with transaction.atomic():
        lock_author(author)
        existing = _same_recent_thread(author, title, body)
        if existing is not None:
            return ThreadCreation(thread=existing, created=False)
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
    return ThreadCreation(thread=thread, created=True)


def thread_reply(*, author: Member, thread_id: int, body: str, is_internal: bool = False) -> Post:
    """Reply in a thread. An adviser's reply is official; the first official reply to an open
    question marks it ANSWERED and records the first-response time, and every official reply
    to a question notifies its author. An internal note (advisers only) changes nothing else
    and notifies nobody.

    Raises `RateLimited` past the member's reply limit (`write_throttle`; internal notes
    count as replies)."""
    return post_reply(
        author=author, thread_id=thread_id, body=body, is_internal=is_internal, kind=WriteKind.REPLY
    )


def post_reply(
    *,
    author: Member,
    thread_id: int,
    body: str,
    kind: WriteKind,
    is_internal: bool = False,
) -> Post:
    """`thread_reply`, counted against the member's limit of `kind` (REPLY in the café,
    COMMENT under a suggestion)."""
    viewer = Viewer(author)
    if not can_reply_to_thread(viewer):
        raise Forbidden("Log in to reply.")
    if is_internal and not can_post_internal_note(viewer):
        raise Forbidden("Only advisers write internal notes.")
    errors: list[FieldError] = []
    body = clean_text(
        body, field="body", max_length=Post.BODY_MAX, label="The message", errors=errors
    )
    with transaction.atomic():
        # The lock orders concurrent replies, so exactly one of them is "the first answer".
        thread = visible_threads(viewer).select_for_update().filter(pk=thread_id).first()
        if thread is None:
            raise ServiceError.single("NOT_FOUND", "No such thread.", "threadId")
        if thread.status == ThreadStatus.CLOSED:
            errors.append(FieldError("THREAD_CLOSED", "This thread is closed.", "threadId"))
        elif thread.is_locked and not can_write_in_locked_thread(viewer):
            errors.append(FieldError("THREAD_LOCKED", "This thread is locked.", "threadId"))
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


@dataclass(frozen=True, slots=True)
class ThreadChange:
    thread: Thread
    # False when the thread already was in the asked state: nothing was written, so a
    # retried request is harmless.
    changed: bool


@dataclass(frozen=True, slots=True)
class PostEdit:
    post: Post
    # False when the new text equals the current one: nothing was written.
    changed: bool


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


def _lock_thread(viewer: Viewer, thread_id: int) -> Thread:
    """The visible thread, locked: concurrent workflow actions on it queue here, so each one
    decides on the state the previous one left."""
    thread = visible_threads(viewer).select_for_update().filter(pk=thread_id).first()
    if thread is None:
        raise ServiceError.single("NOT_FOUND", "No such thread.", "threadId")
    return thread


def _question_errors(thread: Thread, field: str) -> list[FieldError]:
    errors: list[FieldError] = []
    if thread.kind != ThreadKind.QUESTION:
        errors.append(
            FieldError("NOT_A_QUESTION", "Only a question is answered and resolved.", field)
        )
    if thread.status == ThreadStatus.CLOSED:
        errors.append(FieldError("THREAD_CLOSED", "This thread is closed.", field))
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


def thread_accept_answer(*, actor: Member, post_id: int) -> ThreadChange:
    """The question's author or an adviser accepts a reply: the question is RESOLVED (its
    resolution time is kept if it already was) and its author is told when someone else
    resolved it. Accepting another reply of a resolved question replaces the answer."""
    viewer = Viewer(actor)
    if not can_manage_own_content(viewer):
        raise Forbidden("Log in to do this.")
    with transaction.atomic():
        post = visible_posts(viewer).filter(pk=post_id).first()
        thread = (
            visible_threads(viewer).select_for_update().filter(pk=post.thread_id).first()
            if post is not None
            else None
        )
        if post is None or thread is None:
            raise ServiceError.single("NOT_FOUND", "No such reply.", "postId")
        if not can_accept_answer(viewer, thread):
            raise Forbidden("Only the question's author or an adviser accepts an answer.")
        errors = _question_errors(thread, "postId")
        if post.is_internal:
            errors.append(
                FieldError(
                    "INTERNAL_POST", "An internal note cannot be the accepted answer.", "postId"
                )
            )
        if post.is_hidden:
            errors.append(
                FieldError("POST_HIDDEN", "A hidden reply cannot be the accepted answer.", "postId")
            )
        if errors:
            raise ServiceError(*errors)
        if thread.accepted_post_id == post.pk:
            return ThreadChange(thread=thread, changed=False)
        before = _workflow_state(thread)
        thread.accepted_post = post
        update_fields = ["accepted_post"]
        if thread.status != ThreadStatus.RESOLVED:
            update_fields += _resolve(thread, actor=actor, now=timezone.now())
        thread.save(update_fields=update_fields)
        _audit_workflow(viewer, actor, "thread.accept_answer", thread, before)
    return ThreadChange(thread=thread, changed=True)


def thread_resolve(*, actor: Member, thread_id: int) -> ThreadChange:
    """The question's author or an adviser marks a question RESOLVED without accepting a
    reply (e.g. solved by phone)."""
    viewer = Viewer(actor)
    if not can_manage_own_content(viewer):
        raise Forbidden("Log in to do this.")
    with transaction.atomic():
        thread = _lock_thread(viewer, thread_id)
        if not can_resolve_thread(viewer, thread):
            raise Forbidden("Only the question's author or an adviser resolves it.")
        errors = _question_errors(thread, "threadId")
        if errors:
            raise ServiceError(*errors)
        if thread.status == ThreadStatus.RESOLVED:
            return ThreadChange(thread=thread, changed=False)
        before = _workflow_state(thread)
        thread.save(update_fields=_resolve(thread, actor=actor, now=timezone.now()))
        _audit_workflow(viewer, actor, "thread.resolve", thread, before)
    return ThreadChange(thread=thread, changed=True)


def thread_close(*, actor: Member, thread_id: int) -> ThreadChange:
    """Close a thread (no more replies): advisers close any thread, authors their own. A
    resolved question keeps its resolution time."""
    viewer = Viewer(actor)
    if not can_manage_own_content(viewer):
        raise Forbidden("Log in to do this.")
    with transaction.atomic():
        thread = _lock_thread(viewer, thread_id)
        if not can_close_thread(viewer, thread):
            raise Forbidden("Only the thread's author or an adviser closes it.")
        if thread.status == ThreadStatus.CLOSED:
            return ThreadChange(thread=thread, changed=False)
        before = _workflow_state(thread)
        thread.status = ThreadStatus.CLOSED
        thread.save(update_fields=["status"])
        _audit_workflow(viewer, actor, "thread.close", thread, before)
    return ThreadChange(thread=thread, changed=True)


def thread_reopen(*, actor: Member, thread_id: int) -> ThreadChange:
    """An adviser reopens a CLOSED or RESOLVED thread: it goes back to ANSWERED (a question
    an adviser already answered) or OPEN, without accepted answer or resolution time."""
    viewer = Viewer(actor)
    if not can_moderate(viewer):
        raise Forbidden("Only advisers may do this.")
    with transaction.atomic():
        thread = _lock_thread(viewer, thread_id)
        if not can_reopen_thread(viewer, thread):
            raise Forbidden("Only advisers reopen threads.")
        if thread.status not in (ThreadStatus.CLOSED, ThreadStatus.RESOLVED):
            return ThreadChange(thread=thread, changed=False)
        before = _workflow_state(thread)
        answered = thread.kind == ThreadKind.QUESTION and thread.first_response_at is not None
        thread.status = ThreadStatus.ANSWERED if answered else ThreadStatus.OPEN
        thread.resolved_at = None
        thread.accepted_post = None
        thread.save(update_fields=["status", "resolved_at", "accepted_post"])
        _audit_workflow(viewer, actor, "thread.reopen", thread, before)
    return ThreadChange(thread=thread, changed=True)


def _set_locked(*, actor: Member, thread_id: int, locked: bool) -> ThreadChange:
    viewer = Viewer(actor)
    if not can_moderate(viewer):
        raise Forbidden("Only advisers may do this.")
    with transaction.atomic():
        thread = _lock_thread(viewer, thread_id)
        if thread.is_locked == locked:
            return ThreadChange(thread=thread, changed=False)
        thread.is_locked = locked
        thread.save(update_fields=["is_locked"])
        audit_record(
            actor=actor,
            action="thread.lock" if locked else "thread.unlock",
            target=thread,
            before={"is_locked": not locked},
            after={"is_locked": locked},
        )
    return ThreadChange(thread=thread, changed=True)


def thread_lock(*, actor: Member, thread_id: int) -> ThreadChange:
    """An adviser locks a thread: customers and the committee can no longer reply."""
    return _set_locked(actor=actor, thread_id=thread_id, locked=True)


def thread_unlock(*, actor: Member, thread_id: int) -> ThreadChange:
    """An adviser unlocks a thread."""
    return _set_locked(actor=actor, thread_id=thread_id, locked=False)


def thread_assign(*, actor: Member, thread_id: int, adviser_id: int | None) -> ThreadChange:
    """An adviser assigns a thread to an active adviser (`adviser_id=None` unassigns it)."""
    viewer = Viewer(actor)
    if not can_moderate(viewer):
        raise Forbidden("Only advisers may do this.")
    with transaction.atomic():
        thread = _lock_thread(viewer, thread_id)
        if adviser_id is not None:
            adviser = Member.objects.filter(pk=adviser_id).first()
            if adviser is None:
                raise ServiceError.single("NOT_FOUND", "No such member.", "adviserId")
            if not (adviser.is_adviser and adviser.is_active):
                raise ServiceError.single(
                    "NOT_AN_ADVISER", "Threads are assigned to active advisers.", "adviserId"
                )
        if thread.assigned_adviser_id == adviser_id:
            return ThreadChange(thread=thread, changed=False)
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
    return ThreadChange(thread=thread, changed=True)


def post_edit(*, author: Member, post_id: int, body: str) -> PostEdit:
    """The author edits their reply; the previous text is kept as a revision (advisers read
    the history). Closed threads, locked ones (but for advisers) and hidden replies are not
    edited: the moderators judged what is there."""
    viewer = Viewer(author)
    if not can_manage_own_content(viewer):
        raise Forbidden("Log in to do this.")
    errors: list[FieldError] = []
    body = clean_text(
        body, field="body", max_length=Post.BODY_MAX, label="The message", errors=errors
    )
    with transaction.atomic():
        # Locked, so concurrent edits each keep the text they replaced.
        post = visible_posts(viewer).select_for_update(of=("self",)).filter(pk=post_id).first()
        if post is None:
            raise ServiceError.single("NOT_FOUND", "No such reply.", "postId")
        if not can_edit_post(viewer, post):
            raise Forbidden("Only its author edits a reply.")
        thread = Thread.objects.get(pk=post.thread_id)
        if thread.status == ThreadStatus.CLOSED:
            errors.append(FieldError("THREAD_CLOSED", "This thread is closed.", "postId"))
        elif thread.is_locked and not can_write_in_locked_thread(viewer):
            errors.append(FieldError("THREAD_LOCKED", "This thread is locked.", "postId"))
        if post.is_hidden:
            errors.append(FieldError("POST_HIDDEN", "A hidden reply cannot be edited.", "postId"))
        if errors:
            raise ServiceError(*errors)
        if body == post.body:
            return PostEdit(post=post, changed=False)
        now = timezone.now()
        PostRevision.objects.create(post=post, body=post.body, edited_by=author, created_at=now)
        post.body = body
        post.edited_at = now
        post.save(update_fields=["body", "edited_at"])
    return PostEdit(post=post, changed=True)
