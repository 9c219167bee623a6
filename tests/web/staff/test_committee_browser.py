"""The committee's pages in a real browser (tests/web/browsing.py): two committee members
score the idea of the demo's last meeting that has a draft decision, each seeing the
others' scores only once they scored; the chair edits the draft (RETAINED, with a target
period), previews it and publishes it; demo-client, who voted for the idea, reads the
notification and the idea's page shows the decision and the new status. axe-core runs on
every committee page at 1280 and 390 pixels; the screenshots the README shows are taken
here (var/screenshots/committee-*.png)."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.contrib.auth.hashers import make_password
from playwright.sync_api import Page, expect

from models.models import Decision, Member
from tests.web.browsing import AXE, PASSWORD, SCREENSHOTS, Visit, axe_violations

pytestmark = pytest.mark.django_db(transaction=True)


def _axe(page: Page, name: str, found: dict[str, list[str]]) -> None:
    """axe-core's serious and critical violations of the page at 1280 and at 390 pixels."""
    for width in (1280, 390):
        page.set_viewport_size({"width": width, "height": 900})
        violations = axe_violations(page)
        if violations:
            found[f"{name} at {width} px"] = violations
    page.set_viewport_size({"width": 1280, "height": 900})


def _shot(page: Page, name: str, at: str | None = None) -> None:
    """A 1280-pixel-wide picture of what the window shows (the README's), scrolled to the
    element `at` when given."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    if at is not None:
        # The element a third of the window down, with what leads to it above.
        page.locator(at).evaluate(
            "element => { element.scrollIntoView(); window.scrollBy(0, -window.innerHeight / 3); }"
        )
    page.screenshot(path=str(SCREENSHOTS / f"committee-{name}.png"))


def _member(visits: Any, username: str) -> Visit:
    visit: Visit = visits()
    visit.context.add_init_script(path=str(AXE))
    visit.login(username)
    return visit


def _score(page: Page, scores: tuple[str, str, str, str], comment: str) -> None:
    labels = (
        "Bénéfice client",
        "Faisabilité technique",
        "Coût (5 = le moins cher)",
        "Délai de réalisation (5 = le plus rapide)",
    )
    for label, value in zip(labels, scores, strict=True):
        page.get_by_label(label, exact=True).select_option(value)
    page.get_by_label("Commentaire privé (le comité seulement)").fill(comment)
    page.get_by_role("button", name="Enregistrer mes notes").click()
    expect(page.locator(".messages")).to_have_text("Vos notes sont enregistrées.")


@pytest.fixture
def draft(demo: None) -> tuple[str, str]:
    """The title and target period of the demo's draft decision, read before the browser
    starts (Django refuses database calls while Playwright's event loop runs)."""
    decision = Decision.objects.select_related("suggestion").get(published_at__isnull=True)
    # The demo's logins are its demo-* accounts: the second member gets the same password.
    Member.objects.filter(username="veronique.fabre").update(password=make_password(PASSWORD))
    return decision.suggestion.title, decision.target_period


def test_the_committee_scores_the_chair_decides_and_a_voter_is_told(
    draft: tuple[str, str], visits: Any
) -> None:
    title, target_period = draft
    found: dict[str, list[str]] = {}

    # demo-comite: from the team bar to the meeting's agenda, to the idea.
    comite = _member(visits, "demo-comite")
    page = comite.page
    page.get_by_role("navigation", name="Équipe").get_by_role("link", name="Comité").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Réunions du comité")
    _axe(page, "meetings", found)
    page.locator(".meeting-card").first.get_by_role("link").click()
    expect(page.get_by_role("heading", name="Ordre du jour")).to_be_visible()
    item = page.locator(".committee-item").filter(has_text=title)
    expect(item.locator(".committee-state")).to_contain_text("À noter")
    _axe(page, "agenda", found)
    item.get_by_role("link", name=title).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(title)
    idea_page = page.url
    expect(page.locator(".aggregate-hidden")).to_have_text(
        "Vous verrez les notes des autres et la synthèse une fois que vous aurez noté cette idée."
    )
    _axe(page, "idea", found)
    _score(page, ("5", "4", "3", "4"), "Très demandé en agence.")
    # Three members had scored before the session ran out of time: four now.
    expect(page.locator("table.scores caption")).to_have_text("Moyenne de 4 évaluations")
    expect(page.locator(".aggregate-hidden")).to_have_count(0)
    _shot(page, "scores", at="#aggregate-title")
    _axe(page, "idea (scored)", found)

    # veronique.fabre, on a phone: the same idea, not scored yet by her.
    veronique = _member(visits, "veronique.fabre")
    page = veronique.page
    page.set_viewport_size({"width": 390, "height": 900})
    page.goto(idea_page)
    expect(page.locator(".aggregate-hidden")).to_be_visible()
    expect(page.get_by_text("Très demandé en agence.")).to_have_count(0)
    _score(page, ("4", "3", "3", "3"), "")
    expect(page.locator("table.scores caption")).to_have_text("Moyenne de 5 évaluations")
    expect(page.locator(".evaluations")).to_contain_text("Très demandé en agence.")

    # demo-president: has scored, edits the draft, previews and publishes it.
    president = _member(visits, "demo-president")
    page = president.page
    page.goto(idea_page)
    expect(page.locator("table.scores caption")).to_have_text("Moyenne de 5 évaluations")
    page.get_by_role("link", name="Modifier le brouillon").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Modifier le brouillon de décision")
    expect(page.get_by_role("radio", name="Retenue", exact=True)).to_be_checked()
    expect(page.get_by_label(re.compile("^Période visée"))).to_have_value(target_period)
    _axe(page, "decision", found)
    page.get_by_label(re.compile("^Période visée")).fill("2027 Q4")
    page.get_by_label(re.compile("^Justification publique")).fill(
        "Une attente forte des clients, que l'appli peut satisfaire simplement."
    )
    page.get_by_role("button", name="Enregistrer le brouillon et le prévisualiser").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Aperçu de la décision")
    expect(page.locator(".decision h2")).to_have_text("La décision du comité : Retenue")
    expect(page.locator(".decision")).to_contain_text("Prévue pour : 2027 Q4")
    expect(page.locator(".notification-preview")).to_have_text(
        f"Le comité a décidé : « {title} » — Retenue."
    )
    _shot(page, "preview")
    _axe(page, "preview", found)
    page.get_by_role("button", name="Publier la décision").click()
    expect(page.locator(".messages")).to_have_text(
        "La décision est publiée : ses votants et ses abonnés sont prévenus."
    )
    expect(page.get_by_role("heading", level=1)).to_have_text(title)

    # demo-client voted for it: the notification, then the idea's page.
    client = _member(visits, "demo-client")
    page = client.page
    page.get_by_role("link", name=re.compile("^Notifications")).click()
    note = page.get_by_role("button", name=f"Le comité a décidé : « {title} » — Retenue.")
    expect(note).to_be_visible()
    note.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(title)
    expect(page.locator(".decision h2")).to_have_text("La décision du comité : Retenue")
    expect(page.locator(".decision")).to_contain_text("Prévue pour : 2027 Q4")
    expect(page.locator(".decision .rationale")).to_have_text(
        "Une attente forte des clients, que l'appli peut satisfaire simplement."
    )
    expect(page.locator(".timeline li").last).to_contain_text("Retenue")
    expect(page.locator(".idea .meta .status")).to_have_text("Retenue")
    _shot(page, "published")

    assert found == {}
