"""`viewer { notificationPreferences }` and `setNotificationPreference`: how a member is
told of each kind of notification (README, "E-mail")."""

from __future__ import annotations

import pytest

from models.models import Member, NotificationPreference
from tests.graphql import GraphQLClient, gid

pytestmark = pytest.mark.django_db

PREFERENCES = "{ viewer { notificationPreferences { kind delivery isDefault } } }"
SET = (
    "mutation($k: NotificationKind!, $d: NotificationDelivery!) { setNotificationPreference("
    "input: {kind: $k, delivery: $d}) { preference { kind delivery isDefault } "
    "errors { code message field } } }"
)
CUSTOMER_DEFAULTS = [
    {"kind": "OFFICIAL_ANSWER", "delivery": "IMMEDIATE", "isDefault": True},
    {"kind": "QUESTION_RESOLVED", "delivery": "IN_APP", "isDefault": True},
    {"kind": "SUGGESTION_STATUS_CHANGED", "delivery": "IN_APP", "isDefault": True},
    {"kind": "DECISION_PUBLISHED", "delivery": "IMMEDIATE", "isDefault": True},
    {"kind": "SUGGESTION_MARKED_DUPLICATE", "delivery": "IN_APP", "isDefault": True},
    {"kind": "CONTENT_HIDDEN", "delivery": "IN_APP", "isDefault": True},
    {"kind": "THREAD_REPLY", "delivery": "IN_APP", "isDefault": True},
    {"kind": "SUGGESTION_COMMENT", "delivery": "IN_APP", "isDefault": True},
]


def test_a_member_who_never_chose_has_the_defaults(customer_client: GraphQLClient) -> None:
    # Official answers and decisions at once; the rest in the app.
    assert customer_client(PREFERENCES) == {
        "data": {"viewer": {"notificationPreferences": CUSTOMER_DEFAULTS}}
    }


def test_advisers_also_choose_for_sensitive_numbers(adviser_client: GraphQLClient) -> None:
    assert adviser_client(PREFERENCES) == {
        "data": {
            "viewer": {
                "notificationPreferences": [
                    *CUSTOMER_DEFAULTS,
                    {"kind": "SENSITIVE_NUMBER_MASKED", "delivery": "IN_APP", "isDefault": True},
                ]
            }
        }
    }


def test_choosing_a_delivery(customer: Member, customer_client: GraphQLClient) -> None:
    assert customer_client(SET, {"k": "THREAD_REPLY", "d": "DAILY_DIGEST"}) == {
        "data": {
            "setNotificationPreference": {
                "preference": {
                    "kind": "THREAD_REPLY",
                    "delivery": "DAILY_DIGEST",
                    "isDefault": False,
                },
                "errors": [],
            }
        }
    }
    assert customer_client(SET, {"k": "OFFICIAL_ANSWER", "d": "IN_APP"})["data"] == {
        "setNotificationPreference": {
            "preference": {"kind": "OFFICIAL_ANSWER", "delivery": "IN_APP", "isDefault": False},
            "errors": [],
        }
    }
    shown = customer_client(PREFERENCES)["data"]["viewer"]["notificationPreferences"]
    assert shown == [
        {"kind": "OFFICIAL_ANSWER", "delivery": "IN_APP", "isDefault": False},
        *CUSTOMER_DEFAULTS[1:6],
        {"kind": "THREAD_REPLY", "delivery": "DAILY_DIGEST", "isDefault": False},
        CUSTOMER_DEFAULTS[7],
    ]
    # Back to the default: a choice all the same (it stays if the default changes).
    assert customer_client(SET, {"k": "THREAD_REPLY", "d": "IN_APP"})["data"] == {
        "setNotificationPreference": {
            "preference": {"kind": "THREAD_REPLY", "delivery": "IN_APP", "isDefault": True},
            "errors": [],
        }
    }
    assert sorted(
        NotificationPreference.objects.filter(member=customer).values_list("kind", "delivery")
    ) == [("OFFICIAL_ANSWER", "IN_APP"), ("THREAD_REPLY", "IN_APP")]


def test_choosing_what_holds_changes_nothing(
    customer: Member, customer_client: GraphQLClient
) -> None:
    assert customer_client(SET, {"k": "OFFICIAL_ANSWER", "d": "IMMEDIATE"}) == {
        "data": {
            "setNotificationPreference": {
                "preference": {
                    "kind": "OFFICIAL_ANSWER",
                    "delivery": "IMMEDIATE",
                    "isDefault": True,
                },
                "errors": [
                    {
                        "code": "UNCHANGED",
                        "message": "It was already delivered that way.",
                        "field": "delivery",
                    }
                ],
            }
        }
    }
    assert not NotificationPreference.objects.filter(member=customer).exists()


def test_a_customer_has_no_sensitive_number_notifications_to_choose_for(
    customer: Member, customer_client: GraphQLClient
) -> None:
    assert customer_client(SET, {"k": "SENSITIVE_NUMBER_MASKED", "d": "IMMEDIATE"}) == {
        "data": {
            "setNotificationPreference": {
                "preference": None,
                "errors": [
                    {
                        "code": "NOT_RECEIVED",
                        "message": "You are never told of this kind of notification.",
                        "field": "kind",
                    }
                ],
            }
        }
    }
    assert not NotificationPreference.objects.filter(member=customer).exists()


def test_only_the_member_reads_and_sets_them(
    customer: Member, anonymous: GraphQLClient, adviser_client: GraphQLClient
) -> None:
    assert anonymous(SET, {"k": "THREAD_REPLY", "d": "IMMEDIATE"}) == {
        "data": {"setNotificationPreference": None},
        "errors": [
            {
                "message": "Log in to choose how the community writes to you.",
                "locations": [{"line": 1, "column": SET.index("setNotification") + 1}],
                "path": ["setNotificationPreference"],
                "extensions": {"code": "UNAUTHENTICATED"},
            }
        ],
    }
    query = (
        "query($id: ID!) { node(id: $id) { ... on Member { notificationPreferences { kind } } } }"
    )
    assert adviser_client(query, {"id": gid(customer)}) == {
        "data": {"node": {"notificationPreferences": None}},
        "errors": [
            {
                "message": "You are not allowed to read this field.",
                "locations": [{"line": 1, "column": query.index("notificationPref") + 1}],
                "path": ["node", "notificationPreferences"],
                "extensions": {"code": "FORBIDDEN"},
            }
        ],
    }
