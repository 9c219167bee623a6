"""`members`: advisers by name, and customers once they wrote something public."""

from __future__ import annotations

import pytest

from models.models import Member
from tests.factories import AdviserFactory, CustomerFactory, SuggestionFactory
from tests.graphql import GraphQLClient

pytestmark = pytest.mark.django_db


def test_members_lists_the_advisers_by_name(anonymous: GraphQLClient, adviser: Member) -> None:
    AdviserFactory.create(display_name="Alice (conseillère)")
    CustomerFactory.create(display_name="Zoé")
    assert anonymous("{ members { totalCount edges { node { displayName role } } } }") == {
        "data": {
            "members": {
                "totalCount": 2,
                "edges": [
                    {"node": {"displayName": "Alice (conseillère)", "role": "ADVISER"}},
                    {"node": {"displayName": "Julien (conseiller)", "role": "ADVISER"}},
                ],
            }
        }
    }


def test_customers_are_listed_once_they_wrote_something_public(
    anonymous: GraphQLClient, adviser_client: GraphQLClient
) -> None:
    writer = CustomerFactory.create(display_name="Bea")
    SuggestionFactory.create(author=writer)
    CustomerFactory.create(display_name="Silent")
    query = "{ members(role: CUSTOMER) { edges { node { displayName } } } }"
    assert anonymous(query) == {"data": {"members": {"edges": [{"node": {"displayName": "Bea"}}]}}}
    names = [e["node"]["displayName"] for e in adviser_client(query)["data"]["members"]["edges"]]
    assert names == ["Bea", "Silent"]
