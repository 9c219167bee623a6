"""What a document may ask before it runs (DESIGN §7): its size, its shape, the rows it may
be served, and text the database can store.

Every check here costs time linear in the document's size: each fragment is analysed once
and its result reused wherever it is spread (a document where `F0` spreads `F1` twice, `F1`
spreads `F2` twice, ... expands to 2^N paths; walking them took seconds at N = 20).
Fragments are taken in an order where each comes after those it spreads; fragments in a
cycle, or spreading an unknown one, count for nothing here, since graphql-core's
validation refuses them anyway (BAD_USER_INPUT).

The limits, each refused with QUERY_TOO_COMPLEX (README, "Errors" and "Decisions"):

- `COMPTOIR_MAX_DOCUMENT_BYTES` bytes of document text (comments and whitespace count),
  checked before parsing; `MAX_TOKENS` tokens, counted by the parser;
- `MAX_DEPTH` levels of fields with sub-selections (introspection fields not counted),
  `MAX_ALIASES` aliases in the whole document and `MAX_FIELDS` fields per operation, each
  fragment counted as many times as it is spread;
- checking that fields of the same name merge (graphql-core's
  OverlappingFieldsCanBeMergedRule, quadratic in such fields) within `MERGE_CHECK_BUDGET`;
  identical selections repeated in one selection set are collapsed first;
- `COMPTOIR_MAX_QUERY_COST` rows: an upper bound of the list items the document may be
  served (`CostModel`).
"""

from __future__ import annotations

import dataclasses
import re
from collections import deque
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from functools import cache
from typing import Any, TypeVar

from django.conf import settings
from graphql import (
    ASTValidationRule,
    DefinitionNode,
    DocumentNode,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLError,
    GraphQLField,
    GraphQLNamedType,
    GraphQLSchema,
    GraphQLSyntaxError,
    InlineFragmentNode,
    IntValueNode,
    ListValueNode,
    Node,
    NullValueNode,
    OperationDefinitionNode,
    OverlappingFieldsCanBeMergedRule,
    SelectionNode,
    SelectionSetNode,
    StringValueNode,
    ValidationContext,
    ValidationRule,
    ValueNode,
    VariableDefinitionNode,
    VariableNode,
    get_named_type,
    get_nullable_type,
    get_operation_ast,
    is_interface_type,
    is_list_type,
    is_object_type,
    parse,
    print_ast,
    validate,
)
from graphql.pyutils import Undefined
from graphql.validation.validate import ValidationAbortedError
from strawberry.extensions import SchemaExtension
from strawberry.schema.validation_rules.maybe_null import MaybeNullValidationRule
from strawberry.schema.validation_rules.one_of import OneOfInputValidationRule

from models.models import DecisionOutcome, NotificationKind, SuggestionStatus
from resolvers.pagination import DEFAULT_PAGE_SIZE
from resolvers.selectors.stats import SUPPORT_WEEKS_MAX
from resolvers.sensitive import SensitiveKind
from resolvers.services.committee import MAX_AGENDA

from .document_cache import DocumentCache, source_bytes
from .errors import hides_suggestions
from .node import MAX_NODES

TOO_COMPLEX = "QUERY_TOO_COMPLEX"
BAD_USER_INPUT = "BAD_USER_INPUT"

# --- Limits on the shape of a document --------------------------------------------------

# Levels of fields with sub-selections (Strawberry's QueryDepthLimiter's measure).
MAX_DEPTH = 12
# Aliases in the whole document, each fragment counted as often as it is spread (Strawberry's
# MaxAliasesLimiter's measure): past it, a document could ask one field many times over.
MAX_ALIASES = 30
# Tokens (names, punctuation, values and comments), counted by graphql-core's parser, which
# stops there (Strawberry's MaxTokensLimiter's measure).
MAX_TOKENS = 3000
# Fields of an operation once every fragment spread is replaced by its fragment. Written
# out, a document holds at most MAX_TOKENS fields; fragments may repeat what they hold, so
# ten times that leaves any document built from fragments room, while a chain of fragments
# each spreading the next twice (2^N fields) is refused.
MAX_FIELDS = 10 * MAX_TOKENS
# Work graphql-core's OverlappingFieldsCanBeMergedRule may do, in its own units (two per
# pair of fields compared; graphql-core's default is 500,000, about a second of CPU): a
# document needing more is refused. Measured: the example tabs need 0, a selection set
# spreading 8 fragments of 6 overlapping fields 744; spending 10,000 takes ~13 ms here.
MERGE_CHECK_BUDGET = 10_000

