"""Every cell of the permission table (`permissions/matrix.py`), through /graphql.

For each type, one document asks every field of an object of that type (reached through
`node(id:)` or a parent path), as each role: anonymous, a customer (who owns the objects),
another customer, an adviser, a committee member, the chair, and partner tokens with and
without the scopes each field needs. What the table says decides, cell by cell, whether a
field answers its value, null with FORBIDDEN at its path, plain null (a viewer-relative
field without a member viewer), or is not reached at all because the role may not receive
the object (not found: null, or left out of a list, no error).
Every mutation is called as every role with input that changes nothing.

The data set is built once for the module and committed (each test reads it in its own
transaction), so the whole table costs a few seconds.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import timedelta
from itertools import combinations
from typing import Any

import pytest
from django.apps import apps
from django.contrib.sessions.models import Session
from django.test import Client, override_settings
from django.utils import timezone
from graphql import (
    GraphQLInterfaceType,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLUnionType,
    get_named_type,
)
from pytest_django import DjangoDbBlocker

from config.demo import delete_community
from models.models import (
    AgendaItem,
    Category,
    CommitteeMeeting,
    Counter,
    Decision,
    DecisionOutcome,
    Evaluation,
    Flag,
    FlagReason,
    Follow,
    Member,
    Post,
    PostRevision,
    StatusChange,
    Suggestion,
    SuggestionStatus,
    Thread,
    ThreadKind,
    ThreadStatus,
    TokenScope,
    Vote,
)
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
    reach_of,
)
from resolvers.services.notifications import OfficialAnswer, unsubscribe_token
from schema import schema
from schema.core.ids import encode_id
from tests.factories import (
    AdviserFactory,
    ChairFactory,
    CommitteeFactory,
    CustomerFactory,
    issue_token,
)

pytestmark = pytest.mark.django_db

ALL_SCOPES = frozenset(TokenScope.values)
TYPE_MAP = schema._schema.type_map


# --- The data set --------------------------------------------------------------------------


@dataclass
class World:
    members: dict[str, Member]
    ids: dict[str, str]  # what → global ID
    secrets: dict[frozenset[str], str]  # token scopes → secret (every subset)
    # One logged-in client per member role, its session committed with the data set.
    sessions: dict[str, Client] = field(default_factory=dict)


def _build() -> World:
    now = timezone.now()
    customer = CustomerFactory.create(username="matrix-claire", display_name="Claire")
    members = {
        "customer": customer,
        "other_customer": CustomerFactory.create(username="matrix-bruno"),
        "adviser": AdviserFactory.create(username="matrix-julien"),
        "committee": CommitteeFactory.create(username="matrix-sophie"),
        "chair": ChairFactory.create(username="matrix-helene"),
    }
    adviser, committee, chair = members["adviser"], members["committee"], members["chair"]
    cafe = Category.objects.create(name="Questions", slug="questions")
    labo = Category.objects.create(name="Le Labo", slug="labo", accepts_threads=False)
    thread = Thread.objects.create(
        author=customer,
        category=cafe,
        title="Relevés par courrier",
        body="Comment les arrêter ?",
        kind=ThreadKind.QUESTION,
        status=ThreadStatus.ANSWERED,
        assigned_adviser=adviser,
        first_response_at=now,
    )
    post = Post.objects.create(
        thread=thread, author=adviser, body="Dans vos préférences.", is_official=True
    )
    revision = PostRevision.objects.create(post=post, body="Avant.", edited_by=adviser)
    Post.objects.filter(pk=post.pk).update(edited_at=now)
    suggestion = Suggestion.objects.create(
        author=customer,
        title="Pas de publicité par courrier",
        body="Un interrupteur dans les préférences.",
        status=SuggestionStatus.RETAINED,
        target_period="2027 Q1",
        vote_count=1,
    )
    Vote.objects.create(member=customer, suggestion=suggestion)
    Follow.objects.create(member=customer, suggestion=suggestion)
    status_change = StatusChange.objects.create(
        suggestion=suggestion,
        from_status=SuggestionStatus.SUBMITTED,
        to_status=SuggestionStatus.SHORTLISTED,
        actor=adviser,
    )
    discussion = Thread.objects.create(
        author=customer,
        category=labo,
        title=suggestion.title,
        body=suggestion.body,
        kind=ThreadKind.DISCUSSION,
        suggestion=suggestion,
    )
    Post.objects.create(thread=discussion, author=customer, body="J'y tiens.")
    meeting = CommitteeMeeting.objects.create(
        title="Comité de juin", scheduled_for=now + timedelta(days=7), chair=chair
    )
    AgendaItem.objects.create(meeting=meeting, suggestion=suggestion, position=0)
    evaluation = Evaluation.objects.create(
        meeting=meeting,
        suggestion=suggestion,
        evaluator=committee,
        customer_benefit=5,
        technical_feasibility=4,
        cost=4,
        time_to_deliver=3,
        comment="Simple.",
    )
    # The chair scored too: a member reads the others' evaluations once they scored.
    Evaluation.objects.create(
        meeting=meeting,
        suggestion=suggestion,
        evaluator=chair,
        customer_benefit=4,
        technical_feasibility=4,
        cost=3,
        time_to_deliver=3,
    )
    decision = Decision.objects.create(
        suggestion=suggestion,
        meeting=meeting,
        outcome=DecisionOutcome.RETAINED,
        target_period="2027 Q1",
        internal_notes="Coût faible.",
        recorded_by=chair,
        published_at=now,
    )
    notification = OfficialAnswer.event(post=post).row(customer.pk, created_at=now)
    notification.save()
    flag = Flag.objects.create(reporter=customer, thread=thread, reason=FlagReason.OTHER)
    secrets = {}
    for n in range(len(ALL_SCOPES) + 1):
        for scopes in combinations(sorted(ALL_SCOPES), n):
            secrets[frozenset(scopes)] = issue_token(*scopes, partner=f"p-{'-'.join(scopes)}")[1]
    objects = {
        "Member": customer,
        "Category": cafe,
        "Thread": thread,
        "Post": post,
        "PostRevision": revision,
        "Suggestion": suggestion,
        "StatusChange": status_change,
        "Decision": decision,
        "Evaluation": evaluation,
        "CommitteeMeeting": meeting,
        "Notification": notification,
        "Flag": flag,
    }
    ids = {name: encode_id(name, obj.pk) for name, obj in objects.items()}
    # An e-mail's unsubscribe link of the customer's (what `emailUnsubscription` reads).
    ids["UnsubscribeToken"] = unsubscribe_token(member_id=customer.pk, scope="OFFICIAL_ANSWER")
    return World(members=members, ids=ids, secrets=secrets)


@pytest.fixture(scope="module")
def world(django_db_setup: None, django_db_blocker: DjangoDbBlocker) -> Iterator[World]:
    with (
        django_db_blocker.unblock(),
        override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]),
    ):
        built = _build()
        for key, member in built.members.items():
            built.sessions[key] = Client()
            built.sessions[key].force_login(member)
    yield built
    with django_db_blocker.unblock():
        Session.objects.filter(
            session_key__in=[c.session.session_key for c in built.sessions.values()]
        ).delete()
        delete_community()


# --- Roles -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Role:
    name: str
    audiences: frozenset[Audience] = frozenset()
    member: str | None = None  # key in World.members
    scopes: frozenset[str] | None = None  # a partner's token

    def allows(self, rule: Rule) -> bool:
        return rule.allows(self.audiences, self.scopes)

    def client(self, world: World, *, fresh: bool = False) -> Client:
        """`fresh`: a new session, for what ends it (`logout`)."""
        if self.scopes is not None:
            return Client(headers={"Authorization": f"Bearer {world.secrets[self.scopes]}"})
        if self.member is None:
            return Client()
        if not fresh:
            return world.sessions[self.member]
        client = Client()
        client.force_login(world.members[self.member])
        return client


# The customer owns every object of the data set (their profile, notification, flag, ...):
# for them, "self" holds.
MEMBER_ROLES = (
    Role("anonymous", frozenset({ANONYMOUS})),
    Role("customer", frozenset({CUSTOMER, SELF}), "customer"),
    Role("other_customer", frozenset({CUSTOMER}), "other_customer"),
    Role("adviser", frozenset({ADVISER}), "adviser"),
    Role("committee", frozenset({COMMITTEE}), "committee"),
    Role("chair", frozenset({COMMITTEE, CHAIR}), "chair"),
)


def partner(scopes: frozenset[str]) -> Role:
    return Role(f"partner[{','.join(sorted(scopes))}]", scopes=scopes)


# --- Reaching each type ----------------------------------------------------------------------


@dataclass(frozen=True)
class Step:
    parent: str  # the GraphQL type the field is on
    field: str
    args: str = ""  # e.g. '(first: 1)'; `{Suggestion}` stands for the data set's suggestion ID
    list: bool = False  # a list: its first element is followed
    object_type: str | None = None  # the concrete type reached (through `node`)
    fragment: bool = True  # `... on <object_type>` around what follows


def node(type_name: str, *, fragment: bool = True) -> Step:
    return Step(
        "Query", "node", f'(id: "{{{type_name}}}")', object_type=type_name, fragment=fragment
    )


STATS_PATH = Step("Query", "communityStats")
SEARCH = Step("Query", "search", '(query: "courrier")')

# How an object of each type is reached. A new type needs a path here (a test says so).
REACH: dict[str, tuple[Step, ...]] = {
    "Query": (),
    "Node": (node("Suggestion", fragment=False),),
    "Member": (node("Member"),),
    "Capabilities": (node("Member"), Step("Member", "capabilities")),
    "NotificationPreference": (
        node("Member"),
        Step("Member", "notificationPreferences", list=True),
    ),
    "EmailUnsubscription": (Step("Query", "emailUnsubscription", '(token: "{UnsubscribeToken}")'),),
    "Category": (node("Category"),),
    "Thread": (node("Thread"),),
    "Post": (node("Post"),),
    "PostRevision": (node("PostRevision"),),
    "Suggestion": (node("Suggestion"),),
    "StatusChange": (node("StatusChange"),),
    "Decision": (node("Decision"),),
    "EvaluationSummary": (node("Suggestion"), Step("Suggestion", "evaluationSummary")),
    "Evaluation": (node("Evaluation"),),
    "CommitteeMeeting": (node("CommitteeMeeting"),),
    "AgendaItem": (node("CommitteeMeeting"), Step("CommitteeMeeting", "agenda", list=True)),
    "Notification": (node("Notification"),),
    "Flag": (node("Flag"),),
    "CommunityStats": (STATS_PATH,),
    "SuggestionStatusCount": (
        STATS_PATH,
        Step("CommunityStats", "suggestionsByStatus", list=True),
    ),
    "DecisionOutcomeCount": (
        STATS_PATH,
        Step("CommunityStats", "publishedDecisionsByOutcome", list=True),
    ),
    "TargetPeriodCount": (STATS_PATH, Step("CommunityStats", "retainedByTargetPeriod", list=True)),
    "DecisionPromise": (STATS_PATH, Step("CommunityStats", "decisionPromise")),
    "SupportFigures": (STATS_PATH, Step("CommunityStats", "support")),
    "SupportWeek": (
        STATS_PATH,
        Step("CommunityStats", "support"),
        Step("SupportFigures", "weekly", list=True),
    ),
    "SearchResultConnection": (SEARCH,),
    "SearchResultEdge": (SEARCH, Step("SearchResultConnection", "edges", list=True)),
    "PageInfo": (SEARCH, Step("SearchResultConnection", "pageInfo")),
    "ThreadConnection": (Step("Query", "threads", "(first: 1)"),),
    "ThreadEdge": (
        Step("Query", "threads", "(first: 1)"),
        Step("ThreadConnection", "edges", list=True),
    ),
    "PostConnection": (node("Thread"), Step("Thread", "posts", "(first: 1)")),
    "PostEdge": (
        node("Thread"),
        Step("Thread", "posts", "(first: 1)"),
        Step("PostConnection", "edges", list=True),
    ),
    "SuggestionConnection": (Step("Query", "suggestions", "(first: 1)"),),
    "SuggestionEdge": (
        Step("Query", "suggestions", "(first: 1)"),
        Step("SuggestionConnection", "edges", list=True),
    ),
    "CommitteeMeetingConnection": (Step("Query", "committeeMeetings", "(first: 1)"),),
    "CommitteeMeetingEdge": (
        Step("Query", "committeeMeetings", "(first: 1)"),
        Step("CommitteeMeetingConnection", "edges", list=True),
    ),
    "FlagConnection": (Step("Query", "flags", "(first: 1)"),),
    "FlagEdge": (
        Step("Query", "flags", "(first: 1)"),
        Step("FlagConnection", "edges", list=True),
    ),
    "MemberConnection": (Step("Query", "members", "(first: 1)"),),
    "MemberEdge": (
        Step("Query", "members", "(first: 1)"),
        Step("MemberConnection", "edges", list=True),
    ),
    "NotificationConnection": (node("Member"), Step("Member", "notifications", "(first: 1)")),
    "NotificationEdge": (
        node("Member"),
        Step("Member", "notifications", "(first: 1)"),
        Step("NotificationConnection", "edges", list=True),
    ),
}

# Arguments of the fields that require some.
FIELD_ARGS = {
    ("Query", "node"): '(id: "{Suggestion}")',
    ("Query", "nodes"): '(ids: ["{Suggestion}"])',
    ("Query", "thread"): '(id: "{Thread}")',
    ("Query", "suggestion"): '(id: "{Suggestion}")',
    ("Query", "search"): '(query: "courrier")',
    ("Query", "similarSuggestions"): '(title: "publicité par courrier")',
    ("Query", "emailUnsubscription"): '(token: "{UnsubscribeToken}")',
}


# Read over WebSocket only, by subscriptions: tests/api/core/test_subscriptions.py checks
# their cells there, as every role.
LIVE_TYPES = ("Subscription", "ThreadUpdate", "NotificationUpdate")


def _readable_types() -> list[str]:
    """Every object or interface type but the root Mutation and its payloads, errors and
    notices, which the mutation test below covers, and the subscriptions' (`LIVE_TYPES`)."""
    mutation_results = set()
    mutation_type = schema._schema.mutation_type
    assert mutation_type is not None
    for f in mutation_type.fields.values():
        payload = get_named_type(f.type)
        assert isinstance(payload, GraphQLObjectType)
        mutation_results.add(payload.name)
        for name in ("errors", "notices"):
            if name in payload.fields:
                mutation_results.add(get_named_type(payload.fields[name].type).name)
    return sorted(
        name
        for name, t in TYPE_MAP.items()
        if not name.startswith("__")
        and isinstance(t, GraphQLObjectType | GraphQLInterfaceType)
        and name != "Mutation"
        and name not in LIVE_TYPES
        and name not in mutation_results
    )


