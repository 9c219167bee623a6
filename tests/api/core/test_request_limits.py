"""Limits on what one document may ask (DESIGN §7): its size, its shape, and the rows it may
be served, each answered with QUERY_TOO_COMPLEX before anything runs."""

from __future__ import annotations

from typing import Any

import pytest
from graphql import parse

from models.models import Suggestion
from schema.core.limits import MAX_FIELDS, document_shape
from tests.graphql import GraphQLClient

pytestmark = pytest.mark.django_db


def refused(message: str, **extensions: Any) -> dict[str, Any]:
    """The answer to a document refused as a whole, without locations."""
    return {
        "data": None,
        "errors": [{"message": message, "extensions": {"code": "QUERY_TOO_COMPLEX", **extensions}}],
    }


def chain(depth: int, leaf: str = "__typename", root: str = "Query") -> str:
    """`F0` spreads `F1` twice, `F1` spreads `F2` twice, ... down to `F<depth>`, which holds
    `leaf`: 2^depth paths, in about 40 bytes a fragment."""
    fragments = " ".join(
        f"fragment F{i} on {root} {{ ...F{i + 1} ...F{i + 1} }}" for i in range(depth)
    )
    operation = "mutation" if root == "Mutation" else "query"
    return f"{operation} {{ ...F0 }} {fragments} fragment F{depth} on {root} {{ {leaf} }}"


# --- The examples -------------------------------------------------------------


@pytest.mark.parametrize("depth", [20, 30])
def test_a_chain_of_fragments_is_refused(anonymous: GraphQLClient, depth: int) -> None:
    # 2^N fields once expanded: the checks of the code as it was walked every path (5 s of
    # CPU at N = 20, then served; twice as long for each further fragment).
    assert anonymous(chain(depth)) == refused(
        f"'anonymous' holds {2**depth} fields once its fragments are expanded; the limit is "
        f"{MAX_FIELDS}.",
        fields=2**depth,
        limit=MAX_FIELDS,
    )


@pytest.mark.parametrize(
    ("leaf", "expected"),
    [
        # Each alias counted as often as its fragment is spread.
        ("a: __typename", refused(f"{2**30} aliases found. Allowed: 30")),
        # A connection at the end of the chain: fields first (validation), cost never asked.
        (
            "threads { totalCount }",
            refused(
                f"'anonymous' holds {2**31} fields once its fragments are expanded; the limit "
                f"is {MAX_FIELDS}.",
                fields=2**31,
                limit=MAX_FIELDS,
            ),
        ),
    ],
    ids=["alias", "connection"],
)
def test_chains_of_fragments_with_any_leaf_are_refused(
    anonymous: GraphQLClient, leaf: str, expected: dict[str, Any]
) -> None:
    result = anonymous(chain(30, leaf))
    assert result["data"] is None
    assert expected["errors"][-1] in result["errors"]


def test_a_chain_of_mutations_is_refused_before_anything_runs(anonymous: GraphQLClient) -> None:
    document = chain(25, "logout(input: {}) { errors { code } }", root="Mutation")
    assert anonymous(document) == refused(
        f"'anonymous' holds {2**25 * 3} fields once its fragments are expanded; the limit is "
        f"{MAX_FIELDS}.",
        fields=2**25 * 3,
        limit=MAX_FIELDS,
    )


def test_analysis_is_linear_in_the_document() -> None:
    """Each fragment is analysed once: fifteen more fragments, thirty more selections
    visited (the code as it was visited 2^N paths)."""
    from schema import schema
    from schema.core.limits import cost_model

    def visited(depth: int) -> tuple[int, int]:
        document = parse(chain(depth, "threads(first: 1) { edges { node { id } } }"))
        operation = document.definitions[0]
        estimate = cost_model(schema._schema).estimate(document, operation, {})  # type: ignore[arg-type]
        return document_shape(document).visited, estimate.visited

    shape_15, cost_15 = visited(15)
    shape_30, cost_30 = visited(30)
    # Per fragment: its two spreads; the leaf's 4 selections and the root spread once.
    assert (shape_15, shape_30) == (2 * 15 + 5, 2 * 30 + 5)
    assert (cost_15, cost_30) == (2 * 15 + 5, 2 * 30 + 5)


