"""The back office masks sensitive numbers in the plain fields others read (a display name, a
thread's texts) before saving them, and its audit events keep no full number."""

from __future__ import annotations

import pytest
from django.test import Client

from models.models import AuditEvent, Member, Thread
from resolvers.services.audit import REDACTED
from tests.admin.pages import admin_url, thread_form
from tests.admin.test_audit import _member_form
from tests.factories import ThreadFactory

pytestmark = pytest.mark.django_db

IBAN = "FR76 3000 6000 0112 3456 7890 189"
MASKED_IBAN = "FR76 •••• •••• •••• •••• •••• 189"


def test_a_display_name_is_saved_masked(
    back_office: Client, superuser: Member, customer: Member
) -> None:
    response = back_office.post(
        admin_url(Member, "change", customer.pk),
        _member_form(customer, display_name="Claire 06 12 34 56 78"),
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    customer.refresh_from_db()
    assert customer.display_name == "Claire 06 •• •• •• 78"
    # Names are personal data: the log says the name changed, never what it is.
    assert list(AuditEvent.objects.values_list("action", "before", "after")) == [
        ("member.admin_change", {"display_name": REDACTED}, {"display_name": REDACTED})
    ]


def test_a_threads_texts_are_saved_masked(
    back_office: Client, superuser: Member, customer: Member
) -> None:
    thread = ThreadFactory.create(author=customer, title="Virement", body="Bonjour")
    response = back_office.post(
        admin_url(Thread, "change", thread.pk),
        thread_form(thread, title=f"Virement {IBAN}", body="Carte 4970 1012 3456 7893"),
    )
    assert response.status_code == 302
    thread.refresh_from_db()
    assert (thread.title, thread.body) == (f"Virement {MASKED_IBAN}", "Carte •••• •••• •••• 7893")
    assert list(AuditEvent.objects.values_list("action", "before", "after")) == [
        (
            "thread.admin_change",
            {"title": "Virement", "body": "Bonjour"},
            {"title": f"Virement {MASKED_IBAN}", "body": "Carte •••• •••• •••• 7893"},
        )
    ]
