"""Text derived from content is written when it is read, never copied (README, "Notifications").

Notifications stop storing their message: they keep their kind, event key and references,
plus the non-content facts their text needs (a suggestion's move, the committee's outcome,
the moderator's reason, the merged suggestion), and each reader's text is rendered from
what that reader may see (`resolvers/services/notifications.py`). Existing rows get their
facts from the rows their event key names (a status change, a decision, the merged
suggestion), else from their message; a row whose facts cannot be recovered is deleted,
since it could only be shown with a stale quote. A hidden reply's notification now also
refers to the reply's thread.

A merge's default public note no longer quotes the original's title ("Fusionnée avec
« ... »." becomes "Fusionnée avec une autre idée."): `Suggestion.duplicateOf` links to the
original, for those who may see it.

Backwards, messages are written again from the facts and the current titles, in the
former wording, and merge notes quote the original's title again.
"""

import re

from django.db import migrations, models
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.migrations.state import StateApps

BATCH = 2000

# The wording of the labels when this migration was written (frozen: labels may change).
STATUS_LABELS = {
    "SUBMITTED": "Proposée",
    "UNDER_REVIEW": "En cours d'étude",
    "SHORTLISTED": "Présentée au comité",
    "RETAINED": "Retenue",
    "DEFERRED": "En attente",
    "REJECTED": "Non retenue",
    "IN_PROGRESS": "En cours de réalisation",
    "DELIVERED": "Réalisée",
    "DUPLICATE": "Doublon",
}
OUTCOME_LABELS = {"RETAINED": "Retenue", "DEFERRED": "Reportée", "REJECTED": "Non retenue"}
STATUS_BY_LABEL = {label: value for value, label in STATUS_LABELS.items()}
OUTCOME_BY_LABEL = {label: value for value, label in OUTCOME_LABELS.items()}

STATUS_MESSAGE = re.compile(r"^« .* » : (?P<before>.+) → (?P<after>.+)\.$", re.S)
DECISION_MESSAGE = re.compile(r" — (?P<outcome>[^—]+)\.$")
HIDDEN_REASON = "par un conseiller : "
STATUS_KEY = re.compile(r"^status_change:(\d+)$")
DECISION_KEY = re.compile(r"^decision:(\d+):published$")
DUPLICATE_KEY = re.compile(r"^duplicate:(\d+)$")

MERGE_NOTE = "Fusionnée avec une autre idée."


def _key_id(pattern: re.Pattern[str], key: str) -> int | None:
    match = pattern.match(key)
    return int(match.group(1)) if match else None


class _Rows:
    """The rows a batch of notifications names, fetched in one query per kind."""

    def __init__(self, apps: StateApps, notes: list[models.Model]) -> None:
        def ids(pattern: re.Pattern[str], kind: str) -> list[int]:
            found = (_key_id(pattern, n.event_key) for n in notes if n.kind == kind)
            return [pk for pk in found if pk is not None]

        hidden = [n for n in notes if n.kind == "CONTENT_HIDDEN"]
        self.changes = apps.get_model("community", "StatusChange").objects.in_bulk(
            ids(STATUS_KEY, "SUGGESTION_STATUS_CHANGED")
        )
        self.decisions = apps.get_model("community", "Decision").objects.in_bulk(
            ids(DECISION_KEY, "DECISION_PUBLISHED")
        )
        self.suggestions = apps.get_model("community", "Suggestion").objects.in_bulk(
            [
                *ids(DUPLICATE_KEY, "SUGGESTION_MARKED_DUPLICATE"),
                *(n.suggestion_id for n in hidden if n.suggestion_id is not None),
            ]
        )
        self.posts = apps.get_model("community", "Post").objects.in_bulk(
            [n.post_id for n in hidden if n.post_id is not None]
        )


