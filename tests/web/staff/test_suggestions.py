"""Le Labo's triage pages over Django's test client: what an adviser sees on each page, each
action's POST/redirect/GET, the API's refusals shown next to the field at fault, and the
site's 404 page for everyone else (the committee included)."""

from __future__ import annotations

import re
from datetime import timedelta
from html import unescape
from typing import Any

import pytest
from django.utils import timezone

from models.models import (
    AgendaItem,
    CommitteeMeeting,
    Member,
    StatusChange,
    Suggestion,
    SuggestionStatus,
    Vote,
)
from schema.core.ids import encode_id
from tests.factories import CustomerFactory, SuggestionFactory, add_votes
from tests.web.conftest import Browser

pytestmark = pytest.mark.django_db

S = SuggestionStatus


def _id(row: Any) -> str:
    return encode_id(type(row).__name__, row.pk)


def _texts(page: str, pattern: str) -> list[str]:
    """The text of the elements `pattern` (a regular expression with one group) finds,
    tags removed and blanks collapsed."""
    return [
        " ".join(unescape(re.sub(r"<[^>]+>", " ", found)).split())
        for found in re.findall(pattern, page, re.S)
    ]


def _errors(page: str, id: str) -> list[str]:
    return _texts(page, rf'<ul class="field-errors" id="{id}-errors">(.*?)</ul>')


def _general_errors(page: str) -> list[str]:
    return _texts(page, r'<div class="form-errors" role="alert">(.*?)</div>')


def _rows(page: str) -> list[str]:
    return _texts(page, r'<li class="card triage-row">(.*?)</li>')


def _agenda(page: str) -> list[str]:
    section = page.split('<ol class="agenda">', 1)[1].split("</ol>", 1)[0]
    return _texts(
        section, r'<span class="agenda-title">(.*?)</span>\s*<span class="agenda-actions">'
    )


@pytest.fixture
def julien(adviser: Member) -> Browser:
    return Browser(adviser)


@pytest.fixture
def meeting(chair: Member) -> CommitteeMeeting:
    return CommitteeMeeting.objects.create(
        title="Comité de décembre",
        scheduled_for=timezone.now() + timedelta(days=10),
        chair=chair,
    )


def _voters(n: int) -> list[Member]:
    return CustomerFactory.create_batch(n)


# --- Who gets the pages -------------------------------------------------------------------


def _paths(idea: Suggestion, meeting: CommitteeMeeting) -> list[str]:
    i, m = _id(idea), _id(meeting)
    return [
        "/equipe/labo/",
        f"/equipe/labo/idees/{i}/",
        "/equipe/labo/reunions/",
        f"/equipe/labo/reunions/{m}/",
    ]


def _actions(idea: Suggestion, meeting: CommitteeMeeting) -> list[tuple[str, dict[str, str]]]:
    i, m = _id(idea), _id(meeting)
    return [
        (f"/equipe/labo/idees/{i}/statut/", {"status": "UNDER_REVIEW", "publicNote": "x"}),
        (f"/equipe/labo/idees/{i}/doublon/", {"originalId": i}),
        (f"/equipe/labo/idees/{i}/reunion/", {"meetingId": m}),
        ("/equipe/labo/reunions/", {"title": "x", "scheduledFor": "2030-01-01T10:00"}),
        (f"/equipe/labo/reunions/{m}/ordre/", {"action": "add", "suggestion": i}),
    ]


@pytest.mark.parametrize("who", ["anonymous", "customer", "committee", "chair"])
def test_everyone_but_advisers_gets_the_404_page(
    who: str,
    customer: Member,
    committee_member: Member,
    chair: Member,
    meeting: CommitteeMeeting,
) -> None:
    member = {"anonymous": None, "customer": customer, "committee": committee_member}.get(
        who, chair
    )
    browser = Browser(member)
    idea = SuggestionFactory.create()
    for path in _paths(idea, meeting):
        page = unescape(browser.get(path, 404).content.decode())
        assert "Cette page n'existe pas" in page
    for path, data in _actions(idea, meeting):
        browser.post(path, data, 404)
    idea.refresh_from_db()
    assert idea.status == S.SUBMITTED
    assert CommitteeMeeting.objects.count() == 1
    assert not AgendaItem.objects.exists()


