""" "Did you mean 'email'?" names part of the schema: those refused introspection
(`permissions.policies.can_introspect`: anyone but staff and partners when DEBUG is off)
never get a suggestion of a field, argument, type, input field, fragment type or enum value,
in validation errors or in variable errors. Staff, partners and DEBUG keep them."""

from __future__ import annotations

from typing import Any

import pytest

from tests.factories import AdviserFactory, CustomerFactory, issue_token
from tests.graphql import GraphQLClient

pytestmark = pytest.mark.django_db

SUBMIT = (
    "mutation($input: SubmitSuggestionInput!) { submitSuggestion(input: $input) { errors "
    "{ code } } }"
)
TITLE_REQUIRED = "Expected value of type 'SubmitSuggestionInput' to include required field 'title'"

# (document, variables, messages with suggestions, messages without)
CASES: dict[str, tuple[str, dict[str, Any] | None, list[str], list[str]]] = {
    "field": (
        "{ viewer { emial } }",
        None,
        ["Cannot query field 'emial' on type 'Member'. Did you mean 'email'?"],
        ["Cannot query field 'emial' on type 'Member'."],
    ),
    "field-of-an-interface": (
        '{ node(id: "x") { title } }',
        None,
        [
            "Cannot query field 'title' on type 'Node'. Did you mean to use an inline fragment "
            "on 'CommitteeMeeting', 'Suggestion', or 'Thread'?"
        ],
        ["Cannot query field 'title' on type 'Node'."],
    ),
    "argument": (
        "{ threads(frist: 1) { totalCount } }",
        None,
        ["Unknown argument 'frist' on field 'Query.threads'. Did you mean 'first' or 'last'?"],
        ["Unknown argument 'frist' on field 'Query.threads'."],
    ),
    "directive-argument": (
        "{ __typename @include(iff: true) }",
        None,
        [
            "Unknown argument 'iff' on directive '@include'. Did you mean 'if'?",
            "Argument '@include(if:)' of type 'Boolean!' is required, but it was not provided.",
        ],
        [
            "Unknown argument 'iff' on directive '@include'.",
            "Argument '@include(if:)' of type 'Boolean!' is required, but it was not provided.",
        ],
    ),
    "variable-type": (
        "query($n: Itn) { threads(first: $n) { totalCount } }",
        None,
        ["Unknown type 'Itn'. Did you mean 'Int' or 'ID'?"],
        ["Unknown type 'Itn'."],
    ),
    "fragment-type": (
        "{ ...F } fragment F on Qeury { __typename }",
        None,
        ["Unknown type 'Qeury'. Did you mean 'Query'?"],
        ["Unknown type 'Qeury'."],
    ),
    "input-field-literal": (
        'mutation { submitSuggestion(input: {titel: "x", body: "y"}) { errors { code } } }',
        None,
        [
            f'{TITLE_REQUIRED}, found: {{ titel: "x", body: "y" }}.',
            "Expected value of type 'SubmitSuggestionInput' not to include unknown field "
            "'titel'. Did you mean 'title'? Found: { titel: \"x\", body: \"y\" }.",
        ],
        [
            f'{TITLE_REQUIRED}, found: {{ titel: "x", body: "y" }}.',
            "Expected value of type 'SubmitSuggestionInput' not to include unknown field "
            '\'titel\', found: { titel: "x", body: "y" }.',
        ],
    ),
    "input-field-variable": (
        SUBMIT,
        {"input": {"titel": "x", "body": "y"}},
        [
            f"Variable '$input' has invalid value: {TITLE_REQUIRED}, found: "
            "{'titel': 'x', 'body': 'y'}.",
            "Variable '$input' has invalid value: Expected value of type "
            "'SubmitSuggestionInput' not to include unknown field 'titel'. Did you mean "
            "'title'? Found: {'titel': 'x', 'body': 'y'}.",
        ],
        [
            f"Variable '$input' has invalid value: {TITLE_REQUIRED}, found: "
            "{'titel': 'x', 'body': 'y'}.",
            "Variable '$input' has invalid value: Expected value of type "
            "'SubmitSuggestionInput' not to include unknown field 'titel', found: "
            "{'titel': 'x', 'body': 'y'}.",
        ],
    ),
    "enum-literal": (
        "{ suggestions(orderBy: TOPP) { totalCount } }",
        None,
        [
            "Value 'TOPP' does not exist in 'SuggestionOrder' enum. Did you mean the enum "
            "value 'TOP'?"
        ],
        ["Value 'TOPP' does not exist in 'SuggestionOrder' enum."],
    ),
    "enum-variable": (
        "query($o: SuggestionOrder!) { suggestions(orderBy: $o) { totalCount } }",
        {"o": "TOPP"},
        [
            "Variable '$o' has invalid value: Value 'TOPP' does not exist in 'SuggestionOrder' "
            "enum. Did you mean the enum value 'TOP'?"
        ],
        ["Variable '$o' has invalid value: Value 'TOPP' does not exist in 'SuggestionOrder' enum."],
    ),
    "enum-in-a-list-variable": (
        "query($s: [SuggestionStatus!]) { suggestions(status: $s) { totalCount } }",
        {"s": ["SUBMITED"]},
        [
            "Variable '$s' has invalid value at [0]: Value 'SUBMITED' does not exist in "
            "'SuggestionStatus' enum. Did you mean the enum value 'SUBMITTED'?"
        ],
        [
            "Variable '$s' has invalid value at [0]: Value 'SUBMITED' does not exist in "
            "'SuggestionStatus' enum."
        ],
    ),
}


