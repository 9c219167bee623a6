"""The committee's pages over Django's test client: what advisers, committee members and the
chair see, the forms' errors next to their fields, and the site's 404 for everyone else."""

from __future__ import annotations

import re
from datetime import timedelta
from html import unescape

import pytest
from django.utils import timezone

from models.models import (
    AgendaItem,
    CommitteeMeeting,
    Decision,
    DecisionOutcome,
    Evaluation,
    Member,
    Notification,
    Suggestion,
    SuggestionStatus,
)
from schema.core.ids import encode_id
from tests.factories import CommitteeFactory, CustomerFactory, SuggestionFactory, add_votes
from tests.web.conftest import Browser

pytestmark = pytest.mark.django_db


@pytest.fixture
def meeting(chair: Member) -> CommitteeMeeting:
    return CommitteeMeeting.objects.create(
        title="Comité de mars", chair=chair, scheduled_for=timezone.now() + timedelta(days=7)
    )


@pytest.fixture
def idea(meeting: CommitteeMeeting) -> Suggestion:
    suggestion = SuggestionFactory.create(
        title="Épargne automatique",
        body="Virer chaque mois une somme vers le livret.",
        status=SuggestionStatus.SHORTLISTED,
    )
    AgendaItem.objects.create(meeting=meeting, suggestion=suggestion, position=0)
    return suggestion


def _gid(row: CommitteeMeeting | Suggestion) -> str:
    return encode_id(type(row).__name__, row.pk)


def _idea_path(meeting: CommitteeMeeting, idea: Suggestion, tail: str = "") -> str:
    return f"/equipe/comite/{_gid(meeting)}/idees/{_gid(idea)}/{tail}"


def _text(html: str) -> str:
    """The page's text without tags, blanks collapsed."""
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", html))).strip()


def _section(html: str, heading_id: str) -> str:
    """The text of the `<section>` labelled by `heading_id`."""
    match = re.search(
        rf'<section[^>]*aria-labelledby="{heading_id}"[^>]*>(.*?)</section>', html, re.S
    )
    assert match, heading_id
    return _text(match.group(1))


def _errors(html: str, field_id: str) -> list[str]:
    match = re.search(rf'<ul class="field-errors" id="{field_id}-errors">(.*?)</ul>', html, re.S)
    return re.findall(r"<li>(.*?)</li>", unescape(match.group(1))) if match else []


def _score(member: Member, meeting: CommitteeMeeting, idea: Suggestion, *scores: int) -> None:
    b, f, c, t = scores
    Evaluation.objects.create(
        meeting=meeting,
        suggestion=idea,
        evaluator=member,
        customer_benefit=b,
        technical_feasibility=f,
        cost=c,
        time_to_deliver=t,
        comment=f"Avis de {member.display_name}",
    )


SCORES = {
    "customerBenefit": "4",
    "technicalFeasibility": "3",
    "cost": "2",
    "timeToDeliver": "5",
    "comment": "Utile, mais coûteux.",
}


# --- Who sees what --------------------------------------------------------------------------


def test_the_meetings_list(adviser: Member, meeting: CommitteeMeeting, idea: Suggestion) -> None:
    html = Browser(adviser).text("/equipe/comite/")
    card = re.search(r'<article class="card meeting-card">(.*?)</article>', html, re.S)
    assert card
    text = _text(card.group(1))
    assert text.startswith("Comité de mars ")
    assert text.endswith("présidée par Hélène (présidente) 1 idée à l'ordre du jour 1 à décider")
    assert f'href="/equipe/comite/{_gid(meeting)}/"' in card.group(1)
    assert 'href="/equipe/comite/" aria-current="page"' in html


def test_an_adviser_reads_the_agenda_and_dossier_without_scores(
    adviser: Member, chair: Member, meeting: CommitteeMeeting, idea: Suggestion
) -> None:
    _score(chair, meeting, idea, 5, 4, 3, 2)
    browser = Browser(adviser)
    agenda = browser.text(f"/equipe/comite/{_gid(meeting)}/")
    assert "Épargne automatique" in agenda
    assert "À noter" not in agenda and "Note globale" not in agenda
    page = browser.text(_idea_path(meeting, idea))
    assert _section(page, "dossier-title").startswith(
        "Dossier Description Virer chaque mois une somme vers le livret. Son parcours Proposée"
    )
    for absent in ("Vos notes", "Les notes du comité", "Avis de", "Enregistrer une décision"):
        assert absent not in page
    # Advisers do not score.
    browser.post(_idea_path(meeting, idea, "noter/"), SCORES, 404)
    assert Evaluation.objects.count() == 1


