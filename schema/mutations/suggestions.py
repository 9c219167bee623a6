from __future__ import annotations

from enum import Enum
from typing import Annotated

import strawberry
from asgiref.sync import sync_to_async

from models.models import Suggestion as SuggestionModel
from permissions.fields import CanSubmitSuggestion, CanVote
from resolvers.errors import ServiceError
from resolvers.services.suggestions import suggestion_submit
from resolvers.services.votes import VoteResult, vote_cast, vote_withdraw

from ..context import Info
from ..ids import decode_id
from ..suggestions import Suggestion
from .common import acting_member, payload_errors

# --- submitSuggestion ----------------------------------------------------------------------


@strawberry.input(description="A new idea for Le Labo.")
class SubmitSuggestionInput:
    title: str = strawberry.field(description="1 to 150 characters (surrounding blanks removed).")
    body: str = strawberry.field(description="1 to 5,000 characters (surrounding blanks removed).")


@strawberry.enum(description="Why a suggestion was not submitted.")
class SubmitSuggestionErrorCode(Enum):
    BLANK = "BLANK"
    TOO_LONG = "TOO_LONG"


@strawberry.type(description="A reason the suggestion was not submitted.")
class SubmitSuggestionError:
    code: SubmitSuggestionErrorCode = strawberry.field(description="What went wrong.")
    message: str = strawberry.field(description="Explanation for a person.")
    field: str | None = strawberry.field(description="The input field at fault (title, body).")


@strawberry.type(description="Result of `submitSuggestion`.")
class SubmitSuggestionPayload:
    suggestion: Suggestion | None = strawberry.field(
        description="The new suggestion, with its author's vote; null on error."
    )
    errors: list[SubmitSuggestionError] = strawberry.field(description="Empty on success.")


# --- voteForSuggestion / withdrawVote --------------------------------------------------------


@strawberry.input(description="Which suggestion to vote for.")
class VoteForSuggestionInput:
    suggestion_id: strawberry.ID = strawberry.field(description="The suggestion's ID.")


@strawberry.enum(
    description="Why a vote was not counted. ALREADY_VOTED changes nothing: the earlier vote "
    "stands, so a retried request is safe."
)
class VoteForSuggestionErrorCode(Enum):
    NOT_FOUND = "NOT_FOUND"
    VOTING_CLOSED = "VOTING_CLOSED"
    ALREADY_VOTED = "ALREADY_VOTED"


@strawberry.type(description="A reason the vote was not counted.")
class VoteForSuggestionError:
    code: VoteForSuggestionErrorCode = strawberry.field(description="What went wrong.")
    message: str = strawberry.field(description="Explanation for a person.")
    field: str | None = strawberry.field(description="The input field at fault.")


@strawberry.type(description="Result of `voteForSuggestion`.")
class VoteForSuggestionPayload:
    suggestion: Suggestion | None = strawberry.field(
        description="The suggestion with its new vote count (null when it was not found)."
    )
    errors: list[VoteForSuggestionError] = strawberry.field(description="Empty on success.")


@strawberry.input(description="Which suggestion to take the vote back from.")
class WithdrawVoteInput:
    suggestion_id: strawberry.ID = strawberry.field(description="The suggestion's ID.")


@strawberry.enum(
    description="Why no vote was withdrawn. NOT_VOTED changes nothing, so a retried request "
    "is safe."
)
class WithdrawVoteErrorCode(Enum):
    NOT_FOUND = "NOT_FOUND"
    VOTING_CLOSED = "VOTING_CLOSED"
    NOT_VOTED = "NOT_VOTED"


@strawberry.type(description="A reason no vote was withdrawn.")
class WithdrawVoteError:
    code: WithdrawVoteErrorCode = strawberry.field(description="What went wrong.")
    message: str = strawberry.field(description="Explanation for a person.")
    field: str | None = strawberry.field(description="The input field at fault.")


@strawberry.type(description="Result of `withdrawVote`.")
class WithdrawVotePayload:
    suggestion: Suggestion | None = strawberry.field(
        description="The suggestion with its new vote count (null when it was not found)."
    )
    errors: list[WithdrawVoteError] = strawberry.field(description="Empty on success.")


def _refresh(info: Info, result: VoteResult, *, voted: bool) -> SuggestionModel:
    info.context.loaders.refresh_suggestion(result.suggestion, viewer_voted=voted)
    return result.suggestion


@strawberry.type
class SuggestionMutations:
    @strawberry.mutation(
        description="Submit an idea to Le Labo (customers). The author's vote is cast and the "
        "author follows it.",
        permission_classes=[CanSubmitSuggestion],
    )
    async def submit_suggestion(
        self,
        info: Info,
        input: Annotated[SubmitSuggestionInput, strawberry.argument(description="The idea.")],
    ) -> SubmitSuggestionPayload | None:
        try:
            suggestion = await sync_to_async(suggestion_submit)(
                author=acting_member(info), title=input.title, body=input.body
            )
        except ServiceError as exc:
            return SubmitSuggestionPayload(
                suggestion=None,
                errors=payload_errors(exc, SubmitSuggestionError, SubmitSuggestionErrorCode),
            )
        info.context.loaders.refresh_suggestion(suggestion, viewer_voted=True)
        return SubmitSuggestionPayload(suggestion=suggestion, errors=[])  # type: ignore[arg-type]

    @strawberry.mutation(
        description="Vote for a suggestion (customers; once per suggestion; until it is "
        "REJECTED, DELIVERED or a DUPLICATE). Voting follows the suggestion.",
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
            result = await sync_to_async(vote_cast)(
                member=acting_member(info), suggestion_id=suggestion_id
            )
        except ServiceError as exc:
            return VoteForSuggestionPayload(
                suggestion=None,
                errors=payload_errors(exc, VoteForSuggestionError, VoteForSuggestionErrorCode),
            )
        errors = []
        if not result.changed:
            errors.append(
                VoteForSuggestionError(
                    code=VoteForSuggestionErrorCode.ALREADY_VOTED,
                    message="You already voted for this suggestion.",
                    field="suggestionId",
                )
            )
        return VoteForSuggestionPayload(
            suggestion=_refresh(info, result, voted=True),  # type: ignore[arg-type]
            errors=errors,
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
            result = await sync_to_async(vote_withdraw)(
                member=acting_member(info), suggestion_id=suggestion_id
            )
        except ServiceError as exc:
            return WithdrawVotePayload(
                suggestion=None,
                errors=payload_errors(exc, WithdrawVoteError, WithdrawVoteErrorCode),
            )
        errors = []
        if not result.changed:
            errors.append(
                WithdrawVoteError(
                    code=WithdrawVoteErrorCode.NOT_VOTED,
                    message="You had not voted for this suggestion.",
                    field="suggestionId",
                )
            )
        return WithdrawVotePayload(
            suggestion=_refresh(info, result, voted=False),  # type: ignore[arg-type]
            errors=errors,
        )
