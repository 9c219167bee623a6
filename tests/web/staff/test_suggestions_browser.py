"""Le Labo's triage in a real browser (tests/web/browsing.py: uvicorn over the test database
with the demo community, Debian's chromium), as the demo adviser `demo-conseiller` (an
adviser, not staff: the back office is never used): merging a duplicate through the search
picker, then a meeting scheduled, an idea moved with a public note, shortlisted onto the
meeting's agenda and the agenda reordered. axe-core finds no serious or critical violation
on any triage page, at 1280 and 390 pixels.

The test process reads the database while Playwright's event loop runs (the vote rows the
pages must agree with): DJANGO_ALLOW_ASYNC_UNSAFE lets it, as Django's documentation says
for such tests."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import timedelta
from typing import Any
from urllib.parse import urlsplit

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from models.models import Member, Role, Suggestion, SuggestionStatus, Vote
from schema.core.ids import encode_id
from tests.factories import SuggestionFactory, add_votes
from tests.web.browsing import AXE, Visit, axe_violations

pytestmark = pytest.mark.django_db(transaction=True)

ADVISER = "demo-conseiller"
ORIGINAL = "Virement instantané vers un nouveau bénéficiaire"
DUPLICATE = "Ajouter un bénéficiaire et le payer tout de suite"


@pytest.fixture(autouse=True)
def _database_beside_the_browser(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    yield


def _id(row: Any) -> str:
    return encode_id(type(row).__name__, row.pk)


def _adviser(visits: Any, width: int = 1280) -> Visit:
    visit: Visit = visits(width=width)
    visit.login(ADVISER)
    return visit


def _axe_clean(visits: Any, paths: list[str]) -> None:
    """axe-core on each page, at 1280 and 390 pixels, as the adviser."""
    found: dict[str, list[str]] = {}
    for width in (1280, 390):
        visit = _adviser(visits, width)
        visit.context.add_init_script(path=str(AXE))
        for path in paths:
            response = visit.page.goto(path)
            assert response is not None and response.status == 200, path
            violations = axe_violations(visit.page)
            if violations:
                found[f"{path} at {width} px"] = violations
    assert found == {}


def _shown_votes(page: Page, idea: Suggestion) -> int:
    page.goto(f"/labo/idees/{_id(idea)}/")
    return int(re.sub(r"\D", "", page.locator("[data-vote-count]").first.inner_text()))


def _item_button(page: Page, action: str, title: str) -> Any:
    """An agenda item's button: its visible word, then the idea's title for screen readers."""
    return page.get_by_role(
        "button", name=re.compile(rf"^{re.escape(action)}\s*: {re.escape(title)}$")
    )


# --- Merging a duplicate ------------------------------------------------------------------


def test_an_adviser_merges_a_duplicate_through_the_picker(visits: Any) -> None:
    customers = list(Member.objects.filter(role=Role.CUSTOMER).order_by("pk")[:7])
    original = SuggestionFactory.create(title=ORIGINAL, author=customers[0])
    duplicate = SuggestionFactory.create(title=DUPLICATE, author=customers[1])
    # Two members support both; the original has 4 votes, the duplicate 3.
    add_votes(original, [customers[0], customers[2], customers[3], customers[4]])
    add_votes(duplicate, [customers[1], customers[2], customers[3]])

    visit = _adviser(visits)
    page = visit.page
    page.goto("/")
    page.get_by_role("navigation", name="Équipe").get_by_role("link", name="Idées à trier").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Idées à trier")

    # From the duplicate's public page to its triage tools.
    page.goto(f"/labo/idees/{_id(duplicate)}/")
    page.get_by_role("link", name="Tous les outils de tri : fusionner, présenter au comité").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(DUPLICATE)
    page.get_by_role("searchbox", name="Trouver l'idée d'origine").fill("bénéficiaire")
    page.get_by_role("search", name="Trouver l'idée d'origine").get_by_role(
        "button", name="Rechercher"
    ).click()
    picker = page.get_by_role("group", name="L'idée d'origine")
    choice = picker.locator("label").filter(has_text=ORIGINAL)
    expect(choice).to_have_text(f"{ORIGINAL} (Proposée, 4 votes)")
    expect(picker.locator("label").filter(has_text=DUPLICATE)).to_have_count(0)
    choice.click()
    page.get_by_label("Note publique sur la fusion").fill(
        "La même idée que celle-ci, qui a plus de soutiens."
    )
    page.get_by_role("button", name="Fusionner avec l'idée choisie").click()
    expect(page.locator(".message")).to_have_text(
        f"L'idée est fusionnée avec « {ORIGINAL} », qui compte maintenant 5 votes."
    )
    expect(page.locator("#idea-status")).to_have_text("Fusionnée avec une autre idée")

    # Each idea's page shows exactly its vote rows; a member who supported both counts once.
    assert Vote.objects.filter(suggestion=original).count() == 5
    assert Vote.objects.filter(suggestion=duplicate).count() == 0
    reader = visits().page
    assert _shown_votes(reader, original) == Vote.objects.filter(suggestion=original).count()
    assert _shown_votes(reader, duplicate) == Vote.objects.filter(suggestion=duplicate).count()
    # The duplicate points to the original.
    reader.goto(f"/labo/idees/{_id(duplicate)}/")
    expect(reader.locator(".notice")).to_contain_text(
        "Cette idée a été fusionnée avec une autre, qui a reçu ses votes"
    )
    reader.locator(".notice").get_by_role("link", name=ORIGINAL).click()
    expect(reader.get_by_role("heading", level=1)).to_have_text(ORIGINAL)
    expect(reader.locator(".timeline")).not_to_contain_text("Fusionnée")

    _axe_clean(
        visits,
        [
            "/equipe/labo/",
            "/equipe/labo/?status=UNDER_REVIEW",
            f"/equipe/labo/idees/{_id(original)}/?q=b%C3%A9n%C3%A9ficiaire",
            f"/equipe/labo/idees/{_id(duplicate)}/",
            f"/labo/idees/{_id(original)}/",
        ],
    )


# --- A meeting prepared -------------------------------------------------------------------


def test_an_adviser_prepares_a_meeting(visits: Any) -> None:
    idea = (
        Suggestion.objects.filter(status=SuggestionStatus.SUBMITTED, hidden_at__isnull=True)
        .order_by("-vote_count", "pk")
        .first()
    )
    assert idea is not None
    already = list(
        Suggestion.objects.filter(
            status=SuggestionStatus.SHORTLISTED, hidden_at__isnull=True
        ).order_by("-vote_count", "pk")
    )
    assert already, "the demo has shortlisted ideas"
    when = timezone.localtime() + timedelta(days=14)

    visit = _adviser(visits)
    page = visit.page
    page.goto("/")
    page.get_by_role("navigation", name="Équipe").get_by_role(
        "link", name="Réunions à préparer"
    ).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Réunions du comité")
    page.get_by_label("Titre", exact=True).fill("Comité de printemps")
    page.get_by_label("Date et heure (heure de Paris)").fill(when.strftime("%Y-%m-%dT14:30"))
    page.get_by_role("button", name="Programmer la réunion").click()
    expect(page.locator(".message")).to_have_text("La réunion est programmée.")
    expect(page.get_by_role("heading", level=1)).to_have_text("Comité de printemps")
    expect(page.locator(".agenda")).to_have_text("L'ordre du jour est vide.")
    meeting_url = page.url

    # The most supported submitted idea, found in the queue.
    page.get_by_role("navigation", name="Équipe").get_by_role("link", name="Idées à trier").click()
    page.locator("#below-title ~ ul").get_by_role("link", name=idea.title, exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(idea.title)
    moves = page.get_by_role("group", name="Nouveau statut")
    expect(moves.get_by_role("radio")).to_have_count(1)
    moves.get_by_role("radio", name="À l'étude").check()
    note = "Nous étudions votre idée avec l'équipe des cartes."
    page.get_by_label(
        "Note publique (affichée sur la page de l'idée et envoyée à ses abonnés)"
    ).fill(note)
    page.get_by_role("button", name="Changer le statut").click()
    expect(page.locator(".message")).to_have_text(
        "Le statut de l'idée est changé ; ses abonnés sont prévenus."
    )
    expect(page.locator("#idea-status")).to_have_text("À l'étude")

    # Everyone reads the note on the idea's public page.
    reader = visits(javascript=False).page
    reader.goto(f"/labo/idees/{_id(idea)}/")
    expect(reader.locator(".status").first).to_have_text("À l'étude")
    expect(reader.locator(".timeline li").last).to_contain_text("À l'étude")
    expect(reader.locator(".timeline li").last).to_contain_text(note)

    # Shortlisted onto the new meeting's agenda.
    option = page.locator("#shortlist-meeting option", has_text="Comité de printemps")
    page.get_by_label("Réunion", exact=True).select_option(option.get_attribute("value"))
    page.get_by_label("Note publique sur sa présentation au comité").fill(
        "Présentée au comité de printemps."
    )
    page.get_by_role("button", name="La présenter à cette réunion").click()
    expect(page.locator(".message")).to_have_text(
        "L'idée est présentée au comité, à l'ordre du jour de la réunion."
    )
    assert page.url == meeting_url
    agenda = page.locator(".agenda > li .agenda-title > a")
    expect(agenda).to_have_text([idea.title])

    # Another shortlisted idea joins, then the agenda is reordered.
    other = already[0]
    _item_button(page, "Ajouter à l'ordre du jour", other.title).click()
    expect(page.locator(".message")).to_have_text("L'ordre du jour est enregistré.")
    expect(agenda).to_have_text([idea.title, other.title])
    _item_button(page, "Monter", other.title).click()
    expect(agenda).to_have_text([other.title, idea.title])
    _item_button(page, "Descendre", other.title).click()
    expect(agenda).to_have_text([idea.title, other.title])
    _item_button(page, "Retirer", other.title).click()
    expect(agenda).to_have_text([idea.title])
    idea.refresh_from_db()
    assert idea.status == SuggestionStatus.SHORTLISTED

    _axe_clean(
        visits,
        [
            "/equipe/labo/reunions/",
            urlsplit(meeting_url).path,
            f"/equipe/labo/idees/{_id(idea)}/",
            f"/labo/idees/{_id(idea)}/",
        ],
    )
