"""The cost is an upper bound of the rows served, whatever the document (DESIGN §7).

Hypothesis generates documents over the real schema: random root fields and nested fields
of the schema's types (lists and pages more often than other fields), named fragments
(spread once or twice), inline fragments on the members of interfaces and unions, with or
without a type condition, aliases (a field asked twice), variables with and without
defaults, sent or not, and page sizes as literals, variables or defaults, in range or not.
Each runs through /graphql on the demo community, with edit histories and a status history
past its cap added (pages fill: 273 suggestions, 634 threads of up to 9 replies, meetings
and agendas), for a visitor, a customer, an adviser or a committee member; the rows it is
served (the items of every list in the response) never exceed the cost
`schema.core.limits.CostModel` computes for it, nor do those of each root field the cost of that
field alone. The search steers towards documents whose bound is tight.

Bounded in time for CI on both databases: derandomized (the same examples on every run),
EXAMPLES of them. The limit on cost is lifted so that every generated document runs;
documents costing more than COST_CEILING are left out (they would only take longer, and
the limit refuses them anyway).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pytest
from graphql import (
    FieldNode,
    GraphQLEnumType,
    GraphQLField,
    GraphQLInputObjectType,
    GraphQLNamedType,
    GraphQLObjectType,
    OperationDefinitionNode,
    SelectionSetNode,
    get_named_type,
    get_nullable_type,
    is_abstract_type,
    is_enum_type,
    is_leaf_type,
    is_list_type,
    is_non_null_type,
    parse,
    specified_rules,
)
from hypothesis import HealthCheck, assume, event, given, target
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from models.models import (
    Category,
    CommitteeMeeting,
    Decision,
    Member,
    Post,
    PostRevision,
    StatusChange,
    Suggestion,
    SuggestionStatus,
    Thread,
)
from schema import LIMIT_RULES, schema
from schema.core.ids import encode_id
from schema.core.limits import STATUS_HISTORY_MAX, cost_model, document_shape, validate_document
from tests.graphql import GraphQLClient

pytestmark = pytest.mark.django_db

GRAPHQL_SCHEMA = schema._schema
COST_CEILING = 3000
# Documents run through /graphql per run of the suite: 20-30 s on either database here.
EXAMPLES = 250
VIEWERS = ["adviser"] * 3 + ["committee"] * 2 + ["customer", "anonymous"]
# Root fields the generator picks from (introspection is not counted: not generated).
ROOTS = [
    "viewer",
    "node",
    "nodes",
    "categories",
    "threads",
    "thread",
    "suggestions",
    "suggestion",
    "members",
    "search",
    "similarSuggestions",
    "communityStats",
    "committeeMeetings",
    "suggestionsAwaitingReview",
    "flags",
    "unansweredQuestions",
]
WORDS = ["carte", "publicité", "courrier", "virement", "épargne", "application", "frais"]
# Page sizes, as the generator may write them: in range (pages of the demo fill), out of
# range; nested pages small, so that the documents stay small and their pages full.
SIZES = [0, 1, 3, 20, 50, 100, 101, -1]
NESTED_SIZES = [0, 1, 2, 3]


def rows(value: Any) -> int:
    """The rows of a response: the items of every list in it, at any depth."""
    if isinstance(value, list):
        return len(value) + sum(rows(item) for item in value)
    if isinstance(value, dict):
        return sum(rows(item) for item in value.values())
    return 0


def _serves_rows(definition: GraphQLField) -> bool:
    """Whether a field returns a list or a connection."""
    returned = get_named_type(definition.type)
    return is_list_type(get_nullable_type(definition.type)) or returned.name.endswith("Connection")


@dataclass
class Ids:
    """Global IDs of the demo community, by type (and some that find nothing)."""

    by_type: dict[str, list[str]]

    def any(self) -> list[str]:
        return [i for ids in self.by_type.values() for i in ids]


@dataclass
class Builder:
    """Writes one document: selection sets over the schema, drawn from `draw`."""

    draw: Callable[..., Any]
    ids: Ids
    fragments: list[str] = field(default_factory=list)
    definitions: list[str] = field(default_factory=list)
    variables: dict[str, Any] = field(default_factory=dict)
    aliases: int = 0
    counter: int = 0

    def name(self, prefix: str) -> str:
        self.counter += 1
        return f"{prefix}{self.counter}"

    # Arguments --------------------------------------------------------------------------

    def page_size(self, nested: bool, non_null: bool) -> str | None:
        """An argument value for a page size, or None to leave it out (a non-null one, as
        `similarSuggestions(first:)`, only as a literal)."""
        draw = self.draw
        sizes = NESTED_SIZES if nested else SIZES
        forms = ["absent", "literal"] if non_null else ["absent", "literal", "null", "variable"]
        form = draw(st.sampled_from(forms if not nested else [*forms[1:], "literal"]))
        if form == "absent":
            return None
        if form == "null":
            return "null"
        if form == "literal":
            return str(draw(st.sampled_from(sizes)))
        variable = self.name("v")
        default = draw(st.sampled_from([None, "null", *map(str, sizes)]))
        declared = f"${variable}: Int" + (f" = {default}" if default is not None else "")
        self.definitions.append(declared)
        sent = draw(
            st.sampled_from(["unsent", "value", "value", "null", "unsent"] * 2 + ["string"])
        )
        if sent == "value":
            self.variables[variable] = draw(st.sampled_from(sizes))
        elif sent == "null":
            self.variables[variable] = None
        elif sent == "string":  # uncoercible: the whole document is refused
            self.variables[variable] = "3"
        return f"${variable}"

    def id_for(self, type_name: str | None) -> str:
        pool = self.ids.by_type.get(type_name, []) if type_name else self.ids.any()
        return self.draw(st.sampled_from(pool or self.ids.any()))

    def argument(self, parent: str, field_name: str, name: str, type_: Any) -> str | None:
        draw = self.draw
        nested = parent != "Query"
        if name in ("first", "last"):
            if name == "last" and draw(st.booleans()):
                return None
            return self.page_size(nested, is_non_null_type(type_))
        if name in ("after", "before"):
            return None
        named = get_named_type(type_)
        required = is_non_null_type(type_)
        if named.name == "ID":
            if is_list_type(get_nullable_type(type_)):  # nodes(ids:)
                ids = draw(st.lists(st.sampled_from(self.ids.any()), min_size=0, max_size=6))
                if draw(st.booleans()):
                    variable = self.name("v")
                    self.definitions.append(f"${variable}: [ID!]!")
                    self.variables[variable] = ids
                    return f"${variable}"
                return "[" + ", ".join(f'"{i}"' for i in ids) + "]"
            if not required:
                return None
            target = {"thread": "Thread", "suggestion": "Suggestion"}.get(field_name)
            return f'"{self.id_for(target)}"'
        if named.name == "String":
            if not required and draw(st.booleans()):
                return None
            words = draw(st.lists(st.sampled_from(WORDS), min_size=1, max_size=3))
            return '"' + " ".join(words) + '"'
        if is_enum_type(named):
            assert isinstance(named, GraphQLEnumType)
            values = sorted(named.values)
            if is_list_type(get_nullable_type(type_)):
                chosen = draw(st.lists(st.sampled_from(values), max_size=3, unique=True))
                return "[" + ", ".join(chosen) + "]" if chosen else None
            return draw(st.sampled_from(values)) if required or draw(st.booleans()) else None
        if named.name == "Boolean":
            return draw(st.sampled_from(["true", "false"]))
        if named.name == "Int":  # SupportFigures.weekly(weeks:): past 52, cut to 52
            return str(draw(st.sampled_from([1, 4, 52, 53, 1000])))
        if isinstance(named, GraphQLInputObjectType) or required:  # pragma: no cover
            raise AssertionError(f"no generator for {parent}.{field_name}({name})")
        return None

    # Selections ---------------------------------------------------------------------------

    def field(
        self,
        parent: GraphQLNamedType,
        name: str,
        definition: GraphQLField,
        depth: int,
        shapes: dict[str, str] | None = None,
    ) -> str | None:
        """A field of `parent`, with arguments and a selection set; None when it cannot be
        written here (no alias left, or `shapes` holds its name with another type: the
        members of an abstract type answer at one level, where a name has one type)."""
        if shapes is not None and shapes.setdefault(name, str(definition.type)) != str(
            definition.type
        ):
            return None
        if definition.args and self.aliases >= 20:
            return None
        arguments = []
        for arg_name, arg in definition.args.items():
            value = self.argument(parent.name, name, arg_name, arg.type)
            if value is not None:
                arguments.append(f"{arg_name}: {value}")
        returned = get_named_type(definition.type)
        text = name
        # Every field with arguments has an alias of its own: no two can conflict.
        if definition.args:
            self.aliases += 1
            text = f"{self.name('a')}: {name}"
        if arguments:
            text += "(" + ", ".join(arguments) + ")"
        if is_leaf_type(returned):
            return text
        return f"{text} {{ {self.selection_set(returned, depth + 1)} }}"

    def selection_set(
        self, type_: GraphQLNamedType, depth: int, shapes: dict[str, str] | None = None
    ) -> str:
        draw = self.draw
        if is_abstract_type(type_):
            members = GRAPHQL_SCHEMA.get_possible_types(type_)
            chosen = draw(st.lists(st.sampled_from(members), min_size=1, max_size=2, unique=True))
            level: dict[str, str] = {}
            parts = ["__typename"]
            for member in chosen:
                inner = self.selection_set(member, depth, level)
                parts.append(f"... on {member.name} {{ {inner} }}")
            return " ".join(parts)
        assert isinstance(type_, GraphQLObjectType)
        names = sorted(type_.fields)
        if depth >= 6:
            # Deep enough: leaves only.
            names = [n for n in names if is_leaf_type(get_named_type(type_.fields[n].type))]
        # Lists and pages three times as likely as other fields: they are what is counted.
        weighted = names + [n for n in names for _ in range(2) if _serves_rows(type_.fields[n])]
        chosen_names = draw(
            st.lists(st.sampled_from(weighted), min_size=1, max_size=3, unique=True)
        )
        aliases = self.aliases
        parts = []
        for name in chosen_names:
            text = self.field(type_, name, type_.fields[name], depth, shapes)
            if text is not None:
                parts.append(text)
        # Now and then a field without arguments asked a second time, under an alias: its
        # lists are then served twice.
        again = [n for n in chosen_names if not type_.fields[n].args]
        if again and shapes is None and self.aliases < 20 and draw(st.integers(0, 3)) == 0:
            name = draw(st.sampled_from(again))
            text = self.field(type_, name, type_.fields[name], depth)
            if text is not None:
                self.aliases += 1
                parts.append(f"{self.name('b')}: {text}")
        body = " ".join(parts) or "__typename"
        form = draw(st.sampled_from(["plain", "plain", "inline", "fragment", "fragment twice"]))
        if form == "inline":
            condition = f" on {type_.name}" if draw(st.booleans()) else ""
            return f"...{condition} {{ {body} }}"
        if form.startswith("fragment"):
            fragment = self.name("F")
            self.fragments.append(f"fragment {fragment} on {type_.name} {{ {body} }}")
            # Spread twice only without aliases: each spread counts its aliases again.
            twice = form == "fragment twice" and self.aliases == aliases
            return f"...{fragment}" + (f" ...{fragment}" if twice else "")
        return body

    def document(self) -> str:
        draw = self.draw
        roots = draw(st.lists(st.sampled_from(ROOTS), min_size=1, max_size=2, unique=True))
        query = GRAPHQL_SCHEMA.query_type
        assert query is not None
        parts = [t for r in roots if (t := self.field(query, r, query.fields[r], 0)) is not None]
        header = "query Generated" + (
            "(" + ", ".join(self.definitions) + ")" if self.definitions else ""
        )
        return " ".join([f"{header} {{ {' '.join(parts) or '__typename'} }}", *self.fragments])


@st.composite
def documents(draw: Callable[..., Any], ids: Ids) -> tuple[str, dict[str, Any]]:
    builder = Builder(draw, ids)
    return builder.document(), builder.variables


def _fill_capped_lists() -> None:
    """What the demo lacks: edit histories, and a status history past its cap."""
    adviser = Member.objects.get(username="demo-conseiller")
    PostRevision.objects.bulk_create(
        PostRevision(post=post, body=f"Version {i}", edited_by=adviser)
        for post in Post.objects.order_by("pk")[:30]
        for i in range(3)
    )
    top = Suggestion.objects.order_by("-vote_count", "pk").first()
    assert top is not None
    back_and_forth = [SuggestionStatus.SHORTLISTED, SuggestionStatus.DEFERRED]
    StatusChange.objects.bulk_create(
        StatusChange(
            suggestion=top,
            from_status=back_and_forth[i % 2],
            to_status=back_and_forth[(i + 1) % 2],
            actor=adviser,
        )
        for i in range(STATUS_HISTORY_MAX + 5)
    )


@pytest.fixture(scope="module")
def ids(demo_community: str, django_db_blocker: Any) -> Ids:
    with django_db_blocker.unblock():
        _fill_capped_lists()
        by_type: dict[str, list[str]] = {}
        for model in (
            Suggestion,
            Thread,
            Post,
            Member,
            Category,
            CommitteeMeeting,
            Decision,
            StatusChange,
        ):
            pks = list(model.objects.order_by("pk").values_list("pk", flat=True)[:6])
            # A well-formed ID that finds nothing.
            by_type[model.__name__] = [encode_id(model.__name__, pk) for pk in [*pks, 10**8]]
        # The most voted, whose histories, decisions, voters and comments are the longest,
        # twice as likely as the others.
        by_type["Suggestion"] += 2 * [
            encode_id("Suggestion", pk)
            for pk in Suggestion.objects.order_by("-vote_count").values_list("pk", flat=True)[:3]
        ]
    return Ids(by_type)


@pytest.fixture(scope="module")
def clients(demo_community: str, django_db_blocker: Any) -> dict[str, GraphQLClient]:
    with django_db_blocker.unblock():
        members = {m.username: m for m in Member.objects.filter(username__startswith="demo-")}
        return {
            "anonymous": GraphQLClient(),
            "customer": GraphQLClient(members["demo-client"]),
            "adviser": GraphQLClient(members["demo-conseiller"]),
            "committee": GraphQLClient(members["demo-comite"]),
        }


def test_generated_documents_are_valid(ids: Ids) -> None:
    """The generator writes documents the API accepts (else the bound below would be tested
    on refusals only): valid GraphQL, within every limit on shape."""

    @hypothesis_settings(
        max_examples=200,
        derandomize=True,
        deadline=None,
        database=None,
        suppress_health_check=[HealthCheck.too_slow],
    )
    @given(st.data())
    def check(data: st.DataObject) -> None:
        document, _ = data.draw(documents(ids))
        parsed = parse(document)
        rules = (*specified_rules, *LIMIT_RULES)
        assert validate_document(GRAPHQL_SCHEMA, parsed, rules, hide_suggestions=False) == []
        assert document_shape(parsed).errors == []

    check()


@hypothesis_settings(
    max_examples=EXAMPLES,
    derandomize=True,
    deadline=None,
    database=None,
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.filter_too_much,
    ],
)
@given(data=st.data())
def test_rows_served_never_exceed_the_cost(
    data: st.DataObject, ids: Ids, clients: dict[str, GraphQLClient], settings: Any
) -> None:
    settings.COMPTOIR_MAX_QUERY_COST = 10**9
    document, variables = data.draw(documents(ids), label="document")
    parsed = parse(document)
    operation = parsed.definitions[0]
    assert isinstance(operation, OperationDefinitionNode)
    model = cost_model(GRAPHQL_SCHEMA)
    cost = model.estimate(parsed, operation, variables).cost
    assume(cost <= COST_CEILING)
    # Advisers and the committee see the most (flags, revisions, voters, agendas).
    viewer = data.draw(st.sampled_from(VIEWERS), label="viewer")
    result = clients[viewer](document, variables)
    data_ = result.get("data") or {}
    served = rows(data_)
    event("served rows" if served else "served no row")
    assert served <= cost, (document, variables, served, cost)
    tightness = served / cost if cost else 0.0
    # Each root field on its own, too (a tighter check: the others' slack does not hide it).
    for root in operation.selection_set.selections:
        assert isinstance(root, FieldNode)
        alone = dataclasses.replace(operation, selection_set=SelectionSetNode(selections=(root,)))
        key = (root.alias or root.name).value
        root_cost = model.estimate(parsed, alone, variables).cost
        root_rows = rows(data_.get(key))
        assert root_rows <= root_cost, (document, variables, key, root_rows, root_cost)
        # Steer the search towards documents whose bound is tight.
        tightness = max(tightness, root_rows / root_cost if root_cost else 0.0)
    target(tightness, label="rows served / cost")
