"""A member's public profile follows what they wrote that is still visible (README, "Member
profiles"): hiding content takes it out of their counts, and a customer whose last visible
contribution is hidden is no longer found by others; unhiding brings both back. The counts
count what the viewer may see."""

from __future__ import annotations

from typing import Any

import pytest
from django.utils import timezone

from models.models import Member, Thread, TokenScope
from schema.core.ids import encode_id
from tests.factories import (
    AdviserFactory,
    CommitteeFactory,
    CustomerFactory,
    PostFactory,
    SuggestionFactory,
    ThreadFactory,
    issue_token,
)
from tests.graphql import GraphQLClient

pytestmark = pytest.mark.django_db

PROFILE = (
    "query($id: ID!) { node(id: $id) { ... on Member { displayName suggestionCount "
    "threadCount postCount } } }"
)
ROSTER = "{ members(role: CUSTOMER) { totalCount edges { node { displayName } } } }"
HIDE = (
    'mutation($id: ID!) { hideContent(input: {contentId: $id, reason: "Hors charte"}) { '
    "errors { code } } }"
)
UNHIDE = "mutation($id: ID!) { unhideContent(input: {contentId: $id}) { errors { code } } }"
COMMENT = (
    'mutation($id: ID!) { commentOnSuggestion(input: {suggestionId: $id, body: "Oui !"}) { '
    "errors { code } } }"
)


def _profile(client: GraphQLClient, member: Member) -> Any:
    return client(PROFILE, {"id": encode_id("Member", member.pk)})["data"]["node"]


def _counts(name: str, suggestions: int, threads: int, posts: int) -> dict[str, Any]:
    return {
        "displayName": name,
        "suggestionCount": suggestions,
        "threadCount": threads,
        "postCount": posts,
    }


def _roster(client: GraphQLClient) -> list[str]:
    edges = client(ROSTER)["data"]["members"]["edges"]
    return [edge["node"]["displayName"] for edge in edges]


def _hide(adviser_client: GraphQLClient, kind: str, pk: int) -> None:
    result = adviser_client(HIDE, {"id": encode_id(kind, pk)})
    assert result == {"data": {"hideContent": {"errors": []}}}


def _unhide(adviser_client: GraphQLClient, kind: str, pk: int) -> None:
    result = adviser_client(UNHIDE, {"id": encode_id(kind, pk)})
    assert result == {"data": {"unhideContent": {"errors": []}}}


@pytest.fixture
def lou() -> Member:
    return CustomerFactory.create(display_name="Lou")


def test_hiding_a_customers_only_public_post_hides_their_profile(
    lou: Member,
    anonymous: GraphQLClient,
    other_customer_client: GraphQLClient,
    adviser_client: GraphQLClient,
    adviser: Member,
) -> None:
    """The issue's example, then back: anonymous visitors and other customers lose the
    profile and its count; Lou and the advisers still see it."""
    thread = ThreadFactory.create(author=adviser, title="Les frais à l'étranger")
    post = PostFactory.create(thread=thread, author=lou, body="Merci pour l'info.")
    lou_client = GraphQLClient(lou)
    for client in (anonymous, other_customer_client, lou_client, adviser_client):
        assert _profile(client, lou) == _counts("Lou", 0, 0, 1)
    assert _roster(anonymous) == ["Lou"]

    _hide(adviser_client, "Post", post.pk)
    for client in (anonymous, other_customer_client):
        assert _profile(client, lou) is None
    assert _roster(anonymous) == []
    # Her own hidden reply is hers to see; advisers see everything.
    assert _profile(lou_client, lou) == _counts("Lou", 0, 0, 1)
    assert _profile(adviser_client, lou) == _counts("Lou", 0, 0, 1)

    _unhide(adviser_client, "Post", post.pk)
    for client in (anonymous, other_customer_client):
        assert _profile(client, lou) == _counts("Lou", 0, 0, 1)
    assert _roster(anonymous) == ["Lou"]


def test_counts_drop_while_the_profile_stays_found(
    lou: Member, anonymous: GraphQLClient, adviser_client: GraphQLClient, adviser: Member
) -> None:
    SuggestionFactory.create(author=lou)
    thread = ThreadFactory.create(author=lou)
    post = PostFactory.create(thread=ThreadFactory.create(author=adviser), author=lou)
    assert _profile(anonymous, lou) == _counts("Lou", 1, 1, 1)
    _hide(adviser_client, "Post", post.pk)
    assert _profile(anonymous, lou) == _counts("Lou", 1, 1, 0)
    _hide(adviser_client, "Thread", thread.pk)
    assert _profile(anonymous, lou) == _counts("Lou", 1, 0, 0)
    _unhide(adviser_client, "Post", post.pk)
    _unhide(adviser_client, "Thread", thread.pk)
    assert _profile(anonymous, lou) == _counts("Lou", 1, 1, 1)


def test_a_reply_in_a_hidden_thread_no_longer_makes_a_profile_public(
    lou: Member,
    other_customer: Member,
    anonymous: GraphQLClient,
    other_customer_client: GraphQLClient,
    customer_client: GraphQLClient,
    adviser_client: GraphQLClient,
) -> None:
    """The reply itself is not hidden: the thread around it is, and takes it along."""
    thread = ThreadFactory.create(author=other_customer, title="Arnaque ?")
    PostFactory.create(thread=thread, author=lou)
    _hide(adviser_client, "Thread", thread.pk)
    assert _profile(anonymous, lou) is None
    assert _profile(customer_client, lou) is None
    # The thread's author still sees their own hidden thread, and so the reply in it.
    assert _profile(other_customer_client, lou) == _counts("Lou", 0, 0, 1)
    _unhide(adviser_client, "Thread", thread.pk)
    assert _profile(anonymous, lou) == _counts("Lou", 0, 0, 1)


