"""withdrawSuggestion through /graphql: a customer takes back their own idea while it is
SUBMITTED; it becomes WITHDRAWN, in its public history."""

from __future__ import annotations

from typing import Any

import pytest

from models.models import (
    AuditEvent,
    Member,
    NotificationKind,
    StatusChange,
    Suggestion,
    SuggestionStatus,
)
from schema.core.ids import encode_id
from tests.factories import AdviserFactory, SuggestionFactory
from tests.graphql import GraphQLClient, notifications

pytestmark = pytest.mark.django_db

SUBMIT = (
    'mutation { submitSuggestion(input: {title: "Relevés sans papier", body: "Tout en '
    'ligne."}) { suggestion { id } errors { code } } }'
)
VOTE = (
    "mutation($id: ID!) { voteForSuggestion(input: {suggestionId: $id}) { suggestion { "
    "status voteCount } errors { code } } }"
)
WITHDRAW = (
    "mutation($id: ID!) { withdrawSuggestion(input: {suggestionId: $id}) { suggestion { "
    "title status voteCount viewerHasVoted statusHistory { fromStatus toStatus publicNote "
    "actor { displayName } } } errors { code message field } } }"
)
LIST = (
    "query($status: [SuggestionStatus!]) { suggestions(status: $status) { totalCount "
    "edges { node { title status } } } }"
)


def _withdrawn(errors: list[dict[str, Any]]) -> dict[str, Any]:
    return {
        "data": {
            "withdrawSuggestion": {
                "suggestion": {
                    "title": "Relevés sans papier",
                    "status": "WITHDRAWN",
                    "voteCount": 2,
                    "viewerHasVoted": True,
                    "statusHistory": [
                        {
                            "fromStatus": "SUBMITTED",
                            "toStatus": "WITHDRAWN",
                            "publicNote": "Retirée par son auteur.",
                            "actor": {"displayName": "Claire"},
                        }
                    ],
                },
                "errors": errors,
            }
        }
    }


def test_the_author_withdraws_a_submitted_idea(
    customer_client: GraphQLClient,
    customer: Member,
    other_customer_client: GraphQLClient,
    other_customer: Member,
    anonymous: GraphQLClient,
) -> None:
    gid = customer_client(SUBMIT)["data"]["submitSuggestion"]["suggestion"]["id"]
    suggestion = Suggestion.objects.get()
    # Bruno votes, hence follows it.
    assert other_customer_client(VOTE, {"id": gid}) == {
        "data": {
            "voteForSuggestion": {
                "suggestion": {"status": "SUBMITTED", "voteCount": 2},
                "errors": [],
            }
        }
    }
    assert customer_client(WITHDRAW, {"id": gid}) == _withdrawn([])
    change = StatusChange.objects.get()
    # Its followers are told (never its author, who did it), as of any status change.
    assert notifications("recipient_id", "kind", "event_key") == [
        (
            other_customer.pk,
            NotificationKind.SUGGESTION_STATUS_CHANGED,
            f"status_change:{change.pk}",
            "« Relevés sans papier » : Proposée → Retirée par son auteur.",
        )
    ]
    assert list(
        AuditEvent.objects.order_by("id").values_list(
            "actor_id", "action", "target_id", "before", "after"
        )
    ) == [
        (
            customer.pk,
            "suggestion.change_status",
            str(suggestion.pk),
            {"status": "SUBMITTED"},
            {"status": "WITHDRAWN", "public_note": "Retirée par son auteur."},
        ),
        (
            customer.pk,
            "suggestion.withdraw",
            str(suggestion.pk),
            {"status": "SUBMITTED"},
            {"status": "WITHDRAWN"},
        ),
    ]
    # A retried request writes nothing and answers the idea as it is.
    assert customer_client(WITHDRAW, {"id": gid}) == _withdrawn(
        [
            {
                "code": "ALREADY_WITHDRAWN",
                "message": "You already withdrew this suggestion.",
                "field": "suggestionId",
            }
        ]
    )
    assert (StatusChange.objects.count(), AuditEvent.objects.count()) == (1, 2)
    assert len(notifications()) == 1
    # Out of the Labo's lists unless asked for; closed to votes.
    assert anonymous(LIST) == {"data": {"suggestions": {"totalCount": 0, "edges": []}}}
    assert anonymous(LIST, {"status": ["WITHDRAWN"]}) == {
        "data": {
            "suggestions": {
                "totalCount": 1,
                "edges": [{"node": {"title": "Relevés sans papier", "status": "WITHDRAWN"}}],
            }
        }
    }
    assert other_customer_client(VOTE, {"id": gid}) == {
        "data": {
            "voteForSuggestion": {
                "suggestion": {"status": "WITHDRAWN", "voteCount": 2},
                "errors": [{"code": "VOTING_CLOSED"}],
            }
        }
    }


def test_once_the_bank_studies_it_it_follows_its_course(customer: Member) -> None:
    suggestion = SuggestionFactory.create(
        author=customer, title="Relevés sans papier", status=SuggestionStatus.UNDER_REVIEW
    )
    result = GraphQLClient(customer)(WITHDRAW, {"id": encode_id("Suggestion", suggestion.pk)})
    assert result == {
        "data": {
            "withdrawSuggestion": {
                "suggestion": {
                    "title": "Relevés sans papier",
                    "status": "UNDER_REVIEW",
                    "voteCount": 0,
                    "viewerHasVoted": False,
                    "statusHistory": [],
                },
                "errors": [
                    {
                        "code": "NOT_SUBMITTED",
                        "message": "This suggestion can no longer be withdrawn (En cours d'étude).",
                        "field": "suggestionId",
                    }
                ],
            }
        }
    }
    assert (StatusChange.objects.count(), AuditEvent.objects.count()) == (0, 0)


def _refused(message: str, code: str) -> dict[str, Any]:
    return {
        "data": {"withdrawSuggestion": None},
        "errors": [
            {
                "message": message,
                "locations": [{"line": 1, "column": 22}],
                "path": ["withdrawSuggestion"],
                "extensions": {"code": code},
            }
        ],
    }


def test_only_its_author_withdraws_it(
    customer: Member, other_customer_client: GraphQLClient, anonymous: GraphQLClient
) -> None:
    suggestion = SuggestionFactory.create(author=customer)
    gid = {"id": encode_id("Suggestion", suggestion.pk)}
    assert other_customer_client(WITHDRAW, gid) == _refused(
        "Only its author withdraws a suggestion.", "FORBIDDEN"
    )
    assert GraphQLClient(AdviserFactory.create())(WITHDRAW, gid) == _refused(
        "Only customers edit or withdraw their suggestions.", "FORBIDDEN"
    )
    assert anonymous(WITHDRAW, gid) == _refused(
        "Log in to edit or withdraw your suggestion.", "UNAUTHENTICATED"
    )
    suggestion.refresh_from_db()
    assert suggestion.status == SuggestionStatus.SUBMITTED
    assert (StatusChange.objects.count(), AuditEvent.objects.count()) == (0, 0)


def test_an_unknown_idea_is_not_found(customer_client: GraphQLClient) -> None:
    assert customer_client(WITHDRAW, {"id": encode_id("Suggestion", 424242)}) == {
        "data": {
            "withdrawSuggestion": {
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