# --- How many items each plain list of the schema may hold (README, "Decisions") ----------
# Connections hold a page: `first`/`last`, at most COMPTOIR_MAX_PAGE_SIZE, default 20. Lists
# bounded only by the data are capped by their resolvers at these sizes.
CATEGORIES_MAX = 50
AGENDA_MAX = MAX_AGENDA  # setMeetingAgenda refuses more; the resolver caps the back office's
EVALUATIONS_MAX = 20  # one per committee member
STATUS_HISTORY_MAX = 50  # the latest changes
DECISIONS_MAX = 20  # the latest decisions
REVISIONS_MAX = 50  # the latest earlier texts
TARGET_PERIODS_MAX = 50
# A mutation payload's `errors`: setMeetingAgenda reports one per suggestion of an agenda
# (at most AGENDA_MAX); every other mutation at most one per input field.
PAYLOAD_ERRORS_MAX = MAX_AGENDA
# A mutation payload's `notices`: one per kind of sensitive number and text field, and a
# mutation stores at most three texts (recordDecision).
PAYLOAD_NOTICES_MAX = len(SensitiveKind) * 3


def too_complex(
    message: str, nodes: Node | list[Node] | None = None, **extensions: Any
) -> GraphQLError:
    """A QUERY_TOO_COMPLEX error (extra `extensions` first, the code last)."""
    return GraphQLError(message, nodes, extensions={**extensions, "code": TOO_COMPLEX})


# --- Text the database can store ----------------------------------------------------------

# NUL (PostgreSQL's text cannot hold it) and UTF-16 surrogates: a JSON string may encode a
# lone one ("\ud800"), which no UTF-8 text can hold (a valid pair decodes to one character).
_UNSTORABLE = re.compile("[\x00\ud800-\udfff]")
UNSTORABLE_TEXT = "Text must be valid Unicode, without NUL characters or unpaired surrogates."


def unstorable_text(value: Any) -> bool:
    """Whether `value` (a JSON value: strings, numbers, lists and objects, keys included, at
    any depth) holds a string the database cannot store. Iterative: no depth is too deep."""
    pending: list[Any] = [value]
    while pending:
        item = pending.pop()
        if isinstance(item, str):
            if _UNSTORABLE.search(item):
                return True
        elif isinstance(item, Mapping):
            pending.extend(item.keys())
            pending.extend(item.values())
        elif isinstance(item, list | tuple):
            pending.extend(item)
    return False


class StorableText(ValidationRule):
    """Refuse string literals the database cannot store (`"a\\u0000b"`; the parser already
    refuses escaped surrogates), wherever they are: arguments, inputs, variable defaults."""

    def __init__(self, context: ValidationContext) -> None:
        super().__init__(context)
        self.reported = False

    def enter_string_value(self, node: StringValueNode, *_args: Any) -> None:
        if not self.reported and _UNSTORABLE.search(node.value):
            self.reported = True
            self.report_error(
                GraphQLError(UNSTORABLE_TEXT, node, extensions={"code": BAD_USER_INPUT})
            )


# --- Fragments, once each ---------------------------------------------------------------


def _selections(selection_set: SelectionSetNode | None) -> Iterator[SelectionNode]:
    """Every selection in a selection set, nested ones included (iteratively)."""
    pending = [selection_set] if selection_set is not None else []
    while pending:
        current = pending.pop()
        for selection in current.selections:
            yield selection
            inner = getattr(selection, "selection_set", None)
            if inner is not None:
                pending.append(inner)


def fragments_in_order(document: DocumentNode) -> list[FragmentDefinitionNode]:
    """The document's fragments, each after those it spreads (Kahn's algorithm). Fragments
    in a cycle, or spreading one that is, are left out; a spread of an unknown fragment is
    ignored. Linear in the document's size."""
    fragments = {
        d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)
    }
    spreads: dict[str, set[str]] = {}
    spread_by: dict[str, list[str]] = {name: [] for name in fragments}
    for name, fragment in fragments.items():
        needs = {
            s.name.value
            for s in _selections(fragment.selection_set)
            if isinstance(s, FragmentSpreadNode) and s.name.value in fragments
        }
        spreads[name] = needs
        for needed in needs:
            spread_by[needed].append(name)
    waiting = {name: len(needs) for name, needs in spreads.items()}
    ready = deque(name for name, count in waiting.items() if count == 0)
    ordered: list[FragmentDefinitionNode] = []
    while ready:
        name = ready.popleft()
        ordered.append(fragments[name])
        for user in spread_by[name]:
            waiting[user] -= 1
            if waiting[user] == 0:
                ready.append(user)
    return ordered


# --- Depth, aliases and fields ----------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Shape:
    depth: int  # levels of fields with sub-selections below (QueryDepthLimiter's measure)
    aliases: int
    fields: int


