"""Recompute every suggestion's stored vote count from its vote rows."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from resolvers.services.votes import vote_counts_reconcile


class Command(BaseCommand):
    help = "Set each Suggestion.vote_count to its number of Vote rows; print how many changed."

    def handle(self, *args: Any, **options: Any) -> None:
        fixed = vote_counts_reconcile()
        self.stdout.write(f"Repaired {fixed} stored vote count(s).")