def test_the_team_bar_links_to_the_triage_pages_for_advisers_only(
    julien: Browser, committee_member: Member, customer: Member
) -> None:
    page = julien.text("/")
    assert _texts(page, r'<nav class="staff-nav"[^>]*>(.*?)</nav>') == [
        "Support Modération Idées à trier Réunions à préparer Comité Délais de réponse"
    ]
    assert "/equipe/labo/" not in Browser(committee_member).text("/")
    assert "/equipe/labo/" not in Browser(customer).text("/")


# --- The queue ----------------------------------------------------------------------------


def test_the_queue_lists_ideas_past_the_threshold_then_by_status(
    julien: Browser, settings: Any
) -> None:
    settings.COMPTOIR_REVIEW_THRESHOLD = 3
    voters = _voters(4)
    popular = SuggestionFactory.create(title="Virement instantané gratuit")
    add_votes(popular, voters)
    studied = SuggestionFactory.create(title="Plafond de carte ajustable", status=S.UNDER_REVIEW)
    add_votes(studied, voters[:3])
    quiet = SuggestionFactory.create(title="Relevés en braille")
    add_votes(quiet, voters[:1])
    deferred = SuggestionFactory.create(title="Épargne progressive", status=S.DEFERRED)
    SuggestionFactory.create(title="Déjà livrée", status=S.DELIVERED)

    page = julien.text("/equipe/labo/")
    assert _texts(page, r"<h1>(.*?)</h1>") == ["Idées à trier"]
    awaiting, below = page.split('id="below-title"')
    assert _texts(awaiting, r'<p class="count">(.*?)</p>') == [
        "2 idées attendent leur examen, les plus anciennes d'abord."
    ]
    # Oldest first.
    assert _rows(awaiting) == [
        f"Virement instantané gratuit Proposée 4 votes {_date(popular)}",
        f"Plafond de carte ajustable À l'étude 3 votes {_date(studied)}",
    ]
    # Below: SUBMITTED by default, most supported first.
    assert _rows(below) == [
        f"Virement instantané gratuit Proposée 4 votes {_date(popular)}",
        f"Relevés en braille Proposée 1 vote {_date(quiet)}",
    ]
    assert f'href="/equipe/labo/idees/{_id(quiet)}/"' in below
    assert _rows(julien.text("/equipe/labo/", status="DEFERRED").split('id="below-title"')[1]) == [
        f"Épargne progressive Reportée 0 vote {_date(deferred)}"
    ]
    # Only the statuses of triage.
    assert _rows(julien.text("/equipe/labo/", status="DELIVERED").split('id="below-title"')[1]) == [
        f"Virement instantané gratuit Proposée 4 votes {_date(popular)}",
        f"Relevés en braille Proposée 1 vote {_date(quiet)}",
    ]


def _date(idea: Suggestion) -> str:
    from django.utils.formats import date_format

    return str(date_format(timezone.localtime(idea.created_at), "DATE_FORMAT"))


def test_the_queue_says_when_more_ideas_await_than_it_lists(julien: Browser, settings: Any) -> None:
    settings.COMPTOIR_REVIEW_THRESHOLD = 0
    SuggestionFactory.create_batch(51)
    page = julien.text("/equipe/labo/").split('id="below-title"')[0]
    assert len(_rows(page)) == 50
    assert (
        "Les 50 plus anciennes sont listées ici ; trouvez les autres par leur statut ci-dessous."
        in page
    )
    assert "51 idées attendent leur examen, les plus anciennes d'abord." in page