_NO_SHAPE = _Shape(0, 0, 0)


@dataclass(frozen=True, slots=True)
class ShapeReport:
    """What `document_shape` found: per operation (by name, "anonymous" without one) its
    depth and its fields once fragments are expanded; the document's aliases; and how many
    selections were visited to find it (linear in the document's size)."""

    depths: dict[str, int]
    fields: dict[str, int]
    aliases: int
    visited: int
    errors: list[GraphQLError]


class _ShapeWalker:
    def __init__(self, document: DocumentNode) -> None:
        self.visited = 0
        self.depths: dict[int, int] = {}  # id(selection set) -> depth below it
        self.fragments: dict[str, tuple[FragmentDefinitionNode, _Shape]] = {}
        for fragment in fragments_in_order(document):
            self.fragments[fragment.name.value] = (fragment, self.shape(fragment.selection_set))

    def shape(self, selection_set: SelectionSetNode) -> _Shape:
        depth = aliases = fields = 0
        for selection in selection_set.selections:
            self.visited += 1
            if isinstance(selection, FieldNode):
                fields += 1
                if selection.alias is not None:
                    aliases += 1
                if selection.selection_set is not None:
                    inner = self.shape(selection.selection_set)
                    aliases += inner.aliases
                    fields += inner.fields
                    # Introspection fields (`__schema`, `__type`) add no depth, as in
                    # Strawberry's QueryDepthLimiter.
                    if not selection.name.value.startswith("__"):
                        depth = max(depth, 1 + inner.depth)
                continue
            if isinstance(selection, InlineFragmentNode):
                inner = self.shape(selection.selection_set)
            elif isinstance(selection, FragmentSpreadNode):
                found = self.fragments.get(selection.name.value)
                inner = found[1] if found is not None else _NO_SHAPE
            else:  # pragma: no cover - no other kind of selection exists
                continue
            depth = max(depth, inner.depth)
            aliases += inner.aliases
            fields += inner.fields
        self.depths[id(selection_set)] = depth
        return _Shape(depth, aliases, fields)

    def too_deep(self, selection_set: SelectionSetNode) -> Node | None:
        """The first node (depth first, in document order) past MAX_DEPTH levels, as
        QueryDepthLimiter reported it; None if there is none."""
        level = 0
        current = selection_set
        while True:
            for selection in current.selections:
                if level > MAX_DEPTH:
                    return selection
                if isinstance(selection, FieldNode):
                    inner = selection.selection_set
                    if inner is None or selection.name.value.startswith("__"):
                        continue
                    if level + 1 + self.depths[id(inner)] > MAX_DEPTH:
                        current, level = inner, level + 1
                        break
                elif isinstance(selection, InlineFragmentNode):
                    if level + self.depths[id(selection.selection_set)] > MAX_DEPTH:
                        current = selection.selection_set
                        break
                elif isinstance(selection, FragmentSpreadNode):
                    found = self.fragments.get(selection.name.value)
                    if found is not None and level + found[1].depth > MAX_DEPTH:
                        current = found[0].selection_set
                        break
            else:
                return None


def document_shape(document: DocumentNode) -> ShapeReport:
    """Depth, aliases and expanded fields of a document, and the QUERY_TOO_COMPLEX errors
    for those past MAX_DEPTH, MAX_ALIASES and MAX_FIELDS. Each fragment is analysed once;
    the numbers are exact however many times fragments are spread (Python integers)."""
    walker = _ShapeWalker(document)
    depths: dict[str, int] = {}
    fields: dict[str, int] = {}
    aliases = 0
    errors: list[GraphQLError] = []
    for operation in document.definitions:
        if not isinstance(operation, OperationDefinitionNode):
            continue
        name = operation.name.value if operation.name else "anonymous"
        shape = walker.shape(operation.selection_set)
        depths[name] = shape.depth
        fields[name] = shape.fields
        aliases += shape.aliases
        if shape.depth > MAX_DEPTH:
            errors.append(
                too_complex(
                    f"'{name}' exceeds maximum operation depth of {MAX_DEPTH}",
                    walker.too_deep(operation.selection_set),
                )
            )
        if shape.fields > MAX_FIELDS:
            errors.append(
                too_complex(
                    f"'{name}' holds {shape.fields} fields once its fragments are expanded; "
                    f"the limit is {MAX_FIELDS}.",
                    fields=shape.fields,
                    limit=MAX_FIELDS,
                )
            )
    if aliases > MAX_ALIASES:
        errors.append(too_complex(f"{aliases} aliases found. Allowed: {MAX_ALIASES}"))
    return ShapeReport(depths, fields, aliases, walker.visited, errors)


