from __future__ import annotations

import strawberry

from resolvers.selectors.stats import CommunityStats as CommunityStatsData

from .enums import DecisionOutcome, SuggestionStatus


@strawberry.type(description="How many suggestions have a status.")
class SuggestionStatusCount:
    status: SuggestionStatus = strawberry.field(description="The status.")
    count: int = strawberry.field(description="Number of suggestions with it.")


@strawberry.type(description="How many published decisions have an outcome.")
class DecisionOutcomeCount:
    outcome: DecisionOutcome = strawberry.field(description="The outcome.")
    count: int = strawberry.field(description="Number of published decisions with it.")


@strawberry.type(description="Public figures of the community (the same for every viewer).")
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