def test_a_variable_default_counts_as_its_value(anonymous: GraphQLClient) -> None:
    document = (
        "query($n: Int = 100) { threads(first: $n) { edges { node { posts(first: $n) { "
        "edges { node { id } } } } } } }"
    )
    expected = refused(
        "This document may fetch 10100 rows; the limit is 5000. Ask for smaller pages, or "
        "fewer nested pages.",
        cost=10100,
        limit=5000,
    )
    assert anonymous(document) == expected
    assert anonymous(document, {"n": 100}) == expected
    assert anonymous(document, {"n": 40}) == {"data": {"threads": {"edges": []}}}


def test_a_huge_comment_is_refused_before_parsing(anonymous: GraphQLClient) -> None:
    document = "#" + "x" * 1_000_000 + "\n{ __typename }"
    assert anonymous(document) == refused(
        "This document has 1000016 bytes; the limit is 65536.", bytes=1_000_016, limit=65536
    )


@pytest.mark.parametrize(
    "document",
    [
        # Whitespace counts.
        "{" + " " * 65_536 + "__typename }",
        # Bytes, not characters: 32,768 "é" are 65,536 bytes.
        '{ search(query: "' + "é" * 32_768 + '") { totalCount } }',
    ],
    ids=["whitespace", "utf-8"],
)
def test_documents_past_the_byte_limit_are_refused(anonymous: GraphQLClient, document: str) -> None:
    size = len(document.encode())
    assert anonymous(document) == refused(
        f"This document has {size} bytes; the limit is 65536.", bytes=size, limit=65536
    )


def test_the_byte_limit_is_a_setting(anonymous: GraphQLClient, settings: Any) -> None:
    settings.COMPTOIR_MAX_DOCUMENT_BYTES = 20
    assert anonymous("{ __typename }") == {"data": {"__typename": "Query"}}
    assert anonymous("{ __typename __typename }") == refused(
        "This document has 25 bytes; the limit is 20.", bytes=25, limit=20
    )


def test_too_many_aliases_is_too_complex(anonymous: GraphQLClient) -> None:
    aliases = " ".join(f"a{i}: __typename" for i in range(31))
    assert anonymous("{ " + aliases + " }") == refused("31 aliases found. Allowed: 30")
    # Thirty pass.
    thirty = " ".join(f"a{i}: __typename" for i in range(30))
    assert anonymous("{ " + thirty + " }") == {"data": {f"a{i}": "Query" for i in range(30)}}


def test_aliases_in_fragments_count_each_time_they_are_spread(anonymous: GraphQLClient) -> None:
    document = (
        "{ ...A ...A ...B } fragment A on Query { ...B } fragment B on Query { "
        + " ".join(f"b{i}: __typename" for i in range(10))
        + " }"
    )
    # B is spread three times (twice through A): 30 aliases pass.
    assert anonymous(document) == {"data": {f"b{i}": "Query" for i in range(10)}}
    more = document.replace("{ ...A ...A ...B }", "{ ...A ...A ...B ...B }")
    assert anonymous(more) == refused("40 aliases found. Allowed: 30")


def test_too_many_tokens_is_too_complex(anonymous: GraphQLClient) -> None:
    # 3,001 tokens: `{`, 2,999 names, `}`.
    assert anonymous("{ " + "__typename " * 2999 + "}") == {
        "data": None,
        "errors": [
            {
                "message": "This document has more than 3000 tokens (names, punctuation, values "
                "and comments); the limit is 3000.",
                "locations": [{"line": 1, "column": 32992}],
                "extensions": {"code": "QUERY_TOO_COMPLEX", "limit": 3000},
            }
        ],
    }


def test_comments_count_as_tokens(anonymous: GraphQLClient) -> None:
    document = "#\n" * 3000 + "{ __typename }"
    result = anonymous(document)
    assert result["errors"][0]["extensions"] == {"code": "QUERY_TOO_COMPLEX", "limit": 3000}


