"""/graphql over WebSocket (graphql-transport-ws) as served, against a real server
(tests/live.py, `live_site`): who may open a connection (Host, Origin), the session cookie,
the protocol's rules, subscriptions only, trusted documents, malformed input, and the
limits per connection and per member. The areas' subscriptions are tested in their own
folders (tests/api/threads, suggestions, notifications, partners)."""

from __future__ import annotations

import base64
import json
import os
import socket
import time
from typing import Any

import pytest
from django.contrib.sessions.models import Session
from websockets.exceptions import InvalidStatus

from models.models import Member, Role
from tests.factories import CustomerFactory, SuggestionFactory
from tests.graphql import GraphQLClient, gid
from tests.live import Closed, LiveClient, Server, environment, session_cookie, uvicorn
from web.queries import document_ids

pytestmark = pytest.mark.django_db(transaction=True)

VOTES = "subscription($id: ID!) {\n  suggestionUpdated(id: $id) {\n    voteCount\n  }\n}"
WHO = "subscription {\n  viewerNotifications {\n    unreadCount\n  }\n}"


def _error(id: str, message: str, code: str, located: bool = True) -> dict[str, Any]:
    error: dict[str, Any] = {"message": message}
    if located:
        error["locations"] = [{"line": 2, "column": 3}]
        error["path"] = ["suggestionUpdated"]
    error["extensions"] = {"code": code}
    return {"id": id, "type": "error", "payload": [error]}


def _votes(id: str, count: int) -> dict[str, Any]:
    return {
        "id": id,
        "type": "next",
        "payload": {"data": {"suggestionUpdated": {"voteCount": count}}},
    }


def _handshake_status(server: Server, host: str) -> str:
    """The status line the server answers a WebSocket handshake sent with this Host."""
    key = base64.b64encode(os.urandom(16)).decode()
    request = (
        f"GET /graphql HTTP/1.1\r\nHost: {host}\r\nUpgrade: websocket\r\n"
        f"Connection: Upgrade\r\nSec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n"
        "Sec-WebSocket-Protocol: graphql-transport-ws\r\n\r\n"
    )
    with socket.create_connection(("127.0.0.1", server.port), timeout=10) as sock:
        sock.sendall(request.encode())
        return sock.recv(4096).decode("latin-1").split("\r\n", 1)[0]


# --- Who may connect ----------------------------------------------------------------------


def test_a_page_of_another_origin_cannot_open_a_connection(live_site: Server) -> None:
    member = CustomerFactory.create()
    with pytest.raises(InvalidStatus) as refused:
        LiveClient.open(live_site, cookie=session_cookie(member), origin="https://evil.example")
    assert refused.value.response.status_code == 403
    # The site's own pages may: the member of the cookie is the viewer.
    with LiveClient.open(live_site, cookie=session_cookie(member), origin=live_site.url) as client:
        client.subscribe("n", WHO)
        assert client.next_message() == {
            "id": "n",
            "type": "next",
            "payload": {"data": {"viewerNotifications": {"unreadCount": 0}}},
        }


def test_a_host_outside_allowed_hosts_is_refused(live_site: Server) -> None:
    assert _handshake_status(live_site, "evil.example") == "HTTP/1.1 403 Forbidden"
    assert _handshake_status(live_site, f"localhost:{live_site.port}") == (
        "HTTP/1.1 101 Switching Protocols"
    )


def test_no_other_path_serves_websockets(live_site: Server) -> None:
    with pytest.raises(InvalidStatus) as refused:
        LiveClient.open(live_site, path="/admin/")
    assert refused.value.response.status_code == 403


def test_a_session_that_ended_subscribes_as_a_visitor(live_site: Server) -> None:
    member = CustomerFactory.create()
    cookie = session_cookie(member)
    member.is_active = False
    member.save(update_fields=["is_active"])
    with LiveClient.open(live_site, cookie=cookie) as client:
        client.subscribe("n", WHO)
        assert client.next_message()["payload"][0]["extensions"] == {"code": "UNAUTHENTICATED"}


