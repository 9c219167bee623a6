"""The audit trail of the back office: every change made in the admin writes an AuditEvent
(role changes, new members, passwords without them, content edits, inline agendas,
deletions, list edits), a refused or empty change writes none, and the admin shows the log
without a way to change it."""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

import pytest
from django.contrib import admin
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils import timezone

from models.models import (
    AgendaItem,
    AuditEvent,
    Category,
    CommitteeMeeting,
    Member,
    Role,
    Suggestion,
    SuggestionStatus,
    Thread,
)
from resolvers.services.audit import REDACTED
from tests.admin.pages import admin_url
from tests.factories import CategoryFactory, SuggestionFactory, ThreadFactory

pytestmark = pytest.mark.django_db

S = SuggestionStatus
EVENT_FIELDS = ("actor_id", "action", "target_type", "target_id", "before", "after")


def _member_form(member: Member, **changes: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "username": member.username,
        "display_name": member.display_name,
        "role": member.role,
        "customer_number": member.customer_number or "",
        "is_committee_chair": "on" if member.is_committee_chair else "",
        "first_name": member.first_name,
        "last_name": member.last_name,
        "email": member.email,
        "is_active": "on" if member.is_active else "",
        "is_staff": "on" if member.is_staff else "",
        "is_superuser": "on" if member.is_superuser else "",
        "groups": [],
        "user_permissions": [],
    }
    data.update(changes)
    return {k: v for k, v in data.items() if v != ""}