# --- One idea: status moves ---------------------------------------------------------------


def _moves(page: str) -> list[str]:
    form = page.split('id="move-title"', 1)[1].split("</section>", 1)[0]
    return _texts(form, r'<label class="choice">(.*?)</label>')


@pytest.mark.parametrize(
    ("status", "offered"),
    [
        (S.SUBMITTED, ["À l'étude"]),
        (S.UNDER_REVIEW, ["Présentée au comité"]),
        (S.DEFERRED, ["Présentée au comité"]),
        (S.RETAINED, ["En cours"]),
        (S.IN_PROGRESS, ["Réalisée"]),
        (S.SHORTLISTED, []),
        (S.REJECTED, []),
        (S.DELIVERED, []),
    ],
)
def test_the_idea_page_offers_the_moves_the_machine_allows(
    julien: Browser, status: S, offered: list[str]
) -> None:
    idea = SuggestionFactory.create(status=status)
    page = julien.text(f"/equipe/labo/idees/{_id(idea)}/")
    assert _moves(page) == offered
    if not offered:
        assert (
            "Le parcours des idées ne permet aucun changement depuis ce statut : la décision du "
            "comité ou une fusion décide de la suite." in page
        )


def test_an_adviser_moves_an_idea_with_a_public_note(
    julien: Browser, adviser: Member, visitor: Browser
) -> None:
    idea = SuggestionFactory.create(title="Virement instantané gratuit")
    response = julien.post(
        f"/equipe/labo/idees/{_id(idea)}/statut/",
        {"status": "UNDER_REVIEW", "publicNote": "Nous étudions la faisabilité."},
    )
    assert response["Location"] == f"/equipe/labo/idees/{_id(idea)}/"
    idea.refresh_from_db()
    assert idea.status == S.UNDER_REVIEW
    change = StatusChange.objects.get(suggestion=idea)
    assert (change.from_status, change.to_status, change.public_note, change.actor) == (
        S.SUBMITTED,
        S.UNDER_REVIEW,
        "Nous étudions la faisabilité.",
        adviser,
    )
    page = julien.text(response["Location"])
    assert "Le statut de l'idée est changé ; ses abonnés sont prévenus." in page
    assert _moves(page) == ["Présentée au comité"]
    # The public page tells everyone.
    public = visitor.text(f"/labo/idees/{_id(idea)}/")
    assert _texts(public, r'<ol class="timeline">(.*?)</ol>')[0].endswith(
        "À l'étude " + _when(change.created_at) + " Nous étudions la faisabilité."
    )


def _when(instant: Any) -> str:
    from django.utils.formats import date_format

    return str(date_format(timezone.localtime(instant), "DATE_FORMAT"))


def test_a_move_the_machine_refuses_is_shown_next_to_the_status(julien: Browser) -> None:
    idea = SuggestionFactory.create()
    page = unescape(
        julien.post(
            f"/equipe/labo/idees/{_id(idea)}/statut/",
            {"status": "DELIVERED", "publicNote": "Trop tôt"},
            200,
        ).content.decode()
    )
    assert _errors(page, "move-status") == [
        "Le parcours des idées ne permet pas ce changement depuis le statut actuel de l'idée."
    ]
    assert 'name="publicNote" rows="3" maxlength="2000">Trop tôt</textarea>' in page
    idea.refresh_from_db()
    assert idea.status == S.SUBMITTED
    # A decision's outcome, and no status at all.
    page = unescape(
        julien.post(
            f"/equipe/labo/idees/{_id(idea)}/statut/", {"status": "RETAINED"}, 200
        ).content.decode()
    )
    assert _errors(page, "move-status") == ["Seule une décision publiée du comité donne ce statut."]
    page = unescape(
        julien.post(f"/equipe/labo/idees/{_id(idea)}/statut/", {"status": ""}, 200).content.decode()
    )
    assert _errors(page, "move-status") == ["Le nouveau statut ne peut pas être vide."]


