"""The support desk (/equipe/support/) and the adviser tools of the thread page over
Django's test client: what an adviser sees, every action through its mutation, the forms'
errors, and the site's 404 for everyone without the capability."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from models.models import AuditEvent, Category, Member, Post, Thread, ThreadKind, ThreadStatus
from schema.core.ids import encode_id
from tests.factories import AdviserFactory, CategoryFactory, PostFactory, ThreadFactory
from tests.web.conftest import Browser

pytestmark = pytest.mark.django_db

DESK = "/equipe/support/"


def _id(row: Any) -> str:
    return encode_id(type(row).__name__, row.pk)


def _texts(html: str, pattern: str) -> list[str]:
    """The text of each match of `pattern`'s group, tags removed and blanks collapsed."""
    return [
        " ".join(re.sub(r"<[^>]+>", " ", found).split())
        for found in re.findall(pattern, html, re.S)
    ]


def _messages(html: str) -> list[str]:
    return _texts(html, r'<p class="message message-\w+">(.*?)</p>')


@pytest.fixture
def support(db: None) -> Category:
    return CategoryFactory.create(name="Questions & support", slug="questions-support")


@pytest.fixture
def cards(db: None) -> Category:
    return CategoryFactory.create(name="Cartes", slug="cartes")


@pytest.fixture
def questions(
    customer: Member, adviser: Member, support: Category, cards: Category
) -> list[Thread]:
    """Three questions awaiting a first answer (one late, one assigned to the adviser), and
    one already answered."""
    now = timezone.now()

    def ask(title: str, hours: float, category: Category, **fields: Any) -> Thread:
        return ThreadFactory.create(
            author=customer,
            category=category,
            title=title,
            created_at=now - timedelta(hours=hours, seconds=20),
            **fields,
        )

    late = ask("Virement bloqué", 30, support)
    card = ask("Carte perdue", 5, cards, assigned_adviser=adviser)
    fees = ask("Frais de tenue", 2.5, support)
    ask("Déjà répondue", 40, support, status=ThreadStatus.ANSWERED, first_response_at=now)
    return [late, card, fees]


def test_an_adviser_sees_the_desk_oldest_first(
    adviser: Member, questions: list[Thread], cards: Category
) -> None:
    html = Browser(adviser).text(DESK)
    assert _texts(html, r"<h1>(.*?)</h1>") == ["Support"]
    assert _texts(html, r'<p class="lead">(.*?)</p>') == [
        "Les questions en attente d'une première réponse, les plus anciennes d'abord. "
        "Nous promettons aux clients une première réponse sous 24 heures."
    ]
    assert _texts(html, r'<p class="count" id="desk-count">(.*?)</p>') == [
        "3 questions en attente d'une première réponse"
    ]
    assert _texts(html, r'<h2 class="card-title"[^>]*>(.*?)</h2>') == [
        "Virement bloqué",
        "Carte perdue",
        "Frais de tenue",
    ]
    assert _texts(html, r'<span class="desk-waited">(.*?)</span>') == [
        "En attente depuis 1 j 6 h",
        "En attente depuis 5 h 00 min",
        "En attente depuis 2 h 30 min",
    ]
    # Only the late one says so; each says when it is due.
    due = _texts(html, r'<span class="desk-due">(.*?)</span>')
    assert len(due) == 3
    assert due[0].startswith("En retard de 6 h 00 min · échéance ")
    assert due[1].startswith("échéance ")
    assert html.count('class="overdue"') == 1
    assert _texts(html, r'<p class="desk-assignee">(.*?)</p>') == [
        "Personne ne la suit encore",
        "Suivie par Julien (conseiller)",
        "Personne ne la suit encore",
    ]
    # "Take it" for the questions that are not the adviser's already.
    assert html.count("Je la prends") == 2
    # The team bar shows the desk as the current page.
    assert '<a href="/equipe/support/" aria-current="page">Support</a>' in html


def test_the_desks_filters(adviser: Member, questions: list[Thread], cards: Category) -> None:
    browser = Browser(adviser)

    def titles(**params: str) -> list[str]:
        return _texts(browser.text(DESK, **params), r'<h2 class="card-title"[^>]*>(.*?)</h2>')

    assert titles(assignee="ME") == ["Carte perdue"]
    assert titles(assignee="UNASSIGNED") == ["Virement bloqué", "Frais de tenue"]
    assert titles(category=_id(cards)) == ["Carte perdue"]
    assert titles(category=_id(cards), assignee="UNASSIGNED") == []
    assert "Aucune question n'attend : bravo." in browser.text(
        DESK, category=_id(cards), assignee="UNASSIGNED"
    )
    # An unknown filter value is the default.
    assert titles(assignee="EVERYBODY") == titles()


