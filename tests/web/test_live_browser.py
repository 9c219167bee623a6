"""The website, live, in a real browser (tests/web/browsing.py): the server runs without
Redis as `make run` does (its task worker in its process, the channel layer in its memory),
and pages follow the community over a WebSocket on /graphql. What one visitor does in their
browser shows on another's page without a reload: the idea page's vote count, the thread
page's new replies, the header's unread badge. Without JavaScript the pages are as served."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

from models.models import Category, Member, Suggestion, SuggestionStatus, ThreadKind
from resolvers.services.threads import thread_create
from tests.graphql import gid

pytestmark = pytest.mark.django_db(transaction=True)

QUESTION = "Ma carte est restée dans le distributeur"


@pytest.fixture
def targets(demo: None) -> dict[str, Any]:
    """An idea demo-client has not voted for, and a new question of demo-client's (written
    before the browser starts: Django refuses database calls while Playwright's event loop
    runs)."""
    client = Member.objects.get(username="demo-client")
    idea = (
        Suggestion.objects.filter(status=SuggestionStatus.UNDER_REVIEW, hidden_at__isnull=True)
        .exclude(votes__member=client)
        .order_by("pk")
        .first()
    )
    assert idea is not None
    category = Category.objects.filter(accepts_threads=True).order_by("position", "pk").first()
    assert category is not None
    question = thread_create(
        author=client,
        category_id=category.pk,
        kind=ThreadKind.QUESTION,
        title=QUESTION,
        body="Le distributeur l'a avalée ce matin : que faire ?",
    ).value
    unread = client.notifications.filter(read_at__isnull=True).count()
    return {
        "idea": f"/labo/idees/{gid(idea)}/",
        "votes": idea.vote_count,
        "question": f"/cafe/sujets/{gid(question)}/",
        "unread": unread,
    }


def test_a_vote_shows_on_another_visitors_page_at_once(
    targets: dict[str, Any], visits: Any
) -> None:
    watcher = visits().page
    watcher.goto(targets["idea"])
    count = watcher.locator("[data-vote-count]")
    expect(count).to_have_text(str(targets["votes"]))

    voter = visits()
    voter.login("demo-client", next=targets["idea"])
    voter.page.get_by_role("button", name="Je soutiens").click()
    expect(voter.page.locator("[data-vote-count]")).to_have_text(str(targets["votes"] + 1))
    # The anonymous visitor's page, never reloaded.
    expect(count).to_have_text(str(targets["votes"] + 1))
    expect(watcher.locator("[data-vote-unit]")).to_have_text("votes")

    voter.page.get_by_role("button", name="Retirer mon vote").click()
    expect(count).to_have_text(str(targets["votes"]))

    # Without JavaScript, the page is as served.
    still = visits(javascript=False).page
    still.goto(targets["idea"])
    expect(still.locator("[data-vote-count]")).to_have_text(str(targets["votes"]))
    expect(still.locator("[data-idea-status]")).to_have_text("À l'étude")


def test_an_answer_shows_on_the_askers_page_and_badge(targets: dict[str, Any], visits: Any) -> None:
    asker = visits()
    asker.login("demo-client", next=targets["question"])
    page = asker.page
    expect(page.get_by_role("heading", level=1)).to_have_text(QUESTION)
    notice = page.locator("[data-new-replies]")
    expect(notice).to_be_hidden()
    badge = page.locator("[data-badge]")
    unread = targets["unread"]
    if unread:
        expect(badge).to_contain_text(str(unread))

    adviser = visits()
    adviser.login("demo-conseiller", next=targets["question"])
    adviser.page.get_by_label("Votre réponse").fill(
        "Faites opposition depuis l’appli, rubrique Cartes."
    )
    adviser.page.get_by_role("button", name="Publier ma réponse").click()
    expect(adviser.page.locator(".messages")).to_contain_text("Votre réponse est publiée.")

    # The asker's page, never reloaded: a notice of the new reply, and the badge.
    expect(notice).to_be_visible()
    expect(notice).to_contain_text("Une nouvelle réponse a été publiée.")
    expect(badge).to_have_text(f"{unread + 1} non lues")
    notice.get_by_role("link", name="Les afficher").click()
    expect(page.locator(".post").last).to_contain_text("Faites opposition")