def _facts(note: models.Model, rows: _Rows) -> bool:
    """Fill a notification's facts from its event's rows or its message; False if they
    cannot be recovered."""
    kind, key, message = note.kind, note.event_key, note.message
    if kind == "OFFICIAL_ANSWER":
        return note.thread_id is not None and note.post_id is not None
    if kind == "QUESTION_RESOLVED":
        return note.thread_id is not None
    if kind == "SUGGESTION_STATUS_CHANGED":
        change = rows.changes.get(_key_id(STATUS_KEY, key))
        if change is not None:
            note.from_status, note.to_status = change.from_status, change.to_status
        elif match := STATUS_MESSAGE.match(message):
            note.from_status = STATUS_BY_LABEL.get(match["before"], "")
            note.to_status = STATUS_BY_LABEL.get(match["after"], "")
        return bool(note.suggestion_id and note.from_status and note.to_status)
    if kind == "DECISION_PUBLISHED":
        decision = rows.decisions.get(_key_id(DECISION_KEY, key))
        if decision is not None:
            note.outcome = decision.outcome
        elif match := DECISION_MESSAGE.search(message):
            note.outcome = OUTCOME_BY_LABEL.get(match["outcome"], "")
        return bool(note.suggestion_id and note.outcome)
    if kind == "SUGGESTION_MARKED_DUPLICATE":
        duplicate_id = _key_id(DUPLICATE_KEY, key)
        if duplicate_id in rows.suggestions:
            note.duplicate_id = duplicate_id
        return bool(note.suggestion_id and note.duplicate_id)
    if kind == "CONTENT_HIDDEN":
        content = None
        if note.post_id is not None:
            content = rows.posts.get(note.post_id)
            note.thread_id = content.thread_id if content is not None else None
        elif note.suggestion_id is not None:
            content = rows.suggestions.get(note.suggestion_id)
        _before, found, reason = message.partition(HIDDEN_REASON)
        if found and reason.strip():
            note.reason = reason.strip()
        elif content is not None and content.hidden_reason:
            note.reason = content.hidden_reason
        if note.post_id is None and note.suggestion_id is None:
            return bool(note.thread_id and note.reason)
        return bool(note.reason and (note.thread_id or note.suggestion_id))
    return False


FACTS = ["from_status", "to_status", "outcome", "reason", "duplicate", "thread"]


def _check_now(schema_editor: BaseDatabaseSchemaEditor) -> None:
    """PostgreSQL checks the foreign keys written here at commit; the schema changes that
    follow in this transaction cannot run while those checks are pending."""
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("SET CONSTRAINTS ALL IMMEDIATE")


