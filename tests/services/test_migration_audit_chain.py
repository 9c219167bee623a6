"""Migrations 0011–0012 (the audit log's hash chain) on a log already written: its events
are chained in the order they were recorded, and the chain verifies."""

from __future__ import annotations

import io
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import pytest
from django.core.management import call_command

from models.audit import GENESIS_HASH
from models.models import AuditChainHead, AuditEvent
from tests.services.migrations import migrate_to_latest, migrated

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [("community", "0010_thread_follows_and_reply_notifications")]


@pytest.fixture
def at_0010() -> Iterator[Any]:
    with migrated(BEFORE) as apps:
        yield apps


def test_the_events_already_recorded_are_chained(at_0010: Any) -> None:
    Member = at_0010.get_model("community", "Member")
    Event = at_0010.get_model("community", "AuditEvent")
    staff = Member.objects.create(username="staff", display_name="Staff", role="ADVISER")
    # Recorded in this order (the ids say otherwise for the first two).
    for action, hour in (("b", 11), ("a", 10), ("c", 12)):
        Event.objects.create(
            actor=staff,
            action=action,
            target_type="Thread",
            target_id="1",
            after={"hour": hour},
            created_at=datetime(2026, 11, 1, hour, tzinfo=UTC),
        )
    migrate_to_latest()
    chain = list(AuditEvent.objects.order_by("sequence").values_list("sequence", "action"))
    assert chain == [(1, "a"), (2, "b"), (3, "c")]
    first = AuditEvent.objects.get(sequence=1)
    assert first.previous_hash == GENESIS_HASH and first.hash == first.computed_hash()
    assert AuditChainHead.objects.get().sequence == 3
    out = io.StringIO()
    call_command("verify_audit_log", stdout=out)
    assert out.getvalue() == "The audit log's chain is intact: 3 events.\n"
    # The next event goes on from there.
    following = AuditEvent.objects.create(
        actor_id=first.actor_id, action="d", target_type="Thread", target_id="1"
    )
    assert following.sequence == 4
