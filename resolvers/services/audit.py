"""The append-only audit trail of staff actions (written in the caller's transaction)."""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date, datetime, time
from decimal import Decimal
from typing import Any
from uuid import UUID

from django.db.models import Model, QuerySet

from models.models import AuditEvent, Member

from ..bounds import utc_iso
from ..request_context import request_id
from ..sensitive import mask


def without_numbers(value: Any) -> Any:
    """`value` (an event's `before` or `after`) with the sensitive numbers of every string
    in it masked (`resolvers.sensitive`). What the services store is masked already; a text
    stored before masking existed, quoted as the value a change replaced, is masked here, so
    the log, which never forgets, never keeps one."""
    if isinstance(value, str):
        return mask(value).text
    if isinstance(value, dict):
        return {key: without_numbers(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [without_numbers(item) for item in value]
    return value


def audit_record(
    *,
    actor: Member | None,
    action: str,
    target: Model,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
) -> AuditEvent:
    """Record `actor` did `action` ("suggestion.change_status", ...) on `target`; the
    values `before` and `after` are stored without sensitive numbers (`without_numbers`)."""
    return AuditEvent.objects.create(
        actor=actor,
        action=action,
        target_type=type(target).__name__,
        target_id=str(target.pk),
        before=without_numbers(before),
        after=without_numbers(after),
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


# --- Back-office edits of rows no other service writes -----------------------------------

# Personal data stays out of the append-only log, which can never forget: that such a field
# changed is recorded, never its value.
# A member's names too: the log keeps their internal id, which an erasure leaves meaningless.
PERSONAL_FIELDS = frozenset(
    {
        "password",
        "email",
        "first_name",
        "last_name",
        "customer_number",
        "username",
        "display_name",
    }
)
REDACTED = "(redacted)"

# Changes that deserve an action of their own rather than `<model>.admin_change`, per model:
# who may do what is `member.change_role`.
_ACTION_GROUPS: dict[type[Model], tuple[tuple[str, frozenset[str]], ...]] = {
    Member: (
        (
            "change_role",
            frozenset(
                {
                    "role",
                    "is_committee_chair",
                    "is_staff",
                    "is_superuser",
                    "is_active",
                    "groups",
                    "user_permissions",
                }
            ),
        ),
    ),
}


def _jsonable(value: Any) -> Any:
    if isinstance(value, Model):
        return value.pk
    if isinstance(value, QuerySet | list | tuple | set | frozenset):
        # Many-to-many values (groups, permissions): their keys, in a stable order.
        return sorted(_jsonable(v) for v in value)
    if isinstance(value, datetime):
        # UTC instants, whatever time zone a form parsed them in.
        return utc_iso(value)
    if isinstance(value, date | time | Decimal | UUID):
        return str(value)
    return value


def _logged(name: str, value: Any) -> Any:
    return REDACTED if name in PERSONAL_FIELDS else _jsonable(value)


def _action(model: type[Model], verb: str) -> str:
    # CommitteeMeeting -> committee_meeting, as in "committee_meeting.admin_change".
    return re.sub(r"(?<!^)(?=[A-Z])", "_", model.__name__).lower() + "." + verb


def audit_admin_add(*, actor: Member, target: Model, values: Mapping[str, Any]) -> AuditEvent:
    """Record that staff added `target` in the back office (`<model>.admin_add`), with the
    values they set by field name (model instances, querysets of many-to-many rows, instants:
    stored as keys and UTC ISO strings; personal data as "(redacted)")."""
    return audit_record(
        actor=actor,
        action=_action(type(target), "admin_add"),
        target=target,
        after={name: _logged(name, value) for name, value in values.items()},
    )


def audit_admin_change(
    *, actor: Member, target: Model, before: Mapping[str, Any], after: Mapping[str, Any]
) -> list[AuditEvent]:
    """Record that staff changed fields of `target` in the back office: one event per group
    of fields with an action of its own (a member's role and permissions:
    `member.change_role`), then `<model>.admin_change` for the other fields, each with the
    values before and after (as `audit_admin_add` stores them).

    `before` and `after` name the same fields; those whose value did not change are left out
    (a form may call a field changed that kept its value), and a change of nothing writes
    nothing. Returns the events written."""
    names = [n for n in after if _jsonable(before.get(n)) != _jsonable(after[n])]
    batches = [
        (verb, [n for n in names if n in fields])
        for verb, fields in _ACTION_GROUPS.get(type(target), ())
    ]
    grouped = {n for _, batch in batches for n in batch}
    batches.append(("admin_change", [n for n in names if n not in grouped]))
    return [
        audit_record(
            actor=actor,
            action=_action(type(target), verb),
            target=target,
            before={n: _logged(n, before.get(n)) for n in batch},
            after={n: _logged(n, after[n]) for n in batch},
        )
        for verb, batch in batches
        if batch
    ]


def audit_admin_delete(*, actor: Member, target: Model) -> AuditEvent:
    """Record that staff are deleting `target` in the back office (`<model>.admin_delete`,
    its stored values as `before`). Called before the row goes, in the same transaction."""
    return audit_record(
        actor=actor,
        action=_action(type(target), "admin_delete"),
        target=target,
        before={
            f.name: _logged(f.name, f.value_from_object(target))
            for f in target._meta.concrete_fields
            if not f.primary_key
        },
    )


def audit_member_set_password(*, actor: Member, member: Member) -> AuditEvent:
    """Record that staff set (or made unusable) `member`'s password in the back office
    (`member.set_password`): whether it can be used, never the password or its hash."""
    return audit_record(
        actor=actor,
        action="member.set_password",
        target=member,
        after={"usable_password": member.has_usable_password()},
    )


def audit_personal_data_shown(*, actor: Member, member: Member, purpose: str) -> AuditEvent:
    """Record that staff were shown `member`'s personal data in the back office
    (`member.view_personal_data`; `purpose`: "display" for their page, "export" for a
    download of everything), by internal id: never the data itself."""
    return audit_record(
        actor=actor, action="member.view_personal_data", target=member, after={"purpose": purpose}
    )
