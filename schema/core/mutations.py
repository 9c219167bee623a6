from __future__ import annotations

from collections.abc import Callable, Iterable
from enum import Enum
from typing import TYPE_CHECKING, Any, Generic, TypeVar

import strawberry
from asgiref.sync import sync_to_async
from django.db.models import Model

from models.models import Member
from resolvers.errors import FieldError, Outcome, ResultCode, ServiceError
from resolvers.sensitive import SensitiveKind
from resolvers.text import MaskedNumber, NoticeCode, masked_notice_message, masked_numbers

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


if TYPE_CHECKING:
    NoticeCodeEnum = NoticeCode
    SensitiveNumberKind = SensitiveKind
else:
    NoticeCodeEnum = graphql_enum(
        NoticeCode,
        name="NoticeCode",
        description="What a mutation that succeeded tells its author about what it stored.",
    )
    SensitiveNumberKind = graphql_enum(
        SensitiveKind,
        name="SensitiveNumberKind",
        description="A kind of sensitive number masked in a text before it is stored.",
        value_descriptions={
            "IBAN": "An IBAN of any country, with or without spaces, whose checksum holds; "
            "shown as its country and check digits and its last three characters.",
            "PAYMENT_CARD": "A payment card number (13 to 19 digits, Luhn-valid, written in "
            "one piece or in groups); shown as its last four digits.",
            "PHONE_NUMBER": "A French phone number, or any country's written with its +code "
            "(E.164); shown as its first two and last two digits.",
            "SOCIAL_SECURITY_NUMBER": "A French social security number (NIR) with its key; "
            "shown as its first digit and its key.",
        },
    )


@strawberry.type(
    description="Something the author should know about what a mutation that succeeded "
    "stored (not an error: the change is made)."
)
class Notice:
    code: NoticeCodeEnum = strawberry.field(description="What it is about.")
    message: str = strawberry.field(description="Explanation for a person.")
    kind: SensitiveNumberKind | None = strawberry.field(
        description="With SENSITIVE_NUMBER_MASKED: the kind of number masked."
    )
    field: str | None = strawberry.field(description="The input field it concerns, if one.")


NOTICES = (
    "What the author should know about what was stored, though nothing went wrong: each kind "
    "of sensitive number masked in each input field (SENSITIVE_NUMBER_MASKED). Empty when "
    "nothing was masked, and on errors."
)


def notices_field() -> Any:
    """The `notices` field of a payload whose mutation stores text (empty by default)."""
    return strawberry.field(default_factory=list, description=NOTICES)


def notices_of(masked: Iterable[MaskedNumber]) -> list[Notice]:
    """The payload's notices for what a service masked."""
    return [
        Notice(
            code=NoticeCodeEnum.SENSITIVE_NUMBER_MASKED,
            message=masked_notice_message(m.kind),
            kind=SensitiveNumberKind(m.kind.value),
            field=m.field,
        )
        for m in masked
    ]


def _takes_notices(payload: Callable[..., Any]) -> bool:
    definition = getattr(payload, "__strawberry_definition__", None)
    return definition is not None and any(f.python_name == "notices" for f in definition.fields)


async def noticed_call(service: Callable[..., Any], **arguments: Any) -> tuple[Any, list[Notice]]:
    """Call a service (with `arguments`, in a worker thread) and return its result with the
    notices of what it masked in the texts it stored (`resolvers.text.masked_numbers`).
    A `ServiceError` propagates: nothing was stored, there is nothing to tell."""

    def collecting() -> tuple[Any, list[MaskedNumber]]:
        with masked_numbers() as masked:
            return service(**arguments), masked

    result, masked = await sync_to_async(collecting)()
    return result, notices_of(masked)


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
    of what it answers: the rules it found broken as `errors` (and as `answer`, the payload's
    field of the result, the row the service refused the call about, or null:
    `refused_subject`); or its result as `answer`, once the loaders forgot what the write
    made stale (`Loaders.changed`) for the fields that follow in the document, and the
    `notices` of what it masked when the payload has that field (`notices_field`).

    The result is an `Outcome` (its value, its rows, and the `ALREADY_*` / `NOT_*` /
    `UNCHANGED` entry it answered as `errors`), or the row the service wrote: stale itself,
    or the rows `stale` names (a reply makes its thread stale too)."""
    try:
        result, notices = await noticed_call(service, **arguments)
    except ServiceError as exc:
        subject = refused_subject(info, exc)
        return payload(**{answer: subject}, errors=payload_errors(exc, error_type, codes))
    if not isinstance(result, Outcome):
        result = Outcome(result, rows=tuple(stale(result) if stale else (result,)))
    info.context.loaders.changed(*result.rows, removed=result.removed)
    told = {"notices": notices} if _takes_notices(payload) else {}
    return payload(
        **{answer: result.value}, errors=already_errors(result, error_type, codes), **told
    )


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
