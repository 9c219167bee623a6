"""Thread mutations (the café): opening, replying, answers, resolution, closing, locks,
assignment, edits and follows.

A state a mutation asks for that already holds (closing a closed thread, ...) changes nothing
and says so with an `ALREADY_*` / `NOT_*` / `UNCHANGED` error next to the object, so a
retried request is harmless: the service decides it and answers it in its `Outcome`.
"""

from __future__ import annotations

from collections.abc import Callable
from enum import Enum
from typing import TYPE_CHECKING, Annotated, Any

import strawberry

from models.models import Thread as ThreadModel
from models.models import ThreadKind as ThreadKindChoices
from permissions.fields import (
    CanCreateThread,
    CanFollowThread,
    CanManageOwnContent,
    CanModerate,
    CanReplyToThread,
)
from resolvers.errors import Outcome
from resolvers.services.threads import (
    PostEditCode,
    ThreadAcceptAnswerCode,
    ThreadAssignCode,
    ThreadCloseCode,
    ThreadCreateCode,
    ThreadFollowCode,
    ThreadLockCode,
    ThreadReopenCode,
    ThreadReplyCode,
    ThreadResolveCode,
    ThreadUnlockCode,
    post_edit,
    thread_accept_answer,
    thread_assign,
    thread_close,
    thread_create,
    thread_follow,
    thread_lock,
    thread_reopen,
    thread_reply,
    thread_resolve,
    thread_unfollow,
    thread_unlock,
)

from ..core.context import Info
from ..core.ids import decode_id
from ..core.mutations import (
    MutationError,
    Notice,
    acting_member,
    error_codes,
    notices_field,
    service_payload,
)
from ..threads import Post, Thread, ThreadKind

THREAD_ID = "The thread's ID."


async def _thread_action(
    info: Info,
    service: Callable[..., Outcome[ThreadModel]],
    payload: Callable[..., Any],
    error: Callable[..., Any],
    codes: type[Enum],
    **kwargs: Any,
) -> Any:
    """Call a thread workflow service and wrap its outcome in the mutation's payload."""
    return await service_payload(
        info, service, payload, error, codes, answer="thread", actor=acting_member(info), **kwargs
    )


# --- createThread / replyToThread ------------------------------------------------------------


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
    notices: list[Notice] = notices_field()


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
    notices: list[Notice] = notices_field()


# --- acceptAnswer ----------------------------------------------------------------------------


@strawberry.input(description="Which reply answers the question.")
class AcceptAnswerInput:
    post_id: strawberry.ID = strawberry.field(description="The reply's ID.")


if TYPE_CHECKING:
    AcceptAnswerErrorCode = ThreadAcceptAnswerCode
else:
    AcceptAnswerErrorCode = error_codes(
        ThreadAcceptAnswerCode,
        name="AcceptAnswerErrorCode",
        description="Why no answer was accepted. ALREADY_ACCEPTED changes nothing (that reply "
        "already is the answer), so a retried request is safe.",
    )


@strawberry.type(description="A reason no answer was accepted.")
class AcceptAnswerError(MutationError[AcceptAnswerErrorCode]):
    pass


@strawberry.type(description="Result of `acceptAnswer`.")
class AcceptAnswerPayload:
    thread: Thread | None = strawberry.field(
        description="The question, RESOLVED with its accepted answer; null on error (but for "
        "ALREADY_ACCEPTED)."
    )
    errors: list[AcceptAnswerError] = strawberry.field(description="Empty on success.")


# --- resolveThread ---------------------------------------------------------------------------


@strawberry.input(description="Which question is resolved.")
class ResolveThreadInput:
    thread_id: strawberry.ID = strawberry.field(description=THREAD_ID)


if TYPE_CHECKING:
    ResolveThreadErrorCode = ThreadResolveCode
