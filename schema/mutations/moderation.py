"""Moderation mutations: flags from members, hiding and showing content again (advisers).

Flagging twice, hiding what is hidden or showing what is shown changes nothing and says so
with an `ALREADY_*` / `NOT_*` error next to the content (the service decides it).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import strawberry

from models.models import FlagReason as FlagReasonChoices
from permissions.fields import CanFlagContent, CanModerate
from resolvers.services.moderation import (
    ContentHideCode,
    ContentUnhideCode,
    FlagCreateCode,
    FlagDismissCode,
    content_hide,
    content_unhide,
    flag_create,
    flag_dismiss,
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
from ..moderation import Flag, FlagReason, ModeratableContent, decode_content_id

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
    notices: list[Notice] = notices_field()


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
    notices: list[Notice] = notices_field()


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


# --- dismissFlag -----------------------------------------------------------------------------


@strawberry.input(description="An open flag to dismiss, its content left as it is.")
class DismissFlagInput:
    flag_id: strawberry.ID = strawberry.field(description="The flag's ID.")


if TYPE_CHECKING:
    DismissFlagErrorCode = FlagDismissCode
else:
    DismissFlagErrorCode = error_codes(
        FlagDismissCode,
        name="DismissFlagErrorCode",
        description="Why the flag was not dismissed. ALREADY_RESOLVED changes nothing (the "
        "flag is returned as it is), so a retried request is safe.",
    )


@strawberry.type(description="A reason the flag was not dismissed.")
class DismissFlagError(MutationError[DismissFlagErrorCode]):
    pass


@strawberry.type(description="Result of `dismissFlag`.")
class DismissFlagPayload:
    flag: Flag | None = strawberry.field(
        description="The flag, now resolved (or, with ALREADY_RESOLVED, as it was); null when "
        "it was not found."
    )
    errors: list[DismissFlagError] = strawberry.field(description="Empty on success.")


@strawberry.type
class ModerationMutations:
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
        return await service_payload(
            info,
            flag_create,
            FlagContentPayload,
            FlagContentError,
            FlagContentErrorCode,
            answer="flag",
            reporter=acting_member(info),
            content=content,
            reason=FlagReasonChoices(input.reason),
            text=input.text,
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
        return await service_payload(
            info,
            content_hide,
            HideContentPayload,
            HideContentError,
            HideContentErrorCode,
            answer="content",
            actor=acting_member(info),
            content=content,
            reason=input.reason,
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
        return await service_payload(
            info,
            content_unhide,
            UnhideContentPayload,
            UnhideContentError,
            UnhideContentErrorCode,
            answer="content",
            actor=acting_member(info),
            content=content,
        )

    @strawberry.mutation(
        description="Dismiss an open flag without hiding its content (advisers): the flag is "
        "resolved and leaves the queue, the content and its other flags stay as they are, "
        "nobody is notified, and the audit log records it (`flag.resolve`).",
        permission_classes=[CanModerate],
    )
    async def dismiss_flag(
        self,
        info: Info,
        input: Annotated[DismissFlagInput, strawberry.argument(description="Which flag.")],
    ) -> DismissFlagPayload | None:
        flag_id = decode_id(input.flag_id, "Flag", argument="flagId")
        return await service_payload(
            info,
            flag_dismiss,
            DismissFlagPayload,
            DismissFlagError,
            DismissFlagErrorCode,
            answer="flag",
            actor=acting_member(info),
            flag_id=flag_id,
        )
