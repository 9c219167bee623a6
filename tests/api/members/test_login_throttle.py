"""Brute force on `login`: failed logins limited per account and per client address, one
`login` per request."""

from __future__ import annotations

import json
import time
from typing import Any

import pytest
from django.test import Client

from models.models import Member
from tests.factories import PASSWORD, CustomerFactory
from tests.graphql import GraphQLClient

pytestmark = pytest.mark.django_db

LOGIN = (
    "mutation($u: String!, $p: String!) { login(input: {username: $u, password: $p}) { "
    "viewer { displayName } errors { code message } } }"
)
VIEWER = "{ viewer { displayName } }"
WRONG = {
    "data": {
        "login": {
            "viewer": None,
            "errors": [
                {"code": "INVALID_CREDENTIALS", "message": "Unknown username or wrong password."}
            ],
        }
    }
}
WELCOME = {"data": {"login": {"viewer": {"displayName": "Claire"}, "errors": []}}}


def _refused(what: str, minutes: int, retry_after: int) -> dict[str, Any]:
    return {
        "data": None,
        "errors": [
            {
                "message": f"Too many failed logins {what}: try again in {minutes} minutes.",
                "locations": [{"line": 1, "column": 38}],
                "path": ["login"],
                "extensions": {"code": "RATE_LIMITED", "retryAfter": retry_after},
            }
        ],
    }


ACCOUNT_REFUSED = _refused("on this account", 15, 900)


class Browser:
    """A client at one address (REMOTE_ADDR), logging in through /graphql."""

    def __init__(self, address: str = "203.0.113.7") -> None:
        self.http = Client(REMOTE_ADDR=address)

    def login(self, username: str, password: str) -> tuple[dict[str, Any], Any]:
        body = json.dumps({"query": LOGIN, "variables": {"u": username, "p": password}})
        response = self.http.post("/graphql", data=body, content_type="application/json")
        assert response.status_code == 200, response.content
        return response.json(), response

    def __call__(self, username: str, password: str) -> dict[str, Any]:
        return self.login(username, password)[0]


