"""The cost of a document: an upper bound of the rows (list items) it may be served, for
every form a page size takes and every way a selection reaches rows (README, "Decisions").

With COMPTOIR_MAX_QUERY_COST at 0, any document that may be served a row is refused with
its cost, so each test reads the exact cost from the refusal."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from models.models import (
    AgendaItem,
    Category,
    CommitteeMeeting,
    Decision,
    DecisionOutcome,
    Evaluation,
    Member,
    PostRevision,
    StatusChange,
    Suggestion,
    SuggestionStatus,
)
from schema.core.ids import encode_id
from schema.core.limits import (
    AGENDA_MAX,
    CATEGORIES_MAX,
    DECISIONS_MAX,
    EVALUATIONS_MAX,
    REVISIONS_MAX,
    STATUS_HISTORY_MAX,
)
from tests.factories import (
    AdviserFactory,
    ChairFactory,
    CommitteeFactory,
    PostFactory,
    SuggestionFactory,
)
from tests.graphql import GraphQLClient

pytestmark = pytest.mark.django_db


def costed(cost: int) -> dict[str, Any]:
    """The refusal of a document of this cost when the limit is 0."""
    return {
        "data": None,
        "errors": [
            {
                "message": f"This document may fetch {cost} rows; the limit is 0. Ask for "
                "smaller pages, or fewer nested pages.",
                "extensions": {"code": "QUERY_TOO_COMPLEX", "cost": cost, "limit": 0},
            }
        ],
    }


@pytest.fixture
def no_rows(settings: Any) -> None:
    settings.COMPTOIR_MAX_QUERY_COST = 0


PAGE = "{ edges { node { id } } }"
WITH_N = "query($n: Int) { threads(first: $n) " + PAGE + " }"
WITH_N_30 = "query($n: Int = 30) { threads(first: $n) " + PAGE + " }"


@pytest.mark.parametrize(
    ("document", "variables", "cost"),
    [
        # Literals.
        ("{ threads(first: 7) " + PAGE + " }", None, 7),
        ("{ threads(last: 9) " + PAGE + " }", None, 9),
        # Both (the resolver refuses it): the larger.
        ("{ threads(first: 3, last: 8) " + PAGE + " }", None, 8),
        # Absent or null: the default page.
        ("{ threads " + PAGE + " }", None, 20),
        ("{ threads(first: null) " + PAGE + " }", None, 20),
        # Out of range (the resolver refuses it): the maximum.
        ("{ threads(first: 101) " + PAGE + " }", None, 100),
        ("{ threads(first: -1) " + PAGE + " }", None, 100),
        # Variables sent.
        (WITH_N, {"n": 12}, 12),
        (WITH_N, {"n": None}, 20),
        (WITH_N_30, {"n": 4}, 4),
        (WITH_N_30, {"n": None}, 20),
        # Variables not sent: their default, or none.
        (WITH_N, None, 20),
        (WITH_N, {}, 20),
        (WITH_N_30, None, 30),
        ("query($n: Int = null) { threads(first: $n) " + PAGE + " }", None, 20),
        # Anything that is not an integer from 0 to 100: the maximum.
        (WITH_N, {"n": "12"}, 100),
        (WITH_N, {"n": 2.5}, 100),
        (WITH_N, {"n": 12.0}, 100),
        (WITH_N, {"n": True}, 100),
        (WITH_N, {"n": 1000}, 100),
        (WITH_N, {"n": 2**40}, 100),
        (WITH_N, {"n": [3]}, 100),
        (WITH_N, {"n": {"first": 3}}, 100),
        # A variable used in a fragment.
        (
            "query($n: Int = 6) { threads(first: $n) { ...P } } fragment P on ThreadConnection "
            "{ edges { node { posts(first: $n) { totalCount } } } }",
            None,
            6 + 6 * 6,
        ),
    ],
)
def test_every_form_of_page_size(
    no_rows: None,
    anonymous: GraphQLClient,
    document: str,
    variables: dict[str, Any] | None,
    cost: int,
) -> None:
    assert anonymous(document, variables) == costed(cost)


def test_an_empty_page_costs_nothing(no_rows: None, anonymous: GraphQLClient) -> None:
    assert anonymous("{ threads(first: 0) " + PAGE + " }") == {"data": {"threads": {"edges": []}}}


MUTATION = (
    'mutation { submitSuggestion(input: {title: "Une idée", body: "Le détail."}) { '
    "suggestion { comments(first: 9) { totalCount } } errors { code } } }"
)


@pytest.mark.parametrize(
    ("document", "cost"),
    [
        # A connection counts its page whatever is asked of it.
        ("{ threads(first: 7) { pageInfo { hasNextPage } } }", 7),
        ("{ threads(first: 7) { totalCount } }", 7),
        ("{ threads(first: 7) { __typename } }", 7),
        # Its rows through a fragment or an inline fragment on the connection.
        (
            "{ threads(first: 7) { ...E } } fragment E on ThreadConnection { edges { cursor } }",
            7,
        ),
        ("{ threads(first: 7) { ... on ThreadConnection { edges { cursor } } } }", 7),
        # Its rows asked twice: twice.
        ("{ threads(first: 7) { a: edges { cursor } b: edges { cursor } } }", 14),
        # The same connection asked twice: identical, it merges in the response and counts
        # once; with other sub-selections it merges all the same, but counts twice.
        ("{ threads(first: 7) { totalCount } threads(first: 7) { totalCount } }", 7),
        ("{ threads(first: 7) { totalCount } threads(first: 7) { __typename } }", 14),
        # Repeated fragments and inline fragments too.
        (
            "{ ...T ...T ... on Query { ...T } } fragment T on Query { threads(first: 7) { "
            "totalCount } }",
            14,
        ),
        # A single object reached from a row counts with the row.
        (
            "{ suggestions(first: 5) { edges { node { author { displayName } latestDecision "
            "{ outcome } duplicateOf { title } } } } }",
            5,
        ),
        # Pages in pages multiply.
        ("{ threads(first: 7) { edges { node { posts(first: 3) { totalCount } } } } }", 28),
        # Through an interface, for each ID.
        (
            '{ nodes(ids: ["a", "b"]) { ... on Thread { posts(first: 5) { edges { node '
            "{ id } } } } } }",
            2 * (1 + 5),
        ),
        (
            '{ node(id: "x") { ... on Suggestion { comments(first: 6) { pageInfo { endCursor } '
            "} } } }",
            6,
        ),
        (
            '{ nodes(ids: ["a"]) { ...N } } fragment N on Node { ... on Suggestion { '
            "voters(first: 4) { totalCount } } }",
            1 + 4,
        ),
        # Through a union.
        (
            '{ search(query: "carte", first: 3) { edges { node { ... on Thread { posts(first: 2) '
            "{ totalCount } } ... on Suggestion { comments(first: 5) { totalCount } } } } } }",
            3 + 3 * (2 + 5),
        ),
        # Through a mutation's payload (and its `errors`, at most 50).
        (MUTATION, 9 + 50),
    ],
)
def test_every_way_to_reach_rows(
    no_rows: None, anonymous: GraphQLClient, document: str, cost: int
) -> None:
    assert anonymous(document) == costed(cost)


SUGGESTION = "query($id: ID!) { suggestion(id: $id) { statusHistory { id } decisions { id } } }"


@pytest.mark.parametrize(
    ("document", "variables", "cost"),
    [
        # `nodes(ids:)`: its IDs, at most 100.
        ('{ nodes(ids: ["a", "b", "c"]) { id } }', None, 3),
        ('{ nodes(ids: "a") { id } }', None, 1),
        ("query($ids: [ID!]!) { nodes(ids: $ids) { id } }", {"ids": ["a"] * 5}, 5),
        ("query($ids: [ID!]!) { nodes(ids: $ids) { id } }", {"ids": "a"}, 1),
        ("query($ids: [ID!]!) { nodes(ids: $ids) { id } }", {"ids": ["a"] * 150}, 100),
        ("{ nodes(ids: [" + ", ".join(['"a"'] * 101) + "]) { id } }", None, 100),
        # `similarSuggestions`: `first` (default 5, at most 100).
        ('{ similarSuggestions(title: "carte bancaire") { id } }', None, 5),
        ('{ similarSuggestions(title: "carte bancaire", first: 7) { id } }', None, 7),
        (
            'query($n: Int!) { similarSuggestions(title: "carte", first: $n) { id } }',
            {"n": "7"},
            100,
        ),
        # Lists capped by their resolvers.
        ("{ categories { id } }", None, CATEGORIES_MAX),
        (SUGGESTION, {"id": "x"}, STATUS_HISTORY_MAX + DECISIONS_MAX),
        (
            'query { thread(id: "x") { posts { edges { node { revisions { id } } } } } }',
            None,
            20 + 20 * REVISIONS_MAX,
        ),
        (
            "{ committeeMeetings(first: 2) { edges { node { agenda { evaluations { id } } } } } }",
            None,
            2 + 2 * (AGENDA_MAX + AGENDA_MAX * EVALUATIONS_MAX),
        ),
        # Lists of every value of an enum, and the target periods (capped).
        (
            "{ communityStats { suggestionsByStatus { count } publishedDecisionsByOutcome "
            "{ count } retainedByTargetPeriod { count } } }",
            None,
            10 + 3 + 50,
        ),
        # A mutation payload's `errors`.
        ('mutation { login(input: {username: "a", password: "b"}) { errors { code } } }', None, 50),
    ],
)
def test_every_plain_list_has_a_bound(
    no_rows: None,
    anonymous: GraphQLClient,
    document: str,
    variables: dict[str, Any] | None,
    cost: int,
) -> None:
    assert anonymous(document, variables) == costed(cost)


def test_introspection_is_not_counted(no_rows: None) -> None:
    # The schema's own size: fixed, and served to staff and partners only.
    staff = GraphQLClient(AdviserFactory.create(is_staff=True))
    result = staff("{ __schema { types { name fields { name } } } }")
    assert "errors" not in result
    assert len(result["data"]["__schema"]["types"]) > 50


def test_every_list_of_the_schema_has_a_bound() -> None:
    """Building the model fails on a list field without a bound; this one holds every list
    field of the schema, connections' pages aside."""
    from schema import schema
    from schema.core.limits import cost_model

    model = cost_model(schema._schema)
    # A payload's `errors` and `notices`: bounded by the payload rule.
    payload_lists = ("errors", "notices")
    assert sorted(f"{t}.{f}" for t, f in model.bounds if f not in payload_lists) == [
        "AgendaItem.evaluations",
        "CommitteeMeeting.agenda",
        "CommunityStats.publishedDecisionsByOutcome",
        "CommunityStats.retainedByTargetPeriod",
        "CommunityStats.suggestionsByStatus",
        "Member.notificationPreferences",
        "Post.revisions",
        "Query.categories",
        "Query.nodes",
        "Query.similarSuggestions",
        "Suggestion.decisions",
        "Suggestion.statusHistory",
        "Suggestion.viewerStatusMoves",
        "SupportFigures.weekly",
    ]
    assert sorted(model.connections) == [
        "CommitteeMeetingConnection",
        "FlagConnection",
        "MemberConnection",
        "NotificationConnection",
        "PostConnection",
        "SearchResultConnection",
        "SuggestionConnection",
        "ThreadConnection",
    ]


