"""The audit log is append-only: the application refuses to change or delete an event, and so
does PostgreSQL."""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.utils import DatabaseError

from models.models import AuditEvent

pytestmark = pytest.mark.django_db


def test_the_application_cannot_rewrite_an_event(audit_event: AuditEvent) -> None:
    audit_event.action = "thread.unlock"
    with pytest.raises(PermissionError):
        audit_event.save()
    with pytest.raises(PermissionError):
        audit_event.delete()
    with pytest.raises(PermissionError):
        AuditEvent.objects.filter(pk=audit_event.pk).update(action="x")
    with pytest.raises(PermissionError):
        AuditEvent.objects.filter(pk=audit_event.pk).delete()
    assert AuditEvent.objects.get(pk=audit_event.pk).action == "thread.lock"


@pytest.mark.postgres_only
def test_the_database_refuses_raw_rewrites(audit_event: AuditEvent) -> None:
    for statement in (
        "UPDATE community_auditevent SET action = 'x' WHERE id = %s",
        "DELETE FROM community_auditevent WHERE id = %s",
    ):
        with pytest.raises(DatabaseError), connection.cursor() as cursor:
            cursor.execute("SAVEPOINT raw")
            try:
                cursor.execute(statement, [audit_event.pk])
            finally:
                cursor.execute("ROLLBACK TO SAVEPOINT raw")
    assert AuditEvent.objects.get(pk=audit_event.pk).action == "thread.lock"
