"""Suggestion mutations (Le Labo): submitting, editing and withdrawing one's own idea,
comments, follows, and the advisers' moves on the status machine (triage, duplicates)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import strawberry

from models.models import SuggestionStatus as SuggestionStatusChoices
from permissions.fields import (
    CanFollowSuggestion,
    CanManageOwnSuggestions,
    CanSubmitSuggestion,
    CanTriageSuggestions,
)
from resolvers.errors import ServiceError
from resolvers.services.suggestions import (
    FollowCode,
    SuggestionChangeStatusCode,
    SuggestionCommentCode,
    SuggestionMarkDuplicateCode,
    SuggestionReviseCode,
    SuggestionSubmitCode,
    SuggestionWithdrawCode,
    follow_create,
    follow_delete,
    suggestion_change_status,
    suggestion_comment,
    suggestion_mark_duplicate,
    suggestion_revise,
    suggestion_submit,
    suggestion_withdraw,
)

from ..core.context import Info
from ..core.ids import decode_id
from ..core.mutations import (
    MutationError,
    Notice,
    acting_member,
    error_codes,
    noticed_call,
    notices_field,
    payload_errors,
    service_payload,
)
from ..suggestions import Suggestion, SuggestionStatus
from ..threads import Post

# --- submitSuggestion ----------------------------------------------------------------------


@strawberry.input(description="A new idea for Le Labo.")
class SubmitSuggestionInput:
    title: str = strawberry.field(description="1 to 150 characters (surrounding blanks removed).")
    body: str = strawberry.field(description="1 to 5,000 characters (surrounding blanks removed).")


if TYPE_CHECKING:
    SubmitSuggestionErrorCode = SuggestionSubmitCode
else:
    SubmitSuggestionErrorCode = error_codes(
        SuggestionSubmitCode,
        name="SubmitSuggestionErrorCode",
        description="Why a suggestion was not submitted. ALREADY_SUBMITTED writes nothing: the "
        "member submitted the same title and body (whitespace aside) a few minutes ago, and "
        "that suggestion is returned, so a double click or a retried request is safe.",
    )


@strawberry.type(description="A reason the suggestion was not submitted.")
class SubmitSuggestionError(MutationError[SubmitSuggestionErrorCode]):
    pass


@strawberry.type(description="Result of `submitSuggestion`.")
class SubmitSuggestionPayload:
    suggestion: Suggestion | None = strawberry.field(
        description="The new suggestion, with its author's vote (with ALREADY_SUBMITTED: the "
        "one submitted before); null on other errors."
    )
    errors: list[SubmitSuggestionError] = strawberry.field(description="Empty on success.")
    notices: list[Notice] = notices_field()


# --- editSuggestion / withdrawSuggestion ------------------------------------------------------


@strawberry.input(description="New words for one's own idea, while it is SUBMITTED.")
class EditSuggestionInput:
    suggestion_id: strawberry.ID = strawberry.field(description="The suggestion's ID.")
    title: str = strawberry.field(description="1 to 150 characters (surrounding blanks removed).")
    body: str = strawberry.field(description="1 to 5,000 characters (surrounding blanks removed).")


if TYPE_CHECKING:
    EditSuggestionErrorCode = SuggestionReviseCode
else:
    EditSuggestionErrorCode = error_codes(
        SuggestionReviseCode,
        name="EditSuggestionErrorCode",
        description="Why the suggestion was not edited. UNCHANGED writes nothing, so a "
        "retried request is safe.",
    )


@strawberry.type(description="A reason the suggestion was not edited.")
class EditSuggestionError(MutationError[EditSuggestionErrorCode]):
    pass


@strawberry.type(description="Result of `editSuggestion`.")
class EditSuggestionPayload:
    suggestion: Suggestion | None = strawberry.field(
        description="The suggestion with its new words (with UNCHANGED or NOT_SUBMITTED: as it "
        "is); null on other errors."
    )
    errors: list[EditSuggestionError] = strawberry.field(description="Empty on success.")
    notices: list[Notice] = notices_field()


@strawberry.input(description="Which of one's own ideas to withdraw, while it is SUBMITTED.")
class WithdrawSuggestionInput:
    suggestion_id: strawberry.ID = strawberry.field(description="The suggestion's ID.")


if TYPE_CHECKING:
    WithdrawSuggestionErrorCode = SuggestionWithdrawCode
else:
    WithdrawSuggestionErrorCode = error_codes(
        SuggestionWithdrawCode,
        name="WithdrawSuggestionErrorCode",
        description="Why the suggestion was not withdrawn. ALREADY_WITHDRAWN writes nothing, "
        "so a retried request is safe.",
    )


@strawberry.type(description="A reason the suggestion was not withdrawn.")
class WithdrawSuggestionError(MutationError[WithdrawSuggestionErrorCode]):
    pass


@strawberry.type(description="Result of `withdrawSuggestion`.")
class WithdrawSuggestionPayload:
    suggestion: Suggestion | None = strawberry.field(
        description="The suggestion, WITHDRAWN (with NOT_SUBMITTED: as it is); null when it "
        "was not found."
    )
    errors: list[WithdrawSuggestionError] = strawberry.field(description="Empty on success.")


# --- changeSuggestionStatus ------------------------------------------------------------------


@strawberry.input(description="An adviser's move of a suggestion along its status machine.")
class ChangeSuggestionStatusInput:
    suggestion_id: strawberry.ID = strawberry.field(description="The suggestion's ID.")
    status: SuggestionStatus = strawberry.field(
        description="UNDER_REVIEW, SHORTLISTED, IN_PROGRESS or DELIVERED, from the status "
        "before it (RETAINED / DEFERRED / REJECTED come from published decisions, DUPLICATE "
        "from markSuggestionDuplicate)."
    )
    public_note: str = strawberry.field(
        default="", description="What to tell the community, at most 2,000 characters."
    )


if TYPE_CHECKING:
    ChangeSuggestionStatusErrorCode = SuggestionChangeStatusCode
else:
    ChangeSuggestionStatusErrorCode = error_codes(
        SuggestionChangeStatusCode,
        name="ChangeSuggestionStatusErrorCode",
        description="Why the status did not change.",
    )


@strawberry.type(description="A reason the status did not change.")
class ChangeSuggestionStatusError(MutationError[ChangeSuggestionStatusErrorCode]):
    pass


@strawberry.type(description="Result of `changeSuggestionStatus`.")
class ChangeSuggestionStatusPayload:
    suggestion: Suggestion | None = strawberry.field(
        description="The suggestion in its new status; null on error."
    )
    errors: list[ChangeSuggestionStatusError] = strawberry.field(description="Empty on success.")
    notices: list[Notice] = notices_field()


# --- markSuggestionDuplicate -----------------------------------------------------------------


@strawberry.input(description="Merge a suggestion into the one it duplicates.")
class MarkSuggestionDuplicateInput:
    suggestion_id: strawberry.ID = strawberry.field(
        description="The duplicate (SUBMITTED or UNDER_REVIEW)."
    )
    original_id: strawberry.ID = strawberry.field(
        description="The suggestion it duplicates (not itself a duplicate)."
    )
    public_note: str = strawberry.field(
        default="", description="What to tell the community, at most 2,000 characters."
    )


if TYPE_CHECKING:
    MarkSuggestionDuplicateErrorCode = SuggestionMarkDuplicateCode
else:
    MarkSuggestionDuplicateErrorCode = error_codes(
        SuggestionMarkDuplicateCode,
        name="MarkSuggestionDuplicateErrorCode",
        description="Why the suggestion was not merged.",
    )


@strawberry.type(description="A reason the suggestion was not merged.")
class MarkSuggestionDuplicateError(MutationError[MarkSuggestionDuplicateErrorCode]):
    pass


@strawberry.type(description="Result of `markSuggestionDuplicate`.")
class MarkSuggestionDuplicatePayload:
    suggestion: Suggestion | None = strawberry.field(
        description="The duplicate, now DUPLICATE with no votes; null on error."
    )
    original: Suggestion | None = strawberry.field(
        description="The original, with the votes it gained; null on error."
    )
    errors: list[MarkSuggestionDuplicateError] = strawberry.field(description="Empty on success.")
    notices: list[Notice] = notices_field()


# --- followSuggestion / unfollowSuggestion ----------------------------------------------------


@strawberry.input(description="Which suggestion to follow or stop following.")
class FollowSuggestionInput:
    suggestion_id: strawberry.ID = strawberry.field(description="The suggestion's ID.")


if TYPE_CHECKING:
    FollowSuggestionErrorCode = FollowCode
else:
    FollowSuggestionErrorCode = error_codes(
        FollowCode,
        name="FollowSuggestionErrorCode",
        description="Why following did not change. ALREADY_FOLLOWING / NOT_FOLLOWING change "
        "nothing, so a retried request is safe.",
    )


@strawberry.type(description="A reason following did not change.")
class FollowSuggestionError(MutationError[FollowSuggestionErrorCode]):
    pass


@strawberry.type(description="Result of `followSuggestion` and `unfollowSuggestion`.")
class FollowSuggestionPayload:
    suggestion: Suggestion | None = strawberry.field(
        description="The suggestion (null when it was not found)."
    )
    errors: list[FollowSuggestionError] = strawberry.field(description="Empty on success.")


# --- commentOnSuggestion ----------------------------------------------------------------------


@strawberry.input(description="A comment on a suggestion.")
class CommentOnSuggestionInput:
    suggestion_id: strawberry.ID = strawberry.field(description="The suggestion's ID.")
    body: str = strawberry.field(description="1 to 10,000 characters (surrounding blanks removed).")


if TYPE_CHECKING:
    CommentOnSuggestionErrorCode = SuggestionCommentCode
else:
    CommentOnSuggestionErrorCode = error_codes(
        SuggestionCommentCode,
        name="CommentOnSuggestionErrorCode",
        description="Why the comment was not posted.",
    )


@strawberry.type(description="A reason the comment was not posted.")
class CommentOnSuggestionError(MutationError[CommentOnSuggestionErrorCode]):
    pass


@strawberry.type(description="Result of `commentOnSuggestion`.")
class CommentOnSuggestionPayload:
    comment: Post | None = strawberry.field(description="The new comment; null on error.")
    errors: list[CommentOnSuggestionError] = strawberry.field(description="Empty on success.")
    notices: list[Notice] = notices_field()


@strawberry.type
class SuggestionMutations:
    @strawberry.mutation(
        description="Submit an idea to Le Labo (customers). The author's vote is cast and the "
        "author follows it. The same idea sent again within minutes is answered with the first "
        "one and ALREADY_SUBMITTED. Past the member's limit of new suggestions, a top-level "
        "RATE_LIMITED error (`extensions.retryAfter`, in seconds) and nothing is written.",
        permission_classes=[CanSubmitSuggestion],
    )
    async def submit_suggestion(
        self,
        info: Info,
        input: Annotated[SubmitSuggestionInput, strawberry.argument(description="The idea.")],
    ) -> SubmitSuggestionPayload | None:
        return await service_payload(
            info,
            suggestion_submit,
            SubmitSuggestionPayload,
            SubmitSuggestionError,
            SubmitSuggestionErrorCode,
            answer="suggestion",
            author=acting_member(info),
            title=input.title,
            body=input.body,
        )

    @strawberry.mutation(
        description="Edit one's own idea (its author, a customer) while it is SUBMITTED, before "
        "the bank studies it: its title and description, and its discussion's copy of them. "
        "`editedAt` says when; the former words stay in the audit log. Another member's idea "
        "is refused with FORBIDDEN.",
        permission_classes=[CanManageOwnSuggestions],
    )
    async def edit_suggestion(
        self,
        info: Info,
        input: Annotated[EditSuggestionInput, strawberry.argument(description="The new words.")],
    ) -> EditSuggestionPayload | None:
        suggestion_id = decode_id(input.suggestion_id, "Suggestion", argument="suggestionId")
        return await service_payload(
            info,
            suggestion_revise,
            EditSuggestionPayload,
            EditSuggestionError,
            EditSuggestionErrorCode,
            answer="suggestion",
            author=acting_member(info),
            suggestion_id=suggestion_id,
            title=input.title,
            body=input.body,
        )

    @strawberry.mutation(
        description="Withdraw one's own idea (its author, a customer) while it is SUBMITTED: "
        "it becomes WITHDRAWN, closed to votes and left out of the Labo's lists; its page, "
        "votes and comments stay, its status history says so, and its followers are told. "
        "Another member's idea is refused with FORBIDDEN.",
        permission_classes=[CanManageOwnSuggestions],
    )
    async def withdraw_suggestion(
        self,
        info: Info,
        input: Annotated[
            WithdrawSuggestionInput, strawberry.argument(description="The suggestion.")
        ],
    ) -> WithdrawSuggestionPayload | None:
        suggestion_id = decode_id(input.suggestion_id, "Suggestion", argument="suggestionId")
        return await service_payload(
            info,
            suggestion_withdraw,
            WithdrawSuggestionPayload,
            WithdrawSuggestionError,
            WithdrawSuggestionErrorCode,
            answer="suggestion",
            author=acting_member(info),
            suggestion_id=suggestion_id,
        )

    @strawberry.mutation(
        description="Move a suggestion along its status machine (advisers): SUBMITTED → "
        "UNDER_REVIEW → SHORTLISTED, DEFERRED → SHORTLISTED, RETAINED → IN_PROGRESS → "
        "DELIVERED. Writes the public history and tells followers.",
        permission_classes=[CanTriageSuggestions],
    )
    async def change_suggestion_status(
        self,
        info: Info,
        input: Annotated[ChangeSuggestionStatusInput, strawberry.argument(description="The move.")],
    ) -> ChangeSuggestionStatusPayload | None:
        suggestion_id = decode_id(input.suggestion_id, "Suggestion", argument="suggestionId")
        return await service_payload(
            info,
            suggestion_change_status,
            ChangeSuggestionStatusPayload,
            ChangeSuggestionStatusError,
            ChangeSuggestionStatusErrorCode,
            answer="suggestion",
            actor=acting_member(info),
            suggestion_id=suggestion_id,
            status=SuggestionStatusChoices(input.status),
            public_note=input.public_note,
        )

    @strawberry.mutation(
        description="Merge a duplicate into its original (advisers): votes and followers move "
        "to the original without counting anyone twice, the duplicate closes as DUPLICATE, and "
        "its author, voters and followers are told.",
        permission_classes=[CanTriageSuggestions],
    )
    async def mark_suggestion_duplicate(
        self,
        info: Info,
        input: Annotated[
            MarkSuggestionDuplicateInput, strawberry.argument(description="The merge.")
        ],
    ) -> MarkSuggestionDuplicatePayload | None:
        suggestion_id = decode_id(input.suggestion_id, "Suggestion", argument="suggestionId")
        original_id = decode_id(input.original_id, "Suggestion", argument="originalId")
        try:
            (duplicate, original), notices = await noticed_call(
                suggestion_mark_duplicate,
                actor=acting_member(info),
                suggestion_id=suggestion_id,
                original_id=original_id,
                public_note=input.public_note,
            )
        except ServiceError as exc:
            return MarkSuggestionDuplicatePayload(
                suggestion=None,
                original=None,
                errors=payload_errors(
                    exc, MarkSuggestionDuplicateError, MarkSuggestionDuplicateErrorCode
                ),
            )
        info.context.loaders.changed(duplicate, original)
        return MarkSuggestionDuplicatePayload(
            suggestion=duplicate,
            original=original,
            errors=[],
            notices=notices,
        )

    @strawberry.mutation(
        description="Follow a suggestion to be notified of its progress (members).",
        permission_classes=[CanFollowSuggestion],
    )
    async def follow_suggestion(
        self,
        info: Info,
        input: Annotated[FollowSuggestionInput, strawberry.argument(description="The suggestion.")],
    ) -> FollowSuggestionPayload | None:
        return await _follow(info, input, follow=True)

    @strawberry.mutation(
        description="Stop following a suggestion (members).",
        permission_classes=[CanFollowSuggestion],
    )
    async def unfollow_suggestion(
        self,
        info: Info,
        input: Annotated[FollowSuggestionInput, strawberry.argument(description="The suggestion.")],
    ) -> FollowSuggestionPayload | None:
        return await _follow(info, input, follow=False)

    @strawberry.mutation(
        description="Comment on a suggestion (members; an adviser's comment is official). The "
        "comments live in the suggestion's discussion thread in Le Labo. Past the member's "
        "limit of comments, a top-level RATE_LIMITED error (`extensions.retryAfter`).",
        permission_classes=[CanFollowSuggestion],
    )
    async def comment_on_suggestion(
        self,
        info: Info,
        input: Annotated[CommentOnSuggestionInput, strawberry.argument(description="The comment.")],
    ) -> CommentOnSuggestionPayload | None:
        suggestion_id = decode_id(input.suggestion_id, "Suggestion", argument="suggestionId")
        # The comment's thread is the suggestion's discussion, opened by the first comment.
        return await service_payload(
            info,
            suggestion_comment,
            CommentOnSuggestionPayload,
            CommentOnSuggestionError,
            CommentOnSuggestionErrorCode,
            answer="comment",
            stale=lambda post: (post, post.thread),
            author=acting_member(info),
            suggestion_id=suggestion_id,
            body=input.body,
        )


async def _follow(
    info: Info, input: FollowSuggestionInput, *, follow: bool
) -> FollowSuggestionPayload:
    suggestion_id = decode_id(input.suggestion_id, "Suggestion", argument="suggestionId")
    service = follow_create if follow else follow_delete
    return await service_payload(
        info,
        service,
        FollowSuggestionPayload,
        FollowSuggestionError,
        FollowSuggestionErrorCode,
        answer="suggestion",
        member=acting_member(info),
        suggestion_id=suggestion_id,
    )