def test_take_and_assign_from_the_desk(
    adviser: Member, questions: list[Thread], support: Category
) -> None:
    browser = Browser(adviser)
    late = questions[0]
    colleague = AdviserFactory.create(display_name="Inès (conseillère)")
    path = f"{DESK}sujets/{_id(late)}/attribuer/"
    back = f"{DESK}?assignee=UNASSIGNED"
    response = browser.post(path, {"adviser": _id(adviser), "next": back})
    assert response["Location"] == back
    assert _messages(browser.text(back)) == ["Attribuée à Julien (conseiller)."]
    late.refresh_from_db()
    assert late.assigned_adviser_id == adviser.pk
    browser.post(path, {"adviser": _id(colleague), "next": back})
    assert _messages(browser.text(back)) == ["Attribuée à Inès (conseillère)."]
    late.refresh_from_db()
    assert late.assigned_adviser_id == colleague.pk
    # The same assignment again: nothing changes, and the adviser is told.
    browser.post(path, {"adviser": _id(colleague), "next": back})
    assert _messages(browser.text(back)) == ["Rien n'a changé."]
    browser.post(path, {"adviser": "", "next": "https://example.com/"})
    assert _messages(browser.text(f"/cafe/sujets/{_id(late)}/")) == [
        "Plus personne ne suit cette question."
    ]
    late.refresh_from_db()
    assert late.assigned_adviser_id is None
    actions = AuditEvent.objects.order_by("id").values_list("action", flat=True)
    assert list(actions) == ["thread.assign"] * 3


def test_the_thread_page_shows_advisers_their_tools(
    adviser: Member, customer: Member, questions: list[Thread]
) -> None:
    late = questions[0]
    PostFactory.create(thread=late, author=adviser, body="À vérifier", is_internal=True)
    thread_path = f"/cafe/sujets/{_id(late)}/"
    html = Browser(adviser).text(thread_path)
    assert _texts(html, r'<h2 id="desk-tools-title">(.*?)</h2>') == ["Outils des conseillers"]
    assert _texts(html, r'<p class="desk-due">(.*?)</p>')[0].startswith(
        "La première réponse est en retard. Première réponse attendue au plus tard le"
    )
    assert _texts(html, r'<p class="desk-assignee">(.*?)</p>') == ["Personne ne la suit encore"]
    assert _texts(html, r'<div class="post-actions thread-state">(.*?)</div>') == [
        "Marquer comme résolue Fermer Verrouiller"
    ]
    assert _texts(html, r'<h2 id="reply-title">(.*?)</h2>') == ["Réponse officielle"]
    assert _texts(html, r'<h2 id="note-title">(.*?)</h2>') == ["Note interne"]
    assert _texts(html, r'<p class="internal-notice">(.*?)</p>') == [
        "Note interne : seuls les conseillers la voient."
    ]
    assert "post-internal" in html
    # The customer who asked sees none of it, and not the note.
    mine = Browser(customer).text(thread_path)
    for hidden in ("Outils des conseillers", "Note interne", "À vérifier", "/equipe/"):
        assert hidden not in mine
    assert _texts(mine, r'<h2 id="reply-title">(.*?)</h2>') == ["Répondre"]


def test_an_internal_note_and_its_errors(
    adviser: Member, customer: Member, questions: list[Thread]
) -> None:
    late = questions[0]
    browser = Browser(adviser)
    path = f"{DESK}sujets/{_id(late)}/note/"
    response = browser.http.post(path, {"body": "   "})
    assert response.status_code == 200
    html = response.content.decode()
    assert _texts(html, r'<ul class="field-errors" id="note-body-errors">(.*?)</ul>') == [
        "Le message ne peut pas être vide."
    ]
    assert 'aria-invalid="true" aria-describedby="note-body-errors"' in html
    response = browser.post(path, {"body": "Client déjà appelé hier."})
    note = Post.objects.get()
    assert (note.is_internal, note.is_official, note.body) == (
        True,
        False,
        "Client déjà appelé hier.",
    )
    assert response["Location"] == f"/cafe/sujets/{_id(late)}/#post-{_id(note)}"
    assert _messages(browser.text(f"/cafe/sujets/{_id(late)}/")) == [
        "Votre note interne est ajoutée : seuls les conseillers la voient."
    ]
    late.refresh_from_db()
    # A note is no answer: the question still waits.
    assert (late.status, late.first_response_at) == (ThreadStatus.OPEN, None)
    assert "Client déjà appelé hier." not in Browser(customer).text(f"/cafe/sujets/{_id(late)}/")


