"""The website's pages and forms over Django's test client: what each page shows, the forms'
POST/redirect/GET with their errors next to the fields, in French by default and in English
on request, and the SEO a public page carries."""

from __future__ import annotations

import re
import time
from datetime import UTC, datetime
from html import unescape
from typing import Any

import pytest
from django.utils import timezone

from models.models import (
    Category,
    DecisionOutcome,
    Flag,
    Member,
    Notification,
    Post,
    Suggestion,
    SuggestionStatus,
    Thread,
    ThreadKind,
    ThreadStatus,
    Vote,
)
from schema.core.ids import encode_id
from tests.factories import (
    AdviserFactory,
    CategoryFactory,
    CustomerFactory,
    DecisionFactory,
    PostFactory,
    SuggestionFactory,
    ThreadFactory,
    add_votes,
)

from .conftest import Browser

pytestmark = pytest.mark.django_db


def _id(row: Any) -> str:
    return encode_id(type(row).__name__, row.pk)


def _field_errors(html: str, field: str) -> list[str]:
    found = re.search(rf'<ul class="field-errors" id="{field}-errors">(.*?)</ul>', html, re.S)
    return re.findall(r"<li>(.*?)</li>", found.group(1)) if found else []


def _messages(html: str) -> list[str]:
    return re.findall(r'<p class="message message-\w+">(.*?)</p>', html)


def _official_answer(customer: Member, key: str) -> Notification:
    thread = ThreadFactory.create(author=customer, kind=ThreadKind.QUESTION)
    post = PostFactory.create(thread=thread, author=AdviserFactory.create(), is_official=True)
    return Notification.objects.create(
        recipient=customer, kind="OFFICIAL_ANSWER", thread=thread, post=post, event_key=key
    )


@pytest.fixture
def questions() -> Category:
    return CategoryFactory.create(name="Questions & support", slug="questions")


# --- What the pages show ----------------------------------------------------------------


def test_the_home_page_is_the_site_root(visitor: Browser) -> None:
    idea = SuggestionFactory.create(title="Pouvoir désactiver la publicité par courrier")
    add_votes(idea, CustomerFactory.create_batch(3))
    ThreadFactory.create(title="Livret : combien de temps ?")
    html = visitor.text("/")
    assert "<title>La communauté · Comptoir, la communauté de la banque</title>" in html
    assert '<html lang="fr">' in html
    assert "Pouvoir désactiver la publicité par courrier" in html
    assert "Livret : combien de temps ?" in html
    assert '<link rel="canonical" href="http://testserver/">' in html


def test_the_labo_lists_ideas_by_votes_with_their_status(visitor: Browser) -> None:
    top = SuggestionFactory.create(title="La plus soutenue", status=SuggestionStatus.RETAINED)
    add_votes(top, CustomerFactory.create_batch(4))
    other = SuggestionFactory.create(title="Une autre")
    add_votes(other, CustomerFactory.create_batch(2))
    html = visitor.text("/labo/")
    assert html.index("La plus soutenue") < html.index("Une autre")
    assert '<span class="vote-number" data-vote-count>4</span>' in html
    assert '<span class="status status-retained">Retenue</span>' in html
    assert "Connectez-vous pour voter" in html
    newest = visitor.text("/labo/", order="NEWEST")
    assert newest.index("Une autre") < newest.index("La plus soutenue")
    retained = visitor.text("/labo/", status="RETAINED")
    assert "La plus soutenue" in retained and "Une autre" not in retained


def test_the_labo_pages_on(visitor: Browser) -> None:
    for i in range(25):
        SuggestionFactory.create(title=f"Idée numéro {i:02d}")
    first = visitor.text("/labo/", order="NEWEST")
    assert "Idée numéro 24" in first and "Idée numéro 04" not in first
    after = re.search(r'<a href="\?([^"]+)" rel="next">', first)
    assert after is not None
    second = visitor.text("/labo/?" + after.group(1).replace("&amp;", "&"))
    assert "Idée numéro 04" in second and "Idée numéro 24" not in second
    assert 'rel="prev"' in second