def facts_from_messages(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    Notification = apps.get_model("community", "Notification")
    StatusChange = apps.get_model("community", "StatusChange")
    drop: list[int] = []
    last = 0
    while batch := list(Notification.objects.filter(pk__gt=last).order_by("pk")[:BATCH]):
        last = batch[-1].pk
        rows = _Rows(apps, batch)
        keep = []
        for note in batch:
            if _facts(note, rows):
                keep.append(note)
            else:
                drop.append(note.pk)
        Notification.objects.bulk_update(keep, FACTS)
    Notification.objects.filter(pk__in=drop).delete()
    # Merge notes written by default, quoting the original's title.
    for change in StatusChange.objects.filter(
        to_status="DUPLICATE", suggestion__duplicate_of__isnull=False
    ).select_related("suggestion__duplicate_of"):
        if change.public_note == f"Fusionnée avec « {change.suggestion.duplicate_of.title} ».":
            change.public_note = MERGE_NOTE
            change.save(update_fields=["public_note"])
    _check_now(schema_editor)


def _message(apps: StateApps, note: models.Model) -> str:
    """The message as the services wrote it before this migration."""
    Member = apps.get_model("community", "Member")
    Suggestion = apps.get_model("community", "Suggestion")
    Thread = apps.get_model("community", "Thread")

    def title(model: type[models.Model], pk: int | None) -> str:
        row = model.objects.filter(pk=pk).first() if pk else None
        return row.title if row is not None else ""

    actor = Member.objects.filter(pk=note.actor_id).first() if note.actor_id else None
    who = actor.display_name if actor is not None else "un conseiller"
    kind = note.kind
    if kind == "OFFICIAL_ANSWER":
        return f"{who[:1].upper()}{who[1:]} a répondu à votre question « {title(Thread, note.thread_id)} »."
    if kind == "QUESTION_RESOLVED":
        return (
            f"Votre question « {title(Thread, note.thread_id)} » a été marquée résolue par "
            f"{who}."
        )
    if kind == "SUGGESTION_STATUS_CHANGED":
        return (
            f"« {title(Suggestion, note.suggestion_id)} » : "
            f"{STATUS_LABELS[note.from_status]} → {STATUS_LABELS[note.to_status]}."
        )
    if kind == "DECISION_PUBLISHED":
        return (
            f"Le comité a décidé : « {title(Suggestion, note.suggestion_id)} » — "
            f"{OUTCOME_LABELS[note.outcome]}."
        )
    if kind == "SUGGESTION_MARKED_DUPLICATE":
        return (
            f"« {title(Suggestion, note.duplicate_id)} » rejoint "
            f"« {title(Suggestion, note.suggestion_id)} » : vos votes suivent."
        )
    if note.post_id is not None:
        what = f"Votre réponse dans « {title(Thread, note.thread_id)} » a été masquée"
    elif note.suggestion_id is not None:
        what = f"Votre idée « {title(Suggestion, note.suggestion_id)} » a été masquée"
    else:
        what = f"Votre fil « {title(Thread, note.thread_id)} » a été masqué"
    return f"{what} {HIDDEN_REASON}{note.reason}"


def messages_from_facts(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    Notification = apps.get_model("community", "Notification")
    StatusChange = apps.get_model("community", "StatusChange")
    batch = []
    for note in Notification.objects.order_by("pk").iterator(chunk_size=BATCH):
        note.message = _message(apps, note)[:300]
        batch.append(note)
        if len(batch) >= BATCH:
            Notification.objects.bulk_update(batch, ["message"])
            batch = []
    Notification.objects.bulk_update(batch, ["message"], batch_size=BATCH)
    for change in StatusChange.objects.filter(
        to_status="DUPLICATE", public_note=MERGE_NOTE, suggestion__duplicate_of__isnull=False
    ).select_related("suggestion__duplicate_of"):
        change.public_note = f"Fusionnée avec « {change.suggestion.duplicate_of.title} »."
        change.save(update_fields=["public_note"])
    _check_now(schema_editor)


STATUS_CHOICES = [(value, label) for value, label in STATUS_LABELS.items()]
OUTCOME_CHOICES = [(value, label) for value, label in OUTCOME_LABELS.items()]


class Migration(migrations.Migration):
    dependencies = [("community", "0006_counters")]

    operations = [
        migrations.AddField(
            model_name="notification",
            name="duplicate",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=models.deletion.CASCADE,
                related_name="+",
                to="community.suggestion",
            ),
        ),
        migrations.AddField(
            model_name="notification",
            name="from_status",
            field=models.CharField(blank=True, choices=STATUS_CHOICES, default="", max_length=16),
        ),
        migrations.AddField(
            model_name="notification",
            name="to_status",
            field=models.CharField(blank=True, choices=STATUS_CHOICES, default="", max_length=16),
        ),
        migrations.AddField(
            model_name="notification",
            name="outcome",
            field=models.CharField(blank=True, choices=OUTCOME_CHOICES, default="", max_length=16),
        ),
        migrations.AddField(
            model_name="notification",
            name="reason",
            field=models.CharField(blank=True, default="", max_length=500),
        ),
        # A default, so that going backwards can add the column back to existing rows.
        migrations.AlterField(
            model_name="notification",
            name="message",
            field=models.CharField(default="", max_length=300),
        ),
        migrations.RunPython(facts_from_messages, messages_from_facts),
        migrations.RemoveField(model_name="notification", name="message"),
        migrations.AddConstraint(
            model_name="notification",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(
                        ("kind", "OFFICIAL_ANSWER"),
                        ("post__isnull", False),
                        ("thread__isnull", False),
                    ),
                    models.Q(("kind", "QUESTION_RESOLVED"), ("thread__isnull", False)),
                    models.Q(
                        ("kind", "SUGGESTION_STATUS_CHANGED"),
                        ("suggestion__isnull", False),
                        models.Q(("from_status", ""), _negated=True),
                        models.Q(("to_status", ""), _negated=True),
                    ),
                    models.Q(
                        ("kind", "DECISION_PUBLISHED"),
                        ("suggestion__isnull", False),
                        models.Q(("outcome", ""), _negated=True),
                    ),
                    models.Q(
                        ("duplicate__isnull", False),
                        ("kind", "SUGGESTION_MARKED_DUPLICATE"),
                        ("suggestion__isnull", False),
                    ),
                    models.Q(
                        ("kind", "CONTENT_HIDDEN"),
                        models.Q(
                            models.Q(
                                ("post__isnull", True),
                                ("suggestion__isnull", False),
                                ("thread__isnull", True),
                            ),
                            models.Q(("suggestion__isnull", True), ("thread__isnull", False)),
                            _connector="OR",
                        ),
                        models.Q(("reason", ""), _negated=True),
                    ),
                    _connector="OR",
                ),
                name="notification_refers_to_its_event",
            ),
        ),
    ]
