"""What e-mails are written from, below the website: notifications' texts in English for
members who chose it (resolvers/locale/en), the statuses and outcomes they name, and a long
digest."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import timezone, translation

from models.models import DecisionOutcome, Member, Notification, SuggestionStatus
from resolvers.services import notifications
from resolvers.services.notifications import DecisionPublished, OfficialAnswer, Shown, render
from resolvers.tasks.email import DIGEST_ITEMS, digest_email
from tests.factories import AdviserFactory, PostFactory, SuggestionFactory, ThreadFactory

CATALOG = Path(settings.BASE_DIR) / "resolvers" / "locale" / "en" / "LC_MESSAGES" / "django.po"


def test_every_text_of_notifications_has_its_english() -> None:
    entries = CATALOG.read_text(encoding="utf-8").split("\n\n")[1:]
    assert entries, "the catalog is empty"
    untranslated = [e for e in entries if 'msgstr ""' in e.split("\n") or "fuzzy" in e]
    assert untranslated == []


def test_statuses_and_outcomes_are_named_as_the_models_name_them() -> None:
    with translation.override("fr"):
        assert {s: str(w) for s, w in notifications._STATUS_WORDS.items()} == {
            s: s.label for s in SuggestionStatus
        }
        assert {o: str(w) for o, w in notifications._OUTCOME_WORDS.items()} == {
            o: o.label for o in DecisionOutcome
        }


@pytest.mark.django_db
def test_a_text_in_each_language() -> None:
    adviser = AdviserFactory.create(display_name="Julien")
    post = PostFactory.create(author=adviser, thread=ThreadFactory.create(title="Carte"))
    note = OfficialAnswer.event(post=post).row(1, created_at=timezone.now())
    shown = Shown(actor=adviser, thread=post.thread, post=post)
    with translation.override("fr"):
        assert render(note, shown) == "Julien a répondu à votre question « Carte »."
    with translation.override("en"):
        assert render(note, shown) == "Julien answered your question “Carte”."
        decision = Notification(kind="DECISION_PUBLISHED", outcome="DEFERRED")
        idea = SuggestionFactory.create(title="NFC")
        assert DecisionPublished.text(decision, Shown(suggestion=idea)) == (
            "The committee decided: “NFC” — Deferred."
        )


@pytest.mark.django_db
def test_a_long_digest_lists_its_first_notifications_and_counts_the_rest(
    customer: Member,
) -> None:
    thread = ThreadFactory.create(title="Épargne")
    now = timezone.now()
    notes = [
        Notification.objects.create(
            recipient=customer,
            kind="THREAD_REPLY",
            event_key=f"post:{post.pk}:reply",
            actor=post.author,
            thread=thread,
            post=post,
            created_at=now,
        )
        for post in PostFactory.create_batch(DIGEST_ITEMS + 2, thread=thread)
    ]
    message = digest_email(customer, notes)
    text = str(message.body)
    assert message.subject == f"Comptoir : vos {DIGEST_ITEMS + 2} notifications non lues"
    assert len(re.findall(r"^- ", text, re.MULTILINE)) == DIGEST_ITEMS
    assert "Et 2 autres : http://127.0.0.1:8000/notifications/\n" in text
