"""editSuggestion through /graphql: a customer edits their own idea while it is SUBMITTED."""

from __future__ import annotations

from typing import Any

import pytest

from models.models import AuditEvent, Member, Suggestion, SuggestionStatus, Thread
from schema.core.ids import encode_id
from tests.factories import AdviserFactory, CustomerFactory, SuggestionFactory, add_votes
from tests.graphql import GraphQLClient

pytestmark = pytest.mark.django_db

EDIT = (
    "mutation($id: ID!, $title: String!, $body: String!) { editSuggestion(input: "
    "{suggestionId: $id, title: $title, body: $body}) { suggestion { title body status "
    "editedAt voteCount statusHistory { toStatus } } errors { code message field } } }"
)
COMMENT = (
    'mutation($id: ID!) { commentOnSuggestion(input: {suggestionId: $id, body: "+1"}) { '
    "errors { code } } }"
)


def _edit(client: GraphQLClient, suggestion: Suggestion, title: str, body: str) -> Any:
    return client(
        EDIT, {"id": encode_id("Suggestion", suggestion.pk), "title": title, "body": body}
    )


def _edited_at(suggestion: Suggestion) -> str | None:
    suggestion.refresh_from_db()
    return None if suggestion.edited_at is None else suggestion.edited_at.isoformat()


def _audit() -> list[tuple[Any, ...]]:
    return list(
        AuditEvent.objects.order_by("id").values_list(
            "actor_id", "action", "target_id", "before", "after"
        )
    )


@pytest.fixture
def idea(customer: Member) -> Suggestion:
    suggestion = SuggestionFactory.create(
        author=customer, title="Relevés papier", body="Je n'en veux plus."
    )
    add_votes(suggestion, [customer, *CustomerFactory.create_batch(2)])
    return suggestion


def test_the_author_edits_a_submitted_idea_and_a_retry_changes_nothing(
    customer_client: GraphQLClient, customer: Member, idea: Suggestion
) -> None:
    # A comment opens the idea's discussion, which starts with a copy of its words.
    gid = {"id": encode_id("Suggestion", idea.pk)}
    assert customer_client(COMMENT, gid) == {"data": {"commentOnSuggestion": {"errors": []}}}
    result = _edit(customer_client, idea, "  Relevés sans papier ", "Tout en ligne, merci.")
    edited_at = _edited_at(idea)
    assert result == {
        "data": {
            "editSuggestion": {
                "suggestion": {
                    "title": "Relevés sans papier",
                    "body": "Tout en ligne, merci.",
                    "status": "SUBMITTED",
                    "editedAt": edited_at,
                    "voteCount": 3,
                    "statusHistory": [],
                },
                "errors": [],
            }
        }
    }
    # The discussion's copy follows; the former words stay in the audit log only.
    assert list(Thread.objects.filter(suggestion=idea).values_list("title", "body")) == [
        ("Relevés sans papier", "Tout en ligne, merci.")
    ]
    expected_audit = [
        (
            customer.pk,
            "suggestion.edit",
            str(idea.pk),
            {"title": "Relevés papier", "body": "Je n'en veux plus."},
            {"title": "Relevés sans papier", "body": "Tout en ligne, merci."},
        )
    ]
    assert _audit() == expected_audit
    # The same words again (a retried request): nothing written, the idea as it is.
    assert _edit(customer_client, idea, "Relevés sans papier", "Tout en ligne, merci.") == {
        "data": {
            "editSuggestion": {
                "suggestion": {
                    "title": "Relevés sans papier",
                    "body": "Tout en ligne, merci.",
                    "status": "SUBMITTED",
                    "editedAt": edited_at,
                    "voteCount": 3,
                    "statusHistory": [],
                },
                "errors": [
                    {
                        "code": "UNCHANGED",
                        "message": "The title and the description are unchanged.",
                        "field": None,
                    }
                ],
            }
        }
    }
    assert _edited_at(idea) == edited_at
    assert _audit() == expected_audit


