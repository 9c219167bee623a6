"""The decision committee: meetings, agendas, evaluations."""

from __future__ import annotations

import strawberry


@strawberry.type
class CommitteeQueries:
    pass