def test_an_official_answer_leaves_the_desk(adviser: Member, questions: list[Thread]) -> None:
    late = questions[0]
    browser = Browser(adviser)
    browser.post(f"/cafe/sujets/{_id(late)}/repondre/", {"body": "Le virement est parti."})
    post = Post.objects.get()
    assert (post.is_official, post.is_internal) == (True, False)
    html = browser.text(DESK)
    assert _texts(html, r'<h2 class="card-title"[^>]*>(.*?)</h2>') == [
        "Carte perdue",
        "Frais de tenue",
    ]


def test_the_threads_state(adviser: Member, questions: list[Thread]) -> None:
    late = questions[0]
    browser = Browser(adviser)
    path = f"{DESK}sujets/{_id(late)}/etat/"
    thread_path = f"/cafe/sujets/{_id(late)}/"

    def act(action: str) -> list[str]:
        response = browser.post(path, {"action": action})
        assert response["Location"] == thread_path
        return _messages(browser.text(thread_path))

    assert act("lock") == ["Le sujet est verrouillé : les clients ne peuvent plus y répondre."]
    assert act("lock") == ["Ce sujet est déjà verrouillé."]
    assert act("unlock") == ["Le sujet est déverrouillé."]
    assert act("resolve") == ["La question est marquée comme résolue."]
    late.refresh_from_db()
    assert late.status == ThreadStatus.RESOLVED
    html = browser.text(thread_path)
    assert _texts(html, r'<div class="post-actions thread-state">(.*?)</div>') == [
        "Rouvrir Fermer Verrouiller"
    ]
    assert act("reopen") == ["Le sujet est rouvert."]
    assert act("close") == ["Le sujet est fermé."]
    late.refresh_from_db()
    assert late.status == ThreadStatus.CLOSED
    # An unknown action is no page.
    assert browser.http.post(path, {"action": "delete"}).status_code == 404


def test_a_discussion_has_no_resolve_button(adviser: Member, support: Category) -> None:
    talk = ThreadFactory.create(kind=ThreadKind.DISCUSSION, category=support)
    html = Browser(adviser).text(f"/cafe/sujets/{_id(talk)}/")
    assert _texts(html, r'<div class="post-actions thread-state">(.*?)</div>') == [
        "Fermer Verrouiller"
    ]
    assert "desk-due" not in html


def test_the_edit_history_link(adviser: Member, customer: Member, questions: list[Thread]) -> None:
    post = PostFactory.create(thread=questions[0], author=customer, body="Corrigé")
    Browser(customer).post(f"/cafe/reponses/{_id(post)}/modifier/", {"body": "Corrigé deux fois"})
    html = Browser(adviser).text(f"/cafe/sujets/{_id(questions[0])}/")
    assert f'<a href="/cafe/reponses/{_id(post)}/historique/">Historique des modifications</a>' in (
        html
    )


@pytest.mark.parametrize("who", ["anonymous", "customer", "committee"])
def test_the_desk_is_for_advisers_only(
    who: str, customer: Member, committee_member: Member, questions: list[Thread]
) -> None:
    browser = Browser({"anonymous": None, "customer": customer}.get(who, committee_member))
    late = _id(questions[0])
    for path in (DESK, f"{DESK}sujets/{late}/attribuer/", f"{DESK}sujets/{late}/note/"):
        for response in (browser.http.get(path), browser.http.post(path, {"body": "x"})):
            assert response.status_code == 404
    response = browser.http.post(f"{DESK}sujets/{late}/etat/", {"action": "lock"})
    assert response.status_code == 404
    html = browser.text(f"/cafe/sujets/{late}/")
    assert "Outils des conseillers" not in html and "/equipe/support/" not in html
    assert AuditEvent.objects.count() == 0


def test_a_note_and_a_closing_from_the_desk(adviser: Member, questions: list[Thread]) -> None:
    late = questions[0]
    browser = Browser(adviser)
    back = f"{DESK}?assignee=UNASSIGNED"
    html = browser.text(back)
    assert _texts(html, r"<summary>(.*?)</summary>")[0] == "Autres actions : Virement bloqué"
    response = browser.post(
        f"{DESK}sujets/{_id(late)}/note/", {"body": "Doublon de la question d'hier.", "next": back}
    )
    assert response["Location"] == back
    response = browser.post(f"{DESK}sujets/{_id(late)}/etat/", {"action": "close", "next": back})
    assert response["Location"] == back
    html = browser.text(back)
    assert _messages(html) == [
        "Votre note interne est ajoutée : seuls les conseillers la voient.",
        "Le sujet est fermé.",
    ]
    assert _texts(html, r'<h2 class="card-title"[^>]*>(.*?)</h2>') == ["Frais de tenue"]
    late.refresh_from_db()
    assert late.status == ThreadStatus.CLOSED
