"""Vote mutations: a customer votes for a suggestion or withdraws the vote."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import strawberry
from asgiref.sync import sync_to_async

from permissions.fields import (
    CanVote,
)
from resolvers.errors import ServiceError
from resolvers.services.votes import VoteCastCode, VoteWithdrawCode, vote_cast, vote_withdraw

from ..core.context import Info
from ..core.ids import decode_id
from ..core.mutations import (
    MutationError,
    acting_member,
    already_errors,
    error_codes,
    payload_errors,
    refused_subject,
)
from ..suggestions import Suggestion

# --- voteForSuggestion / withdrawVote --------------------------------------------------------


@strawberry.input(description="Which suggestion to vote for.")
class VoteForSuggestionInput:
    suggestion_id: strawberry.ID = strawberry.field(description="The suggestion's ID.")


if TYPE_CHECKING:
    VoteForSuggestionErrorCode = VoteCastCode
else:
    VoteForSuggestionErrorCode = error_codes(
        VoteCastCode,
        name="VoteForSuggestionErrorCode",
        description="Why a vote was not counted. ALREADY_VOTED changes nothing: the earlier vote "
        "stands, so a retried request is safe.",
    )


@strawberry.type(description="A reason the vote was not counted.")
class VoteForSuggestionError(MutationError[VoteForSuggestionErrorCode]):
    pass


@strawberry.type(description="Result of `voteForSuggestion`.")
class VoteForSuggestionPayload:
    suggestion: Suggestion | None = strawberry.field(
        description="The suggestion with its new vote count; when voting is closed on it "
        "(VOTING_CLOSED), the suggestion as it is (a DUPLICATE's `duplicateOf` is the idea "
        "its votes went to); null when it was not found."
    )
    errors: list[VoteForSuggestionError] = strawberry.field(description="Empty on success.")


@strawberry.input(description="Which suggestion to take the vote back from.")
class WithdrawVoteInput:
    suggestion_id: strawberry.ID = strawberry.field(description="The suggestion's ID.")


if TYPE_CHECKING:
    WithdrawVoteErrorCode = VoteWithdrawCode
else:
    WithdrawVoteErrorCode = error_codes(
        VoteWithdrawCode,
        name="WithdrawVoteErrorCode",
        description="Why no vote was withdrawn. NOT_VOTED changes nothing, so a retried request "
        "is safe.",
    )


@strawberry.type(description="A reason no vote was withdrawn.")
class WithdrawVoteError(MutationError[WithdrawVoteErrorCode]):
    pass


@strawberry.type(description="Result of `withdrawVote`.")
class WithdrawVotePayload:
    suggestion: Suggestion | None = strawberry.field(
        description="The suggestion with its new vote count; when voting is closed on it "
        "(VOTING_CLOSED), the suggestion as it is; null when it was not found."
    )
    errors: list[WithdrawVoteError] = strawberry.field(description="Empty on success.")


@strawberry.type
class VoteMutations:
    @strawberry.mutation(
        description="Vote for a suggestion (customers; once per suggestion; until it is "
        "REJECTED, DELIVERED, a DUPLICATE or WITHDRAWN). Voting follows the suggestion.",
        permission_classes=[CanVote],
    )
    async def vote_for_suggestion(
        self,
        info: Info,
        input: Annotated[
            VoteForSuggestionInput, strawberry.argument(description="The suggestion.")
        ],
    ) -> VoteForSuggestionPayload | None:
        suggestion_id = decode_id(input.suggestion_id, "Suggestion", argument="suggestionId")
        try:
            outcome = await sync_to_async(vote_cast)(
                member=acting_member(info), suggestion_id=suggestion_id
            )
        except ServiceError as exc:
            return VoteForSuggestionPayload(
                suggestion=refused_subject(info, exc),
                errors=payload_errors(exc, VoteForSuggestionError, VoteForSuggestionErrorCode),
            )
        info.context.loaders.changed(*outcome.rows, removed=outcome.removed)
        return VoteForSuggestionPayload(
            suggestion=outcome.value,  # type: ignore[arg-type]
            errors=already_errors(outcome, VoteForSuggestionError, VoteForSuggestionErrorCode),
        )

    @strawberry.mutation(
        description="Take back one's vote (customers; while voting is open).",
        permission_classes=[CanVote],
    )
    async def withdraw_vote(
        self,
        info: Info,
        input: Annotated[WithdrawVoteInput, strawberry.argument(description="The suggestion.")],
    ) -> WithdrawVotePayload | None:
        suggestion_id = decode_id(input.suggestion_id, "Suggestion", argument="suggestionId")
        try:
            outcome = await sync_to_async(vote_withdraw)(
                member=acting_member(info), suggestion_id=suggestion_id
            )
        except ServiceError as exc:
            return WithdrawVotePayload(
                suggestion=refused_subject(info, exc),
                errors=payload_errors(exc, WithdrawVoteError, WithdrawVoteErrorCode),
            )
        info.context.loaders.changed(*outcome.rows, removed=outcome.removed)
        return WithdrawVotePayload(
            suggestion=outcome.value,  # type: ignore[arg-type]
            errors=already_errors(outcome, WithdrawVoteError, WithdrawVoteErrorCode),
        )
