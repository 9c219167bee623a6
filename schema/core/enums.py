"""`graphql_enum`: GraphQL enums from the model choices (and the selectors' orderings), so the
two cannot drift; each area's schema module declares its own.

Strawberry marks the class it declares as an enum (`__strawberry_definition__`). Each GraphQL
enum is therefore declared on a copy of its Python enum, with the same member names and
values (`graphql_enum`): the models' choices and the selectors' enums stay plain Python,
whatever imports the schema. Values the API reads are members of the copy, so the schema
turns them back (`Choices(value)`, `Values[value.name]`) before it calls a selector or a
service. For type checkers the copy is the original (same names, same values).
"""

from __future__ import annotations

from collections.abc import Callable
from enum import Enum, StrEnum
from typing import Any, TypeVar

import strawberry

E = TypeVar("E", bound=Enum)


def graphql_enum(values: type[E], *, name: str, description: str) -> type[E]:
    """The GraphQL enum `name`, declared on a new class with exactly the members (names and
    values) of `values`, which is left untouched. A copy of text choices is a `StrEnum`: its
    members equal (and hash as) the stored strings, as the choices' own do."""
    members = [(member.name, member.value) for member in values]
    # Enum's functional API, called through a plain callable: type checkers only know it
    # with literal arguments.
    functional: Callable[..., Any] = StrEnum if issubclass(values, str) else Enum
    copy: type[E] = functional(name, members, module=__name__)
    return strawberry.enum(copy, name=name, description=description)
