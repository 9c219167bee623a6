"""Moderation: flags and the advisers' flag queue."""

from __future__ import annotations

import strawberry


@strawberry.type
class ModerationQueries:
    pass
