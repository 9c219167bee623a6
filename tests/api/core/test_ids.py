"""IDs a client sends, through /graphql: one decoding path (`schema.core.ids.parse_id`) for every
argument and input field, the same answer on SQLite and PostgreSQL. An ID that is not a row
reference within the database's key range is BAD_USER_INPUT (never INTERNAL), a well-formed
one that finds nothing is null; `nodes` serves the IDs it can beside the malformed ones."""

from __future__ import annotations

import base64

import pytest
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st
from strawberry import relay

from models.models import Follow, Member, Vote
from resolvers.ids import global_id
from resolvers.services.notifications import OfficialAnswer
from schema.core.ids import encode_id, parse_id
from tests.factories import CategoryFactory, PostFactory, SuggestionFactory, ThreadFactory
from tests.graphql import GraphQLClient

pytestmark = pytest.mark.django_db


def _b64(text: str) -> str:
    return base64.b64encode(text.encode()).decode()


# Every way an ID can fail to be a row reference within 1 … 2^63 − 1.
MALFORMED = {
    "20 digits": _b64("Suggestion:99999999999999999999"),
    "2^63": _b64(f"Suggestion:{2**63}"),
    "2^64 + 1": _b64(f"Suggestion:{2**64 + 1}"),
    "zero": _b64("Suggestion:0"),
    "negative": _b64("Suggestion:-1"),
    "fraction": _b64("Suggestion:1.5"),
    "exponent": _b64("Suggestion:1e3"),
    "plus sign": _b64("Suggestion:+1"),
    "space": _b64("Suggestion: 1"),
    "leading zero": _b64("Suggestion:01"),
    "underscore": _b64("Suggestion:1_0"),
    "arabic-indic digit": _b64("Suggestion:١"),
    "no key": _b64("Suggestion:"),
    "no type": _b64(":1"),
    "no colon": _b64("Suggestion1"),
    "type not a name": _b64("Sugg estion:1"),
    "not base64": "%%%",
    "empty": "",
    "unpadded": _b64("Suggestion:12").rstrip("="),
    # "Suggestion:12" is U3VnZ2VzdGlvbjoxMg==; the last 4 bits of "g" are unused.
    "non-canonical padding bits": "U3VnZ2VzdGlvbjoxMh==",
    "whitespace around": " " + _b64("Suggestion:1") + " ",
    "non-ASCII": "Ü" + _b64("Suggestion:1"),
    "bare number": "1",
    "huge bare number": "99999999999999999999",
}


def test_the_canonical_form_is_the_only_one() -> None:
    assert parse_id(encode_id("Suggestion", 1)) == ("Suggestion", 1)
    assert parse_id(encode_id("Suggestion", 2**63 - 1)) == ("Suggestion", 2**63 - 1)
    # The variant whose unused base64 bits differ decodes to the same bytes, and is refused.
    assert base64.b64decode(MALFORMED["non-canonical padding bits"]) == b"Suggestion:12"
    for what, value in MALFORMED.items():
        assert parse_id(value) is None, what


@pytest.mark.parametrize("what", sorted(MALFORMED))
def test_malformed_ids_are_bad_user_input_everywhere(
    what: str, anonymous: GraphQLClient, customer_client: GraphQLClient
) -> None:
    suggestion = SuggestionFactory.create()
    value = MALFORMED[what]
    node = anonymous("query($id: ID!) { node(id: $id) { id } }", {"id": value})
    assert node == {
        "data": {"node": None},
        "errors": [
            {
                "message": "The ID is not valid.",
                "locations": [{"line": 1, "column": 19}],
                "path": ["node"],
                "extensions": {"code": "BAD_USER_INPUT"},
            }
        ],
    }
    one = anonymous("query($id: ID!) { suggestion(id: $id) { id } }", {"id": value})
    assert one["data"] == {"suggestion": None}
    assert [(e["message"], e["extensions"]) for e in one["errors"]] == [
        ("`id` is not a valid Suggestion ID.", {"code": "BAD_USER_INPUT"})
    ]
    vote = customer_client(
        "mutation($id: ID!) { voteForSuggestion(input: {suggestionId: $id}) { "
        "suggestion { id } errors { code } } }",
        {"id": value},
    )
    assert vote["data"] == {"voteForSuggestion": None}
    assert [(e["message"], e["extensions"]) for e in vote["errors"]] == [
        ("`suggestionId` is not a valid Suggestion ID.", {"code": "BAD_USER_INPUT"})
    ]
    assert Vote.objects.filter(suggestion=suggestion).count() == 0


def test_the_largest_key_is_well_formed_and_not_found(anonymous: GraphQLClient) -> None:
    largest = encode_id("Suggestion", 2**63 - 1)
    assert anonymous("query($id: ID!) { node(id: $id) { id } }", {"id": largest}) == {
        "data": {"node": None}
    }
    assert anonymous("query($id: ID!) { suggestion(id: $id) { id } }", {"id": largest}) == {
        "data": {"suggestion": None}
    }


def test_an_id_of_another_type_is_refused_where_a_type_is_expected(
    anonymous: GraphQLClient,
) -> None:
    thread = ThreadFactory.create()
    result = anonymous(
        "query($id: ID!) { suggestion(id: $id) { id } }", {"id": encode_id("Thread", thread.pk)}
    )
    assert result["data"] == {"suggestion": None}
    assert result["errors"][0]["extensions"] == {"code": "BAD_USER_INPUT"}


