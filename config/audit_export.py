"""The audit log exported for auditors, with its chain: CSV or JSON, from the back office
(the audit log's actions) or `python manage.py export_audit_log`.

JSON: `{"format": "comptoir-audit-log/1", "from_sequence", "to_sequence",
"previous_hash", "contiguous", "chain", "events": [...]}` where each event has `sequence`,
`id`, `created_at` (UTC, microseconds), `actor_id`, `action`, `target_type`, `target_id`,
`before`, `after`, `request_id`, `previous_hash` and `hash`. `previous_hash` (top level) is
the hash the first event links to, so an auditor can check the range alone: each event's
`hash` is the SHA-256 (hex) of the canonical JSON of its fields but `id` and `hash` (keys
sorted, no blanks, UTF-8), and its `previous_hash` is the hash of the event before.
`chain` is "intact" or where the range's chain breaks; a range that is not contiguous
(filtered by action, say) is not checked (`contiguous: false`, `chain: null`).

CSV: the same fields, one row per event, `before` and `after` as JSON text.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable
from datetime import UTC
from itertools import pairwise
from typing import Any

from models.audit import verify_chain
from models.models import AuditEvent

FORMAT = "comptoir-audit-log/1"
FIELDS = (
    "sequence",
    "id",
    "created_at",
    "actor_id",
    "action",
    "target_type",
    "target_id",
    "before",
    "after",
    "request_id",
    "previous_hash",
    "hash",
)


def _row(event: AuditEvent) -> dict[str, Any]:
    return {
        "sequence": event.sequence,
        "id": event.pk,
        "created_at": event.created_at.astimezone(UTC).isoformat(timespec="microseconds"),
        "actor_id": event.actor_id,
        "action": event.action,
        "target_type": event.target_type,
        "target_id": event.target_id,
        "before": event.before,
        "after": event.after,
        "request_id": event.request_id,
        "previous_hash": event.previous_hash,
        "hash": event.hash,
    }


def export_json(events: Iterable[AuditEvent]) -> str:
    """The events (any order: exported by sequence) as the JSON document above."""
    ordered = sorted(events, key=lambda e: e.sequence)
    contiguous = all(b.sequence == a.sequence + 1 for a, b in pairwise(ordered))
    chain: str | None = None
    if ordered and contiguous:
        broken = verify_chain(
            ordered, previous_hash=ordered[0].previous_hash, first_sequence=ordered[0].sequence
        )
        chain = "intact" if broken is None else str(broken)
    document = {
        "format": FORMAT,
        "from_sequence": ordered[0].sequence if ordered else None,
        "to_sequence": ordered[-1].sequence if ordered else None,
        "previous_hash": ordered[0].previous_hash if ordered else None,
        "contiguous": contiguous,
        "chain": chain,
        "events": [_row(e) for e in ordered],
    }
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def export_csv(events: Iterable[AuditEvent]) -> str:
    """The events, by sequence, as CSV with a header row."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=FIELDS, lineterminator="\n")
    writer.writeheader()
    for event in sorted(events, key=lambda e: e.sequence):
        row = _row(event)
        for name in ("before", "after"):
            row[name] = json.dumps(row[name], ensure_ascii=False, sort_keys=True)
        writer.writerow(row)
    return out.getvalue()
