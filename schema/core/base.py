"""Helpers shared by the object types."""

from __future__ import annotations

from typing import Any


def is_model(model: type) -> Any:
    """`is_type_of` for types whose resolvers return Django model instances, so interfaces
    (Node) and unions can tell which GraphQL type a row is."""

    def is_type_of(cls: type, obj: object, _info: object) -> bool:
        return isinstance(obj, model)

    return classmethod(is_type_of)
