"""The read replica (config/database.py, schema/core/routing.py): public queries read it,
members and mutations read the primary, every write goes to the primary.

On PostgreSQL the replica is a real streaming replica whose replay the tests pause
(tests/deploy/conftest.py): a vote committed on the primary meanwhile is what tells the two
apart. On SQLite it is a copy of the database taken before the vote."""

from __future__ import annotations

import re
from typing import Any

import pytest
from asgiref.sync import async_to_sync
from django.contrib.auth.models import AnonymousUser
from django.contrib.sessions.middleware import SessionMiddleware
from django.db import DEFAULT_DB_ALIAS, connections, router, transaction
from django.http import HttpRequest, HttpResponse
from django.test import Client, RequestFactory

from config.database import REPLICA, PrimaryReplicaRouter
from models.models import Member, Suggestion, Vote
from permissions.roles import ANONYMOUS, Viewer
from resolvers.request_context import reads_from_replica
from schema import schema
from schema.core.context import Context
from tests.factories import PASSWORD, CustomerFactory, SuggestionFactory, add_votes, issue_token
from tests.graphql import GraphQLClient, gid, logged_in

from .conftest import Replica

# Committed rows (a replica sees nothing else), on both aliases.
pytestmark = pytest.mark.django_db(transaction=True, databases=[DEFAULT_DB_ALIAS, REPLICA])

COUNT = "query($id: ID!) { suggestion(id: $id) { voteCount viewerHasVoted } }"
VOTE = (
    "mutation($id: ID!) { voteForSuggestion(input: {suggestionId: $id}) { "
    "suggestion { voteCount viewerHasVoted } errors { code } } }"
)
LOGIN = (
    "mutation($u: String!, $p: String!) { login(input: {username: $u, password: $p}) { "
    "errors { code } } }"
)


def _count(voteCount: int, viewerHasVoted: bool | None) -> dict[str, Any]:
    return {"data": {"suggestion": {"voteCount": voteCount, "viewerHasVoted": viewerHasVoted}}}


@pytest.fixture
def idea() -> Suggestion:
    """An idea with one vote, its author's, committed."""
    author = CustomerFactory.create(username="auteur")
    suggestion = SuggestionFactory.create(author=author, title="Relevés en PDF")
    add_votes(suggestion, [author])
    return suggestion


@pytest.fixture
def voter() -> Member:
    return CustomerFactory.create(username="votante", display_name="Votante")


def test_visitors_and_partners_read_the_replica_members_and_mutations_the_primary(
    replica: Replica, idea: Suggestion, voter: Member
) -> None:
    partner = GraphQLClient(token=issue_token("suggestions:read")[1])
    member = GraphQLClient(voter)
    author = GraphQLClient(idea.author)
    anonymous = GraphQLClient()
    replica.catch_up()
    with replica.paused():
        # The mutation writes the primary, and its payload reads it back from there.
        assert member(VOTE, {"id": gid(idea)}) == {
            "data": {
                "voteForSuggestion": {
                    "suggestion": {"voteCount": 2, "viewerHasVoted": True},
                    "errors": [],
                }
            }
        }
        # The replica has not replayed the vote yet: public reads still see one.
        assert anonymous(COUNT, {"id": gid(idea)}) == _count(1, None)
        partner_answer = partner(COUNT, {"id": gid(idea)})
        assert partner_answer["data"] == _count(1, None)["data"]
        # Members read the primary: the voter sees their vote, and so does everyone else.
        assert member(COUNT, {"id": gid(idea)}) == _count(2, True)
        assert author(COUNT, {"id": gid(idea)}) == _count(2, True)
    replica.catch_up()
    assert anonymous(COUNT, {"id": gid(idea)}) == _count(2, None)
    assert Vote.objects.using(DEFAULT_DB_ALIAS).filter(suggestion=idea).count() == 2


def _vote_count_shown(html: str) -> int:
    found = re.search(r"data-vote-count>(\d+)<", html)
    assert found is not None, html
    return int(found[1])


