"""HTTP behaviour of the endpoint: GraphiQL, error masking, health check."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from models.models import Member
from tests.graphql import GraphQLClient, ide, logged_in

pytestmark = pytest.mark.django_db


# What a browser sends when it opens a page.


def test_graphiql_is_open_to_everyone_in_debug(settings: Any) -> None:
    settings.DEBUG = True
    response = ide(Client())
    assert response.status_code == 200
    assert b"graphiql" in response.content.lower()


def test_graphiql_is_for_staff_only_in_production(settings: Any, customer: Member) -> None:
    settings.DEBUG = False
    for client in (Client(), logged_in(customer)):
        response = ide(client)
        # The JSON API's own answer to a GET without a query, never the IDE.
        assert response.status_code == 400
        assert response["Content-Type"] == "application/json"
        assert b"graphiql" not in response.content.lower()
    staff = Member.objects.create_user(
        username="staff", password="x", display_name="Staff", role="ADVISER", is_staff=True
    )
    response = ide(logged_in(staff))
    assert response.status_code == 200
    assert b"graphiql" in response.content.lower()


def test_queries_via_get(anonymous: GraphQLClient) -> None:
    response = anonymous.http.get("/graphql", {"query": "{ viewer { id } }"})
    assert response.status_code == 200
    assert response.json() == {"data": {"viewer": None}}


def test_mutations_are_refused_over_get(anonymous: GraphQLClient) -> None:
    response = anonymous.http.get(
        "/graphql", {"query": "mutation { logout(input: {}) { errors { code } } }"}
    )
    assert (response.status_code, response["Allow"], response.json()) == (
        405,
        "POST",
        {
            "errors": [
                {
                    "message": "Mutations are not allowed over GET: send them with POST.",
                    "extensions": {"code": "BAD_USER_INPUT"},
                }
            ]
        },
    )


def test_internal_errors_are_masked(
    anonymous: GraphQLClient, settings: Any, monkeypatch: Any
) -> None:
    settings.DEBUG = False

    def broken(**_: Any) -> None:
        raise RuntimeError('relation "secret_table" does not exist: SELECT email FROM ...')

    monkeypatch.setattr("schema.stats.community_stats", broken)
    result = anonymous("{ communityStats { members } }")
    assert result == {
        # Nullable (partner tokens without `stats:read` get null): the rest would be served.
        "data": {"communityStats": None},
        "errors": [
            {
                "message": "Internal server error.",
                "locations": [{"line": 1, "column": 3}],
                "path": ["communityStats"],
                "extensions": {"code": "INTERNAL"},
            }
        ],
    }


def test_syntax_errors_are_bad_user_input(anonymous: GraphQLClient) -> None:
    result = anonymous("{ suggestions(first: ) }")
    assert result["data"] is None
    assert result["errors"][0]["extensions"] == {"code": "BAD_USER_INPUT"}


def test_too_deep_documents_are_refused(anonymous: GraphQLClient) -> None:
    deep = "{ suggestions { edges { node { " + "duplicateOf { " * 12 + "id" + " }" * 15 + " }"
    result = anonymous(deep)
    assert result["data"] is None
    assert result["errors"][0]["extensions"] == {"code": "QUERY_TOO_COMPLEX"}


def test_healthz(anonymous: GraphQLClient) -> None:
    response = anonymous.http.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "checks": {"database": "ok"}, "outboxLagSeconds": 0}


def test_every_response_carries_a_request_id(anonymous: GraphQLClient) -> None:
    generated = anonymous.post("{ viewer { id } }")
    assert len(generated["X-Request-Id"]) == 32
    echoed = anonymous.post("{ viewer { id } }", HTTP_X_REQUEST_ID="edge-42;<script>")
    assert echoed["X-Request-Id"] == "edge-42script"