def test_an_idea_shows_its_decision_path_and_comments(visitor: Browser, chair: Member) -> None:
    idea = SuggestionFactory.create(
        title="Désactiver la publicité par courrier",
        status=SuggestionStatus.RETAINED,
        target_period="2014 Q3",
        # As publishing writes it: the decision's rationale, shown once on the page.
        public_response="Un vrai bénéfice pour les clients.",
    )
    DecisionFactory.create(
        suggestion=idea,
        outcome=DecisionOutcome.RETAINED,
        public_rationale="Un vrai bénéfice pour les clients.",
        target_period="2014 Q3",
        recorded_by=chair,
    )
    html = visitor.text(f"/labo/idees/{_id(idea)}/")
    assert "<h1>Désactiver la publicité par courrier</h1>" in html
    assert "La décision du comité : Retenue" in html
    assert html.count("Un vrai bénéfice pour les clients.") == 1
    assert "<strong>Prévue pour :</strong> 2014 Q3" in html
    assert f'<link rel="canonical" href="http://testserver/labo/idees/{_id(idea)}/">' in html


def test_a_thread_shows_its_accepted_answer_first(visitor: Browser, questions: Category) -> None:
    thread = ThreadFactory.create(title="Plafond de carte", category=questions)
    adviser = AdviserFactory.create(display_name="Julien (conseiller)")
    PostFactory.create(thread=thread, body="Première réponse d'un client.")
    accepted = PostFactory.create(
        thread=thread, author=adviser, body="Depuis votre espace client.", is_official=True
    )
    thread.accepted_post = accepted
    thread.status = ThreadStatus.RESOLVED
    thread.save()
    html = visitor.text(f"/cafe/sujets/{_id(thread)}/")
    assert html.index("Depuis votre espace client.") < html.index("Première réponse d'un client.")
    assert "Réponse officielle" in html and "Réponse acceptée" in html
    assert '<span class="status status-resolved" data-thread-status>Résolu</span>' in html


def test_unknown_and_malformed_ids_are_not_found(visitor: Browser) -> None:
    for path in ("/labo/idees/U3VnZ2VzdGlvbjo5OTk5/", "/cafe/sujets/nope/", "/membres/x/"):
        response = visitor.http.get(path)
        assert response.status_code == 404
        assert "Cette page n'existe pas" in unescape(response.content.decode())


def test_the_engagements_page_has_every_figure_as_a_chart_and_a_table(
    visitor: Browser, chair: Member
) -> None:
    DecisionFactory.create(
        suggestion=SuggestionFactory.create(
            status=SuggestionStatus.RETAINED, target_period="2014 Q3"
        ),
        outcome=DecisionOutcome.RETAINED,
        target_period="2014 Q3",
        recorded_by=chair,
    )
    DecisionFactory.create(
        outcome=DecisionOutcome.REJECTED, public_rationale="Trop cher.", recorded_by=chair
    )
    html = visitor.text("/engagements/")
    # Charts with the numbers also in a table; the promise's ring waits for eligible ideas.
    for chart in ("outcomes", "periods", "statuses"):
        assert f'role="img" aria-labelledby="{chart}-title {chart}-table"' in html
    assert '<th scope="row">2014 Q3</th><td>1</td>' in html
    assert '<th scope="row">Retenue</th><td>1</td>' in html
    assert '<th scope="row">Non retenue</th><td>1</td>' in html
    assert "Support (conseillers" not in html


def test_advisers_also_see_the_support_figures(adviser: Member) -> None:
    html = Browser(adviser).text("/engagements/")
    assert "Support (conseillers et comité seulement)" in html