def test_a_list_without_a_bound_fails_the_start() -> None:
    import strawberry

    from schema.core.limits import CostModel

    @strawberry.type
    class Query:
        @strawberry.field
        def words(self) -> list[str]:
            return []

    with pytest.raises(
        ValueError, match=r"needs a bound in schema.core.limits.LIST_BOUNDS: Query.words"
    ):
        CostModel(strawberry.Schema(query=Query)._schema)


# --- The caps hold: the resolvers serve no more than the cost counts ---------------------


def _ids(rows: list[dict[str, str]]) -> list[str]:
    return [row["id"] for row in rows]


def test_status_history_serves_the_latest_changes(adviser_client: GraphQLClient) -> None:
    suggestion = SuggestionFactory.create()
    statuses = [SuggestionStatus.SHORTLISTED, SuggestionStatus.DEFERRED]
    start = timezone.now() - timedelta(days=100)
    changes = StatusChange.objects.bulk_create(
        StatusChange(
            suggestion=suggestion,
            from_status=statuses[i % 2],
            to_status=statuses[(i + 1) % 2],
            actor=suggestion.author,
            created_at=start + timedelta(hours=i),
        )
        for i in range(STATUS_HISTORY_MAX + 5)
    )
    result = adviser_client(
        "query($id: ID!) { suggestion(id: $id) { statusHistory { id } } }",
        {"id": encode_id("Suggestion", suggestion.pk)},
    )
    assert _ids(result["data"]["suggestion"]["statusHistory"]) == [
        encode_id("StatusChange", c.pk) for c in changes[5:]
    ]


