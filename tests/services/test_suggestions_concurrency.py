"""Concurrent decisions, merges and votes on PostgreSQL: counts stay exact, statuses stay
legal, nobody is notified twice."""

from __future__ import annotations

import random
from collections.abc import Callable

import pytest
from django.db.models import Count

from models.models import (
    Decision,
    DecisionOutcome,
    Member,
    Notification,
    StatusChange,
    Suggestion,
    SuggestionStatus,
    Vote,
)
from resolvers.errors import ServiceError
from resolvers.services.committee import decision_publish
from resolvers.services.suggestions import suggestion_mark_duplicate
from resolvers.services.votes import vote_cast, vote_withdraw
from tests.factories import (
    AdviserFactory,
    ChairFactory,
    CustomerFactory,
    SuggestionFactory,
    add_votes,
)
from tests.services.test_votes_concurrency import _run_in_threads

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.postgres_only]


def _counts_are_exact() -> None:
    rows = dict(
        Vote.objects.values("suggestion_id")
        .annotate(n=Count("id"))
        .values_list("suggestion_id", "n")
    )
    for pk, stored in Suggestion.objects.values_list("pk", "vote_count"):
        assert stored == rows.get(pk, 0), pk


def test_one_draft_published_by_twenty_calls_at_once() -> None:
    chair = ChairFactory.create()
    suggestion = SuggestionFactory.create(status=SuggestionStatus.SHORTLISTED)
    add_votes(suggestion, CustomerFactory.create_batch(5))
    draft = Decision.objects.create(
        suggestion=suggestion,
        outcome=DecisionOutcome.REJECTED,
        public_rationale="Trop cher.",
        recorded_by=chair,
    )
    outcomes: list[str] = []

    def publish() -> None:
        try:
            decision_publish(chair=chair, decision_id=draft.pk)
            outcomes.append("published")
        except ServiceError as exc:
            outcomes.append(exc.errors[0].code)

    assert _run_in_threads([publish] * 20) == []
    assert sorted(outcomes) == ["ALREADY_PUBLISHED"] * 19 + ["published"]
    suggestion.refresh_from_db()
    assert suggestion.status == SuggestionStatus.REJECTED
    assert StatusChange.objects.count() == 1
    assert Notification.objects.count() == 5


def test_votes_racing_a_rejection_and_a_merge() -> None:
    """Customers vote and withdraw on three suggestions while one is rejected and another
    merged into the third: whatever the interleaving, every count equals its rows, no vote
    lands on a closed suggestion, and each status is where exactly one move put it."""
    chair = ChairFactory.create()
    adviser = AdviserFactory.create()
    rejected = SuggestionFactory.create(status=SuggestionStatus.SHORTLISTED)
    duplicate = SuggestionFactory.create(status=SuggestionStatus.UNDER_REVIEW)
    original = SuggestionFactory.create()
    customers = CustomerFactory.create_batch(40)
    add_votes(duplicate, customers[:10])
    add_votes(original, customers[5:15])
    draft = Decision.objects.create(
        suggestion=rejected,
        outcome=DecisionOutcome.REJECTED,
        public_rationale="Non.",
        recorded_by=chair,
    )
    rng = random.Random(11)
    targets = [rejected.pk, duplicate.pk, original.pk]

    def voter(member: Member) -> Callable[[], None]:
        plan = [(rng.random() < 0.7, rng.choice(targets)) for _ in range(15)]

        def job() -> None:
            for cast, suggestion_id in plan:
                try:
                    (vote_cast if cast else vote_withdraw)(
                        member=member, suggestion_id=suggestion_id
                    )
                except ServiceError as exc:
                    assert exc.errors[0].code == "VOTING_CLOSED"

        return job

    def reject() -> None:
        decision_publish(chair=chair, decision_id=draft.pk)

    def merge() -> None:
        suggestion_mark_duplicate(
            actor=adviser, suggestion_id=duplicate.pk, original_id=original.pk
        )

    jobs = [voter(m) for m in customers] + [reject, merge]
    assert _run_in_threads(jobs) == []
    _counts_are_exact()
    statuses = dict(Suggestion.objects.values_list("pk", "status"))
    assert statuses == {
        rejected.pk: SuggestionStatus.REJECTED,
        duplicate.pk: SuggestionStatus.DUPLICATE,
        original.pk: SuggestionStatus.SUBMITTED,
    }
    assert not Vote.objects.filter(suggestion=duplicate).exists()
    # Each member counts at most once on the original (the unique constraint holds).
    per_member = (
        Vote.objects.filter(suggestion=original).values("member_id").annotate(n=Count("id"))
    )
    assert {row["n"] for row in per_member} <= {1}
