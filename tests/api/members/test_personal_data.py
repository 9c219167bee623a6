"""`Member.personalData`: everything Comptoir holds about a member (GDPR articles 15 and
20), for the member only; tested against a member who did everything."""

from __future__ import annotations

import json
from typing import Any

import pytest

from models.models import (
    Member,
    Notification,
    NotificationPreference,
    Post,
    Suggestion,
    Thread,
    Vote,
)
from tests.factories import CategoryFactory, SuggestionFactory, ThreadFactory
from tests.graphql import GraphQLClient, gid, iso

pytestmark = pytest.mark.django_db

EXPORT = "{ viewer { personalData } }"


def _ok(client: GraphQLClient, query: str, variables: dict[str, Any]) -> dict[str, Any]:
    result = client(query, variables)
    assert "errors" not in result, result
    name = next(iter(result["data"]))
    assert result["data"][name]["errors"] == [], result
    return result["data"][name]


def test_a_member_who_did_everything_gets_it_all(
    customer: Member, other_customer: Member, adviser: Member
) -> None:
    claire = GraphQLClient(customer)
    category = CategoryFactory.create(name="Questions & support")
    thread = _ok(
        claire,
        "mutation($c: ID!) { createThread(input: {categoryId: $c, kind: QUESTION, "
        'title: "Virement bloqué", body: "Mon virement est bloqué."}) '
        "{ thread { id } errors { code } } }",
        {"c": gid(category)},
    )["thread"]
    others_thread = ThreadFactory.create(author=other_customer, title="Carte perdue")
    reply = _ok(
        claire,
        'mutation($t: ID!) { replyToThread(input: {threadId: $t, body: "Moi aussi."}) '
        "{ post { id } errors { code } } }",
        {"t": gid(others_thread)},
    )["post"]
    _ok(
        claire,
        'mutation($p: ID!) { editPost(input: {postId: $p, body: "Moi aussi, depuis lundi."}) '
        "{ post { id } errors { code } } }",
        {"p": reply["id"]},
    )
    _ok(
        claire,
        'mutation { submitSuggestion(input: {title: "Virements instantanés gratuits", '
        'body: "Sans frais."}) { suggestion { id } errors { code } } }',
        {},
    )["suggestion"]
    others_idea = SuggestionFactory.create(author=other_customer, title="Cartes en bois")
    _ok(
        claire,
        "mutation($s: ID!) { voteForSuggestion(input: {suggestionId: $s}) "
        "{ suggestion { id } errors { code } } }",
        {"s": gid(others_idea)},
    )
    _ok(
        claire,
        'mutation($s: ID!) { commentOnSuggestion(input: {suggestionId: $s, body: "Oui !"}) '
        "{ comment { id } errors { code } } }",
        {"s": gid(others_idea)},
    )
    _ok(
        claire,
        "mutation($t: ID!) { followThread(input: {threadId: $t}) "
        "{ thread { id } errors { code } } }",
        {"t": gid(others_thread)},
    )
    _ok(
        claire,
        'mutation($c: ID!) { flagContent(input: {contentId: $c, reason: SPAM, text: "Pub"}) '
        "{ errors { code } } }",
        {"c": gid(others_idea)},
    )
    _ok(
        claire,
        "mutation { setNotificationPreference(input: {kind: THREAD_REPLY, "
        "delivery: DAILY_DIGEST}) { errors { code } } }",
        {},
    )
    _ok(claire, "mutation { setLanguage(input: {language: EN}) { errors { code } } }", {})
    # An adviser's answer: a notification for the question's author.
    _ok(
        GraphQLClient(adviser),
        'mutation($t: ID!) { replyToThread(input: {threadId: $t, body: "Je regarde."}) '
        "{ post { id } errors { code } } }",
        {"t": thread["id"]},
    )

    data = json.loads(claire(EXPORT)["data"]["viewer"]["personalData"])
    member = Member.objects.get(pk=customer.pk)
    own_thread = Thread.objects.get(author=member, suggestion__isnull=True)
    own_idea = Suggestion.objects.get(author=member)
    reply_row, comment_row = Post.objects.filter(author=member).order_by("id")
    vote_row = Vote.objects.get(member=member, suggestion=others_idea)
    note = Notification.objects.get(recipient=member)
    assert data["format"] == "comptoir-personal-data/1"
    assert data["profile"] == {
        "id": member.pk,
        "username": "claire",
        "display_name": "Claire",
        "first_name": "",
        "last_name": "",
        "email": "claire@example.test",
        "customer_number": member.customer_number,
        "role": "CUSTOMER",
        "language": "en",
        "member_since": iso(member.date_joined),
        "last_login": iso(member.last_login),
    }
    assert data["threads"] == [
        {
            "id": own_thread.pk,
            "category": "Questions & support",
            "kind": "QUESTION",
            "status": "ANSWERED",
            "title": "Virement bloqué",
            "body": "Mon virement est bloqué.",
            "created_at": iso(own_thread.created_at),
            "hidden_at": None,
        }
    ]
    assert data["posts"] == [
        {
            "id": reply_row.pk,
            "in": {"type": "Thread", "id": others_thread.pk, "title": "Carte perdue"},
            "body": "Moi aussi, depuis lundi.",
            "is_official": False,
            "is_internal": False,
            "created_at": iso(reply_row.created_at),
            "edited_at": iso(reply_row.edited_at),
            "hidden_at": None,
            "earlier_texts": [
                {"body": "Moi aussi.", "replaced_at": iso(reply_row.revisions.get().created_at)}
            ],
        },
        {
            "id": comment_row.pk,
            "in": {"type": "Suggestion", "id": others_idea.pk, "title": "Cartes en bois"},
            "body": "Oui !",
            "is_official": False,
            "is_internal": False,
            "created_at": iso(comment_row.created_at),
            "edited_at": None,
            "hidden_at": None,
            "earlier_texts": [],
        },
    ]
    assert data["ideas"] == [
        {
            "id": own_idea.pk,
            "title": "Virements instantanés gratuits",
            "body": "Sans frais.",
            "status": "SUBMITTED",
            "created_at": iso(own_idea.created_at),
            "edited_at": None,
            "hidden_at": None,
        }
    ]
    # Their own idea (submitting votes for it) and the other one.
    assert [v["idea"]["title"] for v in data["votes"]] == [
        "Virements instantanés gratuits",
        "Cartes en bois",
    ]
    assert data["votes"][1] == {
        "idea": {"type": "Suggestion", "id": others_idea.pk, "title": "Cartes en bois"},
        "at": iso(vote_row.created_at),
    }
    # Submitting and voting follow the idea; asking a question does not follow it (its
    # author is told of answers anyway).
    assert [(f["of"]["type"], f["of"]["title"]) for f in data["follows"]] == [
        ("Suggestion", "Virements instantanés gratuits"),
        ("Suggestion", "Cartes en bois"),
        ("Thread", "Carte perdue"),
    ]
    assert data["notifications"] == [
        {
            "kind": note.kind,
            "text": data["notifications"][0]["text"],
            "created_at": iso(note.created_at),
            "read_at": None,
            "emailed_at": None,
        }
    ]
    preference = NotificationPreference.objects.get(member=member)
    assert data["email_preferences"] == [
        {"kind": "THREAD_REPLY", "delivery": "DAILY_DIGEST", "since": iso(preference.updated_at)}
    ]
    assert "Virement bloqué" in data["notifications"][0]["text"]
    assert [
        (r["reason"], r["note"], r["about"]["type"], r["resolved_at"])
        for r in data["reports_filed"]
    ] == [("SPAM", "Pub", "Suggestion", None)]


@pytest.mark.parametrize("who", ["anonymous", "other_customer", "adviser"])
def test_nobody_else_reads_it(
    who: str, customer: Member, other_customer: Member, adviser: Member
) -> None:
    viewer = {"anonymous": None, "other_customer": other_customer, "adviser": adviser}[who]
    ThreadFactory.create(author=customer)  # a public profile: she wrote something
    query = "query($id: ID!) { node(id: $id) { ... on Member { personalData } } }"
    result = GraphQLClient(viewer)(query, {"id": gid(customer)})
    assert result == {
        "data": {"node": {"personalData": None}},
        "errors": [
            {
                "message": "You are not allowed to read this field.",
                "locations": [{"line": 1, "column": query.index("personalData") + 1}],
                "path": ["node", "personalData"],
                "extensions": {"code": "FORBIDDEN"},
            }
        ],
    }
