from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any

import strawberry
from asgiref.sync import sync_to_async
from django.contrib.auth import alogin, alogout
from graphql import FieldNode, GraphQLError, ValidationRule

from models.models import Language as LanguageChoices
from permissions.fields import CanChooseOwnSettings, CanEraseOwnAccount
from permissions.roles import ANONYMOUS, Viewer
from resolvers.errors import ServiceError
from resolvers.request_context import client_address
from resolvers.services.members import (
    LoginCode,
    MemberEraseCode,
    MemberLanguageSetCode,
    member_authenticate,
    member_erase,
    member_language_set,
)

from ..core.context import Info
from ..core.mutations import (
    MutationError,
    acting_member,
    error_codes,
    payload_errors,
    service_payload,
)
from ..members import Language, Member


@strawberry.input(description="Credentials of a community member.")
class LoginInput:
    username: str = strawberry.field(description="The member's login name.")
    password: str = strawberry.field(description="The member's password.")


if TYPE_CHECKING:
    LoginErrorCode = LoginCode
else:
    LoginErrorCode = error_codes(
        LoginCode,
        name="LoginErrorCode",
        description="Why a login failed.",
    )


@strawberry.type(description="A reason the login failed.")
class LoginError(MutationError[LoginErrorCode]):
    pass


@strawberry.type(description="Result of `login`.")
class LoginPayload:
    viewer: Member | None = strawberry.field(description="The member now logged in.")
    errors: list[LoginError] = strawberry.field(description="Empty when the login succeeded.")


@strawberry.input(description="Nothing is needed to log out.")
class LogoutInput:
    client_mutation_id: str | None = strawberry.field(
        default=None, description="Echoed back, for clients that track their requests."
    )


@strawberry.type(description="Result of `logout`.")
class LogoutPayload:
    client_mutation_id: str | None = strawberry.field(description="As sent in the input.")
    errors: list[LoginError] = strawberry.field(
        description="Always empty: logging out cannot fail."
    )


@strawberry.input(description="Confirmation of an account's erasure.")
class EraseMyAccountInput:
    password: str = strawberry.field(
        description="The member's current password, typed again to confirm."
    )


if TYPE_CHECKING:
    EraseMyAccountErrorCode = MemberEraseCode
else:
    EraseMyAccountErrorCode = error_codes(
        MemberEraseCode,
        name="EraseMyAccountErrorCode",
        description="Why an account was not erased.",
    )


@strawberry.type(description="A reason the account was not erased.")
class EraseMyAccountError(MutationError[EraseMyAccountErrorCode]):
    pass


@strawberry.type(description="Result of `eraseMyAccount`.")
class EraseMyAccountPayload:
    erased: bool = strawberry.field(description="Whether the account is now erased.")
    errors: list[EraseMyAccountError] = strawberry.field(
        description="Empty when the account was erased."
    )


@strawberry.input(description="The language the community writes to the member in.")
class SetLanguageInput:
    language: Language = strawberry.field(description="FR or EN.")


if TYPE_CHECKING:
    SetLanguageErrorCode = MemberLanguageSetCode
else:
    SetLanguageErrorCode = error_codes(
        MemberLanguageSetCode,
        name="SetLanguageErrorCode",
        description="Why the member's language was not changed.",
    )


@strawberry.type(description="A reason the member's language was not changed.")
class SetLanguageError(MutationError[SetLanguageErrorCode]):
    pass


@strawberry.type(description="Result of `setLanguage`.")
class SetLanguagePayload:
    viewer: Member | None = strawberry.field(description="The member, with their language.")
    errors: list[SetLanguageError] = strawberry.field(
        description="Empty when the language changed; UNCHANGED when it already was this one."
    )