class DocumentShape(ValidationRule):
    """Refuse documents deeper than MAX_DEPTH, with more than MAX_ALIASES aliases or more
    than MAX_FIELDS fields once fragments are expanded (QUERY_TOO_COMPLEX), in one linear
    pass (`document_shape`). Replaces Strawberry's QueryDepthLimiter and MaxAliasesLimiter,
    which walk every expanded path, and crash on an unknown fragment. (`validate_document`
    calls `document_shape` on the document as sent, before the other rules.)"""

    def __init__(self, context: ValidationContext) -> None:
        super().__init__(context)
        for error in document_shape(context.document).errors:
            context.report_error(error)


# --- Fields that merge --------------------------------------------------------------------


FieldNodeOrInline = TypeVar("FieldNodeOrInline", FieldNode, InlineFragmentNode)


class _Keys:
    """Structural keys of selections (location ignored), interned as small integers so that
    comparing and hashing them costs what the selection's own parts do."""

    def __init__(self) -> None:
        self.interned: dict[tuple[Any, ...], int] = {}
        self.changed = False

    def intern(self, key: tuple[Any, ...]) -> int:
        return self.interned.setdefault(key, len(self.interned))

    @staticmethod
    def _printed(nodes: Iterable[Node] | None) -> tuple[str, ...]:
        return tuple(print_ast(node) for node in nodes) if nodes else ()

    def selection_set(self, node: SelectionSetNode) -> tuple[SelectionSetNode, int]:
        """The selection set without repeated identical selections, and its key."""
        kept: list[SelectionNode] = []
        keys: list[int] = []
        seen: set[int] = set()
        for selection in node.selections:
            selection, key = self.selection(selection)
            if key in seen:
                self.changed = True
                continue
            seen.add(key)
            kept.append(selection)
            keys.append(key)
        if len(kept) != len(node.selections) or any(
            a is not b for a, b in zip(kept, node.selections, strict=True)
        ):
            node = dataclasses.replace(node, selections=tuple(kept))
        return node, self.intern(("set", *keys))

    def selection(self, node: SelectionNode) -> tuple[SelectionNode, int]:
        directives = self._printed(node.directives)
        if isinstance(node, FieldNode):
            alias = node.alias.value if node.alias else None
            arguments = self._printed(node.arguments)
            node, inner = self._inner(node)
            return node, self.intern(
                ("field", alias, node.name.value, arguments, directives, inner)
            )
        if isinstance(node, InlineFragmentNode):
            condition = node.type_condition.name.value if node.type_condition else None
            node, inner = self._inner(node)
            return node, self.intern(("inline", condition, directives, inner))
        assert isinstance(node, FragmentSpreadNode)
        return node, self.intern(("spread", node.name.value, directives))

    def _inner(self, node: FieldNodeOrInline) -> tuple[FieldNodeOrInline, int]:
        if node.selection_set is None:
            return node, -1
        inner, key = self.selection_set(node.selection_set)
        if inner is not node.selection_set:
            node = dataclasses.replace(node, selection_set=inner)
        return node, key


def without_repeats(document: DocumentNode) -> DocumentNode | None:
    """The document with every selection that repeats an identical one (same alias, name,
    arguments, directives and sub-selections; or the same fragment spread) in the same
    selection set removed; None when nothing repeats. Such a repeat cannot conflict with
    anything its first occurrence does not, so checking this document finds every conflict
    of the original. Linear in the document's size."""
    keys = _Keys()
    definitions: list[DefinitionNode] = []
    for definition in document.definitions:
        if isinstance(definition, OperationDefinitionNode | FragmentDefinitionNode):
            inner, _ = keys.selection_set(definition.selection_set)
            if inner is not definition.selection_set:
                definition = dataclasses.replace(definition, selection_set=inner)
        definitions.append(definition)
    if not keys.changed:
        return None
    return dataclasses.replace(document, definitions=tuple(definitions))


class BudgetedFieldMerging(OverlappingFieldsCanBeMergedRule):
    """graphql-core's check that fields of the same response name merge, within
    MERGE_CHECK_BUDGET units of work (graphql-core's own meter) instead of 500,000: past it,
    the document is refused with QUERY_TOO_COMPLEX, never half-checked."""

    def __init__(self, context: ValidationContext) -> None:
        super().__init__(context)
        self.rule_context.remaining_complexity_budget = MERGE_CHECK_BUDGET

    def enter_selection_set(self, *args: Any) -> None:
        try:
            super().enter_selection_set(*args)
        except ValidationAbortedError:
            if self.rule_context.remaining_complexity_budget >= 0:
                raise  # too many errors: graphql-core's own abort
            raise ValidationAbortedError(
                "Checking that this document's fields of the same name can be merged takes "
                f"more than {MERGE_CHECK_BUDGET} steps: ask each field once.",
                extensions={"code": TOO_COMPLEX},
            ) from None