def test_a_too_long_note_is_shown_next_to_the_note(julien: Browser) -> None:
    idea = SuggestionFactory.create()
    page = unescape(
        julien.post(
            f"/equipe/labo/idees/{_id(idea)}/statut/",
            {"status": "UNDER_REVIEW", "publicNote": "x" * 2001},
            200,
        ).content.decode()
    )
    assert _errors(page, "move-note") == ["Le texte de la note publique est trop long."]


def test_the_idea_page_carries_the_advisers_tools(
    julien: Browser, claire: Browser, committee_member: Member
) -> None:
    idea = SuggestionFactory.create(status=S.UNDER_REVIEW)
    page = julien.text(f"/labo/idees/{_id(idea)}/")
    tools = page.split('id="triage-title"', 1)[1].split("</section>", 1)[0]
    assert _texts(tools, r'<label class="choice">(.*?)</label>') == ["Présentée au comité"]
    assert f'action="/equipe/labo/idees/{_id(idea)}/statut/"' in tools
    assert f'name="next" value="/labo/idees/{_id(idea)}/"' in tools
    assert _texts(tools, r"<p>(.*?)</p>") == [
        "Tous les outils de tri : fusionner, présenter au comité"
    ]
    for other in (claire, Browser(committee_member)):
        assert "triage-title" not in other.text(f"/labo/idees/{_id(idea)}/")
    # Its form comes back to the public page.
    response = julien.post(
        f"/equipe/labo/idees/{_id(idea)}/statut/",
        {"status": "SHORTLISTED", "publicNote": "", "next": f"/labo/idees/{_id(idea)}/"},
    )
    assert response["Location"] == f"/labo/idees/{_id(idea)}/"


# --- One idea: merging --------------------------------------------------------------------


def _candidates(page: str) -> list[str]:
    section = page.split('id="merge-title"', 1)[1].split("</section>", 1)[0]
    return _texts(section, r'<label class="choice">(.*?)</label>')


def test_the_merge_picker_lists_candidates_with_their_votes(julien: Browser) -> None:
    voters = _voters(3)
    duplicate = SuggestionFactory.create(title="Virement instantané sans frais")
    original = SuggestionFactory.create(title="Virement instantané gratuit")
    add_votes(original, voters)
    SuggestionFactory.create(title="Carte en bois")
    path = f"/equipe/labo/idees/{_id(duplicate)}/"
    # Before any search: the ideas that look like it.
    page = julien.text(path)
    assert _texts(page, r"<legend>(L'idée d'origine.*?)</legend>") == [
        "L'idée d'origine, parmi les idées proches"
    ]
    assert _candidates(page) == ["Virement instantané gratuit (Proposée, 3 votes)"]
    page = julien.text(path, q="virement instantané")
    assert _texts(page, r"<legend>(L'idée d'origine.*?)</legend>") == ["L'idée d'origine"]
    # The idea itself is not a candidate.
    assert _candidates(page) == ["Virement instantané gratuit (Proposée, 3 votes)"]
    assert _candidates(julien.text(path, q="licorne")) == []
    assert "Aucune idée ne correspond à ces mots." in julien.text(path, q="licorne")


def test_an_adviser_merges_a_duplicate_and_votes_count_once(julien: Browser) -> None:
    both, only_dup, only_orig = _voters(1), _voters(2), _voters(3)
    duplicate = SuggestionFactory.create(title="Virement instantané sans frais")
    original = SuggestionFactory.create(title="Virement instantané gratuit")
    add_votes(duplicate, both + only_dup)
    add_votes(original, both + only_orig)
    response = julien.post(
        f"/equipe/labo/idees/{_id(duplicate)}/doublon/",
        {"q": "virement", "originalId": _id(original), "publicNote": "Même idée."},
    )
    assert response["Location"] == f"/equipe/labo/idees/{_id(duplicate)}/"
    assert Vote.objects.filter(suggestion=original).count() == 6
    page = julien.text(response["Location"])
    assert (
        "L'idée est fusionnée avec « Virement instantané gratuit », qui compte maintenant 6 votes."
        in page
    )
    assert _texts(page, r'<span class="status[^"]*" id="idea-status">(.*?)</span>') == [
        "Fusionnée avec une autre idée"
    ]
    assert _texts(page, r'<span id="idea-votes">(.*?)</span>') == ["0 vote"]
    assert "merge-title" not in page


