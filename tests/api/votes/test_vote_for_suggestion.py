"""`voteForSuggestion` (and `withdrawVote` where both answer alike): a customer's vote counts
at once and follows the suggestion; voting again changes nothing; decided suggestions and
other roles are refused."""

from __future__ import annotations

import pytest

from models.models import Follow, Member, Suggestion, SuggestionStatus, Vote
from schema.core.ids import encode_id
from tests.api.votes.test_withdraw_vote import WITHDRAW
from tests.factories import CustomerFactory, SuggestionFactory, add_votes
from tests.graphql import GraphQLClient, gid

pytestmark = pytest.mark.django_db

VOTE = (
    "mutation($id: ID!) { voteForSuggestion(input: {suggestionId: $id}) { "
    "suggestion { voteCount viewerHasVoted } errors { code message field } } }"
)


def _stored_and_rows(suggestion: Suggestion) -> tuple[int, int]:
    suggestion.refresh_from_db()
    return suggestion.vote_count, Vote.objects.filter(suggestion=suggestion).count()


def test_customer_votes_and_the_payload_shows_the_new_count(
    customer_client: GraphQLClient, customer: Member
) -> None:
    suggestion = SuggestionFactory.create()
    add_votes(suggestion, CustomerFactory.create_batch(2))
    result = customer_client(VOTE, {"id": gid(suggestion)})
    assert result == {
        "data": {
            "voteForSuggestion": {
                "suggestion": {"voteCount": 3, "viewerHasVoted": True},
                "errors": [],
            }
        }
    }
    assert _stored_and_rows(suggestion) == (3, 3)
    # Voting follows the suggestion.
    assert Follow.objects.filter(member=customer, suggestion=suggestion).count() == 1


def test_second_vote_changes_nothing_and_says_so(customer_client: GraphQLClient) -> None:
    suggestion = SuggestionFactory.create()
    customer_client(VOTE, {"id": gid(suggestion)})
    result = customer_client(VOTE, {"id": gid(suggestion)})
    assert result == {
        "data": {
            "voteForSuggestion": {
                "suggestion": {"voteCount": 1, "viewerHasVoted": True},
                "errors": [
                    {
                        "code": "ALREADY_VOTED",
                        "message": "You already voted for this suggestion.",
                        "field": "suggestionId",
                    }
                ],
            }
        }
    }
    assert _stored_and_rows(suggestion) == (1, 1)


CLOSED_VOTE = (
    "mutation($id: ID!) { %s(input: {suggestionId: $id}) { suggestion { title status "
    "voteCount viewerHasVoted duplicateOf { title status } } errors { code message field } } }"
)


@pytest.mark.parametrize(
    ("status", "label"),
    [
        (SuggestionStatus.REJECTED, "Non retenue"),
        (SuggestionStatus.DELIVERED, "Réalisée"),
    ],
)
def test_voting_is_closed_on_decided_suggestions(
    customer_client: GraphQLClient, status: SuggestionStatus, label: str
) -> None:
    """The refusal still answers the suggestion as it is, so the client can show why."""
    suggestion = SuggestionFactory.create(title="Chéquier gratuit", status=status)
    for name in ("voteForSuggestion", "withdrawVote", "voteForSuggestion"):  # a retry too
        assert customer_client(CLOSED_VOTE % name, {"id": gid(suggestion)}) == {
            "data": {
                name: {
                    "suggestion": {
                        "title": "Chéquier gratuit",
                        "status": status.value,
                        "voteCount": 0,
                        "viewerHasVoted": False,
                        "duplicateOf": None,
                    },
                    "errors": [
                        {
                            "code": "VOTING_CLOSED",
                            "message": f"Voting is closed on this suggestion ({label}).",
                            "field": "suggestionId",
                        }
                    ],
                }
            }
        }
    assert _stored_and_rows(suggestion) == (0, 0)


