from __future__ import annotations

import datetime
from typing import Annotated

import strawberry
from asgiref.sync import sync_to_async

from models.models import TokenScope
from permissions.fields import (
    CanReadStats,
    CanViewSupportFigures,
)
from resolvers.selectors.stats import CommunityStats as CommunityStatsData
from resolvers.selectors.stats import (
    community_stats,
    decision_promise,
    median_days_from_shortlist_to_decision,
    retained_by_target_period,
    support_figures,
    support_weeks,
)

from .core.base import from_data
from .core.context import Info
from .core.limits import TARGET_PERIODS_MAX
from .partners import needs_scope
from .suggestions import DecisionOutcome, SuggestionStatus


@strawberry.type(description="How many suggestions have a status.")
class SuggestionStatusCount:
    status: SuggestionStatus = strawberry.field(description="The status.")
    count: int = strawberry.field(description="Number of suggestions with it.")


@strawberry.type(description="How many published decisions have an outcome.")
class DecisionOutcomeCount:
    outcome: DecisionOutcome = strawberry.field(description="The outcome.")
    count: int = strawberry.field(description="Number of published decisions with it.")


@strawberry.type(description="How many retained ideas are planned for a period.")
class TargetPeriodCount:
    target_period: str = strawberry.field(
        description='The period the idea shows, e.g. "2027 Q3" (empty when none was set).'
    )
    count: int = strawberry.field(description="Number of retained ideas planned for it.")


@strawberry.type(
    description="The promise to the community: a suggestion that reaches `thresholdVotes` "
    "votes gets a published committee decision within `delayDays` days, counted from its "
    "`thresholdVotes`-th vote."
)
class DecisionPromise:
    threshold_votes: int = strawberry.field(
        description="Votes that make a suggestion eligible (COMPTOIR_REVIEW_THRESHOLD)."
    )
    delay_days: int = strawberry.field(
        description="Days promised for a decision (COMPTOIR_DECISION_DELAY_DAYS)."
    )
    eligible: int = strawberry.field(
        description="Suggestions the promise can be judged on: public suggestions (duplicates "
        "and withdrawn ones excepted) that reached the threshold and either have a published "
        "decision or reached it at least `delayDays` days ago. One that reached it more "
        "recently and awaits its decision can still be answered in time, so it is not counted "
        "yet."
    )
    decided_within_delay: int = strawberry.field(
        description="Of those, the ones whose first published decision came at most "
        "`delayDays` days after the threshold was reached (or before)."
    )
    share: float | None = strawberry.field(
        description="`decidedWithinDelay` / `eligible`, between 0 and 1 (4 decimals); null "
        "when `eligible` is 0."
    )


@strawberry.type(
    description="How fast advisers answer support questions, over the QUESTION threads not "
    "hidden by moderation. Durations in hours (2 decimals); percentiles interpolate like "
    "PostgreSQL's percentile_cont."
)
class SupportFigures:
    promised_first_response_hours: int = strawberry.field(
        description="The first-response time promised to customers who ask a question, in "
        "hours (COMPTOIR_SUPPORT_RESPONSE_HOURS, 24 by default)."
    )
    questions: int = strawberry.field(description="Questions asked.")
    answered: int = strawberry.field(
        description="Questions with an adviser's answer (a first-response time)."
    )
    median_first_response_hours: float | None = strawberry.field(
        description="Median time from a question to an adviser's first answer, over the "
        "answered questions; null when none is."
    )
    p90_first_response_hours: float | None = strawberry.field(
        description="90th percentile of that time: nine answered questions in ten were "
        "answered at least this fast; null when none is."
    )
    resolved: int = strawberry.field(description="Questions RESOLVED.")
    resolved_share: float | None = strawberry.field(
        description="`resolved` / `questions`, between 0 and 1 (4 decimals); null without "
        "questions."
    )

    @strawberry.field(
        description="The same figures week by week, for the questions asked each week (Monday "
        "to Sunday, Europe/Paris), the current week last and every week listed. At most "
        "52 weeks (more are cut to 52)."
    )
    async def weekly(
        self,
        info: Info,
        weeks: Annotated[
            int,
            strawberry.argument(
                description="How many weeks, the current one included (at least 1)."
            ),
        ] = 12,
    ) -> list[SupportWeek] | None:
        rows = await sync_to_async(support_weeks)(viewer=info.context.viewer, weeks=weeks)
        return [from_data(SupportWeek, row) for row in rows]


