"""The website in a real browser: Debian's chromium driven by Playwright, against uvicorn
serving config.asgi:application in its own process over the test database with the demo
community loaded, trusted documents only (the pages' scripts send document ids).

The issue's journeys, each a test: an anonymous visit of Le Labo (1), a customer voting
without a reload and submitting an idea while similar ones are proposed (2), a question
answered by an adviser in a second browser, opened from the notification and accepted (3),
a thread followed and a notification for an adviser's reply but none for one's own (4),
journeys 2 and 3 again with JavaScript disabled (5), and axe-core on every page with
screenshots at 1280 and 390 pixels (6). Every visit fails on a page or a /graphql answer
that carries a GraphQL error, on a server error and on anything the browser logs as an
error (a CSP violation, a failed script).

The server, the browser and the visits are tests/web/browsing.py's.
"""

from __future__ import annotations

import json
import re
import shutil
import urllib.error
import urllib.request
from typing import Any

import pytest
from playwright.sync_api import (
    Page,
    expect,
)

from resolvers.services.notifications import unsubscribe_token
from tests.web.browsing import (
    AXE,
    SCREENSHOTS,
    TOP_IDEA,
    Site,
    Visit,
    axe_violations,
)
from web.queries import document_ids

# Transactional: the server reads what the tests commit, and no transaction of the test
# process holds SQLite's write lock; the tables are emptied after each test.
pytestmark = pytest.mark.django_db(transaction=True)


def _count(text: str) -> int:
    return int(re.sub(r"\D", "", text))


# --- Journey 1 ----------------------------------------------------------------------------