def test_a_connection_ends_with_its_session(live_site: Server) -> None:
    """Logged out elsewhere (the session deleted): within a third of a lease (1 s here) the
    connection is closed, and a new one would subscribe as a visitor."""
    member = CustomerFactory.create()
    cookie = session_cookie(member)
    with LiveClient.open(live_site, cookie=cookie) as client:
        client.subscribe("n", WHO)
        assert client.next_message()["type"] == "next"
        Session.objects.filter(session_key=cookie.partition("=")[2]).delete()
        started = time.monotonic()
        with pytest.raises(Closed) as closed:
            client.next_message(timeout=5)
        assert (closed.value.code, closed.value.reason) == (4403, "The session or token ended.")
        assert time.monotonic() - started < 3


def test_a_connection_ends_when_the_member_changes_role(live_site: Server) -> None:
    member = CustomerFactory.create()
    with LiveClient.open(live_site, cookie=session_cookie(member)) as client:
        client.subscribe("n", WHO)
        assert client.next_message()["type"] == "next"
        Member.objects.filter(pk=member.pk).update(role=Role.ADVISER, customer_number=None)
        with pytest.raises(Closed) as closed:
            client.next_message(timeout=5)
        assert closed.value.code == 4403


# --- The protocol -------------------------------------------------------------------------


def test_connection_init_is_awaited_one_second(live_site: Server) -> None:
    started = time.monotonic()
    with LiveClient.open(live_site, send_init=False) as silent, pytest.raises(Closed) as closed:
        silent.next_message(timeout=5)
    assert (closed.value.code, closed.value.reason) == (4408, "Connection initialisation timeout")
    assert 0.9 < time.monotonic() - started < 3


def test_nothing_runs_before_connection_init(live_site: Server) -> None:
    with LiveClient.open(live_site, send_init=False) as client, pytest.raises(Closed) as closed:
        client.subscribe("s", WHO)
        client.next_message()
    assert (closed.value.code, closed.value.reason) == (4401, "Unauthorized")


def test_ping_pong_and_subscriptions_only(live_site: Server) -> None:
    suggestion = SuggestionFactory.create()
    with LiveClient.open(live_site) as client:
        client.send({"type": "ping"})
        assert client.next_message() == {"type": "pong"}
        only = (
            "Only subscriptions run over WebSocket: send queries and mutations to /graphql "
            "over HTTP."
        )
        client.subscribe("q", "{ __typename }")
        assert client.next_message() == _error("q", only, "BAD_USER_INPUT", located=False)
        client.subscribe("m", "mutation { logout(input: {}) { errors { code } } }")
        assert client.next_message() == _error("m", only, "BAD_USER_INPUT", located=False)
        client.subscribe("s", VOTES, {"id": gid(suggestion)})
        assert client.next_message() == _votes("s", 0)
        client.quiet()


def test_a_subscription_over_http_is_refused() -> None:
    response = GraphQLClient().post("subscription { viewerNotifications { unreadCount } }")
    assert response.status_code == 400
    assert response.json() == {
        "errors": [
            {
                "message": "Subscriptions are served over WebSocket on /graphql (the "
                "graphql-transport-ws protocol), not over HTTP.",
                "extensions": {"code": "BAD_USER_INPUT"},
            }
        ]
    }


@pytest.mark.parametrize(
    "value",
    [
        "",
        "not base64!",
        base64.b64encode(b"Suggestion:0").decode(),
        base64.b64encode(b"Suggestion:-1").decode(),
        base64.b64encode(b"Suggestion:99999999999999999999").decode(),
        base64.b64encode(b"Thread:1").decode(),
        base64.b64encode(b"Suggestion:1\x00").decode(),
        "\ud800",
    ],
)
def test_a_malformed_id_is_bad_user_input(live_site: Server, value: str) -> None:
    with LiveClient.open(live_site) as client:
        client.subscribe("s", VOTES, {"id": value})
        message = client.next_message()
        assert message["type"] == "error"
        assert [e["extensions"]["code"] for e in message["payload"]] == ["BAD_USER_INPUT"]


