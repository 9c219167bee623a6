"""`markNotificationsRead` and the viewer's `notifications`: each member reads and marks their
own, nobody else's, at most 100 at a time."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from models.models import Member, Notification, StatusChange, SuggestionStatus
from resolvers.services.notifications import SuggestionStatusChanged, notify
from schema.core.ids import encode_id
from tests.factories import SuggestionFactory
from tests.graphql import GraphQLClient

pytestmark = pytest.mark.django_db

INBOX = (
    "query($unread: Boolean!) { viewer { unreadNotificationCount notifications(unreadOnly: "
    "$unread) { totalCount edges { node { kind message isRead suggestion { title } } } } } }"
)
MARK = (
    "mutation($ids: [ID!]) { markNotificationsRead(input: {ids: $ids}) { unreadCount "
    "errors { code message field } } }"
)

MOVES = [
    (SuggestionStatus.SUBMITTED, SuggestionStatus.UNDER_REVIEW),
    (SuggestionStatus.UNDER_REVIEW, SuggestionStatus.SHORTLISTED),
    (SuggestionStatus.SHORTLISTED, SuggestionStatus.DEFERRED),
]
TEXTS = [
    "« Relevés en PDF » : Proposée → En cours d'étude.",
    "« Relevés en PDF » : En cours d'étude → Présentée au comité.",
    "« Relevés en PDF » : Présentée au comité → En attente.",
]


@pytest.fixture
def three(customer: Member, adviser: Member) -> list[Notification]:
    """Three moves of a followed suggestion, newest first."""
    suggestion = SuggestionFactory.create(title="Relevés en PDF")
    now = timezone.now()
    for i, (before, after) in enumerate(MOVES):
        change = StatusChange.objects.create(
            suggestion=suggestion,
            from_status=before,
            to_status=after,
            actor=adviser,
            created_at=now - timedelta(minutes=10 - i),
        )
        notify(recipient_ids=[customer.pk], event=SuggestionStatusChanged.event(change=change))
        Notification.objects.filter(event_key=f"status_change:{change.pk}").update(
            created_at=change.created_at
        )
    return list(Notification.objects.order_by("-created_at"))


def test_member_reads_and_marks_their_notifications(
    customer_client: GraphQLClient, three: list[Notification]
) -> None:
    assert customer_client(INBOX, {"unread": False}) == {
        "data": {
            "viewer": {
                "unreadNotificationCount": 3,
                "notifications": {
                    "totalCount": 3,
                    "edges": [
                        {
                            "node": {
                                "kind": "SUGGESTION_STATUS_CHANGED",
                                "message": TEXTS[i],
                                "isRead": False,
                                "suggestion": {"title": "Relevés en PDF"},
                            }
                        }
                        for i in (2, 1, 0)
                    ],
                },
            }
        }
    }
    newest = encode_id("Notification", three[0].pk)
    assert customer_client(MARK, {"ids": [newest]}) == {
        "data": {"markNotificationsRead": {"unreadCount": 2, "errors": []}}
    }
    unread = customer_client(INBOX, {"unread": True})["data"]["viewer"]
    assert unread["unreadNotificationCount"] == 2
    assert [e["node"]["message"] for e in unread["notifications"]["edges"]] == [
        TEXTS[1],
        TEXTS[0],
    ]
    assert customer_client(MARK, {"ids": None}) == {
        "data": {"markNotificationsRead": {"unreadCount": 0, "errors": []}}
    }


def test_nobody_reads_or_marks_someone_elses(
    other_customer_client: GraphQLClient,
    adviser_client: GraphQLClient,
    customer: Member,
    three: list[Notification],
) -> None:
    ids = [encode_id("Notification", n.pk) for n in three]
    SuggestionFactory.create(author=customer)  # a public profile, so the member is found
    assert other_customer_client(MARK, {"ids": ids}) == {
        "data": {"markNotificationsRead": {"unreadCount": 0, "errors": []}}
    }
    assert Notification.objects.filter(read_at__isnull=True).count() == 3
    query = (
        "query($m: ID!, $n: ID!) { member: node(id: $m) { ... on Member { "
        "unreadNotificationCount } } notification: node(id: $n) { id } }"
    )
    for client in (other_customer_client, adviser_client):
        result = client(query, {"m": encode_id("Member", customer.pk), "n": ids[0]})
        assert result == {
            "data": {"member": {"unreadNotificationCount": None}, "notification": None},
            "errors": [
                {
                    "message": "You are not allowed to read this field.",
                    "locations": [{"line": 1, "column": 66}],
                    "path": ["member", "unreadNotificationCount"],
                    "extensions": {"code": "FORBIDDEN"},
                }
            ],
        }


def _ids(notes: list[Notification]) -> list[str]:
    return [encode_id("Notification", n.pk) for n in notes]


def _unread() -> int:
    return Notification.objects.filter(read_at__isnull=True).count()


@pytest.mark.parametrize(
    "padding",
    [
        pytest.param(list(range(10_000, 10_099)), id="101 ids"),
        pytest.param(list(range(10_000, 10_147)), id="150 ids"),
        # The same id sent again counts: the limit is on the list sent.
        pytest.param([0] * 99, id="101 ids, repeated"),
    ],
)
def test_too_many_ids_mark_nothing_and_answer_the_true_count(
    customer_client: GraphQLClient, three: list[Notification], padding: list[int]
) -> None:
    """The issue's example: past 100 ids, `unreadCount` was 0 while some were unread."""
    customer_client(MARK, {"ids": _ids(three[:1])})
    assert _unread() == 2
    ids = _ids(three[1:]) + [encode_id("Notification", pk or three[1].pk) for pk in padding]
    assert len(ids) > 100
    assert customer_client(MARK, {"ids": ids}) == {
        "data": {
            "markNotificationsRead": {
                "unreadCount": 2,
                "errors": [
                    {
                        "code": "TOO_MANY",
                        "message": "At most 100 notifications at once.",
                        "field": "ids",
                    }
                ],
            }
        }
    }
    assert _unread() == 2


def test_a_hundred_ids_are_applied(
    customer_client: GraphQLClient, three: list[Notification]
) -> None:
    # 98 ids that are nobody's, or someone else's: ignored; the member's own two are marked.
    ids = _ids(three[:2]) + [encode_id("Notification", pk) for pk in range(10_000, 10_098)]
    assert len(ids) == 100
    assert customer_client(MARK, {"ids": ids}) == {
        "data": {"markNotificationsRead": {"unreadCount": 1, "errors": []}}
    }
    assert list(Notification.objects.filter(read_at__isnull=True)) == [three[2]]


def test_an_empty_list_marks_nothing(
    customer_client: GraphQLClient, three: list[Notification]
) -> None:
    assert customer_client(MARK, {"ids": []}) == {
        "data": {"markNotificationsRead": {"unreadCount": 3, "errors": []}}
    }
    assert _unread() == 3


def test_bad_input(customer_client: GraphQLClient, three: list[Notification]) -> None:
    wrong_type = customer_client(MARK, {"ids": [encode_id("Suggestion", 1)]})
    assert wrong_type["data"] == {"markNotificationsRead": None}
    assert wrong_type["errors"][0]["extensions"] == {"code": "BAD_USER_INPUT"}
    anonymous = GraphQLClient()(MARK, {"ids": None})
    assert anonymous["errors"][0]["extensions"] == {"code": "UNAUTHENTICATED"}
    assert _unread() == 3
