"""`communityStats`: public figures, counting only what anyone may see."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from models.models import (
    DecisionOutcome,
    Member,
    StatusChange,
    Suggestion,
    SuggestionStatus,
    ThreadKind,
    ThreadStatus,
    Vote,
)
from tests.factories import (
    CustomerFactory,
    DecisionFactory,
    PostFactory,
    SuggestionFactory,
    ThreadFactory,
)
from tests.graphql import GraphQLClient

pytestmark = pytest.mark.django_db


def test_community_stats(anonymous: GraphQLClient, adviser: Member, chair: Member) -> None:
    long_ago = timezone.now() - timedelta(days=60)
    inactive = CustomerFactory.create()
    active_voter = CustomerFactory.create()
    old_thread = ThreadFactory.create(author=inactive, created_at=long_ago)
    PostFactory.create(thread=old_thread, author=adviser)  # adviser active today
    PostFactory.create(thread=old_thread, author=adviser, is_internal=True)  # never counted
    PostFactory.create(
        thread=old_thread,
        author=inactive,
        created_at=long_ago,
        hidden_at=timezone.now(),
        hidden_by=adviser,
        hidden_reason="Hors sujet",
    )
    retained = SuggestionFactory.create(
        author=inactive, status=SuggestionStatus.RETAINED, created_at=long_ago
    )
    Vote.objects.create(member=active_voter, suggestion=retained)
    rejected = SuggestionFactory.create(
        author=inactive, status=SuggestionStatus.REJECTED, created_at=long_ago
    )
    DecisionFactory.create(suggestion=retained, outcome=DecisionOutcome.RETAINED, recorded_by=chair)
    DecisionFactory.create(
        suggestion=rejected,
        outcome=DecisionOutcome.REJECTED,
        public_rationale="Trop cher.",
        recorded_by=chair,
    )
    # A draft is not a published decision.
    DecisionFactory.create(
        suggestion=SuggestionFactory.create(author=inactive, created_at=long_ago),
        outcome=DecisionOutcome.DEFERRED,
        public_rationale="Plus tard.",
        published_at=None,
        recorded_by=chair,
    )
    result = anonymous(
        "{ communityStats { members activeMembersLast30Days threads posts "
        "suggestionsByStatus { status count } publishedDecisionsByOutcome { outcome count } } }"
    )
    by_status = {s.value: 0 for s in SuggestionStatus}
    by_status.update({"SUBMITTED": 1, "RETAINED": 1, "REJECTED": 1})
    assert result == {
        "data": {
            "communityStats": {
                # inactive, active_voter, adviser, chair
                "members": 4,
                "activeMembersLast30Days": 2,
                "threads": 1,
                "posts": 1,
                "suggestionsByStatus": [
                    {"status": status, "count": count} for status, count in by_status.items()
                ],
                "publishedDecisionsByOutcome": [
                    {"outcome": "RETAINED", "count": 1},
                    {"outcome": "DEFERRED", "count": 0},
                    {"outcome": "REJECTED", "count": 1},
                ],
            }
        }
    }


# --- Accountability figures ------------------------------------------------------------------

ACCOUNTABILITY = (
    "{ communityStats { medianDaysFromShortlistToDecision "
    "decisionPromise { thresholdVotes delayDays eligible decidedWithinDelay share } "
    "retainedByTargetPeriod { targetPeriod count } "
    "support { questions answered medianFirstResponseHours p90FirstResponseHours "
    "resolved resolvedShare } } }"
)

PUBLIC_FIGURES = {
    # Shortlisted → first published decision after it: 4, 7, 10 and 13 days.
    "medianDaysFromShortlistToDecision": 8.5,
    "decisionPromise": {
        "thresholdVotes": 3,
        "delayDays": 10,
        # kept1, late, silent, quick, fourth_vote_late, draft_only
        "eligible": 6,
        # kept1, quick, fourth_vote_late
        "decidedWithinDelay": 3,
        "share": 0.5,
    },
    "retainedByTargetPeriod": [
        {"targetPeriod": "2027 Q1", "count": 2},
        {"targetPeriod": "2027 Q3", "count": 1},
        {"targetPeriod": "", "count": 1},
    ],
}

SUPPORT = {
    "questions": 5,
    "answered": 4,
    # First responses after 2, 4, 6 and 10 hours.
    "medianFirstResponseHours": 5.0,
    # percentile_cont(0.9): position 0.9 × 3 = 2.7, so 6 + 0.7 × (10 − 6).
    "p90FirstResponseHours": 8.8,
    "resolved": 2,
    "resolvedShare": 0.4,
}


def _hidden(by: Member) -> dict[str, Any]:
    return {"hidden_at": timezone.now(), "hidden_by": by, "hidden_reason": "Modération"}


class _Figures:
    """A small community whose every figure is computed by hand (see the expected values)."""

    def __init__(self, *, adviser: Member, chair: Member, now: datetime) -> None:
        self.adviser, self.chair, self.now = adviser, chair, now
        self.voters = CustomerFactory.create_batch(4)

    def days_ago(self, days: float) -> datetime:
        return self.now - timedelta(days=days)

    def hours_ago(self, hours: float) -> datetime:
        return self.now - timedelta(hours=hours)

    def decide(
        self,
        suggestion: Suggestion,
        outcome: DecisionOutcome,
        published_at: datetime | None,
        target_period: str = "",
    ) -> None:
        DecisionFactory.create(
            suggestion=suggestion,
            outcome=outcome,
            public_rationale="" if outcome == DecisionOutcome.RETAINED else "Parce que.",
            target_period=target_period,
            published_at=published_at,
            recorded_by=self.chair,
        )

    def shortlist(self, suggestion: Suggestion, at: datetime) -> None:
        StatusChange.objects.create(
            suggestion=suggestion,
            from_status=SuggestionStatus.UNDER_REVIEW,
            to_status=SuggestionStatus.SHORTLISTED,
            actor=self.adviser,
            created_at=at,
        )

    def vote(self, suggestion: Suggestion, *days_ago: float) -> None:
        for voter, days in zip(self.voters, days_ago, strict=False):
            Vote.objects.create(member=voter, suggestion=suggestion, created_at=self.days_ago(days))
        suggestion.vote_count = len(days_ago)
        suggestion.save(update_fields=["vote_count"])

    def shortlisted_then_decided(self) -> None:
        """Durations 4, 7, 10, 13 days; the median is 8.5. No votes, never RETAINED."""
        for shortlisted, decided in ((30, 26), (40, 33), (50, 40), (60, 47)):
            suggestion = SuggestionFactory.create(status=SuggestionStatus.REJECTED)
            self.shortlist(suggestion, self.days_ago(shortlisted))
            self.decide(suggestion, DecisionOutcome.REJECTED, self.days_ago(decided))
        # Not measured: a draft only, a hidden suggestion, a decision before the shortlisting.
        draft = SuggestionFactory.create(status=SuggestionStatus.SHORTLISTED)
        self.shortlist(draft, self.days_ago(20))
        self.decide(draft, DecisionOutcome.REJECTED, None)
        hidden = SuggestionFactory.create(status=SuggestionStatus.REJECTED, **_hidden(self.adviser))
        self.shortlist(hidden, self.days_ago(300))
        self.decide(hidden, DecisionOutcome.REJECTED, self.days_ago(1))

    def promise(self) -> None:
        """Threshold 3 votes, 10 days. Status SUBMITTED and no shortlisting: only the promise
        sees them."""

        def suggestion(**kwargs: Any) -> Suggestion:
            return SuggestionFactory.create(**kwargs)

        kept1 = suggestion()  # reached 30 days ago, decided 5 days later
        self.vote(kept1, 40, 35, 30)
        self.decide(kept1, DecisionOutcome.DEFERRED, self.days_ago(25))
        late = suggestion()  # decided 15 days after
        self.vote(late, 40, 35, 30)
        self.decide(late, DecisionOutcome.REJECTED, self.days_ago(15))
        silent = suggestion()  # no decision, 30 days on: the promise is broken
        self.vote(silent, 40, 35, 30)
        waiting = suggestion()  # reached 2 days ago, still has 8 days: not counted yet
        self.vote(waiting, 4, 3, 2)
        quick = suggestion()  # reached 2 days ago, decided the next day
        self.vote(quick, 4, 3, 2)
        self.decide(quick, DecisionOutcome.DEFERRED, self.days_ago(1))
        below = suggestion()  # 2 votes: never reached the threshold
        self.vote(below, 40, 35)
        self.decide(below, DecisionOutcome.REJECTED, self.days_ago(1))
        # Reached with its 3rd vote (30 days ago), whatever came after: decided 8 days later.
        fourth_vote_late = suggestion()
        self.vote(fourth_vote_late, 40, 35, 30, 1)
        self.decide(fourth_vote_late, DecisionOutcome.DEFERRED, self.days_ago(22))
        draft_only = suggestion()  # a draft is no answer to the public
        self.vote(draft_only, 40, 35, 30)
        self.decide(draft_only, DecisionOutcome.REJECTED, None)
        hidden = suggestion(**_hidden(self.adviser))  # not public
        self.vote(hidden, 40, 35, 30)
        duplicate = suggestion(status=SuggestionStatus.DUPLICATE, duplicate_of=kept1)
        self.vote(duplicate, 40, 35, 30)

    def retained(self) -> None:
        """2027 Q1: 2 (in progress, delivered); 2027 Q3: 1; no period: 1."""
        for status, period in (
            (SuggestionStatus.RETAINED, "2027 Q3"),
            (SuggestionStatus.IN_PROGRESS, "2027 Q1"),
            (SuggestionStatus.DELIVERED, "2027 Q1"),
            (SuggestionStatus.RETAINED, ""),
        ):
            s = SuggestionFactory.create(status=status, target_period=period)
            self.decide(s, DecisionOutcome.RETAINED, self.days_ago(100), period)
        # Not counted: retained by a draft only, hidden, deferred.
        draft = SuggestionFactory.create(status=SuggestionStatus.RETAINED, target_period="2027 Q3")
        self.decide(draft, DecisionOutcome.RETAINED, None, "2027 Q3")
        hidden = SuggestionFactory.create(
            status=SuggestionStatus.RETAINED, target_period="2027 Q1", **_hidden(self.adviser)
        )
        self.decide(hidden, DecisionOutcome.RETAINED, self.days_ago(100), "2027 Q1")
        deferred = SuggestionFactory.create(status=SuggestionStatus.DEFERRED)
        self.decide(deferred, DecisionOutcome.DEFERRED, self.days_ago(100))

    def support(self) -> None:
        """Questions answered after 2, 4, 6 and 10 hours, one unanswered; 2 of 5 resolved."""
        for asked, answered, status in (
            (10, 8, ThreadStatus.ANSWERED),
            (20, 16, ThreadStatus.RESOLVED),
            (30, 24, ThreadStatus.RESOLVED),
            (50, 40, ThreadStatus.CLOSED),
        ):
            ThreadFactory.create(
                created_at=self.hours_ago(asked),
                first_response_at=self.hours_ago(answered),
                status=status,
                resolved_at=self.now if status == ThreadStatus.RESOLVED else None,
            )
        ThreadFactory.create(created_at=self.hours_ago(5))
        # Not counted: a hidden question, a discussion.
        ThreadFactory.create(
            created_at=self.hours_ago(200),
            first_response_at=self.hours_ago(100),
            status=ThreadStatus.RESOLVED,
            resolved_at=self.now,
            **_hidden(self.adviser),
        )
        ThreadFactory.create(
            kind=ThreadKind.DISCUSSION,
            created_at=self.hours_ago(200),
            first_response_at=self.hours_ago(100),
        )

    def build(self) -> None:
        self.shortlisted_then_decided()
        self.promise()
        self.retained()
        self.support()


@pytest.fixture
def figures(settings: Any, adviser: Member, chair: Member) -> _Figures:
    settings.COMPTOIR_REVIEW_THRESHOLD = 3
    settings.COMPTOIR_DECISION_DELAY_DAYS = 10
    figures = _Figures(adviser=adviser, chair=chair, now=timezone.now())
    figures.build()
    return figures


FORBIDDEN_SUPPORT = [
    {
        "message": "You are not allowed to read this field.",
        "locations": [{"line": 1, "column": ACCOUNTABILITY.index("support {") + 1}],
        "path": ["communityStats", "support"],
        "extensions": {"code": "FORBIDDEN"},
    }
]


@pytest.mark.usefixtures("figures")
@pytest.mark.parametrize("role", ["anonymous", "customer"])
def test_accountability_figures_for_the_public(role: str, customer: Member) -> None:
    client = GraphQLClient(customer if role == "customer" else None)
    assert client(ACCOUNTABILITY) == {
        "data": {"communityStats": {**PUBLIC_FIGURES, "support": None}},
        "errors": FORBIDDEN_SUPPORT,
    }


@pytest.mark.usefixtures("figures")
@pytest.mark.parametrize("role", ["adviser", "committee", "chair"])
def test_accountability_figures_for_advisers_and_the_committee(
    role: str, adviser: Member, committee_member: Member, chair: Member
) -> None:
    viewer = {"adviser": adviser, "committee": committee_member, "chair": chair}[role]
    # The same public figures for everyone: staff see no hidden row or draft in them.
    assert GraphQLClient(viewer)(ACCOUNTABILITY) == {
        "data": {"communityStats": {**PUBLIC_FIGURES, "support": SUPPORT}}
    }


def test_accountability_figures_without_data(adviser_client: GraphQLClient) -> None:
    assert adviser_client(ACCOUNTABILITY) == {
        "data": {
            "communityStats": {
                "medianDaysFromShortlistToDecision": None,
                "decisionPromise": {
                    "thresholdVotes": 50,
                    "delayDays": 90,
                    "eligible": 0,
                    "decidedWithinDelay": 0,
                    "share": None,
                },
                "retainedByTargetPeriod": [],
                "support": {
                    "questions": 0,
                    "answered": 0,
                    "medianFirstResponseHours": None,
                    "p90FirstResponseHours": None,
                    "resolved": 0,
                    "resolvedShare": None,
                },
            }
        }
    }


def test_a_single_duration_is_its_own_median_and_percentile(
    adviser_client: GraphQLClient,
) -> None:
    now = timezone.now()
    ThreadFactory.create(
        created_at=now - timedelta(hours=3), first_response_at=now - timedelta(minutes=90)
    )
    result = adviser_client(
        "{ communityStats { support { medianFirstResponseHours p90FirstResponseHours } } }"
    )
    assert result == {
        "data": {
            "communityStats": {
                "support": {"medianFirstResponseHours": 1.5, "p90FirstResponseHours": 1.5}
            }
        }
    }


def test_first_shortlisting_to_first_decision_after_it(
    anonymous: GraphQLClient, adviser: Member, chair: Member
) -> None:
    figures = _Figures(adviser=adviser, chair=chair, now=timezone.now())
    suggestion = SuggestionFactory.create(status=SuggestionStatus.REJECTED)
    # Deferred 6 days after its first shortlisting, shortlisted again, rejected later.
    figures.shortlist(suggestion, figures.days_ago(40))
    figures.decide(suggestion, DecisionOutcome.DEFERRED, figures.days_ago(34))
    figures.shortlist(suggestion, figures.days_ago(20))
    figures.decide(suggestion, DecisionOutcome.REJECTED, figures.days_ago(2))
    # A decision published before the suggestion was ever shortlisted is not an answer to it.
    early = SuggestionFactory.create(status=SuggestionStatus.SHORTLISTED)
    figures.decide(early, DecisionOutcome.DEFERRED, figures.days_ago(30))
    figures.shortlist(early, figures.days_ago(10))
    result = anonymous("{ communityStats { medianDaysFromShortlistToDecision } }")
    assert result == {"data": {"communityStats": {"medianDaysFromShortlistToDecision": 6.0}}}


EVERYTHING = (
    "{ communityStats { members activeMembersLast30Days threads posts "
    "suggestionsByStatus { status count } publishedDecisionsByOutcome { outcome count } "
    "medianDaysFromShortlistToDecision "
    "decisionPromise { thresholdVotes delayDays eligible decidedWithinDelay share } "
    "retainedByTargetPeriod { targetPeriod count } "
    "support { questions answered medianFirstResponseHours p90FirstResponseHours "
    "resolved resolvedShare } } }"
)


def _count_queries(client: GraphQLClient) -> int:
    with CaptureQueriesContext(connection) as ctx:
        result = client(EVERYTHING)
    assert result["data"]["communityStats"]["decisionPromise"] is not None
    return len(ctx.captured_queries)


def test_figures_cost_a_fixed_number_of_queries(figures: _Figures, adviser: Member) -> None:
    anonymous, staff = GraphQLClient(), GraphQLClient(adviser)
    # members, active members, threads, posts, suggestions by status, decisions by outcome,
    # median, promise, retained (support is refused without a query)
    assert _count_queries(anonymous) == 9
    # the same, with the session and the member, and the support counts and durations
    assert _count_queries(staff) == 13
    figures.build()  # twice the data
    assert _count_queries(anonymous) == 9
    assert _count_queries(staff) == 13
