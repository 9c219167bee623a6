"""Staff in GraphiQL: who gets the IDE and introspection, and the example tabs it opens with."""

from __future__ import annotations

import json
import re
from types import SimpleNamespace
from typing import Any

import pytest
from django.test import Client
from graphql import parse, validate

from models.models import Member
from permissions.roles import ANONYMOUS, PartnerAccess, Viewer
from schema import schema
from schema.core.graphiql import DEMO_LOGINS, DEMO_PASSWORD, example_tabs
from tests.factories import AdviserFactory, CustomerFactory
from tests.graphql import GraphQLClient, ide, logged_in

pytestmark = pytest.mark.django_db

TABS = re.compile(
    r'<script id="comptoir-graphiql-tabs" type="application/json">(.*?)</script>', re.S
)
SCHEMA = "{ __schema { queryType { name } } }"
TYPE = '{ __type(name: "Suggestion") { name } }'
INTROSPECTION_REFUSED = {
    "data": None,
    "errors": [
        {
            "message": "Introspection is for staff and partners.",
            "locations": [{"line": 1, "column": 3}],
            "extensions": {"code": "FORBIDDEN"},
        }
    ],
}


def _tabs(page: bytes) -> list[dict[str, Any]]:
    match = TABS.search(page.decode())
    assert match is not None
    tabs: list[dict[str, Any]] = json.loads(match.group(1))
    return tabs


def _operations(query: str) -> list[str]:
    return re.findall(r"^(?:query|mutation) (\w+)", query, re.M)


@pytest.fixture
def staff(db: None) -> Member:
    return AdviserFactory.create(username="staff", display_name="Staff", is_staff=True)


# --- GraphiQL ---------------------------------------------------------------------------


def test_in_debug_graphiql_opens_for_everyone_with_the_demo_logins(settings: Any) -> None:
    settings.DEBUG = True
    response = ide(Client())
    assert response.status_code == 200
    tabs = _tabs(response.content)
    assert [_operations(tab["query"]) for tab in tabs] == [
        ["LogIn", "Viewer", "LogOut"],
        ["LaboFrontPage"],
        ["SupportThread"],
        ["CommitteeAgenda"],
        ["OpenSuggestions", "Vote", "WithdrawVote"],
    ]
    welcome = tabs[0]["query"]
    assert f"password is {DEMO_PASSWORD}." in welcome
    for username in ("demo-client", "demo-conseiller", "demo-comite", "demo-president"):
        assert re.search(rf"^#   {username} +\w", welcome, re.M), username
    assert re.search(r"^#   demo-staff +staff", welcome, re.M)
    assert json.loads(tabs[4]["variables"]) == {"id": "paste the id of a suggestion here"}


def test_in_production_graphiql_is_for_staff_only(
    settings: Any, customer: Member, adviser: Member, staff: Member
) -> None:
    settings.DEBUG = False
    for client in (Client(), logged_in(customer), logged_in(adviser)):
        response = ide(client)
        # The JSON API's own answer to a GET without a query, never the IDE.
        assert (response.status_code, response.json()) == (
            400,
            {
                "errors": [
                    {
                        "message": "The request has no `query` (the GraphQL document to run).",
                        "extensions": {"code": "BAD_USER_INPUT"},
                    }
                ]
            },
        )
    response = ide(logged_in(staff))
    assert response.status_code == 200
    tabs = _tabs(response.content)
    # No demo passwords on a production page.
    assert DEMO_PASSWORD not in response.content.decode()
    assert _operations(tabs[0]["query"]) == ["Viewer"]
    assert len(tabs) == 5


