"""`similarSuggestions`: ideas like the title being typed, best first, from three characters on."""

from __future__ import annotations

from typing import Any

import pytest
from django.utils import timezone

from models.models import Member, SuggestionStatus
from tests.factories import CustomerFactory, SuggestionFactory, ThreadFactory, add_votes
from tests.graphql import GraphQLClient

pytestmark = pytest.mark.django_db

ADVERTISING = "Pouvoir désactiver la publicité par courrier"

SIMILAR = (
    "query($title: String!, $first: Int) { similarSuggestions(title: $title, first: $first) "
    "{ title status } }"
)


@pytest.fixture
def ideas(adviser: Member) -> None:
    advertising = SuggestionFactory.create(title=ADVERTISING)
    add_votes(advertising, CustomerFactory.create_batch(3))
    SuggestionFactory.create(title="Recevoir mes relevés par courrier", body="Sur papier.")
    SuggestionFactory.create(
        title="Moins de publicité papier",
        status=SuggestionStatus.DUPLICATE,
        duplicate_of=advertising,
    )
    SuggestionFactory.create(
        title="Stop à la publicité par courrier",
        hidden_at=timezone.now(),
        hidden_by=adviser,
        hidden_reason="Doublon injurieux",
    )
    SuggestionFactory.create(title="Épargne automatique", body="Un virement chaque mois.")
    ThreadFactory.create(title="La publicité par courrier", body="Encore un courrier.")


@pytest.mark.usefixtures("ideas")
def test_similar_suggestions_share_two_words(customer_client: GraphQLClient) -> None:
    # Duplicates, hidden suggestions and threads are left out, and so is the suggestion
    # sharing a single word ("courrier").
    assert customer_client(SIMILAR, {"title": "La publicité par courrier"}) == {
        "data": {"similarSuggestions": [{"title": ADVERTISING, "status": "SUBMITTED"}]}
    }
    assert customer_client(SIMILAR, {"title": "Épargne pour les enfants"}) == {
        "data": {"similarSuggestions": []}
    }


@pytest.mark.usefixtures("ideas")
def test_similar_suggestions_best_first(customer_client: GraphQLClient) -> None:
    SuggestionFactory.create(title="Relevés papier", body="Par courrier, une fois par mois.")
    # Shared words count 2 in a title and 1 in a body: two in the title (4 points, the tie
    # going to the most voted) before one in the title and one in the body (3).
    title = "Relevés de compte et publicité par courrier"
    assert customer_client(SIMILAR, {"title": title}) == {
        "data": {
            "similarSuggestions": [
                {"title": ADVERTISING, "status": "SUBMITTED"},
                {"title": "Recevoir mes relevés par courrier", "status": "SUBMITTED"},
                {"title": "Relevés papier", "status": "SUBMITTED"},
            ]
        }
    }
    assert customer_client(SIMILAR, {"title": title, "first": 1}) == {
        "data": {"similarSuggestions": [{"title": ADVERTISING, "status": "SUBMITTED"}]}
    }


@pytest.mark.usefixtures("ideas")
def test_similar_suggestions_one_word_title_ties_go_to_the_most_voted(
    anonymous: GraphQLClient,
) -> None:
    assert anonymous(SIMILAR, {"title": "courrier"}) == {
        "data": {
            "similarSuggestions": [
                {"title": ADVERTISING, "status": "SUBMITTED"},
                {"title": "Recevoir mes relevés par courrier", "status": "SUBMITTED"},
            ]
        }
    }


@pytest.mark.usefixtures("ideas")
@pytest.mark.parametrize("title", ["", "  ", "pu", " pu "])
def test_similar_suggestions_wait_for_three_characters(
    anonymous: GraphQLClient, title: str
) -> None:
    assert anonymous(SIMILAR, {"title": title}) == {"data": {"similarSuggestions": []}}


@pytest.mark.usefixtures("ideas")
def test_similar_suggestions_find_nothing_unrelated(anonymous: GraphQLClient) -> None:
    assert anonymous(SIMILAR, {"title": "Carte sans contact"}) == {
        "data": {"similarSuggestions": []}
    }


@pytest.mark.parametrize(
    ("variables", "message"),
    [
        ({"title": "x" * 201}, "`title` must be at most 200 characters."),
        ({"title": "courrier", "first": 101}, "`first` must be between 0 and 100."),
    ],
)
def test_similar_suggestions_bad_input(
    anonymous: GraphQLClient, variables: dict[str, Any], message: str
) -> None:
    assert anonymous(SIMILAR, variables) == {
        "data": {"similarSuggestions": None},
        "errors": [
            {
                "message": message,
                "locations": [{"line": 1, "column": SIMILAR.index("similarSuggestions(") + 1}],
                "path": ["similarSuggestions"],
                "extensions": {"code": "BAD_USER_INPUT"},
            }
        ],
    }
