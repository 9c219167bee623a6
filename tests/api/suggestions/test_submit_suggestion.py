"""`submitSuggestion`: a customer's suggestion, which casts its author's vote; bad input and
other roles write nothing."""

from __future__ import annotations

import pytest

from models.models import Follow, Member, Suggestion, Vote
from tests.graphql import GraphQLClient

pytestmark = pytest.mark.django_db

SUBMIT = (
    "mutation($title: String!, $body: String!) { submitSuggestion(input: {title: $title, "
    "body: $body}) { suggestion { title body status voteCount viewerHasVoted "
    "author { displayName } } errors { code message field } } }"
)


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
    assert (suggestion.vote_count, Vote.objects.filter(suggestion=suggestion).count()) == (1, 1)
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
