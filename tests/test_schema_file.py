"""schema.graphql is a reviewed artifact: it must match the code (`make schema`)."""

from __future__ import annotations

from enum import Enum
from pathlib import Path

import pytest
from graphql import GraphQLEnumType, GraphQLInputObjectType, GraphQLObjectType

from config.management.commands.export_schema import current_sdl
from resolvers.errors import ResultCode
from schema import schema
from schema.core.enums import UndescribedEnumValue, graphql_enum

ROOT = Path(__file__).resolve().parent.parent


def test_schema_file_matches_the_code() -> None:
    assert (ROOT / "schema.graphql").read_text() == current_sdl(), "run `make schema`"


def test_every_type_field_argument_and_enum_value_is_described() -> None:
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
        if isinstance(gql_type, GraphQLEnumType):
            if not gql_type.values:
                missing.append(name)
            # Every value too: generated clients and GraphiQL show what RETAINED means.
            missing += [
                f"{name}.{value_name}"
                for value_name, value in gql_type.values.items()
                if not (value.description or "").strip()
            ]
    assert missing == []


class Colour(Enum):
    RED = "RED"
    BLUE = "BLUE"


def test_an_enum_value_without_its_description_fails_where_the_enum_is_declared() -> None:
    """`graphql_enum` is called when the schema module that declares the enum is imported:
    a value left undescribed (or a description of no value) stops the import."""
    with pytest.raises(UndescribedEnumValue) as failed:
        graphql_enum(Colour, name="Colour", description="A colour.")
    assert str(failed.value) == (
        "Colour: no description for RED, BLUE (give `value_descriptions=`, or declare the "
        "codes as a ResultCode)."
    )
    with pytest.raises(UndescribedEnumValue) as failed:
        graphql_enum(
            Colour,
            name="Colour",
            description="A colour.",
            value_descriptions={"RED": "Red.", "GREEN": "Green."},
        )
    assert str(failed.value) == (
        "Colour: no description for BLUE; descriptions of no value: GREEN."
    )
    described = graphql_enum(
        Colour,
        name="Colour",
        description="A colour.",
        value_descriptions={"RED": "Red.", "BLUE": "Blue."},
    )
    assert [
        (value.name, value.description)
        for value in described.__strawberry_definition__.values  # type: ignore[attr-defined]
    ] == [("RED", "Red."), ("BLUE", "Blue.")]


def test_result_codes_are_described_in_one_place() -> None:
    class TinyCode(ResultCode):
        NOT_FOUND = "NOT_FOUND", "No such thing."

    with pytest.raises(UndescribedEnumValue) as failed:
        graphql_enum(
            TinyCode,
            name="TinyCode",
            description="Why.",
            value_descriptions={"NOT_FOUND": "Another text."},
        )
    assert str(failed.value) == "TinyCode: TinyCode describes its values itself."
