"""`threadUpdated` against a real server (tests/live.py, `live_site`): each event is read
again for each subscriber, so an internal note reaches advisers only, hidden content only
advisers and its author, and a thread that goes out of sight ends the stream with
NOT_FOUND. Changes are made through the services, as the mutations make them; the server's
task worker delivers them."""

from __future__ import annotations

from typing import Any

import pytest

from models.models import Member, Thread
from resolvers.services.moderation import ContentKind, ContentRef, content_hide
from resolvers.services.threads import thread_reply
from tests.factories import AdviserFactory, CustomerFactory, ThreadFactory
from tests.graphql import gid
from tests.live import LiveClient, Server, session_cookie, settled

pytestmark = pytest.mark.django_db(transaction=True)

THREAD_LIVE = """subscription($id: ID!) {
  threadUpdated(id: $id) {
    change
    thread { status postCount isHidden }
    post { body isInternal isHidden author { displayName } }
  }
}"""


def update(
    change: str,
    *,
    status: str = "OPEN",
    posts: int = 0,
    post: dict[str, Any] | None = None,
    hidden: bool = False,
) -> dict[str, Any]:
    """The `next` message of the subscription "t" with this update."""
    thread = {"status": status, "postCount": posts, "isHidden": hidden}
    return {
        "id": "t",
        "type": "next",
        "payload": {"data": {"threadUpdated": {"change": change, "thread": thread, "post": post}}},
    }


def post(body: str, author: str, *, internal: bool = False, hidden: bool = False) -> Any:
    return {
        "body": body,
        "isInternal": internal,
        "isHidden": hidden,
        "author": {"displayName": author},
    }


def _people() -> tuple[Member, Member, Member, Thread]:
    customer = CustomerFactory.create(display_name="Claire")
    other = CustomerFactory.create(display_name="Bruno")
    adviser = AdviserFactory.create(display_name="Julien (conseiller)")
    thread = ThreadFactory.create(author=customer, title="Relevés par courrier")
    return customer, other, adviser, thread


def _subscribed(server: Server, thread: Thread, *members: Member | None) -> list[LiveClient]:
    """A connection per member (None: an anonymous visitor), each subscribed to the thread
    and past its first update (the thread as it is: OPEN, no reply)."""
    clients = []
    for member in members:
        client = LiveClient.open(server, cookie=session_cookie(member) if member else None)
        client.subscribe("t", THREAD_LIVE, {"id": gid(thread)})
        assert client.next_message() == update("CURRENT")
        clients.append(client)
    return clients


def test_an_internal_note_reaches_advisers_and_never_a_customer(live_site: Server) -> None:
    customer, _other, adviser, thread = _people()
    clients = _subscribed(live_site, thread, customer, adviser, None)
    watching, advising, visiting = clients
    try:
        thread_reply(
            author=adviser, thread_id=thread.pk, body="Client connu : rappeler.", is_internal=True
        )
        assert advising.next_message() == update(
            "REPLY_POSTED",
            posts=1,
            post=post("Client connu : rappeler.", "Julien (conseiller)", internal=True),
        )
        thread_reply(author=adviser, thread_id=thread.pk, body="Dans vos préférences.")
        answer = post("Dans vos préférences.", "Julien (conseiller)")
        # The customer and the visitor hear of the answer, never of the note before it.
        assert watching.next_message() == update(
            "REPLY_POSTED", status="ANSWERED", posts=1, post=answer
        )
        assert visiting.next_message() == update(
            "REPLY_POSTED", status="ANSWERED", posts=1, post=answer
        )
        assert advising.next_message() == update(
            "REPLY_POSTED", status="ANSWERED", posts=2, post=answer
        )
        for client in clients:
            client.quiet()
    finally:
        for client in clients:
            client.close()


def test_a_hidden_reply_reaches_advisers_and_its_author_only(live_site: Server) -> None:
    customer, other, adviser, thread = _people()
    reply = thread_reply(author=other, thread_id=thread.pk, body="Allez voir ailleurs.")
    settled()
    clients = []
    try:
        for member in (customer, other, adviser):
            client = LiveClient.open(live_site, cookie=session_cookie(member))
            clients.append(client)
            client.subscribe("t", THREAD_LIVE, {"id": gid(thread)})
            assert client.next_message() == update("CURRENT", posts=1)
        watching, writing, advising = clients
        content_hide(
            actor=adviser, content=ContentRef(ContentKind.POST, reply.pk), reason="Hors sujet"
        )
        hidden = post("Allez voir ailleurs.", "Bruno", hidden=True)
        assert advising.next_message() == update("CONTENT_HIDDEN", posts=1, post=hidden)
        # Its author still sees it (marked hidden), and the count of what they see.
        assert writing.next_message() == update("CONTENT_HIDDEN", posts=1, post=hidden)
        thread_reply(author=adviser, thread_id=thread.pk, body="Voici la marche à suivre.")
        answer = post("Voici la marche à suivre.", "Julien (conseiller)")
        # The customer hears of the next reply first: nothing of the hidden one.
        assert watching.next_message() == update(
            "REPLY_POSTED", status="ANSWERED", posts=1, post=answer
        )
        assert writing.next_message() == update(
            "REPLY_POSTED", status="ANSWERED", posts=2, post=answer
        )
        assert advising.next_message() == update(
            "REPLY_POSTED", status="ANSWERED", posts=2, post=answer
        )
        for client in clients:
            client.quiet()
    finally:
        for client in clients:
            client.close()


def test_a_thread_hidden_ends_the_stream_of_those_who_no_longer_see_it(
    live_site: Server,
) -> None:
    customer, other, adviser, thread = _people()
    clients = _subscribed(live_site, thread, customer, other, adviser, None)
    author, bystander, advising, visiting = clients
    try:
        content_hide(
            actor=adviser, content=ContentRef(ContentKind.THREAD, thread.pk), reason="Doublon"
        )
        gone = {
            "message": "The thread does not exist or is not visible to you.",
            "locations": [{"line": 2, "column": 3}],
            "path": ["threadUpdated"],
            "extensions": {"code": "NOT_FOUND"},
        }
        for client in (bystander, visiting):
            assert client.next_message() == {
                "id": "t",
                "type": "next",
                "payload": {"data": None, "errors": [gone]},
            }
            assert client.next_message() == {"id": "t", "type": "complete"}
        for client in (author, advising):
            assert client.next_message() == update("CONTENT_HIDDEN", hidden=True)
        # Subscribing now is as `node` would answer: not found.
        visiting.subscribe("again", THREAD_LIVE, {"id": gid(thread)})
        assert visiting.next_message() == {"id": "again", "type": "error", "payload": [gone]}
        for client in clients:
            client.quiet()
    finally:
        for client in clients:
            client.close()
