from __future__ import annotations

from collections.abc import Callable, Iterable
from enum import Enum
from typing import Any, Generic, TypeVar

import strawberry
from asgiref.sync import sync_to_async
from django.db.models import Model

from models.models import Member
from resolvers.errors import FieldError, Outcome, ResultCode, ServiceError

from .context import Info
from .enums import describe_values, descriptions_of, graphql_enum

E = TypeVar("E")
P = TypeVar("P")

# GraphQL name of each mutation's error enum → the service enums whose codes it answers.
# `error_codes` fills it; a test walks every mutation of the schema against it.
ERROR_CODES: dict[str, tuple[type[ResultCode], ...]] = {}


class ErrorCodeMismatch(TypeError):
    """A mutation's error enum lacks a code one of its services may return (raised when the
    schema module that declares it is imported)."""


def error_codes(
    *services: type[ResultCode],
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
    value is what logs and tests compare, the name what the API answers), and
    `UndescribedEnumValue` for a code without its description: the exposed enum's codes
    say what they mean (`resolvers.errors.ResultCode`), and the API shows it."""
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
    docs = descriptions_of(exposed, name, None)
    return describe_values(strawberry.enum(exposed, name=name, description=description), docs)


def _code(error: FieldError, codes: type[Enum]) -> Enum:
    # The GraphQL enum's value of the same name, which `error_codes` checked exists.
    return error.code if isinstance(error.code, codes) else codes[error.code.name]


def payload_errors(exc: ServiceError, error_type: Callable[..., E], codes: type[Enum]) -> list[E]:
    """Turn a service's broken rules into the mutation's typed errors."""
    return [error_type(code=_code(e, codes), message=e.message, field=e.field) for e in exc.errors]


def refused_subject(info: Info, exc: ServiceError) -> Any:
    """What a refused mutation's payload still shows: the row the service refused the call
    about, when it gives one (`ServiceError.subject`, read under its lock: later fields of
    the document read it as it is now); else None."""
    if exc.subject is None:
        return None
    info.context.loaders.changed(exc.subject)
    return exc.subject


def already_errors(
    outcome: Outcome[Any], error_type: Callable[..., E], codes: type[Enum]
) -> list[E]:
    """The mutation's errors for a service's outcome: empty when it changed something, else
    the `ALREADY_*` / `NOT_*` / `UNCHANGED` entry the service answered."""
    if outcome.already is None:
        return []
    e = outcome.already
    return [error_type(code=_code(e, codes), message=e.message, field=e.field)]


async def service_payload(
    info: Info,
    service: Callable[..., Any],
    payload: Callable[..., P],
    error_type: Callable[..., Any],
    codes: type[Enum],
    *,
    answer: str,
    stale: Callable[[Any], Iterable[Model]] | None = None,
    **arguments: Any,
) -> P:
    """Run a service (with `arguments`, in a worker thread) and make the mutation's payload
    of what it answers: the rules it found broken as `errors` (and `answer`, the payload's
    field of the result, null); or its result as `answer`, once the loaders forgot what the
    write made stale (`Loaders.changed`) for the fields that follow in the document.

    The result is an `Outcome` (its value, its rows, and the `ALREADY_*` / `NOT_*` /
    `UNCHANGED` entry it answered as `errors`), or the row the service wrote: stale itself,
    or the rows `stale` names (a reply makes its thread stale too)."""
    try:
        result = await sync_to_async(service)(**arguments)
    except ServiceError as exc:
        return payload(**{answer: None}, errors=payload_errors(exc, error_type, codes))
    if not isinstance(result, Outcome):
        result = Outcome(result, rows=tuple(stale(result) if stale else (result,)))
    info.context.loaders.changed(*result.rows, removed=result.removed)
    return payload(**{answer: result.value}, errors=already_errors(result, error_type, codes))


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
