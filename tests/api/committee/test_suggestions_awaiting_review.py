"""`suggestionsAwaitingReview`: what is waiting for the advisers' triage."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from models.models import SuggestionStatus
from tests.factories import CustomerFactory, SuggestionFactory, add_votes
from tests.graphql import GraphQLClient

pytestmark = pytest.mark.django_db

S = SuggestionStatus


def test_suggestions_awaiting_review(
    adviser_client: GraphQLClient, customer_client: GraphQLClient, settings: Any
) -> None:
    settings.COMPTOIR_REVIEW_THRESHOLD = 3
    now = timezone.now()
    voters = CustomerFactory.create_batch(3)
    for title, status, votes, age in (
        ("récente", S.SUBMITTED, 3, 1),
        ("ancienne", S.UNDER_REVIEW, 3, 30),
        ("peu soutenue", S.SUBMITTED, 2, 40),
        ("déjà au comité", S.SHORTLISTED, 3, 50),
    ):
        add_votes(
            SuggestionFactory.create(
                title=title, status=status, created_at=now - timedelta(days=age)
            ),
            voters[:votes],
        )
    query = "{ suggestionsAwaitingReview { totalCount edges { node { title voteCount } } } }"
    assert adviser_client(query) == {
        "data": {
            "suggestionsAwaitingReview": {
                "totalCount": 2,
                "edges": [
                    {"node": {"title": "ancienne", "voteCount": 3}},
                    {"node": {"title": "récente", "voteCount": 3}},
                ],
            }
        }
    }
    refused = customer_client(query)
    assert refused["data"] == {"suggestionsAwaitingReview": None}
    assert refused["errors"][0]["extensions"] == {"code": "FORBIDDEN"}
