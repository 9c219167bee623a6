"""Concurrent café workflow on PostgreSQL: many requests accept, resolve and close the same
question at once; the thread ends in a legal state and nobody is notified twice. Real
threads, real transactions, one connection each."""

from __future__ import annotations

import random
import threading
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection

from models.models import (
    AuditEvent,
    Flag,
    FlagReason,
    Member,
    Notification,
    NotificationKind,
    Thread,
    ThreadStatus,
)
from resolvers.errors import ServiceError
from resolvers.services.moderation import ContentKind, ContentRef, flag_create
from resolvers.services.threads import (
    thread_accept_answer,
    thread_close,
    thread_resolve,
)
from tests.factories import AdviserFactory, CustomerFactory, PostFactory, ThreadFactory

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.postgres_only]

THREADS = 40


def _run_in_threads(work: list[Callable[[], Any]]) -> tuple[list[Any], list[BaseException]]:
    barrier = threading.Barrier(len(work))
    results: list[Any] = []
    failures: list[BaseException] = []

    def run(job: Callable[[], Any]) -> None:
        try:
            barrier.wait()
            results.append(job())
        except ServiceError as exc:
            results.append(exc)
        except BaseException as exc:  # reported to the test, never swallowed
            failures.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(job,)) for job in work]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert not any(t.is_alive() for t in threads), "a worker hung"
    return results, failures


def _question_with_answers() -> tuple[Thread, list[int], list[Member]]:
    author = CustomerFactory.create()
    advisers = AdviserFactory.create_batch(4)
    question = ThreadFactory.create(author=author)
    posts = [
        PostFactory.create(thread=question, author=advisers[i], is_official=True).pk
        for i in range(3)
    ]
    return question, posts, advisers


def _resolutions(question: Thread) -> list[AuditEvent]:
    """Staff events that moved the question into RESOLVED (not a change of answer)."""
    return [
        e
        for e in AuditEvent.objects.filter(target_type="Thread", target_id=str(question.pk))
        if e.action in {"thread.accept_answer", "thread.resolve"}
        and (e.before or {}).get("status") != ThreadStatus.RESOLVED
    ]


def test_advisers_accept_and_resolve_the_same_question_at_once() -> None:
    question, posts, advisers = _question_with_answers()
    rng = random.Random(3)

    def job(i: int) -> Callable[[], Any]:
        actor = advisers[i % len(advisers)]
        if rng.random() < 0.5:
            post_id = rng.choice(posts)
            return lambda: thread_accept_answer(actor=actor, post_id=post_id)
        return lambda: thread_resolve(actor=actor, thread_id=question.pk)

    results, failures = _run_in_threads([job(i) for i in range(THREADS)])
    assert failures == []
    assert not any(isinstance(r, ServiceError) for r in results)
    question.refresh_from_db()
    assert question.status == ThreadStatus.RESOLVED
    assert question.resolved_at is not None
    assert question.accepted_post_id is None or question.accepted_post_id in posts
    # Resolved once, told once; every change that happened was audited once.
    assert len(_resolutions(question)) == 1
    assert list(
        Notification.objects.filter(kind=NotificationKind.QUESTION_RESOLVED).values_list(
            "recipient_id", flat=True
        )
    ) == [question.author_id]
    changed = sum(1 for r in results if r.changed)
    assert AuditEvent.objects.count() == changed


def test_accept_resolve_and_close_race_to_a_legal_state() -> None:
    question, posts, advisers = _question_with_answers()
    author = question.author
    rng = random.Random(11)

    def job(i: int) -> Callable[[], Any]:
        actor = rng.choice([author, *advisers])
        action = rng.choice(["accept", "accept", "resolve", "resolve", "close"])
        if action == "accept":
            post_id = rng.choice(posts)
            return lambda: thread_accept_answer(actor=actor, post_id=post_id)
        if action == "resolve":
            return lambda: thread_resolve(actor=actor, thread_id=question.pk)
        return lambda: thread_close(actor=actor, thread_id=question.pk)

    results, failures = _run_in_threads([job(i) for i in range(THREADS)])
    assert failures == []
    # The only refusal a worker may meet is the thread closed under it.
    assert {e.errors[0].code for e in results if isinstance(e, ServiceError)} <= {"THREAD_CLOSED"}
    question.refresh_from_db()
    assert question.status == ThreadStatus.CLOSED
    assert question.accepted_post_id is None or question.accepted_post_id in posts
    notified = list(
        Notification.objects.filter(kind=NotificationKind.QUESTION_RESOLVED).values_list(
            "recipient_id", flat=True
        )
    )
    # At most one resolution; its author is told once if an adviser resolved it.
    assert len(notified) <= 1
    assert len(notified) == len(_resolutions(question))
    if notified:
        assert question.resolved_at is not None
    assert AuditEvent.objects.filter(action="thread.close").count() <= 1


def test_the_same_flag_sent_at_once_is_recorded_once() -> None:
    post = PostFactory.create()
    reporter = CustomerFactory.create()
    ref = ContentRef(kind=ContentKind.POST, pk=post.pk)
    results, failures = _run_in_threads(
        [lambda: flag_create(reporter=reporter, content=ref, reason=FlagReason.SPAM)] * THREADS
    )
    assert failures == []
    assert sorted(r.changed for r in results) == [False] * (THREADS - 1) + [True]
    assert Flag.objects.count() == 1