def test_an_anonymous_visitor_reads_le_labo(visits: Any) -> None:
    page = visits().page
    page.goto("/")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "La communauté des clients de la banque"
    )
    page.get_by_role("navigation", name="Principale").get_by_role("link", name="Le Labo").click()
    expect(page).to_have_url(re.compile(r"/labo/$"))
    first = page.locator(".idea-card").first
    expect(first.locator(".card-title")).to_have_text(TOP_IDEA)
    expect(first.locator("[data-vote-count]")).to_have_text("129")
    first.get_by_role("link", name=TOP_IDEA, exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(TOP_IDEA)
    expect(page.locator(".decision h2")).to_have_text("La décision du comité : Retenue")
    expect(page.locator(".decision .rationale")).not_to_be_empty()
    expect(page.locator(".decision")).to_contain_text(re.compile(r"Prévue pour : \d{4} Q[1-4]"))
    expect(page.locator("[data-vote-count]")).to_have_text("129")


# --- Journeys 2 and 5 ---------------------------------------------------------------------


def _vote_and_withdraw(visit: Visit, *, javascript: bool) -> None:
    page = visit.page
    page.goto("/labo/?order=NEWEST")
    card = page.locator(".idea-card").filter(has=page.get_by_role("button", name="Je soutiens"))
    card = card.first
    title = card.locator(".card-title").inner_text()
    before = _count(card.locator("[data-vote-count]").inner_text())
    page.evaluate("window.notReloaded = true") if javascript else None
    card.get_by_role("button", name="Je soutiens").click()
    card = page.locator(".idea-card").filter(has_text=title).first
    expect(card.locator("[data-vote-count]")).to_have_text(str(before + 1))
    expect(card.get_by_role("button", name="Retirer mon vote")).to_be_visible()
    if javascript:
        assert page.evaluate("window.notReloaded") is True
        expect(page.locator("#live-region")).to_have_text("Merci pour votre vote.")
    else:
        expect(page.locator(".message")).to_have_text("Merci pour votre vote.")
    card.get_by_role("button", name="Retirer mon vote").click()
    card = page.locator(".idea-card").filter(has_text=title).first
    expect(card.locator("[data-vote-count]")).to_have_text(str(before))
    expect(card.get_by_role("button", name="Je soutiens")).to_be_visible()
    if javascript:
        assert page.evaluate("window.notReloaded") is True


def _submit_idea(visit: Visit, title: str, *, javascript: bool) -> None:
    page = visit.page
    page.goto("/labo/proposer/")
    field = page.get_by_label("Titre de votre idée")
    if javascript:
        field.press_sequentially("publicité cour", delay=30)
    else:
        field.fill("publicité cour")
        page.get_by_role("button", name="Chercher des idées proches").click()
    similar = page.get_by_role("region", name="Idées proches")
    expect(similar.get_by_role("link", name=TOP_IDEA)).to_be_visible()
    page.get_by_label("Titre de votre idée").fill(title)
    page.get_by_label("Votre idée en détail").fill("Pour ne plus tout imprimer.")
    page.get_by_role("button", name="Publier mon idée").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(title)
    expect(page.locator(".message")).to_have_text("Votre idée est publiée, avec votre vote.")
    expect(page.locator("[data-vote-count]")).to_have_text("1")


def test_a_customer_votes_then_submits_an_idea(visits: Any) -> None:
    visit = visits()
    visit.login("demo-client", next="/labo/")
    _vote_and_withdraw(visit, javascript=True)
    _submit_idea(visit, "Des relevés trimestriels en un seul PDF", javascript=True)


def test_without_javascript_a_customer_votes_then_submits_an_idea(visits: Any) -> None:
    visit = visits(javascript=False)
    visit.login("demo-client", next="/labo/")
    _vote_and_withdraw(visit, javascript=False)
    _submit_idea(visit, "Un récapitulatif annuel des frais par courriel", javascript=False)


# --- Journeys 3 and 5 ---------------------------------------------------------------------


def _badge(page: Page) -> int:
    badge = page.locator("[data-badge]")
    return _count(badge.inner_text()) if badge.count() else 0


def _question_answered_and_accepted(visits: Any, title: str, *, javascript: bool) -> None:
    customer = visits(javascript=javascript)
    customer.login("demo-client")
    page = customer.page
    unread = _badge(page)
    page.goto("/cafe/nouveau/")
    page.get_by_label("Titre").fill(title)
    page.get_by_label("Question", exact=True).check()
    page.get_by_label("Votre message").fill("Mon virement de 200 € est parti hier et rien.")
    page.get_by_role("button", name="Publier").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(title)
    thread_url = page.url

    adviser = visits(javascript=javascript)
    adviser.login("demo-conseiller")
    adviser.page.goto(thread_url)
    adviser.page.get_by_label("Votre réponse").fill("Il arrive sous 24 h ouvrées : voici pourquoi.")
    adviser.page.get_by_role("button", name="Publier ma réponse").click()
    expect(adviser.page.locator(".message")).to_have_text("Votre réponse est publiée.")

    page.goto("/")
    expect(page.locator("[data-badge]")).to_contain_text(str(unread + 1))
    page.get_by_role("link", name=re.compile("Notifications")).click()
    note = page.locator(".notification.unread").first
    expect(note).to_contain_text(title)
    note.get_by_role("button").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(title)
    assert _badge(page) == unread
    page.get_by_role("button", name="Accepter cette réponse").click()
    expect(page.locator(".message")).to_have_text(
        "La réponse est acceptée : la question est résolue."
    )
    expect(page.locator("[data-thread-status]")).to_have_text("Résolu")
    expect(page.get_by_role("region", name="Réponse acceptée")).to_contain_text(
        "Il arrive sous 24 h ouvrées"
    )


def test_a_question_answered_by_an_adviser_and_accepted(visits: Any) -> None:
    _question_answered_and_accepted(visits, "Virement pas encore arrivé", javascript=True)


def test_without_javascript_a_question_answered_and_accepted(visits: Any) -> None:
    _question_answered_and_accepted(visits, "Prélèvement en double ce mois-ci", javascript=False)


# --- Journey 4 ----------------------------------------------------------------------------


def test_a_customer_follows_a_thread_and_is_told_of_others_replies_only(visits: Any) -> None:
    customer = visits()
    customer.login("demo-client", next="/cafe/?kind=DISCUSSION")
    page = customer.page
    # A café discussion, not an idea's (those are followed through the idea): which one is
    # latest depends on the hour the demo was loaded.
    page.locator(".thread-card").filter(has_not_text="Le Labo").locator(
        ".card-title a"
    ).first.click()
    thread_url = page.url
    title = page.get_by_role("heading", level=1).inner_text()
    page.evaluate("window.notReloaded = true")
    page.get_by_role("button", name="Suivre ce sujet").click()
    expect(page.get_by_role("button", name="Sujet suivi")).to_be_visible()
    expect(page.locator("#live-region")).to_have_text(
        "Vous suivez ce sujet : vous serez prévenu de chaque nouvelle réponse."
    )
    assert page.evaluate("window.notReloaded") is True
    unread = _badge(page)

    # Their own reply tells them nothing.
    page.get_by_label("Votre réponse").fill("Je reviens sur ce sujet.")
    page.get_by_role("button", name="Publier ma réponse").click()
    expect(page.locator(".message")).to_have_text("Votre réponse est publiée.")
    assert _badge(page) == unread

    adviser = visits()
    adviser.login("demo-conseiller")
    adviser.page.goto(thread_url)
    adviser.page.get_by_label("Votre réponse").fill("Merci à tous, nous regardons.")
    adviser.page.get_by_role("button", name="Publier ma réponse").click()
    expect(adviser.page.locator(".message")).to_have_text("Votre réponse est publiée.")

    page.goto("/")
    expect(page.locator("[data-badge]")).to_contain_text(str(unread + 1))
    page.goto("/notifications/")
    note = page.locator(".notification.unread").first
    expect(note).to_contain_text("Nouvelle réponse")
    expect(note).to_contain_text(title)


# --- Journey 6 ----------------------------------------------------------------------------


def _first_href(page: Page, selector: str) -> str:
    href = page.locator(selector).first.get_attribute("href")
    assert href
    return href


def test_every_page_passes_axe_at_both_widths(visits: Any, site: Site) -> None:
    shutil.rmtree(SCREENSHOTS, ignore_errors=True)
    SCREENSHOTS.mkdir(parents=True)
    anonymous = visits().page
    anonymous.goto("/labo/")
    idea = _first_href(anonymous, ".idea-card .card-title a")
    anonymous.goto("/cafe/?kind=QUESTION&status=RESOLVED")
    thread = _first_href(anonymous, ".thread-card .card-title a")
    anonymous.goto(thread)
    member = _first_href(anonymous, ".post .author")
    public = {
        "home": "/",
        "cafe": "/cafe/",
        "cafe-questions-resolved": "/cafe/?kind=QUESTION&status=RESOLVED",
        "thread": thread,
        "labo": "/labo/",
        "labo-trending": "/labo/?order=TRENDING",
        "labo-decided": "/labo/?order=RECENTLY_DECIDED&status=RETAINED",
        "idea": idea,
        "engagements": "/engagements/",
        "search": "/recherche/?q=publicit%C3%A9+cour",
        "member": member,
        "login": "/connexion/",
        # An e-mail's unsubscribe link asks before stopping anything (no login needed).
        "unsubscribe": "/e-mail/unsubscribe/"
        + unsubscribe_token(member_id=1, scope="OFFICIAL_ANSWER")
        + "/",
    }
    members_only = {
        "ask": "/cafe/nouveau/",
        "submit-idea": "/labo/proposer/",
        "notifications": "/notifications/",
        "my-votes": "/moi/votes/",
        "my-data": "/moi/donnees/",
        "my-emails": "/moi/e-mails/",
        "thread-member": thread,
        "idea-member": idea,
        "flag": "/signaler/" + idea.rstrip("/").rsplit("/", 1)[-1] + "/",
    }
    found: dict[str, list[str]] = {}
    for width in (1280, 390):
        anonymous_visit = visits(width=width)
        customer = visits(width=width)
        customer.login("demo-client")
        for who, pages in ((anonymous_visit, public), (customer, members_only)):
            who.context.add_init_script(path=str(AXE))
            for name, path in pages.items():
                response = who.page.goto(path)
                assert response is not None and response.status == 200, (name, path)
                who.page.screenshot(path=str(SCREENSHOTS / f"{name}-{width}.png"), full_page=True)
                violations = axe_violations(who.page)
                if violations:
                    found[f"{name} at {width} px"] = violations
    assert found == {}
    assert len(list(SCREENSHOTS.glob("*.png"))) == 2 * (len(public) + len(members_only))


# --- The endpoint the pages' scripts call -------------------------------------------------


def _post_json(url: str, body: dict[str, Any]) -> tuple[int, Any]:
    request = urllib.request.Request(
        url, data=json.dumps(body).encode(), headers={"Content-Type": "application/json"}
    )
    try:
        with urllib.request.urlopen(request, timeout=30) as answer:
            return answer.status, json.loads(answer.read())
    except urllib.error.HTTPError as refused:
        return refused.code, json.loads(refused.read())


def test_the_server_runs_only_trusted_documents_for_visitors(site: Site) -> None:
    query = "query SimilarIdeas($title: String!) { similarSuggestions(title: $title) { id } }"
    status, body = _post_json(f"{site.url}/graphql", {"query": query, "variables": {"title": "x"}})
    assert (status, body["errors"][0]["extensions"]["code"]) == (403, "DOCUMENT_NOT_TRUSTED")
    status, body = _post_json(
        f"{site.url}/graphql",
        {"documentId": document_ids()["SimilarIdeas"], "variables": {"title": "x"}},
    )
    assert (status, body) == (200, {"data": {"similarSuggestions": []}})
