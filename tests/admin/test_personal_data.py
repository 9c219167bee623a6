"""Members' personal data in the back office: shown, searched and exported only by staff
holding `community.view_personal_data`, each display audited; accounts erased from there
through the same service as the API."""

from __future__ import annotations

import json

import pytest
from django.contrib.auth.models import Permission
from django.test import Client

from models.models import AuditEvent, Member, Vote
from tests.admin.pages import admin_url
from tests.factories import AdviserFactory, CustomerFactory, SuggestionFactory, add_votes

pytestmark = pytest.mark.django_db

EMAIL = "amelie.poulain@example.test"


@pytest.fixture
def amelie(db: None) -> Member:
    return CustomerFactory.create(
        username="amelie", display_name="Amélie P.", email=EMAIL, customer_number="98765432"
    )


def _staff(*, personal_data: bool) -> Client:
    staff = AdviserFactory.create(is_staff=True)
    codenames = ["view_member", "change_member"] + (["view_personal_data"] if personal_data else [])
    staff.user_permissions.set(Permission.objects.filter(codename__in=codenames))
    client = Client()
    client.force_login(staff)
    return client


def _events() -> list[tuple[str, str, object]]:
    return list(AuditEvent.objects.order_by("sequence").values_list("action", "target_id", "after"))


def test_staff_without_the_permission_never_see_it(amelie: Member) -> None:
    staff = _staff(personal_data=False)
    page = staff.get(admin_url(Member, "change", amelie.pk)).content.decode()
    assert "Amélie P." in page
    assert EMAIL not in page and "98765432" not in page
    listing = staff.get(admin_url(Member, "changelist")).content.decode()
    assert "Amélie P." in listing and EMAIL not in listing
    # Searching by email finds nobody: the field is not searched for them.
    found = staff.get(admin_url(Member, "changelist"), {"q": EMAIL}).content.decode()
    assert "Amélie P." not in found
    assert _events() == []


def test_each_display_to_staff_with_the_permission_is_audited(amelie: Member) -> None:
    staff = _staff(personal_data=True)
    listing = staff.get(admin_url(Member, "changelist")).content.decode()
    assert EMAIL not in listing  # never in the list
    for _ in range(2):
        page = staff.get(admin_url(Member, "change", amelie.pk)).content.decode()
        assert EMAIL in page and "98765432" in page
    assert _events() == [
        ("member.view_personal_data", str(amelie.pk), {"purpose": "display"}),
        ("member.view_personal_data", str(amelie.pk), {"purpose": "display"}),
    ]


def test_export_for_a_request_received_by_mail(amelie: Member) -> None:
    staff = _staff(personal_data=True)
    answer = staff.post(
        admin_url(Member, "changelist"),
        {"action": "export_personal_data", "_selected_action": [amelie.pk], "index": 0},
    )
    assert answer.status_code == 200
    assert answer["Content-Disposition"] == (
        f'attachment; filename="personal-data-member-{amelie.pk}.json"'
    )
    data = json.loads(answer.content)
    assert data["format"] == "comptoir-personal-data/1"
    assert data["profile"]["email"] == EMAIL
    assert _events() == [("member.view_personal_data", str(amelie.pk), {"purpose": "export"})]
    # Staff without the permission have no such action.
    refused = _staff(personal_data=False).post(
        admin_url(Member, "changelist"),
        {"action": "export_personal_data", "_selected_action": [amelie.pk], "index": 0},
    )
    assert refused["Content-Type"] == "text/html; charset=utf-8"
    assert len(_events()) == 1


def test_erasure_after_confirmation(amelie: Member) -> None:
    idea = SuggestionFactory.create()
    add_votes(idea, [amelie])
    staff = _staff(personal_data=True)
    selected = {"action": "erase_accounts", "_selected_action": [amelie.pk], "index": 0}
    confirmation = staff.post(admin_url(Member, "changelist"), selected)
    assert confirmation.status_code == 200
    assert "Erase 1 account?" in confirmation.content.decode()
    assert Member.objects.get(pk=amelie.pk).erased_at is None
    done = staff.post(admin_url(Member, "changelist"), {**selected, "confirm": "yes"})
    assert done.status_code == 302
    erased = Member.objects.get(pk=amelie.pk)
    assert (erased.display_name, erased.email, erased.is_active) == (
        f"Ancien membre {amelie.pk}",
        "",
        False,
    )
    idea.refresh_from_db()
    assert idea.vote_count == Vote.objects.filter(suggestion=idea).count() == 1
    assert _events() == [("member.erase", str(amelie.pk), {"by": "staff"})]
