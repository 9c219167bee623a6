"""What services answer besides their values, without any GraphQL import.

`ApiError` subclasses become top-level errors with `extensions.code`; `ServiceError` is a
broken business rule that a mutation turns into its payload's `errors`; `Outcome` is what a
write that may find its work already done returns.

Result codes are `StrEnum`s declared beside the service that returns them (one per
operation, or per group of operations that share their codes), with each member's value its
name: the schema exposes each mutation's error enum from that enum
(`schema/core/mutations.py::error_codes`), so a code a service may return is always a
value of the API.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Generic, TypeVar

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


@dataclass(frozen=True, slots=True)
class FieldError:
    """One broken rule (or, in an `Outcome`, the state asked for already holding): a code
    of the operation's result enum, a message for a person, the input field at fault."""

    code: StrEnum
    message: str
    field: str | None = None


class ServiceError(Exception):
    """A business rule refused the change; nothing was written."""

    def __init__(self, *errors: FieldError) -> None:
        super().__init__("; ".join(e.message for e in errors))
        self.errors = list(errors)

    @classmethod
    def single(cls, code: StrEnum, message: str, field: str | None = None) -> ServiceError:
        return cls(FieldError(code, message, field))


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
