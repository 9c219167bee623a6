"""The same suggestion or thread sent twice in a row (a double click, a retried request) is
written once; the retry is answered with the first one and ALREADY_SUBMITTED (issue #9,
§3). "The same": same author, same title and body once runs of whitespace are one space,
within COMPTOIR_DUPLICATE_SUBMISSION_WINDOW seconds."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from models.models import Category, Follow, Member, Suggestion, Thread, Vote
from schema.core.ids import encode_id
from tests.conftest import GraphQLClient
from tests.factories import CategoryFactory, SuggestionFactory

pytestmark = pytest.mark.django_db

SUBMIT = (
    "mutation($title: String!, $body: String!) { submitSuggestion(input: {title: $title, "
    "body: $body}) { suggestion { id title body voteCount viewerHasVoted } "
    "errors { code message field } } }"
)
CREATE = (
    "mutation($input: CreateThreadInput!) { createThread(input: $input) { "
    "thread { id title body kind category { slug } } errors { code message field } } }"
)
TITLE = "Désactiver la publicité par courrier"
BODY = "Je ne lis jamais les prospectus.\n\nUn réglage dans l'espace client suffirait."


@pytest.fixture
def discussions(db: None) -> Category:
    return CategoryFactory.create(name="Discussions", slug="discussions")


def _submit(client: GraphQLClient, title: str = TITLE, body: str = BODY) -> dict[str, Any]:
    result: dict[str, Any] = client(SUBMIT, {"title": title, "body": body})["data"]
    return result["submitSuggestion"]


def _create(
    client: GraphQLClient,
    category: Category,
    title: str = "Virement bloqué",
    body: str = "Mon virement est en attente depuis hier.",
    kind: str = "QUESTION",
) -> dict[str, Any]:
    variables = {
        "input": {
            "categoryId": encode_id("Category", category.pk),
            "kind": kind,
            "title": title,
            "body": body,
        }
    }
    result: dict[str, Any] = client(CREATE, variables)["data"]
    return result["createThread"]


def test_a_suggestion_sent_twice_is_written_once(
    customer_client: GraphQLClient, customer: Member
) -> None:
    first = _submit(customer_client)
    assert first["errors"] == []
    retry = _submit(customer_client)
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
    first = _submit(customer_client)["suggestion"]
    customer_client(
        "mutation($id: ID!) { withdrawVote(input: {suggestionId: $id}) { errors { code } } }",
        {"id": first["id"]},
    )
    retry = _submit(customer_client)["suggestion"]
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
    first = _submit(customer_client)
    retry = _submit(customer_client, title, body)
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
    _submit(customer_client)
    other = _submit(customer_client, title, body)
    assert other["errors"] == []
    assert Suggestion.objects.count() == 2


def test_another_author_or_a_later_submission_is_another_suggestion(
    customer_client: GraphQLClient,
    other_customer_client: GraphQLClient,
    customer: Member,
    settings: Any,
) -> None:
    first = _submit(customer_client)
    assert _submit(other_customer_client)["errors"] == []
    # Past the window (10 minutes by default), the same text is a new submission.
    assert settings.COMPTOIR_DUPLICATE_SUBMISSION_WINDOW == 600
    Suggestion.objects.filter(author=customer).update(
        created_at=timezone.now() - timedelta(seconds=601)
    )
    later = _submit(customer_client)
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
    assert _submit(customer_client)["errors"] == []


def test_a_thread_sent_twice_is_written_once(
    customer_client: GraphQLClient, discussions: Category
) -> None:
    first = _create(customer_client, discussions)
    assert first["errors"] == []
    retry = _create(customer_client, discussions, title=" Virement  bloqué ")
    assert retry == {
        "thread": first["thread"],
        "errors": [
            {
                "code": "ALREADY_SUBMITTED",
                "message": "You opened this thread a moment ago; here it is.",
                "field": None,
            }
        ],
    }
    assert Thread.objects.count() == 1


def test_a_cross_post_gets_the_first_thread(
    customer_client: GraphQLClient, discussions: Category
) -> None:
    support = CategoryFactory.create(name="Questions & support", slug="questions-support")
    first = _create(customer_client, discussions, kind="DISCUSSION")
    cross = _create(customer_client, support, kind="QUESTION")
    assert cross["thread"] == first["thread"]
    assert cross["thread"]["category"] == {"slug": "discussions"}
    assert [e["code"] for e in cross["errors"]] == ["ALREADY_SUBMITTED"]
    assert Thread.objects.count() == 1


def test_other_threads_are_written(
    customer_client: GraphQLClient, other_customer_client: GraphQLClient, discussions: Category
) -> None:
    _create(customer_client, discussions)
    assert _create(customer_client, discussions, body="Toujours bloqué.")["errors"] == []
    assert _create(other_customer_client, discussions)["errors"] == []
    assert Thread.objects.count() == 3


def test_a_suggestions_discussion_is_no_earlier_thread(
    customer_client: GraphQLClient,
    other_customer_client: GraphQLClient,
    customer: Member,
    discussions: Category,
) -> None:
    """Commenting opens the suggestion's discussion thread under its author's name, with
    its title and body: the author's own café thread with that text is still written."""
    suggestion = _submit(customer_client)["suggestion"]
    other_customer_client(
        'mutation($id: ID!) { commentOnSuggestion(input: {suggestionId: $id, body: "+1"}) '
        "{ errors { code } } }",
        {"id": suggestion["id"]},
    )
    assert Thread.objects.filter(author=customer, suggestion__isnull=False).count() == 1
    created = _create(customer_client, discussions, title=TITLE, body=BODY)
    assert created["errors"] == []
    assert Thread.objects.filter(author=customer).count() == 2


def test_bad_input_is_still_bad_input_on_a_retry(customer_client: GraphQLClient) -> None:
    assert _submit(customer_client, title=" ")["errors"][0]["code"] == "BLANK"
    assert _submit(customer_client, title=" ")["errors"][0]["code"] == "BLANK"
    assert Suggestion.objects.count() == 0
