"""Root `members`, member profiles (counts, votes), `Suggestion.voters`, and the
`suggestions` list's search and RECENTLY_DECIDED ordering."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from models.models import DecisionOutcome, Member, Vote
from schema.core.ids import encode_id
from tests.conftest import GraphQLClient
from tests.factories import (
    AdviserFactory,
    CustomerFactory,
    DecisionFactory,
    PostFactory,
    SuggestionFactory,
    ThreadFactory,
    add_votes,
)

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


def test_contribution_counts_count_what_the_viewer_can_see(
    anonymous: GraphQLClient, adviser_client: GraphQLClient, customer: Member, adviser: Member
) -> None:
    SuggestionFactory.create_batch(2, author=customer)
    SuggestionFactory.create(
        author=customer, hidden_at=timezone.now(), hidden_by=adviser, hidden_reason="Spam"
    )
    thread = ThreadFactory.create(author=customer)
    PostFactory.create_batch(3, author=customer, thread=thread)
    query = (
        "query($id: ID!) { node(id: $id) { ... on Member { suggestionCount threadCount "
        "postCount } } }"
    )
    variables = {"id": encode_id("Member", customer.pk)}
    assert anonymous(query, variables) == {
        "data": {"node": {"suggestionCount": 2, "threadCount": 1, "postCount": 3}}
    }
    assert adviser_client(query, variables)["data"]["node"]["suggestionCount"] == 3


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


def test_suggestions_search_keeps_the_ordering(anonymous: GraphQLClient) -> None:
    add_votes(
        SuggestionFactory.create(title="Courrier papier supprimé"), CustomerFactory.create_batch(1)
    )
    add_votes(
        SuggestionFactory.create(title="Publicité par courrier"), CustomerFactory.create_batch(3)
    )
    SuggestionFactory.create(title="Carte virtuelle")
    result = anonymous(
        '{ suggestions(search: "courrier") { totalCount edges { node { title } } } }'
    )
    assert result == {
        "data": {
            "suggestions": {
                "totalCount": 2,
                "edges": [
                    {"node": {"title": "Publicité par courrier"}},
                    {"node": {"title": "Courrier papier supprimé"}},
                ],
            }
        }
    }
    blank = anonymous('{ suggestions(search: "  ") { totalCount } }')
    assert blank["errors"][0]["extensions"] == {"code": "BAD_USER_INPUT"}


def test_recently_decided_ordering(anonymous: GraphQLClient, chair: Member) -> None:
    now = timezone.now()
    first = SuggestionFactory.create(title="Décidée il y a longtemps")
    second = SuggestionFactory.create(title="Décidée hier")
    SuggestionFactory.create(title="Pas décidée")
    DecisionFactory.create(
        suggestion=first,
        outcome=DecisionOutcome.RETAINED,
        recorded_by=chair,
        published_at=now - timedelta(days=30),
    )
    DecisionFactory.create(
        suggestion=second,
        outcome=DecisionOutcome.REJECTED,
        public_rationale="Non",
        recorded_by=chair,
        published_at=now - timedelta(days=1),
    )
    query = (
        "query($after: String) { suggestions(orderBy: RECENTLY_DECIDED, first: 1, after: "
        "$after) { totalCount pageInfo { endCursor hasNextPage } edges { node { title } } } }"
    )
    page = anonymous(query)["data"]["suggestions"]
    assert page["totalCount"] == 2
    assert [e["node"]["title"] for e in page["edges"]] == ["Décidée hier"]
    rest = anonymous(query, {"after": page["pageInfo"]["endCursor"]})["data"]["suggestions"]
    assert [e["node"]["title"] for e in rest["edges"]] == ["Décidée il y a longtemps"]
    assert rest["pageInfo"]["hasNextPage"] is False
