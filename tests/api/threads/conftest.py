"""Fixtures of the threads' tests: categories, and a customer's question with an adviser's
answer."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from models.models import (
    Category,
    Member,
    Post,
    Thread,
    ThreadKind,
    ThreadStatus,
)
from tests.factories import (
    CategoryFactory,
    PostFactory,
    ThreadFactory,
)


@pytest.fixture
def support(db: None) -> Category:
    return CategoryFactory.create(name="Questions & support", slug="questions-support", position=1)


@pytest.fixture
def labo(db: None) -> Category:
    return CategoryFactory.create(name="Le Labo", slug="le-labo", position=3, accepts_threads=False)


@pytest.fixture
def question(customer: Member) -> Thread:
    return ThreadFactory.create(author=customer, title="Carte bloquée", kind=ThreadKind.QUESTION)


@pytest.fixture
def answer(question: Thread, adviser: Member) -> Post:
    """An adviser's official reply, which answered the question."""
    now = timezone.now() - timedelta(hours=1)
    Thread.objects.filter(pk=question.pk).update(
        status=ThreadStatus.ANSWERED, first_response_at=now
    )
    question.refresh_from_db()
    return PostFactory.create(
        thread=question, author=adviser, body="Débloquée.", is_official=True, created_at=now
    )
