"""Concurrent votes on PostgreSQL: every stored count equals its vote rows afterwards and
no vote is lost or counted twice. Real threads, real transactions, one connection each."""

from __future__ import annotations

import random
import threading
from collections.abc import Callable

import pytest
from django.db import connection

from models.models import Member, Suggestion, Vote
from resolvers.services.votes import vote_cast, vote_withdraw
from tests.factories import CustomerFactory, SuggestionFactory

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.postgres_only]

THREADS = 50
OPERATIONS = 20


def _run_in_threads(work: list[Callable[[], None]]) -> list[BaseException]:
    barrier = threading.Barrier(len(work))
    failures: list[BaseException] = []

    def run(job: Callable[[], None]) -> None:
        try:
            barrier.wait()
            job()
        except BaseException as exc:  # reported to the test, never swallowed
            failures.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(job,)) for job in work]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert not any(t.is_alive() for t in threads), "a voting thread hung"
    return failures


def test_fifty_threads_vote_and_withdraw_on_the_same_suggestions() -> None:
    suggestions = [SuggestionFactory.create() for _ in range(3)]
    members = CustomerFactory.create_batch(THREADS)
    rng = random.Random(7)
    plans: dict[int, list[tuple[str, int]]] = {
        m.pk: [
            (rng.choice(["vote", "withdraw", "vote"]), rng.choice(suggestions).pk)
            for _ in range(OPERATIONS)
        ]
        for m in members
    }

    def worker(member: Member) -> Callable[[], None]:
        def job() -> None:
            for action, suggestion_id in plans[member.pk]:
                service = vote_cast if action == "vote" else vote_withdraw
                service(member=member, suggestion_id=suggestion_id)

        return job

    assert _run_in_threads([worker(m) for m in members]) == []

    # Each member acts in one thread only, so the final state is known exactly.
    expected: set[tuple[int, int]] = set()
    for member_id, plan in plans.items():
        for action, suggestion_id in plan:
            if action == "vote":
                expected.add((member_id, suggestion_id))
            else:
                expected.discard((member_id, suggestion_id))
    assert set(Vote.objects.values_list("member_id", "suggestion_id")) == expected
    for suggestion in Suggestion.objects.all():
        rows = Vote.objects.filter(suggestion=suggestion).count()
        assert suggestion.vote_count == rows
        assert rows == sum(1 for _, s in expected if s == suggestion.pk)


def test_the_same_vote_sent_fifty_times_at_once_counts_once() -> None:
    suggestion = SuggestionFactory.create()
    member = CustomerFactory.create()
    results: list[bool] = []

    def job() -> None:
        results.append(vote_cast(member=member, suggestion_id=suggestion.pk).changed)

    assert _run_in_threads([job] * THREADS) == []
    assert sorted(results) == [False] * (THREADS - 1) + [True]
    suggestion.refresh_from_db()
    assert suggestion.vote_count == 1
    assert Vote.objects.filter(suggestion=suggestion).count() == 1
