"""`unansweredQuestions`: the advisers' support desk, questions awaiting a first answer,
oldest first, by category and assignee."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from models.models import Category, Member, ThreadKind, ThreadStatus
from schema.core.ids import encode_id
from tests.factories import AdviserFactory, SuggestionFactory, ThreadFactory
from tests.graphql import GraphQLClient, gid

pytestmark = pytest.mark.django_db

DESK = (
    "query($category: ID, $assignee: AssigneeFilter, $first: Int, $after: String) { "
    "unansweredQuestions(categoryId: $category, assignee: $assignee, first: $first, "
    "after: $after) { totalCount pageInfo { hasNextPage endCursor } edges { node { title "
    "status category { name } assignedAdviser { displayName } } } } }"
)


def _node(title: str, category: str, adviser: str | None = None) -> dict[str, object]:
    return {
        "node": {
            "title": title,
            "status": "OPEN",
            "category": {"name": category},
            "assignedAdviser": {"displayName": adviser} if adviser else None,
        }
    }


@pytest.fixture
def desk(customer: Member, adviser: Member, support: Category) -> Category:
    """Questions in two categories, some assigned, and threads the desk leaves out."""
    now = timezone.now()
    cards = Category.objects.create(name="Cartes", slug="cartes", position=2)
    colleague = AdviserFactory.create(display_name="Inès (conseillère)")

    def ask(title: str, hours: float, category: Category = support, **fields: object) -> None:
        ThreadFactory.create(
            author=customer,
            category=category,
            title=title,
            created_at=now - timedelta(hours=hours),
            **fields,
        )

    ask("Virement bloqué", 5, assigned_adviser=adviser)
    ask("Carte perdue", 9, cards)
    ask("Plafond de retrait", 7, assigned_adviser=colleague)
    ask("Frais de tenue", 3)
    # Left out: answered, resolved, closed, a discussion, hidden, a suggestion's discussion.
    ask("Déjà répondue", 20, status=ThreadStatus.ANSWERED, first_response_at=now)
    ask("Résolue", 21, status=ThreadStatus.RESOLVED, resolved_at=now, first_response_at=now)
    ask("Fermée", 22, status=ThreadStatus.CLOSED)
    ask("Répondue puis rouverte", 23, first_response_at=now - timedelta(hours=1))
    ask("Entre clients", 24, kind=ThreadKind.DISCUSSION)
    ask("Masquée", 25, hidden_at=now, hidden_by=adviser, hidden_reason="Spam")
    ask("Discussion d'une idée", 26, suggestion=SuggestionFactory.create())
    return cards


def test_oldest_first_with_the_assignee(adviser_client: GraphQLClient, desk: Category) -> None:
    first = adviser_client(DESK, {"first": 3})
    cursor = first["data"]["unansweredQuestions"]["pageInfo"]["endCursor"]
    assert first == {
        "data": {
            "unansweredQuestions": {
                "totalCount": 4,
                "pageInfo": {"hasNextPage": True, "endCursor": cursor},
                "edges": [
                    _node("Carte perdue", "Cartes"),
                    _node("Plafond de retrait", "Questions & support", "Inès (conseillère)"),
                    _node("Virement bloqué", "Questions & support", "Julien (conseiller)"),
                ],
            }
        }
    }
    second = adviser_client(DESK, {"first": 3, "after": cursor})["data"]["unansweredQuestions"]
    assert second["edges"] == [_node("Frais de tenue", "Questions & support")]
    assert second["pageInfo"]["hasNextPage"] is False


def test_filters(adviser_client: GraphQLClient, desk: Category, support: Category) -> None:
    def titles(**variables: object) -> tuple[int, list[str]]:
        found = adviser_client(DESK, variables)["data"]["unansweredQuestions"]
        return found["totalCount"], [e["node"]["title"] for e in found["edges"]]

    assert titles(assignee="ME") == (1, ["Virement bloqué"])
    assert titles(assignee="UNASSIGNED") == (2, ["Carte perdue", "Frais de tenue"])
    assert titles(assignee="ANYONE") == titles()
    assert titles(category=gid(desk)) == (1, ["Carte perdue"])
    assert titles(category=gid(support), assignee="UNASSIGNED") == (1, ["Frais de tenue"])
    assert titles(category=gid(desk), assignee="ME") == (0, [])


def test_a_bad_category_id(adviser_client: GraphQLClient, desk: Category) -> None:
    query = "query($c: ID) { unansweredQuestions(categoryId: $c) { totalCount } }"
    assert adviser_client(query, {"c": encode_id("Thread", 1)}) == {
        "data": {"unansweredQuestions": None},
        "errors": [
            {
                "message": "`categoryId` is not a valid Category ID.",
                "locations": [{"line": 1, "column": 17}],
                "path": ["unansweredQuestions"],
                "extensions": {"code": "BAD_USER_INPUT"},
            }
        ],
    }


@pytest.mark.parametrize("role", ["anonymous", "customer", "committee"])
def test_the_desk_is_for_advisers_only(
    role: str, customer: Member, committee_member: Member, desk: Category
) -> None:
    client = GraphQLClient({"anonymous": None, "customer": customer}.get(role, committee_member))
    assert client("{ unansweredQuestions { totalCount } }") == {
        "data": {"unansweredQuestions": None},
        "errors": [
            {
                "message": "You are not allowed to read this field.",
                "locations": [{"line": 1, "column": 3}],
                "path": ["unansweredQuestions"],
                "extensions": {"code": "FORBIDDEN"},
            }
        ],
    }
