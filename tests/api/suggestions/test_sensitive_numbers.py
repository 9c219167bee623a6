"""Sensitive numbers in Le Labo: an idea, its comments and its author's edits are stored
masked, shown masked to anonymous visitors and found by `search` only as shown; the author's
payload says why, advisers are told, the audit log keeps no full number."""

from __future__ import annotations

import pytest

from models.models import AuditEvent, Member, Suggestion, SuggestionStatus
from tests.api.threads.test_sensitive_numbers import (
    CARD,
    IBAN,
    MASKED_CARD,
    MASKED_IBAN,
    SEARCH,
    notice,
    stored_anywhere,
)
from tests.factories import SuggestionFactory
from tests.graphql import GraphQLClient, gid, notifications

pytestmark = pytest.mark.django_db

NOTICE = "notices { code message kind field }"
SUBMIT = (
    "mutation($input: SubmitSuggestionInput!) { submitSuggestion(input: $input) { "
    f"suggestion {{ title body }} errors {{ code }} {NOTICE} }} }}"
)
COMMENT = (
    "mutation($input: CommentOnSuggestionInput!) { commentOnSuggestion(input: $input) { "
    f"comment {{ body }} errors {{ code }} {NOTICE} }} }}"
)
EDIT = (
    "mutation($input: EditSuggestionInput!) { editSuggestion(input: $input) { "
    f"suggestion {{ title body }} errors {{ code }} {NOTICE} }} }}"
)
CHANGE = (
    "mutation($input: ChangeSuggestionStatusInput!) { changeSuggestionStatus(input: $input) { "
    f"suggestion {{ statusHistory {{ publicNote }} }} errors {{ code }} {NOTICE} }} }}"
)
IDEA = "query($id: ID!) { suggestion(id: $id) { title body } }"
TOLD = "masqué avant publication. Contactez ce client si besoin."


def test_an_idea_with_numbers_is_stored_and_shown_masked(
    customer_client: GraphQLClient, anonymous: GraphQLClient, adviser: Member
) -> None:
    result = customer_client(
        SUBMIT,
        {
            "input": {
                "title": "Rappel au 06 12 34 56 78",
                "body": f"Virement de {IBAN} par la carte {CARD}",
            }
        },
    )
    title = "Rappel au 06 •• •• •• 78"
    body = f"Virement de {MASKED_IBAN} par la carte {MASKED_CARD}"
    assert result == {
        "data": {
            "submitSuggestion": {
                "suggestion": {"title": title, "body": body},
                "errors": [],
                "notices": [
                    notice("PHONE_NUMBER", "title", "A phone number"),
                    notice("IBAN", "body", "An IBAN"),
                    notice("PAYMENT_CARD", "body", "A payment card number"),
                ],
            }
        }
    }
    idea = Suggestion.objects.get()
    assert anonymous(IDEA, {"id": gid(idea)}) == {
        "data": {"suggestion": {"title": title, "body": body}}
    }
    assert anonymous(SEARCH, {"query": "7893"})["data"]["search"]["totalCount"] == 1
    for query in ("4970", "1012 3456", "3000", "12 34 56"):
        assert anonymous(SEARCH, {"query": query}) == {
            "data": {"search": {"totalCount": 0, "edges": []}}
        }
    assert notifications("recipient_id", "kind", "suggestion_id", "masked_kinds") == [
        (
            adviser.pk,
            "SENSITIVE_NUMBER_MASKED",
            idea.pk,
            "PHONE_NUMBER,IBAN,PAYMENT_CARD",
            "Claire a écrit un numéro de téléphone, un IBAN et un numéro de carte dans l'idée "
            f"« {title} » : {TOLD}",
        )
    ]
    assert stored_anywhere(IBAN, CARD, "0612345678") == []


def test_a_comment_is_masked_and_advisers_told(
    customer_client: GraphQLClient, adviser: Member, other_customer: Member
) -> None:
    idea = SuggestionFactory.create(author=other_customer, title="Épargne automatique")
    result = customer_client(
        COMMENT,
        {"input": {"suggestionId": gid(idea), "body": "Mon NIR 2 69 05 49 588 157 80 !"}},
    )
    assert result == {
        "data": {
            "commentOnSuggestion": {
                "comment": {"body": "Mon NIR 2 •• •• •• ••• ••• 80 !"},
                "errors": [],
                "notices": [notice("SOCIAL_SECURITY_NUMBER", "body", "A social security number")],
            }
        }
    }
    told = [n for n in notifications("recipient_id", "kind") if n[1] == "SENSITIVE_NUMBER_MASKED"]
    assert told == [
        (
            adviser.pk,
            "SENSITIVE_NUMBER_MASKED",
            "Claire a écrit un numéro de sécurité sociale dans un commentaire sur l'idée "
            f"« Épargne automatique » : {TOLD}",
        )
    ]


def test_an_authors_edit_leaves_no_number_in_the_audit_log(
    customer_client: GraphQLClient, customer: Member, adviser: Member
) -> None:
    # Written before numbers were masked (loaded as it was).
    idea = SuggestionFactory.create(author=customer, title="Idée", body=f"Carte {CARD}")
    result = customer_client(
        EDIT, {"input": {"suggestionId": gid(idea), "title": "Idée", "body": f"IBAN {IBAN}"}}
    )
    assert result == {
        "data": {
            "editSuggestion": {
                "suggestion": {"title": "Idée", "body": f"IBAN {MASKED_IBAN}"},
                "errors": [],
                "notices": [notice("IBAN", "body", "An IBAN")],
            }
        }
    }
    assert list(AuditEvent.objects.values_list("action", "before", "after")) == [
        ("suggestion.edit", {"body": f"Carte {MASKED_CARD}"}, {"body": f"IBAN {MASKED_IBAN}"})
    ]
    assert stored_anywhere(IBAN, CARD) == []


def test_an_advisers_public_note_is_masked_without_telling_advisers(
    adviser_client: GraphQLClient, adviser: Member, other_customer: Member
) -> None:
    idea = SuggestionFactory.create(author=other_customer, status=SuggestionStatus.SUBMITTED)
    result = adviser_client(
        CHANGE,
        {
            "input": {
                "suggestionId": gid(idea),
                "status": "UNDER_REVIEW",
                "publicNote": "Écrivez-nous au 01 23 45 67 89.",
            }
        },
    )
    assert result == {
        "data": {
            "changeSuggestionStatus": {
                "suggestion": {
                    "statusHistory": [{"publicNote": "Écrivez-nous au 01 •• •• •• 89."}]
                },
                "errors": [],
                "notices": [notice("PHONE_NUMBER", "publicNote", "A phone number")],
            }
        }
    }
    assert notifications("kind") == []
    assert stored_anywhere("0123456789") == []