def test_search_finds_ideas_and_threads_while_typing(visitor: Browser) -> None:
    SuggestionFactory.create(title="Pouvoir désactiver la publicité par courrier")
    ThreadFactory.create(title="La publicité courrier, encore")
    html = visitor.text("/recherche/", q="publicité cour")
    assert "2 résultats" in html
    assert "Pouvoir désactiver la publicité par courrier" in html
    assert "La publicité courrier, encore" in html
    assert '<meta name="robots" content="noindex">' in html


def test_a_member_profile_is_public(visitor: Browser, customer: Member) -> None:
    # Customers appear once they wrote something public.
    ThreadFactory.create(author=customer)
    html = visitor.text(f"/membres/{_id(customer)}/")
    assert "<h1>Claire</h1>" in html
    assert "Client" in html


# --- Logging in, the header -------------------------------------------------------------


def test_logging_in_and_out_through_the_form(visitor: Browser, customer: Member) -> None:
    wrong = visitor.post(
        "/connexion/", {"username": "claire", "password": "nope", "next": "/labo/"}, status=200
    )
    assert "Identifiant inconnu ou mot de passe erroné." in wrong.content.decode()
    response = visitor.post(
        "/connexion/",
        {"username": "claire", "password": "correct horse battery staple", "next": "/labo/"},
    )
    assert response["Location"] == "/labo/"
    html = visitor.text("/labo/")
    assert ">Claire</a>" in html and "Se déconnecter" in html
    assert visitor.http.get("/labo/")["Cache-Control"].startswith("max-age=0")
    visitor.post("/deconnexion/", {})
    assert "Se connecter" in visitor.text("/labo/")


def test_a_login_never_redirects_to_another_site(visitor: Browser, customer: Member) -> None:
    response = visitor.post(
        "/connexion/",
        {
            "username": "claire",
            "password": "correct horse battery staple",
            "next": "https://evil.example/",
        },
    )
    assert response["Location"] == "/"


def test_the_header_counts_unread_notifications(claire: Browser, customer: Member) -> None:
    _official_answer(customer, "t")
    html = claire.text("/")
    assert '<span class="badge" data-badge>1<span class="visually-hidden"> non lues</span>' in html


def test_member_pages_send_anonymous_visitors_to_the_login(visitor: Browser) -> None:
    for path in ("/notifications/", "/moi/votes/", "/labo/proposer/", "/cafe/nouveau/"):
        response = visitor.http.get(path)
        assert response.status_code == 302
        assert response["Location"] == f"/connexion/?next={path.replace('/', '%2F')}"


# --- The café's forms -------------------------------------------------------------------


def test_asking_a_question_shows_errors_next_to_fields(
    claire: Browser, questions: Category
) -> None:
    html = claire.post(
        "/cafe/nouveau/",
        {"title": "  ", "body": "Bonjour", "categoryId": _id(questions), "kind": "QUESTION"},
        status=200,
    ).content.decode()
    assert _field_errors(html, "title") == ["Le titre ne peut pas être vide."]
    assert 'aria-invalid="true" aria-describedby="title-errors"' in html
    # What was typed is kept.
    assert ">Bonjour</textarea>" in html
    assert Thread.objects.count() == 0


def test_asking_replying_accepting(
    claire: Browser, customer: Member, questions: Category, adviser: Member
) -> None:
    response = claire.post(
        "/cafe/nouveau/",
        {
            "title": "Virement bloqué",
            "body": "Mon virement ne part pas.",
            "categoryId": _id(questions),
            "kind": "QUESTION",
        },
    )
    thread = Thread.objects.get()
    assert response["Location"] == f"/cafe/sujets/{_id(thread)}/"
    assert _messages(claire.text(response["Location"])) == ["Votre question est publiée."]

    julien = Browser(adviser)
    answer = julien.post(f"/cafe/sujets/{_id(thread)}/repondre/", {"body": "Voici pourquoi."})
    post = Post.objects.get()
    assert answer["Location"] == f"/cafe/sujets/{_id(thread)}/#post-{_id(post)}"
    assert post.is_official

    page = claire.text(f"/cafe/sujets/{_id(thread)}/")
    assert "Accepter cette réponse" in page
    claire.post(f"/cafe/reponses/{_id(post)}/accepter/", {"thread": _id(thread)})
    thread.refresh_from_db()
    assert (thread.status, thread.accepted_post) == (ThreadStatus.RESOLVED, post)
    assert "Accepter cette réponse" not in claire.text(f"/cafe/sujets/{_id(thread)}/")


