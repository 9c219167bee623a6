"""Café workflow mutations: answers, resolution, closing, locks, assignment, edits, and
moderation (flags, hiding).

A state a mutation asks for that already holds (closing a closed thread, flagging twice,
...) changes nothing and says so with an `ALREADY_*` / `NOT_*` / `UNCHANGED` error next to
the object, so a retried request is harmless: the service decides it and answers it in its
`Outcome`.
"""

from __future__ import annotations

from collections.abc import Callable
from enum import Enum
from typing import TYPE_CHECKING, Annotated, Any

import strawberry
from asgiref.sync import sync_to_async

from models.models import FlagReason as FlagReasonChoices
from models.models import Thread as ThreadModel
from permissions.fields import CanFlagContent, CanManageOwnContent, CanModerate
from resolvers.errors import Outcome, ServiceError
from resolvers.services.moderation import (
    ContentHideCode,
    ContentUnhideCode,
    FlagCreateCode,
    content_hide,
    content_unhide,
    flag_create,
)
from resolvers.services.threads import (
    PostEditCode,
    ThreadAcceptAnswerCode,
    ThreadAssignCode,
    ThreadCloseCode,
    ThreadLockCode,
    ThreadReopenCode,
    ThreadResolveCode,
    ThreadUnlockCode,
    post_edit,
    thread_accept_answer,
    thread_assign,
    thread_close,
    thread_lock,
    thread_reopen,
    thread_resolve,
    thread_unlock,
)

from ..context import Info
from ..ids import decode_id
from ..moderation import Flag, FlagReason, ModeratableContent, decode_content_id
from ..threads import Post, Thread
from .common import MutationError, acting_member, already_errors, error_codes, payload_errors

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
    try:
        outcome = await sync_to_async(service)(actor=acting_member(info), **kwargs)
    except ServiceError as exc:
        return payload(thread=None, errors=payload_errors(exc, error, codes))
    info.context.loaders.changed(*outcome.rows, removed=outcome.removed)
    return payload(thread=outcome.value, errors=already_errors(outcome, error, codes))


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


# --- flagContent -----------------------------------------------------------------------------


@strawberry.input(description="A report of a thread, a reply or a suggestion to the advisers.")
class FlagContentInput:
    content_id: strawberry.ID = strawberry.field(
        description="The ID of a thread, a reply (Post) or a suggestion."
    )
    reason: FlagReason = strawberry.field(description="Why it is reported.")
    text: str = strawberry.field(
        default="", description="Anything to add, at most 1,000 characters (optional)."
    )


if TYPE_CHECKING:
    FlagContentErrorCode = FlagCreateCode
else:
    FlagContentErrorCode = error_codes(
        FlagCreateCode,
        name="FlagContentErrorCode",
        description="Why no flag was added. ALREADY_FLAGGED changes nothing (your open flag on "
        "it is returned), so a retried request is safe.",
    )


@strawberry.type(description="A reason no flag was added.")
class FlagContentError(MutationError[FlagContentErrorCode]):
    pass


@strawberry.type(description="Result of `flagContent`.")
class FlagContentPayload:
    flag: Flag | None = strawberry.field(
        description="The new flag (or, with ALREADY_FLAGGED, your open one); null on error."
    )
    errors: list[FlagContentError] = strawberry.field(description="Empty on success.")


# --- hideContent / unhideContent -------------------------------------------------------------


@strawberry.input(description="Content to hide, and why.")
class HideContentInput:
    content_id: strawberry.ID = strawberry.field(
        description="The ID of a thread, a reply (Post) or a suggestion."
    )
    reason: str = strawberry.field(
        description="Why, 1 to 500 characters (surrounding blanks removed); its author reads it."
    )


if TYPE_CHECKING:
    HideContentErrorCode = ContentHideCode
else:
    HideContentErrorCode = error_codes(
        ContentHideCode,
        name="HideContentErrorCode",
        description="Why the content was not hidden. ALREADY_HIDDEN changes nothing (the first "
        "reason stays), so a retried request is safe.",
    )


@strawberry.type(description="A reason the content was not hidden.")
class HideContentError(MutationError[HideContentErrorCode]):
    pass


@strawberry.type(description="Result of `hideContent`.")
class HideContentPayload:
    content: ModeratableContent | None = strawberry.field(
        description="The hidden content; null on error (but for ALREADY_HIDDEN)."
    )
    errors: list[HideContentError] = strawberry.field(description="Empty on success.")


