"""`login`: a Django session and the viewer it makes; wrong passwords, unknown and inactive
members get one answer."""

from __future__ import annotations

import pytest

from models.models import Member
from tests.factories import PASSWORD
from tests.graphql import GraphQLClient

pytestmark = pytest.mark.django_db

LOGIN = (
    "mutation($u: String!, $p: String!) { login(input: {username: $u, password: $p}) { "
    "viewer { displayName role } errors { code message field } } }"
)
VIEWER = "{ viewer { displayName role isCommitteeChair email } }"


def test_login_sets_a_session_and_viewer_follows(customer: Member) -> None:
    client = GraphQLClient()
    assert client(VIEWER) == {"data": {"viewer": None}}
    result = client(LOGIN, {"u": "claire", "p": PASSWORD})
    assert result == {
        "data": {"login": {"viewer": {"displayName": "Claire", "role": "CUSTOMER"}, "errors": []}}
    }
    assert client(VIEWER) == {
        "data": {
            "viewer": {
                "displayName": "Claire",
                "role": "CUSTOMER",
                "isCommitteeChair": False,
                "email": "claire@example.test",
            }
        }
    }
    session_cookie = client.http.cookies["sessionid"]
    assert session_cookie["httponly"] is True
    assert session_cookie["samesite"] == "Lax"


def test_wrong_password_is_a_payload_error(customer: Member) -> None:
    client = GraphQLClient()
    result = client(LOGIN, {"u": "claire", "p": "wrong"})
    assert result == {
        "data": {
            "login": {
                "viewer": None,
                "errors": [
                    {
                        "code": "INVALID_CREDENTIALS",
                        "message": "Unknown username or wrong password.",
                        "field": None,
                    }
                ],
            }
        }
    }
    assert "sessionid" not in client.http.cookies
    assert client(VIEWER) == {"data": {"viewer": None}}


def test_unknown_user_gets_the_same_answer_as_a_wrong_password(db: None) -> None:
    result = GraphQLClient()(LOGIN, {"u": "nobody", "p": "x"})
    assert result["data"]["login"]["errors"][0]["code"] == "INVALID_CREDENTIALS"


def test_inactive_member_cannot_log_in(customer: Member) -> None:
    customer.is_active = False
    customer.save()
    result = GraphQLClient()(LOGIN, {"u": "claire", "p": PASSWORD})
    assert result["data"]["login"]["viewer"] is None
