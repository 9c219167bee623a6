"""Migration 0007 (texts rendered when read), forwards on rows written with stored messages,
then backwards: facts recovered, unrecoverable rows dropped, merge notes without titles,
and the former messages written again."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import pytest

from tests.services.migrations import migrate, migrated

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [("community", "0006_counters")]
AFTER = [("community", "0007_texts_rendered_when_read")]


@pytest.fixture
def at_0006() -> Iterator[Any]:
    with migrated(BEFORE) as apps:
        yield apps


def test_forwards_then_backwards(at_0006: Any) -> None:
    apps = at_0006
    Member = apps.get_model("community", "Member")
    Category = apps.get_model("community", "Category")
    Thread = apps.get_model("community", "Thread")
    Post = apps.get_model("community", "Post")
    Suggestion = apps.get_model("community", "Suggestion")
    StatusChange = apps.get_model("community", "StatusChange")
    Decision = apps.get_model("community", "Decision")
    Notification = apps.get_model("community", "Notification")
    now = datetime(2026, 11, 1, 12, tzinfo=UTC)

    def member(name: str, role: str, **fields: Any) -> Any:
        return Member.objects.create(
            username=name, display_name=name.title(), role=role, date_joined=now, **fields
        )

    claire = member("claire", "CUSTOMER", customer_number="123456")
    julien = member("julien", "ADVISER")
    chair = Member.objects.create(
        username="chair", display_name="Chair", role="COMMITTEE", is_committee_chair=True
    )
    category = Category.objects.create(name="Questions", slug="questions")
    thread = Thread.objects.create(
        author=claire,
        category=category,
        title="Carte bloquée",
        body="?",
        kind="QUESTION",
        created_at=now,
        last_activity_at=now,
    )
    answer = Post.objects.create(
        thread=thread, author=julien, body="Agence.", is_official=True, created_at=now
    )
    spam = Post.objects.create(
        thread=thread,
        author=claire,
        body="Spam",
        created_at=now,
        hidden_at=now,
        hidden_by=julien,
        hidden_reason="Publicité",
    )

    def idea(title: str, **fields: Any) -> Any:
        return Suggestion.objects.create(
            author=claire, title=title, body=".", created_at=now, updated_at=now, **fields
        )

    original, moved = idea("Original"), idea("Doublon")
    moved.status, moved.duplicate_of = "DUPLICATE", original
    moved.save()
    change = StatusChange.objects.create(
        suggestion=original, from_status="SUBMITTED", to_status="UNDER_REVIEW", actor=julien
    )
    merge = StatusChange.objects.create(
        suggestion=moved,
        from_status="SUBMITTED",
        to_status="DUPLICATE",
        actor=julien,
        public_note="Fusionnée avec « Original ».",
    )
    written = StatusChange.objects.create(
        suggestion=moved,
        from_status="UNDER_REVIEW",
        to_status="DUPLICATE",
        actor=julien,
        public_note="Voir l'autre idée, plus complète.",
    )
    decision = Decision.objects.create(
        suggestion=original, outcome="DEFERRED", public_rationale="Plus tard.", recorded_by=chair
    )

    def note(key: str, kind: str, message: str, **refs: Any) -> Any:
        return Notification.objects.create(
            recipient=claire, event_key=key, kind=kind, message=message, created_at=now, **refs
        )

    rows = {
        "answer": note(
            f"post:{answer.pk}:official_answer",
            "OFFICIAL_ANSWER",
            "Julien a répondu à votre question « Carte bloquée ».",
            actor=julien,
            thread=thread,
            post=answer,
        ),
        "resolved": note(
            "thread:1:resolved:x",
            "QUESTION_RESOLVED",
            "Votre question « Carte bloquée » a été marquée résolue par Julien.",
            actor=julien,
            thread=thread,
        ),
        "status": note(
            f"status_change:{change.pk}",
            "SUGGESTION_STATUS_CHANGED",
            "« Original » : Proposée → En cours d'étude.",
            actor=julien,
            suggestion=original,
        ),
        # No status change behind its key: the facts come from the message.
        "status_from_message": note(
            "test:1",
            "SUGGESTION_STATUS_CHANGED",
            "« Original » : En cours d'étude → Présentée au comité.",
            suggestion=original,
        ),
        "decision": note(
            f"decision:{decision.pk}:published",
            "DECISION_PUBLISHED",
            "Le comité a décidé : « Original » — Reportée.",
            actor=chair,
            suggestion=original,
        ),
        "merge": note(
            f"duplicate:{moved.pk}",
            "SUGGESTION_MARKED_DUPLICATE",
            "« Doublon » rejoint « Original » : vos votes suivent.",
            actor=julien,
            suggestion=original,
        ),
        "hidden": note(
            f"post:{spam.pk}:hidden:x",
            "CONTENT_HIDDEN",
            "Votre réponse dans « Carte bloquée » a été masquée par un conseiller : Publicité",
            actor=julien,
            post=spam,
        ),
        # Nothing to recover: dropped.
        "lost": note("k", "DECISION_PUBLISHED", "Décidé", suggestion=original),
    }

    apps = migrate(AFTER)
    Notification = apps.get_model("community", "Notification")
    StatusChange = apps.get_model("community", "StatusChange")
    facts = {
        name: Notification.objects.filter(pk=row.pk)
        .values("from_status", "to_status", "outcome", "reason", "duplicate_id", "thread_id")
        .first()
        for name, row in rows.items()
    }
    empty = {
        "from_status": "",
        "to_status": "",
        "outcome": "",
        "reason": "",
        "duplicate_id": None,
        "thread_id": None,
    }
    assert facts == {
        "answer": empty | {"thread_id": thread.pk},
        "resolved": empty | {"thread_id": thread.pk},
        "status": empty | {"from_status": "SUBMITTED", "to_status": "UNDER_REVIEW"},
        "status_from_message": empty | {"from_status": "UNDER_REVIEW", "to_status": "SHORTLISTED"},
        "decision": empty | {"outcome": "DEFERRED"},
        "merge": empty | {"duplicate_id": moved.pk},
        "hidden": empty | {"reason": "Publicité", "thread_id": thread.pk},
        "lost": None,
    }
    notes = dict(StatusChange.objects.values_list("pk", "public_note"))
    assert (notes[merge.pk], notes[written.pk]) == (
        "Fusionnée avec une autre idée.",
        "Voir l'autre idée, plus complète.",
    )

    apps = migrate(BEFORE)
    Notification = apps.get_model("community", "Notification")
    StatusChange = apps.get_model("community", "StatusChange")
    messages = dict(Notification.objects.values_list("pk", "message"))
    assert {name: messages.get(row.pk) for name, row in rows.items()} == {
        "answer": "Julien a répondu à votre question « Carte bloquée ».",
        "resolved": "Votre question « Carte bloquée » a été marquée résolue par Julien.",
        "status": "« Original » : Proposée → En cours d'étude.",
        "status_from_message": "« Original » : En cours d'étude → Présentée au comité.",
        "decision": "Le comité a décidé : « Original » — Reportée.",
        "merge": "« Doublon » rejoint « Original » : vos votes suivent.",
        "hidden": (
            "Votre réponse dans « Carte bloquée » a été masquée par un conseiller : Publicité"
        ),
        "lost": None,
    }
    notes = dict(StatusChange.objects.values_list("pk", "public_note"))
    assert notes[merge.pk] == "Fusionnée avec « Original »."
