"""`createThread`: a customer opens a question or a discussion; bad input and visitors write
nothing."""

from __future__ import annotations

import pytest

from models.models import Category, Thread
from schema.core.ids import encode_id
from tests.graphql import GraphQLClient

pytestmark = pytest.mark.django_db

CREATE = (
    "mutation($input: CreateThreadInput!) { createThread(input: $input) { "
    "thread { title body kind status author { displayName } category { name } postCount } "
    "errors { code message field } } }"
)


def test_customer_opens_a_question(customer_client: GraphQLClient, support: Category) -> None:
    result = customer_client(
        CREATE,
        {
            "input": {
                "categoryId": encode_id("Category", support.pk),
                "kind": "QUESTION",
                "title": " Virement en attente ",
                "body": "Mon virement est en attente depuis hier.",
            }
        },
    )
    assert result == {
        "data": {
            "createThread": {
                "thread": {
                    "title": "Virement en attente",
                    "body": "Mon virement est en attente depuis hier.",
                    "kind": "QUESTION",
                    "status": "OPEN",
                    "author": {"displayName": "Claire"},
                    "category": {"name": "Questions & support"},
                    "postCount": 0,
                },
                "errors": [],
            }
        }
    }


def test_create_thread_bad_input_writes_nothing(
    customer_client: GraphQLClient, labo: Category
) -> None:
    result = customer_client(
        CREATE,
        {
            "input": {
                "categoryId": encode_id("Category", labo.pk),
                "kind": "DISCUSSION",
                "title": "",
                "body": "x" * 10_001,
            }
        },
    )
    assert result == {
        "data": {
            "createThread": {
                "thread": None,
                "errors": [
                    {
                        "code": "CATEGORY_CLOSED",
                        "message": "Threads cannot be opened in “Le Labo”.",
                        "field": "categoryId",
                    },
                    {"code": "BLANK", "message": "The title must not be empty.", "field": "title"},
                    {
                        "code": "TOO_LONG",
                        "message": "The message must be at most 10000 characters.",
                        "field": "body",
                    },
                ],
            }
        }
    }
    missing = customer_client(
        CREATE,
        {
            "input": {
                "categoryId": encode_id("Category", 999),
                "kind": "QUESTION",
                "title": "t",
                "body": "b",
            }
        },
    )
    assert missing["data"]["createThread"]["errors"] == [
        {"code": "NOT_FOUND", "message": "No such category.", "field": "categoryId"}
    ]
    assert Thread.objects.count() == 0


def test_create_thread_with_an_unknown_kind_is_refused(
    customer_client: GraphQLClient, support: Category
) -> None:
    result = customer_client(
        CREATE,
        {
            "input": {
                "categoryId": encode_id("Category", support.pk),
                "kind": "RANT",
                "title": "t",
                "body": "b",
            }
        },
    )
    assert result["data"] is None
    assert result["errors"][0]["extensions"] == {"code": "BAD_USER_INPUT"}
    assert Thread.objects.count() == 0


def test_anonymous_cannot_open_a_thread(anonymous: GraphQLClient, support: Category) -> None:
    result = anonymous(
        CREATE,
        {
            "input": {
                "categoryId": encode_id("Category", support.pk),
                "kind": "QUESTION",
                "title": "t",
                "body": "b",
            }
        },
    )
    assert result["data"] == {"createThread": None}
    assert result["errors"][0]["extensions"] == {"code": "UNAUTHENTICATED"}