def test_decisions_serve_the_latest(chair_client: GraphQLClient, chair: Any) -> None:
    suggestion = SuggestionFactory.create()
    start = timezone.now() - timedelta(days=100)
    decisions = Decision.objects.bulk_create(
        Decision(
            suggestion=suggestion,
            outcome=DecisionOutcome.RETAINED,
            recorded_by=chair,
            created_at=start + timedelta(days=i),
            published_at=start + timedelta(days=i),
        )
        for i in range(DECISIONS_MAX + 3)
    )
    result = chair_client(
        "query($id: ID!) { suggestion(id: $id) { decisions { id } } }",
        {"id": encode_id("Suggestion", suggestion.pk)},
    )
    assert _ids(result["data"]["suggestion"]["decisions"]) == [
        encode_id("Decision", d.pk) for d in decisions[3:]
    ]


def test_revisions_serve_the_latest(adviser_client: GraphQLClient, adviser: Any) -> None:
    post = PostFactory.create()
    start = timezone.now() - timedelta(days=10)
    revisions = PostRevision.objects.bulk_create(
        PostRevision(post=post, body=f"v{i}", edited_by=adviser, created_at=start + timedelta(i))
        for i in range(REVISIONS_MAX + 2)
    )
    result = adviser_client(
        "query($id: ID!) { node(id: $id) { ... on Post { revisions { id } } } }",
        {"id": encode_id("Post", post.pk)},
    )
    assert _ids(result["data"]["node"]["revisions"]) == [
        encode_id("PostRevision", r.pk) for r in revisions[2:]
    ]