def test_merge_refusals_are_shown_next_to_the_original(julien: Browser) -> None:
    idea = SuggestionFactory.create(title="Virement instantané")
    path = f"/equipe/labo/idees/{_id(idea)}/doublon/"
    page = unescape(
        julien.post(path, {"q": "virement", "originalId": _id(idea)}, 200).content.decode()
    )
    assert _errors(page, "merge-original") == ["Une idée ne peut pas être un doublon d'elle-même."]
    closed = SuggestionFactory.create(title="Virement livré", status=S.DELIVERED)
    page = unescape(
        julien.post(path, {"q": "virement", "originalId": _id(closed)}, 200).content.decode()
    )
    assert _errors(page, "merge-original") == [
        "Les votes sont clos sur cette idée : choisissez-en une encore ouverte aux votes."
    ]
    page = unescape(julien.post(path, {"q": "virement"}, 200).content.decode())
    assert _errors(page, "merge-original") == ["L'idée d'origine ne peut pas être vide."]
    idea.refresh_from_db()
    assert idea.status == S.SUBMITTED


# --- One idea: shortlisting ---------------------------------------------------------------


def test_an_adviser_shortlists_an_idea_onto_a_meeting(
    julien: Browser, meeting: CommitteeMeeting, chair: Member
) -> None:
    CommitteeMeeting.objects.create(
        title="Comité passé", scheduled_for=timezone.now() - timedelta(days=3), chair=chair
    )
    first = SuggestionFactory.create(status=S.SHORTLISTED)
    AgendaItem.objects.create(meeting=meeting, suggestion=first, position=0)
    idea = SuggestionFactory.create(status=S.UNDER_REVIEW)
    page = julien.text(f"/equipe/labo/idees/{_id(idea)}/")
    # Only the meetings to come.
    assert _texts(page, r'<select id="shortlist-meeting"[^>]*>(.*?)</select>')[0].startswith(
        "Comité de décembre — "
    )
    assert "Comité passé" not in page
    response = julien.post(
        f"/equipe/labo/idees/{_id(idea)}/reunion/",
        {"meetingId": _id(meeting), "status": "UNDER_REVIEW", "publicNote": "Au comité !"},
    )
    assert response["Location"] == f"/equipe/labo/reunions/{_id(meeting)}/"
    idea.refresh_from_db()
    assert idea.status == S.SHORTLISTED
    assert StatusChange.objects.get(suggestion=idea).public_note == "Au comité !"
    assert list(
        AgendaItem.objects.filter(meeting=meeting)
        .order_by("position")
        .values_list("suggestion_id", flat=True)
    ) == [first.pk, idea.pk]


def test_shortlisting_without_a_meeting_is_refused_next_to_the_meeting(
    julien: Browser, meeting: CommitteeMeeting
) -> None:
    idea = SuggestionFactory.create(status=S.UNDER_REVIEW)
    page = unescape(
        julien.post(
            f"/equipe/labo/idees/{_id(idea)}/reunion/", {"meetingId": ""}, 200
        ).content.decode()
    )
    assert _errors(page, "shortlist-meeting") == ["La réunion ne peut pas être vide."]
    idea.refresh_from_db()
    assert idea.status == S.UNDER_REVIEW