def test_a_blank_reply_is_refused_next_to_its_field(claire: Browser) -> None:
    thread = ThreadFactory.create()
    html = claire.post(
        f"/cafe/sujets/{_id(thread)}/repondre/", {"body": " "}, status=200
    ).content.decode()
    assert _field_errors(html, "reply-body") == ["Le message ne peut pas être vide."]


def test_editing_ones_own_reply(claire: Browser, customer: Member) -> None:
    post = PostFactory.create(author=customer, body="Avant.")
    html = claire.text(f"/cafe/reponses/{_id(post)}/modifier/")
    assert ">Avant.</textarea>" in html
    unchanged = claire.post(f"/cafe/reponses/{_id(post)}/modifier/", {"body": "Avant."}, status=200)
    assert "Rien n'a changé." in unescape(unchanged.content.decode())
    claire.post(f"/cafe/reponses/{_id(post)}/modifier/", {"body": "Après."})
    post.refresh_from_db()
    assert post.body == "Après."
    # An adviser reads its history.
    history = Browser(AdviserFactory.create()).text(f"/cafe/reponses/{_id(post)}/historique/")
    assert "Avant." in history and "Après." in history


def test_only_advisers_read_the_edit_history(claire: Browser, customer: Member) -> None:
    post = PostFactory.create(author=customer)
    response = claire.http.get(f"/cafe/reponses/{_id(post)}/historique/")
    assert response.status_code == 404


def test_flagging_a_reply(claire: Browser) -> None:
    post = PostFactory.create(body="Achetez mes cryptos !")
    html = claire.text(f"/signaler/{_id(post)}/")
    assert "Spam ou publicité" in html
    response = claire.post(f"/signaler/{_id(post)}/", {"reason": "SPAM", "text": ""})
    assert response["Location"] == f"/cafe/sujets/{_id(post.thread)}/#post-{_id(post)}"
    assert Flag.objects.get().reason == "SPAM"
    again = claire.post(f"/signaler/{_id(post)}/", {"reason": "SPAM", "text": ""}, status=200)
    assert "Vous avez déjà signalé ce contenu." in unescape(again.content.decode())


# --- Le Labo's forms --------------------------------------------------------------------


def test_voting_and_withdrawing_through_the_form(claire: Browser, customer: Member) -> None:
    idea = SuggestionFactory.create(title="Une idée")
    path = f"/labo/idees/{_id(idea)}/"
    claire.post(f"{path}voter/", {"action": "vote", "next": path})
    assert Vote.objects.filter(member=customer, suggestion=idea).exists()
    html = claire.text(path)
    assert _messages(html) == ["Merci pour votre vote."]
    assert "Retirer mon vote" in html
    claire.post(f"{path}voter/", {"action": "withdraw", "next": "/labo/"})
    assert not Vote.objects.filter(member=customer, suggestion=idea).exists()


def test_a_vote_on_a_closed_idea_says_why(claire: Browser) -> None:
    idea = SuggestionFactory.create(status=SuggestionStatus.REJECTED)
    path = f"/labo/idees/{_id(idea)}/"
    claire.post(f"{path}voter/", {"action": "vote"})
    assert _messages(claire.text(path)) == ["Les votes sont clos pour cette idée."]


