"""Writes are limited per member and kind: new threads, replies, comments,
suggestions and flags, each at its documented limit, through /graphql."""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from django.core.exceptions import ImproperlyConfigured

from config.settings import _env_limit
from models.models import Category, Flag, Member, Post, Suggestion, Thread
from schema.core.ids import encode_id
from tests.factories import CategoryFactory, PostFactory, SuggestionFactory, ThreadFactory
from tests.graphql import GraphQLClient

pytestmark = pytest.mark.django_db


@dataclass(frozen=True)
class Place:
    category: Category
    thread: Thread
    suggestion: Suggestion
    posts: list[Post]


@dataclass(frozen=True)
class Kind:
    name: str
    mutation: str
    input_type: str
    selection: str
    what: str
    limit: int
    variables: Callable[[Place, int], dict[str, Any]]
    rows: Callable[[], int]

    @property
    def document(self) -> str:
        return (
            f"mutation($input: {self.input_type}!) {{ {self.mutation}(input: $input) "
            f"{{ {self.selection} errors {{ code }} }} }}"
        )

    def refused(self, minutes: int) -> dict[str, Any]:
        return {
            "data": {self.mutation: None},
            "errors": [
                {
                    "message": f"Too many {self.what}: at most {self.limit} per hour. "
                    f"Try again in {minutes} minutes.",
                    "locations": [{"line": 1, "column": self.document.index(self.mutation) + 1}],
                    "path": [self.mutation],
                    "extensions": {"code": "RATE_LIMITED", "retryAfter": minutes * 60},
                }
            ],
        }


KINDS = [
    Kind(
        "thread",
        "createThread",
        "CreateThreadInput",
        "thread { title }",
        "new threads",
        10,
        lambda p, i: {
            "categoryId": encode_id("Category", p.category.pk),
            "kind": "DISCUSSION",
            "title": f"Sujet {i}",
            "body": "Qu'en pensez-vous ?",
        },
        lambda: Thread.objects.filter(suggestion__isnull=True).count(),
    ),
    Kind(
        "reply",
        "replyToThread",
        "ReplyToThreadInput",
        "post { body }",
        "replies",
        60,
        lambda p, i: {"threadId": encode_id("Thread", p.thread.pk), "body": f"Réponse {i}"},
        lambda: Post.objects.count(),
    ),
    Kind(
        "comment",
        "commentOnSuggestion",
        "CommentOnSuggestionInput",
        "comment { body }",
        "comments",
        30,
        lambda p, i: {
            "suggestionId": encode_id("Suggestion", p.suggestion.pk),
            "body": f"Commentaire {i}",
        },
        lambda: Post.objects.count(),
    ),
    Kind(
        "suggestion",
        "submitSuggestion",
        "SubmitSuggestionInput",
        "suggestion { title }",
        "suggestions",
        5,
        lambda p, i: {"title": f"Idée {i}", "body": "Ce serait pratique."},
        lambda: Suggestion.objects.count(),
    ),
    Kind(
        "flag",
        "flagContent",
        "FlagContentInput",
        "flag { reason }",
        "reports",
        20,
        lambda p, i: {"contentId": encode_id("Post", p.posts[i].pk), "reason": "SPAM"},
        lambda: Flag.objects.count(),
    ),
]
BY_NAME = {kind.name: kind for kind in KINDS}


