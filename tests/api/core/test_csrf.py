"""CSRF on cookie sessions, through /graphql: a logged-in POST must echo the CSRF token;
without a session cookie (anonymous reads, the login itself) none is needed; a form-encoded
body, which a cross-site HTML form could send, is refused."""

from __future__ import annotations

import json

import pytest
from django.test import Client

from models.models import Member
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db

LOGIN = (
    "mutation($u: String!, $p: String!) { login(input: {username: $u, password: $p}) { "
    "viewer { displayName role } errors { code message field } } }"
)
VIEWER = "{ viewer { displayName role isCommitteeChair email } }"


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
