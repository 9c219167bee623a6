"""Gather the members' daily e-mail digests and enqueue their sending (the task workers
send them). Run once a day by cron, e.g. `0 7 * * *` (at 07:00 in the server's time zone);
running it again the same day sends nobody a second digest (README, "E-mail")."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from resolvers.tasks.email import digests_gather


class Command(BaseCommand):
    help = (
        "Gather each member's daily digest (their unread DAILY_DIGEST notifications not yet "
        "e-mailed) and enqueue its sending; print how many digests were enqueued."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        self.stdout.write(f"{digests_gather()} digest(s) enqueued.")