def test_a_trusted_document_by_its_id(live_site: Server) -> None:
    suggestion = SuggestionFactory.create()
    with LiveClient.open(live_site) as client:
        client.send(
            {
                "id": "s",
                "type": "subscribe",
                "payload": {
                    "documentId": document_ids()["LiveIdea"],
                    "variables": {"id": gid(suggestion)},
                },
            }
        )
        message = client.next_message()
        assert (message["id"], message["type"]) == ("s", "next")
        assert message["payload"]["data"]["suggestionUpdated"]["voteCount"] == 0
        client.send({"id": "u", "type": "subscribe", "payload": {"documentId": "sha256:unknown"}})
        assert client.next_message() == _error(
            "u",
            "No registered document has the id 'sha256:unknown'.",
            "DOCUMENT_NOT_FOUND",
            located=False,
        )


def test_members_run_only_trusted_documents_when_the_site_says_so() -> None:
    member = CustomerFactory.create()
    suggestion = SuggestionFactory.create()
    with (
        uvicorn(environment(COMPTOIR_TRUSTED_DOCUMENTS_ONLY="1"), "trusted") as server,
        LiveClient.open(server, cookie=session_cookie(member)) as client,
    ):
        client.subscribe("s", VOTES, {"id": gid(suggestion)})
        message = client.next_message()
        assert message["type"] == "error"
        assert message["payload"][0]["extensions"] == {"code": "DOCUMENT_NOT_TRUSTED"}
        client.send(
            {
                "id": "t",
                "type": "subscribe",
                "payload": {
                    "documentId": document_ids()["LiveIdea"],
                    "variables": {"id": gid(suggestion)},
                },
            }
        )
        assert client.next_message()["type"] == "next"


# --- Limits -------------------------------------------------------------------------------


def test_subscriptions_per_connection_are_limited(live_site: Server) -> None:
    suggestion = SuggestionFactory.create()
    with LiveClient.open(live_site) as client:
        for id in ("1", "2", "3"):
            client.subscribe(id, VOTES, {"id": gid(suggestion)})
            assert client.next_message() == _votes(id, 0)
        client.subscribe("4", VOTES, {"id": gid(suggestion)})
        assert client.next_message() == _error(
            "4",
            "Too many live subscriptions on this connection: at most 3. End one (`complete`) "
            "before starting another.",
            "RATE_LIMITED",
        )
        client.complete("2")
        # Its place is free once the server ended it.
        deadline = time.monotonic() + 5
        while True:
            client.subscribe("5", VOTES, {"id": gid(suggestion)})
            message = client.next_message()
            if message["type"] == "next" or time.monotonic() > deadline:
                break
        assert message == _votes("5", 0)


MEMBER_LIMIT = (
    "Too many live subscriptions: at most 4 at once for one account or token, on all its "
    "connections. End one (`complete`) before starting another."
)


def test_subscriptions_per_member_are_limited_across_connections(live_site: Server) -> None:
    member = CustomerFactory.create()
    suggestion = SuggestionFactory.create()
    cookie = session_cookie(member)
    with (
        LiveClient.open(live_site, cookie=cookie) as one,
        LiveClient.open(live_site, cookie=cookie) as two,
    ):
        for client, ids in ((one, "abc"), (two, "d")):
            for id in ids:
                client.subscribe(id, VOTES, {"id": gid(suggestion)})
                assert client.next_message() == _votes(id, 0)
        two.subscribe("e", VOTES, {"id": gid(suggestion)})
        assert two.next_message() == _error("e", MEMBER_LIMIT, "RATE_LIMITED")
        # Another member is not concerned.
        with LiveClient.open(live_site, cookie=session_cookie(CustomerFactory.create())) as other:
            other.subscribe("x", VOTES, {"id": gid(suggestion)})
            assert other.next_message() == _votes("x", 0)
    # Connections closed: their slots are free (all four were held).
    deadline = time.monotonic() + 5
    with LiveClient.open(live_site, cookie=cookie) as three:
        for id in "fgh":
            while True:
                three.subscribe(id, VOTES, {"id": gid(suggestion)})
                message = three.next_message()
                if message["type"] == "next" or time.monotonic() > deadline:
                    break
            assert message == _votes(id, 0)


def test_a_bad_message_closes_the_connection(live_site: Server) -> None:
    with LiveClient.open(live_site) as client:
        client.ws.send(json.dumps({"type": "subscribe", "id": "s"}))
        with pytest.raises(Closed) as closed:
            client.next_message()
    assert closed.value.code == 4400