def test_a_member_scores_then_sees_the_others_and_the_aggregate(
    committee_member: Member, chair: Member, meeting: CommitteeMeeting, idea: Suggestion
) -> None:
    _score(chair, meeting, idea, 5, 4, 3, 2)
    browser = Browser(committee_member)
    agenda = browser.text(f"/equipe/comite/{_gid(meeting)}/")
    assert "À noter" in agenda and "Note globale" not in agenda
    before = browser.text(_idea_path(meeting, idea))
    assert _section(before, "aggregate-title") == (
        "Les notes du comité Vous verrez les notes des autres et la synthèse une fois que vous "
        "aurez noté cette idée."
    )
    assert "Avis de Hélène" not in before
    response = browser.post(_idea_path(meeting, idea, "noter/"), SCORES)
    assert response["Location"] == _idea_path(meeting, idea) + "#scores"
    after = browser.text(_idea_path(meeting, idea))
    assert _section(after, "aggregate-title") == (
        "Les notes du comité Moyenne de 2 évaluations "
        "Bénéfice client 4,50 Faisabilité technique 3,50 Coût (5 = le moins cher) 2,50 "
        "Délai de réalisation (5 = le plus rapide) 3,50 Note globale (pondérée) 3,70 "
        "Les notes de chaque membre Hélène (présidente) · bénéfice 5, faisabilité 4, coût 3, "
        "délai 2 Avis de Hélène (présidente)"
    )
    assert "Vos notes sont enregistrées." in after
    assert '<option value="4" selected>4</option>' in after
    assert "Modifier mes notes" in after
    agenda = browser.text(f"/equipe/comite/{_gid(meeting)}/")
    assert "Vous l'avez notée. Note globale 3,70 / 5 (2 évaluations)" in _text(agenda)
    evaluation = Evaluation.objects.get(evaluator=committee_member)
    assert (evaluation.customer_benefit, evaluation.cost, evaluation.comment) == (
        4,
        2,
        "Utile, mais coûteux.",
    )


def test_score_errors_are_next_to_their_fields(
    committee_member: Member, meeting: CommitteeMeeting, idea: Suggestion
) -> None:
    browser = Browser(committee_member)
    response = browser.post(
        _idea_path(meeting, idea, "noter/"),
        {**SCORES, "customerBenefit": "7", "cost": ""},
        400,
    )
    html = response.content.decode()
    assert _errors(html, "score-cost") == ["La note de coût ne peut pas être vide."]
    assert _errors(html, "score-customerBenefit") == []
    # Once the blank is filled, the API's rule on the range speaks.
    response = browser.post(
        _idea_path(meeting, idea, "noter/"), {**SCORES, "customerBenefit": "7"}, 400
    )
    html = response.content.decode()
    assert _errors(html, "score-customerBenefit") == ["La note de bénéfice client va de 1 à 5."]
    assert 'aria-invalid="true" aria-describedby="score-customerBenefit-errors"' in html
    # What was typed is kept.
    assert "Utile, mais coûteux." in unescape(html)
    assert Evaluation.objects.count() == 0


def test_scores_are_final_once_the_decision_is_published(
    committee_member: Member, chair: Member, meeting: CommitteeMeeting, idea: Suggestion
) -> None:
    _score(committee_member, meeting, idea, 3, 3, 3, 3)
    Decision.objects.create(
        suggestion=idea,
        meeting=meeting,
        outcome=DecisionOutcome.RETAINED,
        target_period="2027 Q3",
        recorded_by=chair,
        published_at=timezone.now(),
    )
    page = Browser(committee_member).text(_idea_path(meeting, idea))
    assert _section(page, "scores-title") == (
        "Vos notes La décision est publiée : vos notes sont définitives."
    )
    assert "La décision du comité : Retenue" in page


# --- The chair's decision -----------------------------------------------------------------------