READABLE_TYPES = _readable_types()


def test_every_readable_type_has_a_path() -> None:
    assert sorted(set(READABLE_TYPES) - set(REACH)) == []


# --- What the table expects ------------------------------------------------------------------

Path = tuple[str | int, ...]


@dataclass
class Expected:
    """For one role and one document: the FORBIDDEN errors, and for each leaf where it
    stands."""

    forbidden: set[Path] = field(default_factory=set)
    values: list[Path] = field(default_factory=list)  # leaves that answer their value
    refused: list[Path] = field(default_factory=list)  # leaves null with FORBIDDEN
    silenced: list[Path] = field(default_factory=list)  # leaves null without an error
    unreached: Path | None = None  # where the object stops: null or an empty list
    blocked_at: Path | None = None  # a step refused with FORBIDDEN


def _type_of(parent: str, name: str) -> str:
    gql_type = TYPE_MAP[parent]
    assert isinstance(gql_type, GraphQLObjectType | GraphQLInterfaceType)
    return get_named_type(gql_type.fields[name].type).name


def _rule(parent: str, name: str) -> Rule:
    found = classify(parent, name)
    assert found is not None, f"{parent}.{name} is not in the table"
    return found


def expect(role: Role, type_name: str, leaves: list[str]) -> Expected:
    expected = Expected()
    path: Path = ()
    for step in REACH[type_name]:
        path = (*path, step.field)
        step_rule = _rule(step.parent, step.field)
        if not role.allows(step_rule):
            if not step_rule.silent:
                expected.forbidden.add(path)
            expected.blocked_at = path
            return expected
        reached = step.object_type or _type_of(step.parent, step.field)
        reach = reach_of(reached)
        if reach is not None and not role.allows(reach):
            expected.unreached = path
            return expected
        if step.list:
            path = (*path, 0)
    for leaf in leaves:
        leaf_rule = _rule(type_name, leaf)
        if role.allows(leaf_rule):
            expected.values.append((*path, leaf))
        elif leaf_rule.silent:
            expected.silenced.append((*path, leaf))
        else:
            expected.refused.append((*path, leaf))
            expected.forbidden.add((*path, leaf))
    return expected


