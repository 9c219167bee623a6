"""Export the audit events of a date range with their chain (config/audit_export.py)."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from config.audit_export import export_csv, export_json
from models.models import AuditEvent


def _day(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"Not a date (YYYY-MM-DD): {value!r}") from None


class Command(BaseCommand):
    help = (
        "Print the audit events recorded from --since to --until (days in TIME_ZONE, both "
        "included) as JSON (with the chain's check) or CSV."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--since", required=True, help="First day, YYYY-MM-DD.")
        parser.add_argument("--until", required=True, help="Last day, YYYY-MM-DD.")
        parser.add_argument("--format", choices=("json", "csv"), default="json")

    def handle(self, *args: Any, **options: Any) -> None:
        since, until = _day(options["since"]), _day(options["until"])
        if until < since:
            raise CommandError("--until is before --since.")
        start = timezone.make_aware(datetime.combine(since, time.min))
        end = timezone.make_aware(datetime.combine(until + timedelta(days=1), time.min))
        events = AuditEvent.objects.filter(created_at__gte=start, created_at__lt=end)
        export = export_json if options["format"] == "json" else export_csv
        self.stdout.write(export(events.order_by("sequence")), ending="")
