from __future__ import annotations

import json
from typing import Any

import pytest
from django.db import connection
from django.test import Client

from models.models import Member

from .factories import PASSWORD, AdviserFactory, ChairFactory, CommitteeFactory, CustomerFactory


def pytest_report_header() -> str:
    from django.conf import settings

    return f"database: {settings.DATABASES['default']['ENGINE']}"


@pytest.fixture(autouse=True)
def _fast_passwords(settings: Any) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def pytest_runtest_setup(item: pytest.Item) -> None:
    if item.get_closest_marker("postgres_only") and connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (row locks and concurrent transactions); SQLite run")


class GraphQLClient:
    """Talks to the real /graphql endpoint over Django's test client."""

    def __init__(self, member: Member | None = None, *, enforce_csrf_checks: bool = False) -> None:
        self.http = Client(enforce_csrf_checks=enforce_csrf_checks)
        self.member = member
        if member is not None:
            self.http.force_login(member)

    def post(self, query: str, variables: dict[str, Any] | None = None, **headers: Any) -> Any:
        body: dict[str, Any] = {"query": query}
        if variables is not None:
            body["variables"] = variables
        return self.http.post(
            "/graphql", data=json.dumps(body), content_type="application/json", **headers
        )

    def __call__(self, query: str, variables: dict[str, Any] | None = None) -> dict[str, Any]:
        response = self.post(query, variables)
        assert response.status_code == 200, response.content
        result: dict[str, Any] = response.json()
        return result


@pytest.fixture
def anonymous(db: None) -> GraphQLClient:
    return GraphQLClient()


@pytest.fixture
def customer(db: None) -> Member:
    return CustomerFactory.create(username="claire", display_name="Claire")


@pytest.fixture
def other_customer(db: None) -> Member:
    return CustomerFactory.create(username="bruno", display_name="Bruno")


@pytest.fixture
def adviser(db: None) -> Member:
    return AdviserFactory.create(username="julien", display_name="Julien (conseiller)")


@pytest.fixture
def committee_member(db: None) -> Member:
    return CommitteeFactory.create(username="sophie", display_name="Sophie (comité)")


@pytest.fixture
def chair(db: None) -> Member:
    return ChairFactory.create(username="helene", display_name="Hélène (présidente)")


@pytest.fixture
def customer_client(customer: Member) -> GraphQLClient:
    return GraphQLClient(customer)


@pytest.fixture
def other_customer_client(other_customer: Member) -> GraphQLClient:
    return GraphQLClient(other_customer)


@pytest.fixture
def adviser_client(adviser: Member) -> GraphQLClient:
    return GraphQLClient(adviser)


@pytest.fixture
def committee_client(committee_member: Member) -> GraphQLClient:
    return GraphQLClient(committee_member)


@pytest.fixture
def chair_client(chair: Member) -> GraphQLClient:
    return GraphQLClient(chair)


__all__ = ["PASSWORD", "GraphQLClient"]
