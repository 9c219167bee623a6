"""The audit trail of the API: every staff action writes an AuditEvent, with its request id, in
the action's own transaction (an action that fails leaves none, a customer's action is
none), and the API offers no way to write the log."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from models.models import (
    AuditEvent,
    CommitteeMeeting,
    Decision,
    Member,
    Suggestion,
    SuggestionStatus,
)
from schema import schema
from tests.factories import PostFactory, SuggestionFactory, ThreadFactory, add_votes
from tests.graphql import GraphQLClient, gid, iso

pytestmark = pytest.mark.django_db

S = SuggestionStatus
EVENT_FIELDS = ("actor_id", "action", "target_type", "target_id", "before", "after")


class Staff:
    """A role-named client that keeps each response's request id."""

    def __init__(self, member: Member) -> None:
        self.member = member
        self.client = GraphQLClient(member)
        self.request_ids: list[str] = []

    def __call__(self, mutation: str, variables: dict[str, Any]) -> dict[str, Any]:
        response = self.client.post(mutation, variables)
        assert response.status_code == 200, response.content
        result: dict[str, Any] = response.json()
        assert "errors" not in result, result
        (payload,) = result["data"].values()
        assert payload["errors"] == [], payload
        self.request_ids.append(response["X-Request-Id"])
        return payload


def _events_since(first_id: int) -> list[tuple[Any, ...]]:
    return list(
        AuditEvent.objects.filter(id__gt=first_id)
        .order_by("id")
        .values_list(*EVENT_FIELDS, "request_id")
    )


def _last_event_id() -> int:
    return AuditEvent.objects.order_by("-id").values_list("id", flat=True).first() or 0


def test_every_staff_action_of_the_api_is_audited_with_its_request_id(
    adviser: Member, chair: Member, customer: Member, other_customer: Member
) -> None:
    julien, helene = Staff(adviser), Staff(chair)
    idea = SuggestionFactory.create(author=customer, title="Relevés en PDF")
    dup = SuggestionFactory.create(author=other_customer, title="Relevés PDF")
    add_votes(dup, [other_customer])
    thread = ThreadFactory.create(author=customer, kind="QUESTION")
    post = PostFactory.create(thread=thread, author=customer)
    start = _last_event_id()

    julien(
        "mutation($id: ID!) { changeSuggestionStatus(input: {suggestionId: $id, "
        'status: UNDER_REVIEW, publicNote: "À l\'étude."}) { errors { code } } }',
        {"id": gid(idea)},
    )
    julien(
        "mutation($id: ID!, $o: ID!) { markSuggestionDuplicate(input: {suggestionId: $id, "
        "originalId: $o}) { errors { code } } }",
        {"id": gid(dup), "o": gid(idea)},
    )
    julien(
        "mutation($id: ID!) { changeSuggestionStatus(input: {suggestionId: $id, "
        "status: SHORTLISTED}) { errors { code } } }",
        {"id": gid(idea)},
    )
    julien(
        'mutation($id: ID!) { hideContent(input: {contentId: $id, reason: "Hors sujet"}) '
        "{ errors { code } } }",
        {"id": gid(post)},
    )
    post.refresh_from_db()
    hidden_at = iso(post.hidden_at)
    julien(
        "mutation($id: ID!) { unhideContent(input: {contentId: $id}) { errors { code } } }",
        {"id": gid(post)},
    )
    julien(
        "mutation($t: ID!, $a: ID!) { assignThread(input: {threadId: $t, adviserId: $a}) "
        "{ errors { code } } }",
        {"t": gid(thread), "a": gid(adviser)},
    )
    for verb in ("lockThread", "unlockThread", "closeThread", "reopenThread"):
        julien(
            f"mutation($t: ID!) {{ {verb}(input: {{threadId: $t}}) {{ errors {{ code }} }} }}",
            {"t": gid(thread)},
        )
    when = (timezone.now() + timedelta(days=10)).replace(microsecond=0)
    scheduled = julien(
        "mutation($at: DateTime!) { scheduleCommitteeMeeting(input: {scheduledFor: $at, "
        'title: "Comité de juin"}) { meeting { id } errors { code } } }',
        {"at": when.isoformat()},
    )
    meeting = CommitteeMeeting.objects.get()
    assert scheduled["meeting"]["id"] == gid(meeting)
    julien(
        "mutation($m: ID!, $s: [ID!]!) { setMeetingAgenda(input: {meetingId: $m, "
        "suggestionIds: $s}) { errors { code } } }",
        {"m": gid(meeting), "s": [gid(idea)]},
    )
    record = (
        "mutation($s: ID!, $m: ID!, $o: DecisionOutcome!, $p: String!, $r: String!) { "
        "recordDecision(input: {suggestionId: $s, meetingId: $m, outcome: $o, "
        "targetPeriod: $p, publicRationale: $r}) { decision { id } errors { code } } }"
    )
    helene(record, {"s": gid(idea), "m": gid(meeting), "o": "DEFERRED", "p": "", "r": "Plus tard."})
    helene(record, {"s": gid(idea), "m": gid(meeting), "o": "RETAINED", "p": "2027 Q1", "r": ""})
    decision = Decision.objects.get()
    helene(
        "mutation($d: ID!) { publishDecision(input: {decisionId: $d}) { errors { code } } }",
        {"d": gid(decision)},
    )
    decision.refresh_from_db()
    thread.refresh_from_db()

    a, c = adviser.pk, chair.pk
    rid = julien.request_ids
    hid = helene.request_ids
    thread_state = {"status": "OPEN", "accepted_post": None, "resolved_at": None}
    assert _events_since(start) == [
        (
            a,
            "suggestion.change_status",
            "Suggestion",
            str(idea.pk),
            {"status": "SUBMITTED"},
            {"status": "UNDER_REVIEW", "public_note": "À l'étude."},
            rid[0],
        ),
        (
            a,
            "suggestion.change_status",
            "Suggestion",
            str(dup.pk),
            {"status": "SUBMITTED"},
            {"status": "DUPLICATE", "public_note": "Fusionnée avec une autre idée."},
            rid[1],
        ),
        (
            a,
            "suggestion.mark_duplicate",
            "Suggestion",
            str(dup.pk),
            {"status": "SUBMITTED"},
            {"duplicate_of": idea.pk, "votes_moved": 1},
            rid[1],
        ),
        (
            a,
            "suggestion.change_status",
            "Suggestion",
            str(idea.pk),
            {"status": "UNDER_REVIEW"},
            {"status": "SHORTLISTED", "public_note": ""},
            rid[2],
        ),
        (
            a,
            "content.hide",
            "Post",
            str(post.pk),
            {"hidden_at": None, "hidden_by": None, "hidden_reason": ""},
            {"hidden_at": hidden_at, "hidden_by": a, "hidden_reason": "Hors sujet"},
            rid[3],
        ),
        (
            a,
            "content.unhide",
            "Post",
            str(post.pk),
            {"hidden_at": hidden_at, "hidden_by": a, "hidden_reason": "Hors sujet"},
            {"hidden_at": None, "hidden_by": None, "hidden_reason": ""},
            rid[4],
        ),
        (
            a,
            "thread.assign",
            "Thread",
            str(thread.pk),
            {"assigned_adviser": None},
            {"assigned_adviser": a},
            rid[5],
        ),
        (
            a,
            "thread.lock",
            "Thread",
            str(thread.pk),
            {"is_locked": False},
            {"is_locked": True},
            rid[6],
        ),
        (
            a,
            "thread.unlock",
            "Thread",
            str(thread.pk),
            {"is_locked": True},
            {"is_locked": False},
            rid[7],
        ),
        (
            a,
            "thread.close",
            "Thread",
            str(thread.pk),
            thread_state,
            {**thread_state, "status": "CLOSED"},
            rid[8],
        ),
        (
            a,
            "thread.reopen",
            "Thread",
            str(thread.pk),
            {**thread_state, "status": "CLOSED"},
            thread_state,
            rid[9],
        ),
        (
            a,
            "meeting.schedule",
            "CommitteeMeeting",
            str(meeting.pk),
            None,
            {"title": "Comité de juin", "scheduled_for": meeting.scheduled_for.isoformat()},
            rid[10],
        ),
        (
            a,
            "meeting.set_agenda",
            "CommitteeMeeting",
            str(meeting.pk),
            {"agenda": []},
            {"agenda": [idea.pk]},
            rid[11],
        ),
        (
            c,
            "decision.record",
            "Decision",
            str(decision.pk),
            None,
            {"suggestion": idea.pk, "outcome": "DEFERRED", "target_period": ""},
            hid[0],
        ),
        (
            c,
            "decision.record",
            "Decision",
            str(decision.pk),
            {"outcome": "DEFERRED", "target_period": ""},
            {"suggestion": idea.pk, "outcome": "RETAINED", "target_period": "2027 Q1"},
            hid[1],
        ),
        (
            c,
            "suggestion.change_status",
            "Suggestion",
            str(idea.pk),
            {"status": "SHORTLISTED"},
            {"status": "RETAINED", "public_note": "Retenue par le comité."},
            hid[2],
        ),
        (
            c,
            "decision.publish",
            "Decision",
            str(decision.pk),
            None,
            {"outcome": "RETAINED", "published_at": iso(decision.published_at)},
            hid[2],
        ),
    ]
    # One id per request, as the response said.
    assert len(set(rid + hid)) == len(rid + hid)