def test_voting_is_closed_on_duplicates_which_point_to_their_original(
    customer_client: GraphQLClient, customer: Member
) -> None:
    original = SuggestionFactory.create(title="Relevés sans papier")
    add_votes(original, [customer])
    duplicate = SuggestionFactory.create(
        title="Plus de relevés papier", status=SuggestionStatus.DUPLICATE, duplicate_of=original
    )
    for name in ("voteForSuggestion", "withdrawVote"):
        assert customer_client(CLOSED_VOTE % name, {"id": gid(duplicate)}) == {
            "data": {
                name: {
                    "suggestion": {
                        "title": "Plus de relevés papier",
                        "status": "DUPLICATE",
                        "voteCount": 0,
                        "viewerHasVoted": False,
                        # Where to vote instead (the customer's vote is already there).
                        "duplicateOf": {"title": "Relevés sans papier", "status": "SUBMITTED"},
                    },
                    "errors": [
                        {
                            "code": "VOTING_CLOSED",
                            "message": "Voting is closed on this suggestion (Doublon).",
                            "field": "suggestionId",
                        }
                    ],
                }
            }
        }
    assert _stored_and_rows(duplicate) == (0, 0)
    assert _stored_and_rows(original) == (1, 1)


def test_voting_stays_open_while_retained(customer_client: GraphQLClient) -> None:
    suggestion = SuggestionFactory.create(status=SuggestionStatus.RETAINED)
    result = customer_client(VOTE, {"id": gid(suggestion)})
    assert result["data"]["voteForSuggestion"] == {
        "suggestion": {"voteCount": 1, "viewerHasVoted": True},
        "errors": [],
    }


def test_vote_on_unknown_suggestion(customer_client: GraphQLClient) -> None:
    result = customer_client(VOTE, {"id": encode_id("Suggestion", 424242)})
    assert result == {
        "data": {
            "voteForSuggestion": {
                "suggestion": None,
                "errors": [
                    {"code": "NOT_FOUND", "message": "No such suggestion.", "field": "suggestionId"}
                ],
            }
        }
    }
    assert Vote.objects.count() == 0


@pytest.mark.parametrize(
    "bad_id", ["nonsense", encode_id("Thread", 1), encode_id("Suggestion", -3)]
)
def test_vote_with_malformed_id(customer_client: GraphQLClient, bad_id: str) -> None:
    result = customer_client(VOTE, {"id": bad_id})
    assert result == {
        "data": {"voteForSuggestion": None},
        "errors": [
            {
                "message": "`suggestionId` is not a valid Suggestion ID.",
                "locations": [{"line": 1, "column": 22}],
                "path": ["voteForSuggestion"],
                "extensions": {"code": "BAD_USER_INPUT"},
            }
        ],
    }


def test_anonymous_visitor_must_log_in_to_vote(anonymous: GraphQLClient) -> None:
    suggestion = SuggestionFactory.create()
    result = anonymous(VOTE, {"id": gid(suggestion)})
    assert result == {
        "data": {"voteForSuggestion": None},
        "errors": [
            {
                "message": "Log in to vote.",
                "locations": [{"line": 1, "column": 22}],
                "path": ["voteForSuggestion"],
                "extensions": {"code": "UNAUTHENTICATED"},
            }
        ],
    }
    assert _stored_and_rows(suggestion) == (0, 0)


@pytest.mark.parametrize("role_client", ["adviser_client", "committee_client", "chair_client"])
def test_staff_and_committee_do_not_vote(request: pytest.FixtureRequest, role_client: str) -> None:
    client: GraphQLClient = request.getfixturevalue(role_client)
    suggestion = SuggestionFactory.create()
    for mutation, name in ((VOTE, "voteForSuggestion"), (WITHDRAW, "withdrawVote")):
        result = client(mutation, {"id": gid(suggestion)})
        assert result == {
            "data": {name: None},
            "errors": [
                {
                    "message": "Only customers vote.",
                    "locations": [{"line": 1, "column": 22}],
                    "path": [name],
                    "extensions": {"code": "FORBIDDEN"},
                }
            ],
        }
    assert _stored_and_rows(suggestion) == (0, 0)
