"""voteForSuggestion / withdrawVote / submitSuggestion through /graphql."""

from __future__ import annotations

import pytest

from models.models import Follow, Member, Suggestion, SuggestionStatus, Vote
from schema.core.ids import encode_id
from tests.conftest import GraphQLClient
from tests.factories import CustomerFactory, SuggestionFactory, add_votes

pytestmark = pytest.mark.django_db

VOTE = (
    "mutation($id: ID!) { voteForSuggestion(input: {suggestionId: $id}) { "
    "suggestion { voteCount viewerHasVoted } errors { code message field } } }"
)
WITHDRAW = (
    "mutation($id: ID!) { withdrawVote(input: {suggestionId: $id}) { "
    "suggestion { voteCount viewerHasVoted } errors { code message field } } }"
)
SUBMIT = (
    "mutation($title: String!, $body: String!) { submitSuggestion(input: {title: $title, "
    "body: $body}) { suggestion { title body status voteCount viewerHasVoted "
    "author { displayName } } errors { code message field } } }"
)


def _gid(suggestion: Suggestion) -> dict[str, str]:
    return {"id": encode_id("Suggestion", suggestion.pk)}


def _stored_and_rows(suggestion: Suggestion) -> tuple[int, int]:
    suggestion.refresh_from_db()
    return suggestion.vote_count, Vote.objects.filter(suggestion=suggestion).count()


def test_customer_votes_and_the_payload_shows_the_new_count(
    customer_client: GraphQLClient, customer: Member
) -> None:
    suggestion = SuggestionFactory.create()
    add_votes(suggestion, CustomerFactory.create_batch(2))
    result = customer_client(VOTE, _gid(suggestion))
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
    customer_client(VOTE, _gid(suggestion))
    result = customer_client(VOTE, _gid(suggestion))
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


def test_withdraw_then_withdraw_again(customer_client: GraphQLClient, customer: Member) -> None:
    suggestion = SuggestionFactory.create()
    add_votes(suggestion, [customer, CustomerFactory.create()])
    assert customer_client(WITHDRAW, _gid(suggestion)) == {
        "data": {
            "withdrawVote": {"suggestion": {"voteCount": 1, "viewerHasVoted": False}, "errors": []}
        }
    }
    assert customer_client(WITHDRAW, _gid(suggestion)) == {
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
    assert _stored_and_rows(suggestion) == (1, 1)


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
    suggestion = SuggestionFactory.create(status=status)
    for mutation, name in ((VOTE, "voteForSuggestion"), (WITHDRAW, "withdrawVote")):
        assert customer_client(mutation, _gid(suggestion)) == {
            "data": {
                name: {
                    "suggestion": None,
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


def test_voting_is_closed_on_duplicates(customer_client: GraphQLClient) -> None:
    original = SuggestionFactory.create()
    duplicate = SuggestionFactory.create(status=SuggestionStatus.DUPLICATE, duplicate_of=original)
    result = customer_client(VOTE, _gid(duplicate))
    assert result["data"]["voteForSuggestion"]["errors"][0]["code"] == "VOTING_CLOSED"
    assert _stored_and_rows(duplicate) == (0, 0)


def test_voting_stays_open_while_retained(customer_client: GraphQLClient) -> None:
    suggestion = SuggestionFactory.create(status=SuggestionStatus.RETAINED)
    result = customer_client(VOTE, _gid(suggestion))
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
    result = anonymous(VOTE, _gid(suggestion))
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
        result = client(mutation, _gid(suggestion))
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


def test_submit_suggestion_casts_the_authors_vote(
    customer_client: GraphQLClient, customer: Member
) -> None:
    result = customer_client(
        SUBMIT, {"title": "  Un relevé mensuel en PDF  ", "body": "Pour mes archives."}
    )
    assert result == {
        "data": {
            "submitSuggestion": {
                "suggestion": {
                    "title": "Un relevé mensuel en PDF",
                    "body": "Pour mes archives.",
                    "status": "SUBMITTED",
                    "voteCount": 1,
                    "viewerHasVoted": True,
                    "author": {"displayName": customer.display_name},
                },
                "errors": [],
            }
        }
    }
    suggestion = Suggestion.objects.get()
    assert _stored_and_rows(suggestion) == (1, 1)
    assert list(Follow.objects.values_list("member_id", "suggestion_id")) == [
        (customer.pk, suggestion.pk)
    ]


@pytest.mark.parametrize(
    ("title", "body", "errors"),
    [
        (
            "",
            "ok",
            [{"code": "BLANK", "message": "The title must not be empty.", "field": "title"}],
        ),
        (
            "ok",
            "   ",
            [{"code": "BLANK", "message": "The description must not be empty.", "field": "body"}],
        ),
        (
            "x" * 151,
            "y" * 5001,
            [
                {
                    "code": "TOO_LONG",
                    "message": "The title must be at most 150 characters.",
                    "field": "title",
                },
                {
                    "code": "TOO_LONG",
                    "message": "The description must be at most 5000 characters.",
                    "field": "body",
                },
            ],
        ),
    ],
)
def test_submit_suggestion_bad_input_writes_nothing(
    customer_client: GraphQLClient, title: str, body: str, errors: list[dict[str, str]]
) -> None:
    result = customer_client(SUBMIT, {"title": title, "body": body})
    assert result == {"data": {"submitSuggestion": {"suggestion": None, "errors": errors}}}
    assert (Suggestion.objects.count(), Vote.objects.count(), Follow.objects.count()) == (0, 0, 0)


def test_submit_suggestion_longest_title_is_accepted(customer_client: GraphQLClient) -> None:
    result = customer_client(SUBMIT, {"title": "x" * 150, "body": "y" * 5000})
    assert result["data"]["submitSuggestion"]["errors"] == []
    assert Suggestion.objects.get().title == "x" * 150


@pytest.mark.parametrize("role_client", ["adviser_client", "committee_client"])
def test_only_customers_submit(request: pytest.FixtureRequest, role_client: str) -> None:
    client: GraphQLClient = request.getfixturevalue(role_client)
    result = client(SUBMIT, {"title": "t", "body": "b"})
    assert result["data"] == {"submitSuggestion": None}
    assert result["errors"][0]["extensions"] == {"code": "FORBIDDEN"}
    assert result["errors"][0]["message"] == "Only customers submit suggestions."
    assert Suggestion.objects.count() == 0


def test_anonymous_cannot_submit(anonymous: GraphQLClient) -> None:
    result = anonymous(SUBMIT, {"title": "t", "body": "b"})
    assert result["data"] == {"submitSuggestion": None}
    assert result["errors"][0]["extensions"] == {"code": "UNAUTHENTICATED"}
    assert Suggestion.objects.count() == 0