def _requirements(type_name: str, leaf: str) -> list[Rule]:
    rules = []
    for step in REACH[type_name]:
        rules.append(_rule(step.parent, step.field))
        reach = reach_of(step.object_type or _type_of(step.parent, step.field))
        if reach is not None:
            rules.append(reach)
    return [*rules, _rule(type_name, leaf)]


def partner_roles(type_name: str, leaves: list[str]) -> list[Role]:
    """For each leaf, a token with what it needs and one without (the scopes of the leaf's
    own rule, or else of the nearest rule that asks for any)."""
    variants = {ALL_SCOPES}
    for leaf in leaves:
        rules = _requirements(type_name, leaf)
        groups = [r.partner for r in rules]
        if any(g is None for g in groups):
            continue  # never for partners: the two variants above show it
        needed = [g for g in groups if g]
        if not needed:
            continue
        variants.add(frozenset(g[0] for g in needed))
        variants.add(ALL_SCOPES - set(needed[-1]))
    return [partner(v) for v in sorted(variants, key=lambda v: (len(v), sorted(v)))]


# --- The documents ---------------------------------------------------------------------------


def _selection(parent: str, name: str) -> str:
    args = FIELD_ARGS.get((parent, name), "")
    parent_type = TYPE_MAP[parent]
    assert isinstance(parent_type, GraphQLObjectType | GraphQLInterfaceType)
    gql_type = get_named_type(parent_type.fields[name].type)
    if isinstance(gql_type, GraphQLObjectType | GraphQLInterfaceType | GraphQLUnionType):
        return f"{name}{args} {{ __typename }}"
    return f"{name}{args}"


