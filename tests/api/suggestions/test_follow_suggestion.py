"""`followSuggestion` and `unfollowSuggestion`, and the follow a vote makes, shown in the same
document."""

from __future__ import annotations

import pytest

from models.models import Follow, Member
from tests.factories import SuggestionFactory
from tests.graphql import GraphQLClient, gid

pytestmark = pytest.mark.django_db


def test_follow_and_unfollow(customer_client: GraphQLClient, customer: Member) -> None:
    suggestion = SuggestionFactory.create()
    follow = (
        "mutation($id: ID!) { followSuggestion(input: {suggestionId: $id}) { "
        "suggestion { viewerIsFollowing } errors { code message field } } }"
    )
    unfollow = follow.replace("followSuggestion", "unfollowSuggestion")
    variables = {"id": gid(suggestion)}
    assert customer_client(follow, variables) == {
        "data": {"followSuggestion": {"suggestion": {"viewerIsFollowing": True}, "errors": []}}
    }
    assert customer_client(follow, variables)["data"]["followSuggestion"]["errors"] == [
        {
            "code": "ALREADY_FOLLOWING",
            "message": "You already follow this suggestion.",
            "field": "suggestionId",
        }
    ]
    assert Follow.objects.filter(member=customer).count() == 1
    assert customer_client(unfollow, variables) == {
        "data": {"unfollowSuggestion": {"suggestion": {"viewerIsFollowing": False}, "errors": []}}
    }
    assert (
        customer_client(unfollow, variables)["data"]["unfollowSuggestion"]["errors"][0]["code"]
        == "NOT_FOLLOWING"
    )
    assert Follow.objects.count() == 0
    anonymous = GraphQLClient()(follow, variables)
    assert anonymous["errors"][0]["extensions"] == {"code": "UNAUTHENTICATED"}


def test_a_vote_shows_the_follow_it_makes_in_the_same_document(
    customer_client: GraphQLClient,
) -> None:
    suggestion = SuggestionFactory.create()
    # The first mutation reads "not following"; the vote that follows makes the follow, and
    # its payload says so (the value read first is not served again).
    document = (
        "mutation($id: ID!) { "
        "before: unfollowSuggestion(input: {suggestionId: $id}) { suggestion { "
        "viewerIsFollowing } } "
        "vote: voteForSuggestion(input: {suggestionId: $id}) { suggestion { voteCount "
        "viewerHasVoted viewerIsFollowing } errors { code } } }"
    )
    assert customer_client(document, {"id": gid(suggestion)}) == {
        "data": {
            "before": {"suggestion": {"viewerIsFollowing": False}},
            "vote": {
                "suggestion": {"voteCount": 1, "viewerHasVoted": True, "viewerIsFollowing": True},
                "errors": [],
            },
        }
    }
