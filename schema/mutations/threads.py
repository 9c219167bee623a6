from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import strawberry
from asgiref.sync import sync_to_async

from models.models import ThreadKind as ThreadKindChoices
from permissions.fields import CanCreateThread, CanReplyToThread
from resolvers.errors import ServiceError
from resolvers.services.threads import (
    ThreadCreateCode,
    ThreadReplyCode,
    thread_create,
    thread_reply,
)

from ..context import Info
from ..enums import ThreadKind
from ..ids import decode_id
from ..threads import Post, Thread
from .common import MutationError, acting_member, already_errors, error_codes, payload_errors


@strawberry.input(description="A new thread in the café.")
class CreateThreadInput:
    category_id: strawberry.ID = strawberry.field(description="A category that accepts threads.")
    kind: ThreadKind = strawberry.field(description="QUESTION or DISCUSSION.")
    title: str = strawberry.field(description="1 to 150 characters (surrounding blanks removed).")
    body: str = strawberry.field(description="1 to 10,000 characters (surrounding blanks removed).")


if TYPE_CHECKING:
    CreateThreadErrorCode = ThreadCreateCode
else:
    CreateThreadErrorCode = error_codes(
        ThreadCreateCode,
        name="CreateThreadErrorCode",
        description="Why a thread was not created. ALREADY_SUBMITTED writes nothing: the member "
        "opened a thread with the same title and body (whitespace aside) a few minutes ago, and "
        "that thread is returned, so a double click or a retried request is safe.",
    )


@strawberry.type(description="A reason the thread was not created.")
class CreateThreadError(MutationError[CreateThreadErrorCode]):
    pass


@strawberry.type(description="Result of `createThread`.")
class CreateThreadPayload:
    thread: Thread | None = strawberry.field(
        description="The new thread (with ALREADY_SUBMITTED: the one opened before); null on "
        "other errors."
    )
    errors: list[CreateThreadError] = strawberry.field(description="Empty on success.")


@strawberry.input(description="A reply to a thread.")
class ReplyToThreadInput:
    thread_id: strawberry.ID = strawberry.field(description="The thread's ID.")
    body: str = strawberry.field(description="1 to 10,000 characters (surrounding blanks removed).")
    is_internal: bool = strawberry.field(
        default=False,
        description="An internal note for advisers (advisers only; anyone else setting it gets "
        "a FORBIDDEN error and nothing is written). Customers never see it, and it changes "
        "neither the thread's status nor its activity, nor notifies anyone.",
    )


if TYPE_CHECKING:
    ReplyToThreadErrorCode = ThreadReplyCode
else:
    ReplyToThreadErrorCode = error_codes(
        ThreadReplyCode,
        name="ReplyToThreadErrorCode",
        description="Why a reply was not posted.",
    )


@strawberry.type(description="A reason the reply was not posted.")
class ReplyToThreadError(MutationError[ReplyToThreadErrorCode]):
    pass


@strawberry.type(description="Result of `replyToThread`.")
class ReplyToThreadPayload:
    post: Post | None = strawberry.field(description="The new reply; null on error.")
    errors: list[ReplyToThreadError] = strawberry.field(description="Empty on success.")


@strawberry.type
class ThreadMutations:
    @strawberry.mutation(
        description="Open a question or a discussion (any member). The same thread sent again "
        "within minutes is answered with the first one and ALREADY_SUBMITTED. Past the "
        "member's limit of new threads, a top-level RATE_LIMITED error "
        "(`extensions.retryAfter`, in seconds) and nothing is written.",
        permission_classes=[CanCreateThread],
    )
    async def create_thread(
        self,
        info: Info,
        input: Annotated[CreateThreadInput, strawberry.argument(description="The thread.")],
    ) -> CreateThreadPayload | None:
        category_id = decode_id(input.category_id, "Category", argument="categoryId")
        try:
            outcome = await sync_to_async(thread_create)(
                author=acting_member(info),
                category_id=category_id,
                kind=ThreadKindChoices(input.kind),
                title=input.title,
                body=input.body,
            )
        except ServiceError as exc:
            return CreateThreadPayload(
                thread=None, errors=payload_errors(exc, CreateThreadError, CreateThreadErrorCode)
            )
        info.context.loaders.changed(*outcome.rows, removed=outcome.removed)
        return CreateThreadPayload(
            thread=outcome.value,  # type: ignore[arg-type]
            errors=already_errors(outcome, CreateThreadError, CreateThreadErrorCode),
        )

    @strawberry.mutation(
        description="Reply in a thread (any member). An adviser's reply is official: the "
        "first official reply to a question marks it ANSWERED, and each one notifies the "
        "question's author. Advisers may write an internal note instead (`isInternal`). Past "
        "the member's limit of replies, a top-level RATE_LIMITED error "
        "(`extensions.retryAfter`).",
        permission_classes=[CanReplyToThread],
    )
    async def reply_to_thread(
        self,
        info: Info,
        input: Annotated[ReplyToThreadInput, strawberry.argument(description="The reply.")],
    ) -> ReplyToThreadPayload | None:
        thread_id = decode_id(input.thread_id, "Thread", argument="threadId")
        try:
            post = await sync_to_async(thread_reply)(
                author=acting_member(info),
                thread_id=thread_id,
                body=input.body,
                is_internal=input.is_internal,
            )
        except ServiceError as exc:
            return ReplyToThreadPayload(
                post=None, errors=payload_errors(exc, ReplyToThreadError, ReplyToThreadErrorCode)
            )
        info.context.loaders.changed(post, post.thread)
        return ReplyToThreadPayload(post=post, errors=[])  # type: ignore[arg-type]