def test_a_member_who_is_not_the_chair_does_not_decide(
    committee_member: Member, meeting: CommitteeMeeting, idea: Suggestion
) -> None:
    browser = Browser(committee_member)
    assert "Enregistrer une décision" not in browser.text(_idea_path(meeting, idea))
    browser.get(_idea_path(meeting, idea, "decision/"), 404)
    browser.get(_idea_path(meeting, idea, "decision/apercu/"), 404)
    browser.post(_idea_path(meeting, idea, "decision/"), {"outcome": "RETAINED"}, 404)
    assert Decision.objects.count() == 0


def test_the_chair_drafts_previews_and_publishes(
    chair: Member, meeting: CommitteeMeeting, idea: Suggestion
) -> None:
    voter = CustomerFactory.create()
    add_votes(idea, [voter])
    browser = Browser(chair)
    page = browser.text(_idea_path(meeting, idea))
    assert _section(page, "decision-side-title") == "Décision Enregistrer une décision"
    response = browser.post(
        _idea_path(meeting, idea, "decision/"),
        {
            "outcome": "RETAINED",
            "publicRationale": "Attendue par beaucoup.",
            "targetPeriod": "2027 Q3",
            "internalNotes": "Chiffrage DSI à confirmer.",
        },
    )
    assert response["Location"] == _idea_path(meeting, idea, "decision/apercu/")
    preview = browser.text(_idea_path(meeting, idea, "decision/apercu/"))
    assert _section(preview, "decision-title") == (
        "La décision du comité : Retenue Prévue pour : 2027 Q3 Attendue par beaucoup."
    )
    assert (
        '<blockquote class="preview notification-preview">'
        "Le comité a décidé : « Épargne automatique » — Retenue.</blockquote>"
    ) in preview
    assert "Chiffrage DSI à confirmer." in preview
    # Editing finds the draft's values, and saving rewrites the same draft.
    form = browser.text(_idea_path(meeting, idea, "decision/"))
    assert 'value="2027 Q3"' in form and 'value="RETAINED" checked' in form
    browser.post(
        _idea_path(meeting, idea, "decision/"),
        {"outcome": "RETAINED", "publicRationale": "Attendue.", "targetPeriod": "2027 Q4"},
    )
    draft = Decision.objects.get()
    assert (draft.target_period, draft.public_rationale, draft.published_at) == (
        "2027 Q4",
        "Attendue.",
        None,
    )
    response = browser.post(
        _idea_path(meeting, idea, "decision/publier/"),
        {"decision": encode_id("Decision", draft.pk)},
    )
    assert response["Location"] == f"/labo/idees/{_gid(idea)}/"
    public = Browser().text(f"/labo/idees/{_gid(idea)}/")
    assert _section(public, "decision-title").startswith("La décision du comité : Retenue")
    idea.refresh_from_db()
    assert idea.status == SuggestionStatus.RETAINED
    assert Notification.objects.filter(recipient=voter, kind="DECISION_PUBLISHED").count() == 1
    # Published: no draft to preview, nothing left to decide.
    assert "Il n'y a pas de brouillon de décision sur cette idée." in browser.text(
        _idea_path(meeting, idea, "decision/apercu/")
    )
    assert _section(browser.text(_idea_path(meeting, idea)), "decision-side-title") == (
        "Décision Cette idée est décidée."
    )


def test_decision_errors_are_next_to_their_fields(
    chair: Member, meeting: CommitteeMeeting, idea: Suggestion
) -> None:
    browser = Browser(chair)
    html = browser.post(
        _idea_path(meeting, idea, "decision/"), {"outcome": "REJECTED"}, 400
    ).content.decode()
    assert _errors(html, "publicRationale") == [
        "Une idée reportée ou non retenue doit ses raisons à la communauté : écrivez la "
        "justification publique."
    ]
    html = browser.post(
        _idea_path(meeting, idea, "decision/"), {"outcome": "RETAINED"}, 400
    ).content.decode()
    assert _errors(html, "targetPeriod") == [
        "Dites quand une idée retenue est prévue (par exemple 2027 T3)."
    ]
    html = browser.post(_idea_path(meeting, idea, "decision/"), {}, 400).content.decode()
    assert _errors(html, "outcome") == ["La décision ne peut pas être vide."]
    assert Decision.objects.count() == 0


