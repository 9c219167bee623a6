"""The back office's login page goes through the same throttle as the GraphQL `login` (40
wrong passwords for the staff account, then the right one logs in), says so when it
refuses, and writes every attempt to the audit log."""

from __future__ import annotations

import json
import time
from typing import Any

import pytest
from django.test import Client
from django.utils.html import escape

from models.models import AuditEvent, Member
from tests.factories import PASSWORD, AdviserFactory, CustomerFactory

pytestmark = pytest.mark.django_db

LOGIN = (
    "mutation($u: String!, $p: String!) { login(input: {username: $u, password: $p}) { "
    "viewer { displayName } errors { code message } } }"
)
WRONG = "wrong password"
REFUSED = "Too many failed logins on this account: try again in 15 minutes."
ADDRESS = "203.0.113.7"


@pytest.fixture
def frozen_clock(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    now = [time.time()]
    monkeypatch.setattr(time, "time", lambda: now[0])
    return now


@pytest.fixture
def staffer(db: None) -> Member:
    return AdviserFactory.create(username="staffer", display_name="Sam", is_staff=True)


class BackOffice:
    """A browser at one address, on /admin/login/."""

    def __init__(self, address: str = ADDRESS) -> None:
        self.http = Client(REMOTE_ADDR=address)

    def login(self, username: str, password: str) -> tuple[int, list[str]]:
        """(HTTP status, the form's errors shown on the page)."""
        response = self.http.post(
            "/admin/login/?next=/admin/",
            {"username": username, "password": password, "next": "/admin/"},
        )
        if response.status_code == 302:
            return 302, []
        errors = [str(e) for e in response.context["form"].non_field_errors()]
        for error in errors:
            assert escape(error) in response.content.decode()
        return response.status_code, errors

    @property
    def logged_in(self) -> bool:
        return self.http.get("/admin/").status_code == 200


def _invalid_login() -> list[str]:
    """The admin's own wrong-password message (in the site's language)."""
    return BackOffice("192.0.2.250").login("nobody-at-all", "x")[1]


def graphql_login(username: str, password: str, address: str = ADDRESS) -> dict[str, Any]:
    body = json.dumps({"query": LOGIN, "variables": {"u": username, "p": password}})
    response = Client(REMOTE_ADDR=address).post(
        "/graphql", data=body, content_type="application/json"
    )
    result: dict[str, Any] = response.json()
    return result


GRAPHQL_WRONG = {
    "data": {
        "login": {
            "viewer": None,
            "errors": [
                {"code": "INVALID_CREDENTIALS", "message": "Unknown username or wrong password."}
            ],
        }
    }
}
GRAPHQL_REFUSED = {
    "data": None,
    "errors": [
        {
            "message": REFUSED,
            "locations": [{"line": 1, "column": 38}],
            "path": ["login"],
            "extensions": {"code": "RATE_LIMITED", "retryAfter": 900},
        }
    ],
}


def _failures() -> list[tuple[str, str, Any]]:
    return [
        (e.action, e.target_id, e.after)
        for e in AuditEvent.objects.filter(action="admin.login_failed").order_by("id")
    ]


def test_eleven_wrong_admin_passwords_lock_the_account(
    staffer: Member, frozen_clock: list[float]
) -> None:
    invalid = _invalid_login()
    assert len(invalid) == 1
    office = BackOffice()
    for _ in range(10):
        assert office.login("staffer", WRONG) == (200, invalid)
    # The eleventh is refused, with its own message, and so is the right password after it.
    assert office.login("staffer", WRONG) == (200, [REFUSED])
    assert office.login("staffer", PASSWORD) == (200, [REFUSED])
    assert not office.logged_in
    # Locked exactly as eleven wrong `login` mutations lock it: from anywhere, on any path.
    assert graphql_login("staffer", PASSWORD, "198.51.100.9") == GRAPHQL_REFUSED
    assert BackOffice("198.51.100.9").login("staffer", PASSWORD) == (200, [REFUSED])
    # Until the window ends.
    frozen_clock[0] += 600
    assert office.login("staffer", PASSWORD) == (
        200,
        ["Too many failed logins on this account: try again in 5 minutes."],
    )
    frozen_clock[0] += 300
    assert office.login("staffer", PASSWORD) == (302, [])
    assert office.logged_in


def test_eleven_wrong_login_mutations_lock_the_admin_too(
    staffer: Member, frozen_clock: list[float]
) -> None:
    for _ in range(10):
        assert graphql_login("staffer", WRONG) == GRAPHQL_WRONG
    assert graphql_login("staffer", WRONG) == GRAPHQL_REFUSED
    assert BackOffice().login("staffer", PASSWORD) == (200, [REFUSED])


@pytest.mark.parametrize("last", ["admin", "graphql"])
def test_failures_on_one_path_count_on_the_other(staffer: Member, last: str) -> None:
    office = BackOffice()
    for i in range(10):
        if i % 2:
            assert graphql_login("staffer", WRONG) == GRAPHQL_WRONG
        else:
            assert office.login("staffer", WRONG)[1] != [REFUSED]
    if last == "admin":
        assert office.login("staffer", PASSWORD) == (200, [REFUSED])
    else:
        refused = graphql_login("staffer", PASSWORD)
        assert [e["extensions"]["code"] for e in refused["errors"]] == ["RATE_LIMITED"]


def test_the_address_limit_holds_on_the_admin(db: None, settings: Any) -> None:
    settings.COMPTOIR_LOGIN_FAILURES_PER_ADDRESS = 3
    AdviserFactory.create(username="staffer", is_staff=True)
    office = BackOffice()
    for name in ("a", "b", "c"):
        assert office.login(name, WRONG)[1] == _invalid_login()
    assert office.login("staffer", PASSWORD) == (
        200,
        ["Too many failed logins from this address: try again in 15 minutes."],
    )
    assert BackOffice("203.0.113.8").login("staffer", PASSWORD) == (302, [])


def test_admin_logins_and_failures_are_audited(staffer: Member) -> None:
    office = BackOffice()
    office.login("staffer", "hunter2-typed")
    office.login("hunter2-in-the-username-field", "x")
    office.login("staffer", PASSWORD)
    success = AuditEvent.objects.get(action="admin.login")
    assert (success.actor, success.target_type, success.target_id, success.after) == (
        staffer,
        "Member",
        str(staffer.pk),
        {"address": ADDRESS},
    )
    failed = AuditEvent.objects.filter(action="admin.login_failed").order_by("id")
    invalid = {"reason": "invalid_credentials", "address": ADDRESS}
    assert [(e.actor, e.target_type, e.target_id, e.after, e.before) for e in failed] == [
        (None, "Member", str(staffer.pk), invalid, None),
        # An unknown account: nothing of what was typed is kept.
        (None, "Member", "", invalid, None),
    ]
    # Neither a typed password nor an unknown account's typed name anywhere in the log.
    for event in AuditEvent.objects.all():
        text = json.dumps([event.action, event.target_id, event.before, event.after])
        assert "hunter2" not in text
        assert PASSWORD not in text


def test_refusals_and_other_failures_are_audited_with_their_reason(
    staffer: Member, settings: Any
) -> None:
    invalid = _invalid_login()
    settings.COMPTOIR_LOGIN_FAILURES_PER_ACCOUNT = 1
    customer = CustomerFactory.create(username="claire")
    gone = AdviserFactory.create(username="gone", is_staff=True, is_active=False)
    office = BackOffice()
    # A customer's right password opens no back office (and, being right, clears the count).
    assert office.login("claire", PASSWORD)[1] == invalid
    assert office.login("claire", PASSWORD)[1] == invalid
    assert office.login("gone", PASSWORD)[1] == invalid
    assert office.login("staffer", WRONG)[1] == invalid
    assert office.login("staffer", PASSWORD)[1] == [REFUSED]
    assert _failures()[1:] == [
        ("admin.login_failed", str(customer.pk), {"reason": "not_staff", "address": ADDRESS}),
        ("admin.login_failed", str(customer.pk), {"reason": "not_staff", "address": ADDRESS}),
        ("admin.login_failed", str(gone.pk), {"reason": "invalid_credentials", "address": ADDRESS}),
        (
            "admin.login_failed",
            str(staffer.pk),
            {"reason": "invalid_credentials", "address": ADDRESS},
        ),
        (
            "admin.login_failed",
            str(staffer.pk),
            {"reason": "rate_limited", "address": ADDRESS, "retry_after": 900},
        ),
    ]
    assert not AuditEvent.objects.filter(action="admin.login").exists()


def test_an_empty_form_checks_nothing_and_audits_nothing(staffer: Member) -> None:
    status, _ = BackOffice().login("staffer", "")
    assert status == 200
    assert not AuditEvent.objects.exists()