@pytest.fixture
def frozen_clock(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    """time.time(), moved by hand: the counters' windows follow it."""
    now = [time.time()]
    monkeypatch.setattr(time, "time", lambda: now[0])
    return now


@pytest.fixture
def place(db: None) -> Place:
    category = CategoryFactory.create(name="Discussions", slug="discussions")
    return Place(
        category=category,
        thread=ThreadFactory.create(category=category),
        suggestion=SuggestionFactory.create(),
        posts=PostFactory.create_batch(25),
    )


def write(client: GraphQLClient, kind: Kind, place: Place, i: int) -> tuple[dict[str, Any], Any]:
    response = client.post(kind.document, {"input": kind.variables(place, i)})
    assert response.status_code == 200, response.content
    return response.json(), response


def test_the_documented_limits() -> None:
    from django.conf import settings

    assert settings.COMPTOIR_WRITE_LIMITS == {
        "thread": (10, 3600),
        "reply": (60, 3600),
        "comment": (30, 3600),
        "suggestion": (5, 3600),
        "flag": (20, 3600),
    }
    assert {kind.name: kind.limit for kind in KINDS} == {
        name: limit for name, (limit, _) in settings.COMPTOIR_WRITE_LIMITS.items()
    }


@pytest.mark.parametrize("kind", KINDS, ids=lambda k: k.name)
def test_each_kind_at_its_limit(
    kind: Kind,
    place: Place,
    customer_client: GraphQLClient,
    other_customer_client: GraphQLClient,
    frozen_clock: list[float],
) -> None:
    for i in range(kind.limit):
        result, _ = write(customer_client, kind, place, i)
        assert result["data"][kind.mutation]["errors"] == [], (i, result)
    before = kind.rows()
    result, response = write(customer_client, kind, place, kind.limit)
    assert result == kind.refused(60)
    assert response["Retry-After"] == "3600"
    assert kind.rows() == before  # nothing written
    # Per member: another one writes on.
    result, _ = write(other_customer_client, kind, place, kind.limit)
    assert result["data"][kind.mutation]["errors"] == []
    # The window runs from the member's first write, and refusals do not extend it.
    frozen_clock[0] += 1800
    assert write(customer_client, kind, place, kind.limit + 1)[0] == kind.refused(30)
    frozen_clock[0] += 1800
    result, _ = write(customer_client, kind, place, kind.limit + 2)
    assert result["data"][kind.mutation]["errors"] == []


def test_kinds_are_limited_each_on_its_own(
    place: Place, customer_client: GraphQLClient, frozen_clock: list[float]
) -> None:
    suggestion = BY_NAME["suggestion"]
    for i in range(suggestion.limit):
        write(customer_client, suggestion, place, i)
    assert write(customer_client, suggestion, place, 99)[0] == suggestion.refused(60)
    for kind in KINDS:
        if kind is not suggestion:
            result, _ = write(customer_client, kind, place, 0)
            assert result["data"][kind.mutation]["errors"] == [], kind.name


def test_refused_and_repeated_writes_use_up_nothing(
    place: Place, customer_client: GraphQLClient
) -> None:
    suggestion = BY_NAME["suggestion"]
    for _ in range(10):
        write(customer_client, suggestion, place, 0)
        response = customer_client.post(
            suggestion.document, {"input": {"title": " ", "body": "Ce serait pratique."}}
        )
        assert response.json()["data"]["submitSuggestion"]["errors"] == [{"code": "BLANK"}]
    # The same idea ten times: one written (nine answered ALREADY_SUBMITTED), four to go.
    assert Suggestion.objects.filter(author__username="claire").count() == 1
    for i in range(1, suggestion.limit):
        result, _ = write(customer_client, suggestion, place, i)
        assert result["data"]["submitSuggestion"]["errors"] == []
    assert write(customer_client, suggestion, place, 99)[0]["errors"][0]["extensions"] == {
        "code": "RATE_LIMITED",
        "retryAfter": 3600,
    }


def test_internal_notes_count_as_replies(
    place: Place, adviser_client: GraphQLClient, settings: Any
) -> None:
    settings.COMPTOIR_WRITE_LIMITS = {**settings.COMPTOIR_WRITE_LIMITS, "reply": (2, 3600)}
    document = (
        "mutation($input: ReplyToThreadInput!) { replyToThread(input: $input) { "
        "post { isInternal } errors { code } } }"
    )
    thread_id = encode_id("Thread", place.thread.pk)
    for internal in (True, False):
        result = adviser_client(
            document, {"input": {"threadId": thread_id, "body": "Note", "isInternal": internal}}
        )
        assert result["data"]["replyToThread"]["errors"] == []
    refused = adviser_client(
        document, {"input": {"threadId": thread_id, "body": "Note", "isInternal": True}}
    )
    assert refused["errors"][0]["extensions"]["code"] == "RATE_LIMITED"
    assert refused["errors"][0]["message"].startswith("Too many replies: at most 2 per hour.")


def test_a_limit_of_another_period_says_so(
    place: Place, customer_client: GraphQLClient, settings: Any
) -> None:
    settings.COMPTOIR_WRITE_LIMITS = {**settings.COMPTOIR_WRITE_LIMITS, "flag": (1, 86400)}
    flag = BY_NAME["flag"]
    write(customer_client, flag, place, 0)
    result, _ = write(customer_client, flag, place, 1)
    assert result["errors"][0]["message"] == (
        "Too many reports: at most 1 per day. Try again in 1440 minutes."
    )


@pytest.mark.parametrize(
    ("value", "limit"),
    [(None, (10, 3600)), ("3/60", (3, 60)), ("1/86400", (1, 86400))],
)
def test_limits_are_read_from_the_environment(
    monkeypatch: pytest.MonkeyPatch, value: str | None, limit: tuple[int, int]
) -> None:
    if value is None:
        monkeypatch.delenv("COMPTOIR_WRITE_LIMIT_THREAD", raising=False)
    else:
        monkeypatch.setenv("COMPTOIR_WRITE_LIMIT_THREAD", value)
    assert _env_limit("COMPTOIR_WRITE_LIMIT_THREAD", "10/3600") == limit


@pytest.mark.parametrize("value", ["10", "10/", "/3600", "0/3600", "10/0", "-1/60", "dix/3600"])
def test_a_malformed_limit_stops_the_start(monkeypatch: pytest.MonkeyPatch, value: str) -> None:
    monkeypatch.setenv("COMPTOIR_WRITE_LIMIT_THREAD", value)
    with pytest.raises(ImproperlyConfigured) as error:
        _env_limit("COMPTOIR_WRITE_LIMIT_THREAD", "10/3600")
    assert str(error.value) == (
        f"COMPTOIR_WRITE_LIMIT_THREAD is <count>/<seconds> with both positive: {value!r}."
    )


def test_the_refusal_is_json_with_a_header(
    place: Place, customer_client: GraphQLClient, settings: Any
) -> None:
    settings.COMPTOIR_WRITE_LIMITS = {**settings.COMPTOIR_WRITE_LIMITS, "thread": (1, 120)}
    thread = BY_NAME["thread"]
    write(customer_client, thread, place, 0)
    response = customer_client.post(thread.document, {"input": thread.variables(place, 1)})
    assert response["Content-Type"] == "application/json"
    assert 119 <= int(response["Retry-After"]) <= 120
    assert json.loads(response.content)["errors"][0]["extensions"]["code"] == "RATE_LIMITED"


def test_members_of_every_role_are_limited(
    place: Place, committee_client: GraphQLClient, committee_member: Member, settings: Any
) -> None:
    settings.COMPTOIR_WRITE_LIMITS = {**settings.COMPTOIR_WRITE_LIMITS, "thread": (1, 3600)}
    thread = BY_NAME["thread"]
    assert write(committee_client, thread, place, 0)[0]["data"]["createThread"]["errors"] == []
    refused, _ = write(committee_client, thread, place, 1)
    assert refused["errors"][0]["extensions"]["code"] == "RATE_LIMITED"