def test_shortlisting_an_idea_the_machine_keeps_from_it_is_refused(
    julien: Browser, meeting: CommitteeMeeting
) -> None:
    idea = SuggestionFactory.create(status=S.SUBMITTED)
    page = unescape(
        julien.post(
            f"/equipe/labo/idees/{_id(idea)}/reunion/",
            {"meetingId": _id(meeting), "status": "SUBMITTED"},
            200,
        ).content.decode()
    )
    section = page.split('id="shortlist-title"', 1)[1].split("</section>", 1)[0]
    assert _general_errors(section) == [
        "Le parcours des idées ne permet pas ce changement depuis le statut actuel de l'idée."
    ]
    idea.refresh_from_db()
    assert idea.status == S.SUBMITTED
    assert not AgendaItem.objects.exists()


# --- Meetings -----------------------------------------------------------------------------


def test_an_adviser_schedules_a_meeting(julien: Browser, chair: Member) -> None:
    when = timezone.localtime() + timedelta(days=20)
    response = julien.post(
        "/equipe/labo/reunions/",
        {"title": "Comité de janvier", "scheduledFor": when.strftime("%Y-%m-%dT14:30")},
    )
    meeting = CommitteeMeeting.objects.get()
    assert response["Location"] == f"/equipe/labo/reunions/{_id(meeting)}/"
    assert timezone.localtime(meeting.scheduled_for).strftime("%H:%M") == "14:30"
    assert meeting.chair == chair
    page = julien.text(response["Location"])
    assert "La réunion est programmée." in page
    assert _texts(page, r"<h1>(.*?)</h1>") == ["Comité de janvier"]
    assert "L'ordre du jour est vide." in page
    listing = julien.text("/equipe/labo/reunions/")
    assert _texts(listing, r'<h2 id="list-title">(.*?)</h2>') == ["1 réunion"]
    assert _rows(listing)[0].startswith("Comité de janvier ")
    assert _rows(listing)[0].endswith("présidée par Hélène (présidente) 0 idée à l'ordre du jour")


def test_scheduling_errors_are_shown_next_to_their_fields(julien: Browser, chair: Member) -> None:
    page = unescape(
        julien.post(
            "/equipe/labo/reunions/", {"title": " ", "scheduledFor": "2001-01-01T10:00"}, 200
        ).content.decode()
    )
    assert _errors(page, "meeting-title") == ["Le titre ne peut pas être vide."]
    assert _errors(page, "meeting-when") == [
        "La date doit être comprise entre aujourd'hui et l'horizon de planification."
    ]
    page = unescape(
        julien.post(
            "/equipe/labo/reunions/", {"title": "Comité", "scheduledFor": "demain"}, 200
        ).content.decode()
    )
    assert _errors(page, "meeting-when") == ["Cette demande n'est pas valide."]
    assert not CommitteeMeeting.objects.exists()


def test_an_adviser_orders_the_agenda(julien: Browser, meeting: CommitteeMeeting) -> None:
    a, b, c = (
        SuggestionFactory.create(title=t, status=S.SHORTLISTED)
        for t in ("Alpha", "Bravo", "Charlie")
    )
    for i, s in enumerate((a, b)):
        AgendaItem.objects.create(meeting=meeting, suggestion=s, position=i)
    path = f"/equipe/labo/reunions/{_id(meeting)}/"
    page = julien.text(path)
    assert _agenda(page) == ["Alpha (0 vote)", "Bravo (0 vote)"]
    assert _texts(
        page.split('id="add-title"')[1], r'<span class="agenda-title">(.*?)</span>\s*<form'
    ) == ["Charlie (0 vote)"]

    def act(action: str, s: Suggestion) -> list[str]:
        response = julien.post(path + "ordre/", {"action": action, "suggestion": _id(s)})
        assert response["Location"] == path + "#agenda"
        return _agenda(julien.text(path))

    assert act("add", c) == ["Alpha (0 vote)", "Bravo (0 vote)", "Charlie (0 vote)"]
    assert act("up", c) == ["Alpha (0 vote)", "Charlie (0 vote)", "Bravo (0 vote)"]
    assert act("down", a) == ["Charlie (0 vote)", "Alpha (0 vote)", "Bravo (0 vote)"]
    assert act("remove", a) == ["Charlie (0 vote)", "Bravo (0 vote)"]
    assert list(
        AgendaItem.objects.filter(meeting=meeting)
        .order_by("position")
        .values_list("suggestion_id", flat=True)
    ) == [c.pk, b.pk]


