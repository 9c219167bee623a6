"""Partner integrations: `Authorization: Bearer <token>` requests."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from typing import Any
from unittest.mock import ANY

import pytest
from django.utils import timezone

from models.models import (
    ApiToken,
    DecisionOutcome,
    Follow,
    Member,
    Suggestion,
    Thread,
    TokenScope,
    Vote,
)
from resolvers.services.notifications import OfficialAnswer
from schema.core.ids import encode_id
from tests.factories import (
    CategoryFactory,
    DecisionFactory,
    PostFactory,
    SuggestionFactory,
    ThreadFactory,
    add_votes,
    issue_token,
)
from tests.graphql import GraphQLClient

pytestmark = pytest.mark.django_db

S = TokenScope.SUGGESTIONS_READ
D = TokenScope.DECISIONS_READ
T = TokenScope.THREADS_READ
STATS = TokenScope.STATS_READ


# 10 s into a rate-limit window of 60 s (windows are aligned on the clock): 50 s to go.
NOW = 1_000_000_030.0
RESET = 50


@pytest.fixture(autouse=True)
def _fresh_rate_limits(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    # Counts live in the database (rolled back with each test); the window's clock is
    # stopped, so no test straddles two windows.
    monkeypatch.setattr("resolvers.services.partners.clock", lambda: NOW)
    yield


def _partner(*scopes: str) -> GraphQLClient:
    _, secret = issue_token(*scopes)
    return GraphQLClient(token=secret)


def _without_rate_limit(result: dict[str, Any]) -> dict[str, Any]:
    """The response without `extensions.rateLimit`, checked for shape on the way."""
    rate = result["extensions"].pop("rateLimit")
    assert set(rate) == {"limit", "remaining", "resetSeconds"}
    assert rate["resetSeconds"] == RESET
    if not result["extensions"]:
        del result["extensions"]
    return result


def _at(document: str, needle: str) -> tuple[int, int]:
    """(line, column) of the first `needle` in `document`, as GraphQL counts them."""
    before = document[: document.index(needle)]
    return before.count("\n") + 1, len(before) - (before.rfind("\n") + 1) + 1


def _forbidden(path: list[str | int], location: tuple[int, int], message: str) -> dict[str, Any]:
    line, column = location
    return {
        "message": message,
        "locations": [{"line": line, "column": column}],
        "path": path,
        "extensions": {"code": "FORBIDDEN"},
    }


FRONT_PAGE = """query {
  suggestions(first: 2) {
    totalCount
    edges { node { title voteCount author { displayName } latestDecision { outcome } } }
  }
}"""


def test_a_token_with_suggestions_read_reads_the_labo_front_page(
    customer: Member, chair: Member
) -> None:
    top = SuggestionFactory.create(title="Pas de publicité par courrier", author=customer)
    add_votes(top, [customer])
    DecisionFactory.create(suggestion=top, outcome=DecisionOutcome.RETAINED, recorded_by=chair)
    SuggestionFactory.create(title="Le NFC sur la carte", author=customer)

    result = _without_rate_limit(_partner(S, D)(FRONT_PAGE))
    assert result == {
        "data": {
            "suggestions": {
                "totalCount": 2,
                "edges": [
                    {
                        "node": {
                            "title": "Pas de publicité par courrier",
                            "voteCount": 1,
                            "author": {"displayName": "Claire"},
                            "latestDecision": {"outcome": "RETAINED"},
                        }
                    },
                    {
                        "node": {
                            "title": "Le NFC sur la carte",
                            "voteCount": 0,
                            "author": {"displayName": "Claire"},
                            "latestDecision": None,
                        }
                    },
                ],
            }
        }
    }

    # Without `decisions:read`, the decisions are refused where they are asked for.
    result = _without_rate_limit(_partner(S)(FRONT_PAGE))
    message = "This partner token lacks the `decisions:read` scope."
    assert result["data"]["suggestions"]["edges"][0]["node"]["latestDecision"] is None
    assert result["errors"] == [
        _forbidden(
            ["suggestions", "edges", i, "node", "latestDecision"],
            _at(FRONT_PAGE, "latestDecision"),
            message,
        )
        for i in (0, 1)
    ]


def test_every_response_says_where_the_token_stands(settings: Any) -> None:
    settings.COMPTOIR_PARTNER_RATE_LIMIT = 5
    client = _partner(S)
    for remaining in (4, 3):
        result = client("{ suggestions { totalCount } }")
        assert result["data"] == {"suggestions": {"totalCount": 0}}
        assert result["extensions"] == {
            "rateLimit": {"limit": 5, "remaining": remaining, "resetSeconds": RESET}
        }
    # Members and visitors get no such extension.
    assert GraphQLClient()("{ suggestions { totalCount } }") == {
        "data": {"suggestions": {"totalCount": 0}}
    }


def test_past_the_limit_the_answer_is_429_without_data(settings: Any) -> None:
    settings.COMPTOIR_PARTNER_RATE_LIMIT = 2
    client = _partner(S)
    other = _partner(S)
    for _ in range(2):
        assert client.post("{ suggestions { totalCount } }").status_code == 200
    response = client.post("{ suggestions { totalCount } }")
    assert response.status_code == 429
    assert response["Retry-After"] == "50"
    assert response.json() == {
        "errors": [
            {
                "message": "Rate limit exceeded: 2 requests per 60 seconds for this token. "
                "Retry in 50 s.",
                "extensions": {"code": "RATE_LIMITED"},
            }
        ],
        "extensions": {"rateLimit": {"limit": 2, "remaining": 0, "resetSeconds": 50}},
    }
    # Per token: another partner is not slowed down.
    assert other.post("{ suggestions { totalCount } }").status_code == 200


PERSONAL = """query($member: ID!, $suggestion: ID!) {
  viewer { id }
  node(id: $member) {
    ... on Member { displayName email customerNumber unreadNotificationCount
      notifications { totalCount } }
  }
  suggestion(id: $suggestion) { title viewerHasVoted viewerIsFollowing }
}"""


def test_no_personal_data(customer: Member) -> None:
    suggestion = SuggestionFactory.create(title="Idée", author=customer)
    Vote.objects.create(member=customer, suggestion=suggestion)
    Follow.objects.create(member=customer, suggestion=suggestion)
    post = PostFactory.create(thread=ThreadFactory.create(author=customer), is_official=True)
    OfficialAnswer.event(post=post).row(customer.pk, created_at=timezone.now()).save()
    # Every scope: personal data is opened by none of them.
    result = _without_rate_limit(
        _partner(S, D, T, STATS)(
            PERSONAL,
            {
                "member": encode_id("Member", customer.pk),
                "suggestion": encode_id("Suggestion", suggestion.pk),
            },
        )
    )
    field = "You are not allowed to read this field."
    # The viewer-relative fields (`viewer`, `viewerHasVoted`, `viewerIsFollowing`) are about
    # a member there is not: plain null, without an error. Another member's data is refused.
    # GraphQL fixes no order among errors (fields resolved at once report first): in the
    # order of the document.
    result["errors"].sort(key=lambda error: tuple(error["locations"][0].values()))
    assert result == {
        "data": {
            "viewer": None,
            "node": {
                "displayName": "Claire",
                "email": None,
                "customerNumber": None,
                "unreadNotificationCount": None,
                "notifications": None,
            },
            "suggestion": {"title": "Idée", "viewerHasVoted": None, "viewerIsFollowing": None},
        },
        "errors": [
            _forbidden(["node", "email"], _at(PERSONAL, "email"), field),
            _forbidden(["node", "customerNumber"], _at(PERSONAL, "customerNumber"), field),
            _forbidden(
                ["node", "unreadNotificationCount"], _at(PERSONAL, "unreadNotificationCount"), field
            ),
            _forbidden(["node", "notifications"], _at(PERSONAL, "notifications {"), field),
        ],
    }


MUTATIONS = {
    "login": 'login(input: {username: "claire", password: "x"}) { errors { code } }',
    "logout": "logout(input: {}) { errors { code } }",
    "voteForSuggestion": 'voteForSuggestion(input: {suggestionId: "SUGGESTION"}) '
    "{ errors { code } }",
    "submitSuggestion": 'submitSuggestion(input: {title: "Une idée", body: "Oui."}) '
    "{ errors { code } }",
    "createThread": 'createThread(input: {categoryId: "CATEGORY", kind: QUESTION, title: "Q", '
    'body: "?"}) { errors { code } }',
}


@pytest.mark.parametrize("name", sorted(MUTATIONS))
def test_partners_are_read_only(name: str, customer: Member) -> None:
    """Every mutation is refused (tests/api/test_permission_matrix.py calls each one);
    `login` and `logout` too, and nothing is written."""
    suggestion = SuggestionFactory.create(author=customer)
    category = CategoryFactory.create()
    field = (
        MUTATIONS[name]
        .replace("SUGGESTION", encode_id("Suggestion", suggestion.pk))
        .replace("CATEGORY", encode_id("Category", category.pk))
    )
    document = f"mutation {{ {field} }}"
    before = (Suggestion.objects.count(), Thread.objects.count(), Vote.objects.count())
    result = _without_rate_limit(_partner(S, D, T, STATS)(document))
    # `login` and `logout` return a non-null payload: their null takes `data` with it.
    data = None if name in ("login", "logout") else {name: None}
    assert result == {
        "data": data,
        "errors": [_forbidden([name], _at(document, name), "Partner tokens are read-only.")],
    }
    after = (Suggestion.objects.count(), Thread.objects.count(), Vote.objects.count())
    assert after == before


def _status_and_body(client: GraphQLClient) -> tuple[int, Any, str | None]:
    response = client.post("{ suggestions { totalCount } }")
    return response.status_code, response.json(), response.get("WWW-Authenticate")


UNAUTHENTICATED = (
    401,
    {
        "errors": [
            {
                "message": "The API token is unknown, malformed, expired or revoked.",
                "extensions": {"code": "UNAUTHENTICATED"},
            }
        ]
    },
    'Bearer error="invalid_token"',
)


def test_revoked_expired_unknown_and_malformed_tokens_get_401() -> None:
    revoked, revoked_secret = issue_token(S)
    revoked.revoked_at = timezone.now()
    revoked.save()
    expired, expired_secret = issue_token(S)
    ApiToken.objects.filter(pk=expired.pk).update(
        created_at=timezone.now() - timedelta(days=2),
        expires_at=timezone.now() - timedelta(seconds=1),
    )
    _, valid_secret = issue_token(S)
    prefix, _, rest = valid_secret.partition(".")
    for secret in (
        revoked_secret,
        expired_secret,
        f"{prefix}.{rest[:-1]}x" if rest[-1] != "x" else f"{prefix}.{rest[:-1]}y",  # wrong
        f"{'0' * 12}.{rest}",  # unknown prefix
        "",  # "Bearer" alone
        "no-dot-at-all",
        prefix,
        f"{prefix}.",
        f"{valid_secret}{'a' * 200}",  # too long
    ):
        assert _status_and_body(GraphQLClient(token=secret)) == UNAUTHENTICATED, secret
    assert _status_and_body(GraphQLClient(token=valid_secret))[0] == 200


def test_the_bearer_scheme_is_case_insensitive_and_other_schemes_are_ignored() -> None:
    _, secret = issue_token(S)
    client = GraphQLClient()
    response = client.post("{ viewer { id } }", HTTP_AUTHORIZATION=f"bearer {secret}")
    # A partner's answer: no member, and where the token stands.
    assert response.json() == {
        "data": {"viewer": None},
        "extensions": {"rateLimit": {"limit": 600, "remaining": 599, "resetSeconds": ANY}},
    }
    # Basic credentials (a proxy's, say) are not ours: an ordinary anonymous request.
    response = client.post("{ viewer { id } }", HTTP_AUTHORIZATION="Basic dXNlcjpwYXNz")
    assert response.json() == {"data": {"viewer": None}}


def test_a_session_cookie_sent_along_is_ignored(customer: Member) -> None:
    _, secret = issue_token(S)
    # Logged in as Claire, with CSRF enforced and no CSRF token: the token alone counts.
    client = GraphQLClient(customer, enforce_csrf_checks=True, token=secret)
    result = client("{ viewer { id } }")
    # Claire's session would make her the viewer: the token's answer has none.
    assert result == {
        "data": {"viewer": None},
        "extensions": {"rateLimit": {"limit": 600, "remaining": 599, "resetSeconds": ANY}},
    }


def test_queries_over_get_work_too() -> None:
    _, secret = issue_token(S)
    response = GraphQLClient(token=secret).http.get(
        "/graphql", {"query": "{ suggestions { totalCount } }"}
    )
    assert response.status_code == 200
    assert _without_rate_limit(response.json()) == {"data": {"suggestions": {"totalCount": 0}}}


def test_last_used_at_is_written_at_most_once_a_minute() -> None:
    token, secret = issue_token(S)
    client = GraphQLClient(token=secret)
    client("{ suggestions { totalCount } }")
    token.refresh_from_db()
    first_use = token.last_used_at
    assert first_use is not None
    client("{ suggestions { totalCount } }")
    token.refresh_from_db()
    assert token.last_used_at == first_use
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=first_use - timedelta(minutes=2))
    client("{ suggestions { totalCount } }")
    token.refresh_from_db()
    assert token.last_used_at is not None and token.last_used_at > first_use


def test_a_scope_opens_its_root_fields_only(customer: Member) -> None:
    thread = ThreadFactory.create(author=customer)
    suggestion = SuggestionFactory.create(author=customer)
    query = """query($thread: ID!, $suggestion: ID!) {
  thread(id: $thread) { title }
  suggestion(id: $suggestion) { title }
  categories { name }
  communityStats { members }
}"""
    variables = {
        "thread": encode_id("Thread", thread.pk),
        "suggestion": encode_id("Suggestion", suggestion.pk),
    }
    result = _without_rate_limit(_partner(T)(query, variables))
    assert result == {
        "data": {
            "thread": {"title": thread.title},
            "suggestion": None,
            "categories": [{"name": thread.category.name}],
            "communityStats": None,
        },
        "errors": [
            _forbidden(
                ["suggestion"],
                _at(query, "suggestion("),
                "This partner token lacks the `suggestions:read` scope.",
            ),
            _forbidden(
                ["communityStats"],
                _at(query, "communityStats"),
                "This partner token lacks the `stats:read` scope.",
            ),
        ],
    }


def test_objects_outside_the_scopes_are_not_found(customer: Member, chair: Member) -> None:
    thread = ThreadFactory.create(author=customer)
    suggestion = SuggestionFactory.create(author=customer)
    decision = DecisionFactory.create(suggestion=suggestion, recorded_by=chair)
    draft = DecisionFactory.create(
        suggestion=SuggestionFactory.create(), recorded_by=chair, published_at=None
    )
    ids = [
        encode_id("Thread", thread.pk),
        encode_id("Category", thread.category_id),
        encode_id("Suggestion", suggestion.pk),
        encode_id("Decision", decision.pk),
        encode_id("Decision", draft.pk),
        encode_id("Member", customer.pk),
    ]
    query = "query($ids: [ID!]!) { nodes(ids: $ids) { __typename } }"
    found = {
        (): [],
        (S,): ["Suggestion", "Member"],
        (D,): ["Decision"],
        (T,): ["Thread", "Category", "Member"],
        (STATS,): [],
        (S, D, T, STATS): ["Thread", "Category", "Suggestion", "Decision", "Member"],
    }
    for scopes, types in found.items():
        result = _without_rate_limit(_partner(*scopes)(query, {"ids": ids}))
        got = [n["__typename"] for n in result["data"]["nodes"] if n is not None]
        assert result.get("errors") is None, scopes
        assert got == types, scopes


def test_search_finds_only_the_kinds_the_token_may_read(customer: Member) -> None:
    ThreadFactory.create(title="Frais de tenue de compte", author=customer)
    SuggestionFactory.create(title="Supprimer les frais de tenue", author=customer)
    query = '{ search(query: "frais") { totalCount edges { node { __typename } } } }'

    def kinds(*scopes: str) -> list[str]:
        result = _without_rate_limit(_partner(*scopes)(query))
        search = result["data"]["search"]
        assert search["totalCount"] == len(search["edges"])
        return sorted(edge["node"]["__typename"] for edge in search["edges"])

    assert kinds(S) == ["Suggestion"]
    assert kinds(T) == ["Thread"]
    assert kinds(S, T) == ["Suggestion", "Thread"]
    result = _without_rate_limit(_partner(D, STATS)(query))
    assert result == {
        "data": {"search": None},
        "errors": [
            _forbidden(
                ["search"],
                _at(query, "search"),
                "Searching needs the `suggestions:read` or `threads:read` scope.",
            )
        ],
    }


def test_stats_read_opens_the_support_figures_too() -> None:
    query = "{ communityStats { members support { questions } } }"
    result = _without_rate_limit(_partner(STATS)(query))
    assert result == {"data": {"communityStats": {"members": 0, "support": {"questions": 0}}}}


def test_partners_may_introspect_in_production(settings: Any) -> None:
    settings.DEBUG = False
    result = _without_rate_limit(_partner(S)("{ __schema { queryType { name } } }"))
    assert result == {"data": {"__schema": {"queryType": {"name": "Query"}}}}
