from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from models.models import Category, Member, Post, Thread, ThreadKind, ThreadStatus
from permissions.policies import can_create_thread, can_reply_to_thread
from permissions.roles import Viewer

from ..errors import FieldError, Forbidden, ServiceError
from ..selectors.visibility import visible_threads
from .text import clean_text


def thread_create(
    *, author: Member, category_id: int, kind: ThreadKind, title: str, body: str
) -> Thread:
    """Open a question or a discussion in a category of the café."""
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
    now = timezone.now()
    return Thread.objects.create(
        author=author,
        category=category,
        kind=kind,
        title=title,
        body=body,
        created_at=now,
        last_activity_at=now,
    )


def thread_reply(*, author: Member, thread_id: int, body: str) -> Post:
    """Reply in a thread. An adviser's reply is official; the first official reply to an open
    question marks it ANSWERED and records the first-response time."""
    viewer = Viewer(author)
    if not can_reply_to_thread(viewer):
        raise Forbidden("Log in to reply.")
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
        elif thread.is_locked and not viewer.is_adviser:
            errors.append(FieldError("THREAD_LOCKED", "This thread is locked.", "threadId"))
        if errors:
            raise ServiceError(*errors)
        now = timezone.now()
        official = viewer.is_adviser
        post = Post.objects.create(
            thread=thread, author=author, body=body, created_at=now, is_official=official
        )
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
    return post
