"""GraphQL enums, from the model choices so the two cannot drift."""

import strawberry

from models.models import (
    DecisionOutcome as DecisionOutcomeChoices,
)
from models.models import (
    Role as RoleChoices,
)
from models.models import (
    SuggestionStatus as SuggestionStatusChoices,
)
from models.models import (
    ThreadKind as ThreadKindChoices,
)
from models.models import (
    ThreadStatus as ThreadStatusChoices,
)
from resolvers.selectors.suggestions import SuggestionOrder as SuggestionOrderValues
from resolvers.selectors.threads import ThreadOrder as ThreadOrderValues

strawberry.enum(
    RoleChoices,
    name="Role",
    description="A member's role: CUSTOMER of the bank, ADVISER of the bank, or COMMITTEE "
    "member (the decision committee).",
)
strawberry.enum(
    SuggestionStatusChoices,
    name="SuggestionStatus",
    description="Where a suggestion stands: SUBMITTED → UNDER_REVIEW → SHORTLISTED (presented "
    "to the committee) → RETAINED / DEFERRED / REJECTED (by a published decision); RETAINED → "
    "IN_PROGRESS → DELIVERED; DUPLICATE when merged into another suggestion.",
)
strawberry.enum(
    DecisionOutcomeChoices,
    name="DecisionOutcome",
    description="What the committee decided: RETAINED, DEFERRED (waiting its turn) or REJECTED.",
)
strawberry.enum(
    ThreadKindChoices,
    name="ThreadKind",
    description="QUESTION (support: advisers answer, the author accepts an answer) or DISCUSSION.",
)
strawberry.enum(
    ThreadStatusChoices,
    name="ThreadStatus",
    description="OPEN → ANSWERED (an adviser replied) → RESOLVED (an answer was accepted), "
    "or CLOSED.",
)
strawberry.enum(
    SuggestionOrderValues,
    name="SuggestionOrder",
    description="TOP: most votes first. NEWEST: most recent first. TRENDING: recent votes "
    "weighted by age (a vote of the last 24 h weighs 4, of the last 3 days 2, of the last "
    "7 days 1), then most votes. RECENTLY_DECIDED: decided suggestions only, the latest "
    "published decision first.",
)
strawberry.enum(
    ThreadOrderValues,
    name="ThreadOrder",
    description="LATEST_ACTIVITY: most recently replied first. NEWEST: most recently opened first.",
)

# strawberry.enum registers the classes in place; these names are what the schema uses.
Role = RoleChoices
SuggestionStatus = SuggestionStatusChoices
DecisionOutcome = DecisionOutcomeChoices
ThreadKind = ThreadKindChoices
ThreadStatus = ThreadStatusChoices
SuggestionOrder = SuggestionOrderValues
ThreadOrder = ThreadOrderValues
