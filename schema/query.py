"""The root `Query`: each area's root fields (`<Area>Queries`, in `schema/<area>.py`) composed
in one class, listed in the order the published schema has always given them."""

from __future__ import annotations

import strawberry

from .committee import CommitteeQueries
from .core.node import NodeQueries
from .core.roots import keep_field_order
from .members import MemberQueries
from .moderation import ModerationQueries
from .notifications import NotificationQueries
from .search import SearchQueries
from .stats import StatsQueries
from .suggestions import SuggestionQueries
from .threads import ThreadQueries


@strawberry.type(description="Read the community.")
class Query(
    ModerationQueries,
    SearchQueries,
    CommitteeQueries,
    MemberQueries,
    NodeQueries,
    ThreadQueries,
    SuggestionQueries,
    StatsQueries,
    NotificationQueries,
):
    pass


keep_field_order(
    Query,
    (
        "flags",
        "search",
        "similarSuggestions",
        "committeeMeetings",
        "suggestionsAwaitingReview",
        "viewer",
        "node",
        "nodes",
        "categories",
        "threads",
        "thread",
        "suggestions",
        "members",
        "suggestion",
        "communityStats",
        "unansweredQuestions",
        "emailUnsubscription",
    ),
)
