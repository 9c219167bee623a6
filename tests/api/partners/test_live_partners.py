"""Partner tokens over WebSocket, against a real server (tests/live.py, `live_site`): the
token in `connection_init`'s payload is the connection's only credential, its scopes open
subscriptions as they open root fields, and no event ever carries personal data: a field
that would is null with FORBIDDEN in every event, as in a query."""

from __future__ import annotations

from typing import Any

import pytest

from resolvers.services.votes import vote_cast
from tests.factories import (
    CustomerFactory,
    SuggestionFactory,
    ThreadFactory,
    add_votes,
    issue_token,
)
from tests.graphql import gid
from tests.live import Closed, LiveClient, Server, session_cookie

pytestmark = pytest.mark.django_db(transaction=True)

SUGGESTION_LIVE = """subscription($id: ID!) {
  suggestionUpdated(id: $id) {
    title
    voteCount
    viewerHasVoted
    author {
      displayName
      email
      customerNumber
    }
    voters(first: 5) {
      totalCount
    }
  }
}"""


def _error(message: str, document: str, path: list[str], code: str = "FORBIDDEN") -> Any:
    """An error at `path`, located where its last field is written in `document`."""
    lines = document.splitlines()
    name = path[-1]
    line = next(i for i, text in enumerate(lines) if text.strip().startswith(name))
    column = lines[line].index(name) + 1
    return {
        "message": message,
        "locations": [{"line": line + 1, "column": column}],
        "path": path,
        "extensions": {"code": code},
    }


def _partner(server: Server, secret: str, **kwargs: Any) -> LiveClient:
    client = LiveClient.open(
        server, init={"authorization": f"Bearer {secret}"}, acknowledged=False, **kwargs
    )
    ack = client.next_message()
    assert ack["type"] == "connection_ack"
    # Where its token stands, as every partner response over HTTP says.
    assert ack["payload"]["rateLimit"]["limit"] == 600
    assert ack["payload"]["rateLimit"]["remaining"] == 599
    return client


def test_a_partner_subscription_never_carries_personal_data(live_site: Server) -> None:
    author = CustomerFactory.create(display_name="Claire", email="claire@example.test")
    voter = CustomerFactory.create()
    suggestion = SuggestionFactory.create(author=author, title="Pas de publicité par courrier")
    add_votes(suggestion, [author])
    _token, secret = issue_token("suggestions:read")
    forbidden = "You are not allowed to read this field."
    errors = [
        _error(forbidden, SUGGESTION_LIVE, ["suggestionUpdated", "author", "customerNumber"]),
        _error(forbidden, SUGGESTION_LIVE, ["suggestionUpdated", "author", "email"]),
        _error(forbidden, SUGGESTION_LIVE, ["suggestionUpdated", "voters"]),
    ]

    def event(votes: int) -> Any:
        data = {
            "title": "Pas de publicité par courrier",
            "voteCount": votes,
            # Viewer-relative: null without an error (a partner is no member).
            "viewerHasVoted": None,
            "author": {"displayName": "Claire", "email": None, "customerNumber": None},
            "voters": None,
        }
        return {"data": {"suggestionUpdated": data}, "errors": errors}

    def received(client: LiveClient) -> Any:
        message = client.next_message()
        assert (message["id"], message["type"]) == ("s", "next")
        payload = message["payload"]
        payload["errors"].sort(key=lambda e: e["path"])
        return payload

    # The session cookie of a member sent along changes nothing: the token is the viewer.
    with _partner(live_site, secret, cookie=session_cookie(author)) as partner:
        partner.subscribe("s", SUGGESTION_LIVE, {"id": gid(suggestion)})
        assert received(partner) == event(1)
        vote_cast(member=voter, suggestion_id=suggestion.pk)
        assert received(partner) == event(2)
        partner.quiet()


def test_a_partner_subscribes_within_its_scopes(live_site: Server) -> None:
    thread = ThreadFactory.create()
    _token, secret = issue_token("suggestions:read")
    query = "subscription($id: ID!) {\n  threadUpdated(id: $id) {\n    change\n  }\n}"
    notes = "subscription {\n  viewerNotifications {\n    unreadCount\n  }\n}"
    with _partner(live_site, secret) as partner:
        partner.subscribe("t", query, {"id": gid(thread)})
        assert partner.next_message() == {
            "id": "t",
            "type": "error",
            "payload": [
                _error(
                    "This partner token lacks the `threads:read` scope.", query, ["threadUpdated"]
                )
            ],
        }
        partner.subscribe("n", notes)
        assert partner.next_message() == {
            "id": "n",
            "type": "error",
            "payload": [
                _error("Partner tokens have no notifications.", notes, ["viewerNotifications"])
            ],
        }
        partner.quiet()


@pytest.mark.parametrize(
    ("authorization", "reason"),
    [
        ("Bearer cpt_unknown", "The API token is unknown, expired or revoked."),
        ("Basic Y2xhaXJlOnNlY3JldA==", 'authorization must be "Bearer <token>".'),
        (42, 'authorization must be "Bearer <token>".'),
    ],
)
def test_a_connection_with_a_bad_token_is_closed(
    live_site: Server, authorization: Any, reason: str
) -> None:
    client = LiveClient.open(live_site, init={"authorization": authorization}, acknowledged=False)
    with client, pytest.raises(Closed) as closed:
        client.next_message()
    assert (closed.value.code, closed.value.reason) == (4403, reason)


def test_a_revoked_token_opens_nothing(live_site: Server) -> None:
    token, secret = issue_token("suggestions:read", "threads:read")
    token.revoked_at = token.created_at
    token.save(update_fields=["revoked_at"])
    client = LiveClient.open(
        live_site, init={"authorization": f"Bearer {secret}"}, acknowledged=False
    )
    with client, pytest.raises(Closed) as closed:
        client.next_message()
    assert (closed.value.code, closed.value.reason) == (
        4403,
        "The API token is unknown, expired or revoked.",
    )


def test_a_token_revoked_meanwhile_ends_the_connection(live_site: Server) -> None:
    suggestion = SuggestionFactory.create()
    token, secret = issue_token("suggestions:read")
    with _partner(live_site, secret) as partner:
        partner.subscribe("s", SUGGESTION_LIVE, {"id": gid(suggestion)})
        assert partner.next_message()["type"] == "next"
        token.revoked_at = token.created_at
        token.save(update_fields=["revoked_at"])
        with pytest.raises(Closed) as closed:
            partner.next_message(timeout=5)
        assert (closed.value.code, closed.value.reason) == (4403, "The session or token ended.")
