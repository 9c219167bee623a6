"""Walk the audit log's hash chain and report the first event altered, removed or inserted
out of order (models/audit.py); exit non-zero when the chain is broken."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from models.audit import verify_chain
from models.models import AuditChainHead, AuditEvent


class Command(BaseCommand):
    help = (
        "Check every audit event's SHA-256 against its content and its link to the event "
        "before; print the first break and exit with status 1, or the number of events."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        counted = 0

        def events() -> Iterator[AuditEvent]:
            nonlocal counted
            for event in AuditEvent.objects.order_by("sequence").iterator(chunk_size=2000):
                counted += 1
                yield event

        broken = verify_chain(events(), head=AuditChainHead.objects.filter(pk=1).first())
        if broken is not None:
            raise CommandError(f"The audit log's chain is broken at {broken}.")
        self.stdout.write(f"The audit log's chain is intact: {counted} events.")
