"""Fuzzing /graphql: no input, however malformed, yields INTERNAL or a 5xx, or half a write.

Every root field, every mutation and every nested field that takes arguments is called
through the real endpoint (Django's test client), as the roles that may call it (anonymous,
customer, adviser, committee member, chair; now and then a role that may not), with values
of every argument generated from the schema itself (`tests/fuzz/values.py`): right and
wrong types, nulls, empty, limit-length and 100 kB strings, NUL, lone surrogates, control
and bidi characters, huge and negative numbers, floats for ints, forged and real IDs,
forged and real cursors, naive and out-of-range datetimes, sent as variables or as
literals. Beside these random examples, a deterministic sweep puts each known bad value
(`values.NASTY`: 20-digit keys, forged cursors, `0001-01-01T00:00:00+14:00`, ...) alone in
every position of its type. Each call runs in a savepoint over a data set holding a row of
every kind and state (`tests/fuzz/world.py`), rolled back afterwards, and proves:

- the answer is JSON with a status below 500, and every error has a code other than
  INTERNAL;
- a query changed no row; a mutation refused (a top-level error, or errors in its payload)
  changed no row;
- after a mutation that wrote, everything still reads back (`READ_BACK`: every list, as an
  adviser and as the customer) without an error: no stored value breaks a later read;
- whatever was written, every invariant of `world.broken_invariants` holds (stored vote
  counts equal their vote rows, a suggestion's status is where its history leads, every
  published decision moved its suggestion, notifications point at the events they tell of,
  edited replies have their revisions, ...).

Bounds: the `comptoir-fuzz` Hypothesis profile runs COMPTOIR_FUZZ_EXAMPLES examples per field
(15 by default; derandomized, so CI runs the same examples each time) with a deadline per
example; set COMPTOIR_FUZZ_RANDOM=1 to explore new examples. COMPTOIR_FUZZ_EXCLUDE lists the
categories of `values.CATEGORIES` left out (comma-separated; by default none).
"""

from __future__ import annotations

import functools
import json
import os
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import pytest
from django.conf import settings as django_settings
from django.contrib.sessions.models import Session
from django.core.cache import cache
from django.db import transaction
from django.test import Client, override_settings
from graphql import (
    GraphQLField,
    GraphQLInterfaceType,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLUnionType,
    get_named_type,
    is_leaf_type,
)
from hypothesis import HealthCheck, currently_in_test_context, event, given, settings
from hypothesis import strategies as st
from pytest_django import DjangoDbBlocker

from config.demo import delete_community
from permissions.matrix import (
    ADVISER,
    ANONYMOUS,
    CHAIR,
    COMMITTEE,
    CUSTOMER,
    MUTATIONS,
    SELF,
    Audience,
    Rule,
    classify,
)
from schema import schema
from tests.factories import PASSWORD

from .values import CATEGORIES, Sweep, Values, render_literal, to_json, weighted
from .world import World, broken_invariants, build_world, rows_written, snapshot

pytestmark = pytest.mark.django_db

# Categories left out while exploring (COMPTOIR_FUZZ_EXCLUDE, comma-separated); CI runs all.
EXCLUDED = frozenset(
    c.strip() for c in os.environ.get("COMPTOIR_FUZZ_EXCLUDE", "").split(",") if c.strip()
)
assert EXCLUDED <= CATEGORIES, sorted(EXCLUDED - CATEGORIES)

settings.register_profile(
    "comptoir-fuzz",
    max_examples=int(os.environ.get("COMPTOIR_FUZZ_EXAMPLES", "15")),
    # Generous: a 2-core machine runs other suites meanwhile; what it catches is an input
    # that makes a request take seconds.
    deadline=timedelta(seconds=5),
    derandomize=not os.environ.get("COMPTOIR_FUZZ_RANDOM"),
    database=None,
    print_blob=True,
    # The data set is built once per module and each example runs in its own savepoint,
    # rolled back: a function-scoped `db` fixture is shared knowingly.
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.filter_too_much,
    ],
)
FUZZ = settings.get_profile("comptoir-fuzz")

