"""Mask the sensitive numbers (IBANs, cards, phones, NIRs) of every text already stored, in
place: what was written before masking existed, or loaded from elsewhere. The same code
masks them as at every write (`resolvers.sensitive`); a second run finds nothing."""

from __future__ import annotations

from collections import Counter
from typing import Any

from django.core.management.base import BaseCommand
from django.db import transaction
from django.db.models import Model

from models.audit import rewrite_values
from models.models import (
    AuditEvent,
    Category,
    CommitteeMeeting,
    Decision,
    Evaluation,
    Flag,
    Member,
    Notification,
    Post,
    PostRevision,
    StatusChange,
    Suggestion,
    Thread,
)
from resolvers.sensitive import Masked, SensitiveKind, mask

# Every text column a person wrote, by model: what others read, and what staff read.
TEXTS: tuple[tuple[type[Model], tuple[str, ...]], ...] = (
    (Thread, ("title", "body", "hidden_reason")),
    (Post, ("body", "hidden_reason")),
    (PostRevision, ("body",)),
    (Suggestion, ("title", "body", "public_response", "target_period", "hidden_reason")),
    (StatusChange, ("public_note",)),
    (CommitteeMeeting, ("title",)),
    (Evaluation, ("comment",)),
    (Decision, ("public_rationale", "internal_notes", "target_period")),
    (Flag, ("text",)),
    (Notification, ("reason",)),
    (Member, ("display_name",)),
    (Category, ("name", "description")),
)


def _masked_json(value: Any, found: Counter[SensitiveKind]) -> Any:
    """An audit event's `before` or `after` with every string in it masked; what was masked
    counted in `found`."""
    if isinstance(value, str):
        result: Masked = mask(value)
        found.update(result.kinds)
        return result.text
    if isinstance(value, dict):
        return {key: _masked_json(item, found) for key, item in value.items()}
    if isinstance(value, list):
        return [_masked_json(item, found) for item in value]
    return value


class Command(BaseCommand):
    help = (
        "Mask every sensitive number (IBAN, payment card, phone, social security number) in "
        "the texts already stored, revisions and the audit log included, and report how many "
        "of each kind. Running it again masks nothing more."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        found: Counter[SensitiveKind] = Counter()
        rows: Counter[str] = Counter()
        with transaction.atomic():
            for model, fields in TEXTS:
                for values in model._base_manager.values_list("pk", *fields).iterator(2000):
                    pk, texts = values[0], values[1:]
                    changes: dict[str, str] = {}
                    for name, text in zip(fields, texts, strict=True):
                        result = mask(text or "")
                        if result.changed:
                            changes[name] = result.text
                            found.update(result.kinds)
                    if changes:
                        model._base_manager.filter(pk=pk).update(**changes)
                        rows[model.__name__] += 1
            audit: dict[int, tuple[Any, Any]] = {}
            for pk, before, after in AuditEvent.objects.values_list("pk", "before", "after"):
                seen: Counter[SensitiveKind] = Counter()
                masked = (_masked_json(before, seen), _masked_json(after, seen))
                if seen:
                    audit[pk] = masked
                    found.update(seen)
            rechained = rewrite_values(audit)
            if audit:
                rows[AuditEvent.__name__] = len(audit)
            if found:
                # The rewrite is itself on the record: counts only, never a number.
                # Of no one row: the event names no target.
                AuditEvent.objects.create(
                    actor=None,
                    action="sensitive_data.redact",
                    target_type="",
                    target_id="",
                    after={
                        "masked": {kind.value: found[kind] for kind in SensitiveKind},
                        "rows": dict(sorted(rows.items())),
                        "audit_events_rechained": rechained,
                    },
                )
        for kind in SensitiveKind:
            self.stdout.write(f"{kind.value}: {found[kind]}")
        for name, count in sorted(rows.items()):
            self.stdout.write(f"{name} rows masked: {count}")
        self.stdout.write(
            f"Masked {sum(found.values())} sensitive numbers in {sum(rows.values())} rows."
        )
