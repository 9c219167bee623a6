"""The moderation queue in a real browser (tests/web/browsing.py): an adviser dismisses one
report and hides another reply with a reason; its author sees it marked hidden with the
reason, and another customer, who found it before, no longer sees it on the thread page nor
in search. axe-core finds nothing serious on the queue at 1280 and 390 pixels."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import pytest
from django.db.models import Q
from playwright.sync_api import Page, expect

from models.models import Flag, Member, Post, Role
from schema.core.ids import encode_id
from tests.web.browsing import AXE, PASSWORD, axe_violations

pytestmark = pytest.mark.django_db(transaction=True)

REASON = "Propos injurieux envers un autre membre"


@dataclass
class Queue:
    """The demo's queue: the report to dismiss (the oldest), the reply to hide (the oldest
    reported one besides), its author and another customer, and a word of that reply."""

    dismissed: str
    hidden_flag: str
    post: str
    thread: str
    body: str
    word: str
    author: str
    other: str


def _rarest_word(body: str) -> str:
    """The word of `body` that the fewest other replies hold (search finds this one)."""
    words = {w for w in re.findall(r"[^\W\d_]{6,}", body)}
    return min(words, key=lambda w: (Post.objects.filter(body__icontains=w).count(), w))


@pytest.fixture
def queue(demo: None) -> Queue:
    """Read from the demo before the browser starts; the author of the reply to hide (and
    the other customer, when it is not demo-client) may log in with the demo's password."""
    flags = list(
        Flag.objects.filter(resolved_at__isnull=True)
        .select_related("post__author", "post__thread")
        .order_by("created_at", "id")
    )
    dismissed = flags[0]
    hidden = next(
        f
        for f in flags[1:]
        if f.post is not None and f.post_id != dismissed.post_id and not f.post.is_internal
    )
    post = hidden.post
    assert post is not None
    author = post.author
    others = Member.objects.filter(role=Role.CUSTOMER).exclude(pk=author.pk)
    other = (
        others.filter(username="demo-client").first()
        or others.filter(~Q(pk=post.thread.author_id)).first()
    )
    assert other is not None
    for member in (author, other):
        member.set_password(PASSWORD)
        member.save(update_fields=["password"])
    return Queue(
        dismissed=encode_id("Flag", dismissed.pk),
        hidden_flag=encode_id("Flag", hidden.pk),
        post=encode_id("Post", post.pk),
        thread=f"/cafe/sujets/{encode_id('Thread', post.thread_id)}/",
        body=post.body,
        word=_rarest_word(post.body),
        author=author.username,
        other=other.username,
    )


def _no_axe_violations(page: Page) -> None:
    found = {}
    for width in (1280, 390):
        page.set_viewport_size({"width": width, "height": 900})
        found[width] = axe_violations(page)
    page.set_viewport_size({"width": 1280, "height": 900})
    assert found == {1280: [], 390: []}


def test_an_adviser_dismisses_a_report_and_hides_a_reply(queue: Queue, visits: Any) -> None:
    # Another customer reads the reply, and finds it in search, before it is hidden.
    other = visits()
    other.login(queue.other)
    other.page.goto(queue.thread)
    reply = other.page.locator(f"#post-{queue.post}")
    expect(reply).to_be_visible()
    other.page.goto(f"/recherche/?q={queue.word}")
    expect(other.page.locator(f'.results a[href$="#post-{queue.post}"]')).to_have_count(1)

    adviser = visits()
    adviser.context.add_init_script(path=str(AXE))
    adviser.login("demo-conseiller")
    page = adviser.page
    page.get_by_role("navigation", name="Équipe").get_by_role("link", name="Modération").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Modération")
    _no_axe_violations(page)
    open_count = int(re.sub(r"\D", "", page.locator("#open-title").inner_text()))
    first = page.locator(".flag-card").first
    expect(first).to_have_id(f"flag-{queue.dismissed}")
    first.get_by_role("button", name="Classer le signalement").click()
    expect(page.locator(".message")).to_have_text(
        "Le signalement est classé : le contenu reste tel quel."
    )
    expect(page.locator(f"#flag-{queue.dismissed}")).to_have_count(0)
    expect(page.locator("#open-title")).to_contain_text(str(open_count - 1))
    expect(page.locator(".handled").first).to_contain_text("Laissé visible")

    card = page.locator(f"#flag-{queue.hidden_flag}")
    # A reason is required: the form says so next to the field.
    card.get_by_role("button", name="Masquer le contenu").click()
    card = page.locator(f"#flag-{queue.hidden_flag}")
    expect(card.locator(".field-errors")).to_have_text("Le motif ne peut pas être vide.")
    _no_axe_violations(page)
    card.get_by_label("Motif du masquage (son auteur le lira)").fill(REASON)
    card.get_by_role("button", name="Masquer le contenu").click()
    expect(page.locator(".message")).to_have_text(
        "Le contenu est masqué ; son auteur en est informé, avec le motif. Ses signalements "
        "sont traités."
    )
    expect(page.locator(f"#flag-{queue.hidden_flag}")).to_have_count(0)
    handled = page.locator(".handled").filter(has_text=REASON).first
    expect(handled).to_contain_text("Masqué")
    expect(handled.get_by_role("button", name=re.compile("^Afficher de nouveau"))).to_be_visible()
    _no_axe_violations(page)

    # Its author sees it, marked hidden, with the reason.
    author = visits()
    author.login(queue.author)
    author.page.goto(queue.thread)
    mine = author.page.locator(f"#post-{queue.post}")
    expect(mine.locator(".hidden-notice")).to_have_text(
        f"Masqué par la modération ; vous seul pouvez le voir. Motif : {REASON}"
    )

    # The other customer no longer sees it: not on the thread page, not in search.
    other.page.goto(queue.thread)
    expect(other.page.locator(f"#post-{queue.post}")).to_have_count(0)
    expect(other.page.get_by_role("heading", level=1)).to_be_visible()
    other.page.goto(f"/recherche/?q={queue.word}")
    expect(other.page.locator(".count")).to_be_visible()
    expect(other.page.locator(f'.results a[href$="#post-{queue.post}"]')).to_have_count(0)
    other.page.goto("/cafe/?kind=DISCUSSION")
    expect(other.page.locator(".thread-card").first).to_be_visible()
    assert queue.body[:40] not in other.page.content()
