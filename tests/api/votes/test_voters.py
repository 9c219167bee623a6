"""`Member.votes` and `Suggestion.voters`: what a member voted for, and who voted for a
suggestion, for those who may read them."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from models.models import Member, Vote
from schema.core.ids import encode_id
from tests.factories import SuggestionFactory, add_votes
from tests.graphql import GraphQLClient

pytestmark = pytest.mark.django_db


def test_a_members_votes_and_a_suggestions_voters(
    customer_client: GraphQLClient,
    other_customer_client: GraphQLClient,
    adviser_client: GraphQLClient,
    committee_client: GraphQLClient,
    customer: Member,
    other_customer: Member,
) -> None:
    now = timezone.now()
    SuggestionFactory.create(author=customer)  # a public profile, so others find the member
    older = SuggestionFactory.create(title="Ancienne")
    newer = SuggestionFactory.create(title="Récente")
    add_votes(older, [customer, other_customer])
    add_votes(newer, [customer])
    Vote.objects.filter(suggestion=older, member=customer).update(
        created_at=now - timedelta(days=2)
    )
    Vote.objects.filter(suggestion=older, member=other_customer).update(
        created_at=now - timedelta(days=1)
    )
    votes = (
        "query($id: ID!) { node(id: $id) { ... on Member { votes { totalCount edges { node { "
        "title } } } } } }"
    )
    variables = {"id": encode_id("Member", customer.pk)}
    mine = {
        "data": {
            "node": {
                "votes": {
                    "totalCount": 2,
                    "edges": [{"node": {"title": "Récente"}}, {"node": {"title": "Ancienne"}}],
                }
            }
        }
    }
    for client in (customer_client, adviser_client, committee_client):
        assert client(votes, variables) == mine
    refused = other_customer_client(votes, variables)
    assert refused["data"] == {"node": {"votes": None}}
    assert refused["errors"][0]["extensions"] == {"code": "FORBIDDEN"}

    voters = "query($id: ID!) { suggestion(id: $id) { voters { edges { node { displayName } } } } }"
    variables = {"id": encode_id("Suggestion", older.pk)}
    expected = {
        "data": {
            "suggestion": {
                "voters": {
                    "edges": [
                        {"node": {"displayName": "Bruno"}},
                        {"node": {"displayName": "Claire"}},
                    ]
                }
            }
        }
    }
    assert adviser_client(voters, variables) == expected
    assert committee_client(voters, variables) == expected
    refused = customer_client(voters, variables)
    assert refused["data"] == {"suggestion": {"voters": None}}
    assert refused["errors"][0]["extensions"] == {"code": "FORBIDDEN"}
