"""The member's e-mail page (/moi/e-mails/), the unsubscribe link's page
(/e-mail/unsubscribe/<token>/, RFC 8058), and the language switch that records a member's
language: through the same GraphQL documents as any client."""

from __future__ import annotations

import re
from html import unescape
from typing import Any

import pytest
from django.test import Client

from models.models import Member, NotificationPreference
from resolvers.services.notifications import DIGEST, OfficialAnswer, notify, unsubscribe_token
from tests.factories import PostFactory, ThreadFactory

from .conftest import Browser, page_statements

pytestmark = pytest.mark.django_db

DAY = 24 * 3600


def _deliveries(member: Member) -> list[tuple[str, str]]:
    return sorted(
        NotificationPreference.objects.filter(member=member).values_list("kind", "delivery")
    )


def _checked(page: str) -> dict[str, str]:
    """The delivery checked for each kind on the e-mail page."""
    return dict(re.findall(r'name="kind-(\w+)" value="(\w+)" checked', page))


def test_the_e_mail_page_shows_each_kind_with_its_delivery(claire: Browser) -> None:
    page = claire.text("/moi/e-mails/")
    assert "<h1>Mes e-mails</h1>" in page
    assert _checked(page) == {
        "OFFICIAL_ANSWER": "IMMEDIATE",
        "QUESTION_RESOLVED": "IN_APP",
        "SUGGESTION_STATUS_CHANGED": "IN_APP",
        "DECISION_PUBLISHED": "IMMEDIATE",
        "SUGGESTION_MARKED_DUPLICATE": "IN_APP",
        "CONTENT_HIDDEN": "IN_APP",
        "THREAD_REPLY": "IN_APP",
        "SUGGESTION_COMMENT": "IN_APP",
    }
    assert "<legend>Un conseiller répond à l'une de vos questions</legend>" in page
    assert "Un e-mail par jour</label>" in page
    assert '<option value="FR" lang="fr" selected>Français</option>' in page
    # Linked from every page of the member's, and from their notifications.
    assert 'href="/moi/e-mails/"' in claire.text("/")
    assert 'href="/moi/e-mails/"' in claire.text("/notifications/")


def test_saving_changes_only_what_changed(claire: Browser, customer: Member) -> None:
    form = {
        "kind-OFFICIAL_ANSWER": "IMMEDIATE",
        "kind-QUESTION_RESOLVED": "IN_APP",
        "kind-SUGGESTION_STATUS_CHANGED": "DAILY_DIGEST",
        "kind-DECISION_PUBLISHED": "IN_APP",
        "kind-SUGGESTION_MARKED_DUPLICATE": "IN_APP",
        "kind-CONTENT_HIDDEN": "IN_APP",
        "kind-THREAD_REPLY": "IMMEDIATE",
        "kind-SUGGESTION_COMMENT": "NOT_A_DELIVERY",
        "language": "EN",
    }
    answer = claire.post("/moi/e-mails/", form)
    assert answer["Location"] == "/moi/e-mails/"
    assert _deliveries(customer) == [
        ("DECISION_PUBLISHED", "IN_APP"),
        ("SUGGESTION_STATUS_CHANGED", "DAILY_DIGEST"),
        ("THREAD_REPLY", "IMMEDIATE"),
    ]
    assert Member.objects.get(pk=customer.pk).language == "en"
    page = claire.text("/moi/e-mails/")
    assert "Vos choix d'e-mails sont enregistrés." in page
    assert _checked(page)["SUGGESTION_STATUS_CHANGED"] == "DAILY_DIGEST"
    assert '<option value="EN" lang="en" selected>English</option>' in page


def test_visitors_are_sent_to_log_in(visitor: Browser) -> None:
    answer = visitor.get("/moi/e-mails/", 302)
    assert answer["Location"] == "/connexion/?next=%2Fmoi%2Fe-mails%2F"


def test_the_e_mail_page_costs_the_same_statements(claire: Browser, customer: Member) -> None:
    # Its kinds and the member's choices are one statement, however many they chose.
    before = page_statements(claire, "/moi/e-mails/")
    NotificationPreference.objects.create(
        member=customer, kind="THREAD_REPLY", delivery="IMMEDIATE"
    )
    NotificationPreference.objects.create(member=customer, kind="CONTENT_HIDDEN", delivery="IN_APP")
    assert page_statements(claire, "/moi/e-mails/") == before == 4


# --- The unsubscribe link's page -------------------------------------------------------------


