"""Every string the API accepts is text the database can store (valid Unicode, no NUL), or
the whole request is refused with BAD_USER_INPUT and nothing runs: variables at any depth
(keys too), string literals, the document itself and the operation name. Runs on SQLite
and on PostgreSQL (the suite runs on both)."""

from __future__ import annotations

import json
from typing import Any

import pytest

from models.models import Suggestion, Thread
from tests.factories import CategoryFactory
from tests.graphql import GraphQLClient

pytestmark = pytest.mark.django_db

MESSAGE = "Text must be valid Unicode, without NUL characters or unpaired surrogates."
REFUSED = {"data": None, "errors": [{"message": MESSAGE, "extensions": {"code": "BAD_USER_INPUT"}}]}

SEARCH = "query($q: String!) { search(query: $q) { totalCount } }"
SUBMIT = (
    "mutation($t: String!, $b: String!) { submitSuggestion(input: {title: $t, body: $b}) { "
    "suggestion { id } errors { code } } }"
)
# A lone surrogate of each kind, and NUL.
UNSTORABLE = ["\ud800", "\udfff", "a\udc00b", "\x00", "a\x00"]


@pytest.mark.parametrize("text", UNSTORABLE)
def test_search_for_unstorable_text_is_refused(anonymous: GraphQLClient, text: str) -> None:
    assert anonymous(SEARCH, {"q": text}) == REFUSED


def test_a_valid_pair_of_surrogates_is_one_character(anonymous: GraphQLClient) -> None:
    # JSON's "\ud83d\ude00" is 😀: valid, searched for.
    assert anonymous(SEARCH, {"q": "\U0001f600 carte"}) == {"data": {"search": {"totalCount": 0}}}


@pytest.mark.parametrize("text", UNSTORABLE)
def test_a_mutation_with_unstorable_text_writes_nothing(
    customer_client: GraphQLClient, text: str
) -> None:
    assert customer_client(SUBMIT, {"t": "Une idée", "b": f"Le détail {text}"}) == REFUSED
    assert Suggestion.objects.count() == 0


@pytest.mark.parametrize(
    "variables",
    [
        # In an input object, in a list, as a key.
        {"input": {"categoryId": "x", "kind": "QUESTION", "title": "t", "body": "\ud800"}},
        {"input": {"categoryId": "x", "kind": "QUESTION", "title": ["t", ["\x00"]], "body": "b"}},
        {"input": {"categoryId": "x", "kind": "QUESTION", "title": "t", "body": "b", "\ud800": 1}},
        # In a variable the document does not even declare.
        {"input": {"categoryId": "x", "kind": "QUESTION", "title": "t", "body": "b"}, "x": "\x00"},
    ],
    ids=["input", "nested-list", "key", "undeclared"],
)
def test_unstorable_text_anywhere_in_the_variables_is_refused(
    customer_client: GraphQLClient, variables: dict[str, Any]
) -> None:
    CategoryFactory.create()
    document = (
        "mutation($input: CreateThreadInput!) { createThread(input: $input) { thread { id } } }"
    )
    assert customer_client(document, variables) == REFUSED
    assert Thread.objects.count() == 0


def test_a_nul_in_a_string_literal_is_refused(customer_client: GraphQLClient) -> None:
    document = (
        'mutation { submitSuggestion(input: {title: "a\\u0000b", body: "b"}) { errors { code } } }'
    )
    assert customer_client(document) == {
        "data": None,
        "errors": [
            {
                "message": MESSAGE,
                "locations": [{"line": 1, "column": document.index('"a\\u') + 1}],
                "extensions": {"code": "BAD_USER_INPUT"},
            }
        ],
    }
    assert Suggestion.objects.count() == 0


def test_a_nul_in_a_variable_default_is_refused(anonymous: GraphQLClient) -> None:
    document = 'query($q: String = "\\u0000") { search(query: $q) { totalCount } }'
    result = anonymous(document)
    assert result["errors"][0]["message"] == MESSAGE
    assert result["data"] is None


def test_an_escaped_lone_surrogate_in_a_literal_is_a_syntax_error(
    anonymous: GraphQLClient,
) -> None:
    document = '{ search(query: "\\ud800") { totalCount } }'
    assert anonymous(document) == {
        "data": None,
        "errors": [
            {
                "message": "Syntax Error: Invalid Unicode escape sequence: '\\ud800'.",
                "locations": [{"line": 1, "column": 18}],
                "extensions": {"code": "BAD_USER_INPUT"},
            }
        ],
    }


@pytest.mark.parametrize(
    "document",
    [
        '{ search(query: "\ud800") { totalCount } }',
        '{ search(query: "a\x00") { totalCount } }',
        "# \ud800\n{ __typename }",
        "{ __typename }\x00",
    ],
    ids=["surrogate-in-literal", "nul-in-literal", "surrogate-in-comment", "nul-after"],
)
def test_unstorable_text_in_the_document_itself_is_refused(
    anonymous: GraphQLClient, document: str
) -> None:
    assert anonymous(document) == REFUSED


@pytest.mark.parametrize("name", ["A\ud800", "A\x00"])
def test_unstorable_text_in_the_operation_name_is_refused(
    anonymous: GraphQLClient, name: str
) -> None:
    body = json.dumps({"query": "query A { __typename }", "operationName": name})
    response = anonymous.http.post("/graphql", data=body, content_type="application/json")
    assert response.json() == REFUSED


def test_text_that_can_be_stored_is_served(customer_client: GraphQLClient) -> None:
    # Accents, an emoji, a zero-width joiner, a bidi mark, a noncharacter: all storable.
    title = "Idée 😀 a\u200db \u202eok\u202c \ufffe"
    result = customer_client(SUBMIT, {"t": title, "b": "Le détail."})
    assert result["data"]["submitSuggestion"]["errors"] == []
    assert Suggestion.objects.get().title == title
