"""The append-only audit trail of staff actions (written in the caller's transaction)."""

from __future__ import annotations

from typing import Any

from django.db.models import Model

from models.models import AuditEvent, Member

from ..request_context import request_id


def audit_record(
    *,
    actor: Member | None,
    action: str,
    target: Model,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
) -> AuditEvent:
    """Record `actor` did `action` ("suggestion.change_status", ...) on `target`."""
    return AuditEvent.objects.create(
        actor=actor,
        action=action,
        target_type=type(target).__name__,
        target_id=str(target.pk),
        before=before,
        after=after,
        request_id=request_id.get(),
    )
