"""The audit log of staff actions: append-only, and tamper-evident.

Each event stores the SHA-256 hash of its content chained to the previous event's hash
(`sequence` 1, 2, 3... with no gap). The hash is computed when the event is saved, in the
saving transaction, after taking the lock of the chain's head row (`AuditChainHead`): two
staff actions at the same time still form one chain, on PostgreSQL (row lock) and on
SQLite (the first write takes the database's write lock). Rewriting, removing or inserting
an event anywhere breaks the chain from there on, which `verify_chain` (the command
`verify_audit_log`) reports; on PostgreSQL a trigger also refuses UPDATE and DELETE, so the
chain is the defence against what only a database superuser can do.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC
from typing import Any

from django.conf import settings
from django.db import connection, models, transaction
from django.db.models import F
from django.utils import timezone

# The `previous_hash` of the first event.
GENESIS_HASH = "0" * 64


class AuditEventQuerySet(models.QuerySet["AuditEvent"]):
    def update(self, **kwargs: object) -> int:
        raise PermissionError("The audit log is append-only.")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise PermissionError("The audit log is append-only.")


class AuditChainHead(models.Model):
    """The chain's last link: one row (id 1) holding the latest event's sequence and hash.
    Saving an event locks it first, which serialises the chain's writers. Not itself
    evidence: `verify_chain` checks the events, and this row only to find events removed
    from the end."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    sequence = models.PositiveBigIntegerField(default=0)
    hash = models.CharField(max_length=64, default=GENESIS_HASH)

    class Meta:
        app_label = "community"
        constraints = [
            models.CheckConstraint(condition=models.Q(id=1), name="audit_chain_head_single_row")
        ]

    def __str__(self) -> str:
        return f"audit chain at #{self.sequence}"


class AuditEvent(models.Model):
    """Append-only record of a staff action, chained by hash to the one before (module
    docstring). On PostgreSQL a trigger also refuses UPDATE and DELETE, so not even raw SQL
    from the application can rewrite history."""

    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    action = models.CharField(max_length=64)
    target_type = models.CharField(max_length=64)
    target_id = models.CharField(max_length=64)
    before = models.JSONField(null=True, blank=True)
    after = models.JSONField(null=True, blank=True)
    request_id = models.CharField(max_length=64, blank=True, default="")
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    # The chain: 1, 2, 3... in the order events were written.
    sequence = models.PositiveBigIntegerField(unique=True)
    previous_hash = models.CharField(max_length=64)
    # SHA-256 (hex) of `chained_content()`.
    hash = models.CharField(max_length=64, unique=True)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        app_label = "community"
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.action} {self.target_type}:{self.target_id}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        """Insert the event as the chain's next link (never update one)."""
        if self.pk is not None:
            raise PermissionError("The audit log is append-only.")
        with transaction.atomic():
            # The head's row lock (SQLite: the database's write lock) is taken here and held
            # to the end of the caller's transaction: the next writer waits for this one.
            heads = AuditChainHead.objects.filter(pk=1)
            if not heads.update(sequence=F("sequence") + 1):
                # No head yet (a new database, or its tables emptied): it starts after the
                # last event there is. Two first writers at once: one creates it, the other
                # finds it (get_or_create retries the read on the unique key's conflict),
                # and both then take its lock in turn.
                last = AuditEvent.objects.order_by("-sequence").first()
                AuditChainHead.objects.get_or_create(
                    pk=1,
                    defaults={
                        "sequence": last.sequence if last else 0,
                        "hash": last.hash if last else GENESIS_HASH,
                    },
                )
                heads.update(sequence=F("sequence") + 1)
            head = AuditChainHead.objects.get(pk=1)
            self.sequence = head.sequence
            self.previous_hash = head.hash
            self.hash = self.computed_hash()
            super().save(*args, **kwargs)
            heads.update(hash=self.hash)

    def delete(self, *args: object, **kwargs: object) -> tuple[int, dict[str, int]]:
        raise PermissionError("The audit log is append-only.")

    def chained_content(self) -> bytes:
        """What the hash covers: every field but the id and the hash itself, as canonical
        JSON (sorted keys, no blanks, UTF-8; the instant in UTC with microseconds)."""
        content: dict[str, Any] = {
            "sequence": self.sequence,
            "previous_hash": self.previous_hash,
            "created_at": self.created_at.astimezone(UTC).isoformat(timespec="microseconds"),
            "actor_id": self.actor_id,
            "action": self.action,
            "target_type": self.target_type,
            "target_id": self.target_id,
            "before": self.before,
            "after": self.after,
            "request_id": self.request_id,
        }
        return json.dumps(
            content, sort_keys=True, ensure_ascii=False, separators=(",", ":")
        ).encode()

    def computed_hash(self) -> str:
        """The SHA-256 (hex) of the event's content as stored now."""
        return hashlib.sha256(self.chained_content()).hexdigest()


