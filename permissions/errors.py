"""Refusals: what the permission classes and the services raise when a viewer may not act.

They live here, below `resolvers`, so that the thin Strawberry classes of `fields.py` raise
them without importing upwards (DESIGN §2: `permissions` imports only `models`), and the
services raise the same ones after calling a policy. `resolvers/errors.py` adds the other
errors the API answers with a code, on the same base.
"""

from __future__ import annotations


class ApiError(Exception):
    """An error the API answers as a top-level error whose `extensions.code` is `code`
    (schema/core/errors.py), with `message` (or `default_message`) as its text."""

    code = "INTERNAL"
    default_message = "Internal server error."

    def __init__(self, message: str | None = None) -> None:
        super().__init__(message or self.default_message)
        self.message = message or self.default_message


class Unauthenticated(ApiError):
    """The action needs a member: the anonymous visitor is told to log in."""

    code = "UNAUTHENTICATED"
    default_message = "You must be logged in."


class Forbidden(ApiError):
    """The viewer is known, and a policy refuses them the action."""

    code = "FORBIDDEN"
    default_message = "You are not allowed to do this."