def test_an_action_that_fails_leaves_no_event(
    chair: Member, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The event is written in the action's transaction: what rolls back the one rolls back
    the other."""
    idea = SuggestionFactory.create(status=S.SHORTLISTED)
    decision = Decision.objects.create(
        suggestion=idea, outcome="RETAINED", target_period="2027 Q1", recorded_by=chair
    )

    def broken(**_: Any) -> None:
        raise RuntimeError("the notification queue is down")

    monkeypatch.setattr("resolvers.services.committee.notify", broken)
    result = GraphQLClient(chair)(
        "mutation($d: ID!) { publishDecision(input: {decisionId: $d}) { errors { code } } }",
        {"d": gid(decision)},
    )
    assert result["errors"][0]["extensions"] == {"code": "INTERNAL"}
    decision.refresh_from_db()
    idea.refresh_from_db()
    assert (decision.published_at, idea.status) == (None, S.SHORTLISTED)
    assert AuditEvent.objects.count() == 0


def test_customers_actions_are_not_staff_actions(customer_client: GraphQLClient) -> None:
    customer_client(
        'mutation { submitSuggestion(input: {title: "Virements instantanés gratuits", '
        'body: "Sans frais, comme ailleurs."}) { errors { code } } }'
    )
    assert Suggestion.objects.count() == 1
    assert AuditEvent.objects.count() == 0


def test_the_api_exposes_no_way_to_write_the_log() -> None:
    mutations = schema.get_type_by_name("Mutation")
    assert mutations is not None
    names = [f.name for f in mutations.fields]  # type: ignore[union-attr]
    assert not [n for n in names if "audit" in n.lower()]
    assert schema.get_type_by_name("AuditEvent") is None