def test_submitting_an_idea_with_similar_ones(claire: Browser) -> None:
    SuggestionFactory.create(title="Pouvoir désactiver la publicité par courrier")
    html = claire.post(
        "/labo/proposer/",
        {"title": "publicité cour", "body": "", "intent": "similar"},
        status=200,
    ).content.decode()
    assert "Pouvoir désactiver la publicité par courrier" in html
    assert _field_errors(html, "body") == []
    blank = claire.post(
        "/labo/proposer/", {"title": "Moins de papier", "body": "", "intent": "submit"}, status=200
    ).content.decode()
    assert _field_errors(blank, "body") == ["Le message ne peut pas être vide."]
    response = claire.post(
        "/labo/proposer/",
        {"title": "Moins de papier", "body": "Tout par l'appli.", "intent": "submit"},
    )
    idea = Suggestion.objects.get(title="Moins de papier")
    assert response["Location"] == f"/labo/idees/{_id(idea)}/"
    assert idea.vote_count == 1


def test_following_and_commenting_an_idea(claire: Browser, customer: Member) -> None:
    idea = SuggestionFactory.create()
    path = f"/labo/idees/{_id(idea)}/"
    claire.post(f"{path}suivre/", {"action": "follow"})
    assert "Idée suivie" in claire.text(path)
    claire.post(f"{path}commenter/", {"body": "Bonne idée !"})
    html = claire.text(path)
    assert "Bonne idée !" in html and "1 commentaire" in html
    claire.post(f"{path}suivre/", {"action": "unfollow"})
    assert "Suivre cette idée" in claire.text(path)


def test_advisers_do_not_vote_nor_submit(adviser: Member) -> None:
    julien = Browser(adviser)
    idea = SuggestionFactory.create()
    assert "Je soutiens" not in julien.text(f"/labo/idees/{_id(idea)}/")
    assert "Seuls les clients proposent des idées" in julien.text("/labo/proposer/")


# --- Notifications ----------------------------------------------------------------------


def test_opening_a_notification_marks_it_read(claire: Browser, customer: Member) -> None:
    note = _official_answer(customer, "t")
    thread = note.thread
    html = claire.text("/notifications/")
    assert "Un conseiller a répondu" in html
    response = claire.post(
        "/notifications/", {"id": _id(note), "next": f"/cafe/sujets/{_id(thread)}/"}
    )
    assert response["Location"] == f"/cafe/sujets/{_id(thread)}/"
    assert claire.text(response["Location"]).count("data-badge") == 0
    note.refresh_from_db()
    assert note.read_at is not None


def test_marking_every_notification_read(claire: Browser, customer: Member) -> None:
    for key in ("a", "b"):
        _official_answer(customer, key)
    claire.post("/notifications/", {})
    assert not Notification.objects.filter(read_at__isnull=True).exists()


def test_my_votes(claire: Browser, customer: Member) -> None:
    idea = SuggestionFactory.create(title="Celle que je soutiens")
    SuggestionFactory.create(title="Une autre")
    add_votes(idea, [customer])
    html = claire.text("/moi/votes/")
    assert "Vous soutenez 1 idée." in html
    assert "Celle que je soutiens" in html and "Une autre" not in html


# --- Language, SEO ----------------------------------------------------------------------


def test_english_on_request(visitor: Browser) -> None:
    SuggestionFactory.create(status=SuggestionStatus.RETAINED)
    response = visitor.http.post("/i18n/setlang/", {"language": "en", "next": "/labo/"})
    assert response.status_code == 302
    html = visitor.text("/labo/")
    assert '<html lang="en">' in html
    assert ">Retained</span>" in html and "Log in to vote" in html
    visitor.http.post("/i18n/setlang/", {"language": "fr", "next": "/labo/"})
    assert ">Retenue</span>" in visitor.text("/labo/")


def test_french_whatever_the_browser_prefers(visitor: Browser) -> None:
    response = visitor.http.get("/", HTTP_ACCEPT_LANGUAGE="en-GB,en;q=0.9")
    assert '<html lang="fr">' in response.content.decode()
    assert response["Content-Language"] == "fr"


