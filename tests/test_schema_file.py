"""schema.graphql is a reviewed artifact: it must match the code (`make schema`)."""

from __future__ import annotations

from pathlib import Path

from graphql import GraphQLEnumType, GraphQLInputObjectType, GraphQLObjectType

from config.management.commands.export_schema import current_sdl
from schema import schema

ROOT = Path(__file__).resolve().parent.parent


def test_schema_file_matches_the_code() -> None:
    assert (ROOT / "schema.graphql").read_text() == current_sdl(), "run `make schema`"


def test_every_type_field_and_argument_is_described() -> None:
    missing: list[str] = []
    for name, gql_type in schema._schema.type_map.items():
        if name.startswith("__") or name in {"String", "Int", "Boolean", "ID", "Float", "DateTime"}:
            continue
        if not gql_type.description:
            missing.append(name)
        if isinstance(gql_type, GraphQLObjectType | GraphQLInputObjectType):
            for field_name, field in gql_type.fields.items():
                if not field.description:
                    missing.append(f"{name}.{field_name}")
                for arg_name, arg in getattr(field, "args", {}).items():
                    if not arg.description:
                        missing.append(f"{name}.{field_name}({arg_name})")
        if isinstance(gql_type, GraphQLEnumType) and not gql_type.values:
            missing.append(name)
    assert missing == []
