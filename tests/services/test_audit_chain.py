"""The audit log's hash chain (models/audit.py): every event chained by SHA-256 to the one
before, one chain under concurrent writers, and `verify_audit_log` naming the first event
altered, removed or inserted out of order — also when a database superuser rewrites a row
behind the application's back."""

from __future__ import annotations

import hashlib
import io
import json
from collections.abc import Iterator
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from models.audit import GENESIS_HASH, verify_chain
from models.models import AuditChainHead, AuditEvent, Member
from resolvers.services.audit import audit_record
from tests.services.concurrency import run_in_threads

pytestmark = pytest.mark.django_db


def _record(actor: Member, n: int) -> list[AuditEvent]:
    return [
        audit_record(
            actor=actor, action="thread.lock", target=actor, before={"n": i}, after={"é": [i]}
        )
        for i in range(n)
    ]


def _verify() -> str:
    out = io.StringIO()
    call_command("verify_audit_log", stdout=out)
    return out.getvalue()


def _broken() -> str:
    with pytest.raises(CommandError) as refused:
        _verify()
    return str(refused.value)


def test_each_event_hashes_its_content_and_the_one_before(adviser: Member) -> None:
    first, second = _record(adviser, 2)
    assert (first.sequence, first.previous_hash) == (1, GENESIS_HASH)
    assert (second.sequence, second.previous_hash) == (2, first.hash)
    stored = AuditEvent.objects.get(pk=second.pk)
    content = {
        "sequence": 2,
        "previous_hash": first.hash,
        "created_at": stored.created_at.isoformat(timespec="microseconds"),
        "actor_id": adviser.pk,
        "action": "thread.lock",
        "target_type": "Member",
        "target_id": str(adviser.pk),
        "before": {"n": 1},
        "after": {"é": [1]},
        "request_id": "",
    }
    canonical = json.dumps(content, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    assert stored.hash == hashlib.sha256(canonical.encode()).hexdigest()
    assert AuditChainHead.objects.get().sequence == 2
    assert _verify() == "The audit log's chain is intact: 2 events.\n"


def _superuser_sql(statement: str, params: list[Any]) -> None:
    """What a database superuser may do: run with triggers off (PostgreSQL's
    `session_replication_role`), the append-only one included."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET session_replication_role = replica")
        cursor.execute(statement, params)
        if connection.vendor == "postgresql":
            cursor.execute("SET session_replication_role = origin")


@pytest.fixture
def five(adviser: Member) -> Iterator[list[AuditEvent]]:
    yield _record(adviser, 5)


def test_an_altered_row_is_named(five: list[AuditEvent]) -> None:
    third = five[2]
    _superuser_sql(
        "UPDATE community_auditevent SET after = %s WHERE id = %s", ['{"n": 99}', third.pk]
    )
    assert _broken() == (
        f"The audit log's chain is broken at event #3 (id {third.pk}): altered: its content "
        "does not match its hash."
    )


def test_an_altered_row_with_its_hash_recomputed_breaks_the_next_link(
    five: list[AuditEvent],
) -> None:
    third = AuditEvent.objects.get(pk=five[2].pk)
    third.action = "thread.unlock"
    forged = third.computed_hash()
    _superuser_sql(
        "UPDATE community_auditevent SET action = %s, hash = %s WHERE id = %s",
        ["thread.unlock", forged, third.pk],
    )
    assert _broken() == (
        f"The audit log's chain is broken at event #4 (id {five[3].pk}): out of place: not "
        "linked to the event before it (inserted or reordered)."
    )


def test_a_removed_row_is_found(five: list[AuditEvent]) -> None:
    _superuser_sql("DELETE FROM community_auditevent WHERE id = %s", [five[1].pk])
    assert _broken() == (
        "The audit log's chain is broken at event #2: missing: the log goes from #1 to #3 "
        "(events removed)."
    )


def test_rows_removed_from_the_end_are_found(five: list[AuditEvent]) -> None:
    _superuser_sql("DELETE FROM community_auditevent WHERE sequence >= %s", [4])
    assert _broken() == (
        "The audit log's chain is broken at event #4: missing: the chain's head is at #5, "
        "the log ends at #3 (events removed from the end)."
    )


def test_verify_chain_checks_a_part_from_its_first_link(five: list[AuditEvent]) -> None:
    events = list(AuditEvent.objects.order_by("sequence"))[2:]
    assert verify_chain(events, previous_hash=events[0].previous_hash, first_sequence=3) is None
    assert str(verify_chain(events)) == (
        "event #1: missing: the log goes from #0 to #3 (events removed)"
    )


@pytest.mark.django_db(transaction=True)
def test_concurrent_staff_actions_form_one_chain(adviser: Member) -> None:
    failures = run_in_threads([lambda: _record(adviser, 5) for _ in range(6)])
    assert failures == []
    sequences = list(AuditEvent.objects.order_by("sequence").values_list("sequence", flat=True))
    assert sequences == list(range(1, 31))
    assert _verify() == "The audit log's chain is intact: 30 events.\n"


def test_export_a_range_with_its_chain(five: list[AuditEvent]) -> None:
    out = io.StringIO()
    today = five[0].created_at.date().isoformat()
    call_command("export_audit_log", "--since", today, "--until", today, stdout=out)
    document = json.loads(out.getvalue())
    assert document["format"] == "comptoir-audit-log/1"
    assert (document["from_sequence"], document["to_sequence"]) == (1, 5)
    assert (document["contiguous"], document["chain"]) == (True, "intact")
    assert [e["hash"] for e in document["events"]] == [e.hash for e in five]
    out = io.StringIO()
    call_command(
        "export_audit_log", "--since", today, "--until", today, "--format", "csv", stdout=out
    )
    lines = out.getvalue().splitlines()
    assert lines[0] == (
        "sequence,id,created_at,actor_id,action,target_type,target_id,before,after,"
        "request_id,previous_hash,hash"
    )
    assert len(lines) == 6 and lines[1].endswith(f",{GENESIS_HASH},{five[0].hash}")