def test_an_idea_not_on_the_agenda_is_not_found(
    committee_member: Member, chair: Member, meeting: CommitteeMeeting
) -> None:
    elsewhere = SuggestionFactory.create(status=SuggestionStatus.SHORTLISTED)
    Browser(committee_member).get(_idea_path(meeting, elsewhere), 404)
    Browser(chair).get(_idea_path(meeting, elsewhere, "decision/"), 404)
    Browser(chair).get("/equipe/comite/Q29tbWl0dGVlTWVldGluZzo5OTk=/", 404)


def test_customers_and_visitors_get_the_404_page(
    customer: Member, meeting: CommitteeMeeting, idea: Suggestion
) -> None:
    for browser in (Browser(), Browser(customer)):
        for path in (
            "/equipe/comite/",
            f"/equipe/comite/{_gid(meeting)}/",
            _idea_path(meeting, idea),
            _idea_path(meeting, idea, "decision/apercu/"),
        ):
            response = browser.http.get(path)
            assert response.status_code == 404, path
            assert "Cette page n" in response.content.decode()
        assert browser.http.post(_idea_path(meeting, idea, "noter/"), SCORES).status_code == 404
    assert Evaluation.objects.count() == 0


def test_the_team_bar_links_the_committee_by_capability(
    adviser: Member, committee_member: Member, customer: Member
) -> None:
    link = 'href="/equipe/comite/"'
    assert link in Browser(adviser).text("/")
    assert link in Browser(committee_member).text("/")
    assert link not in Browser(customer).text("/")
    other = CommitteeFactory.create()
    assert link in Browser(other).text("/")


def test_a_stale_form_after_publication_says_why(
    committee_member: Member, chair: Member, meeting: CommitteeMeeting, idea: Suggestion
) -> None:
    Decision.objects.create(
        suggestion=idea,
        meeting=meeting,
        outcome=DecisionOutcome.RETAINED,
        target_period="2027 Q3",
        recorded_by=chair,
        published_at=timezone.now(),
    )
    html = (
        Browser(committee_member)
        .post(_idea_path(meeting, idea, "noter/"), SCORES, 400)
        .content.decode()
    )
    assert _section(html, "scores-title") == (
        "Vos notes La décision sur cette idée est publiée : les notes sont définitives. "
        "La décision est publiée : la notation est close."
    )
    assert Evaluation.objects.count() == 0
    # Publishing twice: the second says so, on the preview.
    browser = Browser(chair)
    decision = Decision.objects.get()
    response = browser.post(
        _idea_path(meeting, idea, "decision/publier/"),
        {"decision": encode_id("Decision", decision.pk)},
    )
    assert response["Location"] == _idea_path(meeting, idea, "decision/apercu/")
    assert "Cette décision est déjà publiée." in browser.text(response["Location"])


def test_a_member_scores_from_the_agenda(
    committee_member: Member, chair: Member, meeting: CommitteeMeeting, idea: Suggestion
) -> None:
    browser = Browser(committee_member)
    agenda = f"/equipe/comite/{_gid(meeting)}/"
    html = browser.text(agenda)
    assert "Noter cette idée" in html
    response = browser.post(_idea_path(meeting, idea, "noter/"), {**SCORES, "next": agenda})
    assert response["Location"] == agenda
    html = browser.text(agenda)
    assert "Vous l'avez notée. Note globale 3,60 / 5 (1 évaluation)" in _text(html)
    assert '<option value="4" selected>4</option>' in html
    # The chair's links to the decision, item by item.
    assert "Enregistrer une décision" in Browser(chair).text(agenda)
    assert "Enregistrer une décision" not in html


def test_a_decision_on_an_idea_no_longer_presented_says_so(
    chair: Member, meeting: CommitteeMeeting, idea: Suggestion
) -> None:
    Suggestion.objects.filter(pk=idea.pk).update(status=SuggestionStatus.DEFERRED)
    html = (
        Browser(chair)
        .post(
            _idea_path(meeting, idea, "decision/"),
            {"outcome": "RETAINED", "targetPeriod": "2027 Q3"},
            400,
        )
        .content.decode()
    )
    errors = re.search(r'<div class="form-errors" role="alert"><ul>(.*?)</ul>', html, re.S)
    assert errors
    assert re.findall(r"<li>(.*?)</li>", unescape(errors.group(1))) == [
        "Cette idée n'est plus présentée au comité."
    ]
    assert Decision.objects.count() == 0
