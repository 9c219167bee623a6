"""GraphQL over HTTP as its specification says: media types, status codes, and a GraphQL
JSON error with a code for every request /graphql refuses (DESIGN §5; schema/core/views.py).

The audit suite of the specification's reference implementation runs against the real
server in test_http_server.py; here each rule is pinned with its exact answer.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client

from models.models import Member
from tests.factories import PASSWORD, AdviserFactory
from tests.graphql import GraphQLClient

pytestmark = pytest.mark.django_db

GRAPHQL_RESPONSE = "application/graphql-response+json"
GRAPHQL_RESPONSE_TYPE = "application/graphql-response+json; charset=utf-8"
TYPENAME = json.dumps({"query": "{ __typename }"})


def _post(
    body: str | bytes,
    *,
    content_type: str = "application/json",
    accept: str | None = None,
    client: Client | None = None,
    **headers: Any,
) -> Any:
    if accept is not None:
        headers["HTTP_ACCEPT"] = accept
    return (client or Client()).post("/graphql", data=body, content_type=content_type, **headers)


def _refusal(message: str, code: str = "BAD_USER_INPUT") -> dict[str, Any]:
    return {"errors": [{"message": message, "extensions": {"code": code}}]}


def _answer(response: Any) -> tuple[int, str, Any]:
    return response.status_code, response["Content-Type"], json.loads(response.content)


# --- Media types -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("accept", "content_type"),
    [
        (GRAPHQL_RESPONSE, GRAPHQL_RESPONSE_TYPE),
        (f"{GRAPHQL_RESPONSE}, application/json;q=0.9", GRAPHQL_RESPONSE_TYPE),
        (f"application/json;q=0.5, {GRAPHQL_RESPONSE}", GRAPHQL_RESPONSE_TYPE),
        ("application/json", "application/json"),
        (f"application/json, {GRAPHQL_RESPONSE}", "application/json"),
        ("*/*", "application/json"),
        ("application/*", "application/json"),
        ("text/html, */*;q=0.8", "application/json"),
        (f"{GRAPHQL_RESPONSE};q=0, application/json", "application/json"),
        (None, "application/json"),
        ("", "application/json"),
    ],
)
def test_the_response_comes_in_the_media_type_the_client_prefers(
    accept: str | None, content_type: str
) -> None:
    response = _post(TYPENAME, accept=accept)
    assert _answer(response) == (200, content_type, {"data": {"__typename": "Query"}})
    # What a cache must key the answer on.
    assert "Accept" in response["Vary"]


def test_a_get_query_is_answered_in_the_media_type_asked_too() -> None:
    response = Client().get(
        "/graphql",
        {
            "query": "query($n: Int) { suggestions(first: $n) { totalCount } }",
            "variables": '{"n": 1}',
        },
        HTTP_ACCEPT=GRAPHQL_RESPONSE,
    )
    assert _answer(response) == (
        200,
        GRAPHQL_RESPONSE_TYPE,
        {"data": {"suggestions": {"totalCount": 0}}},
    )


@pytest.mark.parametrize(
    "accept", ["text/plain", "text/html", "application/xml, image/*", "a/b/c", ";;;,"]
)
def test_an_unacceptable_accept_header_is_refused(accept: str) -> None:
    response = _post(TYPENAME, accept=accept)
    assert _answer(response) == (
        406,
        "application/json",
        _refusal(
            "Not acceptable: /graphql answers application/graphql-response+json or "
            "application/json (Accept)."
        ),
    )


# --- Request errors: 400 without data (graphql-response+json), 200 with null data (json) --

REQUEST_ERRORS = [
    pytest.param(
        {"query": "{"},
        {
            "message": "Syntax Error: Expected Name, found <EOF>.",
            "locations": [{"line": 1, "column": 2}],
        },
        id="document-does-not-parse",
    ),
    pytest.param(
        {"query": "{ xyzzy }"},
        {
            "message": "Cannot query field 'xyzzy' on type 'Query'.",
            "locations": [{"line": 1, "column": 3}],
        },
        id="document-does-not-validate",
    ),
    pytest.param(
        {"query": "query($id: ID!) { node(id: $id) { id } }", "variables": {"id": None}},
        {
            "message": "Variable '$id' has invalid value: Expected value of non-null type "
            "'ID!' not to be None.",
            "locations": [{"line": 1, "column": 7}],
        },
        id="variable-coercion-fails",
    ),
    pytest.param(
        {
            "query": "query($n: Int) { suggestions(first: $n) { totalCount } }",
            "variables": {"n": "ten"},
        },
        {
            "message": "Variable '$n' has invalid value: Int cannot represent non-integer "
            "value: 'ten'",
            "locations": [{"line": 1, "column": 7}],
        },
        id="variable-of-the-wrong-type",
    ),
    pytest.param(
        {"query": "query A { __typename }", "operationName": "B"},
        {"message": 'The document has no operation named "B".'},
        id="unknown-operation-name",
    ),
    pytest.param(
        {"query": "fragment F on Query { __typename }"},
        {
            "message": "The document must hold one operation, or name the one to run in "
            "`operationName`."
        },
        id="no-operation",
    ),
]


@pytest.mark.parametrize(("body", "error"), REQUEST_ERRORS)
def test_request_errors_are_400_without_data_in_graphql_response_json(
    body: dict[str, Any], error: dict[str, Any]
) -> None:
    response = _post(json.dumps(body), accept=GRAPHQL_RESPONSE)
    expected = {"errors": [{**error, "extensions": {"code": "BAD_USER_INPUT"}}]}
    assert _answer(response) == (400, GRAPHQL_RESPONSE_TYPE, expected)


@pytest.mark.parametrize(("body", "error"), REQUEST_ERRORS)
def test_request_errors_are_200_with_null_data_in_json(
    body: dict[str, Any], error: dict[str, Any]
) -> None:
    # What the spec keeps for application/json (legacy clients read the body, not the status).
    response = _post(json.dumps(body), accept="application/json")
    expected = {"data": None, "errors": [{**error, "extensions": {"code": "BAD_USER_INPUT"}}]}
    assert _answer(response) == (200, "application/json", expected)


def test_a_document_refused_by_a_limit_is_a_request_error_too() -> None:
    deep = "{ suggestions { edges { node { " + "duplicateOf { " * 12 + "id" + " }" * 15 + " }"
    status, content_type, body = _answer(
        _post(json.dumps({"query": deep}), accept=GRAPHQL_RESPONSE)
    )
    assert (status, content_type, list(body)) == (400, GRAPHQL_RESPONSE_TYPE, ["errors"])
    assert body["errors"][0]["extensions"] == {"code": "QUERY_TOO_COMPLEX"}


def test_a_refused_introspection_is_403_in_graphql_response_json(settings: Any) -> None:
    settings.DEBUG = False
    response = _post(
        json.dumps({"query": "{ __schema { queryType { name } } }"}), accept=GRAPHQL_RESPONSE
    )
    assert _answer(response) == (
        403,
        GRAPHQL_RESPONSE_TYPE,
        {
            "errors": [
                {
                    "message": "Introspection is for staff and partners.",
                    "locations": [{"line": 1, "column": 3}],
                    "extensions": {"code": "FORBIDDEN"},
                }
            ]
        },
    )


def test_two_logins_in_one_document_are_429_in_graphql_response_json() -> None:
    login = 'login(input: {username: "a", password: "b"}) { errors { code } }'
    body = json.dumps({"query": f"mutation {{ a: {login} b: {login} }}"})
    status, content_type, answer = _answer(_post(body, accept=GRAPHQL_RESPONSE))
    assert (status, content_type, list(answer)) == (429, GRAPHQL_RESPONSE_TYPE, ["errors"])
    assert answer["errors"][0]["extensions"] == {"code": "RATE_LIMITED"}


def test_field_errors_keep_the_data_and_status_200(monkeypatch: Any, settings: Any) -> None:
    # The document ran: a partial result is a success (the spec's "partial response").
    settings.DEBUG = False

    def broken(**_: Any) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr("schema.stats.community_stats", broken)
    body = json.dumps({"query": "{ __typename communityStats { members } }"})
    assert _answer(_post(body, accept=GRAPHQL_RESPONSE)) == (
        200,
        GRAPHQL_RESPONSE_TYPE,
        {
            "data": {"__typename": "Query", "communityStats": None},
            "errors": [
                {
                    "message": "Internal server error.",
                    "locations": [{"line": 1, "column": 14}],
                    "path": ["communityStats"],
                    "extensions": {"code": "INTERNAL"},
                }
            ],
        },
    )


def test_a_failed_login_mutation_keeps_its_data(customer: Member) -> None:
    body = json.dumps(
        {
            "query": 'mutation($p: String!) { login(input: {username: "claire", password: $p})'
            " { errors { code } } }",
            "variables": {"p": "wrong"},
        }
    )
    assert _answer(_post(body, accept=GRAPHQL_RESPONSE)) == (
        200,
        GRAPHQL_RESPONSE_TYPE,
        {"data": {"login": {"errors": [{"code": "INVALID_CREDENTIALS"}]}}},
    )


# --- Refusals before any GraphQL: one JSON error with a code, whatever the Accept header -----


@pytest.mark.parametrize("accept", [GRAPHQL_RESPONSE, "application/json", None])
@pytest.mark.parametrize(
    ("body", "message"),
    [
        # The examples: a JSON body that is not an object.
        ("5", 'The request body must be a JSON object {"query": "..."}, not a number.'),
        ("null", 'The request body must be a JSON object {"query": "..."}, not null.'),
        ('"x"', 'The request body must be a JSON object {"query": "..."}, not a string.'),
        ("true", 'The request body must be a JSON object {"query": "..."}, not a boolean.'),
        ("-1.5e3", 'The request body must be a JSON object {"query": "..."}, not a number.'),
        # Batching: an array, even an empty one.
        (
            "[]",
            "Batching is not supported: send one operation per request, as a JSON object.",
        ),
        (
            '[{"query": "{ __typename }"}, {"query": "{ __typename }"}]',
            "Batching is not supported: send one operation per request, as a JSON object.",
        ),
        # Not JSON at all.
        (
            '{ "not a JSON',
            "The request body is not valid JSON: Unterminated string starting at: line 1 "
            "column 3 (char 2).",
        ),
        (
            "NONSENSE",
            "The request body is not valid JSON: Expecting value: line 1 column 1 (char 0).",
        ),
        (
            '{"query": "{ __typename }"} trailing',
            "The request body is not valid JSON: Extra data: line 1 column 29 (char 28).",
        ),
        (
            '{"query": "{ __typename }", "variables": {"n": NaN}}',
            "The request body is not valid JSON: NaN is not JSON.",
        ),
        (
            '{"query": "{ __typename }", "variables": {"n": -Infinity}}',
            "The request body is not valid JSON: -Infinity is not JSON.",
        ),
        (
            '{"query": "{ __typename }", "variables": {"n": 1' + "0" * 5000 + "}}",
            "The request body is not valid JSON: a number has too many digits.",
        ),
        # Pathologically nested (Python's JSON parser would raise RecursionError).
        ("[" * 100_000, "The request body is nested too deeply."),
        (
            '{"query": "{ __typename }", "variables": {"v": '
            + '{"a": ' * 100_000
            + "1"
            + "}" * 100_001
            + "}",
            "The request body is nested too deeply.",
        ),
        # An object that is not a GraphQL-over-HTTP request.
        ("{}", "The request has no `query` (the GraphQL document to run)."),
        (
            '{"qeury": "{ __typename }"}',
            "The request has no `query` (the GraphQL document to run).",
        ),
        ('{"query": null}', "The request has no `query` (the GraphQL document to run)."),
        ('{"query": ""}', "The request has no `query` (the GraphQL document to run)."),
        ('{"query": 5}', "`query` must be a string, not a number."),
        ('{"query": false}', "`query` must be a string, not a boolean."),
        ('{"query": {"obj": "ect"}}', "`query` must be a string, not an object."),
        ('{"query": ["{ __typename }"]}', "`query` must be a string, not an array."),
        (
            '{"query": "{ __typename }", "operationName": 0}',
            "`operationName` must be a string or null, not a number.",
        ),
        (
            '{"query": "{ __typename }", "operationName": ["Q"]}',
            "`operationName` must be a string or null, not an array.",
        ),
        (
            '{"query": "{ __typename }", "operationName": {"obj": "ect"}}',
            "`operationName` must be a string or null, not an object.",
        ),
        (
            '{"query": "{ __typename }", "variables": "{}"}',
            "`variables` must be an object or null, not a string.",
        ),
        (
            '{"query": "{ __typename }", "variables": [7]}',
            "`variables` must be an object or null, not an array.",
        ),
        (
            '{"query": "{ __typename }", "variables": false}',
            "`variables` must be an object or null, not a boolean.",
        ),
        (
            '{"query": "{ __typename }", "extensions": 0}',
            "`extensions` must be an object or null, not a number.",
        ),
        (
            '{"query": "{ __typename }", "extensions": "string"}',
            "`extensions` must be an object or null, not a string.",
        ),
    ],
)
def test_a_body_that_is_not_a_graphql_over_http_request_is_refused(
    body: str, message: str, accept: str | None
) -> None:
    assert _answer(_post(body, accept=accept)) == (400, "application/json", _refusal(message))


@pytest.mark.parametrize("body", [b"", b"   \n"])
def test_an_empty_body_is_refused(body: bytes) -> None:
    # (Django's test client drops the Content-Type of an empty body: sent as is here.)
    assert _answer(_post(body, CONTENT_TYPE="application/json")) == (
        400,
        "application/json",
        _refusal('The request body is empty: POST a JSON object {"query": "..."}.'),
    )


@pytest.mark.parametrize(
    "body",
    [
        b'{"query": "{ __typename }", "variables": {"x": "\xff"}}',
        # Latin-1, as a misconfigured client would send "é".
        '{"query": "{ __typename }", "variables": {"x": "é"}}'.encode("latin-1"),
        # UTF-16.
        '{"query": "{ __typename }"}'.encode("utf-16"),
        # An encoded lone surrogate (CESU-8), which UTF-8 forbids.
        b'{"query": "{ __typename }", "variables": {"x": "\xed\xa0\x80"}}',
    ],
)
def test_a_body_that_is_not_utf8_is_refused(body: bytes) -> None:
    assert _answer(_post(body)) == (
        400,
        "application/json",
        _refusal("The request body is not UTF-8."),
    )


def test_a_body_in_utf8_with_its_charset_said_is_accepted() -> None:
    body = json.dumps({"query": "# Run🏃Swim🏊\n{ __typename }"}, ensure_ascii=False)
    response = _post(body.encode(), content_type="application/json; charset=UTF-8")
    assert _answer(response) == (200, "application/json", {"data": {"__typename": "Query"}})


def test_null_optional_parameters_count_as_absent() -> None:
    body = json.dumps(
        {"query": "{ __typename }", "variables": None, "operationName": None, "extensions": None}
    )
    assert _answer(_post(body)) == (200, "application/json", {"data": {"__typename": "Query"}})


def test_unknown_parameters_are_ignored() -> None:
    body = json.dumps({"query": "{ __typename }", "documentId": None, "foo": [1]})
    assert _answer(_post(body)) == (200, "application/json", {"data": {"__typename": "Query"}})


@pytest.mark.parametrize(
    ("content_type", "message"),
    [
        (
            "text/plain;charset=UTF-8",
            "Unsupported Content-Type 'text/plain;charset=UTF-8': POST a JSON body as "
            "application/json (UTF-8).",
        ),
        (
            "application/x-www-form-urlencoded",
            "Unsupported Content-Type 'application/x-www-form-urlencoded': POST a JSON body as "
            "application/json (UTF-8).",
        ),
        (
            "multipart/form-data; boundary=x",
            "Unsupported Content-Type 'multipart/form-data; boundary=x': POST a JSON body as "
            "application/json (UTF-8).",
        ),
        (
            "application/graphql",
            "Unsupported Content-Type 'application/graphql': POST a JSON body as "
            "application/json (UTF-8).",
        ),
        (
            "application/json; charset=latin-1",
            "Unsupported Content-Type 'application/json; charset=latin-1': POST a JSON body as "
            "application/json (UTF-8).",
        ),
        (
            "application/jsonx",
            "Unsupported Content-Type 'application/jsonx': POST a JSON body as "
            "application/json (UTF-8).",
        ),
        ("", "The POST has no Content-Type: send a JSON body as application/json (UTF-8)."),
    ],
)
def test_an_unsupported_content_type_is_refused(content_type: str, message: str) -> None:
    response = _post(TYPENAME, content_type=content_type, accept=GRAPHQL_RESPONSE)
    assert _answer(response) == (415, "application/json", _refusal(message))


def test_a_body_over_the_upload_limit_is_refused(settings: Any) -> None:
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    body = json.dumps({"query": "{ __typename }", "variables": {"pad": "x" * 1000}})
    assert _answer(_post(body)) == (
        413,
        "application/json",
        _refusal(
            "The request body is larger than the limit of 1000 bytes.", code="QUERY_TOO_COMPLEX"
        ),
    )


# --- GET ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "query",
    [
        "mutation { logout(input: {}) { errors { code } } }",
        "mutation { __typename }",
        "query Q { __typename } mutation M { __typename }",
    ],
)
def test_a_mutation_over_get_is_405(query: str) -> None:
    params = {"query": query}
    if query.startswith("query Q"):
        params["operationName"] = "M"
    response = Client().get("/graphql", params, HTTP_ACCEPT=GRAPHQL_RESPONSE)
    assert _answer(response) == (
        405,
        "application/json",
        _refusal("Mutations are not allowed over GET: send them with POST."),
    )
    assert response["Allow"] == "POST"


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({}, "The request has no `query` (the GraphQL document to run)."),
        ({"query": ""}, "The request has no `query` (the GraphQL document to run)."),
        (
            {"query": "{ __typename }", "variables": "{"},
            "`variables` is not valid JSON: Expecting property name enclosed in double quotes: "
            "line 1 column 2 (char 1).",
        ),
        (
            {"query": "{ __typename }", "variables": "[1]"},
            "`variables` must be an object or null, not an array.",
        ),
        (
            {"query": "{ __typename }", "extensions": "5"},
            "`extensions` must be an object or null, not a number.",
        ),
        (
            {"query": "{ __typename }", "variables": "[" * 100_000},
            "`variables` is nested too deeply.",
        ),
    ],
)
def test_a_get_that_is_not_a_graphql_over_http_request_is_refused(
    params: dict[str, str], message: str
) -> None:
    response = Client().get("/graphql", params, HTTP_ACCEPT="application/json")
    assert _answer(response) == (400, "application/json", _refusal(message))


def test_empty_get_parameters_count_as_absent() -> None:
    response = Client().get(
        "/graphql",
        {"query": "{ __typename }", "variables": "", "operationName": "", "extensions": ""},
    )
    assert _answer(response) == (200, "application/json", {"data": {"__typename": "Query"}})


def test_a_get_with_too_many_parameters_is_refused() -> None:
    query = "&".join(f"p{i}=1" for i in range(1001))
    response = Client().get(f"/graphql?{query}", HTTP_ACCEPT="application/json")
    assert _answer(response) == (
        400,
        "application/json",
        _refusal(
            "Malformed request: The number of GET/POST parameters exceeded "
            "settings.DATA_UPLOAD_MAX_NUMBER_FIELDS."
        ),
    )


# --- Methods -----------------------------------------------------------------------------


def test_options_answers_with_the_allowed_methods() -> None:
    response = Client().options("/graphql")
    assert (response.status_code, response.content, response["Allow"]) == (
        200,
        b"",
        "GET, POST, OPTIONS",
    )


@pytest.mark.parametrize("method", ["put", "patch", "delete", "head", "trace"])
def test_other_methods_are_405(method: str) -> None:
    response = getattr(Client(), method)("/graphql")
    assert (response.status_code, response["Content-Type"], response["Allow"]) == (
        405,
        "application/json",
        "GET, POST, OPTIONS",
    )
    if method != "head":  # a HEAD answer has no body
        assert json.loads(response.content) == _refusal(
            f"/graphql does not answer {method.upper()}: send queries with GET or POST, "
            "mutations with POST."
        )


# --- CSRF: Django's check, answered as a GraphQL error -----------------------------------


def _session(member: Member) -> Client:
    client = Client(enforce_csrf_checks=True)
    client.force_login(member)
    return client


def test_a_failed_csrf_check_is_a_graphql_error(customer: Member) -> None:
    # Before: Django's HTML 403 page, which a Relay client could not parse.
    client = _session(customer)
    response = _post(TYPENAME, client=client, accept=GRAPHQL_RESPONSE)
    assert _answer(response) == (
        403,
        "application/json",
        _refusal(
            "CSRF check failed: CSRF cookie not set. A POST with the session cookie must send "
            "the CSRF token (GET /auth/csrf/) in the X-CSRFToken header.",
            code="FORBIDDEN",
        ),
    )
    client.get("/auth/csrf/")
    response = _post(TYPENAME, client=client, accept=GRAPHQL_RESPONSE)
    assert _answer(response) == (
        403,
        "application/json",
        _refusal(
            "CSRF check failed: CSRF token missing. A POST with the session cookie must send "
            "the CSRF token (GET /auth/csrf/) in the X-CSRFToken header.",
            code="FORBIDDEN",
        ),
    )


def test_a_wrong_csrf_token_is_a_graphql_error(customer: Member) -> None:
    client = _session(customer)
    client.get("/auth/csrf/")
    response = _post(TYPENAME, client=client, HTTP_X_CSRFTOKEN="x" * 32)
    assert _answer(response) == (
        403,
        "application/json",
        _refusal(
            "CSRF check failed: CSRF token from the 'X-Csrftoken' HTTP header incorrect. A POST "
            "with the session cookie must send the CSRF token (GET /auth/csrf/) in the "
            "X-CSRFToken header.",
            code="FORBIDDEN",
        ),
    )


def test_a_cross_site_origin_is_a_graphql_error(customer: Member) -> None:
    client = _session(customer)
    token = client.get("/auth/csrf/").json()["csrfToken"]
    response = _post(
        TYPENAME,
        client=client,
        HTTP_X_CSRFTOKEN=token,
        HTTP_ORIGIN="https://evil.example",
        secure=True,
    )
    assert _answer(response) == (
        403,
        "application/json",
        _refusal(
            "CSRF check failed: Origin checking failed - https://evil.example does not match "
            "any trusted origins. A POST with the session cookie must send the CSRF token "
            "(GET /auth/csrf/) in the X-CSRFToken header.",
            code="FORBIDDEN",
        ),
    )


def test_the_content_type_is_checked_before_the_csrf_token(customer: Member) -> None:
    # A form body is not parsed looking for a token: it is refused for what it is.
    response = _session(customer).post("/graphql", {"query": "{ __typename }"})
    assert response.status_code == 415


# --- Anything unexpected is still a GraphQL error ----------------------------------------


def test_an_internal_error_of_the_view_is_a_graphql_error(monkeypatch: Any, settings: Any) -> None:
    settings.DEBUG = False

    async def broken(*_: Any, **__: Any) -> None:
        raise RuntimeError("connection refused: SELECT ...")

    monkeypatch.setattr("schema.core.views.CommunityGraphQLView.get_context", broken)
    assert _answer(_post(TYPENAME)) == (
        500,
        "application/json",
        _refusal("Internal server error.", code="INTERNAL"),
    )


# --- Caching: a session's answers are never stored ---------------------------------------


def _no_store(response: Any) -> bool:
    directives = {d.strip() for d in response.get("Cache-Control", "").split(",")}
    return "no-store" in directives


def test_anonymous_answers_may_be_cached() -> None:
    assert not _no_store(_post(TYPENAME))
    assert not _no_store(Client().get("/graphql", {"query": "{ __typename }"}))


def test_answers_to_a_session_are_not_stored(customer: Member) -> None:
    member = GraphQLClient(customer)
    assert _no_store(member.post("{ viewer { displayName } }"))
    assert _no_store(member.http.get("/graphql", {"query": "{ viewer { displayName } }"}))
    # Refusals too: they answer a session's request.
    assert _no_store(_post(TYPENAME, client=_session(customer)))


def test_logging_in_and_out_is_not_stored(customer: Member) -> None:
    client = GraphQLClient()
    login = client.post(
        'mutation($p: String!) { login(input: {username: "claire", password: $p}) '
        "{ errors { code } } }",
        {"p": PASSWORD},
    )
    assert login.json() == {"data": {"login": {"errors": []}}}
    assert _no_store(login)
    logout = client.post(
        "mutation { logout(input: {}) { errors { code } } }",
        HTTP_X_CSRFTOKEN=client.http.cookies["csrftoken"].value,
    )
    assert logout.json() == {"data": {"logout": {"errors": []}}}
    assert _no_store(logout)


def test_the_csrf_token_is_not_stored() -> None:
    assert _no_store(Client().get("/auth/csrf/"))


def test_admin_pages_are_not_stored() -> None:
    assert _no_store(Client().get("/admin/login/"))
    staff = AdviserFactory.create(username="staff", is_staff=True, is_superuser=True)
    client = Client()
    client.force_login(staff)
    for path in ("/admin/", "/admin/community/suggestion/"):
        response = client.get(path)
        assert (response.status_code, _no_store(response)) == (200, True), path


def test_the_graphiql_page_for_staff_is_not_stored(settings: Any) -> None:
    settings.DEBUG = False
    staff = AdviserFactory.create(username="staff", is_staff=True)
    client = Client()
    client.force_login(staff)
    response = client.get("/graphql", HTTP_ACCEPT="text/html")
    assert (response.status_code, _no_store(response)) == (200, True)


# --- Before the view ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "headers", "status", "body"),
    [
        # A Host header outside ALLOWED_HOSTS is refused by the middlewares, before any view.
        ("/graphql", {"HTTP_HOST": "evil.example"}, 400, _refusal("The request is not valid.")),
        (
            "/graphql/",
            {},
            404,
            _refusal("Not found: the GraphQL endpoint is /graphql.", "NOT_FOUND"),
        ),
        (
            "/graphql/batch",
            {},
            404,
            _refusal("Not found: the GraphQL endpoint is /graphql.", "NOT_FOUND"),
        ),
    ],
)
def test_refusals_before_the_view_are_graphql_errors(
    path: str, headers: dict[str, Any], status: int, body: dict[str, Any]
) -> None:
    response = Client().post(path, data=TYPENAME, content_type="application/json", **headers)
    assert (response.status_code, response["Content-Type"], json.loads(response.content)) == (
        status,
        "application/json",
        body,
    )


def test_elsewhere_django_pages_stay() -> None:
    response = Client().get("/no-such-page")
    assert (response.status_code, response["Content-Type"]) == (404, "text/html; charset=utf-8")


# --- Operations --------------------------------------------------------------------------

SEVERAL = "query A { __typename } query B { viewer { id } }"


@pytest.mark.parametrize(
    ("accept", "status", "body"),
    [
        (
            GRAPHQL_RESPONSE,
            400,
            {
                "errors": [
                    {
                        "message": "Must provide operation name if query contains multiple "
                        "operations.",
                        "extensions": {"code": "BAD_USER_INPUT"},
                    }
                ]
            },
        ),
        (
            "application/json",
            200,
            {
                "data": None,
                "errors": [
                    {
                        "message": "Must provide operation name if query contains multiple "
                        "operations.",
                        "extensions": {"code": "BAD_USER_INPUT"},
                    }
                ],
            },
        ),
    ],
)
def test_several_operations_need_a_name(accept: str, status: int, body: dict[str, Any]) -> None:
    response = _post(json.dumps({"query": SEVERAL}), accept=accept)
    assert (response.status_code, json.loads(response.content)) == (status, body)


@pytest.mark.parametrize(
    ("name", "data"), [("A", {"__typename": "Query"}), ("B", {"viewer": None})]
)
def test_the_named_operation_runs(name: str, data: dict[str, Any]) -> None:
    response = _post(json.dumps({"query": SEVERAL, "operationName": name}))
    assert (response.status_code, json.loads(response.content)) == (200, {"data": data})
