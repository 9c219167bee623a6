"""Limits on what one document may ask (DESIGN §7): rows, and storable text."""

from __future__ import annotations

from typing import Any

import pytest

from models.models import Suggestion
from tests.conftest import GraphQLClient

pytestmark = pytest.mark.django_db


def test_nested_pages_adding_up_past_the_limit_are_refused(anonymous: GraphQLClient) -> None:
    query = (
        "{ threads(first: 100) { edges { node { posts(first: 100) { edges { node { id } } } } } } }"
    )
    assert anonymous(query) == {
        "data": None,
        "errors": [
            {
                "message": "This document may fetch 10100 rows; the limit is 5000. Ask for "
                "smaller pages, or fewer nested pages.",
                "extensions": {"code": "QUERY_TOO_COMPLEX", "cost": 10100, "limit": 5000},
            }
        ],
    }


def test_sizes_in_variables_and_fragments_count(anonymous: GraphQLClient) -> None:
    query = (
        "query($outer: Int!, $inner: Int!) { suggestions(first: $outer) { ...Page } } "
        "fragment Page on SuggestionConnection { edges { node { comments(first: $inner) { "
        "totalCount } } } }"
    )
    refused = anonymous(query, {"outer": 100, "inner": 60})
    assert refused["errors"][0]["extensions"]["cost"] == 100 + 100 * 60
    # A connection asked without `first` counts its default page (20).
    allowed = anonymous(query, {"outer": 100, "inner": 40})
    assert allowed == {"data": {"suggestions": {"edges": []}}}


def test_ordinary_pages_pass(anonymous: GraphQLClient) -> None:
    query = (
        "{ threads(first: 20) { edges { node { posts(first: 50) { totalCount } } } } "
        "suggestions(first: 100) { edges { node { title } } } }"
    )
    assert anonymous(query) == {"data": {"threads": {"edges": []}, "suggestions": {"edges": []}}}


@pytest.mark.parametrize(
    ("query", "variables"),
    [
        (
            'mutation($t: String!) { submitSuggestion(input: {title: $t, body: "b"}) { '
            "errors { code } } }",
            {"t": "a\x00b"},
        ),
        (
            'mutation { submitSuggestion(input: {title: "a\\u0000b", body: "b"}) { errors '
            "{ code } } }",
            None,
        ),
    ],
)
def test_nul_characters_are_refused(
    customer_client: GraphQLClient, query: str, variables: dict[str, Any] | None
) -> None:
    assert customer_client(query, variables) == {
        "data": None,
        "errors": [
            {
                "message": "Text must not contain NUL characters.",
                "extensions": {"code": "BAD_USER_INPUT"},
            }
        ],
    }
    assert Suggestion.objects.count() == 0


def test_a_document_is_validated_once(anonymous: GraphQLClient) -> None:
    # The limits are validation rules; built per request, they would change the validation
    # cache's key and every request would be validated again.
    from strawberry.extensions import ValidationCache

    from schema import DOCUMENT_CACHE_SIZE

    cached: Any = ValidationCache(maxsize=DOCUMENT_CACHE_SIZE).cached_validate_document
    query = "query ValidatedOnce { suggestions(first: 3) { edges { node { title } } } }"
    anonymous(query)
    before = cached.cache_info()
    assert anonymous(query) == {"data": {"suggestions": {"edges": []}}}
    after = cached.cache_info()
    assert (after.hits - before.hits, after.misses - before.misses) == (1, 0)


def test_documents_deeper_than_twelve_levels_are_refused_every_time(
    anonymous: GraphQLClient,
) -> None:
    # 17 levels: suggestions > edges > node > (author > votes > edges > node) x 3 > author >
    # displayName.
    hop = "author { votes(first: 1) { edges { node { "
    deep = "query Deep { suggestions(first: 1) { edges { node { " + hop * 3 + "author { displayName"
    deep += " }" * (deep.count("{") - 1) + " }"
    refused = {
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
    assert anonymous(deep) == refused
    assert anonymous(deep) == refused