def test_blank_and_too_long_words_are_refused(
    customer_client: GraphQLClient, idea: Suggestion
) -> None:
    assert _edit(customer_client, idea, " ", "x" * 5001) == {
        "data": {
            "editSuggestion": {
                "suggestion": None,
                "errors": [
                    {
                        "code": "BLANK",
                        "message": "The title must not be empty.",
                        "field": "title",
                    },
                    {
                        "code": "TOO_LONG",
                        "message": "The description must be at most 5000 characters.",
                        "field": "body",
                    },
                ],
            }
        }
    }
    idea.refresh_from_db()
    assert (idea.title, idea.edited_at) == ("Relevés papier", None)
    assert _audit() == []


@pytest.mark.parametrize(
    ("status", "label"),
    [
        (SuggestionStatus.UNDER_REVIEW, "En cours d'étude"),
        (SuggestionStatus.WITHDRAWN, "Retirée par son auteur"),
    ],
)
def test_once_the_bank_studies_it_the_words_stay(
    customer_client: GraphQLClient, idea: Suggestion, status: SuggestionStatus, label: str
) -> None:
    Suggestion.objects.filter(pk=idea.pk).update(status=status)
    assert _edit(customer_client, idea, "Autre titre", "Autre texte.") == {
        "data": {
            "editSuggestion": {
                # As it is, so the client can show why.
                "suggestion": {
                    "title": "Relevés papier",
                    "body": "Je n'en veux plus.",
                    "status": status.value,
                    "editedAt": None,
                    "voteCount": 3,
                    "statusHistory": [],
                },
                "errors": [
                    {
                        "code": "NOT_SUBMITTED",
                        "message": f"This suggestion can no longer be edited ({label}).",
                        "field": "suggestionId",
                    }
                ],
            }
        }
    }
    assert _audit() == []


def _refused(name: str, message: str, code: str) -> dict[str, Any]:
    return {
        "data": {name: None},
        "errors": [
            {
                "message": message,
                "locations": [{"line": 1, "column": 55}],
                "path": [name],
                "extensions": {"code": code},
            }
        ],
    }


def test_only_its_author_edits_it(
    other_customer_client: GraphQLClient, anonymous: GraphQLClient, idea: Suggestion
) -> None:
    assert _edit(other_customer_client, idea, "Volé", "Pas à moi.") == _refused(
        "editSuggestion", "Only its author edits a suggestion.", "FORBIDDEN"
    )
    assert _edit(GraphQLClient(AdviserFactory.create()), idea, "Volé", "Pas à moi.") == (
        _refused(
            "editSuggestion", "Only customers edit or withdraw their suggestions.", "FORBIDDEN"
        )
    )
    assert _edit(anonymous, idea, "Volé", "Pas à moi.") == _refused(
        "editSuggestion", "Log in to edit or withdraw your suggestion.", "UNAUTHENTICATED"
    )
    idea.refresh_from_db()
    assert (idea.title, idea.edited_at) == ("Relevés papier", None)
    assert _audit() == []


def test_an_unknown_or_hidden_idea_is_not_found(
    customer_client: GraphQLClient, other_customer: Member
) -> None:
    hidden = SuggestionFactory.create(author=other_customer)
    Suggestion.objects.filter(pk=hidden.pk).update(
        hidden_at=hidden.created_at, hidden_by=AdviserFactory.create(), hidden_reason="Spam"
    )
    for pk in (hidden.pk, 424242):
        result = customer_client(
            EDIT, {"id": encode_id("Suggestion", pk), "title": "T", "body": "B"}
        )
        assert result == {
            "data": {
                "editSuggestion": {
                    "suggestion": None,
                    "errors": [
                        {
                            "code": "NOT_FOUND",
                            "message": "No such suggestion.",
                            "field": "suggestionId",
                        }
                    ],
                }
            }
        }