def test_dates_are_in_paris_time(visitor: Browser) -> None:
    thread = ThreadFactory.create()
    # 23:30 UTC on 31 March 2014 is already 1 April in Paris (summer time, UTC+2).
    instant = datetime(2014, 3, 31, 23, 30, tzinfo=UTC)
    Thread.objects.filter(pk=thread.pk).update(created_at=instant)
    html = visitor.text(f"/cafe/sujets/{_id(thread)}/")
    assert '<time datetime="2014-03-31T23:30:00+00:00">1 avril 2014 01:30</time>' in html


def test_sitemap_lists_public_threads_and_ideas_only(visitor: Browser, adviser: Member) -> None:
    thread = ThreadFactory.create()
    idea = SuggestionFactory.create()
    hidden = SuggestionFactory.create(
        hidden_at=timezone.now(), hidden_by=adviser, hidden_reason="Spam"
    )
    sitemap = visitor.http.get("/sitemap.xml").content.decode()
    assert f"<loc>http://testserver/cafe/sujets/{_id(thread)}/</loc>" in sitemap
    assert f"<loc>http://testserver/labo/idees/{_id(idea)}/</loc>" in sitemap
    assert _id(hidden) not in sitemap
    assert "<loc>http://testserver/engagements/</loc>" in sitemap
    assert "connexion" not in sitemap and "notifications" not in sitemap


def test_robots_txt(visitor: Browser) -> None:
    robots = visitor.http.get("/robots.txt")
    assert robots["Content-Type"] == "text/plain; charset=utf-8"
    text = robots.content.decode()
    assert "Disallow: /connexion/" in text and "Disallow: /graphql" in text
    assert "Sitemap: http://testserver/sitemap.xml" in text


def test_pages_carry_a_csp_and_load_nothing_from_elsewhere(visitor: Browser) -> None:
    response = visitor.get("/")
    assert "default-src 'none'" in response["Content-Security-Policy"]
    html = response.content.decode()
    assert not re.search(r'(src|href)="https?://(?!testserver)', html)


def test_a_member_notification_count_is_never_cached_for_others(visitor: Browser) -> None:
    assert "no-store" not in visitor.http.get("/").get("Cache-Control", "")


def test_an_unknown_address_is_the_site_s_404_page(visitor: Browser, settings: Any) -> None:
    settings.DEBUG = False
    response = visitor.http.get("/nulle-part/")
    assert response.status_code == 404
    html = unescape(response.content.decode())
    assert "<h1>Cette page n'existe pas</h1>" in html
    assert '<a href="/">Retour à la communauté</a>' in html


# --- Following a thread, one's own idea -------------------------------------------------


def test_following_a_thread_notifies_of_others_replies_only(
    claire: Browser, customer: Member, other_customer: Member
) -> None:
    thread = ThreadFactory.create()
    path = f"/cafe/sujets/{_id(thread)}/"
    claire.post(f"{path}suivre/", {"action": "follow"})
    html = claire.text(path)
    assert _messages(html) == [
        "Vous suivez ce sujet : vous serez prévenu de chaque nouvelle réponse."
    ]
    assert "Sujet suivi" in html
    claire.post(f"{path}repondre/", {"body": "Je précise ma question."})
    assert Notification.objects.filter(recipient=customer).count() == 0
    Browser(other_customer).post(f"{path}repondre/", {"body": "Même souci ici."})
    note = Notification.objects.get(recipient=customer)
    assert note.kind == "THREAD_REPLY"
    notes = claire.text("/notifications/")
    assert "Nouvelle réponse" in notes
    claire.post(f"{path}suivre/", {"action": "unfollow"})
    assert "Suivre ce sujet" in claire.text(path)