def test_the_page_is_strawberrys_with_the_csrf_header_read_at_each_request(
    settings: Any,
) -> None:
    settings.DEBUG = True
    page = ide(Client()).content.decode()
    assert "<title>Comptoir — GraphiQL</title>" in page
    # Its assets are Comptoir's own (tests/api/core/test_graphiql_assets.py).
    assert '<script\n      src="/static/vendor/graphiql/graphiql.min.js"' in page
    # The token is read from the cookie when each request leaves, since `login` rotates it.
    fetch = page[page.index("function fetchWithCsrfToken") : page.index("const subscriptionUrl")]
    assert 'const csrfToken = Cookies.get("csrftoken");' in fetch
    assert 'headers["x-csrftoken"] = csrfToken;' in fetch
    assert "fetch: fetchWithCsrfToken," in page
    assert "defaultTabs: DEFAULT_TABS," in page


def test_logging_in_from_graphiql_then_querying(settings: Any, customer: Member) -> None:
    """What the page does: log in without a session, then send the rotated cookie's token."""
    settings.DEBUG = True
    browser = Client(enforce_csrf_checks=True)
    assert ide(browser).status_code == 200
    login = (
        'mutation { login(input: {username: "claire", password: "correct horse battery '
        'staple"}) { errors { code } } }'
    )

    def post(document: str, **headers: Any) -> Any:
        body = json.dumps({"query": document})
        return browser.post("/graphql", data=body, content_type="application/json", **headers)

    assert post(login).json() == {"data": {"login": {"errors": []}}}
    query = "{ viewer { displayName } }"
    assert post(query).status_code == 403
    token = browser.cookies["csrftoken"].value
    answer = post(query, HTTP_X_CSRFTOKEN=token)
    assert answer.json() == {"data": {"viewer": {"displayName": "Claire"}}}


@pytest.mark.parametrize("debug", [True, False])
def test_every_example_is_a_valid_document(debug: bool) -> None:
    for tab in example_tabs(debug=debug):
        assert validate(schema._schema, parse(tab.query)) == [], tab.query


# --- The examples on the demo community -------------------------------------------------


def _run(client: GraphQLClient, tab: int, operation: str, **variables: Any) -> dict[str, Any]:
    tabs = example_tabs(debug=True)
    body = {"query": tabs[tab].query, "operationName": operation, "variables": variables}
    response = client.http.post("/graphql", data=json.dumps(body), content_type="application/json")
    assert response.status_code == 200, response.content
    result: dict[str, Any] = response.json()
    return result


def _demo_login(username: str) -> GraphQLClient:
    client = GraphQLClient()
    tab = example_tabs(debug=True)[0].query.replace('"demo-client"', json.dumps(username))
    body = {"query": tab, "operationName": "LogIn"}
    response = client.http.post("/graphql", data=json.dumps(body), content_type="application/json")
    result = response.json()
    assert result["data"]["login"]["errors"] == [], result
    return client


def test_every_demo_login_of_the_page_works(demo_community: str) -> None:
    roles = {}
    for username, _ in DEMO_LOGINS:
        client = _demo_login(username)
        viewer = _run(client, 0, "Viewer")["data"]["viewer"]
        roles[username] = (viewer["role"], viewer["capabilities"]["canDecide"])
    assert roles == {
        "demo-client": ("CUSTOMER", False),
        "demo-conseiller": ("ADVISER", False),
        "demo-comite": ("COMMITTEE", False),
        "demo-president": ("COMMITTEE", True),
        "demo-staff": ("ADVISER", False),
    }


def test_the_examples_run_for_the_role_they_name(demo_community: str) -> None:
    client = _demo_login("demo-client")
    front = _run(client, 1, "LaboFrontPage")
    assert "errors" not in front
    top = front["data"]["suggestions"]["edges"][0]["node"]
    assert (top["title"], top["voteCount"]) == ("Pouvoir désactiver la publicité par courrier", 129)

    support = _run(_demo_login("demo-conseiller"), 2, "SupportThread")
    assert "errors" not in support
    assert len(support["data"]["threads"]["edges"]) == 3

    agenda = _run(_demo_login("demo-comite"), 3, "CommitteeAgenda")
    assert "errors" not in agenda
    assert any(e["node"]["agenda"] for e in agenda["data"]["committeeMeetings"]["edges"])

    open_ones = _run(client, 4, "OpenSuggestions")["data"]["suggestions"]["edges"]
    pick = next(e["node"] for e in open_ones if not e["node"]["viewerHasVoted"])
    voted = _run(client, 4, "Vote", id=pick["id"])["data"]["voteForSuggestion"]
    assert voted == {
        "suggestion": {
            "title": pick["title"],
            "voteCount": pick["voteCount"] + 1,
            "viewerHasVoted": True,
        },
        "errors": [],
    }
    withdrawn = _run(client, 4, "WithdrawVote", id=pick["id"])["data"]["withdrawVote"]
    assert withdrawn["suggestion"]["viewerHasVoted"] is False


