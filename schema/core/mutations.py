from __future__ import annotations

from collections.abc import Callable
from enum import Enum, StrEnum
from typing import Any, Generic, TypeVar

import strawberry

from models.models import Member
from resolvers.errors import FieldError, Outcome, ServiceError

from .context import Info
from .enums import graphql_enum

E = TypeVar("E")

# GraphQL name of each mutation's error enum → the service enums whose codes it answers.
# `error_codes` fills it; a test walks every mutation of the schema against it.
ERROR_CODES: dict[str, tuple[type[StrEnum], ...]] = {}


class ErrorCodeMismatch(TypeError):
    """A mutation's error enum lacks a code one of its services may return (raised when the
    schema module that declares it is imported)."""


def error_codes(
    *services: type[StrEnum],
    name: str,
    description: str,
    declared: type[Enum] | None = None,
) -> type[Enum]:
    """Make the GraphQL enum of a mutation's error codes from the result enum of the
    service behind it (`resolvers/services/`), under the API's `name` and `description`,
    and return the Python enum the API answers with.

    Without `declared`, the GraphQL enum is a copy of the service's enum (exactly one; the
    service's own class stays unmarked, as every enum below the schema: `graphql_enum`):
    every code the service may return is a value of the schema, in the service's order. A
    mutation whose enum must stay a declaration of its own (the codes of several services,
    or codes its resolver adds) passes it as `declared`: every code of every service must
    then be a value of `declared` (same name), else `ErrorCodeMismatch` is raised, when
    the schema module is imported.

    Raises `ErrorCodeMismatch` as well for an enum already exposed under another name (a
    Python enum is one GraphQL enum) and for a code whose value is not its name (the
    value is what logs and tests compare, the name what the API answers)."""
    if declared is None and len(services) != 1:
        raise ErrorCodeMismatch(f"{name}: declare the enum that unites {len(services)} services.")
    exposed = services[0] if declared is None else declared
    for service in services:
        mismatched = [code.name for code in service if code.value != code.name]
        if mismatched:
            raise ErrorCodeMismatch(f"{service.__name__}: values differ from names: {mismatched}.")
        missing = [code.name for code in service if code.name not in exposed.__members__]
        if missing:
            raise ErrorCodeMismatch(
                f"{name} lacks codes that {service.__module__}.{service.__name__} returns: "
                f"{', '.join(missing)}."
            )
    ERROR_CODES[name] = services
    if declared is None:
        return graphql_enum(exposed, name=name, description=description)
    known = getattr(exposed, "__strawberry_definition__", None)
    if known is not None and known.name != name:
        raise ErrorCodeMismatch(f"{exposed.__name__} is already the GraphQL enum {known.name}.")
    return strawberry.enum(exposed, name=name, description=description)


def _code(error: FieldError, codes: type[Enum]) -> Enum:
    # The GraphQL enum's value of the same name, which `error_codes` checked exists.
    return error.code if isinstance(error.code, codes) else codes[error.code.name]


def payload_errors(exc: ServiceError, error_type: Callable[..., E], codes: type[Enum]) -> list[E]:
    """Turn a service's broken rules into the mutation's typed errors."""
    return [error_type(code=_code(e, codes), message=e.message, field=e.field) for e in exc.errors]


def already_errors(
    outcome: Outcome[Any], error_type: Callable[..., E], codes: type[Enum]
) -> list[E]:
    """The mutation's errors for a service's outcome: empty when it changed something, else
    the `ALREADY_*` / `NOT_*` / `UNCHANGED` entry the service answered."""
    if outcome.already is None:
        return []
    e = outcome.already
    return [error_type(code=_code(e, codes), message=e.message, field=e.field)]


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