def document(type_name: str, leaves: list[str], ids: dict[str, str]) -> str:
    inner = " ".join(_selection(type_name, leaf) for leaf in leaves)
    for step in reversed(REACH[type_name]):
        if step.object_type is not None and step.fragment:
            inner = f"... on {step.object_type} {{ {inner} }}"
        inner = f"{step.field}{step.args} {{ {inner} }}"
    text = f"{{ {inner} }}"
    for name, gid in ids.items():
        text = text.replace(f"{{{name}}}", gid)
    return text


_MISSING = object()


def _dig(data: Any, path: Path) -> Any:
    for key in path:
        if data is None:
            return None
        if isinstance(key, int):
            if not isinstance(data, list):
                return _MISSING
            if len(data) <= key:
                return []
            data = data[key]
        else:
            if not isinstance(data, dict) or key not in data:
                return _MISSING
            data = data[key]
    return data


def check(result: dict[str, Any], expected: Expected, where: str) -> None:
    errors = result.get("errors", [])
    got = {(tuple(e["path"]), e["extensions"]["code"]) for e in errors}
    assert got == {(p, "FORBIDDEN") for p in expected.forbidden}, where
    data = result["data"]
    if expected.blocked_at is not None:
        assert _dig(data, expected.blocked_at) is None, where
    if expected.unreached is not None:
        assert _dig(data, expected.unreached) in (None, []), where
    for path in expected.values:
        parent = _dig(data, path[:-1])
        assert isinstance(parent, dict) and path[-1] in parent, (where, path)
    for path in expected.refused:
        assert _dig(data, path) is None, (where, path)
    for path in expected.silenced:
        parent = _dig(data, path[:-1])
        assert isinstance(parent, dict) and parent[path[-1]] is None, (where, path)


