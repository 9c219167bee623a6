"""`viewerNotifications` against a real server (tests/live.py, `live_site`): the header's
unread badge, live, for the member of the session and for nobody else."""

from __future__ import annotations

import pytest

from models.models import Notification
from resolvers.services.threads import thread_reply
from tests.factories import AdviserFactory, CustomerFactory, ThreadFactory
from tests.graphql import gid, notifications
from tests.live import LiveClient, Server, session_cookie

pytestmark = pytest.mark.django_db(transaction=True)

NOTIFICATIONS_LIVE = """subscription {
  viewerNotifications {
    unreadCount
    notification { id kind message isRead thread { title } }
  }
}"""


def test_an_official_answer_reaches_its_asker_live(live_site: Server) -> None:
    customer = CustomerFactory.create(display_name="Claire")
    other = CustomerFactory.create()
    adviser = AdviserFactory.create(display_name="Julien (conseiller)")
    question = ThreadFactory.create(author=customer, title="Relevés par courrier")
    elsewhere = ThreadFactory.create(author=other, title="Carte bloquée")
    with LiveClient.open(live_site, cookie=session_cookie(customer)) as member:
        member.subscribe("n", NOTIFICATIONS_LIVE)
        assert member.next_message() == {
            "id": "n",
            "type": "next",
            "payload": {"data": {"viewerNotifications": {"unreadCount": 0, "notification": None}}},
        }
        # Nothing for the member: an internal note notifies nobody, another member's answer
        # notifies that member.
        thread_reply(author=adviser, thread_id=question.pk, body="Déjà vu.", is_internal=True)
        thread_reply(author=adviser, thread_id=elsewhere.pk, body="Appelez-nous.")
        thread_reply(author=adviser, thread_id=question.pk, body="Dans vos préférences.")
        note = Notification.objects.get(recipient=customer)
        [text] = [
            text for recipient, text in notifications("recipient_id") if recipient == customer.pk
        ]
        assert member.next_message() == {
            "id": "n",
            "type": "next",
            "payload": {
                "data": {
                    "viewerNotifications": {
                        "unreadCount": 1,
                        "notification": {
                            "id": gid(note),
                            "kind": "OFFICIAL_ANSWER",
                            "message": text,
                            "isRead": False,
                            "thread": {"title": "Relevés par courrier"},
                        },
                    }
                }
            },
        }
        member.quiet()


def test_a_visitor_has_no_notifications(live_site: Server) -> None:
    with LiveClient.open(live_site) as visitor:
        visitor.subscribe("n", NOTIFICATIONS_LIVE)
        assert visitor.next_message() == {
            "id": "n",
            "type": "error",
            "payload": [
                {
                    "message": "Log in to follow your notifications.",
                    "locations": [{"line": 2, "column": 3}],
                    "path": ["viewerNotifications"],
                    "extensions": {"code": "UNAUTHENTICATED"},
                }
            ],
        }