def test_the_idea_page_of_a_visitor_reads_the_replica_a_members_the_primary(
    replica: Replica, idea: Suggestion, voter: Member
) -> None:
    page = f"/labo/idees/{gid(idea)}/"
    replica.catch_up()
    with replica.paused():
        GraphQLClient(voter)(VOTE, {"id": gid(idea)})
        assert _vote_count_shown(Client().get(page).content.decode()) == 1
        assert _vote_count_shown(logged_in(voter).get(page).content.decode()) == 2


def _request() -> HttpRequest:
    request = RequestFactory().post("/")
    SessionMiddleware(lambda r: HttpResponse()).process_request(request)
    request.user = AnonymousUser()
    return request


def _execute(request: HttpRequest, viewer: Viewer, query: str, variables: Any) -> Any:
    context = Context(request=request, response=HttpResponse(), viewer=viewer)
    result = async_to_sync(schema.execute)(query, variable_values=variables, context_value=context)
    assert result.errors is None, result.errors
    return result.data


def test_after_a_mutation_the_rest_of_the_request_reads_the_primary(
    replica: Replica, idea: Suggestion, voter: Member
) -> None:
    """A page runs several documents for one request: once one of them is a mutation (a
    visitor's `login`), the next ones read the primary, even for a visitor."""
    replica.catch_up()
    with replica.paused():
        GraphQLClient(voter)(VOTE, {"id": gid(idea)})
        untouched, logging_in = _request(), _request()
        assert _execute(untouched, ANONYMOUS, COUNT, {"id": gid(idea)}) == _count(1, None)["data"]
        failed = _execute(logging_in, ANONYMOUS, LOGIN, {"u": "votante", "p": "wrong"})
        assert failed == {"login": {"errors": [{"code": "INVALID_CREDENTIALS"}]}}
        assert _execute(logging_in, ANONYMOUS, COUNT, {"id": gid(idea)}) == _count(2, None)["data"]
        # The first request ran no mutation: still the replica.
        assert _execute(untouched, ANONYMOUS, COUNT, {"id": gid(idea)}) == _count(1, None)["data"]


def test_a_session_opened_meanwhile_is_read_from_the_primary(
    replica: Replica, voter: Member
) -> None:
    """The session (and a partner's token) is read before the operation runs: from the
    primary, so a member who has just logged in is known at once."""
    client = GraphQLClient()
    replica.catch_up()
    with replica.paused():
        assert client(LOGIN, {"u": "votante", "p": PASSWORD}) == {"data": {"login": {"errors": []}}}
        assert client("{ viewer { displayName } }") == {
            "data": {"viewer": {"displayName": "Votante"}}
        }


# --- The router's decisions, whatever the backend ---------------------------------------------


def test_the_router_reads_the_replica_only_when_the_schema_allows_it(replica: Replica) -> None:
    assert router.db_for_read(Suggestion) == DEFAULT_DB_ALIAS
    token = reads_from_replica.set(True)
    try:
        assert router.db_for_read(Suggestion) == REPLICA
        assert router.db_for_read(Vote) == REPLICA
        # Writes, and reads within a transaction on the primary, stay there.
        assert router.db_for_write(Suggestion) == DEFAULT_DB_ALIAS
        with transaction.atomic():
            assert router.db_for_read(Suggestion) == DEFAULT_DB_ALIAS
        assert router.db_for_read(Suggestion) == REPLICA
    finally:
        reads_from_replica.reset(token)
    assert router.db_for_read(Suggestion) == DEFAULT_DB_ALIAS


def test_migrations_run_on_the_primary_only() -> None:
    assert PrimaryReplicaRouter().allow_migrate(DEFAULT_DB_ALIAS, "community") is True
    assert PrimaryReplicaRouter().allow_migrate(REPLICA, "community") is False


@pytest.mark.postgres_only
def test_the_replica_is_a_hot_standby_that_refuses_writes(replica: Replica) -> None:
    """What makes it a replica: in recovery, and a write sent there by mistake fails."""
    with connections[REPLICA].cursor() as cursor:
        cursor.execute("SELECT pg_is_in_recovery()")
        assert cursor.fetchone() == (True,)
    with (
        pytest.raises(Exception, match="read-only transaction"),
        connections[REPLICA].cursor() as cursor,
    ):
        cursor.execute("CREATE TABLE comptoir_nothing (id int)")