# --- Introspection ----------------------------------------------------------------------


@pytest.mark.parametrize("query", [SCHEMA, TYPE])
def test_introspection_is_refused_in_production_to_non_staff(
    settings: Any, customer: Member, adviser: Member, query: str
) -> None:
    settings.DEBUG = False
    for client in (GraphQLClient(), GraphQLClient(customer), GraphQLClient(adviser)):
        assert client(query) == INTROSPECTION_REFUSED


def test_introspection_refusal_is_one_error_for_the_whole_document(settings: Any) -> None:
    settings.DEBUG = False
    query = (
        "{ suggestions(first: 1) { totalCount } "
        "__schema { types { name fields { name } } } "
        '__type(name: "Member") { name } }'
    )
    result = GraphQLClient()(query)
    assert result["data"] is None
    assert [e["extensions"] for e in result["errors"]] == [{"code": "FORBIDDEN"}]


def test_staff_introspect_in_production(settings: Any, staff: Member) -> None:
    settings.DEBUG = False
    assert GraphQLClient(staff)(SCHEMA) == {"data": {"__schema": {"queryType": {"name": "Query"}}}}
    assert GraphQLClient(staff)(TYPE) == {"data": {"__type": {"name": "Suggestion"}}}


def test_everyone_introspects_in_debug(settings: Any) -> None:
    settings.DEBUG = True
    assert GraphQLClient()(SCHEMA) == {"data": {"__schema": {"queryType": {"name": "Query"}}}}


def test_typename_is_no_introspection(settings: Any) -> None:
    settings.DEBUG = False
    assert GraphQLClient()("{ __typename }") == {"data": {"__typename": "Query"}}


def test_a_login_in_the_document_does_not_open_introspection(settings: Any, staff: Member) -> None:
    settings.DEBUG = False
    staff.set_password("s3cret-staff-password")
    staff.save()
    query = (
        'mutation L { login(input: {username: "staff", password: "s3cret-staff-password"}) { '
        "viewer { displayName } } } query Q { __schema { queryType { name } } }"
    )
    body = json.dumps({"query": query, "operationName": "Q"})
    client = GraphQLClient()
    result = client.http.post("/graphql", data=body, content_type="application/json").json()
    assert [e["extensions"] for e in result["errors"]] == [{"code": "FORBIDDEN"}]


@pytest.mark.parametrize(
    ("viewer", "allowed"),
    [
        (ANONYMOUS, False),
        (Viewer(partner=PartnerAccess(token_id=1, partner="Agrégateur", scopes=frozenset())), True),
    ],
    ids=["anonymous", "partner"],
)
def test_partners_introspect_in_production(settings: Any, viewer: Viewer, allowed: bool) -> None:
    """The extension follows `can_introspect` for any viewer the view builds (partners come
    with a Bearer token)."""
    settings.DEBUG = False
    result = schema.execute_sync(SCHEMA, context_value=SimpleNamespace(viewer=viewer))
    if allowed:
        assert (result.errors, result.data) == (
            None,
            {"__schema": {"queryType": {"name": "Query"}}},
        )
    else:
        assert result.errors is not None
        assert [e.extensions for e in result.errors] == [{"code": "FORBIDDEN"}]


def test_customer_members_are_no_staff(settings: Any) -> None:
    settings.DEBUG = False
    member = CustomerFactory.create(is_staff=False)
    assert GraphQLClient(member)(SCHEMA) == INTROSPECTION_REFUSED