def validate_document(
    schema: GraphQLSchema,
    document: DocumentNode,
    rules: Iterable[type[ASTValidationRule]],
    *,
    hide_suggestions: bool,
    collapsed: DocumentNode | None = None,
) -> list[GraphQLError]:
    """graphql-core's validation with `rules` and Strawberry's two own rules, where:

    - `DocumentShape` reads the document as sent (aliases and fields counted each time their
      fragment is spread);
    - every other rule reads it without repeated identical selections (`collapsed`, else
      `without_repeats(document)`): a repeat adds no error its first occurrence does not,
      and the checks cost what the distinct selections do (`{ viewer { id id id ... } }` up
      to the token limit is one field);
    - OverlappingFieldsCanBeMergedRule runs as `BudgetedFieldMerging`.

    `hide_suggestions` leaves "Did you mean ...?" out of the errors."""
    errors: list[GraphQLError] = []
    used: list[type[ASTValidationRule]] = []
    for rule in (*rules, MaybeNullValidationRule, OneOfInputValidationRule):
        if rule is DocumentShape:
            errors += document_shape(document).errors
        elif rule is OverlappingFieldsCanBeMergedRule:
            used.append(BudgetedFieldMerging)
        else:
            used.append(rule)
    if collapsed is None:
        collapsed = without_repeats(document) or document
    errors += validate(schema, collapsed, used, hide_suggestions=hide_suggestions)
    return [_coded_abort(error) for error in errors]


def _coded_abort(error: GraphQLError) -> GraphQLError:
    # graphql-core aborts validation past 100 errors (the client's document) or when
    # fragments nest past the interpreter's recursion limit (a document too complex).
    if not isinstance(error, ValidationAbortedError) or (error.extensions or {}).get("code"):
        return error
    code = BAD_USER_INPUT if error.message.startswith("Too many") else TOO_COMPLEX
    return GraphQLError(error.message, extensions={"code": code})


# --- Rows ---------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Fixed:
    items: int


@dataclass(frozen=True, slots=True)
class _PageSize:
    """As many items as the argument says (a page size), at most COMPTOIR_MAX_PAGE_SIZE."""

    argument: str


@dataclass(frozen=True, slots=True)
class _Count:
    """As many items as the list argument holds, at most `maximum`."""

    argument: str
    maximum: int


_Bound = _Fixed | _PageSize | _Count

# Every plain list of objects of the schema and its bound (connections' lists hold a page).
LIST_BOUNDS: dict[tuple[str, str], _Bound] = {
    # `nodes(ids:)` serves at most MAX_NODES IDs (BAD_USER_INPUT beyond).
    ("Query", "nodes"): _Count("ids", MAX_NODES),
    ("Query", "similarSuggestions"): _PageSize("first"),
    ("Query", "categories"): _Fixed(CATEGORIES_MAX),
    ("CommitteeMeeting", "agenda"): _Fixed(AGENDA_MAX),
    ("AgendaItem", "evaluations"): _Fixed(EVALUATIONS_MAX),
    ("Suggestion", "statusHistory"): _Fixed(STATUS_HISTORY_MAX),
    ("Suggestion", "decisions"): _Fixed(DECISIONS_MAX),
    # Statuses, each at most once.
    ("Suggestion", "viewerStatusMoves"): _Fixed(len(SuggestionStatus)),
    ("Post", "revisions"): _Fixed(REVISIONS_MAX),
    # One per status, one per outcome: every value listed.
    ("CommunityStats", "suggestionsByStatus"): _Fixed(len(SuggestionStatus)),
    ("CommunityStats", "publishedDecisionsByOutcome"): _Fixed(len(DecisionOutcome)),
    ("CommunityStats", "retainedByTargetPeriod"): _Fixed(TARGET_PERIODS_MAX),
    ("SupportFigures", "weekly"): _Fixed(SUPPORT_WEEKS_MAX),
    # One per kind of notification, at most.
    ("Member", "notificationPreferences"): _Fixed(len(NotificationKind)),
}

# Arguments giving a connection's page size.
PAGE_ARGUMENTS = ("first", "last")


@dataclass(frozen=True, slots=True)
class _Unit:
    """The rows of a selection set whose enclosing field is asked once: `fixed`, plus
    `per_page` times the page size of the connection it belongs to (for selections on a
    connection type: its lists hold that page), and the number of such lists asked."""

    fixed: int = 0
    per_page: int = 0
    lists: int = 0


_NOTHING = _Unit()


