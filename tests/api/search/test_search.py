"""`search`: threads, replies and suggestions found by the start of every word typed (as
`similarSuggestions` and the `suggestions` list find them), whatever accents and case; what
each viewer may find; order, pages and bad input."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from models.models import Member, Post
from schema.core.ids import encode_id
from tests.api.search.test_similar_suggestions import SIMILAR
from tests.factories import (
    AdviserFactory,
    CustomerFactory,
    PostFactory,
    SuggestionFactory,
    ThreadFactory,
)
from tests.graphql import GraphQLClient

pytestmark = pytest.mark.django_db

ADVERTISING = "Pouvoir désactiver la publicité par courrier"

SEARCH = (
    "query($query: String!, $first: Int, $after: String) { search(query: $query, "
    "first: $first, after: $after) { totalCount pageInfo { hasNextPage hasPreviousPage } "
    "edges { node { __typename ... on Thread { title } ... on Post { body } "
    "... on Suggestion { title } } } } }"
)


def _search(client: GraphQLClient, query: str, **variables: Any) -> Any:
    return client(SEARCH, {"query": query, **variables})


def _page(total: int, nodes: list[dict[str, str]], *, more: bool = False) -> dict[str, Any]:
    return {
        "data": {
            "search": {
                "totalCount": total,
                "pageInfo": {"hasNextPage": more, "hasPreviousPage": False},
                "edges": [{"node": node} for node in nodes],
            }
        }
    }


def _ago(minutes: int) -> Any:
    return timezone.now() - timedelta(minutes=minutes)


@pytest.fixture
def labo() -> None:
    SuggestionFactory.create(title=ADVERTISING, body="Je reçois trop de prospectus.")
    SuggestionFactory.create(title="Épargne automatique", body="Un virement chaque mois.")
    ThreadFactory.create(title="Carte bloquée", body="Ma carte ne passe plus.")


@pytest.mark.usefixtures("labo")
def test_accents_and_case_do_not_matter(anonymous: GraphQLClient) -> None:
    expected = _page(1, [{"__typename": "Suggestion", "title": ADVERTISING}])
    assert _search(anonymous, "publicite courrier") == expected
    assert _search(anonymous, "PUBLICITÉ Courrier") == expected


MATCHES = [
    # The example: the last word is being typed.
    ("publicité cour", [ADVERTISING]),
    ("publicite courrier", [ADVERTISING]),
    ("PUBLICITÉ Courrier", [ADVERTISING]),
    ("pub cour", [ADVERTISING]),
    ("désact", [ADVERTISING]),
    ("courriers", [ADVERTISING]),
    ("publicités", [ADVERTISING]),
    ("prospectus", [ADVERTISING]),
    ("aut", ["Épargne automatique"]),
    ("épargne auto", ["Épargne automatique"]),
    ("virement", ["Épargne automatique"]),
    ("étrang", ["Carte bloquée à l'étranger"]),
    ("l'étranger", ["Carte bloquée à l'étranger"]),
    ("mail", ["Carte bloquée à l'étranger"]),
    ("e-mail", ["Carte bloquée à l'étranger"]),
    ("coeur", ["Le cœur du problème : les frais"]),
    ("CŒUR", ["Le cœur du problème : les frais"]),
    ("frais tenue", ["Le cœur du problème : les frais"]),
    ("frais -carte", ["Le cœur du problème : les frais"]),
    # Search syntaxes are text, never operators: each word still has to match.
    ('"publicité" & cour', [ADVERTISING]),
    ("!publicité", [ADVERTISING]),
    ("cour:*", [ADVERTISING]),
    ("(publicité)", [ADVERTISING]),
    ("publicité:A", [ADVERTISING]),
    ("'publicité' <-> courrier", [ADVERTISING]),
]
NON_MATCHES = [
    # Fragments inside a word.
    "licité",
    "ourrier",
    "activer",
    "tique",
    "ranger",
    "oeur",
    # A word longer than the one written: no stemming.
    "désactivation",
    "courriel",
    # Every word must match.
    "publicité épargne",
    "publicité | épargne",
    "carte bleue",
    "frais -compte",
    # Nothing to look for: stop words, single letters, punctuation, operators.
    "de la",
    "a b c",
    "& | ! :* ( ) ' \\",
]


@pytest.fixture
def words() -> None:
    SuggestionFactory.create(title=ADVERTISING, body="Je reçois trop de prospectus.")
    SuggestionFactory.create(title="Épargne automatique", body="Un virement chaque mois.")
    ThreadFactory.create(
        title="Carte bloquée à l'étranger", body="Ma carte ne passe plus : e-mail envoyé."
    )
    SuggestionFactory.create(
        title="Le cœur du problème : les frais", body="La tenue de compte coûte cher."
    )


def _titles(result: dict[str, Any]) -> list[str]:
    assert "errors" not in result, result
    return [edge["node"]["title"] for edge in result["data"]["search"]["edges"]]


@pytest.mark.usefixtures("words")
@pytest.mark.parametrize(("query", "found"), MATCHES)
def test_every_typed_word_matches_the_start_of_a_word(
    anonymous: GraphQLClient, query: str, found: list[str]
) -> None:
    assert _titles(_search(anonymous, query)) == found


@pytest.mark.usefixtures("words")
@pytest.mark.parametrize("query", NON_MATCHES)
def test_nothing_inside_a_word_and_every_word_needed(anonymous: GraphQLClient, query: str) -> None:
    assert _search(anonymous, query) == _page(0, [])


@pytest.mark.usefixtures("words")
@pytest.mark.parametrize(
    ("title", "found"),
    [
        ("publicité cour", [ADVERTISING]),
        ("pub courrier", [ADVERTISING]),
        ("Désactiver publicités", [ADVERTISING]),
        ("publicité", [ADVERTISING]),
        ("épargne auto", ["Épargne automatique"]),
        ("licité ourrier", []),
        ("désactivation courriel", []),
        ("publicité épargne", []),
    ],
)
def test_similar_suggestions_match_word_starts_too(
    anonymous: GraphQLClient, title: str, found: list[str]
) -> None:
    result = anonymous(SIMILAR, {"title": title})
    assert [s["title"] for s in result["data"]["similarSuggestions"]] == found


@pytest.mark.usefixtures("words")
def test_the_suggestions_list_searches_the_same_way(anonymous: GraphQLClient) -> None:
    query = "query($q: String!) { suggestions(search: $q) { edges { node { title } } } }"
    for text, found in (("publicité cour", [ADVERTISING]), ("licité", [])):
        result = anonymous(query, {"q": text})
        assert [e["node"]["title"] for e in result["data"]["suggestions"]["edges"]] == found


@pytest.mark.usefixtures("labo")
def test_every_word_must_match(anonymous: GraphQLClient) -> None:
    assert _search(anonymous, "publicité épargne") == _page(0, [])


@pytest.fixture
def moderated(customer: Member, other_customer: Member, adviser: Member) -> None:
    """Each row mentions "plafond" once, in its body, so they all rank alike and the newest
    comes first."""
    hidden = {"hidden_at": timezone.now(), "hidden_by": adviser, "hidden_reason": "Spam"}
    public = ThreadFactory.create(
        author=other_customer, title="Ma carte", body="Quel plafond ?", created_at=_ago(60)
    )
    PostFactory.create(
        thread=public, author=adviser, body="Le plafond est de 500 €.", created_at=_ago(50)
    )
    PostFactory.create(
        thread=public,
        author=adviser,
        is_internal=True,
        body="Note interne : plafond relevé à sa demande.",
        created_at=_ago(40),
    )
    PostFactory.create(
        thread=public,
        author=other_customer,
        body="Mon plafond, mon IBAN…",
        created_at=_ago(30),
        **hidden,
    )
    hidden_thread = ThreadFactory.create(
        author=other_customer,
        title="Spam",
        body="Plafond illimité !",
        created_at=_ago(20),
        **hidden,
    )
    PostFactory.create(
        thread=hidden_thread, author=customer, body="Un plafond ?", created_at=_ago(15)
    )
    SuggestionFactory.create(
        author=customer,
        title="Mon idée",
        body="Un plafond réglable.",
        created_at=_ago(10),
        **hidden,
    )


PUBLIC_HITS = [
    {"__typename": "Post", "body": "Le plafond est de 500 €."},
    {"__typename": "Thread", "title": "Ma carte"},
]


@pytest.mark.usefixtures("moderated")
def test_hidden_content_and_internal_notes_are_not_found_by_the_public(
    anonymous: GraphQLClient, other_customer_client: GraphQLClient
) -> None:
    expected = _page(2, PUBLIC_HITS)
    assert _search(anonymous, "plafond") == expected
    # other_customer wrote the hidden post and the hidden thread: they see their own.
    assert _search(other_customer_client, "plafond") == _page(
        5,
        [
            {"__typename": "Post", "body": "Un plafond ?"},
            {"__typename": "Thread", "title": "Spam"},
            {"__typename": "Post", "body": "Mon plafond, mon IBAN…"},
            *PUBLIC_HITS,
        ],
    )


@pytest.mark.usefixtures("moderated")
def test_a_customer_finds_their_own_hidden_content_only(customer_client: GraphQLClient) -> None:
    # Their own hidden suggestion; their reply in someone else's hidden thread stays hidden
    # with the thread.
    assert _search(customer_client, "plafond") == _page(
        3, [{"__typename": "Suggestion", "title": "Mon idée"}, *PUBLIC_HITS]
    )


@pytest.mark.usefixtures("moderated")
def test_advisers_find_everything(adviser_client: GraphQLClient) -> None:
    assert _search(adviser_client, "plafond") == _page(
        7,
        [
            {"__typename": "Suggestion", "title": "Mon idée"},
            {"__typename": "Post", "body": "Un plafond ?"},
            {"__typename": "Thread", "title": "Spam"},
            {"__typename": "Post", "body": "Mon plafond, mon IBAN…"},
            {"__typename": "Post", "body": "Note interne : plafond relevé à sa demande."},
            *PUBLIC_HITS,
        ],
    )


@pytest.mark.usefixtures("moderated")
def test_the_committee_sees_what_the_public_sees(committee_client: GraphQLClient) -> None:
    assert _search(committee_client, "plafond") == _page(2, PUBLIC_HITS)


def test_a_title_match_comes_before_a_body_only_match(anonymous: GraphQLClient) -> None:
    # The body-only matches are newer: relevance still wins.
    SuggestionFactory.create(
        title="Épargne progressive", body="Un taux qui monte.", created_at=_ago(90)
    )
    ThreadFactory.create(title="Livret", body="Quelle épargne choisir ?", created_at=_ago(5))
    SuggestionFactory.create(title="Virements", body="Pour mon épargne.", created_at=_ago(1))
    ThreadFactory.create(title="Épargne et impôts", body="Comment déclarer ?", created_at=_ago(60))
    result = anonymous(
        '{ search(query: "epargne") { edges { rank node { ... on Thread { title } '
        "... on Suggestion { title } } } } }"
    )
    edges = result["data"]["search"]["edges"]
    assert [e["node"]["title"] for e in edges] == [
        "Épargne et impôts",
        "Épargne progressive",
        "Virements",
        "Livret",
    ]
    ranks = [e["rank"] for e in edges]
    assert ranks == sorted(ranks, reverse=True)
    assert ranks[1] > ranks[2]


def test_paging_through_results(anonymous: GraphQLClient) -> None:
    for i in range(5):
        SuggestionFactory.create(title=f"Idée {i}", body="Virement instantané.", created_at=_ago(i))
    query = (
        'query($after: String) { search(query: "virement", first: 2, after: $after) { '
        "totalCount pageInfo { hasNextPage hasPreviousPage startCursor endCursor } "
        "edges { cursor node { ... on Suggestion { title } } } } }"
    )
    titles: list[str] = []
    after = None
    pages = []
    while True:
        page = anonymous(query, {"after": after})["data"]["search"]
        assert page["totalCount"] == 5
        titles += [e["node"]["title"] for e in page["edges"]]
        info = page["pageInfo"]
        assert info["startCursor"] == page["edges"][0]["cursor"]
        assert info["endCursor"] == page["edges"][-1]["cursor"]
        pages.append((info["hasPreviousPage"], info["hasNextPage"], len(page["edges"])))
        if not info["hasNextPage"]:
            break
        after = info["endCursor"]
    assert titles == ["Idée 0", "Idée 1", "Idée 2", "Idée 3", "Idée 4"]
    assert pages == [(False, True, 2), (True, True, 2), (True, False, 1)]
    # Any edge's cursor resumes right after it.
    middle = anonymous(query, {"after": None})["data"]["search"]["edges"][0]["cursor"]
    resumed = anonymous(query, {"after": middle})["data"]["search"]["edges"]
    assert [e["node"]["title"] for e in resumed] == ["Idée 1", "Idée 2"]


def test_nothing_found(anonymous: GraphQLClient) -> None:
    assert anonymous(
        '{ search(query: "introuvable") { totalCount pageInfo { hasNextPage hasPreviousPage '
        "startCursor endCursor } edges { cursor } } }"
    ) == {
        "data": {
            "search": {
                "totalCount": 0,
                "pageInfo": {
                    "hasNextPage": False,
                    "hasPreviousPage": False,
                    "startCursor": None,
                    "endCursor": None,
                },
                "edges": [],
            }
        }
    }


def _error(message: str) -> dict[str, Any]:
    return {
        "data": {"search": None},
        "errors": [
            {
                "message": message,
                "locations": [{"line": 1, "column": SEARCH.index("search(") + 1}],
                "path": ["search"],
                "extensions": {"code": "BAD_USER_INPUT"},
            }
        ],
    }


@pytest.mark.parametrize(
    ("variables", "message"),
    [
        ({"query": ""}, "`query` must not be empty."),
        ({"query": " \t\n "}, "`query` must not be empty."),
        ({"query": "x" * 201}, "`query` must be at most 200 characters."),
        ({"query": "carte", "first": 101}, "`first` must be between 0 and 100."),
        ({"query": "carte", "first": -1}, "`first` must be between 0 and 100."),
        ({"query": "carte", "after": "garbage"}, "The cursor is not valid for this list."),
        # A cursor of another list (suggestions ordered by votes).
        ({"query": "carte", "after": "WzUsMTJd"}, "The cursor is not valid for this list."),
        # ["search", -1] and ["search", 10**20]
        (
            {"query": "carte", "after": "WyJzZWFyY2giLCAtMV0="},
            "The cursor is not valid for this list.",
        ),
        (
            {"query": "carte", "after": "WyJzZWFyY2giLCAxMDAwMDAwMDAwMDAwMDAwMDAwMDBd"},
            "The cursor is not valid for this list.",
        ),
    ],
)
def test_bad_input(anonymous: GraphQLClient, variables: dict[str, Any], message: str) -> None:
    assert anonymous(SEARCH, variables) == _error(message)


def test_a_query_of_200_characters_is_accepted(anonymous: GraphQLClient) -> None:
    assert _search(anonymous, "carte " * 33 + "ab")["data"]["search"]["totalCount"] == 0


def test_punctuation_alone_finds_nothing(anonymous: GraphQLClient) -> None:
    ThreadFactory.create(title="?!", body="…")
    assert _search(anonymous, "?! …") == _page(0, [])


def test_query_count_does_not_grow_with_the_page() -> None:
    author = CustomerFactory.create()
    for i in range(30):
        ThreadFactory.create(title=f"Découvert {i}", author=CustomerFactory.create())
        PostFactory.create(body="Un découvert autorisé.", author=AdviserFactory.create())
        SuggestionFactory.create(title=f"Découvert {i}", author=author)
    query = (
        'query($first: Int) { search(query: "découvert", first: $first) { totalCount '
        "edges { rank node { ... on Thread { title author { displayName } } "
        "... on Post { body author { displayName } } "
        "... on Suggestion { title voteCount author { displayName } } } } } }"
    )
    client = GraphQLClient()
    counts = []
    # 60 title matches (threads and suggestions) come first: 61 and 90 hold all three kinds.
    for first in (61, 90):
        with CaptureQueriesContext(connection) as ctx:
            result = client(query, {"first": first})
        assert len(result["data"]["search"]["edges"]) == first
        counts.append(len(ctx.captured_queries))
    # page, threads, posts, suggestions (each with its authors), count
    assert counts == [5, 5]


def test_a_word_can_be_excluded(anonymous: GraphQLClient) -> None:
    SuggestionFactory.create(title=ADVERTISING)
    SuggestionFactory.create(title="Recevoir mes relevés par courrier", body="Sur papier.")
    assert _search(anonymous, "courrier -publicité") == _page(
        1, [{"__typename": "Suggestion", "title": "Recevoir mes relevés par courrier"}]
    )
    # Excluded words alone look for nothing.
    assert _search(anonymous, "-publicité") == _page(0, [])


COMMENT = (
    "mutation($id: ID!, $body: String!) { commentOnSuggestion(input: {suggestionId: $id, "
    "body: $body}) { errors { code } } }"
)


def test_an_idea_is_found_once_its_discussion_counting_for_it(
    customer_client: GraphQLClient, anonymous: GraphQLClient
) -> None:
    """A suggestion's discussion opens with a copy of its title and text, and its comments
    are replies there: they are found as the idea, one hit, never as a thread or a reply of
    their own. A café thread and its replies are hits as before."""
    idea = SuggestionFactory.create(title=ADVERTISING, body="Je reçois trop de dépliants.")
    other = SuggestionFactory.create(title="Relevés en ligne", body="Plus de papier.")
    for suggestion, body in (
        (idea, "Oui, la publicité par courrier finit à la poubelle."),
        (other, "Et la publicité par courrier avec, tant qu'à faire."),
    ):
        assert customer_client(
            COMMENT, {"id": encode_id("Suggestion", suggestion.pk), "body": body}
        ) == {"data": {"commentOnSuggestion": {"errors": []}}}
    cafe = ThreadFactory.create(
        title="Prospectus", body="La publicité par courrier : comment l'arrêter ?"
    )
    PostFactory.create(thread=cafe, body="La publicité par courrier se coupe en agence.")
    result = _search(anonymous, "publicité courrier")
    # The idea whose own title matches first; the idea found through a comment ranks with
    # the matches in a body.
    assert result["data"]["search"]["totalCount"] == 4
    nodes = [edge["node"] for edge in result["data"]["search"]["edges"]]
    assert nodes[0] == {"__typename": "Suggestion", "title": ADVERTISING}
    assert sorted(nodes[1:], key=str) == sorted(
        [
            {"__typename": "Thread", "title": "Prospectus"},
            {"__typename": "Post", "body": "La publicité par courrier se coupe en agence."},
            {"__typename": "Suggestion", "title": "Relevés en ligne"},
        ],
        key=str,
    )
    # Words only in a comment find its idea, and only the idea.
    assert _search(anonymous, "poubelle") == _page(
        1, [{"__typename": "Suggestion", "title": ADVERTISING}]
    )


def test_a_hidden_comment_counts_for_nobody_but_its_author_and_advisers(
    customer: Member, customer_client: GraphQLClient, anonymous: GraphQLClient
) -> None:
    idea = SuggestionFactory.create(title="Relevés en ligne", body="Plus de papier.")
    assert customer_client(
        COMMENT, {"id": encode_id("Suggestion", idea.pk), "body": "Et les prospectus aussi."}
    ) == {"data": {"commentOnSuggestion": {"errors": []}}}
    Post.objects.filter(author=customer).update(
        hidden_at=timezone.now(), hidden_by=AdviserFactory.create(), hidden_reason="Hors sujet"
    )
    assert _search(anonymous, "prospectus") == _page(0, [])
    found = _page(1, [{"__typename": "Suggestion", "title": "Relevés en ligne"}])
    assert _search(customer_client, "prospectus") == found
    assert _search(GraphQLClient(AdviserFactory.create()), "prospectus") == found