@strawberry.type
class MemberMutations:
    @strawberry.mutation(
        description="Log in with a username and password; the session cookie is set on the "
        "response. Cookie-authenticated POSTs need the CSRF token (GET /auth/csrf/). Failed "
        "logins are limited per account and per client address: past the limit the answer "
        "is a top-level RATE_LIMITED error (`extensions.retryAfter`, in seconds, and a "
        "Retry-After header) and the password is not checked. One `login` per request: a "
        "document with several is refused as a whole with RATE_LIMITED."
    )
    async def login(
        self,
        info: Info,
        input: Annotated[LoginInput, strawberry.argument(description="Credentials.")],
    ) -> LoginPayload:
        request = info.context.request
        # RateLimited goes up as a top-level error (with its Retry-After header: ErrorCodes).
        try:
            user = await sync_to_async(member_authenticate)(
                username=input.username,
                password=input.password,
                client_address=client_address(request.META),
            )
        except ServiceError as exc:
            return LoginPayload(viewer=None, errors=payload_errors(exc, LoginError, LoginErrorCode))
        await alogin(request, user)
        info.context.switch_viewer(Viewer(user))
        return LoginPayload(viewer=user, errors=[])  # type: ignore[arg-type]

    @strawberry.mutation(description="End the session. Logging out twice is harmless.")
    async def logout(
        self,
        info: Info,
        input: Annotated[LogoutInput, strawberry.argument(description="Nothing required.")],
    ) -> LogoutPayload:
        await alogout(info.context.request)
        info.context.switch_viewer(ANONYMOUS)
        return LogoutPayload(client_mutation_id=input.client_mutation_id, errors=[])

    @strawberry.mutation(
        description="Erase one's own account, irreversibly (GDPR article 17), confirmed by "
        'the password: the display name becomes "Ancien membre" and a number; the email, '
        "names and customer number are cleared; the account can no longer log in and this "
        "session ends; notifications and follows are deleted. Threads, replies, comments and "
        "ideas stay in the discussions under that name, and votes stay counted. Download "
        "`viewer { personalData }` first to keep a copy. A wrong password counts as a failed "
        "login (the same limits, RATE_LIMITED past them). Members only: visitors get "
        "UNAUTHENTICATED, partner tokens FORBIDDEN.",
        permission_classes=[CanEraseOwnAccount],
    )
    async def erase_my_account(
        self,
        info: Info,
        input: Annotated[EraseMyAccountInput, strawberry.argument(description="Confirmation.")],
    ) -> EraseMyAccountPayload | None:
        viewer = info.context.viewer
        assert viewer.member is not None  # CanEraseOwnAccount
        request = info.context.request
        try:
            await sync_to_async(member_erase)(
                actor=viewer.member,
                member_id=viewer.member.pk,
                password=input.password,
                client_address=client_address(request.META),
            )
        except ServiceError as exc:
            return EraseMyAccountPayload(
                erased=False,
                errors=payload_errors(exc, EraseMyAccountError, EraseMyAccountErrorCode),
            )
        await alogout(request)
        info.context.switch_viewer(ANONYMOUS)
        return EraseMyAccountPayload(erased=True, errors=[])

    @strawberry.mutation(
        description="Choose the language the community writes to one in away from the "
        "website: the e-mails (`Member.language`). The website's language switch calls it "
        "for a logged-in member. Members only.",
        permission_classes=[CanChooseOwnSettings],
    )
    async def set_language(
        self,
        info: Info,
        input: Annotated[SetLanguageInput, strawberry.argument(description="The language.")],
    ) -> SetLanguagePayload | None:
        return await service_payload(
            info,
            member_language_set,
            SetLanguagePayload,
            SetLanguageError,
            SetLanguageErrorCode,
            answer="viewer",
            member=acting_member(info),
            language=LanguageChoices(input.language),
        )


class OneLoginPerRequest(ValidationRule):
    """Refuse, before anything runs, a document holding several `login` fields (aliases,
    fragments, several operations): every guess then costs a request of its own, which
    is what rate limits at the edge (and the per-address count) measure. RATE_LIMITED,
    since that is what batching guesses runs into."""

    def __init__(self, context: Any) -> None:
        super().__init__(context)
        self.logins = 0

    def enter_field(self, node: FieldNode, *_args: Any) -> None:
        if node.name.value != "login":
            return
        parent = self.context.get_parent_type()
        if parent is None or parent is not self.context.schema.mutation_type:
            return
        self.logins += 1
        if self.logins == 2:
            self.report_error(
                GraphQLError(
                    "One login per request: send each `login` in its own request.",
                    node,
                    extensions={"code": "RATE_LIMITED"},
                )
            )
