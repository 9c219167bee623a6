"""The audit log becomes a hash chain: each event's SHA-256 chained to the one before
(models/audit.py). Events already recorded are chained in the order they were written
(`created_at`, then id); on PostgreSQL the append-only trigger is switched off for that
one pass, inside this migration's transaction."""

import hashlib
import json
from datetime import UTC
from typing import Any

from django.db import migrations, models
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.migrations.state import StateApps

GENESIS_HASH = "0" * 64


def _content(event: Any) -> bytes:
    # The same canonical JSON as AuditEvent.chained_content (frozen here, as migrations are).
    content = {
        "sequence": event.sequence,
        "previous_hash": event.previous_hash,
        "created_at": event.created_at.astimezone(UTC).isoformat(timespec="microseconds"),
        "actor_id": event.actor_id,
        "action": event.action,
        "target_type": event.target_type,
        "target_id": event.target_id,
        "before": event.before,
        "after": event.after,
        "request_id": event.request_id,
    }
    return json.dumps(content, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode()


def chain(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    AuditEvent = apps.get_model("community", "AuditEvent")
    AuditChainHead = apps.get_model("community", "AuditChainHead")
    postgresql = schema_editor.connection.vendor == "postgresql"
    if postgresql:
        schema_editor.execute(
            "ALTER TABLE community_auditevent DISABLE TRIGGER community_auditevent_append_only"
        )
    sequence, previous = 0, GENESIS_HASH
    # The model's manager refuses updates: write each row through the base manager.
    rows = AuditEvent._base_manager
    for event in rows.order_by("created_at", "id").iterator(chunk_size=2000):
        sequence += 1
        event.sequence, event.previous_hash = sequence, previous
        event.hash = hashlib.sha256(_content(event)).hexdigest()
        rows.filter(pk=event.pk).update(
            sequence=event.sequence, previous_hash=event.previous_hash, hash=event.hash
        )
        previous = event.hash
    AuditChainHead.objects.create(pk=1, sequence=sequence, hash=previous)
    if postgresql:
        schema_editor.execute(
            "ALTER TABLE community_auditevent ENABLE TRIGGER community_auditevent_append_only"
        )


class Migration(migrations.Migration):
    dependencies = [("community", "0010_thread_follows_and_reply_notifications")]

    operations = [
        migrations.CreateModel(
            name="AuditChainHead",
            fields=[
                (
                    "id",
                    models.PositiveSmallIntegerField(default=1, primary_key=True, serialize=False),
                ),
                ("sequence", models.PositiveBigIntegerField(default=0)),
                ("hash", models.CharField(default=GENESIS_HASH, max_length=64)),
            ],
            options={
                "constraints": [
                    models.CheckConstraint(
                        condition=models.Q(("id", 1)), name="audit_chain_head_single_row"
                    )
                ]
            },
        ),
        migrations.AddField(
            model_name="auditevent",
            name="sequence",
            field=models.PositiveBigIntegerField(null=True),
        ),
        migrations.AddField(
            model_name="auditevent",
            name="previous_hash",
            field=models.CharField(default="", max_length=64),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="auditevent",
            name="hash",
            field=models.CharField(default="", max_length=64),
            preserve_default=False,
        ),
        migrations.RunPython(chain, migrations.RunPython.noop),
    ]
