"""Root types composed from the areas' `<Area>Queries` / `<Area>Mutations` classes.

Strawberry lists a composed type's fields base class by base class. The published schema
(`schema.graphql`, which partners' generated clients follow) lists the root fields in the
order they were added, which does not follow the areas; `keep_field_order` puts them back in
that order so the composition can follow the areas without changing the published text.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from strawberry.schema.name_converter import NameConverter


def keep_field_order(root: Any, names: Sequence[str]) -> None:
    """Order the fields of the strawberry type `root` as `names` (GraphQL names).

    Raises `TypeError` at import when `names` and the type's fields differ: a root field
    added to an area must also be placed here, and a name removed here must be gone.
    """
    definition = root.__strawberry_definition__
    # The schema's default naming (camelCase), as `schema.graphql` is printed with it.
    names_of = NameConverter()
    fields = {names_of.get_graphql_name(field): field for field in definition.fields}
    if sorted(fields) != sorted(names) or len(set(names)) != len(names):
        missing = sorted(set(fields) - set(names))
        unknown = sorted(set(names) - set(fields))
        raise TypeError(
            f"{root.__name__}: field order out of step with its fields "
            f"(not placed: {missing}; not fields: {unknown})."
        )
    definition.fields[:] = [fields[name] for name in names]