def test_nested_too_deeply_to_parse_is_too_complex(anonymous: GraphQLClient) -> None:
    # 400 nested lists: graphql-core's parser stops at 200 levels (the selection set is the
    # first, so at the 200th "[").
    document = "{ nodes(ids: " + "[" * 400 + "]" * 400 + ") { id } }"
    assert anonymous(document) == {
        "data": None,
        "errors": [
            {
                "message": "Syntax Error: Document is nested too deeply. Parsing aborted.",
                "locations": [{"line": 1, "column": document.index("[") + 200}],
                "extensions": {"code": "QUERY_TOO_COMPLEX"},
            }
        ],
    }


def test_documents_deeper_than_twelve_levels_are_refused_every_time(
    anonymous: GraphQLClient,
) -> None:
    # 17 levels: suggestions > edges > node > (author > votes > edges > node) x 3 > author >
    # displayName.
    hop = "author { votes(first: 1) { edges { node { "
    deep = "query Deep { suggestions(first: 1) { edges { node { " + hop * 3 + "author { displayName"
    deep += " }" * (deep.count("{") - 1) + " }"
    expected = {
        "data": None,
        "errors": [
            {
                "message": "'Deep' exceeds maximum operation depth of 12",
                "locations": [{"line": 1, "column": 164}],
                "extensions": {"code": "QUERY_TOO_COMPLEX"},
            }
        ],
    }
    # Validated once, refused each time (the cached validation keeps its errors).
    assert anonymous(deep) == expected
    assert anonymous(deep) == expected


def deep_through_fragments(innermost: str) -> str:
    """suggestions > edges > node, then eight fragments each going one `duplicateOf` down,
    then `innermost`: 11 levels plus those of `innermost`."""
    fragments = " ".join(
        f"fragment L{i} on Suggestion {{ duplicateOf {{ ...L{i + 1} }} }}" for i in range(1, 9)
    )
    return (
        "query Deep { suggestions(first: 1) { edges { node { ...L1 } } } } "
        f"{fragments} fragment L9 on Suggestion {{ {innermost} }}"
    )


def test_depth_counts_through_fragments(anonymous: GraphQLClient) -> None:
    twelve = deep_through_fragments("duplicateOf { id }")
    assert anonymous(twelve) == {"data": {"suggestions": {"edges": []}}}
    # A thirteenth level is refused where it is: the innermost `id`.
    thirteen = deep_through_fragments("duplicateOf { duplicateOf { id } }")
    assert anonymous(thirteen) == {
        "data": None,
        "errors": [
            {
                "message": "'Deep' exceeds maximum operation depth of 12",
                "locations": [{"line": 1, "column": thirteen.rindex("id }") + 1}],
                "extensions": {"code": "QUERY_TOO_COMPLEX"},
            }
        ],
    }


@pytest.mark.parametrize(
    "document",
    [
        # An unknown fragment (Strawberry's depth limiter raised KeyError on it).
        "{ ...Missing }",
        "{ suggestions { edges { node { ...Missing } } } }",
        # Fragments spreading each other.
        "{ ...A } fragment A on Query { ...B } fragment B on Query { ...A }",
        "{ ...A } fragment A on Query { viewer { id } ...A }",
    ],
    ids=["unknown", "unknown-nested", "cycle", "self"],
)
def test_invalid_fragments_are_validation_errors(anonymous: GraphQLClient, document: str) -> None:
    result = anonymous(document)
    assert result["data"] is None
    assert {error["extensions"]["code"] for error in result["errors"]} == {"BAD_USER_INPUT"}


# --- Fields repeated without aliases --------------------------------------------------


@pytest.mark.parametrize(
    "document",
    [
        "{ viewer { " + "id " * 2990 + "} }",
        "{ " + "viewer { id } " * 740 + "}",
        "{ viewer { " + "... on Member { id } " * 490 + "} }",
        "{ viewer { " + "...F " * 1480 + "} } fragment F on Member { id }",
        "{ viewer { ...F } } fragment F on Member { " + "id " * 2980 + "}",
    ],
    ids=["field", "field-with-selections", "inline-fragment", "spread", "in-fragment"],
)
def test_a_field_repeated_up_to_the_token_limit_is_served(
    anonymous: GraphQLClient, document: str
) -> None:
    # Identical selections collapse before the merge check, which is quadratic in them.
    assert anonymous(document) == {"data": {"viewer": None}}


