"""Helpers shared by the object types."""

from __future__ import annotations

import dataclasses
from typing import Any, TypeVar

T = TypeVar("T")


def is_model(model: type) -> Any:
    """`is_type_of` for types whose resolvers return Django model instances, so interfaces
    (Node) and unions can tell which GraphQL type a row is."""

    def is_type_of(cls: type, obj: object, _info: object) -> bool:
        return isinstance(obj, model)

    return classmethod(is_type_of)


def from_data(type_: type[T], data: Any) -> T:
    """The object type `type_` made of a selector's dataclass `data`, whose fields it has
    under the same names (the selector's figures, as the API shows them)."""
    return type_(**{f.name: getattr(data, f.name) for f in dataclasses.fields(data)})