def test_an_idea_under_review_is_presented_from_the_meetings_page(
    julien: Browser, meeting: CommitteeMeeting
) -> None:
    studied = SuggestionFactory.create(title="Alpha", status=S.UNDER_REVIEW)
    SuggestionFactory.create(title="Bravo", status=S.SUBMITTED)
    deferred = SuggestionFactory.create(title="Charlie", status=S.DEFERRED)
    voters = _voters(2)
    add_votes(studied, voters)
    add_votes(deferred, voters[:1])
    path = f"/equipe/labo/reunions/{_id(meeting)}/"
    section = julien.text(path).split('id="present-title"', 1)[1]
    assert _texts(section, r'<span class="agenda-title">(.*?)</span>\s*<form') == [
        "Alpha (À l'étude, 2 votes)",
        "Charlie (Reportée, 1 vote)",
    ]
    response = julien.post(
        f"/equipe/labo/idees/{_id(deferred)}/reunion/",
        {"meetingId": _id(meeting), "status": "DEFERRED"},
    )
    assert response["Location"] == path
    page = julien.text(path)
    assert _agenda(page) == ["Charlie (1 vote)"]
    assert _texts(
        page.split('id="present-title"', 1)[1], r'<span class="agenda-title">(.*?)</span>\s*<form'
    ) == ["Alpha (À l'étude, 2 votes)"]
    deferred.refresh_from_db()
    assert deferred.status == S.SHORTLISTED
    assert studied.status == S.UNDER_REVIEW


def test_an_idea_not_shortlisted_is_refused_on_the_agenda(
    julien: Browser, meeting: CommitteeMeeting
) -> None:
    idea = SuggestionFactory.create(status=S.UNDER_REVIEW)
    page = unescape(
        julien.post(
            f"/equipe/labo/reunions/{_id(meeting)}/ordre/",
            {"action": "add", "suggestion": _id(idea)},
            200,
        ).content.decode()
    )
    assert _errors(page, "agenda") == [
        "Seules les idées présentées au comité vont à l'ordre du jour."
    ]
    assert not AgendaItem.objects.exists()


def test_the_triage_pages_in_english(julien: Browser, meeting: CommitteeMeeting) -> None:
    idea = SuggestionFactory.create(status=S.UNDER_REVIEW)
    julien.http.post("/i18n/setlang/", {"language": "en", "next": "/equipe/labo/"})
    assert _texts(julien.text("/equipe/labo/"), r"<h1>(.*?)</h1>") == ["Ideas to triage"]
    page = julien.text(f"/equipe/labo/idees/{_id(idea)}/")
    assert _texts(page, r"<h2[^>]*>(.*?)</h2>") == [
        "Change its status",
        "Present it to the committee",
        "Merge it into an earlier idea",
        "Its path",
    ]
    assert _moves(page) == ["Presented to the committee"]
    assert _texts(julien.text("/equipe/labo/reunions/"), r"<h1>(.*?)</h1>") == [
        "Committee meetings"
    ]
    page = julien.text(f"/equipe/labo/reunions/{_id(meeting)}/")
    assert _texts(page, r"<h2[^>]*>(.*?)</h2>") == [
        "Agenda",
        "Shortlisted ideas not on this agenda",
        "Ideas under review or deferred, to present at this meeting",
    ]
