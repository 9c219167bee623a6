"""`commentOnSuggestion`: comments open the suggestion's discussion in le Labo's category; a
hidden suggestion takes its discussion and decisions along; a comment notifies the idea's
author and its followers (voting follows), once each, never its own author."""

from __future__ import annotations

from typing import Any

import pytest
from django.utils import timezone

from models.models import (
    Decision,
    DecisionOutcome,
    Member,
    NotificationKind,
    Post,
    Suggestion,
    Thread,
)
from schema.core.ids import encode_id
from tests.factories import AdviserFactory, CategoryFactory, CustomerFactory, SuggestionFactory
from tests.graphql import GraphQLClient, gid, notifications

pytestmark = pytest.mark.django_db


def test_comments_open_the_discussion_in_le_labo(
    customer_client: GraphQLClient, adviser_client: GraphQLClient, adviser: Member
) -> None:
    CategoryFactory.create(name="Le Labo", slug="le-labo", accepts_threads=False)
    suggestion = SuggestionFactory.create(title="Carte virtuelle", body="Pour payer en ligne.")
    comment = (
        "mutation($id: ID!, $body: String!) { commentOnSuggestion(input: {suggestionId: $id, "
        "body: $body}) { comment { body isOfficial } errors { code message field } } }"
    )
    assert customer_client(comment, {"id": gid(suggestion), "body": " Oui ! "}) == {
        "data": {
            "commentOnSuggestion": {"comment": {"body": "Oui !", "isOfficial": False}, "errors": []}
        }
    }
    assert adviser_client(comment, {"id": gid(suggestion), "body": "À l'étude."})["data"][
        "commentOnSuggestion"
    ] == {"comment": {"body": "À l'étude.", "isOfficial": True}, "errors": []}
    assert Thread.objects.count() == 1
    discussion = Thread.objects.get()
    assert (discussion.category.slug, discussion.title, discussion.suggestion_id) == (
        "le-labo",
        "Carte virtuelle",
        suggestion.pk,
    )
    read = customer_client(
        "query($id: ID!) { suggestion(id: $id) { discussion { title } comments(first: 10) { "
        "totalCount edges { node { body author { displayName } } } } } }",
        {"id": gid(suggestion)},
    )
    assert read == {
        "data": {
            "suggestion": {
                "discussion": {"title": "Carte virtuelle"},
                "comments": {
                    "totalCount": 2,
                    "edges": [
                        {"node": {"body": "Oui !", "author": {"displayName": "Claire"}}},
                        {
                            "node": {
                                "body": "À l'étude.",
                                "author": {"displayName": adviser.display_name},
                            }
                        },
                    ],
                },
            }
        }
    }
    blank = customer_client(comment, {"id": gid(suggestion), "body": "  "})
    assert blank["data"]["commentOnSuggestion"] == {
        "comment": None,
        "errors": [{"code": "BLANK", "message": "The message must not be empty.", "field": "body"}],
    }
    assert Post.objects.count() == 2


def test_a_hidden_suggestion_takes_its_discussion_and_decisions_along(
    customer_client: GraphQLClient,
    other_customer_client: GraphQLClient,
    adviser_client: GraphQLClient,
    customer: Member,
    adviser: Member,
    chair: Member,
) -> None:
    labo = CategoryFactory.create(name="Le Labo", slug="le-labo", accepts_threads=False)
    suggestion = SuggestionFactory.create(author=customer, title="Secret XYZZY", body="PLUGH")
    customer_client(
        'mutation($id: ID!) { commentOnSuggestion(input: {suggestionId: $id, body: "Oui"}) '
        "{ errors { code } } }",
        {"id": gid(suggestion)},
    )
    decision = Decision.objects.create(
        suggestion=suggestion,
        outcome=DecisionOutcome.REJECTED,
        public_rationale="PLUGH",
        recorded_by=chair,
        published_at=timezone.now(),
    )
    Suggestion.objects.filter(pk=suggestion.pk).update(
        hidden_at=timezone.now(), hidden_by=adviser, hidden_reason="Données personnelles"
    )
    query = (
        "query($c: ID!, $d: ID!, $p: ID!) { threads(categoryId: $c) { totalCount edges { node "
        "{ title } } } decision: node(id: $d) { id } post: node(id: $p) { id } }"
    )
    variables = {
        "c": encode_id("Category", labo.pk),
        "d": encode_id("Decision", decision.pk),
        "p": encode_id("Post", Post.objects.get().pk),
    }
    nothing = {"data": {"threads": {"totalCount": 0, "edges": []}, "decision": None, "post": None}}
    assert GraphQLClient()(query, variables) == nothing
    assert other_customer_client(query, variables) == nothing
    for client in (customer_client, adviser_client):  # its author and advisers still see it
        result = client(query, variables)["data"]
        assert result["threads"] == {
            "totalCount": 1,
            "edges": [{"node": {"title": "Secret XYZZY"}}],
        }
        assert result["decision"] == {"id": variables["d"]}
        assert result["post"] == {"id": variables["p"]}


