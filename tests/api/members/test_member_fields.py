"""Member fields and their permissions (DESIGN §4)."""

from __future__ import annotations

import pytest

from models.models import Member
from schema.core.ids import encode_id
from tests.factories import CustomerFactory, SuggestionFactory
from tests.graphql import GraphQLClient

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _customer_has_written(customer: Member) -> None:
    # A customer's profile is public once they wrote something public.
    SuggestionFactory.create(author=customer)


PRIVATE = "query($id: ID!) { node(id: $id) { ... on Member { displayName email customerNumber } } }"


def _forbidden(field: str, column: int) -> dict[str, object]:
    return {
        "message": "You are not allowed to read this field.",
        "locations": [{"line": 1, "column": column}],
        "path": ["node", field],
        "extensions": {"code": "FORBIDDEN"},
    }


def test_another_customer_gets_null_and_forbidden(
    customer: Member, other_customer_client: GraphQLClient
) -> None:
    result = other_customer_client(PRIVATE, {"id": encode_id("Member", customer.pk)})
    assert result == {
        "data": {"node": {"displayName": "Claire", "email": None, "customerNumber": None}},
        "errors": [_forbidden("email", 63), _forbidden("customerNumber", 69)],
    }


@pytest.mark.parametrize("role_client", ["anonymous", "committee_client", "chair_client"])
def test_others_get_null_and_forbidden(
    request: pytest.FixtureRequest, customer: Member, role_client: str
) -> None:
    client: GraphQLClient = request.getfixturevalue(role_client)
    result = client(PRIVATE, {"id": encode_id("Member", customer.pk)})
    assert result["data"] == {
        "node": {"displayName": "Claire", "email": None, "customerNumber": None}
    }
    assert result["errors"] == [_forbidden("email", 63), _forbidden("customerNumber", 69)]


@pytest.mark.parametrize("role_client", ["customer_client", "adviser_client"])
def test_the_member_and_advisers_read_private_fields(
    request: pytest.FixtureRequest, customer: Member, role_client: str
) -> None:
    client: GraphQLClient = request.getfixturevalue(role_client)
    result = client(PRIVATE, {"id": encode_id("Member", customer.pk)})
    assert result == {
        "data": {
            "node": {
                "displayName": "Claire",
                "email": "claire@example.test",
                "customerNumber": customer.customer_number,
            }
        }
    }


def test_public_profile_fields(anonymous: GraphQLClient, adviser: Member) -> None:
    result = anonymous(
        "query($id: ID!) { node(id: $id) { __typename id ... on Member { displayName role "
        "isCommitteeChair memberSince } } }",
        {"id": encode_id("Member", adviser.pk)},
    )
    assert result == {
        "data": {
            "node": {
                "__typename": "Member",
                "id": encode_id("Member", adviser.pk),
                "displayName": "Julien (conseiller)",
                "role": "ADVISER",
                "isCommitteeChair": False,
                "memberSince": adviser.date_joined.isoformat(),
            }
        }
    }


def test_a_customer_who_wrote_nothing_is_not_found_by_others(
    anonymous: GraphQLClient, other_customer_client: GraphQLClient, adviser_client: GraphQLClient
) -> None:
    silent = CustomerFactory.create(display_name="Discrète")
    query = "query($id: ID!) { node(id: $id) { ... on Member { displayName } } }"
    variables = {"id": encode_id("Member", silent.pk)}
    # Being a customer of the bank is private: the roster cannot be walked by ID.
    assert anonymous(query, variables) == {"data": {"node": None}}
    assert other_customer_client(query, variables) == {"data": {"node": None}}
    assert GraphQLClient(silent)(query, variables) == {
        "data": {"node": {"displayName": "Discrète"}}
    }
    assert adviser_client(query, variables) == {"data": {"node": {"displayName": "Discrète"}}}