@strawberry.input(description="Content to show again.")
class UnhideContentInput:
    content_id: strawberry.ID = strawberry.field(
        description="The ID of a thread, a reply (Post) or a suggestion."
    )


if TYPE_CHECKING:
    UnhideContentErrorCode = ContentUnhideCode
else:
    UnhideContentErrorCode = error_codes(
        ContentUnhideCode,
        name="UnhideContentErrorCode",
        description="Why the content was not shown again. NOT_HIDDEN changes nothing, so a "
        "retried request is safe.",
    )


@strawberry.type(description="A reason the content was not shown again.")
class UnhideContentError(MutationError[UnhideContentErrorCode]):
    pass


@strawberry.type(description="Result of `unhideContent`.")
class UnhideContentPayload:
    content: ModeratableContent | None = strawberry.field(
        description="The content, visible again; null when it was not found."
    )
    errors: list[UnhideContentError] = strawberry.field(description="Empty on success.")


@strawberry.type
class CafeMutations:
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
        try:
            outcome = await sync_to_async(post_edit)(
                author=acting_member(info), post_id=post_id, body=input.body
            )
        except ServiceError as exc:
            return EditPostPayload(
                post=None, errors=payload_errors(exc, EditPostError, EditPostErrorCode)
            )
        info.context.loaders.changed(*outcome.rows, removed=outcome.removed)
        return EditPostPayload(
            post=outcome.value,  # type: ignore[arg-type]
            errors=already_errors(outcome, EditPostError, EditPostErrorCode),
        )

    @strawberry.mutation(
        description="Report a thread, a reply or a suggestion one can see to the advisers "
        "(any member). One open flag per member and item. Past the member's limit of reports, "
        "a top-level RATE_LIMITED error (`extensions.retryAfter`).",
        permission_classes=[CanFlagContent],
    )
    async def flag_content(
        self,
        info: Info,
        input: Annotated[FlagContentInput, strawberry.argument(description="The report.")],
    ) -> FlagContentPayload | None:
        content = decode_content_id(input.content_id)
        try:
            outcome = await sync_to_async(flag_create)(
                reporter=acting_member(info),
                content=content,
                reason=FlagReasonChoices(input.reason),
                text=input.text,
            )
        except ServiceError as exc:
            return FlagContentPayload(
                flag=None, errors=payload_errors(exc, FlagContentError, FlagContentErrorCode)
            )
        info.context.loaders.changed(*outcome.rows, removed=outcome.removed)
        return FlagContentPayload(
            flag=outcome.value,  # type: ignore[arg-type]
            errors=already_errors(outcome, FlagContentError, FlagContentErrorCode),
        )

    @strawberry.mutation(
        description="Hide a thread, a reply or a suggestion (advisers), with a reason its "
        "author reads: it disappears for everyone but advisers and its author (who sees it "
        "with `isHidden` and `hiddenReason`). The open flags on it are resolved, its author "
        "is notified and the audit log records it.",
        permission_classes=[CanModerate],
    )
    async def hide_content(
        self,
        info: Info,
        input: Annotated[HideContentInput, strawberry.argument(description="What and why.")],
    ) -> HideContentPayload | None:
        content = decode_content_id(input.content_id)
        try:
            outcome = await sync_to_async(content_hide)(
                actor=acting_member(info), content=content, reason=input.reason
            )
        except ServiceError as exc:
            return HideContentPayload(
                content=None, errors=payload_errors(exc, HideContentError, HideContentErrorCode)
            )
        info.context.loaders.changed(*outcome.rows, removed=outcome.removed)
        return HideContentPayload(
            content=outcome.value,  # type: ignore[arg-type]
            errors=already_errors(outcome, HideContentError, HideContentErrorCode),
        )

    @strawberry.mutation(
        description="Show hidden content again (advisers); the audit log records it.",
        permission_classes=[CanModerate],
    )
    async def unhide_content(
        self,
        info: Info,
        input: Annotated[UnhideContentInput, strawberry.argument(description="What.")],
    ) -> UnhideContentPayload | None:
        content = decode_content_id(input.content_id)
        try:
            outcome = await sync_to_async(content_unhide)(
                actor=acting_member(info), content=content
            )
        except ServiceError as exc:
            return UnhideContentPayload(
                content=None,
                errors=payload_errors(exc, UnhideContentError, UnhideContentErrorCode),
            )
        info.context.loaders.changed(*outcome.rows, removed=outcome.removed)
        return UnhideContentPayload(
            content=outcome.value,  # type: ignore[arg-type]
            errors=already_errors(outcome, UnhideContentError, UnhideContentErrorCode),
        )
