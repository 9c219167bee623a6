"""`communityStats.support`: the promised first-response time and the figures week by week
(`weekly`), for advisers and the committee."""

from __future__ import annotations

from datetime import datetime, time, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from models.models import Member, ThreadKind, ThreadStatus
from tests.factories import ThreadFactory
from tests.graphql import GraphQLClient

pytestmark = pytest.mark.django_db

WEEKLY = (
    "query ($weeks: Int!) { communityStats { support { promisedFirstResponseHours "
    "weekly(weeks: $weeks) { weekStart questions answered answeredWithinPromise "
    "medianFirstResponseHours p90FirstResponseHours resolved resolvedShare } } } }"
)
EMPTY_WEEK = {
    "questions": 0,
    "answered": 0,
    "answeredWithinPromise": 0,
    "medianFirstResponseHours": None,
    "p90FirstResponseHours": None,
    "resolved": 0,
    "resolvedShare": None,
}


def _this_monday() -> datetime:
    """This week's Monday, 00:00 in Europe/Paris."""
    today = timezone.localdate()
    return timezone.make_aware(datetime.combine(today - timedelta(days=today.weekday()), time.min))


def _question(
    asked: datetime,
    answered_after: timedelta | None = None,
    status: ThreadStatus = ThreadStatus.ANSWERED,
    **fields: object,
) -> None:
    ThreadFactory.create(
        created_at=asked,
        first_response_at=asked + answered_after if answered_after else None,
        status=status if answered_after else ThreadStatus.OPEN,
        **fields,
    )


@pytest.fixture
def weeks_of_questions(adviser: Member) -> datetime:
    monday = _this_monday()
    week = timedelta(weeks=1)
    # Three weeks ago: asked at the very start of the week, and at its very end.
    _question(monday - 3 * week, timedelta(hours=4), ThreadStatus.RESOLVED)
    _question(monday - 2 * week - timedelta(seconds=1), timedelta(hours=1))
    # Two weeks ago: nothing. Last week: 2 h and 30 h (past the 24 h promise), one unanswered.
    _question(monday - week + timedelta(hours=10), timedelta(hours=2), ThreadStatus.RESOLVED)
    _question(monday - week + timedelta(days=1), timedelta(hours=30))
    _question(monday - week + timedelta(days=2))
    # Never counted: hidden by moderation, a discussion, asked before the weeks asked for.
    _question(
        monday - week,
        timedelta(minutes=5),
        hidden_at=timezone.now(),
        hidden_by=adviser,
        hidden_reason="Spam",
    )
    _question(monday - week, timedelta(minutes=5), ThreadStatus.OPEN, kind=ThreadKind.DISCUSSION)
    _question(monday - 3 * week - timedelta(seconds=1), timedelta(minutes=5))
    # This week: asked at its first instant, not answered yet.
    _question(monday)
    return monday


def test_weekly_figures(weeks_of_questions: datetime, adviser: Member) -> None:
    monday = timezone.localdate(weeks_of_questions)
    result = GraphQLClient(adviser)(WEEKLY, {"weeks": 4})
    assert result == {
        "data": {
            "communityStats": {
                "support": {
                    "promisedFirstResponseHours": 24,
                    "weekly": [
                        {
                            "weekStart": (monday - timedelta(weeks=3)).isoformat(),
                            "questions": 2,
                            "answered": 2,
                            "answeredWithinPromise": 2,
                            # 1 h and 4 h: percentile_cont(0.9) = 1 + 0.9 × 3.
                            "medianFirstResponseHours": 2.5,
                            "p90FirstResponseHours": 3.7,
                            "resolved": 1,
                            "resolvedShare": 0.5,
                        },
                        {"weekStart": (monday - timedelta(weeks=2)).isoformat(), **EMPTY_WEEK},
                        {
                            "weekStart": (monday - timedelta(weeks=1)).isoformat(),
                            "questions": 3,
                            "answered": 2,
                            "answeredWithinPromise": 1,
                            # 2 h and 30 h: 2 + 0.9 × 28.
                            "medianFirstResponseHours": 16.0,
                            "p90FirstResponseHours": 27.2,
                            "resolved": 1,
                            "resolvedShare": 0.3333,
                        },
                        {
                            "weekStart": monday.isoformat(),
                            **EMPTY_WEEK,
                            "questions": 1,
                            "resolvedShare": 0.0,
                        },
                    ],
                }
            }
        }
    }


def test_the_promise_comes_from_the_settings(adviser: Member, settings: object) -> None:
    settings.COMPTOIR_SUPPORT_RESPONSE_HOURS = 8  # type: ignore[attr-defined]
    monday = _this_monday()
    _question(monday - timedelta(days=3), timedelta(hours=7))
    _question(monday - timedelta(days=3), timedelta(hours=9))
    result = GraphQLClient(adviser)(WEEKLY, {"weeks": 2})
    support = result["data"]["communityStats"]["support"]
    assert support["promisedFirstResponseHours"] == 8
    assert [w["answeredWithinPromise"] for w in support["weekly"]] == [1, 0]


def test_weeks_are_one_to_fifty_two(committee_member: Member) -> None:
    client = GraphQLClient(committee_member)
    weekly = client(WEEKLY, {"weeks": 500})["data"]["communityStats"]["support"]["weekly"]
    assert len(weekly) == 52
    assert weekly[-1] == {"weekStart": _this_monday().date().isoformat(), **EMPTY_WEEK}
    assert client(WEEKLY, {"weeks": 0}) == {
        "data": {"communityStats": {"support": {"promisedFirstResponseHours": 24, "weekly": None}}},
        "errors": [
            {
                "message": "`weeks` must be at least 1.",
                "locations": [{"line": 1, "column": WEEKLY.index("weekly(") + 1}],
                "path": ["communityStats", "support", "weekly"],
                "extensions": {"code": "BAD_USER_INPUT"},
            }
        ],
    }


@pytest.mark.parametrize("role", ["anonymous", "customer"])
def test_the_public_reads_no_support_figures(role: str, customer: Member) -> None:
    client = GraphQLClient(customer if role == "customer" else None)
    assert client(WEEKLY, {"weeks": 4}) == {
        "data": {"communityStats": {"support": None}},
        "errors": [
            {
                "message": "You are not allowed to read this field.",
                "locations": [{"line": 1, "column": WEEKLY.index("support {") + 1}],
                "path": ["communityStats", "support"],
                "extensions": {"code": "FORBIDDEN"},
            }
        ],
    }


def test_the_weeks_cost_one_query(weeks_of_questions: datetime, adviser: Member) -> None:
    client = GraphQLClient(adviser)
    client("{ __typename }")  # the session and the member, read once per request anyway

    def queries(query: str, variables: dict[str, int] | None = None) -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert "errors" not in client(query, variables)
        return len(ctx.captured_queries)

    without = "{ communityStats { support { promisedFirstResponseHours } } }"
    assert queries(WEEKLY, {"weeks": 52}) - queries(without) == 1