def errors_of(result: dict[str, Any]) -> list[dict[str, Any]]:
    """The errors without their locations (asserted elsewhere)."""
    assert result["data"] is None
    return [{k: v for k, v in e.items() if k != "locations"} for e in result["errors"]]


def bad_input(messages: list[str]) -> list[dict[str, Any]]:
    return [{"message": m, "extensions": {"code": "BAD_USER_INPUT"}} for m in messages]


@pytest.mark.parametrize("kind", CASES)
def test_anonymous_visitors_get_no_suggestion(anonymous: GraphQLClient, kind: str) -> None:
    document, variables, _, hidden = CASES[kind]
    assert errors_of(anonymous(document, variables)) == bad_input(hidden)


@pytest.mark.parametrize("kind", CASES)
def test_customers_get_no_suggestion(kind: str) -> None:
    document, variables, _, hidden = CASES[kind]
    customer = GraphQLClient(CustomerFactory.create())
    assert errors_of(customer(document, variables)) == bad_input(hidden)


@pytest.mark.parametrize("kind", CASES)
def test_staff_get_suggestions(kind: str) -> None:
    document, variables, shown, _ = CASES[kind]
    staff = GraphQLClient(AdviserFactory.create(is_staff=True))
    assert errors_of(staff(document, variables)) == bad_input(shown)


@pytest.mark.parametrize("kind", ["field", "enum-variable"])
def test_partners_get_suggestions(kind: str) -> None:
    document, variables, shown, _ = CASES[kind]
    _, secret = issue_token("suggestions:read")
    assert errors_of(GraphQLClient(token=secret)(document, variables)) == bad_input(shown)


@pytest.mark.parametrize("kind", ["field", "enum-variable"])
def test_everyone_gets_suggestions_under_debug(
    anonymous: GraphQLClient, settings: Any, kind: str
) -> None:
    settings.DEBUG = True
    document, variables, shown, _ = CASES[kind]
    assert errors_of(anonymous(document, variables)) == bad_input(shown)


def test_the_same_document_answers_each_viewer_in_turn(anonymous: GraphQLClient) -> None:
    # Validation is cached per document and set of rules: the answers do not leak across.
    document, variables, shown, hidden = CASES["field"]
    staff = GraphQLClient(AdviserFactory.create(is_staff=True))
    for _ in range(2):
        assert errors_of(anonymous(document, variables)) == bad_input(hidden)
        assert errors_of(staff(document, variables)) == bad_input(shown)
