"""What a document may ask before it runs (DESIGN §7): a bounded number of rows, and text
the database can store.

Depth, aliases and tokens are limited by Strawberry's own extensions; this adds the cost of
the pages a document asks for, which those cannot see: `threads(first: 100) { edges { node {
posts(first: 100) ... } } }` is shallow and short, but asks for 10,000 posts.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from django.conf import settings
from graphql import (
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLError,
    InlineFragmentNode,
    ListValueNode,
    OperationDefinitionNode,
    SelectionSetNode,
    StringValueNode,
    ValueNode,
    VariableNode,
    Visitor,
    visit,
)
from strawberry.extensions import SchemaExtension

from resolvers.pagination import DEFAULT_PAGE_SIZE

# Arguments that set how many rows a field returns.
PAGE_ARGUMENTS = ("first", "last")


def _argument_value(node: ValueNode, variables: Mapping[str, Any]) -> Any:
    if isinstance(node, VariableNode):
        return variables.get(node.name.value)
    if isinstance(node, ListValueNode):
        return [_argument_value(v, variables) for v in node.values]
    return getattr(node, "value", None)


def _rows(field: FieldNode, variables: Mapping[str, Any]) -> int | None:
    """How many rows this field may return, when its arguments say (None: one object or a
    list the data bounds, e.g. a suggestion's history)."""
    for argument in field.arguments or ():
        name = argument.name.value
        value = _argument_value(argument.value, variables)
        if name in PAGE_ARGUMENTS:
            try:
                return max(int(value), 0) if value is not None else None
            except (TypeError, ValueError):
                return None  # validation of the argument itself answers that
        if name == "ids" and isinstance(value, list):
            return len(value)
    return None


def document_cost(
    operation: OperationDefinitionNode,
    fragments: Mapping[str, FragmentDefinitionNode],
    variables: Mapping[str, Any],
) -> int:
    """The rows a document may fetch: each page counts its size times the sizes of the pages
    it is nested in. Connections without `first`/`last` count their default page size."""

    def walk(selection_set: SelectionSetNode | None, multiplier: int, seen: frozenset[str]) -> int:
        if selection_set is None:
            return 0
        total = 0
        for selection in selection_set.selections:
            if isinstance(selection, FieldNode):
                rows = _rows(selection, variables)
                if rows is None and _is_connection(selection):
                    rows = DEFAULT_PAGE_SIZE
                inner = multiplier * rows if rows is not None else multiplier
                total += inner if rows is not None else 0
                total += walk(selection.selection_set, inner, seen)
            elif isinstance(selection, InlineFragmentNode):
                total += walk(selection.selection_set, multiplier, seen)
            elif isinstance(selection, FragmentSpreadNode):
                name = selection.name.value
                fragment = fragments.get(name)
                if fragment is not None and name not in seen:
                    total += walk(fragment.selection_set, multiplier, seen | {name})
        return total

    return walk(operation.selection_set, 1, frozenset())


def _is_connection(field: FieldNode) -> bool:
    # A connection is recognised by what is asked of it: its edges.
    return field.selection_set is not None and any(
        isinstance(s, FieldNode) and s.name.value == "edges" for s in field.selection_set.selections
    )


def _has_nul(value: Any) -> bool:
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, Mapping):
        return any(_has_nul(v) for v in value.values())
    if isinstance(value, list | tuple):
        return any(_has_nul(v) for v in value)
    return False


class _NulLiterals(Visitor):
    found = False

    def enter_string_value(self, node: StringValueNode, *_: Any) -> None:
        if "\x00" in node.value:
            self.found = True


class RequestLimits(SchemaExtension):
    """Refuses, before anything runs: a document whose pages add up to more rows than
    COMPTOIR_MAX_QUERY_COST (QUERY_TOO_COMPLEX), and text holding NUL characters, which no
    field accepts and PostgreSQL cannot store (BAD_USER_INPUT)."""

    def on_execute(self) -> Iterator[None]:
        context = self.execution_context
        document = context.graphql_document
        variables = context.variables or {}
        if document is not None:
            literals = _NulLiterals()
            visit(document, literals)
            if literals.found or _has_nul(variables):
                raise GraphQLError(
                    "Text must not contain NUL characters.",
                    extensions={"code": "BAD_USER_INPUT"},
                )
            fragments = {
                d.name.value: d
                for d in document.definitions
                if isinstance(d, FragmentDefinitionNode)
            }
            limit: int = settings.COMPTOIR_MAX_QUERY_COST
            for operation in document.definitions:
                if not isinstance(operation, OperationDefinitionNode):
                    continue
                if context.operation_name and (
                    operation.name is None or operation.name.value != context.operation_name
                ):
                    continue
                cost = document_cost(operation, fragments, variables)
                if cost > limit:
                    raise GraphQLError(
                        f"This document may fetch {cost} rows; the limit is {limit}. Ask for "
                        "smaller pages, or fewer nested pages.",
                        extensions={"code": "QUERY_TOO_COMPLEX", "cost": cost, "limit": limit},
                    )
        yield
