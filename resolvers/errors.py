"""Errors raised below the schema, without any GraphQL import.

`ApiError` subclasses become top-level errors with `extensions.code`; `ServiceError` is a
broken business rule that a mutation turns into its payload's `errors`.
"""

from __future__ import annotations

from dataclasses import dataclass

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
    """One broken rule: a code from the mutation's error enum, a message, the input field."""

    code: str
    message: str
    field: str | None = None


class ServiceError(Exception):
    """A business rule refused the change; nothing was written."""

    def __init__(self, *errors: FieldError) -> None:
        super().__init__("; ".join(e.message for e in errors))
        self.errors = list(errors)

    @classmethod
    def single(cls, code: str, message: str, field: str | None = None) -> ServiceError:
        return cls(FieldError(code, message, field))
