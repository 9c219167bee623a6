"""Moderation through /graphql: flagContent, the advisers' flag queue, hideContent and
unhideContent, and what hidden content looks like to each viewer."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from models.models import (
    AuditEvent,
    Flag,
    FlagReason,
    Member,
    Notification,
    Post,
    Suggestion,
    Thread,
)
from schema.core.ids import encode_id
from tests.conftest import GraphQLClient, notifications
from tests.factories import (
    AdviserFactory,
    CustomerFactory,
    PostFactory,
    SuggestionFactory,
    ThreadFactory,
)

pytestmark = pytest.mark.django_db

ERRORS = "errors { code message field }"
CONTENT = (
    "content { __typename ... on Thread { title } ... on Post { body } "
    "... on Suggestion { title } }"
)
FLAG = (
    "mutation($input: FlagContentInput!) { flagContent(input: $input) { "
    f"flag {{ reason text resolvedAt reporter {{ displayName }} {CONTENT} }} {ERRORS} }} }}"
)
QUEUE = (
    "query($status: FlagStatus!, $first: Int) { flags(status: $status, first: $first) { "
    "totalCount pageInfo { hasNextPage } edges { node { reason text reporter { displayName } "
    f"{CONTENT} }} }} }} }}"
)
HIDE = (
    "mutation($id: ID!, $reason: String!) { hideContent(input: {contentId: $id, reason: "
    f"$reason}}) {{ {CONTENT} {ERRORS} }} }}"
)
UNHIDE = (
    f"mutation($id: ID!) {{ unhideContent(input: {{contentId: $id}}) {{ {CONTENT} {ERRORS} }} }}"
)
HIDDEN_STATE = (
    "query($id: ID!) { node(id: $id) { ... on Thread { title isHidden hiddenReason } "
    "... on Post { body isHidden hiddenReason } "
    "... on Suggestion { title isHidden hiddenReason } } }"
)


def _gid(obj: Thread | Post | Suggestion | Flag) -> str:
    return encode_id(type(obj).__name__, obj.pk)


def _top_level_error(query: str, name: str, code: str, message: str) -> dict[str, Any]:
    return {
        "data": {name: None},
        "errors": [
            {
                "message": message,
                "locations": [{"line": 1, "column": query.index(name + "(") + 1}],
                "path": [name],
                "extensions": {"code": code},
            }
        ],
    }


def _flag_input(obj: Thread | Post | Suggestion, reason: str = "SPAM", text: str = "") -> Any:
    return {"input": {"contentId": _gid(obj), "reason": reason, "text": text}}


def _audit() -> list[tuple[Any, ...]]:
    return list(
        AuditEvent.objects.order_by("id").values_list(
            "actor_id", "action", "target_type", "target_id", "before", "after"
        )
    )


@pytest.fixture
def thread(customer: Member) -> Thread:
    return ThreadFactory.create(author=customer, title="Frais à l'étranger")


@pytest.fixture
def spam(thread: Thread, other_customer: Member) -> Post:
    return PostFactory.create(thread=thread, author=other_customer, body="Achetez mes cryptos")


# --- flagContent ---------------------------------------------------------------------------


def test_member_flags_a_post_once(
    customer_client: GraphQLClient, customer: Member, spam: Post
) -> None:
    variables = _flag_input(spam, "SPAM", " Publicité ")
    assert customer_client(FLAG, variables) == {
        "data": {
            "flagContent": {
                "flag": {
                    "reason": "SPAM",
                    "text": "Publicité",
                    "resolvedAt": None,
                    "reporter": {"displayName": "Claire"},
                    "content": {"__typename": "Post", "body": "Achetez mes cryptos"},
                },
                "errors": [],
            }
        }
    }
    # A retry (or a second report) writes nothing and returns the open flag.
    assert customer_client(FLAG, _flag_input(spam, "ABUSE")) == {
        "data": {
            "flagContent": {
                "flag": {
                    "reason": "SPAM",
                    "text": "Publicité",
                    "resolvedAt": None,
                    "reporter": {"displayName": "Claire"},
                    "content": {"__typename": "Post", "body": "Achetez mes cryptos"},
                },
                "errors": [
                    {
                        "code": "ALREADY_FLAGGED",
                        "message": "You already reported this; an adviser will look at it.",
                        "field": "contentId",
                    }
                ],
            }
        }
    }
    assert list(Flag.objects.values_list("reporter_id", "post_id", "reason")) == [
        (customer.pk, spam.pk, "SPAM")
    ]


def test_threads_and_suggestions_are_flagged_too(
    other_customer_client: GraphQLClient, adviser_client: GraphQLClient, thread: Thread
) -> None:
    suggestion = SuggestionFactory.create(title="Idée douteuse")
    for obj, content in (
        (thread, {"__typename": "Thread", "title": "Frais à l'étranger"}),
        (suggestion, {"__typename": "Suggestion", "title": "Idée douteuse"}),
    ):
        for client, name in (
            (other_customer_client, "Bruno"),
            (adviser_client, "Julien (conseiller)"),
        ):
            result = client(FLAG, _flag_input(obj, "OFF_TOPIC"))
            assert result == {
                "data": {
                    "flagContent": {
                        "flag": {
                            "reason": "OFF_TOPIC",
                            "text": "",
                            "resolvedAt": None,
                            "reporter": {"displayName": name},
                            "content": content,
                        },
                        "errors": [],
                    }
                }
            }
    assert Flag.objects.count() == 4


def test_flag_refusals_write_nothing(
    anonymous: GraphQLClient,
    customer_client: GraphQLClient,
    adviser: Member,
    other_customer: Member,
    thread: Thread,
    spam: Post,
) -> None:
    assert anonymous(FLAG, _flag_input(spam)) == _top_level_error(
        FLAG, "flagContent", "UNAUTHENTICATED", "Log in to report content."
    )
    note = PostFactory.create(thread=thread, author=adviser, body="Note", is_internal=True)
    hidden = PostFactory.create(
        thread=thread,
        author=other_customer,
        body="Masqué",
        hidden_at=timezone.now(),
        hidden_by=adviser,
        hidden_reason="Spam",
    )
    own_hidden = PostFactory.create(
        thread=thread,
        author=thread.author,
        body="Mon IBAN",
        hidden_at=timezone.now(),
        hidden_by=adviser,
        hidden_reason="Données personnelles",
    )

    def refused(variables: Any, *errors: tuple[str, str, str]) -> None:
        assert customer_client(FLAG, variables) == {
            "data": {
                "flagContent": {
                    "flag": None,
                    "errors": [{"code": c, "message": m, "field": f} for c, m, f in errors],
                }
            }
        }

    # Content the customer cannot see is not found, whatever the reason.
    refused(_flag_input(note), ("NOT_FOUND", "No such reply.", "contentId"))
    refused(_flag_input(hidden), ("NOT_FOUND", "No such reply.", "contentId"))
    refused(
        {"input": {"contentId": encode_id("Suggestion", 999_999), "reason": "SPAM"}},
        ("NOT_FOUND", "No such suggestion.", "contentId"),
    )
    refused(
        _flag_input(own_hidden, "PERSONAL_DATA", "x" * 1001),
        ("TOO_LONG", "The text must be at most 1000 characters.", "text"),
        ("ALREADY_HIDDEN", "This content is already hidden.", "contentId"),
    )
    member_id = {"input": {"contentId": encode_id("Member", adviser.pk), "reason": "SPAM"}}
    assert customer_client(FLAG, member_id) == _top_level_error(
        FLAG,
        "flagContent",
        "BAD_USER_INPUT",
        "`contentId` must be the ID of a thread, a post or a suggestion.",
    )
    bad_reason = customer_client(FLAG, _flag_input(spam, "BORING"))
    assert bad_reason["data"] is None
    assert [e["extensions"] for e in bad_reason["errors"]] == [{"code": "BAD_USER_INPUT"}]
    assert Flag.objects.count() == 0


# --- the flag queue ------------------------------------------------------------------------


def test_advisers_work_the_queue_oldest_first(
    adviser_client: GraphQLClient, customer: Member, thread: Thread, spam: Post
) -> None:
    now = timezone.now()
    suggestion = SuggestionFactory.create(title="Idée")
    anne = CustomerFactory.create(display_name="Anne")
    Flag.objects.create(
        reporter=customer, post=spam, reason=FlagReason.SPAM, created_at=now - timedelta(hours=1)
    )
    Flag.objects.create(
        reporter=anne,
        suggestion=suggestion,
        reason=FlagReason.OTHER,
        text="Déjà proposée",
        created_at=now - timedelta(hours=3),
    )
    Flag.objects.create(
        reporter=anne, thread=thread, reason=FlagReason.ABUSE, created_at=now - timedelta(hours=2)
    )
    Flag.objects.create(
        reporter=customer,
        thread=thread,
        reason=FlagReason.OFF_TOPIC,
        created_at=now - timedelta(days=2),
        resolved_at=now - timedelta(days=1),
        resolved_by=AdviserFactory.create(),
    )
    assert adviser_client(QUEUE, {"status": "OPEN", "first": 2}) == {
        "data": {
            "flags": {
                "totalCount": 3,
                "pageInfo": {"hasNextPage": True},
                "edges": [
                    {
                        "node": {
                            "reason": "OTHER",
                            "text": "Déjà proposée",
                            "reporter": {"displayName": "Anne"},
                            "content": {"__typename": "Suggestion", "title": "Idée"},
                        }
                    },
                    {
                        "node": {
                            "reason": "ABUSE",
                            "text": "",
                            "reporter": {"displayName": "Anne"},
                            "content": {"__typename": "Thread", "title": "Frais à l'étranger"},
                        }
                    },
                ],
            }
        }
    }
    assert adviser_client(QUEUE, {"status": "RESOLVED", "first": 10}) == {
        "data": {
            "flags": {
                "totalCount": 1,
                "pageInfo": {"hasNextPage": False},
                "edges": [
                    {
                        "node": {
                            "reason": "OFF_TOPIC",
                            "text": "",
                            "reporter": {"displayName": "Claire"},
                            "content": {"__typename": "Thread", "title": "Frais à l'étranger"},
                        }
                    }
                ],
            }
        }
    }


@pytest.mark.parametrize("role", ["anonymous", "customer", "committee"])
def test_the_queue_is_for_advisers_only(
    role: str, customer: Member, committee_member: Member, spam: Post
) -> None:
    Flag.objects.create(reporter=customer, post=spam, reason=FlagReason.SPAM)
    client = GraphQLClient({"anonymous": None, "customer": customer}.get(role, committee_member))
    query = "{ flags { totalCount } }"
    assert client(query) == {
        "data": {"flags": None},
        "errors": [
            {
                "message": "You are not allowed to read this field.",
                "locations": [{"line": 1, "column": 3}],
                "path": ["flags"],
                "extensions": {"code": "FORBIDDEN"},
            }
        ],
    }


def test_a_flag_by_id_for_advisers_and_its_reporter(
    adviser_client: GraphQLClient,
    customer_client: GraphQLClient,
    other_customer_client: GraphQLClient,
    customer: Member,
    spam: Post,
) -> None:
    flag = Flag.objects.create(reporter=customer, post=spam, reason=FlagReason.SPAM)
    query = "query($id: ID!) { node(id: $id) { ... on Flag { reason reporter { displayName } } } }"
    expected = {"data": {"node": {"reason": "SPAM", "reporter": {"displayName": "Claire"}}}}
    assert adviser_client(query, {"id": _gid(flag)}) == expected
    assert customer_client(query, {"id": _gid(flag)}) == expected
    assert other_customer_client(query, {"id": _gid(flag)}) == {"data": {"node": None}}


# --- hideContent / unhideContent -----------------------------------------------------------


def test_adviser_hides_a_post(
    adviser_client: GraphQLClient,
    adviser: Member,
    customer: Member,
    other_customer: Member,
    thread: Thread,
    spam: Post,
) -> None:
    flags = [
        Flag.objects.create(reporter=reporter, post=spam, reason=FlagReason.SPAM)
        for reporter in (customer, CustomerFactory.create())
    ]
    Flag.objects.create(reporter=customer, thread=thread, reason=FlagReason.OTHER)
    variables = {"id": _gid(spam), "reason": " Publicité non sollicitée "}
    assert adviser_client(HIDE, variables) == {
        "data": {
            "hideContent": {
                "content": {"__typename": "Post", "body": "Achetez mes cryptos"},
                "errors": [],
            }
        }
    }
    # A retry changes nothing: same reason, no second notification or audit event.
    assert adviser_client(HIDE, {"id": _gid(spam), "reason": "Autre"}) == {
        "data": {
            "hideContent": {
                "content": {"__typename": "Post", "body": "Achetez mes cryptos"},
                "errors": [
                    {
                        "code": "ALREADY_HIDDEN",
                        "message": "This content is already hidden.",
                        "field": "contentId",
                    }
                ],
            }
        }
    }
    spam.refresh_from_db()
    assert (spam.hidden_by_id, spam.hidden_reason) == (adviser.pk, "Publicité non sollicitée")
    assert spam.hidden_at is not None
    hidden_at = spam.hidden_at.isoformat()
    # The open flags on the post are resolved; others stay open.
    assert list(Flag.objects.order_by("pk").values_list("resolved_by_id", flat=True)) == [
        adviser.pk,
        adviser.pk,
        None,
    ]
    assert notifications("recipient_id", "kind", "actor_id", "thread_id", "post_id") == [
        (
            other_customer.pk,
            "CONTENT_HIDDEN",
            adviser.pk,
            spam.thread_id,
            spam.pk,
            "Votre réponse dans « Frais à l'étranger » a été masquée par un conseiller : "
            "Publicité non sollicitée",
        )
    ]
    resolved = {"resolved_at": hidden_at, "resolved_by": adviser.pk}
    assert _audit() == [
        (
            adviser.pk,
            "content.hide",
            "Post",
            str(spam.pk),
            {"hidden_at": None, "hidden_by": None, "hidden_reason": ""},
            {
                "hidden_at": hidden_at,
                "hidden_by": adviser.pk,
                "hidden_reason": "Publicité non sollicitée",
            },
        ),
        (adviser.pk, "flag.resolve", "Flag", str(flags[0].pk), None, resolved),
        (adviser.pk, "flag.resolve", "Flag", str(flags[1].pk), None, resolved),
    ]


def test_hidden_content_is_gone_for_others_and_marked_for_its_author(
    adviser_client: GraphQLClient,
    customer_client: GraphQLClient,
    other_customer_client: GraphQLClient,
    anonymous: GraphQLClient,
    thread: Thread,
    spam: Post,
) -> None:
    adviser_client(HIDE, {"id": _gid(spam), "reason": "Publicité"})
    hidden = {"body": "Achetez mes cryptos", "isHidden": True, "hiddenReason": "Publicité"}
    # Its author (Bruno) and advisers see it, marked hidden, with the reason.
    assert other_customer_client(HIDDEN_STATE, {"id": _gid(spam)}) == {"data": {"node": hidden}}
    assert adviser_client(HIDDEN_STATE, {"id": _gid(spam)}) == {"data": {"node": hidden}}
    # Everyone else: not found, not counted, not listed.
    query = (
        "query($id: ID!, $post: ID!) { node(id: $post) { id } thread(id: $id) { postCount "
        "posts { totalCount edges { node { body } } } } }"
    )
    variables = {"id": _gid(thread), "post": _gid(spam)}
    for client in (customer_client, anonymous):
        assert client(query, variables) == {
            "data": {
                "node": None,
                "thread": {"postCount": 0, "posts": {"totalCount": 0, "edges": []}},
            }
        }
    # A visible row says it is not hidden, to anyone, without error.
    assert anonymous(
        "query($id: ID!) { thread(id: $id) { isHidden hiddenReason } }", {"id": _gid(thread)}
    ) == {"data": {"thread": {"isHidden": False, "hiddenReason": None}}}


@pytest.mark.parametrize("kind", ["Thread", "Suggestion"])
def test_hiding_threads_and_suggestions(
    kind: str,
    adviser_client: GraphQLClient,
    customer_client: GraphQLClient,
    other_customer_client: GraphQLClient,
    adviser: Member,
    customer: Member,
) -> None:
    obj: Thread | Suggestion = (
        ThreadFactory.create(author=customer, title="Hors charte")
        if kind == "Thread"
        else SuggestionFactory.create(author=customer, title="Hors charte")
    )
    result = adviser_client(HIDE, {"id": _gid(obj), "reason": "Hors charte"})
    assert result == {
        "data": {
            "hideContent": {"content": {"__typename": kind, "title": "Hors charte"}, "errors": []}
        }
    }
    assert other_customer_client(HIDDEN_STATE, {"id": _gid(obj)}) == {"data": {"node": None}}
    assert customer_client(HIDDEN_STATE, {"id": _gid(obj)}) == {
        "data": {"node": {"title": "Hors charte", "isHidden": True, "hiddenReason": "Hors charte"}}
    }
    noun = (
        "Votre fil « Hors charte » a été masqué"
        if kind == "Thread"
        else ("Votre idée « Hors charte » a été masquée")
    )
    assert notifications("recipient_id", "kind") == [
        (customer.pk, "CONTENT_HIDDEN", f"{noun} par un conseiller : Hors charte")
    ]
    assert list(AuditEvent.objects.values_list("action", "target_type", "target_id")) == [
        ("content.hide", kind, str(obj.pk))
    ]


def test_hide_refusals_write_nothing(
    adviser_client: GraphQLClient,
    customer_client: GraphQLClient,
    committee_client: GraphQLClient,
    anonymous: GraphQLClient,
    spam: Post,
) -> None:
    variables = {"id": _gid(spam), "reason": "Spam"}
    for client in (customer_client, committee_client):
        assert client(HIDE, variables) == _top_level_error(
            HIDE, "hideContent", "FORBIDDEN", "Only advisers may do this."
        )
    assert anonymous(HIDE, variables) == _top_level_error(
        HIDE, "hideContent", "UNAUTHENTICATED", "You must be logged in."
    )

    def refused(content_id: str, reason: str, *errors: tuple[str, str, str]) -> None:
        assert adviser_client(HIDE, {"id": content_id, "reason": reason}) == {
            "data": {
                "hideContent": {
                    "content": None,
                    "errors": [{"code": c, "message": m, "field": f} for c, m, f in errors],
                }
            }
        }

    refused(_gid(spam), "  ", ("BLANK", "The reason must not be empty.", "reason"))
    refused(
        _gid(spam), "x" * 501, ("TOO_LONG", "The reason must be at most 500 characters.", "reason")
    )
    refused(
        encode_id("Thread", 999_999),
        "",
        ("NOT_FOUND", "No such thread.", "contentId"),
        ("BLANK", "The reason must not be empty.", "reason"),
    )
    spam.refresh_from_db()
    assert (spam.hidden_at, spam.hidden_by_id, spam.hidden_reason) == (None, None, "")
    assert (Notification.objects.count(), AuditEvent.objects.count()) == (0, 0)


def test_adviser_unhides(
    adviser_client: GraphQLClient,
    customer_client: GraphQLClient,
    other_customer_client: GraphQLClient,
    adviser: Member,
    spam: Post,
) -> None:
    assert adviser_client(UNHIDE, {"id": _gid(spam)}) == {
        "data": {
            "unhideContent": {
                "content": {"__typename": "Post", "body": "Achetez mes cryptos"},
                "errors": [
                    {
                        "code": "NOT_HIDDEN",
                        "message": "This content is not hidden.",
                        "field": "contentId",
                    }
                ],
            }
        }
    }
    adviser_client(HIDE, {"id": _gid(spam), "reason": "Spam"})
    spam.refresh_from_db()
    hidden_at = spam.hidden_at.isoformat() if spam.hidden_at else None
    assert customer_client(UNHIDE, {"id": _gid(spam)}) == _top_level_error(
        UNHIDE, "unhideContent", "FORBIDDEN", "Only advisers may do this."
    )
    assert GraphQLClient()(UNHIDE, {"id": _gid(spam)}) == _top_level_error(
        UNHIDE, "unhideContent", "UNAUTHENTICATED", "You must be logged in."
    )
    assert adviser_client(UNHIDE, {"id": _gid(spam)}) == {
        "data": {
            "unhideContent": {
                "content": {"__typename": "Post", "body": "Achetez mes cryptos"},
                "errors": [],
            }
        }
    }
    assert customer_client(HIDDEN_STATE, {"id": _gid(spam)}) == {
        "data": {"node": {"body": "Achetez mes cryptos", "isHidden": False, "hiddenReason": None}}
    }
    assert list(AuditEvent.objects.order_by("id").values_list("action", "before", "after"))[-1] == (
        "content.unhide",
        {"hidden_at": hidden_at, "hidden_by": adviser.pk, "hidden_reason": "Spam"},
        {"hidden_at": None, "hidden_by": None, "hidden_reason": ""},
    )
    # Hiding again is a new event: its author is told again.
    adviser_client(HIDE, {"id": _gid(spam), "reason": "Spam, encore"})
    assert Notification.objects.filter(kind="CONTENT_HIDDEN").count() == 2
