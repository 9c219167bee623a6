"""`submitSuggestion` sent twice in a row (a double click, a retried request) writes one
suggestion; the retry is answered with the first one and ALREADY_SUBMITTED. "The same": same
author, same title and body once runs of whitespace are one space, within
COMPTOIR_DUPLICATE_SUBMISSION_WINDOW seconds."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from models.models import Follow, Member, Suggestion, Vote
from tests.factories import SuggestionFactory
from tests.graphql import GraphQLClient

pytestmark = pytest.mark.django_db

SUBMIT = (
    "mutation($title: String!, $body: String!) { submitSuggestion(input: {title: $title, "
    "body: $body}) { suggestion { id title body voteCount viewerHasVoted } "
    "errors { code message field } } }"
)

TITLE = "Désactiver la publicité par courrier"
BODY = "Je ne lis jamais les prospectus.\n\nUn réglage dans l'espace client suffirait."


def submit(client: GraphQLClient, title: str = TITLE, body: str = BODY) -> dict[str, Any]:
    result: dict[str, Any] = client(SUBMIT, {"title": title, "body": body})["data"]
    return result["submitSuggestion"]


def test_a_suggestion_sent_twice_is_written_once(
    customer_client: GraphQLClient, customer: Member
) -> None:
    first = submit(customer_client)
    assert first["errors"] == []
    retry = submit(customer_client)
    assert retry == {
        "suggestion": first["suggestion"],
        "errors": [
            {
                "code": "ALREADY_SUBMITTED",
                "message": "You submitted this suggestion a moment ago; here it is.",
                "field": None,
            }
        ],
    }
    assert first["suggestion"]["voteCount"] == 1
    assert Suggestion.objects.count() == 1
    assert (Vote.objects.count(), Follow.objects.count()) == (1, 1)


def test_the_retry_shows_the_suggestion_as_it_is_now(
    customer_client: GraphQLClient, customer: Member
) -> None:
    first = submit(customer_client)["suggestion"]
    customer_client(
        "mutation($id: ID!) { withdrawVote(input: {suggestionId: $id}) { errors { code } } }",
        {"id": first["id"]},
    )
    retry = submit(customer_client)["suggestion"]
    assert (retry["id"], retry["voteCount"], retry["viewerHasVoted"]) == (first["id"], 0, False)


@pytest.mark.parametrize(
    ("title", "body"),
    [
        (TITLE, BODY),
        (f"  {TITLE}  ", f"\n{BODY}\n"),
        (TITLE.replace(" ", "  "), BODY.replace("\n\n", " ")),
        (TITLE.replace(" ", "\t"), BODY.replace(" ", "\u00a0")),
        (TITLE.replace(" la ", " la\n"), BODY.replace("\n\n", "\r\n")),
    ],
    ids=["identical", "trimmed", "spaces", "tabs-and-no-break-spaces", "line-breaks"],
)
def test_whitespace_does_not_make_another_suggestion(
    customer_client: GraphQLClient, title: str, body: str
) -> None:
    first = submit(customer_client)
    retry = submit(customer_client, title, body)
    assert retry["suggestion"] == first["suggestion"]
    assert [e["code"] for e in retry["errors"]] == ["ALREADY_SUBMITTED"]
    assert Suggestion.objects.count() == 1


@pytest.mark.parametrize(
    ("title", "body"),
    [
        (TITLE + " !", BODY),
        (TITLE, BODY + " Merci."),
        (TITLE.lower(), BODY),
        ("Désactiverla publicité par courrier", BODY),
    ],
    ids=["other-title", "other-body", "other-case", "words-joined"],
)
def test_other_text_is_another_suggestion(
    customer_client: GraphQLClient, title: str, body: str
) -> None:
    submit(customer_client)
    other = submit(customer_client, title, body)
    assert other["errors"] == []
    assert Suggestion.objects.count() == 2


def test_another_author_or_a_later_submission_is_another_suggestion(
    customer_client: GraphQLClient,
    other_customer_client: GraphQLClient,
    customer: Member,
    settings: Any,
) -> None:
    first = submit(customer_client)
    assert submit(other_customer_client)["errors"] == []
    # Past the window (10 minutes by default), the same text is a new submission.
    assert settings.COMPTOIR_DUPLICATE_SUBMISSION_WINDOW == 600
    Suggestion.objects.filter(author=customer).update(
        created_at=timezone.now() - timedelta(seconds=601)
    )
    later = submit(customer_client)
    assert later["errors"] == []
    assert later["suggestion"]["id"] != first["suggestion"]["id"]
    assert Suggestion.objects.count() == 3


def test_a_month_old_suggestion_is_not_a_retry(
    customer_client: GraphQLClient, customer: Member
) -> None:
    SuggestionFactory.create(
        author=customer,
        title=TITLE,
        body=BODY,
        created_at=timezone.now() - timedelta(days=30),
    )
    assert submit(customer_client)["errors"] == []


def test_bad_input_is_still_bad_input_on_a_retry(customer_client: GraphQLClient) -> None:
    assert submit(customer_client, title=" ")["errors"][0]["code"] == "BLANK"
    assert submit(customer_client, title=" ")["errors"][0]["code"] == "BLANK"
    assert Suggestion.objects.count() == 0
