from __future__ import annotations

from collections.abc import Callable
from enum import Enum
from typing import Generic, TypeVar

import strawberry

from models.models import Member
from resolvers.errors import ServiceError

from ..context import Info

E = TypeVar("E")


def payload_errors(exc: ServiceError, error_type: Callable[..., E], codes: type[Enum]) -> list[E]:
    """Turn a service's broken rules into the mutation's typed errors."""
    return [error_type(code=codes[e.code], message=e.message, field=e.field) for e in exc.errors]


def acting_member(info: Info) -> Member:
    """The member behind a mutation that a permission class reserved to members."""
    member = info.context.viewer.member
    assert member is not None
    return member


CodeT = TypeVar("CodeT", bound=Enum)


@strawberry.type
class MutationError(Generic[CodeT]):
    """Base of each mutation's error type: subclass it with the mutation's code enum, e.g.
    `class ChangeSuggestionStatusError(MutationError[ChangeSuggestionStatusErrorCode])`."""

    code: CodeT = strawberry.field(description="What went wrong.")
    message: str = strawberry.field(description="Explanation for a person.")
    field: str | None = strawberry.field(description="The input field at fault, if one is.")
