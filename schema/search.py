"""Search across threads, posts and suggestions."""

from __future__ import annotations

import strawberry


@strawberry.type
class SearchQueries:
    pass
