"""`createThread` sent twice in a row writes one thread, whatever category the retry names;
the retry is answered with the first one and ALREADY_SUBMITTED, under the rule of
suggestions (test_submit_suggestion_twice.py): same author, title and body, within
COMPTOIR_DUPLICATE_SUBMISSION_WINDOW seconds."""

from __future__ import annotations

from typing import Any

import pytest

from models.models import Category, Member, Thread
from schema.core.ids import encode_id
from tests.api.suggestions.test_submit_suggestion_twice import BODY, TITLE, submit
from tests.factories import CategoryFactory
from tests.graphql import GraphQLClient

pytestmark = pytest.mark.django_db

CREATE = (
    "mutation($input: CreateThreadInput!) { createThread(input: $input) { "
    "thread { id title body kind category { slug } } errors { code message field } } }"
)


@pytest.fixture
def discussions(db: None) -> Category:
    return CategoryFactory.create(name="Discussions", slug="discussions")


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
    suggestion = submit(customer_client)["suggestion"]
    other_customer_client(
        'mutation($id: ID!) { commentOnSuggestion(input: {suggestionId: $id, body: "+1"}) '
        "{ errors { code } } }",
        {"id": suggestion["id"]},
    )
    assert Thread.objects.filter(author=customer, suggestion__isnull=False).count() == 1
    created = _create(customer_client, discussions, title=TITLE, body=BODY)
    assert created["errors"] == []
    assert Thread.objects.filter(author=customer).count() == 2