def test_a_hidden_suggestion_takes_its_discussion_along(
    lou: Member,
    anonymous: GraphQLClient,
    customer_client: GraphQLClient,
    customer: Member,
    adviser_client: GraphQLClient,
) -> None:
    """Lou's only contribution is a suggestion; a comment opened its discussion thread
    (whose author is the suggestion's): hiding the suggestion hides the thread too."""
    suggestion = SuggestionFactory.create(author=lou)
    assert customer_client(COMMENT, {"id": encode_id("Suggestion", suggestion.pk)}) == {
        "data": {"commentOnSuggestion": {"errors": []}}
    }
    assert Thread.objects.get(suggestion=suggestion).author == lou
    assert _profile(anonymous, lou) == _counts("Lou", 1, 1, 0)
    assert _profile(anonymous, customer) == _counts("Claire", 0, 0, 1)

    _hide(adviser_client, "Suggestion", suggestion.pk)
    assert _profile(anonymous, lou) is None
    # The comment went with the discussion: Claire wrote nothing else.
    assert _profile(anonymous, customer) is None
    assert _roster(anonymous) == []

    _unhide(adviser_client, "Suggestion", suggestion.pk)
    assert _profile(anonymous, lou) == _counts("Lou", 1, 1, 0)
    assert _profile(anonymous, customer) == _counts("Claire", 0, 0, 1)


def test_an_internal_note_never_makes_a_profile_public(
    anonymous: GraphQLClient, adviser: Member
) -> None:
    """Only what others may read makes a customer's profile public (customers cannot write
    internal notes through the API; the row is written directly)."""
    quiet = CustomerFactory.create(display_name="Sacha")
    PostFactory.create(thread=ThreadFactory.create(author=adviser), author=quiet, is_internal=True)
    assert _profile(anonymous, quiet) is None


@pytest.mark.parametrize(
    ("scopes", "found"), [(("threads:read",), False), (("suggestions:read",), True)]
)
def test_a_partner_finds_the_authors_of_what_its_scopes_open(
    lou: Member, scopes: tuple[str, ...], found: bool
) -> None:
    """A token reading threads only does not see suggestions, so not their authors."""
    SuggestionFactory.create(author=lou)
    _token, secret = issue_token(*scopes)
    query = "query($id: ID!) { node(id: $id) { ... on Member { displayName suggestionCount } } }"
    result = GraphQLClient(token=secret)(query, {"id": encode_id("Member", lou.pk)})
    expected = {"displayName": "Lou", "suggestionCount": 1} if found else None
    assert result["data"] == {"node": expected}


def test_contribution_counts_count_what_the_viewer_can_see(
    anonymous: GraphQLClient, adviser_client: GraphQLClient, customer: Member, adviser: Member
) -> None:
    SuggestionFactory.create_batch(2, author=customer)
    SuggestionFactory.create(
        author=customer, hidden_at=timezone.now(), hidden_by=adviser, hidden_reason="Spam"
    )
    thread = ThreadFactory.create(author=customer)
    PostFactory.create_batch(3, author=customer, thread=thread)
    query = (
        "query($id: ID!) { node(id: $id) { ... on Member { suggestionCount threadCount "
        "postCount } } }"
    )
    variables = {"id": encode_id("Member", customer.pk)}
    assert anonymous(query, variables) == {
        "data": {"node": {"suggestionCount": 2, "threadCount": 1, "postCount": 3}}
    }
    assert adviser_client(query, variables)["data"]["node"]["suggestionCount"] == 3


NODES = "query($ids: [ID!]!) { nodes(ids: $ids) { ... on Member { displayName } } }"


def test_profiles_found_by_id_are_the_staff_the_viewer_and_authors_of_visible_writing(
    adviser: Member,
) -> None:
    """`node`/`nodes` find a profile when its role shows it (staff, the viewer themself,
    everyone for advisers and the committee) or when its member wrote something the viewer
    sees; the loader decides the first part without the second's query, and the two parts
    together find exactly what the row scope finds."""
    alma = AdviserFactory.create(display_name="Alma")
    colm = CommitteeFactory.create(display_name="Colm")
    vic = CustomerFactory.create(display_name="Vic")
    PostFactory.create(author=vic)
    hal = CustomerFactory.create(display_name="Hal")
    PostFactory.create(
        author=hal, hidden_at=timezone.now(), hidden_by=adviser, hidden_reason="Spam"
    )
    nia = CustomerFactory.create(display_name="Nia")
    cora = CustomerFactory.create(display_name="Cora")
    everyone = [alma, colm, vic, hal, nia, cora]
    ids = [encode_id("Member", m.pk) for m in everyone]

    def found(client: GraphQLClient) -> list[str | None]:
        result = client(NODES, {"ids": ids})
        return [node and node["displayName"] for node in result["data"]["nodes"]]

    public = ["Alma", "Colm", "Vic", None, None, None]
    assert found(GraphQLClient()) == public
    assert found(GraphQLClient(cora)) == ["Alma", "Colm", "Vic", None, None, "Cora"]
    # Their own hidden reply shows Hal his own profile (and only him).
    assert found(GraphQLClient(hal)) == ["Alma", "Colm", "Vic", "Hal", None, None]
    names = ["Alma", "Colm", "Vic", "Hal", "Nia", "Cora"]
    assert found(GraphQLClient(AdviserFactory.create())) == names
    assert found(GraphQLClient(colm)) == names
    assert found(GraphQLClient(token=issue_token(TokenScope.THREADS_READ)[1])) == public
    no_members = issue_token(TokenScope.DECISIONS_READ)[1]
    assert found(GraphQLClient(token=no_members)) == [None] * 6
