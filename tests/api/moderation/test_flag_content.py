"""`flagContent`: a member reports a reply, a thread or a suggestion, once; what may not be
reported writes nothing."""

from __future__ import annotations

from typing import Any

import pytest
from django.utils import timezone

from models.models import Flag, Member, Post, Suggestion, Thread
from schema.core.ids import encode_id
from tests.api.moderation.documents import CONTENT, ERRORS
from tests.factories import PostFactory, SuggestionFactory
from tests.graphql import GraphQLClient, gid, top_level_error

pytestmark = pytest.mark.django_db

FLAG = (
    "mutation($input: FlagContentInput!) { flagContent(input: $input) { "
    f"flag {{ reason text resolvedAt reporter {{ displayName }} {CONTENT} }} {ERRORS} }} }}"
)


def _flag_input(obj: Thread | Post | Suggestion, reason: str = "SPAM", text: str = "") -> Any:
    return {"input": {"contentId": gid(obj), "reason": reason, "text": text}}


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
    assert anonymous(FLAG, _flag_input(spam)) == top_level_error(
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
    assert customer_client(FLAG, member_id) == top_level_error(
        FLAG,
        "flagContent",
        "BAD_USER_INPUT",
        "`contentId` must be the ID of a thread, a post or a suggestion.",
    )
    bad_reason = customer_client(FLAG, _flag_input(spam, "BORING"))
    assert bad_reason["data"] is None
    assert [e["extensions"] for e in bad_reason["errors"]] == [{"code": "BAD_USER_INPUT"}]
    assert Flag.objects.count() == 0
