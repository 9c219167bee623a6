"""The moderation queue (/equipe/moderation/) over Django's test client: open reports
oldest first, dismissing one, hiding content with a reason (and the reason's errors),
showing it again from the handled list or the content's page, and the site's 404 for
everyone without the capability."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from models.models import AuditEvent, Flag, FlagReason, Member, Notification, Post, Thread
from schema.core.ids import encode_id
from tests.factories import CustomerFactory, PostFactory, SuggestionFactory, ThreadFactory
from tests.web.conftest import Browser

pytestmark = pytest.mark.django_db

QUEUE = "/equipe/moderation/"


def _id(row: Any) -> str:
    return encode_id(type(row).__name__, row.pk)


def _texts(html: str, pattern: str) -> list[str]:
    return [
        " ".join(re.sub(r"<[^>]+>", " ", found).split())
        for found in re.findall(pattern, html, re.S)
    ]


def _messages(html: str) -> list[str]:
    return _texts(html, r'<p class="message message-\w+">(.*?)</p>')


@pytest.fixture
def thread(customer: Member) -> Thread:
    return ThreadFactory.create(author=customer, title="Frais à l'étranger")


@pytest.fixture
def spam(thread: Thread, other_customer: Member) -> Post:
    return PostFactory.create(thread=thread, author=other_customer, body="Achetez mes cryptos")


@pytest.fixture
def flags(customer: Member, thread: Thread, spam: Post) -> list[Flag]:
    """Three open reports, the oldest on an idea, and one handled long ago."""
    now = timezone.now()
    anne = CustomerFactory.create(display_name="Anne")
    idea = SuggestionFactory.create(title="Encore une idée", body="Déjà proposée ailleurs")
    return [
        Flag.objects.create(
            reporter=anne,
            suggestion=idea,
            reason=FlagReason.OTHER,
            text="Doublon",
            created_at=now - timedelta(hours=5),
        ),
        Flag.objects.create(
            reporter=customer,
            post=spam,
            reason=FlagReason.SPAM,
            text="Publicité",
            created_at=now - timedelta(hours=3),
        ),
        Flag.objects.create(
            reporter=anne, post=spam, reason=FlagReason.ABUSE, created_at=now - timedelta(hours=1)
        ),
    ]


def test_an_adviser_sees_the_queue_oldest_first(adviser: Member, flags: list[Flag]) -> None:
    html = Browser(adviser).text(QUEUE)
    assert _texts(html, r"<h1>(.*?)</h1>") == ["Modération"]
    assert _texts(html, r'<h2 id="open-title">(.*?)</h2>') == ["3 signalements en attente"]
    assert _texts(html, r'<h3 class="card-title"[^>]*>(.*?)</h3>') == [
        "Autre chose : Encore une idée",
        "Spam ou publicité : Achetez mes cryptos",
        "Injurieux ou choquant : Achetez mes cryptos",
    ]
    assert _texts(html, r'<blockquote class="flag-note">(.*?)</blockquote>') == [
        "Doublon",
        "Publicité",
    ]
    assert [
        t.split(" ")[0:3]
        for t in _texts(html, r'<article class="card flag-card".*?<p class="meta">(.*?)</p>')
    ] == [
        ["Signalé", "par", "Anne"],
        ["Signalé", "par", "Claire"],
        ["Signalé", "par", "Anne"],
    ]
    assert html.count("Classer le signalement") == 3
    assert html.count("Masquer le contenu") == 3
    assert _texts(html, r'<h2 id="handled-title">(.*?)</h2>') == ["Traités récemment"]
    assert "Rien de traité pour l'instant." in html
    assert '<a href="/equipe/moderation/" aria-current="page">Modération</a>' in html


def test_dismiss_a_report(adviser: Member, flags: list[Flag]) -> None:
    browser = Browser(adviser)
    path = f"{QUEUE}signalements/{_id(flags[0])}/classer/"
    assert browser.post(path, {})["Location"] == QUEUE
    html = browser.text(QUEUE)
    assert _messages(html) == ["Le signalement est classé : le contenu reste tel quel."]
    assert _texts(html, r'<h2 id="open-title">(.*?)</h2>') == ["2 signalements en attente"]
    assert _texts(html, r'<li class="handled">(.*?)</li>')[0].startswith(
        "Autre chose · Encore une idée · Laissé visible ·"
    )
    browser.post(path, {})
    assert _messages(browser.text(QUEUE)) == ["C'est déjà traité : rien n'a changé."]
    actions = AuditEvent.objects.order_by("id").values_list("action", flat=True)
    assert list(actions) == ["flag.resolve"]


def test_hide_with_a_reason_and_its_errors(
    adviser: Member, other_customer: Member, flags: list[Flag], spam: Post, thread: Thread
) -> None:
    browser = Browser(adviser)
    path = f"{QUEUE}contenus/{_id(spam)}/masquer/"
    response = browser.http.post(path, {"reason": "  "})
    assert response.status_code == 200
    html = response.content.decode()
    field = f"reason-{_id(flags[1])}"
    assert _texts(html, rf'<ul class="field-errors" id="{field}-errors">(.*?)</ul>') == [
        "Le motif ne peut pas être vide."
    ]
    assert f'aria-invalid="true" aria-describedby="{field}-errors"' in html
    assert spam.__class__.objects.get(pk=spam.pk).hidden_at is None
    assert browser.post(path, {"reason": "Publicité non sollicitée"})["Location"] == QUEUE
    html = browser.text(QUEUE)
    assert _messages(html) == [
        "Le contenu est masqué ; son auteur en est informé, avec le motif. Ses signalements "
        "sont traités."
    ]
    # Both reports on the reply are resolved by hiding it.
    assert _texts(html, r'<h2 id="open-title">(.*?)</h2>') == ["1 signalement en attente"]
    handled = _texts(html, r'<li class="handled">(.*?)</li>')
    # Handled at the same instant: the latest reported first.
    hidden = "Masqué (Publicité non sollicitée) Afficher de nouveau : Achetez mes cryptos"
    assert [h.split(" · ")[:3] for h in handled] == [
        ["Injurieux ou choquant", "Achetez mes cryptos", hidden],
        ["Spam ou publicité", "Achetez mes cryptos", hidden],
    ]
    assert Notification.objects.get().recipient_id == other_customer.pk
    # Its author sees it marked hidden, with the reason; another customer does not see it.
    mine = Browser(other_customer).text(f"/cafe/sujets/{_id(thread)}/")
    assert _texts(mine, r'<p class="hidden-notice">(.*?)</p>') == [
        "Masqué par la modération ; vous seul pouvez le voir. Motif : Publicité non sollicitée"
    ]
    theirs = Browser(CustomerFactory.create()).text(f"/cafe/sujets/{_id(thread)}/")
    assert "Achetez mes cryptos" not in theirs


def test_show_again_from_the_handled_list_and_from_the_thread(
    adviser: Member, customer: Member, flags: list[Flag], spam: Post, thread: Thread
) -> None:
    browser = Browser(adviser)
    browser.post(f"{QUEUE}contenus/{_id(spam)}/masquer/", {"reason": "Spam"})
    thread_path = f"/cafe/sujets/{_id(thread)}/"
    html = browser.text(thread_path)
    assert _texts(html, r'<p class="hidden-notice">(.*?)</p>') == [
        "Masqué par la modération : seuls les conseillers et son auteur le voient. Motif : Spam"
    ]
    unhide = f"{QUEUE}contenus/{_id(spam)}/afficher/"
    assert f'action="{unhide}"' in html
    response = browser.post(unhide, {"next": f"{thread_path}#post-{_id(spam)}"})
    assert response["Location"] == f"{thread_path}#post-{_id(spam)}"
    assert _messages(browser.text(thread_path)) == ["Le contenu est de nouveau visible."]
    assert "Achetez mes cryptos" in Browser(customer).text(thread_path)
    browser.post(unhide, {})
    assert _messages(browser.text(QUEUE)) == ["Ce contenu n'est pas masqué."]
    # And a hidden thread, from the queue's handled list.
    browser.post(f"{QUEUE}contenus/{_id(thread)}/masquer/", {"reason": "Hors sujet"})
    browser.text(QUEUE)
    assert browser.post(f"{QUEUE}contenus/{_id(thread)}/afficher/", {})["Location"] == QUEUE
    assert _messages(browser.text(QUEUE)) == ["Le contenu est de nouveau visible."]
    assert list(AuditEvent.objects.order_by("id").values_list("action", flat=True)) == [
        "content.hide",
        "flag.resolve",
        "flag.resolve",
        "content.unhide",
        "content.hide",
        "content.unhide",
    ]


@pytest.mark.parametrize("who", ["anonymous", "customer", "committee"])
def test_the_queue_is_for_advisers_only(
    who: str, customer: Member, committee_member: Member, flags: list[Flag], spam: Post
) -> None:
    browser = Browser({"anonymous": None, "customer": customer}.get(who, committee_member))
    for path in (
        QUEUE,
        f"{QUEUE}signalements/{_id(flags[0])}/classer/",
        f"{QUEUE}contenus/{_id(spam)}/masquer/",
        f"{QUEUE}contenus/{_id(spam)}/afficher/",
    ):
        for response in (browser.http.get(path), browser.http.post(path, {"reason": "x"})):
            assert response.status_code == 404
    assert Flag.objects.filter(resolved_at__isnull=True).count() == 3
    assert AuditEvent.objects.count() == 0