def test_a_role_change_in_the_admin_is_audited(
    back_office: Client, superuser: Member, adviser: Member
) -> None:
    response = back_office.post(
        admin_url(Member, "change", adviser.pk),
        _member_form(adviser, is_staff="on", display_name="Julien M.", email="j@bank.test"),
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    adviser.refresh_from_db()
    assert (adviser.is_staff, adviser.display_name) == (True, "Julien M.")
    assert list(AuditEvent.objects.order_by("id").values_list(*EVENT_FIELDS)) == [
        (
            superuser.pk,
            "member.change_role",
            "Member",
            str(adviser.pk),
            {"is_staff": False},
            {"is_staff": True},
        ),
        (
            superuser.pk,
            "member.admin_change",
            "Member",
            str(adviser.pk),
            # Personal data and names: that they changed, never their values (the log,
            # which never forgets, keeps no name an erasure would have to remove).
            {"display_name": REDACTED, "email": REDACTED},
            {"display_name": REDACTED, "email": REDACTED},
        ),
    ]


def test_every_role_field_is_a_role_change(
    back_office: Client, superuser: Member, committee_member: Member
) -> None:
    changes = {
        "role": Role.ADVISER,
        "is_committee_chair": "",
        "is_staff": "on",
        "is_superuser": "on",
        "is_active": "",
    }
    form = _member_form(committee_member, is_committee_chair="on")
    form.pop("is_committee_chair")
    form.update({k: v for k, v in changes.items() if v})
    form.pop("is_active")
    response = back_office.post(admin_url(Member, "change", committee_member.pk), form)
    assert response.status_code == 302, response.context["adminform"].form.errors
    event = AuditEvent.objects.get()
    assert (event.action, event.before, event.after) == (
        "member.change_role",
        {"role": "COMMITTEE", "is_staff": False, "is_superuser": False, "is_active": True},
        {"role": "ADVISER", "is_staff": True, "is_superuser": True, "is_active": False},
    )


def test_saving_a_member_unchanged_writes_nothing(back_office: Client, adviser: Member) -> None:
    response = back_office.post(admin_url(Member, "change", adviser.pk), _member_form(adviser))
    assert response.status_code == 302
    assert AuditEvent.objects.count() == 0


def test_a_refused_change_writes_nothing(
    back_office: Client, chair: Member, committee_member: Member
) -> None:
    # A second chair: the form refuses it (the database's single-chair index).
    response = back_office.post(
        admin_url(Member, "change", committee_member.pk),
        _member_form(committee_member, is_committee_chair="on"),
    )
    assert response.status_code == 200
    assert AuditEvent.objects.count() == 0


def test_a_member_added_in_the_admin_is_audited(back_office: Client, superuser: Member) -> None:
    response = back_office.post(
        admin_url(Member, "add"),
        {
            "username": "paul",
            "usable_password": "false",
            "display_name": "Paul (conseiller)",
            "role": Role.ADVISER,
            "email": "paul@bank.test",
        },
    )
    assert response.status_code == 302
    paul = Member.objects.get(username="paul")
    assert list(AuditEvent.objects.values_list(*EVENT_FIELDS)) == [
        (
            superuser.pk,
            "member.admin_add",
            "Member",
            str(paul.pk),
            None,
            {
                "username": REDACTED,
                "display_name": REDACTED,
                "role": "ADVISER",
                "customer_number": REDACTED,
                "is_committee_chair": False,
                "email": REDACTED,
            },
        )
    ]


def test_setting_a_password_in_the_admin_is_audited_without_it(
    back_office: Client, superuser: Member, customer: Member
) -> None:
    url = reverse("admin:auth_user_password_change", args=(customer.pk,))
    response = back_office.post(
        url,
        {
            "usable_password": "true",
            "password1": "un tout nouveau mot de passe 9",
            "password2": "un tout nouveau mot de passe 9",
        },
    )
    assert response.status_code == 302
    assert list(AuditEvent.objects.values_list(*EVENT_FIELDS)) == [
        (
            superuser.pk,
            "member.set_password",
            "Member",
            str(customer.pk),
            None,
            {"usable_password": True},
        )
    ]
    assert "nouveau" not in json.dumps(list(AuditEvent.objects.values("before", "after")))


def test_back_office_edits_of_content_are_audited(
    back_office: Client, superuser: Member, customer: Member, adviser: Member
) -> None:
    """A plain field is a generic edit; locking and assigning are the API's services, with
    their own events (after the generic one: the plain fields are saved first)."""
    category = CategoryFactory.create(name="Questions & support", slug="questions")
    thread = ThreadFactory.create(author=customer, category=category, title="Carte bloquée")
    url = admin_url(Thread, "change", thread.pk)
    form = {
        "category": category.pk,
        "kind": thread.kind,
        "title": "Carte bloquée à l'étranger",
        "body": thread.body,
        "author": customer.pk,
        "assigned_adviser": adviser.pk,
        "is_locked": "on",
    }
    response = back_office.post(url, form)
    assert response.status_code == 302, response.context["adminform"].form.errors
    thread.refresh_from_db()
    assert (thread.title, thread.assigned_adviser, thread.is_locked) == (
        "Carte bloquée à l'étranger",
        adviser,
        True,
    )
    target = ("Thread", str(thread.pk))
    assert list(AuditEvent.objects.order_by("id").values_list(*EVENT_FIELDS)) == [
        (
            superuser.pk,
            "thread.admin_change",
            *target,
            {"title": "Carte bloquée"},
            {"title": "Carte bloquée à l'étranger"},
        ),
        (
            superuser.pk,
            "thread.assign",
            *target,
            {"assigned_adviser": None},
            {"assigned_adviser": adviser.pk},
        ),
        (superuser.pk, "thread.lock", *target, {"is_locked": False}, {"is_locked": True}),
    ]


def test_a_suggestions_text_corrected_in_the_admin_is_audited(
    back_office: Client, superuser: Member, customer: Member
) -> None:
    suggestion = SuggestionFactory.create(author=customer, title="Relevés", body="Mon IBAN FR76")
    url = admin_url(Suggestion, "change", suggestion.pk)
    data = {
        f"{prefix}-{key}": value
        for prefix in ("status_changes", "decisions")
        for key, value in (
            ("TOTAL_FORMS", "0"),
            ("INITIAL_FORMS", "0"),
            ("MIN_NUM_FORMS", "0"),
            ("MAX_NUM_FORMS", "1000"),
        )
    }
    response = back_office.post(url, data | {"title": "Relevés", "body": "Mon IBAN (retiré)"})
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert list(AuditEvent.objects.values_list(*EVENT_FIELDS)) == [
        (
            superuser.pk,
            "suggestion.edit",
            "Suggestion",
            str(suggestion.pk),
            {"body": "Mon IBAN FR76"},
            {"body": "Mon IBAN (retiré)"},
        )
    ]
    # The same text again writes nothing.
    response = back_office.post(url, data | {"title": "Relevés", "body": "Mon IBAN (retiré)"})
    assert response.status_code == 302
    assert AuditEvent.objects.count() == 1


def test_agenda_rows_edited_inline_go_through_the_agenda_service(
    back_office: Client, superuser: Member, chair: Member
) -> None:
    """The inline rows are the agenda `setMeetingAgenda` sets: one `meeting.set_agenda`
    event with the agenda before and after, in the order of the positions."""
    now = timezone.now().replace(microsecond=0)
    meeting = CommitteeMeeting.objects.create(
        title="Comité de mars", chair=chair, scheduled_for=now + timedelta(days=3), created_at=now
    )
    kept = SuggestionFactory.create(status=S.SHORTLISTED)
    dropped = SuggestionFactory.create(status=S.SHORTLISTED)
    added = SuggestionFactory.create(status=S.SHORTLISTED)
    item_kept = AgendaItem.objects.create(meeting=meeting, suggestion=kept, position=1)
    item_dropped = AgendaItem.objects.create(meeting=meeting, suggestion=dropped, position=2)
    prefix = "agenda_items"
    response = back_office.post(
        admin_url(CommitteeMeeting, "change", meeting.pk),
        {
            "title": meeting.title,
            f"{prefix}-TOTAL_FORMS": "3",
            f"{prefix}-INITIAL_FORMS": "2",
            f"{prefix}-MIN_NUM_FORMS": "0",
            f"{prefix}-MAX_NUM_FORMS": "1000",
            f"{prefix}-0-id": item_kept.pk,
            f"{prefix}-0-meeting": meeting.pk,
            f"{prefix}-0-position": "2",
            f"{prefix}-0-suggestion": kept.pk,
            f"{prefix}-1-id": item_dropped.pk,
            f"{prefix}-1-meeting": meeting.pk,
            f"{prefix}-1-position": "2",
            f"{prefix}-1-suggestion": dropped.pk,
            f"{prefix}-1-DELETE": "on",
            f"{prefix}-2-meeting": meeting.pk,
            f"{prefix}-2-position": "1",
            f"{prefix}-2-suggestion": added.pk,
        },
    )
    assert response.status_code == 302, [
        (f.formset.errors, f.formset.non_form_errors())
        for f in response.context["inline_admin_formsets"]
    ] + [response.context["adminform"].form.errors]
    assert list(
        AgendaItem.objects.filter(meeting=meeting).values_list("position", "suggestion")
    ) == [(0, added.pk), (1, kept.pk)]
    assert list(AuditEvent.objects.values_list(*EVENT_FIELDS)) == [
        (
            superuser.pk,
            "meeting.set_agenda",
            "CommitteeMeeting",
            str(meeting.pk),
            {"agenda": [kept.pk, dropped.pk]},
            {"agenda": [added.pk, kept.pk]},
        )
    ]


def test_deletions_in_the_back_office_are_audited(
    back_office: Client, superuser: Member, customer: Member
) -> None:
    first = CategoryFactory.create(name="Discussions", slug="discussions", position=2)
    second = CategoryFactory.create(name="Hors sujet", slug="hors-sujet", position=3)
    response = back_office.post(
        admin_url(Category, "changelist"),
        {"action": "delete_selected", "_selected_action": [first.pk, second.pk], "post": "yes"},
    )
    assert response.status_code == 302
    thread = ThreadFactory.create(author=customer, title="Doublon à supprimer")
    response = back_office.post(admin_url(Thread, "delete", thread.pk), {"post": "yes"})
    assert response.status_code == 302
    assert not Thread.objects.filter(pk=thread.pk).exists()
    events = list(AuditEvent.objects.order_by("id").values_list(*EVENT_FIELDS))
    assert [e[:4] for e in events] == [
        (superuser.pk, "category.admin_delete", "Category", str(first.pk)),
        (superuser.pk, "category.admin_delete", "Category", str(second.pk)),
        (superuser.pk, "thread.admin_delete", "Thread", str(thread.pk)),
    ]
    assert events[0][4] == {
        "name": "Discussions",
        "slug": "discussions",
        "description": first.description,
        "position": 2,
        "accepts_threads": first.accepts_threads,
    }
    assert events[2][4]["title"] == "Doublon à supprimer"
    assert events[2][4]["author"] == customer.pk
    assert all(e[5] is None for e in events)


def test_list_editable_changes_are_audited(back_office: Client, superuser: Member) -> None:
    category = CategoryFactory.create(name="Le Labo", slug="labo", position=3)
    response = back_office.post(
        admin_url(Category, "changelist"),
        {
            "form-TOTAL_FORMS": "1",
            "form-INITIAL_FORMS": "1",
            "form-MIN_NUM_FORMS": "0",
            "form-MAX_NUM_FORMS": "1000",
            "form-0-id": category.pk,
            "form-0-position": "1",
            "_save": "Save",
        },
    )
    assert response.status_code == 302
    assert list(AuditEvent.objects.values_list(*EVENT_FIELDS)) == [
        (
            superuser.pk,
            "category.admin_change",
            "Category",
            str(category.pk),
            {"position": 3},
            {"position": 1},
        )
    ]


def test_the_admin_shows_the_log_and_nothing_more(
    back_office: Client, superuser: Member, audit_event: AuditEvent
) -> None:
    model_admin = admin.site._registry[AuditEvent]
    request = RequestFactory().get("/admin/")
    request.user = superuser
    assert model_admin.has_view_permission(request, audit_event) is True
    assert model_admin.has_add_permission(request) is False
    assert model_admin.has_change_permission(request, audit_event) is False
    assert model_admin.has_delete_permission(request, audit_event) is False
    # Reading only: the two exports.
    assert sorted(model_admin.get_actions(request)) == ["export_csv", "export_json"]
    assert back_office.get(admin_url(AuditEvent, "changelist")).status_code == 200
    page = back_office.get(admin_url(AuditEvent, "change", audit_event.pk))
    assert page.status_code == 200
    assert b'type="submit"' not in page.content.split(b'id="content-main"')[1].split(b"</form>")[0]
    assert back_office.get(admin_url(AuditEvent, "add")).status_code == 403
    assert (
        back_office.post(
            admin_url(AuditEvent, "change", audit_event.pk), {"action": "x"}
        ).status_code
        == 403
    )
    assert (
        back_office.post(
            admin_url(AuditEvent, "delete", audit_event.pk), {"post": "yes"}
        ).status_code
        == 403
    )
    audit_event.refresh_from_db()
    assert audit_event.action == "thread.lock"


def test_auditors_export_a_selection_with_its_chain(
    back_office: Client, superuser: Member, audit_event: AuditEvent
) -> None:
    later = AuditEvent.objects.create(
        actor=superuser, action="thread.unlock", target_type="Thread", target_id="1"
    )
    selected = {"_selected_action": [audit_event.pk, later.pk], "index": 0}
    answer = back_office.post(
        admin_url(AuditEvent, "changelist"), {"action": "export_json", **selected}
    )
    assert answer.status_code == 200
    assert answer["Content-Type"] == "application/json"
    assert answer["Content-Disposition"].startswith('attachment; filename="audit-log-')
    document = json.loads(answer.content)
    assert (document["contiguous"], document["chain"]) == (True, "intact")
    assert [e["action"] for e in document["events"]] == ["thread.lock", "thread.unlock"]
    answer = back_office.post(
        admin_url(AuditEvent, "changelist"), {"action": "export_csv", **selected}
    )
    assert answer["Content-Type"] == "text/csv; charset=utf-8"
    assert answer.content.decode().splitlines()[2].split(",")[4] == "thread.unlock"
