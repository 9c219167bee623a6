"""`withdrawVote`: a vote withdrawn, then withdrawn again, which changes nothing."""

from __future__ import annotations

import pytest

from models.models import Member, Vote
from tests.factories import CustomerFactory, SuggestionFactory, add_votes
from tests.graphql import GraphQLClient, gid

pytestmark = pytest.mark.django_db

WITHDRAW = (
    "mutation($id: ID!) { withdrawVote(input: {suggestionId: $id}) { "
    "suggestion { voteCount viewerHasVoted } errors { code message field } } }"
)


def test_withdraw_then_withdraw_again(customer_client: GraphQLClient, customer: Member) -> None:
    suggestion = SuggestionFactory.create()
    add_votes(suggestion, [customer, CustomerFactory.create()])
    assert customer_client(WITHDRAW, {"id": gid(suggestion)}) == {
        "data": {
            "withdrawVote": {"suggestion": {"voteCount": 1, "viewerHasVoted": False}, "errors": []}
        }
    }
    assert customer_client(WITHDRAW, {"id": gid(suggestion)}) == {
        "data": {
            "withdrawVote": {
                "suggestion": {"voteCount": 1, "viewerHasVoted": False},
                "errors": [
                    {
                        "code": "NOT_VOTED",
                        "message": "You had not voted for this suggestion.",
                        "field": "suggestionId",
                    }
                ],
            }
        }
    }
    suggestion.refresh_from_db()
    assert (suggestion.vote_count, Vote.objects.filter(suggestion=suggestion).count()) == (1, 1)
