"""Committee mutations: meetings, agendas, scores, decisions."""

from __future__ import annotations

import strawberry


@strawberry.type
class CommitteeMutations:
    pass
