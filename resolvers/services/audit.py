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


def audit_admin_login(*, member: Member, client_address: str) -> AuditEvent:
    """Record a successful login to the back office (`admin.login`): the member is actor
    and target; `after` holds the client's address."""
    return audit_record(
        actor=member,
        action="admin.login",
        target=member,
        after={"address": client_address},
    )


def audit_admin_login_failure(
    *, username: str, reason: str, client_address: str, retry_after: int | None = None
) -> AuditEvent:
    """Record a refused login to the back office (`admin.login_failed`), without an actor.

    `reason`: "invalid_credentials" (wrong password, unknown or deactivated account),
    "not_staff" (right password, no back-office access) or "rate_limited" (refused by the
    login throttle before the password was checked; `retry_after` seconds). The target is
    the member whose username was typed, when one exists; otherwise the event names no one
    (`target_id` empty) and keeps nothing of what was typed, which may be a password typed
    in the wrong field. The password itself is never passed here."""
    member = Member._default_manager.filter(**{Member.USERNAME_FIELD: username}).first()
    after: dict[str, Any] = {"reason": reason, "address": client_address}
    if retry_after is not None:
        after["retry_after"] = retry_after
    return AuditEvent.objects.create(
        actor=None,
        action="admin.login_failed",
        target_type=Member.__name__,
        target_id=str(member.pk) if member is not None else "",
        after=after,
        request_id=request_id.get(),
    )
