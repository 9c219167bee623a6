"""Fixtures of the back office's tests: a superuser, and a client logged in as them."""

from __future__ import annotations

import pytest
from django.test import Client

from models.models import Member
from tests.factories import AdviserFactory


@pytest.fixture
def superuser(db: None) -> Member:
    return AdviserFactory.create(username="admin", is_staff=True, is_superuser=True)


@pytest.fixture
def back_office(superuser: Member) -> Client:
    client = Client()
    client.force_login(superuser)
    return client
