"""Apply the retention schedule (README, "Personal data"): safe to run hourly."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from resolvers.services.members import retention_apply


class Command(BaseCommand):
    help = (
        "Delete read notifications past their retention, never-read ones past theirs, "
        "expired sessions, expired rate-limit counters and old records of daily digests; "
        "print how many of each."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        report = retention_apply()
        self.stdout.write(
            f"Deleted {report.read_notifications} read notification(s), "
            f"{report.unread_notifications} unread notification(s), "
            f"{report.expired_sessions} expired session(s), "
            f"{report.expired_counters} expired counter(s), "
            f"{report.email_digests} daily digest record(s)."
        )