GRAPHQL = schema._schema


# --- Roles -----------------------------------------------------------------------------------

ROLES: dict[str, frozenset[Audience]] = {
    "anonymous": frozenset({ANONYMOUS}),
    # The customer owns the data set's notifications, votes and profile: "self" for them.
    "customer": frozenset({CUSTOMER, SELF}),
    "other_customer": frozenset({CUSTOMER}),
    "adviser": frozenset({ADVISER}),
    "committee": frozenset({COMMITTEE}),
    "chair": frozenset({COMMITTEE, CHAIR}),
}


# --- What is fuzzed --------------------------------------------------------------------------


@dataclass(frozen=True)
class Target:
    """A field with arguments, and how a document reaches it."""

    key: str  # "Query.search", "Mutation.voteForSuggestion", "Thread.posts"
    operation: str  # "query" or "mutation"
    name: str
    field: GraphQLField
    rule: Rule
    # For a nested field: the root field it is reached through (then the fields under it,
    # dotted: "communityStats.support"), and the type of the data set's row passed as that
    # root field's `id` (None: a root field that takes none, as `viewer`).
    parent: tuple[str, str | None] | None = None

    @property
    def path(self) -> list[str]:
        return [self.name] if self.parent is None else [*self.parent[0].split("."), self.name]

    def around(self, world: World, call: str) -> str:
        """The call, inside the path that reaches it."""
        if self.parent is None:
            return call
        root, *between = self.parent[0].split(".")
        anchor = self.parent[1]
        if anchor is not None:
            root = f'{root}(id: "{world.anchors[anchor]}")'
        for name in reversed(between):
            call = f"{name} {{ {call} }}"
        return f"{root} {{ {call} }}"


NESTED: dict[str, tuple[str, str | None]] = {
    "Thread.posts": ("thread", "Thread"),
    "Suggestion.comments": ("suggestion", "Suggestion"),
    "Suggestion.voters": ("suggestion", "Suggestion"),
    "Member.votes": ("viewer", None),
    "Member.notifications": ("viewer", None),
    "SupportFigures.weekly": ("communityStats.support", None),
}


def _targets() -> list[Target]:
    targets = []
    assert GRAPHQL.query_type is not None and GRAPHQL.mutation_type is not None
    for name, field in GRAPHQL.query_type.fields.items():
        rule = classify("Query", name)
        assert rule is not None, name
        targets.append(Target(f"Query.{name}", "query", name, field, rule))
    for name, field in GRAPHQL.mutation_type.fields.items():
        targets.append(Target(f"Mutation.{name}", "mutation", name, field, MUTATIONS[name]))
    for type_name, type_ in GRAPHQL.type_map.items():
        # Subscriptions run over WebSocket: their arguments are fuzzed there
        # (tests/api/core/test_subscriptions.py).
        if type_name in ("Query", "Mutation", "Subscription") or not isinstance(
            type_, GraphQLObjectType
        ):
            continue
        for name, field in type_.fields.items():
            if field.args and not type_name.startswith("__"):
                key = f"{type_name}.{name}"
                rule = classify(type_name, name)
                assert rule is not None and key in NESTED, f"{key}: no way to reach it"
                targets.append(Target(key, "query", name, field, rule, NESTED[key]))
    return sorted(targets, key=lambda t: t.key)


TARGETS = {t.key: t for t in _targets()}


# --- Documents ---------------------------------------------------------------------------------