def _post(client: Client, query: str) -> dict[str, Any]:
    response = client.post(
        "/graphql", json.dumps({"query": query}), content_type="application/json"
    )
    assert response.status_code == 200, response.content
    body: dict[str, Any] = response.json()
    body.pop("extensions", None)  # partners' rateLimit
    return body


@pytest.mark.parametrize("type_name", READABLE_TYPES)
def test_every_field_as_every_role(world: World, type_name: str) -> None:
    gql_type = TYPE_MAP[type_name]
    assert isinstance(gql_type, GraphQLObjectType | GraphQLInterfaceType)
    leaves = list(gql_type.fields)
    query = document(type_name, leaves, world.ids)
    for role in (*MEMBER_ROLES, *partner_roles(type_name, leaves)):
        result = _post(role.client(world), query)
        check(result, expect(role, type_name, leaves), f"{type_name} as {role.name}: {result}")


# --- Mutations -------------------------------------------------------------------------------

# For each mutation, input that changes nothing whoever calls it (an ID that does not exist,
# a blank text): an allowed role gets its payload (with a typed error), a refused one a
# top-level error. `{Thread:0}`: a thread ID that does not exist.
NOTHING = 999_999
MUTATION_INPUTS: dict[str, str] = {
    "login": '{username: "matrix-nobody", password: "wrong"}',
    "logout": "{}",
    "eraseMyAccount": '{password: "not the password"}',
    "createThread": '{categoryId: "{Category:0}", kind: QUESTION, title: "T", body: "B"}',
    "replyToThread": '{threadId: "{Thread:0}", body: "B"}',
    "acceptAnswer": '{postId: "{Post:0}"}',
    "resolveThread": '{threadId: "{Thread:0}"}',
    "closeThread": '{threadId: "{Thread:0}"}',
    "reopenThread": '{threadId: "{Thread:0}"}',
    "lockThread": '{threadId: "{Thread:0}"}',
    "unlockThread": '{threadId: "{Thread:0}"}',
    "assignThread": '{threadId: "{Thread:0}"}',
    "editPost": '{postId: "{Post:0}", body: "B"}',
    "followThread": '{threadId: "{Thread:0}"}',
    "unfollowThread": '{threadId: "{Thread:0}"}',
    "flagContent": '{contentId: "{Thread:0}", reason: SPAM}',
    "hideContent": '{contentId: "{Thread:0}", reason: "R"}',
    "unhideContent": '{contentId: "{Thread:0}"}',
    "dismissFlag": '{flagId: "{Flag:0}"}',
    "submitSuggestion": '{title: " ", body: " "}',
    "editSuggestion": '{suggestionId: "{Suggestion:0}", title: "T", body: "B"}',
    "withdrawSuggestion": '{suggestionId: "{Suggestion:0}"}',
    "voteForSuggestion": '{suggestionId: "{Suggestion:0}"}',
    "withdrawVote": '{suggestionId: "{Suggestion:0}"}',
    "changeSuggestionStatus": '{suggestionId: "{Suggestion:0}", status: UNDER_REVIEW}',
    "markSuggestionDuplicate": '{suggestionId: "{Suggestion:0}", originalId: "{Suggestion:0}"}',
    "followSuggestion": '{suggestionId: "{Suggestion:0}"}',
    "unfollowSuggestion": '{suggestionId: "{Suggestion:0}"}',
    "commentOnSuggestion": '{suggestionId: "{Suggestion:0}", body: "B"}',
    "scheduleCommitteeMeeting": '{scheduledFor: "2030-01-01T10:00:00+00:00", title: " "}',
    "setMeetingAgenda": '{meetingId: "{CommitteeMeeting:0}", suggestionIds: []}',
    "scoreSuggestion": '{suggestionId: "{Suggestion:0}", meetingId: "{CommitteeMeeting:0}", '
    "customerBenefit: 3, technicalFeasibility: 3, cost: 3, timeToDeliver: 3}",
    "recordDecision": '{suggestionId: "{Suggestion:0}", outcome: RETAINED, targetPeriod: "2030"}',
    "publishDecision": '{decisionId: "{Decision:0}"}',
    "markNotificationsRead": '{ids: ["{Notification:0}"]}',
    # What already holds (UNCHANGED), and a link that is not one (INVALID_TOKEN).
    "setLanguage": "{language: FR}",
    "setNotificationPreference": "{kind: OFFICIAL_ANSWER, delivery: IMMEDIATE}",
    "unsubscribeFromEmail": '{token: "not-a-link"}',
}


