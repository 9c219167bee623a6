"""login / logout / viewer with Django sessions and CSRF, through /graphql."""

from __future__ import annotations

import json

import pytest
from django.test import Client

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


def test_logout_ends_the_session(customer_client: GraphQLClient) -> None:
    assert customer_client(VIEWER)["data"]["viewer"]["displayName"] == "Claire"
    result = customer_client("mutation { logout(input: {}) { errors { code } } }")
    assert result == {"data": {"logout": {"errors": []}}}
    assert customer_client(VIEWER) == {"data": {"viewer": None}}
    # Twice is harmless.
    assert customer_client("mutation { logout(input: {}) { errors { code } } }") == result


def test_csrf_is_enforced_on_cookie_sessions(customer: Member) -> None:
    http = Client(enforce_csrf_checks=True)
    http.force_login(customer)
    body = json.dumps({"query": VIEWER})
    refused = http.post("/graphql", data=body, content_type="application/json")
    assert refused.status_code == 403
    token = http.get("/auth/csrf/").json()["csrfToken"]
    accepted = http.post(
        "/graphql", data=body, content_type="application/json", HTTP_X_CSRFTOKEN=token
    )
    assert accepted.status_code == 200
    assert accepted.json()["data"]["viewer"]["displayName"] == "Claire"


def test_without_a_session_cookie_no_token_is_needed(customer: Member) -> None:
    # No ambient credentials: anonymous reads and the login itself go through.
    http = Client(enforce_csrf_checks=True)
    body = json.dumps({"query": LOGIN, "variables": {"u": "claire", "p": PASSWORD}})
    response = http.post("/graphql", data=body, content_type="application/json")
    assert response.json()["data"]["login"]["errors"] == []
    # The login set the session and a fresh CSRF cookie, which the next POST must echo.
    token = http.cookies["csrftoken"].value
    query = json.dumps({"query": VIEWER})
    assert http.post("/graphql", data=query, content_type="application/json").status_code == 403
    accepted = http.post(
        "/graphql", data=query, content_type="application/json", HTTP_X_CSRFTOKEN=token
    )
    assert accepted.json()["data"]["viewer"]["displayName"] == "Claire"


def test_only_json_bodies_are_accepted(customer: Member) -> None:
    # A cross-site HTML form cannot send JSON: a form-encoded POST is refused outright.
    http = Client(enforce_csrf_checks=True)
    response = http.post("/graphql", data={"query": VIEWER})
    assert (response.status_code, response.json()["errors"][0]["extensions"]) == (
        415,
        {"code": "BAD_USER_INPUT"},
    )
