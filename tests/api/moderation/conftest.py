"""Fixtures of the moderation tests: a customer's thread and another customer's spam in it."""

from __future__ import annotations

import pytest

from models.models import Member, Post, Thread
from tests.factories import PostFactory, ThreadFactory


@pytest.fixture
def thread(customer: Member) -> Thread:
    return ThreadFactory.create(author=customer, title="Frais à l'étranger")


@pytest.fixture
def spam(thread: Thread, other_customer: Member) -> Post:
    return PostFactory.create(thread=thread, author=other_customer, body="Achetez mes cryptos")