@strawberry.type(
    description="The support figures of the questions asked in one week, as they stand now "
    "(a question asked that week may have been answered later)."
)
class SupportWeek:
    week_start: datetime.date = strawberry.field(description="The week's Monday (Europe/Paris).")
    questions: int = strawberry.field(description="Questions asked that week.")
    answered: int = strawberry.field(description="Of those, questions with an adviser's answer.")
    answered_within_promise: int = strawberry.field(
        description="Of those, questions first answered within the promised time "
        "(`promisedFirstResponseHours`)."
    )
    median_first_response_hours: float | None = strawberry.field(
        description="Median time to the first answer, in hours (2 decimals); null when none "
        "was answered."
    )
    p90_first_response_hours: float | None = strawberry.field(
        description="90th percentile of that time, in hours; null when none was answered."
    )
    resolved: int = strawberry.field(description="Of those, questions now RESOLVED.")
    resolved_share: float | None = strawberry.field(
        description="`resolved` / `questions`, between 0 and 1 (4 decimals); null without "
        "questions."
    )


@strawberry.type(
    description="Figures of the community. The public ones count only what an anonymous "
    "visitor can see (no hidden content, internal note or draft decision), so they are the "
    "same for every viewer."
)
class CommunityStats:
    members: int = strawberry.field(description="Active accounts.")
    active_members_last_30_days: int = strawberry.field(
        description="Members who opened a thread, replied, submitted or voted in the last 30 days."
    )
    threads: int = strawberry.field(description="Public threads.")
    posts: int = strawberry.field(description="Public replies.")
    suggestions_by_status: list[SuggestionStatusCount] = strawberry.field(
        description="Suggestions per status, every status listed."
    )
    published_decisions_by_outcome: list[DecisionOutcomeCount] = strawberry.field(
        description="Published decisions per outcome, every outcome listed."
    )

    @strawberry.field(
        description="Median number of days (2 decimals) from the first time a suggestion was "
        "presented to the committee (its change into SHORTLISTED) to the first decision "
        "published after that, over the suggestions that have both; null when none has."
    )
    async def median_days_from_shortlist_to_decision(self, info: Info) -> float | None:
        return await sync_to_async(median_days_from_shortlist_to_decision)(
            viewer=info.context.viewer
        )

    @strawberry.field(
        description="Whether suggestions that reached the vote threshold got a published "
        "decision within the promised delay."
    )
    async def decision_promise(self, info: Info) -> DecisionPromise:
        data = await sync_to_async(decision_promise)(viewer=info.context.viewer)
        return from_data(DecisionPromise, data)

    @strawberry.field(
        description="Ideas retained by a published committee decision (now RETAINED, "
        "IN_PROGRESS or DELIVERED) per target period, in period order; ideas without a "
        f"period last (at most {TARGET_PERIODS_MAX} periods)."
    )
    async def retained_by_target_period(self, info: Info) -> list[TargetPeriodCount]:
        rows = await sync_to_async(retained_by_target_period)(viewer=info.context.viewer)
        # Bounded, so that a document's cost bounds what it is served (schema/core/limits.py).
        return [
            TargetPeriodCount(target_period=period, count=n)
            for period, n in rows[:TARGET_PERIODS_MAX]
        ]

    @strawberry.field(
        description="Support response times and resolution. Advisers, the committee and "
        "partner tokens with `stats:read` only: others get null and a FORBIDDEN error.",
        permission_classes=[CanViewSupportFigures],
    )
    async def support(self, info: Info) -> SupportFigures | None:
        data = await sync_to_async(support_figures)(viewer=info.context.viewer)
        return from_data(SupportFigures, data)

    @classmethod
    def from_data(cls, data: CommunityStatsData) -> CommunityStats:
        return cls(
            members=data.members,
            active_members_last_30_days=data.active_members_last_30_days,
            threads=data.threads,
            posts=data.posts,
            suggestions_by_status=[
                SuggestionStatusCount(status=SuggestionStatus(s), count=n)
                for s, n in data.suggestions_by_status.items()
            ],
            published_decisions_by_outcome=[
                DecisionOutcomeCount(outcome=DecisionOutcome(o), count=n)
                for o, n in data.published_decisions_by_outcome.items()
            ],
        )


@strawberry.type
class StatsQueries:
    """Root field of the community figures."""

    @strawberry.field(
        description="Figures of the community: public ones for everyone, support figures for "
        "advisers, the committee and partner tokens." + needs_scope(TokenScope.STATS_READ),
        permission_classes=[CanReadStats],
    )
    async def community_stats(self, info: Info) -> CommunityStats | None:
        data = await sync_to_async(community_stats)(viewer=info.context.viewer)
        return CommunityStats.from_data(data)
