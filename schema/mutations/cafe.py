"""Café workflow mutations: answers, resolution, moderation."""

from __future__ import annotations

import strawberry


@strawberry.type
class CafeMutations:
    pass
