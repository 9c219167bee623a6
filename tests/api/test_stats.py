"""communityStats: public figures, counting only what anyone may see."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from models.models import DecisionOutcome, Member, SuggestionStatus, Vote
from tests.conftest import GraphQLClient
from tests.factories import (
    CustomerFactory,
    DecisionFactory,
    PostFactory,
    SuggestionFactory,
    ThreadFactory,
)

pytestmark = pytest.mark.django_db


def test_community_stats(anonymous: GraphQLClient, adviser: Member, chair: Member) -> None:
    long_ago = timezone.now() - timedelta(days=60)
    inactive = CustomerFactory.create()
    active_voter = CustomerFactory.create()
    old_thread = ThreadFactory.create(author=inactive, created_at=long_ago)
    PostFactory.create(thread=old_thread, author=adviser)  # adviser active today
    PostFactory.create(thread=old_thread, author=adviser, is_internal=True)  # never counted
    PostFactory.create(
        thread=old_thread,
        author=inactive,
        created_at=long_ago,
        hidden_at=timezone.now(),
        hidden_by=adviser,
        hidden_reason="Hors sujet",
    )
    retained = SuggestionFactory.create(
        author=inactive, status=SuggestionStatus.RETAINED, created_at=long_ago
    )
    Vote.objects.create(member=active_voter, suggestion=retained)
    rejected = SuggestionFactory.create(
        author=inactive, status=SuggestionStatus.REJECTED, created_at=long_ago
    )
    DecisionFactory.create(suggestion=retained, outcome=DecisionOutcome.RETAINED, recorded_by=chair)
    DecisionFactory.create(
        suggestion=rejected,
        outcome=DecisionOutcome.REJECTED,
        public_rationale="Trop cher.",
        recorded_by=chair,
    )
    # A draft is not a published decision.
    DecisionFactory.create(
        suggestion=SuggestionFactory.create(author=inactive, created_at=long_ago),
        outcome=DecisionOutcome.DEFERRED,
        public_rationale="Plus tard.",
        published_at=None,
        recorded_by=chair,
    )
    result = anonymous(
        "{ communityStats { members activeMembersLast30Days threads posts "
        "suggestionsByStatus { status count } publishedDecisionsByOutcome { outcome count } } }"
    )
    by_status = {s.value: 0 for s in SuggestionStatus}
    by_status.update({"SUBMITTED": 1, "RETAINED": 1, "REJECTED": 1})
    assert result == {
        "data": {
            "communityStats": {
                # inactive, active_voter, adviser, chair
                "members": 4,
                "activeMembersLast30Days": 2,
                "threads": 1,
                "posts": 1,
                "suggestionsByStatus": [
                    {"status": status, "count": count} for status, count in by_status.items()
                ],
                "publishedDecisionsByOutcome": [
                    {"outcome": "RETAINED", "count": 1},
                    {"outcome": "DEFERRED", "count": 0},
                    {"outcome": "REJECTED", "count": 1},
                ],
            }
        }
    }