def test_an_author_edits_then_withdraws_a_submitted_idea(claire: Browser, customer: Member) -> None:
    claire.post(
        "/labo/proposer/", {"title": "Moins de papier", "body": "Tout en ligne.", "intent": "x"}
    )
    idea = Suggestion.objects.get()
    path = f"/labo/idees/{_id(idea)}/"
    html = claire.text(path)
    assert "Modifier mon idée" in html and "Retirer mon idée" in html
    form = claire.text(f"{path}modifier/")
    assert 'value="Moins de papier"' in form
    blank = claire.post(f"{path}modifier/", {"title": "", "body": "Tout."}, status=200)
    assert _field_errors(unescape(blank.content.decode()), "title") == [
        "Le titre ne peut pas être vide."
    ]
    claire.post(f"{path}modifier/", {"title": "Zéro papier", "body": "Tout en ligne."})
    html = claire.text(path)
    assert "<h1>Zéro papier</h1>" in html and "modifiée le" in html
    claire.post(f"{path}retirer/", {})
    html = claire.text(path)
    assert _messages(html) == ["Votre idée est retirée : les votes sont clos."]
    assert "Retirée par son auteur" in html
    assert "Modifier mon idée" not in html and "Je soutiens" not in html


def test_others_cannot_edit_an_idea(claire: Browser, other_customer: Member) -> None:
    idea = SuggestionFactory.create(author=other_customer)
    path = f"/labo/idees/{_id(idea)}/"
    assert "Modifier mon idée" not in claire.text(path)
    html = claire.post(f"{path}modifier/", {"title": "À moi", "body": "Non."}, status=200)
    assert "Vous n'avez pas le droit de faire cela." in unescape(html.content.decode())
    idea.refresh_from_db()
    assert idea.title != "À moi"


def test_a_vote_for_a_merged_idea_leads_to_the_original(claire: Browser, adviser: Member) -> None:
    original = SuggestionFactory.create(title="L'idée d'origine")
    merged = SuggestionFactory.create(
        title="La même", status=SuggestionStatus.DUPLICATE, duplicate_of=original
    )
    response = claire.post(f"/labo/idees/{_id(merged)}/voter/", {"action": "vote"})
    assert response["Location"] == f"/labo/idees/{_id(original)}/"
    assert _messages(claire.text(response["Location"])) == [
        "Cette idée a été fusionnée avec « L'idée d'origine » : soutenez plutôt celle-ci."
    ]


def test_a_comment_notification_opens_the_idea(
    claire: Browser, customer: Member, other_customer: Member
) -> None:
    claire.post("/labo/proposer/", {"title": "Moins de papier", "body": "Tout.", "intent": "x"})
    idea = Suggestion.objects.get()
    Browser(other_customer).post(f"/labo/idees/{_id(idea)}/commenter/", {"body": "Oui !"})
    html = claire.text("/notifications/")
    assert "Nouveau commentaire" in html
    post = Post.objects.get(body="Oui !")
    assert f'value="/labo/idees/{_id(idea)}/#post-{_id(post)}"' in html


def test_anonymous_readers_get_the_labo_kept_one_second_and_a_voter_their_vote_at_once(
    visitor: Browser, claire: Browser, customer: Member, settings: Any
) -> None:
    # Two seconds: room for the vote and the member's page between the two anonymous visits.
    settings.COMPTOIR_PUBLIC_CACHE_SECONDS = 2
    idea = SuggestionFactory.create(title="Épargne automatique")
    add_votes(idea, [idea.author])
    idea.save()
    count = re.compile(r'<span class="vote-number" data-vote-count>(\d+)</span>')
    started = time.monotonic()
    assert count.findall(visitor.text("/labo/")) == ["1"]
    kept_at = time.monotonic()  # the page's data was kept before this
    claire.post(f"/labo/idees/{_id(idea)}/voter/", {})
    assert count.findall(claire.text("/labo/")) == ["2"]
    assert count.findall(Browser().text("/labo/")) == ["1"]
    assert time.monotonic() - started < 2, "too slow to observe the kept page data"
    time.sleep(max(0.0, kept_at + 2.1 - time.monotonic()))
    assert count.findall(Browser().text("/labo/")) == ["2"]