@dataclass(frozen=True, slots=True)
class ChainBreak:
    """Where the chain first breaks: the event's sequence number and id (None when the
    events are missing from the end), and what was found."""

    sequence: int
    event_id: int | None
    problem: str

    def __str__(self) -> str:
        where = f"event #{self.sequence}" + (f" (id {self.event_id})" if self.event_id else "")
        return f"{where}: {self.problem}"


def verify_chain(
    events: Iterable[AuditEvent],
    *,
    previous_hash: str = GENESIS_HASH,
    first_sequence: int = 1,
    head: AuditChainHead | None = None,
) -> ChainBreak | None:
    """The first break of the chain of `events` (in `sequence` order), or None when every
    event is intact and in place: an event whose content no longer gives its hash
    (altered), a gap in the sequence (removed), an event not linked to the one before it
    (inserted, or reordered), and, given the `head`, events missing after the last one.
    A part of the chain is checked from its first event's `previous_hash` and
    `first_sequence`. Reads each event once, in order."""
    expected_sequence, expected_previous = first_sequence, previous_hash
    for event in events:
        if event.sequence != expected_sequence:
            return ChainBreak(
                expected_sequence,
                None,
                f"missing: the log goes from #{expected_sequence - 1} to #{event.sequence} "
                "(events removed)",
            )
        if event.computed_hash() != event.hash:
            return ChainBreak(
                event.sequence, event.pk, "altered: its content does not match its hash"
            )
        if event.previous_hash != expected_previous:
            return ChainBreak(
                event.sequence,
                event.pk,
                "out of place: not linked to the event before it (inserted or reordered)",
            )
        expected_sequence, expected_previous = event.sequence + 1, event.hash
    if head is not None and head.sequence >= expected_sequence:
        return ChainBreak(
            expected_sequence,
            None,
            f"missing: the chain's head is at #{head.sequence}, the log ends at "
            f"#{expected_sequence - 1} (events removed from the end)",
        )
    return None


_TRIGGER = "community_auditevent_append_only"


def rewrite_values(values: Mapping[int, tuple[Any, Any]]) -> int:
    """Give the events with these ids new `before` and `after` values (`{id: (before,
    after)}`) and chain again every event from the first of them to the end, so that the
    chain stays whole (`verify_chain`); returns the number of events hashed again.

    The one rewrite of history there is: masking sensitive numbers that were recorded before
    masking existed (`redact_sensitive_data`, which records an event of its own saying so).
    Runs in one transaction under the chain head's lock; on PostgreSQL the append-only
    trigger is switched off for that pass only, inside it, as migration 0011 did."""
    if not values:
        return 0
    rows = AuditEvent._base_manager
    with transaction.atomic():
        heads = AuditChainHead.objects.select_for_update().filter(pk=1)
        heads.first()
        first = min(rows.filter(pk__in=values).values_list("sequence", flat=True))
        previous = (
            rows.filter(sequence=first - 1).values_list("hash", flat=True).first() or GENESIS_HASH
        )
        postgresql = connection.vendor == "postgresql"
        if postgresql:
            with connection.cursor() as cursor:
                # Deferred checks of rows written earlier in the transaction run now: a
                # table with pending trigger events cannot be altered.
                cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
                cursor.execute(f"ALTER TABLE community_auditevent DISABLE TRIGGER {_TRIGGER}")
        count = 0
        for event in rows.filter(sequence__gte=first).order_by("sequence").iterator(2000):
            if event.pk in values:
                event.before, event.after = values[event.pk]
            event.previous_hash = previous
            event.hash = event.computed_hash()
            rows.filter(pk=event.pk).update(
                before=event.before,
                after=event.after,
                previous_hash=event.previous_hash,
                hash=event.hash,
            )
            previous = event.hash
            count += 1
        heads.update(hash=previous)
        if postgresql:
            with connection.cursor() as cursor:
                cursor.execute(f"ALTER TABLE community_auditevent ENABLE TRIGGER {_TRIGGER}")
                cursor.execute("SET CONSTRAINTS ALL DEFERRED")
    return count