@functools.cache
def selection(type_: Any, depth: int = 2) -> str:
    """What to ask of a field's result: its leaf fields and, `depth` levels down, those of
    the objects it holds (connections and edges are crossed for free), without arguments.
    Lists nested in the result are left out (the cost limit would refuse most documents),
    and so are the fields that possible types of an interface or union name alike with
    different types (GraphQL refuses such a selection)."""
    named = get_named_type(type_)
    if is_leaf_type(named):
        return ""
    if isinstance(named, GraphQLInterfaceType | GraphQLUnionType):
        possible = sorted(GRAPHQL.get_possible_types(named), key=lambda t: t.name)
        kinds: dict[str, set[str]] = {}
        for t in possible:
            for name, field in t.fields.items():
                kinds.setdefault(name, set()).add(str(field.type))
        inner = " ".join(
            f"... on {t.name} {{ __typename "
            + " ".join(
                name
                for name, field in t.fields.items()
                if len(kinds[name]) == 1 and is_leaf_type(get_named_type(field.type))
            )
            + " }"
            for t in possible
        )
        return f"{{ __typename {inner} }}"
    assert isinstance(named, GraphQLObjectType)
    crossing = named.name.endswith(("Connection", "Edge"))
    parts = ["__typename"]
    for name, field in named.fields.items():
        if any(isinstance(a.type, GraphQLNonNull) for a in field.args.values()):
            continue
        inner = get_named_type(field.type)
        if is_leaf_type(inner):
            parts.append(name)
        elif inner.name.endswith("Connection"):
            continue
        elif depth > 0 or crossing:
            parts.append(f"{name} {selection(field.type, depth if crossing else depth - 1)}")
    return "{ " + " ".join(parts) + " }"


def document(
    target: Target, world: World, args: dict[str, Any], *, literals: bool
) -> tuple[str, dict[str, Any]]:
    """The document calling the target with these arguments, and its variables."""
    variables: dict[str, Any] = {}
    declared = []
    rendered = []
    for i, (name, value) in enumerate(args.items()):
        if literals or name not in target.field.args:
            rendered.append(f"{name}: {render_literal(value)}")
        else:
            variables[f"v{i}"] = to_json(value)
            declared.append(f"$v{i}: {target.field.args[name].type}")
            rendered.append(f"{name}: $v{i}")
    call = target.name + (f"({', '.join(rendered)})" if rendered else "")
    call = target.around(world, f"{call} {selection(target.field.type)}")
    header = target.operation + (f" Fuzz({', '.join(declared)})" if declared else "")
    return f"{header} {{ {call} }}", variables


# --- The data set ------------------------------------------------------------------------------


CURSOR_QUERIES = (
    "{ a: suggestions(first: 2) { edges { cursor } } b: suggestions(first: 2, orderBy: NEWEST) "
    "{ edges { cursor } } c: suggestions(first: 2, orderBy: TRENDING) { edges { cursor } } "
    "d: suggestions(first: 2, orderBy: RECENTLY_DECIDED) { edges { cursor } } "
    "e: threads(first: 2) { edges { cursor } } f: threads(first: 2, orderBy: NEWEST) "
    "{ edges { cursor } } g: members(first: 2) { edges { cursor } } "
    'h: search(query: "publicité", first: 1) { edges { cursor } } '
    "i: committeeMeetings(first: 1) { edges { cursor } } "
    "j: flags(status: OPEN, first: 1) { edges { cursor } } "
    "k: flags(status: RESOLVED, first: 1) { edges { cursor } } }"
)


@pytest.fixture(scope="module")
def world(django_db_setup: None, django_db_blocker: DjangoDbBlocker) -> Iterator[World]:
    with (
        django_db_blocker.unblock(),
        override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]),
    ):
        built = build_world()
        for role, member in built.members.items():
            client = Client()
            client.force_login(member)
            built.sessions[role] = client.cookies[django_settings.SESSION_COOKIE_NAME].value
        adviser = _client(built, "adviser")
        answer = adviser.post(
            "/graphql", json.dumps({"query": CURSOR_QUERIES}), content_type="application/json"
        ).json()
        assert "errors" not in answer, answer
        built.cursors = sorted(
            {e["cursor"] for page in answer["data"].values() for e in page["edges"]}
        )
        built.rows = snapshot()
    cache.clear()
    yield built
    with django_db_blocker.unblock():
        Session.objects.filter(session_key__in=built.sessions.values()).delete()
        delete_community()
    cache.clear()


def _client(world: World, role: str) -> Client:
    """A fresh client for the role: its own cookie jar, the role's session."""
    client = Client()
    if role != "anonymous":
        client.cookies[django_settings.SESSION_COOKIE_NAME] = world.sessions[role]
    return client


