from __future__ import annotations

from enum import Enum
from typing import Annotated

import strawberry
from django.contrib.auth import aauthenticate, alogin, alogout

from models.models import Member as MemberModel
from permissions.roles import ANONYMOUS, Viewer

from ..context import Info
from ..members import Member
from .common import MutationError


@strawberry.input(description="Credentials of a community member.")
class LoginInput:
    username: str = strawberry.field(description="The member's login name.")
    password: str = strawberry.field(description="The member's password.")


@strawberry.enum(description="Why a login failed.")
class LoginErrorCode(Enum):
    INVALID_CREDENTIALS = "INVALID_CREDENTIALS"


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


@strawberry.type
class AuthMutations:
    @strawberry.mutation(
        description="Log in with a username and password; the session cookie is set on the "
        "response. Cookie-authenticated POSTs need the CSRF token (GET /auth/csrf/)."
    )
    async def login(
        self,
        info: Info,
        input: Annotated[LoginInput, strawberry.argument(description="Credentials.")],
    ) -> LoginPayload:
        request = info.context.request
        user = await aauthenticate(request, username=input.username, password=input.password)
        if not isinstance(user, MemberModel):
            return LoginPayload(
                viewer=None,
                errors=[
                    LoginError(
                        code=LoginErrorCode.INVALID_CREDENTIALS,
                        message="Unknown username or wrong password.",
                        field=None,
                    )
                ],
            )
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
