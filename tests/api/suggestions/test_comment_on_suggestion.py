"""commentOnSuggestion through /graphql: a comment notifies the idea's author and its
followers (voting follows), once each, never its own author."""

from __future__ import annotations

from typing import Any

import pytest

from models.models import Member, NotificationKind, Post, Suggestion
from schema.core.ids import encode_id
from tests.conftest import GraphQLClient, notifications
from tests.factories import AdviserFactory, CustomerFactory, SuggestionFactory

pytestmark = pytest.mark.django_db

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
