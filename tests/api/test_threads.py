"""The café through /graphql: categories, threads, posts, createThread, replyToThread."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from models.models import Category, Member, Post, Thread, ThreadKind, ThreadStatus
from schema.core.ids import encode_id
from tests.conftest import GraphQLClient
from tests.factories import CategoryFactory, PostFactory, ThreadFactory

pytestmark = pytest.mark.django_db

CREATE = (
    "mutation($input: CreateThreadInput!) { createThread(input: $input) { "
    "thread { title body kind status author { displayName } category { name } postCount } "
    "errors { code message field } } }"
)
REPLY = (
    "mutation($id: ID!, $body: String!) { replyToThread(input: {threadId: $id, body: $body}) { "
    "post { body isOfficial author { displayName } thread { status postCount } } "
    "errors { code message field } } }"
)


@pytest.fixture
def support(db: None) -> Category:
    return CategoryFactory.create(name="Questions & support", slug="questions-support", position=1)


@pytest.fixture
def labo(db: None) -> Category:
    return CategoryFactory.create(name="Le Labo", slug="le-labo", position=3, accepts_threads=False)


def test_categories_in_display_order(
    anonymous: GraphQLClient, support: Category, labo: Category
) -> None:
    CategoryFactory.create(name="Discussions", slug="discussions", position=2)
    assert anonymous("{ categories { name slug acceptsThreads } }") == {
        "data": {
            "categories": [
                {
                    "name": "Questions & support",
                    "slug": "questions-support",
                    "acceptsThreads": True,
                },
                {"name": "Discussions", "slug": "discussions", "acceptsThreads": True},
                {"name": "Le Labo", "slug": "le-labo", "acceptsThreads": False},
            ]
        }
    }


def test_threads_filtered_and_ordered_by_activity(
    anonymous: GraphQLClient, support: Category
) -> None:
    now = timezone.now()
    other = CategoryFactory.create()
    ThreadFactory.create(title="quiet", category=support, last_activity_at=now - timedelta(days=2))
    ThreadFactory.create(title="busy", category=support, last_activity_at=now)
    ThreadFactory.create(
        title="talk", category=support, kind=ThreadKind.DISCUSSION, last_activity_at=now
    )
    ThreadFactory.create(title="elsewhere", category=other)
    result = anonymous(
        "query($c: ID!) { threads(categoryId: $c, kind: QUESTION) { totalCount "
        "edges { node { title kind category { slug } } } } }",
        {"c": encode_id("Category", support.pk)},
    )
    assert result == {
        "data": {
            "threads": {
                "totalCount": 2,
                "edges": [
                    {
                        "node": {
                            "title": "busy",
                            "kind": "QUESTION",
                            "category": {"slug": "questions-support"},
                        }
                    },
                    {
                        "node": {
                            "title": "quiet",
                            "kind": "QUESTION",
                            "category": {"slug": "questions-support"},
                        }
                    },
                ],
            }
        }
    }


def test_threads_by_status_newest_first(anonymous: GraphQLClient) -> None:
    now = timezone.now()
    ThreadFactory.create(
        title="a", status=ThreadStatus.RESOLVED, created_at=now - timedelta(days=1), resolved_at=now
    )
    ThreadFactory.create(title="b", status=ThreadStatus.RESOLVED, created_at=now, resolved_at=now)
    ThreadFactory.create(title="c")
    result = anonymous(
        "{ threads(status: RESOLVED, orderBy: NEWEST) { edges { node { title } } } }"
    )
    assert result == {
        "data": {"threads": {"edges": [{"node": {"title": "b"}}, {"node": {"title": "a"}}]}}
    }


def test_thread_with_posts_hides_internal_notes_from_customers(
    customer_client: GraphQLClient, adviser_client: GraphQLClient, adviser: Member
) -> None:
    thread = ThreadFactory.create(title="Carte bloquée", body="Ma carte est bloquée.")
    t0 = timezone.now() - timedelta(hours=3)
    PostFactory.create(
        thread=thread, author=adviser, body="Je regarde.", is_official=True, created_at=t0
    )
    PostFactory.create(
        thread=thread,
        author=adviser,
        body="Note: client connu.",
        is_internal=True,
        created_at=t0 + timedelta(minutes=1),
    )
    PostFactory.create(
        thread=thread, author=thread.author, body="Merci !", created_at=t0 + timedelta(hours=1)
    )
    query = (
        "query($id: ID!) { thread(id: $id) { title body postCount posts(first: 10) { totalCount "
        "edges { node { body isOfficial isInternal author { displayName } } } } } }"
    )
    variables = {"id": encode_id("Thread", thread.pk)}
    public_posts = [
        {
            "node": {
                "body": "Je regarde.",
                "isOfficial": True,
                "isInternal": False,
                "author": {"displayName": adviser.display_name},
            }
        },
        {
            "node": {
                "body": "Merci !",
                "isOfficial": False,
                "isInternal": False,
                "author": {"displayName": thread.author.display_name},
            }
        },
    ]
    assert customer_client(query, variables) == {
        "data": {
            "thread": {
                "title": "Carte bloquée",
                "body": "Ma carte est bloquée.",
                "postCount": 2,
                "posts": {"totalCount": 2, "edges": public_posts},
            }
        }
    }
    adviser_view = adviser_client(query, variables)["data"]["thread"]
    assert adviser_view["postCount"] == 3
    assert [e["node"]["body"] for e in adviser_view["posts"]["edges"]] == [
        "Je regarde.",
        "Note: client connu.",
        "Merci !",
    ]


def test_assigned_adviser_is_internal(
    customer_client: GraphQLClient, adviser_client: GraphQLClient, adviser: Member
) -> None:
    thread = ThreadFactory.create(assigned_adviser=adviser)
    query = "query($id: ID!) { thread(id: $id) { assignedAdviser { displayName } } }"
    variables = {"id": encode_id("Thread", thread.pk)}
    assert adviser_client(query, variables) == {
        "data": {"thread": {"assignedAdviser": {"displayName": adviser.display_name}}}
    }
    assert customer_client(query, variables) == {
        "data": {"thread": {"assignedAdviser": None}},
        "errors": [
            {
                "message": "You are not allowed to read this field.",
                "locations": [{"line": 1, "column": 37}],
                "path": ["thread", "assignedAdviser"],
                "extensions": {"code": "FORBIDDEN"},
            }
        ],
    }


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


def test_first_official_reply_answers_a_question(
    adviser_client: GraphQLClient, customer_client: GraphQLClient, customer: Member, adviser: Member
) -> None:
    thread = ThreadFactory.create(author=customer)
    variables = {"id": encode_id("Thread", thread.pk), "body": "Bonjour, c'est réglé."}
    result = adviser_client(REPLY, variables)
    assert result == {
        "data": {
            "replyToThread": {
                "post": {
                    "body": "Bonjour, c'est réglé.",
                    "isOfficial": True,
                    "author": {"displayName": adviser.display_name},
                    "thread": {"status": "ANSWERED", "postCount": 1},
                },
                "errors": [],
            }
        }
    }
    thread.refresh_from_db()
    first_response = thread.first_response_at
    assert first_response == Post.objects.get().created_at
    # The customer's own reply is not official and does not move the status.
    result = customer_client(REPLY, {"id": variables["id"], "body": "Merci"})
    assert result["data"]["replyToThread"]["post"] == {
        "body": "Merci",
        "isOfficial": False,
        "author": {"displayName": "Claire"},
        "thread": {"status": "ANSWERED", "postCount": 2},
    }
    # A later official reply keeps the first-response time.
    adviser_client(REPLY, {"id": variables["id"], "body": "Autre chose ?"})
    thread.refresh_from_db()
    assert thread.first_response_at == first_response
    assert thread.last_activity_at == Post.objects.latest("created_at").created_at


def test_reply_to_locked_and_closed_threads(
    customer_client: GraphQLClient, adviser_client: GraphQLClient
) -> None:
    locked = ThreadFactory.create(is_locked=True)
    closed = ThreadFactory.create(status=ThreadStatus.CLOSED)
    assert customer_client(REPLY, {"id": encode_id("Thread", locked.pk), "body": "x"})["data"] == {
        "replyToThread": {
            "post": None,
            "errors": [
                {"code": "THREAD_LOCKED", "message": "This thread is locked.", "field": "threadId"}
            ],
        }
    }
    assert customer_client(REPLY, {"id": encode_id("Thread", closed.pk), "body": "x"})["data"] == {
        "replyToThread": {
            "post": None,
            "errors": [
                {"code": "THREAD_CLOSED", "message": "This thread is closed.", "field": "threadId"}
            ],
        }
    }
    assert Post.objects.count() == 0
    # Advisers may still write in a locked thread (to explain why it is locked).
    result = adviser_client(REPLY, {"id": encode_id("Thread", locked.pk), "body": "Verrouillé."})
    assert result["data"]["replyToThread"]["errors"] == []


def test_reply_bad_input(customer_client: GraphQLClient) -> None:
    thread = ThreadFactory.create()
    result = customer_client(REPLY, {"id": encode_id("Thread", thread.pk), "body": "  "})
    assert result["data"]["replyToThread"] == {
        "post": None,
        "errors": [{"code": "BLANK", "message": "The message must not be empty.", "field": "body"}],
    }
    result = customer_client(REPLY, {"id": encode_id("Thread", 999), "body": "x"})
    assert result["data"]["replyToThread"] == {
        "post": None,
        "errors": [{"code": "NOT_FOUND", "message": "No such thread.", "field": "threadId"}],
    }
    assert Post.objects.count() == 0


def test_hidden_thread_is_not_found(customer_client: GraphQLClient, adviser: Member) -> None:
    thread = ThreadFactory.create(hidden_at=timezone.now(), hidden_by=adviser, hidden_reason="Spam")
    query = "query($id: ID!) { thread(id: $id) { title } threads { totalCount } }"
    assert customer_client(query, {"id": encode_id("Thread", thread.pk)}) == {
        "data": {"thread": None, "threads": {"totalCount": 0}}
    }
    result = customer_client(REPLY, {"id": encode_id("Thread", thread.pk), "body": "x"})
    assert result["data"]["replyToThread"]["errors"][0]["code"] == "NOT_FOUND"