def test_an_id_sent_as_a_number_literal_is_malformed(anonymous: GraphQLClient) -> None:
    # GraphQL's ID takes an Int literal and makes it the string "99999999999999999999".
    result = anonymous("{ node(id: 99999999999999999999) { id } }")
    assert result["data"] == {"node": None}
    assert result["errors"][0]["extensions"] == {"code": "BAD_USER_INPUT"}


NODES = "query($ids: [ID!]!) { nodes(ids: $ids) { __typename ... on Suggestion { title } } }"


def test_nodes_serves_the_others_beside_a_malformed_id(anonymous: GraphQLClient) -> None:
    a, b = SuggestionFactory.create(title="a"), SuggestionFactory.create(title="b")
    ids = [
        encode_id("Suggestion", a.pk),
        MALFORMED["20 digits"],
        encode_id("Suggestion", 999_999),  # no such row: null, no error
        encode_id("Vault", 1),  # no such type: null, no error
        "%%%",
        encode_id("Suggestion", b.pk),
    ]
    assert anonymous(NODES, {"ids": ids}) == {
        "data": {
            "nodes": [
                {"__typename": "Suggestion", "title": "a"},
                None,
                None,
                None,
                None,
                {"__typename": "Suggestion", "title": "b"},
            ]
        },
        "errors": [
            {
                "message": "The ID is not valid.",
                "locations": [{"line": 1, "column": 23}],
                "path": ["nodes", i],
                "extensions": {"code": "BAD_USER_INPUT"},
            }
            for i in (1, 4)
        ],
    }


@pytest.mark.parametrize("what", sorted(MALFORMED))
def test_nodes_with_only_malformed_ids_keeps_data(what: str, anonymous: GraphQLClient) -> None:
    result = anonymous(NODES, {"ids": [MALFORMED[what]]})
    assert result["data"] == {"nodes": [None]}
    assert [(e["path"], e["extensions"]) for e in result["errors"]] == [
        (["nodes", 0], {"code": "BAD_USER_INPUT"})
    ]


def test_id_lists_and_optional_ids_of_mutations_and_filters(
    customer: Member,
    customer_client: GraphQLClient,
    adviser_client: GraphQLClient,
    anonymous: GraphQLClient,
) -> None:
    huge = _b64("Notification:99999999999999999999")
    answer = PostFactory.create(thread=ThreadFactory.create(author=customer))
    notification = OfficialAnswer.event(post=answer).row(customer.pk, created_at=timezone.now())
    notification.save()
    read = customer_client(
        "mutation($ids: [ID!]) { markNotificationsRead(input: {ids: $ids}) { unreadCount } }",
        {"ids": [encode_id("Notification", notification.pk), huge]},
    )
    assert read["data"] == {"markNotificationsRead": None}
    assert [(e["message"], e["extensions"]) for e in read["errors"]] == [
        ("`ids` is not a valid Notification ID.", {"code": "BAD_USER_INPUT"})
    ]
    notification.refresh_from_db()
    assert notification.read_at is None  # nothing was marked

    CategoryFactory.create()
    threads = anonymous(
        "query($c: ID) { threads(categoryId: $c) { totalCount } }",
        {"c": _b64("Category:99999999999999999999")},
    )
    assert threads["data"] == {"threads": None}
    assert [(e["message"], e["extensions"]) for e in threads["errors"]] == [
        ("`categoryId` is not a valid Category ID.", {"code": "BAD_USER_INPUT"})
    ]

    suggestion = SuggestionFactory.create()
    follow = customer_client(
        "mutation($id: ID!) { followSuggestion(input: {suggestionId: $id}) { errors { code } } }",
        {"id": _b64(f"Suggestion:{2**63}")},
    )
    assert follow["data"] == {"followSuggestion": None}
    assert follow["errors"][0]["extensions"] == {"code": "BAD_USER_INPUT"}
    assert not Follow.objects.filter(suggestion=suggestion).exists()

    flag = customer_client(
        "mutation($id: ID!) { flagContent(input: {contentId: $id, reason: SPAM}) { "
        "errors { code } } }",
        {"id": _b64("Post:99999999999999999999")},
    )
    assert flag["data"] == {"flagContent": None}
    assert [(e["message"], e["extensions"]) for e in flag["errors"]] == [
        ("The ID is not valid.", {"code": "BAD_USER_INPUT"})
    ]

    assign = adviser_client(
        "mutation($t: ID!, $a: ID) { assignThread(input: {threadId: $t, adviserId: $a}) { "
        "errors { code } } }",
        {"t": encode_id("Thread", ThreadFactory.create().pk), "a": _b64("Member:-7")},
    )
    assert assign["data"] == {"assignThread": None}
    assert [(e["message"], e["extensions"]) for e in assign["errors"]] == [
        ("`adviserId` is not a valid Member ID.", {"code": "BAD_USER_INPUT"})
    ]


@given(
    type_name=st.from_regex(r"[_A-Za-z][_0-9A-Za-z]{0,30}", fullmatch=True),
    pk=st.integers(1, 2**63 - 1),
)
def test_ids_written_below_the_schema_are_the_apis(type_name: str, pk: int) -> None:
    # Webhook payloads (resolvers/selectors/partners.py) spell IDs with `global_id`, below
    # the schema: exactly as Strawberry's Relay `GlobalID` writes every `id` field, and read
    # back by the one decoding path.
    written = global_id(type_name, pk)
    assert written == str(relay.GlobalID(type_name, str(pk))) == encode_id(type_name, pk)
    assert parse_id(written) == (type_name, pk)