COMMENT = (
    "mutation($id: ID!, $body: String!) { commentOnSuggestion(input: {suggestionId: $id, "
    "body: $body}) { comment { body } errors { code } } }"
)
VOTE = "mutation($id: ID!) { voteForSuggestion(input: {suggestionId: $id}) { errors { code } } }"
UNFOLLOW = (
    "mutation($id: ID!) { unfollowSuggestion(input: {suggestionId: $id}) { errors { code } } }"
)


def _gid(suggestion: Suggestion) -> dict[str, str]:
    return {"id": encode_id("Suggestion", suggestion.pk)}


def _comment(client: GraphQLClient, suggestion: Suggestion, body: str) -> None:
    assert client(COMMENT, {**_gid(suggestion), "body": body}) == {
        "data": {"commentOnSuggestion": {"comment": {"body": body}, "errors": []}}
    }


def _told() -> list[tuple[Any, ...]]:
    return sorted(notifications("recipient_id", "kind", "event_key"))


def test_the_author_and_followers_are_told_of_each_comment_once(
    customer: Member, customer_client: GraphQLClient, other_customer_client: GraphQLClient
) -> None:
    idea = SuggestionFactory.create(author=customer, title="Relevés sans papier")
    voter = CustomerFactory.create(display_name="Aline")
    assert GraphQLClient(voter)(VOTE, _gid(idea)) == {"data": {"voteForSuggestion": {"errors": []}}}
    _comment(other_customer_client, idea, "Oui, et les relevés annuels aussi.")
    first = Post.objects.get()
    told = [
        (
            member.pk,
            NotificationKind.SUGGESTION_COMMENT,
            f"post:{first.pk}:comment",
            "Bruno a commenté l'idée « Relevés sans papier ».",
        )
        for member in (customer, voter)
    ]
    # The author (not a follower here) and the voter; never Bruno, who wrote it.
    assert _told() == sorted(told)
    # The author's own comment tells the voter (Bruno, who commented, follows nothing).
    _comment(customer_client, idea, "Merci à vous deux !")
    second = Post.objects.latest("id")
    told.append(
        (
            voter.pk,
            NotificationKind.SUGGESTION_COMMENT,
            f"post:{second.pk}:comment",
            "Claire a commenté l'idée « Relevés sans papier ».",
        )
    )
    assert _told() == sorted(told)
    # Unfollowed: no more for the voter; the author is told whatever they follow.
    assert GraphQLClient(voter)(UNFOLLOW, _gid(idea)) == {
        "data": {"unfollowSuggestion": {"errors": []}}
    }
    _comment(other_customer_client, idea, "Toujours d'accord.")
    third = Post.objects.latest("id")
    told.append(
        (
            customer.pk,
            NotificationKind.SUGGESTION_COMMENT,
            f"post:{third.pk}:comment",
            "Bruno a commenté l'idée « Relevés sans papier ».",
        )
    )
    assert _told() == sorted(told)


def test_an_idea_hidden_by_a_moderator_tells_only_those_who_still_see_it(
    customer: Member, other_customer_client: GraphQLClient
) -> None:
    idea = SuggestionFactory.create(author=customer, title="Relevés sans papier")
    voter = CustomerFactory.create()
    idea.follows.create(member=voter)
    adviser = AdviserFactory.create(display_name="Julien (conseiller)")
    idea.follows.create(member=adviser)
    _comment(other_customer_client, idea, "Première.")
    Suggestion.objects.filter(pk=idea.pk).update(
        hidden_at=idea.created_at, hidden_by=adviser, hidden_reason="Données personnelles"
    )
    # The author still sees the hidden idea and comments: the adviser still sees it too;
    # the voter no longer does and is not told.
    _comment(GraphQLClient(customer), idea, "Je corrige.")
    second = Post.objects.latest("id")
    assert [n[:3] for n in _told() if n[2] == f"post:{second.pk}:comment"] == [
        (adviser.pk, NotificationKind.SUGGESTION_COMMENT, f"post:{second.pk}:comment")
    ]
