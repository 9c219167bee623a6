"""The website tells a member that a sensitive number they wrote was masked before
publishing (the payload's notices), and shows only the masked text."""

from __future__ import annotations

import re

import pytest

from models.models import Category, Member, Thread
from schema.core.ids import encode_id
from tests.factories import CategoryFactory

from .conftest import Browser

pytestmark = pytest.mark.django_db


def _messages(html: str) -> list[str]:
    return re.findall(r'<p class="message message-\w+">(.*?)</p>', html)


@pytest.fixture
def questions() -> Category:
    return CategoryFactory.create(name="Questions & support", slug="questions")


def test_a_question_with_numbers_is_published_masked_with_a_notice(
    claire: Browser, customer: Member, questions: Category
) -> None:
    response = claire.post(
        "/cafe/nouveau/",
        {
            "title": "Virement perdu",
            "body": "Depuis FR76 3000 6000 0112 3456 7890 189, carte 4970 1012 3456 7893.",
            "categoryId": encode_id("Category", questions.pk),
            "kind": "QUESTION",
        },
    )
    thread = Thread.objects.get()
    html = claire.text(response["Location"])
    assert _messages(html) == [
        "Votre question est publiée.",
        "Un IBAN a été masqué dans votre texte avant publication : seuls ses premiers et "
        "derniers chiffres sont affichés. Ne publiez jamais de coordonnées bancaires ni de "
        "numéros personnels ; un conseiller pourra vous contacter si besoin.",
        "Un numéro de carte a été masqué dans votre texte avant publication : seuls ses "
        "premiers et derniers chiffres sont affichés. Ne publiez jamais de coordonnées "
        "bancaires ni de numéros personnels ; un conseiller pourra vous contacter si besoin.",
    ]
    assert "FR76 •••• •••• •••• •••• •••• 189, carte •••• •••• •••• 7893." in html
    assert thread.body == "Depuis FR76 •••• •••• •••• •••• •••• 189, carte •••• •••• •••• 7893."
    page = Browser().text(f"/cafe/sujets/{encode_id('Thread', thread.pk)}/")
    assert "3000 6000" not in page and "4970 1012" not in page


def test_a_reply_without_numbers_has_no_notice(claire: Browser, questions: Category) -> None:
    thread = Thread.objects.create(
        author=Member.objects.get(username="claire"),
        category=questions,
        kind="QUESTION",
        title="Question",
        body="Texte",
    )
    response = claire.post(
        f"/cafe/sujets/{encode_id('Thread', thread.pk)}/repondre/",
        {"body": "Commande CMD-2024-000123 du 12/03/2024"},
    )
    assert _messages(claire.text(response["Location"].split("#")[0])) == [
        "Votre réponse est publiée."
    ]