def test_opening_the_link_asks_first(visitor: Browser, customer: Member) -> None:
    token = unsubscribe_token(member_id=customer.pk, scope="OFFICIAL_ANSWER")
    page = visitor.text(f"/e-mail/unsubscribe/{token}/")
    assert "<h1>Arrêter ces e-mails ?</h1>" in page
    assert (
        "Vous ne recevrez plus d'e-mail quand : Un conseiller répond à l'une de vos questions."
    ) in page
    assert '<form method="post">' in page
    assert _deliveries(customer) == []  # a mail scanner opening it changes nothing


def test_the_page_s_button_unsubscribes_without_logging_in(customer: Member) -> None:
    token = unsubscribe_token(member_id=customer.pk, scope="OFFICIAL_ANSWER")
    browser = Client(enforce_csrf_checks=True)
    answer = browser.post(f"/e-mail/unsubscribe/{token}/")
    assert answer.status_code == 200
    assert "<h1>E-mails arrêtés</h1>" in answer.content.decode()
    assert _deliveries(customer) == [("OFFICIAL_ANSWER", "IN_APP")]
    # Again: the same page (mail clients may retry).
    assert browser.post(f"/e-mail/unsubscribe/{token}/").status_code == 200


def test_the_digest_link(visitor: Browser, customer: Member) -> None:
    NotificationPreference.objects.create(
        member=customer, kind="THREAD_REPLY", delivery="DAILY_DIGEST"
    )
    token = unsubscribe_token(member_id=customer.pk, scope=DIGEST)
    assert "Vous ne recevrez plus l'e-mail quotidien qui résume" in visitor.text(
        f"/e-mail/unsubscribe/{token}/"
    )
    answer = visitor.post(f"/e-mail/unsubscribe/{token}/", {}, 200)
    assert "Vous ne recevrez plus l'e-mail quotidien." in unescape(answer.content.decode())
    assert _deliveries(customer) == [("THREAD_REPLY", "IN_APP")]


@pytest.mark.parametrize("method", ["get", "post"])
def test_a_link_that_is_not_valid_is_a_clear_400(
    method: str, customer: Member, frozen_clock: list[float]
) -> None:
    token = unsubscribe_token(member_id=customer.pk, scope="OFFICIAL_ANSWER")
    tampered = token[:-1] + ("A" if token[-1] != "A" else "B")
    browser = Client()
    answer = getattr(browser, method)(f"/e-mail/unsubscribe/{tampered}/")
    assert answer.status_code == 400
    page = unescape(answer.content.decode())
    assert "<h1>Ce lien de désabonnement ne fonctionne pas</h1>" in page
    assert "Rien n'a été changé." in page and 'href="/moi/e-mails/"' in page
    frozen_clock[0] += 91 * DAY
    answer = getattr(browser, method)(f"/e-mail/unsubscribe/{token}/")
    assert answer.status_code == 400
    if method == "post":
        assert "Ce lien est trop ancien pour arrêter des e-mails." in answer.content.decode()
    assert _deliveries(customer) == []


# --- The language switch ---------------------------------------------------------------------


def test_the_language_switch_records_a_member_s_language(
    claire: Browser, customer: Member, visitor: Browser
) -> None:
    answer = claire.http.post("/i18n/setlang/", {"language": "en", "next": "/labo/"})
    assert (answer.status_code, answer["Location"]) == (302, "/labo/")
    assert '<html lang="en">' in claire.text("/labo/")
    assert Member.objects.get(pk=customer.pk).language == "en"
    claire.http.post("/i18n/setlang/", {"language": "fr", "next": "/"})
    assert Member.objects.get(pk=customer.pk).language == "fr"
    # A visitor's choice is the cookie's only; an unknown language changes nothing.
    assert visitor.http.post("/i18n/setlang/", {"language": "en"}).status_code == 302
    claire.http.post("/i18n/setlang/", {"language": "de", "next": "/"})
    assert Member.objects.get(pk=customer.pk).language == "fr"


def test_robots_keep_out_of_e_mail_pages(visitor: Browser) -> None:
    text: Any = visitor.http.get("/robots.txt").content.decode()
    assert "Disallow: /moi/e-mails/\n" in text and "Disallow: /e-mail/\n" in text


def test_an_english_reader_reads_notifications_in_english(
    claire: Browser, customer: Member, adviser: Member
) -> None:
    thread = ThreadFactory.create(author=customer, title="Carte bloquée")
    answer = PostFactory.create(thread=thread, author=adviser, is_official=True)
    notify(recipient_ids=[customer.pk], event=OfficialAnswer.event(post=answer))
    assert "Julien (conseiller) a répondu à votre question « Carte bloquée »." in claire.text(
        "/notifications/"
    )
    claire.http.post("/i18n/setlang/", {"language": "en", "next": "/notifications/"})
    assert "Julien (conseiller) answered your question “Carte bloquée”." in claire.text(
        "/notifications/"
    )