@dataclass(frozen=True, slots=True)
class Estimate:
    """The rows a document may be served (`cost`), and the selections visited to find it
    (linear in the document's size)."""

    cost: int
    visited: int


class CostModel:
    """The rows a document may be served, from the schema (README, "Decisions").

    Rows are the items of lists in the response: the nodes of a connection's page and the
    elements of plain lists, each counted as many times as the lists holding it are served
    (a page of 100 threads each with a page of 100 posts: 100 + 100 × 100). A single object
    reached from a row (its author, its latest decision) is counted with that row.

    Connections are recognised from the schema (an object type with `pageInfo` and a list
    `edges`), whatever is asked of them: a connection whose lists are not asked (`pageInfo`
    or `totalCount` only) still counts its page, one whose list is asked twice (aliases)
    counts it twice. A page's size is `first` or `last` (the larger if both), each read as
    the request gives it: a literal, a variable sent, a variable's default when it is not
    sent; absent or null is the default page (20); anything that is not an integer from 0
    to COMPTOIR_MAX_PAGE_SIZE counts as COMPTOIR_MAX_PAGE_SIZE (the resolver refuses it).
    Plain lists count their bound (`LIST_BOUNDS`): the IDs given to `nodes`, `first` of
    `similarSuggestions`, a cap in the resolver, or the values of an enum. Every list field
    of the schema must have one: building the model fails otherwise.

    Introspection (`__schema`, `__type`: staff and partners only) is not counted: it serves
    the schema itself, whose size is fixed. `DocumentLimits` costs the document without its
    repeated identical selections, which merge in the response (`without_repeats`); the
    same field asked twice otherwise (other sub-selections) is counted twice, though the
    response merges it: an upper bound all the same.
    """

    def __init__(self, schema: GraphQLSchema) -> None:
        self.schema = schema
        self.connections = frozenset(
            name
            for name, type_ in schema.type_map.items()
            if is_object_type(type_)
            and "pageInfo" in type_.fields
            and "edges" in type_.fields
            and is_list_type(get_nullable_type(type_.fields["edges"].type))
        )
        self.bounds: dict[tuple[str, str], _Bound] = {}
        unbounded: list[str] = []
        for name, type_ in schema.type_map.items():
            if name.startswith("__") or not (is_object_type(type_) or is_interface_type(type_)):
                continue
            for field_name, field in type_.fields.items():
                if not is_list_type(get_nullable_type(field.type)) or name in self.connections:
                    continue
                if name.endswith("Payload") and field_name == "errors":
                    self.bounds[name, field_name] = _Fixed(PAYLOAD_ERRORS_MAX)
                elif name.endswith("Payload") and field_name == "notices":
                    self.bounds[name, field_name] = _Fixed(PAYLOAD_NOTICES_MAX)
                elif (name, field_name) in LIST_BOUNDS:
                    self.bounds[name, field_name] = LIST_BOUNDS[name, field_name]
                else:
                    unbounded.append(f"{name}.{field_name}")
        if unbounded:
            raise ValueError(
                "Every list of the schema needs a bound in schema.core.limits.LIST_BOUNDS: "
                + ", ".join(unbounded)
            )

    def estimate(
        self,
        document: DocumentNode,
        operation: OperationDefinitionNode,
        variables: Mapping[str, Any] | None,
    ) -> Estimate:
        """The rows `operation` of `document` may be served with these (raw, uncoerced)
        `variables`. Each fragment is costed once, for its type condition."""
        walk = _CostWalk(self, operation, variables or {})
        for fragment in fragments_in_order(document):
            condition = self.schema.get_type(fragment.type_condition.name.value)
            walk.fragments[fragment.name.value] = walk.unit(fragment.selection_set, condition)
        root = self.schema.get_root_type(operation.operation)
        return Estimate(walk.unit(operation.selection_set, root).fixed, walk.visited)

    def list_bound(self, parent: GraphQLNamedType, name: str) -> _Bound:
        return self.bounds[parent.name, name]


