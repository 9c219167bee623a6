"""`logout`: the session ends, and a second logout is harmless."""

from __future__ import annotations

import pytest

from tests.graphql import GraphQLClient

pytestmark = pytest.mark.django_db

VIEWER = "{ viewer { displayName role isCommitteeChair email } }"


def test_logout_ends_the_session(customer_client: GraphQLClient) -> None:
    assert customer_client(VIEWER)["data"]["viewer"]["displayName"] == "Claire"
    result = customer_client("mutation { logout(input: {}) { errors { code } } }")
    assert result == {"data": {"logout": {"errors": []}}}
    assert customer_client(VIEWER) == {"data": {"viewer": None}}
    # Twice is harmless.
    assert customer_client("mutation { logout(input: {}) { errors { code } } }") == result