def test_distinct_fields_of_one_name_past_the_merge_budget_are_refused(
    anonymous: GraphQLClient,
) -> None:
    # 120 distinct selections of `viewer` (nothing to collapse): the pairs to compare grow
    # with their square.
    names = ["id", "displayName", "role", "memberSince", "suggestionCount", "threadCount"]
    variants = [
        f"viewer {{ {a} {b} {c} }}"
        for a in names
        for b in names
        for c in names
        if len({a, b, c}) == 3
    ]
    assert anonymous("{ " + " ".join(variants) + " }") == {
        "data": None,
        "errors": [
            {
                "message": "Checking that this document's fields of the same name can be merged "
                "takes more than 10000 steps: ask each field once.",
                "extensions": {"code": "QUERY_TOO_COMPLEX"},
            }
        ],
    }


def test_conflicting_fields_are_still_found_among_repeats(anonymous: GraphQLClient) -> None:
    document = (
        "{ viewer { id id } viewer { id } suggestions(first: 1) { totalCount } "
        "suggestions(first: 2) { totalCount } }"
    )
    first = document.index("suggestions") + 1
    second = document.rindex("suggestions") + 1
    assert anonymous(document) == {
        "data": None,
        "errors": [
            {
                "message": "Fields 'suggestions' conflict because they have differing "
                "arguments. Use different aliases on the fields to fetch both if this was "
                "intentional.",
                "locations": [{"line": 1, "column": first}, {"line": 1, "column": second}],
                "extensions": {"code": "BAD_USER_INPUT"},
            }
        ],
    }


# --- Rows -------------------------------------------------------------------------------


def test_nested_pages_adding_up_past_the_limit_are_refused(anonymous: GraphQLClient) -> None:
    query = (
        "{ threads(first: 100) { edges { node { posts(first: 100) { edges { node { id } } } } } } }"
    )
    assert anonymous(query) == refused(
        "This document may fetch 10100 rows; the limit is 5000. Ask for smaller pages, or "
        "fewer nested pages.",
        cost=10100,
        limit=5000,
    )


def test_sizes_in_variables_and_fragments_count(anonymous: GraphQLClient) -> None:
    query = (
        "query($outer: Int!, $inner: Int!) { suggestions(first: $outer) { ...Page } } "
        "fragment Page on SuggestionConnection { edges { node { comments(first: $inner) { "
        "totalCount } } } }"
    )
    refused_ = anonymous(query, {"outer": 100, "inner": 60})
    assert refused_["errors"][0]["extensions"]["cost"] == 100 + 100 * 60
    # A page whose rows are not asked (`totalCount` only) counts all the same.
    allowed = anonymous(query, {"outer": 100, "inner": 40})
    assert allowed == {"data": {"suggestions": {"edges": []}}}


def test_ordinary_pages_pass(anonymous: GraphQLClient) -> None:
    query = (
        "{ threads(first: 20) { edges { node { posts(first: 50) { totalCount } } } } "
        "suggestions(first: 100) { edges { node { title } } } }"
    )
    assert anonymous(query) == {"data": {"threads": {"edges": []}, "suggestions": {"edges": []}}}


def test_nothing_runs_when_a_mutation_is_refused(customer_client: GraphQLClient) -> None:
    document = (
        'mutation { submitSuggestion(input: {title: "Une idée", body: "Le détail."}) { '
        "suggestion { comments(first: 100) { edges { node { thread { posts(first: 100) { "
        "totalCount } } } } } } } }"
    )
    assert customer_client(document) == refused(
        "This document may fetch 10100 rows; the limit is 5000. Ask for smaller pages, or "
        "fewer nested pages.",
        cost=10100,
        limit=5000,
    )
    assert Suggestion.objects.count() == 0