class _CostWalk:
    def __init__(
        self,
        model: CostModel,
        operation: OperationDefinitionNode,
        variables: Mapping[str, Any],
    ) -> None:
        self.model = model
        self.variables = variables
        self.definitions: dict[str, VariableDefinitionNode] = {
            d.variable.name.value: d for d in operation.variable_definitions or ()
        }
        self.fragments: dict[str, _Unit] = {}
        self.visited = 0

    def unit(self, selection_set: SelectionSetNode, parent: GraphQLNamedType | None) -> _Unit:
        fixed = per_page = lists = 0
        fields: Mapping[str, GraphQLField] = getattr(parent, "fields", None) or {}
        on_connection = parent is not None and parent.name in self.model.connections
        for selection in selection_set.selections:
            self.visited += 1
            if isinstance(selection, FieldNode):
                name = selection.name.value
                field = fields.get(name)
                if field is None or name.startswith("__"):
                    continue  # __typename; introspection; an unknown field (invalid)
                returned = get_named_type(field.type)
                inner = (
                    self.unit(selection.selection_set, returned)
                    if selection.selection_set is not None
                    else _NOTHING
                )
                is_list = is_list_type(get_nullable_type(field.type))
                if is_list and on_connection:
                    # The connection's page, counted by the connection field.
                    per_page += 1 + inner.fixed
                    lists += 1
                elif is_list:
                    items = self.list_items(self.model.list_bound(parent, name), selection, field)  # type: ignore[arg-type]
                    fixed += items * (1 + inner.fixed)
                elif returned.name in self.model.connections:
                    page = self.page_size(selection, field)
                    fixed += inner.fixed + inner.per_page * page + (page if inner.lists == 0 else 0)
                else:
                    fixed += inner.fixed
                continue
            if isinstance(selection, InlineFragmentNode):
                condition = selection.type_condition
                inner = self.unit(
                    selection.selection_set,
                    self.model.schema.get_type(condition.name.value) if condition else parent,
                )
            elif isinstance(selection, FragmentSpreadNode):
                inner = self.fragments.get(selection.name.value, _NOTHING)
            else:  # pragma: no cover - no other kind of selection exists
                continue
            fixed += inner.fixed
            per_page += inner.per_page
            lists += inner.lists
        return _Unit(fixed, per_page, lists)

    # What the request gives an argument: a literal, a variable sent, or its default.

    def argument(self, selection: FieldNode, name: str) -> tuple[bool, Any]:
        """(given, value): whether the argument is in the document, and its value with
        variables read (literals as nodes, variables' values as sent)."""
        for argument in selection.arguments or ():
            if argument.name.value == name:
                return True, self.value(argument.value)
        return False, None

    def value(self, node: ValueNode) -> Any:
        if isinstance(node, VariableNode):
            name = node.name.value
            if name in self.variables:
                return self.variables[name]
            definition = self.definitions.get(name)
            default = definition.default_value if definition is not None else None
            return None if default is None else self.value(default)
        return node

    def page_size(self, selection: FieldNode, field: GraphQLField) -> int:
        sizes = [
            size
            for size in (self.size(selection, field, name) for name in PAGE_ARGUMENTS)
            if size is not None
        ]
        return max(sizes) if sizes else DEFAULT_PAGE_SIZE

    def size(self, selection: FieldNode, field: GraphQLField, name: str) -> int | None:
        """A page size argument: None when absent or null, else an integer from 0 to
        COMPTOIR_MAX_PAGE_SIZE; anything else counts as the maximum."""
        maximum: int = settings.COMPTOIR_MAX_PAGE_SIZE
        given, value = self.argument(selection, name)
        if not given:
            argument = field.args.get(name)
            value = argument.default_value if argument is not None else None
        if value is None or value is Undefined or isinstance(value, NullValueNode):
            return None
        if isinstance(value, IntValueNode):
            value = int(value.value)
        if isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= maximum:
            return value
        return maximum

    def list_items(self, bound: _Bound, selection: FieldNode, field: GraphQLField) -> int:
        if isinstance(bound, _Fixed):
            return bound.items
        if isinstance(bound, _PageSize):
            size = self.size(selection, field, bound.argument)
            return DEFAULT_PAGE_SIZE if size is None else size
        _, value = self.argument(selection, bound.argument)
        if value is None or isinstance(value, NullValueNode):
            count = 0
        elif isinstance(value, ListValueNode):
            count = len(value.values)
        elif isinstance(value, list):
            count = len(value)
        elif isinstance(value, str | StringValueNode):
            count = 1  # a single value is coerced to a list of one
        else:
            count = bound.maximum
        return min(count, bound.maximum)


@cache
def cost_model(schema: GraphQLSchema) -> CostModel:
    """The cost model of a schema, built once."""
    return CostModel(schema)


# --- The extension ------------------------------------------------------------------------

# Parsed and validated documents of this worker (README, "Decisions").
DOCUMENTS = DocumentCache(budget=0)


def _parse(source: str) -> DocumentNode:
    try:
        return parse(source, max_tokens=MAX_TOKENS)
    except GraphQLSyntaxError as error:
        message = error.message
        extensions: dict[str, Any] = {"code": BAD_USER_INPUT}
        if "tokens. Parsing aborted." in message:
            message = (
                f"This document has more than {MAX_TOKENS} tokens (names, punctuation, "
                f"values and comments); the limit is {MAX_TOKENS}."
            )
            extensions = {"code": TOO_COMPLEX, "limit": MAX_TOKENS}
        elif message.endswith("Parsing aborted."):  # nested too deeply
            extensions = {"code": TOO_COMPLEX}
        raise GraphQLError(
            message, source=error.source, positions=error.positions, extensions=extensions
        ) from None