else:
    ResolveThreadErrorCode = error_codes(
        ThreadResolveCode,
        name="ResolveThreadErrorCode",
        description="Why the question was not resolved. ALREADY_RESOLVED changes nothing, so a "
        "retried request is safe.",
    )


@strawberry.type(description="A reason the question was not resolved.")
class ResolveThreadError(MutationError[ResolveThreadErrorCode]):
    pass


@strawberry.type(description="Result of `resolveThread`.")
class ResolveThreadPayload:
    thread: Thread | None = strawberry.field(
        description="The RESOLVED question; null on error (but for ALREADY_RESOLVED)."
    )
    errors: list[ResolveThreadError] = strawberry.field(description="Empty on success.")


# --- closeThread / reopenThread --------------------------------------------------------------


@strawberry.input(description="Which thread to close.")
class CloseThreadInput:
    thread_id: strawberry.ID = strawberry.field(description=THREAD_ID)


if TYPE_CHECKING:
    CloseThreadErrorCode = ThreadCloseCode
else:
    CloseThreadErrorCode = error_codes(
        ThreadCloseCode,
        name="CloseThreadErrorCode",
        description="Why the thread was not closed. ALREADY_CLOSED changes nothing, so a "
        "retried request is safe.",
    )


@strawberry.type(description="A reason the thread was not closed.")
class CloseThreadError(MutationError[CloseThreadErrorCode]):
    pass


@strawberry.type(description="Result of `closeThread`.")
class CloseThreadPayload:
    thread: Thread | None = strawberry.field(
        description="The CLOSED thread; null when it was not found."
    )
    errors: list[CloseThreadError] = strawberry.field(description="Empty on success.")


@strawberry.input(description="Which thread to reopen.")
class ReopenThreadInput:
    thread_id: strawberry.ID = strawberry.field(description=THREAD_ID)


if TYPE_CHECKING:
    ReopenThreadErrorCode = ThreadReopenCode
else:
    ReopenThreadErrorCode = error_codes(
        ThreadReopenCode,
        name="ReopenThreadErrorCode",
        description="Why the thread was not reopened. ALREADY_OPEN (it is neither closed nor "
        "resolved) changes nothing, so a retried request is safe.",
    )


@strawberry.type(description="A reason the thread was not reopened.")
class ReopenThreadError(MutationError[ReopenThreadErrorCode]):
    pass


@strawberry.type(description="Result of `reopenThread`.")
class ReopenThreadPayload:
    thread: Thread | None = strawberry.field(
        description="The reopened thread; null when it was not found."
    )
    errors: list[ReopenThreadError] = strawberry.field(description="Empty on success.")


# --- lockThread / unlockThread ---------------------------------------------------------------


@strawberry.input(description="Which thread to lock.")
class LockThreadInput:
    thread_id: strawberry.ID = strawberry.field(description=THREAD_ID)


if TYPE_CHECKING:
    LockThreadErrorCode = ThreadLockCode
else:
    LockThreadErrorCode = error_codes(
        ThreadLockCode,
        name="LockThreadErrorCode",
        description="Why the thread was not locked. ALREADY_LOCKED changes nothing, so a "
        "retried request is safe.",
    )


@strawberry.type(description="A reason the thread was not locked.")
class LockThreadError(MutationError[LockThreadErrorCode]):
    pass


@strawberry.type(description="Result of `lockThread`.")
class LockThreadPayload:
    thread: Thread | None = strawberry.field(
        description="The locked thread; null when it was not found."
    )
    errors: list[LockThreadError] = strawberry.field(description="Empty on success.")


@strawberry.input(description="Which thread to unlock.")
class UnlockThreadInput:
    thread_id: strawberry.ID = strawberry.field(description=THREAD_ID)


if TYPE_CHECKING:
    UnlockThreadErrorCode = ThreadUnlockCode
