"""GraphQL enums, from the model choices (and the selectors' orderings) so the two cannot drift.

Strawberry marks the class it declares as an enum (`__strawberry_definition__`). Each GraphQL
enum here is therefore declared on a copy of its Python enum, with the same member names and
values (`graphql_enum`): the models' choices and the selectors' enums stay plain Python,
whatever imports the schema. Values the API reads are members of the copy, so the schema
turns them back (`Choices(value)`, `Values[value.name]`) before it calls a selector or a
service. For type checkers the copy is the original (same names, same values).
"""

from __future__ import annotations

from collections.abc import Callable
from enum import Enum, StrEnum
from typing import TYPE_CHECKING, Any, TypeVar

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

E = TypeVar("E", bound=Enum)


def graphql_enum(values: type[E], *, name: str, description: str) -> type[E]:
    """The GraphQL enum `name`, declared on a new class with exactly the members (names and
    values) of `values`, which is left untouched. A copy of text choices is a `StrEnum`: its
    members equal (and hash as) the stored strings, as the choices' own do."""
    members = [(member.name, member.value) for member in values]
    # Enum's functional API, called through a plain callable: type checkers only know it
    # with literal arguments.
    functional: Callable[..., Any] = StrEnum if issubclass(values, str) else Enum
    copy: type[E] = functional(name, members, module=__name__)
    return strawberry.enum(copy, name=name, description=description)


if TYPE_CHECKING:
    Role = RoleChoices
    SuggestionStatus = SuggestionStatusChoices
    DecisionOutcome = DecisionOutcomeChoices
    ThreadKind = ThreadKindChoices
    ThreadStatus = ThreadStatusChoices
    SuggestionOrder = SuggestionOrderValues
    ThreadOrder = ThreadOrderValues
else:
    Role = graphql_enum(
        RoleChoices,
        name="Role",
        description="A member's role: CUSTOMER of the bank, ADVISER of the bank, or COMMITTEE "
        "member (the decision committee).",
    )
    SuggestionStatus = graphql_enum(
        SuggestionStatusChoices,
        name="SuggestionStatus",
        description="Where a suggestion stands: SUBMITTED → UNDER_REVIEW → SHORTLISTED "
        "(presented to the committee) → RETAINED / DEFERRED / REJECTED (by a published "
        "decision); RETAINED → IN_PROGRESS → DELIVERED; DUPLICATE when merged into another "
        "suggestion.",
    )
    DecisionOutcome = graphql_enum(
        DecisionOutcomeChoices,
        name="DecisionOutcome",
        description="What the committee decided: RETAINED, DEFERRED (waiting its turn) or "
        "REJECTED.",
    )
    ThreadKind = graphql_enum(
        ThreadKindChoices,
        name="ThreadKind",
        description="QUESTION (support: advisers answer, the author accepts an answer) or "
        "DISCUSSION.",
    )
    ThreadStatus = graphql_enum(
        ThreadStatusChoices,
        name="ThreadStatus",
        description="OPEN → ANSWERED (an adviser replied) → RESOLVED (an answer was accepted), "
        "or CLOSED.",
    )
    SuggestionOrder = graphql_enum(
        SuggestionOrderValues,
        name="SuggestionOrder",
        description="TOP: most votes first. NEWEST: most recent first. TRENDING: recent votes "
        "weighted by age (a vote of the last 24 h weighs 4, of the last 3 days 2, of the last "
        "7 days 1), then most votes. RECENTLY_DECIDED: decided suggestions only, the latest "
        "published decision first.",
    )
    ThreadOrder = graphql_enum(
        ThreadOrderValues,
        name="ThreadOrder",
        description="LATEST_ACTIVITY: most recently replied first. NEWEST: most recently "
        "opened first.",
    )