class DocumentLimits(SchemaExtension):
    """Every check of a request's document, in order, before anything runs:

    1. the document's size in bytes (COMPTOIR_MAX_DOCUMENT_BYTES), before parsing, and text
       the database can store in the document, the variables and the operation name
       (BAD_USER_INPUT otherwise);
    2. parsing, at most MAX_TOKENS tokens, cached (`DOCUMENTS`, bounded in bytes);
    3. validation, with `DocumentShape` and `StorableText` among the rules, of the document
       without repeated identical selections (`without_repeats`, computed once per
       document), field merging within a budget, cached per document and set of rules;
       "Did you mean ...?" left out for viewers refused introspection;
    4. the rows the operation may be served (`CostModel`, on that same document), at most
       COMPTOIR_MAX_QUERY_COST.
    """

    def on_operation(self) -> Iterator[None]:
        context = self.execution_context
        source = context.query
        if source is not None:
            limit: int = settings.COMPTOIR_MAX_DOCUMENT_BYTES
            # Each character is at least one byte: no need to encode a huge one.
            size = len(source) if len(source) > limit else source_bytes(source)
            if size > limit:
                raise too_complex(
                    f"This document has {size} bytes; the limit is {limit}.",
                    bytes=size,
                    limit=limit,
                )
        if unstorable_text([source or "", context.variables, context.operation_name]):
            raise GraphQLError(UNSTORABLE_TEXT, extensions={"code": BAD_USER_INPUT})
        yield

    def on_parse(self) -> Iterator[None]:
        context = self.execution_context
        if context.query is not None and context.graphql_document is None:
            context.graphql_document = _cache().document(context.query, _parse)
        yield

    def on_validate(self) -> Iterator[None]:
        context = self.execution_context
        document = context.graphql_document
        if document is not None and context.pre_execution_errors is None:
            rules = tuple(context.validation_rules)
            hide = hides_suggestions(context.context)
            schema = context.schema._schema
            collapsed = _collapsed(context.query, document)

            def run() -> list[GraphQLError]:
                return validate_document(
                    schema, document, rules, hide_suggestions=hide, collapsed=collapsed
                )

            if context.query is not None:
                errors = _cache().validation(context.query, document, (rules, hide), run)
            else:
                errors = tuple(run())
            context.pre_execution_errors = list(errors)
        yield

    def on_execute(self) -> Iterator[None]:
        context = self.execution_context
        document = context.graphql_document
        if document is not None:
            # GraphQL spec, GetOperation(): a document with several operations needs the
            # operation's name (Strawberry would run the first one). `operation_name` falls
            # back to the first operation's name, so read what the request provided.
            provided = getattr(context, "_provided_operation_name", None)
            operations = sum(isinstance(d, OperationDefinitionNode) for d in document.definitions)
            if provided is None and operations > 1:
                raise GraphQLError(
                    "Must provide operation name if query contains multiple operations.",
                    extensions={"code": BAD_USER_INPUT},
                )
            # Repeated identical selections merge in the response: the document without them
            # is served the same rows, and costs what its distinct selections do.
            collapsed = _collapsed(context.query, document)
            operation = get_operation_ast(collapsed, context.operation_name)
            if operation is not None:
                cost = (
                    cost_model(context.schema._schema)
                    .estimate(collapsed, operation, context.variables)
                    .cost
                )
                limit: int = settings.COMPTOIR_MAX_QUERY_COST
                if cost > limit:
                    raise too_complex(
                        f"This document may fetch {cost} rows; the limit is {limit}. Ask for "
                        "smaller pages, or fewer nested pages.",
                        cost=cost,
                        limit=limit,
                    )
        yield


def _collapsed(source: str | None, document: DocumentNode) -> DocumentNode:
    """The document without repeated identical selections, computed once per document."""
    if source is None:
        return without_repeats(document) or document
    return _cache().collapsed(source, document, without_repeats)


def _cache() -> DocumentCache:
    # The budget is a setting, read when a request comes (tests change it).
    DOCUMENTS.budget = settings.COMPTOIR_DOCUMENT_CACHE_BYTES
    return DOCUMENTS


__all__ = [
    "DOCUMENTS",
    "MAX_ALIASES",
    "MAX_DEPTH",
    "MAX_FIELDS",
    "MAX_TOKENS",
    "CostModel",
    "DocumentLimits",
    "DocumentShape",
    "StorableText",
]
