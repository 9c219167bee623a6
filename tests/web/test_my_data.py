"""/moi/donnees/: a member downloads their data and erases their account from the website,
through the same GraphQL documents as any client."""

from __future__ import annotations

import json

import pytest

from models.models import Member
from tests.factories import PASSWORD, ThreadFactory

from .conftest import Browser

pytestmark = pytest.mark.django_db


def test_a_member_downloads_their_data(claire: Browser, customer: Member) -> None:
    ThreadFactory.create(author=customer, title="Virement bloqué")
    page = claire.text("/moi/donnees/")
    assert "<h1>Mes données personnelles</h1>" in page
    assert 'href="/moi/donnees/telecharger/"' in page
    answer = claire.get("/moi/donnees/telecharger/")
    assert answer["Content-Type"] == "application/json"
    assert answer["Content-Disposition"] == 'attachment; filename="comptoir-mes-donnees.json"'
    assert answer["Cache-Control"].startswith("max-age=0")
    data = json.loads(answer.content)
    assert data["profile"]["username"] == "claire"
    assert [t["title"] for t in data["threads"]] == ["Virement bloqué"]


def test_visitors_are_sent_to_log_in(visitor: Browser) -> None:
    for path in ("/moi/donnees/", "/moi/donnees/telecharger/"):
        answer = visitor.get(path, 302)
        assert answer["Location"] == "/connexion/?next=" + path.replace("/", "%2F")


def test_a_wrong_password_is_told_next_to_the_field(claire: Browser, customer: Member) -> None:
    answer = claire.post("/moi/donnees/", {"password": "pas le bon"}, status=400)
    page = answer.content.decode()
    assert (
        '<ul class="field-errors" id="password-errors"><li>'
        "Ce n&#x27;est pas votre mot de passe : rien n&#x27;a été effacé.</li></ul>"
    ) in page
    assert Member.objects.get(pk=customer.pk).erased_at is None


def test_erasing_ones_account_logs_out(claire: Browser, customer: Member) -> None:
    answer = claire.post("/moi/donnees/", {"password": PASSWORD})
    assert answer["Location"] == "/"
    erased = Member.objects.get(pk=customer.pk)
    assert erased.display_name == f"Ancien membre {customer.pk}"
    home = claire.text("/")
    assert "Votre compte est effacé. Au revoir, et merci." in home
    assert "Se connecter" in home and "Ancien membre" not in home
