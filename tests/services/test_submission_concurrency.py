"""The same suggestion or thread sent many times at once (a double click, a client that
retries while the first request is still running) is written once, on PostgreSQL: real
threads, real transactions, one connection each. (On SQLite,
`tests/api/core/test_two_workers.py` sends them at once to two server processes.)"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection

from models.models import Follow, Suggestion, Thread, ThreadKind, Vote
from resolvers.services.suggestions import suggestion_submit
from resolvers.services.threads import thread_create
from tests.factories import CategoryFactory, CustomerFactory

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.postgres_only]

AT_ONCE = 12


def _run_at_once(job: Callable[[], Any]) -> list[Any]:
    barrier = threading.Barrier(AT_ONCE)
    results: list[Any] = []
    failures: list[BaseException] = []

    def run() -> None:
        try:
            barrier.wait()
            results.append(job())
        except BaseException as exc:  # reported to the test, never swallowed
            failures.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(AT_ONCE)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert not any(t.is_alive() for t in threads), "a thread hung"
    assert failures == []
    return results


def test_the_same_suggestion_sent_at_once_is_written_once() -> None:
    author = CustomerFactory.create()
    results = _run_at_once(
        lambda: suggestion_submit(author=author, title="Une idée", body="Le  texte.\n")
    )
    assert sorted(r.changed for r in results) == [False] * (AT_ONCE - 1) + [True]
    written = set(Suggestion.objects.values_list("pk", flat=True))
    assert {r.value.pk for r in results} == written
    suggestion = Suggestion.objects.get()
    assert (suggestion.vote_count, Vote.objects.count(), Follow.objects.count()) == (1, 1, 1)


def test_the_same_thread_sent_at_once_is_written_once() -> None:
    author = CustomerFactory.create()
    category = CategoryFactory.create()
    results = _run_at_once(
        lambda: thread_create(
            author=author,
            category_id=category.pk,
            kind=ThreadKind.QUESTION,
            title="Carte bloquée",
            body="Que faire ?",
        )
    )
    assert sorted(r.changed for r in results) == [False] * (AT_ONCE - 1) + [True]
    assert {r.value.pk for r in results} == set(Thread.objects.values_list("pk", flat=True))
    assert Thread.objects.count() == 1


def test_different_suggestions_sent_at_once_are_all_written_within_the_limit(
    settings: Any,
) -> None:
    """Submissions of one member queue on the author's row, and the write limit counts
    them exactly: 12 different ideas at once, a limit of 5, 5 written."""
    author = CustomerFactory.create()
    titles = iter(range(AT_ONCE))
    lock = threading.Lock()

    def job() -> str:
        with lock:
            n = next(titles)
        try:
            suggestion_submit(author=author, title=f"Idée {n}", body="Texte.")
        except Exception as exc:
            return type(exc).__name__
        return "written"

    outcomes = _run_at_once(job)
    assert sorted(outcomes) == ["RateLimited"] * (AT_ONCE - 5) + ["written"] * 5
    assert Suggestion.objects.count() == 5