# What a write must never break: reading everything back, as an adviser (who sees every
# list, hidden rows and meetings included) and as the customer (who receives the
# notifications). An instant stored out of Python's range, say, fails here, not in the write.
# Every list, read back after a write (the data set is small: these pages hold all of it),
# in documents that each stay within the cost limit.
READ_BACK = {
    "adviser": (
        "{ a: suggestions(first: 40) { edges { cursor node { id title body status voteCount "
        "createdAt updatedAt targetPeriod author { displayName } statusHistory { fromStatus "
        "toStatus createdAt } latestDecision { outcome publishedAt } } } } "
        "b: suggestions(first: 100, orderBy: RECENTLY_DECIDED) { edges { cursor } } "
        "c: suggestions(first: 100, orderBy: TRENDING) { edges { cursor } } }",
        "{ threads(first: 10) { edges { cursor node { id title status lastActivityAt "
        "firstResponseAt resolvedAt acceptedPost { id } posts(first: 8) { edges { cursor "
        "node { body createdAt editedAt isHidden revisions { body createdAt } } } } } } } }",
        "{ committeeMeetings(first: 40) { edges { cursor node { title scheduledFor agenda { "
        "position suggestion { title } } } } } "
        "suggestionsAwaitingReview(first: 100) { edges { cursor } } "
        "o: flags(status: OPEN, first: 100) { edges { cursor node { createdAt } } } "
        "r: flags(status: RESOLVED, first: 100) { edges { cursor node { resolvedAt } } } "
        "members(first: 100, role: CUSTOMER) { edges { cursor node { displayName "
        "memberSince suggestionCount threadCount postCount } } } "
        "communityStats { members threads posts suggestionsByStatus { status count } "
        "medianDaysFromShortlistToDecision } }",
    ),
    "customer": (
        "{ viewer { unreadNotificationCount notifications(first: 100) { edges { cursor node { "
        "kind message createdAt readAt } } } votes(first: 100) { edges { cursor } } } }",
    ),
}


# --- The property ------------------------------------------------------------------------------


def _short(value: Any, limit: int = 600) -> str:
    text = json.dumps(value, ensure_ascii=True)
    return text if len(text) <= limit else text[:limit] + f"… ({len(text)} characters)"


def _refused(result: dict[str, Any], name: str) -> bool:
    """Whether a mutation was refused: no payload (a top-level error at its path), or errors
    in its payload. Errors deeper down (a restricted field of the payload) are not a refusal."""
    payload = (result.get("data") or {}).get(name)
    return not isinstance(payload, dict) or bool(payload.get("errors"))


def _outcome(result: dict[str, Any], target: Target) -> str:
    """How far the example went (`pytest --hypothesis-show-statistics` counts them)."""
    if result.get("data") is None:
        codes = {(e.get("extensions") or {}).get("code") for e in result.get("errors", [])}
        return f"refused before running: {', '.join(sorted(map(str, codes)))}"
    here = [e for e in result.get("errors", []) if e.get("path") == target.path]
    if here:
        return f"refused by the field: {here[0]['extensions']['code']}"
    if target.operation == "mutation" and _refused(result, target.name):
        return "payload errors"
    return "served"


