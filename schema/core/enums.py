"""`graphql_enum`: GraphQL enums from the model choices (and the selectors' orderings), so the
two cannot drift; each area's schema module declares its own.

Strawberry marks the class it declares as an enum (`__strawberry_definition__`). Each GraphQL
enum is therefore declared on a copy of its Python enum, with the same member names and
values (`graphql_enum`): the models' choices and the selectors' enums stay plain Python,
whatever imports the schema. Values the API reads are members of the copy, so the schema
turns them back (`Choices(value)`, `Values[value.name]`) before it calls a selector or a
service. For type checkers the copy is the original (same names, same values).

Every value has a description, written once, where the values are declared: a service's
result codes (`resolvers.errors.ResultCode`) carry theirs, member by member; a copy of model
choices or of a selector's enum is given them by its declaration in the schema, as
`value_descriptions=` (the models' labels are French names for the back office, not the
API's documentation). A value without its description, or a description of no value, fails
the import of the schema module that declares the enum (`UndescribedEnumValue`).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from enum import Enum, StrEnum
from typing import Any, TypeVar

import strawberry

E = TypeVar("E", bound=Enum)


class UndescribedEnumValue(TypeError):
    """An enum value of the schema without its description, or a description of no value
    (raised when the schema module that declares the enum is imported)."""


def descriptions_of(
    values: type[Enum], name: str, described: Mapping[str, str] | None
) -> dict[str, str]:
    """Each member's description, by name: from `described` when the caller gives them,
    else from the members themselves (a `ResultCode` carries its own). Exactly one of the
    two: a value is described in one place."""
    own = {m.name: getattr(m, "description", None) for m in values}
    if described is None:
        missing = [member for member, text in own.items() if not text]
        if missing:
            raise UndescribedEnumValue(
                f"{name}: no description for {', '.join(missing)} (give "
                "`value_descriptions=`, or declare the codes as a ResultCode)."
            )
        return {member: str(text) for member, text in own.items()}
    if any(own.values()):
        raise UndescribedEnumValue(f"{name}: {values.__name__} describes its values itself.")
    missing = [member for member in own if not described.get(member, "").strip()]
    unknown = [member for member in described if member not in own]
    if missing or unknown:
        raise UndescribedEnumValue(
            f"{name}: no description for {', '.join(missing) or 'none'}; "
            f"descriptions of no value: {', '.join(unknown) or 'none'}."
        )
    return dict(described)


def describe_values(enum: type[E], descriptions: Mapping[str, str]) -> type[E]:
    """Set the description of each value of a Strawberry enum (by member name)."""
    for value in enum.__strawberry_definition__.values:  # type: ignore[attr-defined]
        value.description = descriptions[value.name]
    return enum


def graphql_enum(
    values: type[E],
    *,
    name: str,
    description: str,
    value_descriptions: Mapping[str, str] | None = None,
) -> type[E]:
    """The GraphQL enum `name`, declared on a new class with exactly the members (names and
    values) of `values`, which is left untouched. A copy of text choices is a `StrEnum`: its
    members equal (and hash as) the stored strings, as the choices' own do.

    `value_descriptions`: the description of each value, by member name, unless `values`
    carries them (a `ResultCode`); raises `UndescribedEnumValue` when one is missing."""
    docs = descriptions_of(values, name, value_descriptions)
    members = [(member.name, member.value) for member in values]
    # Enum's functional API, called through a plain callable: type checkers only know it
    # with literal arguments.
    functional: Callable[..., Any] = StrEnum if issubclass(values, str) else Enum
    copy: type[E] = functional(name, members, module=__name__)
    return describe_values(strawberry.enum(copy, name=name, description=description), docs)
