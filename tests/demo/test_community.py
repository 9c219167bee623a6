"""What a newcomer sees after `make run`: the demo community through /graphql."""

from __future__ import annotations

import pytest

from tests.graphql import GraphQLClient

pytestmark = pytest.mark.django_db

FRONT_PAGE = (
    "{ suggestions(first: 50, orderBy: TOP) { edges { node { title voteCount viewerHasVoted "
    "author { displayName } } } } }"
)
LOGIN = (
    'mutation { login(input: {username: "demo-client", password: "comptoir-demo"}) { '
    "viewer { role } errors { code } } }"
)


def test_anonymous_front_page(demo_community: str) -> None:
    result = GraphQLClient()(FRONT_PAGE)
    edges = result["data"]["suggestions"]["edges"]
    assert len(edges) == 50
    assert edges[0]["node"]["title"] == "Pouvoir désactiver la publicité par courrier"
    assert edges[0]["node"]["voteCount"] == 129
    assert {e["node"]["viewerHasVoted"] for e in edges} == {None}
    counts = [e["node"]["voteCount"] for e in edges]
    assert counts == sorted(counts, reverse=True)
    # Nothing to withhold from a visitor: plain null, without a single error.
    assert "errors" not in result


def test_front_page_after_logging_in_as_the_demo_customer(demo_community: str) -> None:
    client = GraphQLClient()
    assert client(LOGIN) == {"data": {"login": {"viewer": {"role": "CUSTOMER"}, "errors": []}}}
    edges = client(FRONT_PAGE)["data"]["suggestions"]["edges"]
    voted = [e["node"]["viewerHasVoted"] for e in edges]
    assert voted[0] is True
    assert set(voted) == {True, False}


def _login(username: str) -> GraphQLClient:
    client = GraphQLClient()
    result = client(
        'mutation($u: String!) { login(input: {username: $u, password: "comptoir-demo"}) { '
        "errors { code } } }",
        {"u": username},
    )
    assert result == {"data": {"login": {"errors": []}}}
    return client


SHORTLISTED = (
    "{ suggestions(first: 50, status: [SHORTLISTED]) { edges { node { id title "
    "decisions { id isPublished } } } } }"
)
DECISIONS = "query($id: ID!) { suggestion(id: $id) { title decisions { id isPublished } } }"
PUBLISH = (
    "mutation($id: ID!) { publishDecision(input: {decisionId: $id}) { decision { outcome "
    "isPublished } suggestion { status statusHistory { fromStatus toStatus actor "
    "{ displayName } } } errors { code } } }"
)
INBOX = (
    "{ viewer { unreadNotificationCount notifications(first: 5) { edges { node { kind "
    "isRead suggestion { title } } } } } }"
)
HISTORY = "query($id: ID!) { suggestion(id: $id) { status statusHistory { fromStatus toStatus } } }"
OUTCOMES = "{ communityStats { publishedDecisionsByOutcome { outcome count } } }"


def _outcomes(client: GraphQLClient) -> dict[str, int]:
    rows = client(OUTCOMES)["data"]["communityStats"]["publishedDecisionsByOutcome"]
    return {row["outcome"]: row["count"] for row in rows}


def test_the_chair_publishes_the_draft_and_a_supporter_is_told(demo_community: str) -> None:
    """The reviewers' walk-through after `make run`."""
    chair = _login("demo-president")
    drafts = [
        (edge["node"], decision["id"])
        for edge in chair(SHORTLISTED)["data"]["suggestions"]["edges"]
        for decision in edge["node"]["decisions"]
        if not decision["isPublished"]
    ]
    assert len(drafts) == 1
    idea, decision_id = drafts[0]
    # The committee sees the draft on the suggestion itself; the public does not.
    assert chair(DECISIONS, {"id": idea["id"]})["data"]["suggestion"]["decisions"] == [
        {"id": decision_id, "isPublished": False}
    ]
    assert GraphQLClient()(DECISIONS, {"id": idea["id"]})["data"]["suggestion"] == {
        "title": idea["title"],
        "decisions": [],
    }

    customer = _login("demo-client")
    inbox_before = customer(INBOX)["data"]["viewer"]
    assert inbox_before["unreadNotificationCount"] > 0
    outcomes_before = _outcomes(customer)

    published = chair(PUBLISH, {"id": decision_id})["data"]["publishDecision"]
    assert published["errors"] == []
    assert published["decision"] == {"outcome": "RETAINED", "isPublished": True}
    assert published["suggestion"]["status"] == "RETAINED"
    assert published["suggestion"]["statusHistory"][-1] == {
        "fromStatus": "SHORTLISTED",
        "toStatus": "RETAINED",
        "actor": {"displayName": "Hélène L."},
    }

    inbox = customer(INBOX)["data"]["viewer"]
    assert inbox["unreadNotificationCount"] == inbox_before["unreadNotificationCount"] + 1
    assert inbox["notifications"]["edges"][0]["node"] == {
        "kind": "DECISION_PUBLISHED",
        "isRead": False,
        "suggestion": {"title": idea["title"]},
    }
    history = customer(HISTORY, {"id": idea["id"]})["data"]["suggestion"]
    assert history["status"] == "RETAINED"
    assert history["statusHistory"][-2:] == [
        {"fromStatus": "UNDER_REVIEW", "toStatus": "SHORTLISTED"},
        {"fromStatus": "SHORTLISTED", "toStatus": "RETAINED"},
    ]
    outcomes = _outcomes(customer)
    assert outcomes == {**outcomes_before, "RETAINED": outcomes_before["RETAINED"] + 1}


TOP_IDEA = {"title": "Pouvoir désactiver la publicité par courrier", "voteCount": 129}


@pytest.mark.parametrize(
    ("title", "found"),
    [
        ("publicité cour", [TOP_IDEA]),
        ("Publicité courr", [TOP_IDEA]),
        # "pub" starts "publicitaire" too; its body speaks of mail.
        (
            "pub courrier",
            [
                TOP_IDEA,
                {
                    "title": "Une case « zéro papier publicitaire » dans mes préférences",
                    "voteCount": 1,
                },
            ],
        ),
    ],
)
def test_similar_ideas_find_the_top_idea_while_its_title_is_typed(
    demo_community: str, title: str, found: list[dict[str, object]]
) -> None:
    """The issue's example: SQLite found it and PostgreSQL did not (the last word typed is
    a prefix). One rule now, and the same answers, on both databases."""
    result = GraphQLClient()(
        "query($title: String!) { similarSuggestions(title: $title) { title voteCount } }",
        {"title": title},
    )
    assert result == {"data": {"similarSuggestions": found}}
