"""The permission table covers the whole schema: no field or mutation ships unclassified."""

from __future__ import annotations

import strawberry
from graphql import (
    GraphQLInterfaceType,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLSchema,
    get_named_type,
)

from permissions import matrix
from schema import schema


def unclassified(gql_schema: GraphQLSchema) -> list[str]:
    """Every `Type.field` of the schema's object and interface types (mutations included)
    that the table does not classify. Scalars, enums, inputs and unions have no fields of
    their own to read; introspection types are GraphQL's."""
    missing = []
    for name, gql_type in gql_schema.type_map.items():
        if name.startswith("__") or not isinstance(
            gql_type, GraphQLObjectType | GraphQLInterfaceType
        ):
            continue
        missing += [f"{name}.{f}" for f in gql_type.fields if matrix.classify(name, f) is None]
    return sorted(missing)


def test_every_field_and_mutation_is_classified() -> None:
    assert unclassified(schema._schema) == []


# A throwaway schema for the test below (at module level: Strawberry resolves the
# annotations from here).
@strawberry.type(name="Suggestion")
class ThrowawaySuggestion:
    title: str  # classified: public
    secret_score: int  # new, unclassified


@strawberry.type(name="Query")
class ThrowawayQuery:
    suggestion: ThrowawaySuggestion | None  # classified
    gossip: str  # new, unclassified


@strawberry.type(name="Mutation")
class ThrowawayMutation:
    @strawberry.mutation
    def launch_rocket(self) -> bool:  # new, unclassified
        return False

    @strawberry.mutation
    def login(self) -> bool:  # classified
        return False


def test_an_unclassified_field_is_reported() -> None:
    """The walk itself, on a throwaway schema: a field nobody classified is named, while the
    ones the table knows pass."""
    throwaway = strawberry.Schema(query=ThrowawayQuery, mutation=ThrowawayMutation)
    assert unclassified(throwaway._schema) == [
        "Mutation.launchRocket",
        "Query.gossip",
        "Suggestion.secretScore",
    ]


def test_the_table_names_only_what_the_schema_has() -> None:
    """A renamed or removed field must leave the table too, or the docs would lie."""
    type_map = schema._schema.type_map
    stale = []
    for name, access in matrix.TYPES.items():
        gql_type = type_map.get(name)
        if not isinstance(gql_type, GraphQLObjectType | GraphQLInterfaceType):
            stale.append(name)
            continue
        stale += [f"{name}.{f}" for f in access.fields if f not in gql_type.fields]
    for name, fields in matrix.PAYLOADS.items():
        gql_type = type_map.get(name)
        if not isinstance(gql_type, GraphQLObjectType):
            stale.append(name)
            continue
        stale += [f"{name}.{f}" for f in fields if f not in gql_type.fields]
    mutation_type = schema._schema.mutation_type
    assert mutation_type is not None
    stale += [f"Mutation.{m}" for m in matrix.MUTATIONS if m not in mutation_type.fields]
    assert stale == []


def test_payloads_and_errors_are_those_of_mutations() -> None:
    """Payloads and typed errors are read by whoever may call the mutation returning them:
    check that they really are mutation results."""
    mutation_type = schema._schema.mutation_type
    assert mutation_type is not None
    returned = {get_named_type(f.type).name for f in mutation_type.fields.values()}
    assert returned == set(matrix.PAYLOADS)
    errors = set()
    for name in matrix.PAYLOADS:
        payload = schema._schema.type_map[name]
        assert isinstance(payload, GraphQLObjectType)
        errors.add(get_named_type(payload.fields["errors"].type).name)
    error_types = {
        name
        for name, t in schema._schema.type_map.items()
        if isinstance(t, GraphQLObjectType) and name.endswith("Error")
    }
    assert error_types == errors


def test_restricted_fields_are_nullable() -> None:
    """A field some role may not read answers null with FORBIDDEN and the rest of the
    response is served (DESIGN §4): it must be nullable, or the null would spread."""
    everyone = matrix.rule(*matrix.EVERYONE, partner=())
    non_null = []
    for name, access in matrix.TYPES.items():
        if name == "Subscription":
            # A subscription refused is refused whole, before any event: an `error` message
            # with the code, never an event holding null.
            continue
        gql_type = schema._schema.type_map[name]
        assert isinstance(gql_type, GraphQLObjectType | GraphQLInterfaceType)
        for field, rule in access.restricted.items():
            widest = rule.who >= everyone.who and rule.partner == ()
            if not widest and isinstance(gql_type.fields[field].type, GraphQLNonNull):
                non_null.append(f"{name}.{field}")
    assert non_null == []


def test_partners_call_no_mutation() -> None:
    assert {name for name, rule in matrix.MUTATIONS.items() if rule.partner is not None} == set()


def test_restricted_fields_say_who_may_read_them() -> None:
    """DESIGN §8.5: the description of a restricted field names who may read it, and what
    the others get (FORBIDDEN, or plain null for a viewer-relative field); a field partners
    read by scope names the scope."""
    everyone = matrix.rule(*matrix.EVERYONE, partner=())
    silent = []
    for name, access in matrix.TYPES.items():
        gql_type = schema._schema.type_map[name]
        assert isinstance(gql_type, GraphQLObjectType | GraphQLInterfaceType)
        for field, rule in access.restricted.items():
            if rule.who >= everyone.who and rule.partner == ():
                continue
            description = gql_type.fields[field].description or ""
            scopes = rule.partner or ()
            # A viewer-relative field says it is null without an error for the others.
            refusal = "null, without an error" if rule.silent else "FORBIDDEN"
            if refusal not in description or any(s not in description for s in scopes):
                silent.append(f"{name}.{field}")
    assert silent == []
