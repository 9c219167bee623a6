"""The support desk in a real browser (tests/web/browsing.py): an adviser takes the oldest
unanswered question from the desk, adds an internal note and an official answer; the
customer who asked, in a second browser, reads the answer and never the note, on the
thread page and in search, where the adviser finds the note. axe-core finds nothing
serious on the desk at 1280 and 390 pixels."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from models.models import Thread, ThreadKind, ThreadStatus
from tests.web.browsing import AXE, PASSWORD, axe_violations

pytestmark = pytest.mark.django_db(transaction=True)

# A word no text of the demo holds, so search finds the note or nothing.
NOTE_WORD = "zanzibarite"


@dataclass
class Asked:
    """The oldest question awaiting a first answer, and the customer who asked it."""

    title: str
    username: str


@pytest.fixture
def asked(demo: None) -> Asked:
    """The desk's first question in the demo; its author may log in (the demo's password),
    before the browser starts."""
    thread = (
        Thread.objects.filter(
            kind=ThreadKind.QUESTION,
            status=ThreadStatus.OPEN,
            first_response_at__isnull=True,
            suggestion__isnull=True,
            hidden_at__isnull=True,
        )
        .select_related("author")
        .order_by("created_at", "id")
        .first()
    )
    assert thread is not None
    thread.author.set_password(PASSWORD)
    thread.author.save(update_fields=["password"])
    return Asked(title=thread.title, username=thread.author.username)


def _no_axe_violations(page: Page) -> None:
    """axe-core on the page as it is, at 1280 and at 390 pixels."""
    found = {}
    for width in (1280, 390):
        page.set_viewport_size({"width": width, "height": 900})
        found[width] = axe_violations(page)
    page.set_viewport_size({"width": 1280, "height": 900})
    assert found == {1280: [], 390: []}


def test_an_adviser_answers_the_oldest_question(asked: Asked, visits: Any) -> None:
    adviser = visits()
    adviser.context.add_init_script(path=str(AXE))
    adviser.login("demo-conseiller")
    page = adviser.page
    page.get_by_role("navigation", name="Équipe").get_by_role("link", name="Support").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Support")
    expect(page.locator(".lead")).to_contain_text("une première réponse sous 24 heures")
    _no_axe_violations(page)
    first = page.locator(".desk-card").first
    expect(first.locator(".card-title")).to_have_text(asked.title)
    expect(first.locator(".desk-waited")).to_have_text(re.compile(r"^En attente depuis \d+ "))

    # Filtered to unassigned questions, it takes the first one; the desk says who has it.
    page.get_by_label("Attribuées à").select_option("UNASSIGNED")
    page.get_by_role("button", name="Filtrer").click()
    expect(page).to_have_url(re.compile(r"assignee=UNASSIGNED"))
    first = page.locator(".desk-card").first
    expect(first.locator(".card-title")).to_have_text(asked.title)
    first.get_by_role("button", name=re.compile("^Je la prends")).click()
    expect(page.locator(".message")).to_have_text(re.compile(r"^Attribuée à Julien"))
    expect(page.locator(".desk-card").filter(has_text=asked.title)).to_have_count(0)
    page.get_by_label("Attribuées à").select_option("ME")
    page.get_by_role("button", name="Filtrer").click()
    mine = page.locator(".desk-card").filter(has_text=asked.title)
    expect(mine.locator(".desk-assignee")).to_have_text(re.compile(r"^Suivie par Julien"))
    _no_axe_violations(page)

    mine.get_by_role("link", name=asked.title).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(asked.title)
    thread_url = page.url
    expect(page.locator(".desk-assignee")).to_have_text(re.compile(r"^Suivie par Julien"))
    page.get_by_label("Votre note pour les conseillers").fill(
        f"Client rappelé : dossier {NOTE_WORD} en cours."
    )
    page.get_by_role("button", name="Ajouter la note interne").click()
    expect(page.locator(".message")).to_have_text(
        "Votre note interne est ajoutée : seuls les conseillers la voient."
    )
    note = page.locator(".post-internal").filter(has_text=NOTE_WORD)
    expect(note.locator(".internal-notice")).to_have_text(
        "Note interne : seuls les conseillers la voient."
    )
    page.get_by_label("Votre réponse").fill("Bonjour, c'est réglé de notre côté : voici comment.")
    page.get_by_role("button", name="Publier ma réponse").click()
    expect(page.locator(".message")).to_have_text("Votre réponse est publiée.")
    answer = page.locator(".post-official").filter(has_text="c'est réglé de notre côté")
    expect(answer.locator(".official")).to_have_text("Réponse officielle")
    _no_axe_violations(page)

    # Answered: it leaves the desk.
    page.goto("/equipe/support/")
    expect(page.locator(".desk-card").filter(has_text=asked.title)).to_have_count(0)
    # The adviser finds the note in search.
    page.goto(f"/recherche/?q={NOTE_WORD}")
    expect(page.locator(".results .card")).to_have_count(1)
    expect(page.locator(".results")).to_contain_text(NOTE_WORD)

    customer = visits()
    customer.login(asked.username)
    mine_page = customer.page
    mine_page.goto(thread_url)
    expect(mine_page.locator(".post-official")).to_contain_text("c'est réglé de notre côté")
    expect(mine_page.get_by_text(NOTE_WORD)).to_have_count(0)
    expect(mine_page.locator(".post-internal")).to_have_count(0)
    expect(mine_page.get_by_text("Outils des conseillers")).to_have_count(0)
    assert NOTE_WORD not in mine_page.content()
    mine_page.goto(f"/recherche/?q={NOTE_WORD}")
    expect(mine_page.locator(".count")).to_have_text("0 résultat")
    expect(mine_page.locator(".results .card")).to_have_count(0)
    # No team bar for a customer (the desk's 404: tests/web/staff/test_threads.py).
    expect(mine_page.get_by_role("navigation", name="Équipe")).to_have_count(0)