@pytest.fixture
def frozen_clock(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    """time.time(), moved by hand: the counters' windows follow it."""
    now = [time.time()]
    monkeypatch.setattr(time, "time", lambda: now[0])
    return now


def test_the_documented_limits() -> None:
    from django.conf import settings

    assert (
        settings.COMPTOIR_LOGIN_FAILURES_PER_ACCOUNT,
        settings.COMPTOIR_LOGIN_FAILURES_PER_ADDRESS,
        settings.COMPTOIR_LOGIN_FAILURE_WINDOW,
    ) == (10, 50, 900)


def test_eleven_failed_logins_in_a_row_the_eleventh_is_refused(
    customer: Member, frozen_clock: list[float]
) -> None:
    browser = Browser()
    for _ in range(10):
        assert browser("claire", "wrong") == WRONG
    result, response = browser.login("claire", "wrong")
    assert result == ACCOUNT_REFUSED
    assert response["Retry-After"] == "900"
    # Refused before the password is checked: the right one is refused just the same.
    assert browser("claire", PASSWORD) == ACCOUNT_REFUSED
    assert "sessionid" not in browser.http.cookies
    # From anywhere: the limit is the account's, not the address's.
    assert Browser("198.51.100.20")("claire", PASSWORD) == ACCOUNT_REFUSED
    # Five minutes later, five minutes less to wait.
    frozen_clock[0] += 300
    assert browser("claire", PASSWORD) == _refused("on this account", 10, 600)
    # Once the window is over, the right password goes through again.
    frozen_clock[0] += 601
    assert browser("claire", PASSWORD) == WELCOME


def test_the_password_is_not_checked_once_over_the_limit(
    customer: Member, monkeypatch: pytest.MonkeyPatch
) -> None:
    checked: list[str] = []
    real = Member.check_password

    def spy(member: Member, raw_password: str) -> bool:
        checked.append(member.username)
        return real(member, raw_password)

    monkeypatch.setattr(Member, "check_password", spy)
    browser = Browser()
    for _ in range(12):
        browser("claire", "wrong")
    assert len(checked) == 10


def test_eleven_logins_as_aliases_are_refused_as_a_whole(customer: Member) -> None:
    aliases = " ".join(
        f'a{i}: login(input: {{username: "claire", password: "guess{i}"}}) {{ errors {{ code }} }}'
        for i in range(10)
    )
    document = (
        "mutation { "
        + aliases
        + f' a10: login(input: {{username: "claire", password: "{PASSWORD}"}}) '
        "{ viewer { displayName } errors { code } } }"
    )
    client = GraphQLClient()
    assert client(document) == {
        "data": None,
        "errors": [
            {
                "message": "One login per request: send each `login` in its own request.",
                "locations": [{"line": 1, "column": 91}],
                "extensions": {"code": "RATE_LIMITED"},
            }
        ],
    }
    # Nothing ran: no session, and no attempt was counted against the account.
    assert "sessionid" not in client.http.cookies
    assert client(VIEWER) == {"data": {"viewer": None}}
    browser = Browser()
    for _ in range(10):
        assert browser("claire", "wrong") == WRONG
    assert browser("claire", "wrong") == ACCOUNT_REFUSED


@pytest.mark.parametrize(
    "document",
    [
        # Two aliases: as many guesses as fields.
        'mutation { a: login(input: {username: "claire", password: "x"}) { errors { code } } '
        'b: login(input: {username: "claire", password: "y"}) { errors { code } } }',
        # Through fragments.
        "mutation { ...A ...B } "
        'fragment A on Mutation { a: login(input: {username: "c", password: "x"}) { __typename } '
        '} fragment B on Mutation { b: login(input: {username: "c", password: "y"}) { __typename '
        "} }",
        # One per operation, only one of which runs: refused all the same.
        'mutation One { login(input: {username: "c", password: "x"}) { __typename } } '
        'mutation Two { login(input: {username: "c", password: "y"}) { __typename } }',
    ],
    ids=["aliases", "fragments", "operations"],
)
def test_one_login_per_request(anonymous: GraphQLClient, document: str) -> None:
    body: dict[str, Any] = {"query": document}
    if "mutation One" in document:
        body["operationName"] = "One"
    response = anonymous.http.post(
        "/graphql", data=json.dumps(body), content_type="application/json"
    )
    result = response.json()
    assert result["data"] is None
    assert [e["extensions"] for e in result["errors"]] == [{"code": "RATE_LIMITED"}]


def test_a_single_aliased_login_is_fine(customer: Member) -> None:
    document = (
        'mutation { me: login(input: {username: "claire", password: "'
        + PASSWORD
        + '"}) { viewer { displayName } } }'
    )
    assert GraphQLClient()(document) == {"data": {"me": {"viewer": {"displayName": "Claire"}}}}


def test_the_account_is_the_username_whatever_its_case(customer: Member) -> None:
    browser = Browser()
    for username in ["claire", "Claire", "CLAIRE", "cLaIrE", "claire"] * 2:
        assert browser(username, "wrong") == WRONG
    assert browser("Claire", PASSWORD) == ACCOUNT_REFUSED


def test_unknown_usernames_are_limited_alike(db: None) -> None:
    browser = Browser()
    for _ in range(10):
        assert browser("nobody", "wrong") == WRONG
    assert browser("NoBody", "wrong") == ACCOUNT_REFUSED


def test_a_success_clears_the_account(customer: Member) -> None:
    browser = Browser()
    for _ in range(9):
        assert browser("claire", "wrong") == WRONG
    assert browser("claire", PASSWORD) == WELCOME
    # A fresh count: ten more failures before a refusal.
    other = Browser("198.51.100.20")
    for _ in range(10):
        assert other("claire", "wrong") == WRONG
    assert other("claire", "wrong") == ACCOUNT_REFUSED


def test_failures_are_limited_per_address(db: None, settings: Any) -> None:
    settings.COMPTOIR_LOGIN_FAILURES_PER_ADDRESS = 5
    CustomerFactory.create(username="claire", display_name="Claire")
    browser = Browser("203.0.113.7")
    # A password sprayed over many accounts, one try each.
    for i in range(5):
        assert browser(f"member{i}", "Printemps2026!") == WRONG
    refused = _refused("from this address", 15, 900)
    assert browser("claire", PASSWORD) == refused
    # Other addresses are not concerned, nor is the account itself.
    assert Browser("203.0.113.8")("claire", PASSWORD) == WELCOME


def test_successes_do_not_count_against_the_address(db: None, settings: Any) -> None:
    settings.COMPTOIR_LOGIN_FAILURES_PER_ADDRESS = 3
    # An office behind one address: many members log in, a few mistype.
    members = [CustomerFactory.create(username=f"office{i}") for i in range(6)]
    browser = Browser("192.0.2.44")
    for member in members:
        assert browser(member.username, PASSWORD)["data"]["login"]["errors"] == []
    assert browser("office0", "typo") == WRONG
    assert browser("office1", "typo") == WRONG
    assert browser("office2", PASSWORD)["data"]["login"]["errors"] == []
    assert browser("office3", "typo") == WRONG
    assert browser("office4", PASSWORD)["errors"][0]["extensions"]["code"] == "RATE_LIMITED"


def test_ipv6_clients_are_counted_per_64(db: None, settings: Any) -> None:
    settings.COMPTOIR_LOGIN_FAILURES_PER_ADDRESS = 2
    assert Browser("2001:db8:1:2::1")("a", "x") == WRONG
    assert Browser("2001:db8:1:2:ffff::9")("b", "x") == WRONG
    refused = Browser("2001:db8:1:2:abcd::3")("c", "x")
    assert refused["errors"][0]["extensions"]["code"] == "RATE_LIMITED"
    assert Browser("2001:db8:1:3::1")("d", "x") == WRONG