def test_every_mutation_has_harmless_input() -> None:
    mutation_type = schema._schema.mutation_type
    assert mutation_type is not None
    assert sorted(mutation_type.fields) == sorted(MUTATION_INPUTS)


def _mutation_document(name: str) -> str:
    mutation_type = schema._schema.mutation_type
    assert mutation_type is not None
    payload = get_named_type(mutation_type.fields[name].type)
    assert isinstance(payload, GraphQLObjectType)
    selection = " ".join(_selection(payload.name, f) for f in payload.fields).replace(
        "errors { __typename }", "errors { code message field }"
    )
    text = f"mutation {{ {name}(input: {MUTATION_INPUTS[name]}) {{ {selection} }} }}"
    return re.sub(r"\{(\w+):0\}", lambda m: encode_id(m[1], NOTHING), text)


def _row_counts() -> dict[str, int]:
    """Rows of every model but the rate-limit counters (a partner's request and a failed
    login are counted there: that is the point of them)."""
    models = apps.get_app_config("community").get_models()
    return {m.__name__: m._default_manager.count() for m in models if m is not Counter}


@pytest.mark.parametrize("name", sorted(MUTATION_INPUTS))
def test_every_mutation_as_every_role(world: World, name: str) -> None:
    rule = MUTATIONS[name]
    query = _mutation_document(name)
    mutation_type = schema._schema.mutation_type
    assert mutation_type is not None
    # A refused non-null payload (`login`, `logout`) takes `data` with it.
    refused_data = (
        None if isinstance(mutation_type.fields[name].type, GraphQLNonNull) else {name: None}
    )
    before = _row_counts()
    roles = (*MEMBER_ROLES, partner(ALL_SCOPES), partner(frozenset()))
    for role in roles:
        result = _post(role.client(world, fresh=name == "logout"), query)
        where = f"{name} as {role.name}: {result}"
        if role.allows(rule):
            assert "errors" not in result, where
            assert isinstance(result["data"][name], dict), where
        else:
            code = "UNAUTHENTICATED" if role.name == "anonymous" else "FORBIDDEN"
            assert [(e["path"], e["extensions"]["code"]) for e in result["errors"]] == [
                ([name], code)
            ], where
            assert result["data"] == refused_data, where
    # Bad input changes nothing, whoever sends it.
    assert _row_counts() == before