else:
    UnlockThreadErrorCode = error_codes(
        ThreadUnlockCode,
        name="UnlockThreadErrorCode",
        description="Why the thread was not unlocked. NOT_LOCKED changes nothing, so a retried "
        "request is safe.",
    )


@strawberry.type(description="A reason the thread was not unlocked.")
class UnlockThreadError(MutationError[UnlockThreadErrorCode]):
    pass


@strawberry.type(description="Result of `unlockThread`.")
class UnlockThreadPayload:
    thread: Thread | None = strawberry.field(
        description="The unlocked thread; null when it was not found."
    )
    errors: list[UnlockThreadError] = strawberry.field(description="Empty on success.")


# --- assignThread ----------------------------------------------------------------------------


@strawberry.input(description="Who follows a thread up.")
class AssignThreadInput:
    thread_id: strawberry.ID = strawberry.field(description=THREAD_ID)
    adviser_id: strawberry.ID | None = strawberry.field(
        default=None,
        description="An active adviser's member ID; null (or omitted) unassigns the thread.",
    )


if TYPE_CHECKING:
    AssignThreadErrorCode = ThreadAssignCode
else:
    AssignThreadErrorCode = error_codes(
        ThreadAssignCode,
        name="AssignThreadErrorCode",
        description="Why the assignment did not change. UNCHANGED (it already was so) changes "
        "nothing, so a retried request is safe.",
    )


@strawberry.type(description="A reason the assignment did not change.")
class AssignThreadError(MutationError[AssignThreadErrorCode]):
    pass


@strawberry.type(description="Result of `assignThread`.")
class AssignThreadPayload:
    thread: Thread | None = strawberry.field(
        description="The thread with its assigned adviser; null on error (but for UNCHANGED)."
    )
    errors: list[AssignThreadError] = strawberry.field(description="Empty on success.")


# --- editPost --------------------------------------------------------------------------------


@strawberry.input(description="The new text of a reply.")
class EditPostInput:
    post_id: strawberry.ID = strawberry.field(description="The reply's ID.")
    body: str = strawberry.field(description="1 to 10,000 characters (surrounding blanks removed).")


if TYPE_CHECKING:
    EditPostErrorCode = PostEditCode
else:
    EditPostErrorCode = error_codes(
        PostEditCode,
        name="EditPostErrorCode",
        description="Why the reply was not edited. UNCHANGED (the same text) changes nothing, so "
        "a retried request is safe.",
    )


@strawberry.type(description="A reason the reply was not edited.")
class EditPostError(MutationError[EditPostErrorCode]):
    pass


@strawberry.type(description="Result of `editPost`.")
class EditPostPayload:
    post: Post | None = strawberry.field(
        description="The reply with its new text; null on error (but for UNCHANGED)."
    )
    errors: list[EditPostError] = strawberry.field(description="Empty on success.")
    notices: list[Notice] = notices_field()


# --- followThread / unfollowThread ---------------------------------------------------------


@strawberry.input(description="Which café thread to follow or stop following.")
class FollowThreadInput:
    thread_id: strawberry.ID = strawberry.field(description=THREAD_ID)


if TYPE_CHECKING:
    FollowThreadErrorCode = ThreadFollowCode
else:
    FollowThreadErrorCode = error_codes(
        ThreadFollowCode,
        name="FollowThreadErrorCode",
        description="Why following did not change. ALREADY_FOLLOWING / NOT_FOLLOWING change "
        "nothing, so a retried request is safe.",
    )


@strawberry.type(description="A reason following did not change.")
class FollowThreadError(MutationError[FollowThreadErrorCode]):
    pass