def run_example(
    world: World, target: Target, role: str, args: dict[str, Any], literals: bool
) -> None:
    """One call of the target, in a savepoint rolled back afterwards, and every check of the
    module docstring on its answer and on the database."""
    query, variables = document(target, world, args, literals=literals)
    where = f"{target.key} as {role}: {_short(query)} variables={_short(variables)}"
    cache.clear()  # login failures, rate limits: each example starts afresh
    with transaction.atomic():
        written = rows_written()
        body: dict[str, Any] = {"query": query}
        if variables:
            body["variables"] = variables
        response = _client(world, role).post(
            "/graphql", json.dumps(body), content_type="application/json"
        )
        assert response.status_code < 500, f"HTTP {response.status_code}: {where}"
        result = response.json()
        assert isinstance(result, dict), where
        codes = [(e.get("extensions") or {}).get("code") for e in result.get("errors", [])]
        assert "INTERNAL" not in codes and None not in codes, f"{result.get('errors')}: {where}"
        if currently_in_test_context():
            event(_outcome(result, target))
        unchanged = target.operation == "query" or _refused(result, target.name)
        if unchanged and rows_written() != written:
            # Every example starts from the data set as built: what differs from it was written.
            now = snapshot()
            changed = [name for name, rows in now.items() if rows != world.rows[name]]
            assert not changed, f"wrote {changed}, {_short(result)}: {where}"
        if not unchanged:
            for reader, queries in READ_BACK.items():
                # A fresh session: the mutation may have been `logout`.
                client = Client()
                client.force_login(world.members[reader])
                for query in queries:
                    answer = client.post(
                        "/graphql", json.dumps({"query": query}), content_type="application/json"
                    )
                    assert answer.status_code == 200, f"read back as {reader}: {where}"
                    errors = answer.json().get("errors")
                    assert not errors, f"read back as {reader}: {errors}: {where}"
        broken = broken_invariants()
        assert not broken, f"{broken}: {where}"
        transaction.set_rollback(True)


def _calls(target: Target, values: Values) -> st.SearchStrategy[tuple[str, dict[str, Any], bool]]:
    """(role, arguments, as literals?): mostly a role that may call the field."""
    allowed = [r for r, audiences in ROLES.items() if target.rule.allows(audiences, None)]
    others = [r for r in ROLES if r not in allowed]
    roles = weighted(
        (4, st.sampled_from(allowed)), (1 if others else 0, st.sampled_from(others or ["-"]))
    )
    return st.tuples(roles, values.arguments(target.field), st.booleans())


_STRATEGIES: dict[tuple[int, str], st.SearchStrategy[tuple[str, dict[str, Any], bool]]] = {}


def _strategy(world: World, target: Target) -> st.SearchStrategy[tuple[str, dict[str, Any], bool]]:
    """The target's strategy over this data set, built once."""
    key = (id(world), target.key)
    if key not in _STRATEGIES:
        values = Values(
            ids=world.ids,
            usernames=world.usernames,
            password=PASSWORD,
            cursors=world.cursors,
            excluded=EXCLUDED,
        )
        _STRATEGIES[key] = _calls(target, values)
    return _STRATEGIES[key]


@pytest.mark.parametrize("key", sorted(TARGETS))
@FUZZ
@given(data=st.data())
def test_no_input_breaks_the_api(world: World, key: str, data: st.DataObject) -> None:
    target = TARGETS[key]
    role, args, literals = data.draw(_strategy(world, target), label="role, arguments, literals")
    run_example(world, target, role, args, literals)


@pytest.mark.parametrize("key", sorted(TARGETS))
def test_known_bad_values_in_every_position(world: World, key: str) -> None:
    """Deterministic, beside the random examples: each value of `values.NASTY` (20-digit and
    zero keys, forged cursors, the issue's datetime, NUL, 100 kB, ...) alone in every position
    of its type, the other arguments valid, as a role that may call the field."""
    target = TARGETS[key]
    role = next(r for r, audiences in ROLES.items() if target.rule.allows(audiences, None))
    values = Values(
        ids=world.ids,
        usernames=world.usernames,
        password=PASSWORD,
        cursors=world.cursors,
        excluded=EXCLUDED,
    )
    for args, literals in Sweep(values).calls(target.field):
        run_example(world, target, role, args, literals)


def test_every_field_with_arguments_is_fuzzed() -> None:
    """A new root field, mutation or nested field with arguments is fuzzed without a line
    here; one the suite cannot reach fails `_targets`."""
    assert GRAPHQL.query_type is not None and GRAPHQL.mutation_type is not None
    roots = {f"Query.{n}" for n in GRAPHQL.query_type.fields}
    mutations = {f"Mutation.{n}" for n in GRAPHQL.mutation_type.fields}
    assert roots | mutations <= set(TARGETS)
    assert set(TARGETS) - roots - mutations == set(NESTED)
