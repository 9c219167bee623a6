"""What services answer besides their values, without any GraphQL import.

`ApiError` subclasses become top-level errors with `extensions.code`; `ServiceError` is a
broken business rule that a mutation turns into its payload's `errors`; `Outcome` is what a
write that may find its work already done returns.

Result codes are `ResultCode`s (a `StrEnum`) declared beside the service that returns them
(one per operation, or per group of operations that share their codes), with each member's
value its name and its meaning beside it: the schema exposes each mutation's error enum
from that enum (`schema/core/mutations.py::error_codes`), so a code a service may return is
always a value of the API, described as the service declared it.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Generic, Self, TypeVar

from django.db.models import Model

# The base class and the refusals belong to the permission layer (its permission classes
# raise them too); re-exported so that everything below the schema finds every error here.
from permissions.errors import ApiError as ApiError
from permissions.errors import Forbidden as Forbidden
from permissions.errors import Unauthenticated as Unauthenticated


class BadUserInput(ApiError):
    code = "BAD_USER_INPUT"
    default_message = "The request is not valid."


class NotFound(ApiError):
    code = "NOT_FOUND"
    default_message = "Not found."


class RateLimited(ApiError):
    """Too many attempts: `retry_after` seconds until the next one may go through. The
    error's `extensions` carry it as `retryAfter` (GraphQL copies them from here)."""

    code = "RATE_LIMITED"
    default_message = "Too many requests: try again later."

    def __init__(self, message: str | None = None, *, retry_after: int | None = None) -> None:
        super().__init__(message)
        self.retry_after = retry_after
        self.extensions: dict[str, object] = {"code": self.code}
        if retry_after is not None:
            self.extensions["retryAfter"] = retry_after


class ResultCode(StrEnum):
    """Base of a service's result codes. Each member is declared with what it means, for the
    people reading the API (the description of its GraphQL enum value):

        class VoteCastCode(ResultCode):
            NOT_FOUND = "NOT_FOUND", "The suggestion does not exist or is not visible to you."

    Its value is its name (what logs and tests compare; the API answers the name). A member
    declared without its description fails the import of the service's module."""

    description: str

    def __new__(cls, value: str, description: str = "") -> Self:
        if not description.strip():
            raise TypeError(f"{cls.__name__}.{value}: a result code says what it means.")
        member = str.__new__(cls, value)
        member._value_ = value
        member.description = description
        return member


@dataclass(frozen=True, slots=True)
class FieldError:
    """One broken rule (or, in an `Outcome`, the state asked for already holding): a code
    of the operation's result enum, a message for a person, the input field at fault."""

    code: StrEnum
    message: str
    field: str | None = None


class ServiceError(Exception):
    """A business rule refused the change; nothing was written.

    `subject`: the row the refused call was about, as read under its lock, when the caller
    may show it (a suggestion closed to votes: the client learns its status, and where a
    merged duplicate went); None when there is nothing to show (not found, bad input)."""

    def __init__(self, *errors: FieldError, subject: Model | None = None) -> None:
        super().__init__("; ".join(e.message for e in errors))
        self.errors = list(errors)
        self.subject = subject

    @classmethod
    def single(
        cls, code: StrEnum, message: str, field: str | None = None, *, subject: Model | None = None
    ) -> ServiceError:
        return cls(FieldError(code, message, field), subject=subject)


T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class Outcome(Generic[T]):
    """What a write returns when the state it is asked for may already hold.

    `value` is the object the caller gets back (the thread closed, the suggestion voted
    for). `already` is None when the call changed something; otherwise the state already
    held, nothing was written, and it says so with a code of the operation's enum
    (`ALREADY_*`, `NOT_*`, `UNCHANGED`), so a retried request is harmless and the caller
    can tell. The service decides it, under the lock it took, never its caller.

    `rows` are the rows this call wrote or read under its lock, as they are now, and
    `removed` those that do not exist now (deleted, or found absent); a member's vote or
    follow may be an unsaved instance naming the member and the suggestion. They are what
    `Loaders.changed` takes to refresh or forget what they make stale."""

    value: T
    rows: tuple[Model, ...] = ()
    removed: tuple[Model, ...] = ()
    already: FieldError | None = None

    @property
    def changed(self) -> bool:
        """Whether the call wrote anything."""
        return self.already is None