@strawberry.type(description="Result of `followThread` and `unfollowThread`.")
class FollowThreadPayload:
    thread: Thread | None = strawberry.field(
        description="The thread (null when it was not found, or is a suggestion's discussion)."
    )
    errors: list[FollowThreadError] = strawberry.field(description="Empty on success.")


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
        return await service_payload(
            info,
            thread_create,
            CreateThreadPayload,
            CreateThreadError,
            CreateThreadErrorCode,
            answer="thread",
            author=acting_member(info),
            category_id=category_id,
            kind=ThreadKindChoices(input.kind),
            title=input.title,
            body=input.body,
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
        return await service_payload(
            info,
            thread_reply,
            ReplyToThreadPayload,
            ReplyToThreadError,
            ReplyToThreadErrorCode,
            answer="post",
            stale=lambda post: (post, post.thread),
            author=acting_member(info),
            thread_id=thread_id,
            body=input.body,
            is_internal=input.is_internal,
        )

    @strawberry.mutation(
        description="Accept a reply as the answer to a question: the question's author or an "
        "adviser. The question becomes RESOLVED (its resolution time counts in the support "
        "figures) and its author is notified when someone else resolved it; accepting "
        "another reply of a resolved question replaces the answer. Internal notes, hidden "
        "replies, discussions and closed threads are refused.",
        permission_classes=[CanManageOwnContent],
    )
    async def accept_answer(
        self,
        info: Info,
        input: Annotated[AcceptAnswerInput, strawberry.argument(description="The reply.")],
    ) -> AcceptAnswerPayload | None:
        return await _thread_action(
            info,
            thread_accept_answer,
            AcceptAnswerPayload,
            AcceptAnswerError,
            AcceptAnswerErrorCode,
            post_id=decode_id(input.post_id, "Post", argument="postId"),
        )

    @strawberry.mutation(
        description="Mark a question RESOLVED without accepting a reply (e.g. solved by "
        "phone): the question's author or an adviser. Its author is notified when someone "
        "else resolved it.",
        permission_classes=[CanManageOwnContent],
    )
    async def resolve_thread(
        self,
        info: Info,
        input: Annotated[ResolveThreadInput, strawberry.argument(description="The question.")],
    ) -> ResolveThreadPayload | None:
        return await _thread_action(
            info,
            thread_resolve,
            ResolveThreadPayload,
            ResolveThreadError,
            ResolveThreadErrorCode,
            thread_id=decode_id(input.thread_id, "Thread", argument="threadId"),
        )

    @strawberry.mutation(
        description="Close a thread: no more replies. Advisers close any thread; a member "
        "closes the threads they opened. A resolved question keeps its resolution time.",
        permission_classes=[CanManageOwnContent],
    )
    async def close_thread(
        self,
        info: Info,
        input: Annotated[CloseThreadInput, strawberry.argument(description="The thread.")],
    ) -> CloseThreadPayload | None:
        return await _thread_action(
            info,
            thread_close,
            CloseThreadPayload,
            CloseThreadError,
            CloseThreadErrorCode,
            thread_id=decode_id(input.thread_id, "Thread", argument="threadId"),
        )

    @strawberry.mutation(
        description="Reopen a CLOSED or RESOLVED thread: advisers only (so a thread an "
        "adviser closed stays closed until an adviser decides otherwise; authors ask in a "
        "reply). It goes back to ANSWERED when an adviser already answered the question, "
        "OPEN otherwise, without accepted answer or resolution time.",
        permission_classes=[CanModerate],
    )
    async def reopen_thread(
        self,
        info: Info,
        input: Annotated[ReopenThreadInput, strawberry.argument(description="The thread.")],
    ) -> ReopenThreadPayload | None:
        return await _thread_action(
            info,
            thread_reopen,
            ReopenThreadPayload,
            ReopenThreadError,
            ReopenThreadErrorCode,
            thread_id=decode_id(input.thread_id, "Thread", argument="threadId"),
        )

    @strawberry.mutation(
        description="Lock a thread (advisers): customers and the committee can no longer "
        "reply or edit their replies; advisers still can.",
        permission_classes=[CanModerate],
    )
    async def lock_thread(
        self,
        info: Info,
        input: Annotated[LockThreadInput, strawberry.argument(description="The thread.")],
    ) -> LockThreadPayload | None:
        return await _thread_action(
            info,
            thread_lock,
            LockThreadPayload,
            LockThreadError,
            LockThreadErrorCode,
            thread_id=decode_id(input.thread_id, "Thread", argument="threadId"),
        )

    @strawberry.mutation(
        description="Unlock a thread (advisers).", permission_classes=[CanModerate]
    )
    async def unlock_thread(
        self,
        info: Info,
        input: Annotated[UnlockThreadInput, strawberry.argument(description="The thread.")],
    ) -> UnlockThreadPayload | None:
        return await _thread_action(
            info,
            thread_unlock,
            UnlockThreadPayload,
            UnlockThreadError,
            UnlockThreadErrorCode,
            thread_id=decode_id(input.thread_id, "Thread", argument="threadId"),
        )

    @strawberry.mutation(
        description="Assign a thread to an active adviser who follows it up, or unassign it "
        "with a null `adviserId` (advisers). The assignment is internal: "
        "`Thread.assignedAdviser`.",
        permission_classes=[CanModerate],
    )
    async def assign_thread(
        self,
        info: Info,
        input: Annotated[
            AssignThreadInput, strawberry.argument(description="The thread and the adviser.")
        ],
    ) -> AssignThreadPayload | None:
        thread_id = decode_id(input.thread_id, "Thread", argument="threadId")
        adviser_id = (
            decode_id(input.adviser_id, "Member", argument="adviserId")
            if input.adviser_id is not None
            else None
        )
        return await _thread_action(
            info,
            thread_assign,
            AssignThreadPayload,
            AssignThreadError,
            AssignThreadErrorCode,
            thread_id=thread_id,
            adviser_id=adviser_id,
        )

    @strawberry.mutation(
        description="Edit one's own reply (its author only). The previous text is kept in "
        "the edit history (`Post.revisions`, advisers only) and `editedAt` is set. Replies "
        "in closed threads, in locked ones (but for advisers) and hidden replies are not "
        "edited.",
        permission_classes=[CanManageOwnContent],
    )
    async def edit_post(
        self,
        info: Info,
        input: Annotated[EditPostInput, strawberry.argument(description="The new text.")],
    ) -> EditPostPayload | None:
        post_id = decode_id(input.post_id, "Post", argument="postId")
        return await service_payload(
            info,
            post_edit,
            EditPostPayload,
            EditPostError,
            EditPostErrorCode,
            answer="post",
            author=acting_member(info),
            post_id=post_id,
            body=input.body,
        )

    @strawberry.mutation(
        description="Follow a café thread (members): a notification for each new reply, "
        "never for one's own. A suggestion's discussion is followed through its suggestion "
        "(`followSuggestion`): USE_FOLLOW_SUGGESTION.",
        permission_classes=[CanFollowThread],
    )
    async def follow_thread(
        self,
        info: Info,
        input: Annotated[FollowThreadInput, strawberry.argument(description="The thread.")],
    ) -> FollowThreadPayload | None:
        return await _follow(info, input, follow=True)

    @strawberry.mutation(
        description="Stop following a café thread (members).",
        permission_classes=[CanFollowThread],
    )
    async def unfollow_thread(
        self,
        info: Info,
        input: Annotated[FollowThreadInput, strawberry.argument(description="The thread.")],
    ) -> FollowThreadPayload | None:
        return await _follow(info, input, follow=False)


async def _follow(info: Info, input: FollowThreadInput, *, follow: bool) -> FollowThreadPayload:
    thread_id = decode_id(input.thread_id, "Thread", argument="threadId")
    service = thread_follow if follow else thread_unfollow
    return await service_payload(
        info,
        service,
        FollowThreadPayload,
        FollowThreadError,
        FollowThreadErrorCode,
        answer="thread",
        member=acting_member(info),
        thread_id=thread_id,
    )