def test_categories_are_capped(anonymous: GraphQLClient) -> None:
    Category.objects.bulk_create(
        Category(name=f"Rubrique {i:03}", slug=f"rubrique-{i:03}", position=i)
        for i in range(CATEGORIES_MAX + 4)
    )
    names = [c["name"] for c in anonymous("{ categories { name } }")["data"]["categories"]]
    assert names == [f"Rubrique {i:03}" for i in range(CATEGORIES_MAX)]


def test_agendas_and_their_evaluations_are_capped(
    committee_member: Member, committee_client: GraphQLClient
) -> None:
    chair = ChairFactory.create()
    meeting = CommitteeMeeting.objects.create(
        scheduled_for=timezone.now() + timedelta(days=7), chair=chair, title="Comité"
    )
    suggestions = SuggestionFactory.create_batch(
        AGENDA_MAX + 2, status=SuggestionStatus.SHORTLISTED
    )
    AgendaItem.objects.bulk_create(
        AgendaItem(meeting=meeting, suggestion=s, position=i) for i, s in enumerate(suggestions)
    )
    # The viewer among them: a member reads the others' scores once they scored.
    evaluators = [committee_member, *CommitteeFactory.create_batch(EVALUATIONS_MAX)]
    Evaluation.objects.bulk_create(
        Evaluation(
            meeting=meeting,
            suggestion=suggestions[0],
            evaluator=member,
            customer_benefit=3,
            technical_feasibility=3,
            cost=3,
            time_to_deliver=3,
        )
        for member in evaluators
    )
    result = committee_client(
        "query($id: ID!) { node(id: $id) { ... on CommitteeMeeting { agenda { position "
        "evaluations { id } evaluationSummary { count } } } } }",
        {"id": encode_id("CommitteeMeeting", meeting.pk)},
    )
    agenda = result["data"]["node"]["agenda"]
    assert [item["position"] for item in agenda] == list(range(AGENDA_MAX))
    assert len(agenda[0]["evaluations"]) == EVALUATIONS_MAX
    # The summary still counts every evaluation.
    assert agenda[0]["evaluationSummary"] == {"count": EVALUATIONS_MAX + 1}


def test_target_periods_are_capped(anonymous: GraphQLClient) -> None:
    chair = ChairFactory.create()
    for i in range(52):
        suggestion = SuggestionFactory.create(
            status=SuggestionStatus.RETAINED, target_period=f"{2030 + i // 4} Q{i % 4 + 1}"
        )
        Decision.objects.create(
            suggestion=suggestion,
            outcome=DecisionOutcome.RETAINED,
            recorded_by=chair,
            target_period=suggestion.target_period,
            published_at=timezone.now(),
        )
    periods = anonymous("{ communityStats { retainedByTargetPeriod { targetPeriod } } }")
    rows = periods["data"]["communityStats"]["retainedByTargetPeriod"]
    assert [row["targetPeriod"] for row in rows] == [
        f"{2030 + i // 4} Q{i % 4 + 1}" for i in range(50)
    ]
    assert Suggestion.objects.count() == 52
