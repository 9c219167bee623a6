"""`commentOnSuggestion`: comments open the suggestion's discussion in le Labo's category; a
hidden suggestion takes its discussion and decisions along."""

from __future__ import annotations

import pytest
from django.utils import timezone

from models.models import Decision, DecisionOutcome, Member, Post, Suggestion, Thread
from schema.core.ids import encode_id
from tests.factories import CategoryFactory, SuggestionFactory
from tests.graphql import GraphQLClient, gid

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
