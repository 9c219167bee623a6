"""`redact_sensitive_data`: texts stored before masking existed are masked in place —
threads, replies, their revisions, ideas, flags, display names, the audit log (chained
again, still whole) — with counts by kind; a second run masks nothing."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.utils import timezone

from models.audit import verify_chain
from models.models import (
    AuditChainHead,
    AuditEvent,
    Flag,
    FlagReason,
    Member,
    Post,
    PostRevision,
    Suggestion,
    Thread,
)
from resolvers.services.audit import audit_record
from tests.factories import PostFactory, SuggestionFactory, ThreadFactory

pytestmark = pytest.mark.django_db

IBAN = "FR76 3000 6000 0112 3456 7890 189"
CARD = "4970 1012 3456 7893"
MASKED_IBAN = "FR76 •••• •••• •••• •••• •••• 189"
MASKED_CARD = "•••• •••• •••• 7893"


def _redact() -> str:
    out = io.StringIO()
    call_command("redact_sensitive_data", stdout=out)
    return out.getvalue()


def test_stored_texts_are_masked_in_place_once(customer: Member, adviser: Member) -> None:
    # As they were stored before masking existed (rows written directly).
    thread = ThreadFactory.create(author=customer, title=f"IBAN {IBAN}", body=f"Carte {CARD}")
    post = PostFactory.create(thread=thread, author=customer, body="Appelez le 06 12 34 56 78")
    revision = PostRevision.objects.create(
        post=post, body=f"NIR 1 85 05 78 006 084 91, IBAN {IBAN}", edited_by=customer
    )
    idea = SuggestionFactory.create(author=customer, title="Idée", body=f"Mon RIB {IBAN}")
    flag = Flag.objects.create(
        reporter=customer, post=post, reason=FlagReason.PERSONAL_DATA, text=f"Sa carte {CARD}"
    )
    Member.objects.filter(pk=customer.pk).update(display_name="Claire 06 12 34 56 78")
    untouched = ThreadFactory.create(title="Commande CMD-2024-000123", body="4970 1012 3456 7890")
    # An audit event recorded before masking (written directly), then one through the service.
    old = AuditEvent.objects.create(
        actor=adviser,
        action="suggestion.edit",
        target_type="Suggestion",
        target_id=str(idea.pk),
        before={"body": f"Mon RIB {IBAN}"},
        after={"body": "Mon RIB"},
        created_at=timezone.now(),
    )
    later = audit_record(actor=adviser, action="thread.lock", target=thread, after={"x": 1})

    assert _redact() == (
        "IBAN: 4\n"
        "PAYMENT_CARD: 2\n"
        "PHONE_NUMBER: 2\n"
        "SOCIAL_SECURITY_NUMBER: 1\n"
        "AuditEvent rows masked: 1\n"
        "Flag rows masked: 1\n"
        "Member rows masked: 1\n"
        "Post rows masked: 1\n"
        "PostRevision rows masked: 1\n"
        "Suggestion rows masked: 1\n"
        "Thread rows masked: 1\n"
        "Masked 9 sensitive numbers in 7 rows.\n"
    )
    assert Thread.objects.values_list("title", "body").get(pk=thread.pk) == (
        f"IBAN {MASKED_IBAN}",
        f"Carte {MASKED_CARD}",
    )
    assert Post.objects.get(pk=post.pk).body == "Appelez le 06 •• •• •• 78"
    assert PostRevision.objects.get(pk=revision.pk).body == (
        f"NIR 1 •• •• •• ••• ••• 91, IBAN {MASKED_IBAN}"
    )
    assert Suggestion.objects.get(pk=idea.pk).body == f"Mon RIB {MASKED_IBAN}"
    assert Flag.objects.get(pk=flag.pk).text == f"Sa carte {MASKED_CARD}"
    assert Member.objects.get(pk=customer.pk).display_name == "Claire 06 •• •• •• 78"
    assert Thread.objects.values_list("title", "body").get(pk=untouched.pk) == (
        "Commande CMD-2024-000123",
        "4970 1012 3456 7890",
    )
    # The audit log: masked, chained again and whole, the rewrite itself on the record.
    events = list(AuditEvent.objects.order_by("sequence"))
    assert [(e.pk, e.action, e.before, e.after) for e in events] == [
        (old.pk, "suggestion.edit", {"body": f"Mon RIB {MASKED_IBAN}"}, {"body": "Mon RIB"}),
        (later.pk, "thread.lock", None, {"x": 1}),
        (
            events[2].pk,
            "sensitive_data.redact",
            None,
            {
                "masked": {
                    "IBAN": 4,
                    "PAYMENT_CARD": 2,
                    "PHONE_NUMBER": 2,
                    "SOCIAL_SECURITY_NUMBER": 1,
                },
                "rows": {
                    "AuditEvent": 1,
                    "Flag": 1,
                    "Member": 1,
                    "Post": 1,
                    "PostRevision": 1,
                    "Suggestion": 1,
                    "Thread": 1,
                },
                "audit_events_rechained": 2,
            },
        ),
    ]
    assert verify_chain(events, head=AuditChainHead.objects.get(pk=1)) is None

    # Idempotent: nothing left to mask, nothing written.
    assert _redact() == (
        "IBAN: 0\n"
        "PAYMENT_CARD: 0\n"
        "PHONE_NUMBER: 0\n"
        "SOCIAL_SECURITY_NUMBER: 0\n"
        "Masked 0 sensitive numbers in 0 rows.\n"
    )
    assert AuditEvent.objects.count() == 3


def test_the_append_only_log_still_refuses_updates_after_a_redaction(adviser: Member) -> None:
    AuditEvent.objects.create(
        actor=adviser,
        action="thread.edit",
        target_type="Thread",
        target_id="1",
        before={"body": f"Carte {CARD}"},
        created_at=timezone.now(),
    )
    _redact()
    event = AuditEvent.objects.order_by("sequence").first()
    assert event is not None and event.before == {"body": f"Carte {MASKED_CARD}"}
    with pytest.raises(PermissionError):
        AuditEvent.objects.filter(pk=event.pk).update(before=None)
