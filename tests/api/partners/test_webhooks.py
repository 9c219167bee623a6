"""Partners' webhooks end to end: a change made through the API, the worker's tasks, and a
real HTTP receiver that checks each request's Standard Webhooks signature with the
`standardwebhooks` library, as a partner would; payloads hold what the partner's token
reads through the API, in the same IDs and spellings, and nothing more."""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone
from django_tasks_db.models import DBTaskResult
from standardwebhooks import Webhook

from models.models import (
    AgendaItem,
    CommitteeMeeting,
    Decision,
    Member,
    OutboxEvent,
    Suggestion,
    SuggestionStatus,
    ThreadKind,
    TokenScope,
    WebhookDelivery,
    WebhookDeliveryStatus,
    WebhookEventType,
)
from resolvers.services.moderation import ContentKind, ContentRef, content_hide
from resolvers.services.partners import webhook_endpoint_create
from resolvers.services.suggestions import suggestion_change_status, suggestion_submit
from resolvers.services.threads import thread_close, thread_create, thread_reply
from resolvers.services.votes import vote_cast
from resolvers.tasks import dispatch_event
from tests.api.committee.test_record_decision import RECORD
from tests.factories import CategoryFactory, CustomerFactory, SuggestionFactory, issue_token
from tests.graphql import GraphQLClient, gid, iso
from tests.outbox import run_tasks
from tests.receiver import Receiver

pytestmark = pytest.mark.django_db

S = TokenScope.SUGGESTIONS_READ
D = TokenScope.DECISIONS_READ
T = TokenScope.THREADS_READ

PUBLISH = (
    "mutation($id: ID!) { publishDecision(input: {decisionId: $id}) { decision { isPublished } "
    "errors { code } } }"
)
# What the partner's token reads of the decision and its suggestion through the API: the
# payload of `decision.published` must say exactly this.
DECISION_AS_READ = (
    "query($d: ID!, $s: ID!) { decision: node(id: $d) { ... on Decision { id outcome "
    "publicRationale targetPeriod publishedAt } } suggestion: node(id: $s) { ... on "
    "Suggestion { id status } } }"
)


@pytest.fixture(autouse=True)
def _local_receivers(settings: Any) -> None:
    # The receiver runs on this machine (127.0.0.1), in plain HTTP: allowed as under
    # `make run` (DEBUG on, private networks allowed), never in production.
    settings.DEBUG = True
    settings.WEBHOOKS_ALLOW_PRIVATE_NETWORKS = True


class Partner:
    """A partner with a token of the given scopes and a webhook endpoint on `receiver`."""

    def __init__(self, receiver: Receiver, *scopes: str, event_types: list[str]) -> None:
        token, self.token_secret = issue_token(*scopes, partner="Comparateur")
        issued = webhook_endpoint_create(
            token_id=token.pk, url=receiver.url(), event_types=event_types, created_by=None
        )
        self.endpoint = issued.endpoint
        self.secret = issued.secret
        self.api = GraphQLClient(token=self.token_secret)
        self.receiver = receiver

    def read(self, query: str, variables: dict[str, Any]) -> Any:
        """What the partner's token reads through the API (`data`, with no error)."""
        result = self.api(query, variables)
        assert "errors" not in result, result
        return result["data"]

    def verified(self) -> list[tuple[str, Any]]:
        """Every request received, oldest first: its `webhook-id` and its payload, once its
        signature is verified with the partner's secret (raises otherwise)."""
        webhook = Webhook(self.secret)
        return [
            (r.headers["webhook-id"], webhook.verify(r.body, r.headers))
            for r in self.receiver.requests
        ]


def _decision_to_publish(chair_client: GraphQLClient, chair: Member) -> tuple[Suggestion, str]:
    """A shortlisted suggestion on a meeting's agenda with a draft decision recorded by the
    chair through the API; returns the suggestion and the draft's ID."""
    meeting = CommitteeMeeting.objects.create(
        title="Comité de mars", chair=chair, scheduled_for=timezone.now() + timedelta(days=7)
    )
    suggestion = SuggestionFactory.create(
        title="Épargne automatique", status=SuggestionStatus.SHORTLISTED
    )
    AgendaItem.objects.create(meeting=meeting, suggestion=suggestion, position=0)
    recorded = chair_client(
        RECORD,
        {
            "input": {
                "suggestionId": gid(suggestion),
                "meetingId": gid(meeting),
                "outcome": "RETAINED",
                "publicRationale": "Très demandé.",
                "targetPeriod": "2027 Q2",
                "internalNotes": "Budget validé par la direction.",
            }
        },
    )
    assert recorded["data"]["recordDecision"]["errors"] == []
    return suggestion, gid(Decision.objects.get(suggestion=suggestion))


def _publish(chair_client: GraphQLClient, decision_id: str) -> None:
    result = chair_client(PUBLISH, {"id": decision_id})
    assert result == {
        "data": {"publishDecision": {"decision": {"isPublished": True}, "errors": []}}
    }


def _expected_decision_payload(suggestion: Suggestion) -> dict[str, Any]:
    decision = Decision.objects.get(suggestion=suggestion)
    event = OutboxEvent.objects.get(kind="DECISION_PUBLISHED")
    return {
        "type": "decision.published",
        "timestamp": iso(event.created_at),
        "data": {
            "decision": {
                "id": gid(decision),
                "outcome": "RETAINED",
                "publicRationale": "Très demandé.",
                "targetPeriod": "2027 Q2",
                "publishedAt": iso(decision.published_at),
            },
            "suggestion": {"id": gid(suggestion), "status": "RETAINED"},
        },
    }


def test_a_partner_receives_a_published_decision_signed_as_standard_webhooks_says(
    chair_client: GraphQLClient, chair: Member, receiver: Receiver
) -> None:
    partner = Partner(receiver, S, D, event_types=[WebhookEventType.DECISION_PUBLISHED])
    suggestion, decision_id = _decision_to_publish(chair_client, chair)
    _publish(chair_client, decision_id)
    # Nothing leaves before the worker runs the outbox's tasks.
    assert receiver.requests == []
    run_tasks()

    event = OutboxEvent.objects.get(kind="DECISION_PUBLISHED")
    payload = _expected_decision_payload(suggestion)
    assert partner.verified() == [(str(event.pk), payload)]
    request = receiver.requests[0]
    assert request.path == "/hooks/comptoir"
    assert request.headers["content-type"] == "application/json"
    assert request.headers["host"] == f"127.0.0.1:{receiver.port}"
    # The body is the payload's compact JSON, UTF-8 as is.
    assert request.body == json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode()
    # Exactly what the partner's token reads through the API, and nothing of the committee's
    # internal notes.
    read = partner.read(DECISION_AS_READ, {"d": decision_id, "s": gid(suggestion)})
    assert read == payload["data"]
    assert b"Budget" not in request.body
    delivery = WebhookDelivery.objects.get()
    assert (delivery.status, delivery.attempts, delivery.last_status_code) == (
        WebhookDeliveryStatus.DELIVERED,
        1,
        204,
    )
    # Nothing more is sent, whatever the worker does next.
    assert run_tasks() == 0
    assert len(receiver.requests) == 1


def _run_retry(delay: timedelta) -> None:
    """Check the one retry queued is due `delay` after the attempt before it (the retry
    schedule, give or take the attempt's own length), then run it as the worker would once
    that time passed."""
    delivery = WebhookDelivery.objects.get()
    assert delivery.next_attempt_at is not None and delivery.last_attempt_at is not None
    waited = delivery.next_attempt_at - delivery.last_attempt_at
    assert delay <= waited < delay + timedelta(seconds=6), waited
    task = DBTaskResult.objects.get(status="READY")
    assert task.run_after == delivery.next_attempt_at
    assert run_tasks() == 0  # not due yet
    DBTaskResult.objects.filter(pk=task.pk).update(run_after=timezone.now())
    assert run_tasks() == 1


def test_after_three_failures_the_endpoint_recovers_and_gets_the_event_once_more_same_id(
    chair_client: GraphQLClient, chair: Member, receiver: Receiver
) -> None:
    partner = Partner(receiver, S, D, event_types=[WebhookEventType.DECISION_PUBLISHED])
    suggestion, decision_id = _decision_to_publish(chair_client, chair)
    receiver.answer(500, 500, 500)
    _publish(chair_client, decision_id)
    run_tasks()
    _run_retry(timedelta(seconds=5))
    _run_retry(timedelta(minutes=5))
    _run_retry(timedelta(minutes=30))

    event = OutboxEvent.objects.get(kind="DECISION_PUBLISHED")
    payload = _expected_decision_payload(suggestion)
    # Four requests, the same webhook-id and payload, each validly signed; the fourth was
    # answered 204: the event arrived once.
    assert partner.verified() == [(str(event.pk), payload)] * 4
    assert [r.answered for r in receiver.requests] == [500, 500, 500, 204]
    assert len({r.body for r in receiver.requests}) == 1
    delivery = WebhookDelivery.objects.get()
    assert (delivery.status, delivery.attempts, delivery.last_status_code) == (
        WebhookDeliveryStatus.DELIVERED,
        4,
        204,
    )
    assert list(
        delivery.attempt_log.order_by("attempted_at").values_list("status_code", "error")
    ) == [
        (500, "HTTP 500"),
        (500, "HTTP 500"),
        (500, "HTTP 500"),
        (204, ""),
    ]
    # Nothing else is queued: no other request will come.
    assert not DBTaskResult.objects.filter(status="READY").exists()
    partner.endpoint.refresh_from_db()
    assert partner.endpoint.failing_since is None


def _payloads(partner: Partner) -> list[dict[str, Any]]:
    run_tasks()
    return [payload for _, payload in partner.verified()]


def test_every_event_type_carries_what_the_api_gives_the_partner_and_no_personal_data(
    customer: Member, adviser: Member, receiver: Receiver
) -> None:
    partner = Partner(receiver, S, D, T, event_types=list(WebhookEventType.values))
    category = CategoryFactory.create()
    # The worker runs after each change, as it would: each payload is read when its event
    # is dispatched.
    suggestion = suggestion_submit(author=customer, title="Une idée", body="Pratique.").value
    run_tasks()
    voter = CustomerFactory.create(username="lea", display_name="Léa")
    vote_cast(member=voter, suggestion_id=suggestion.pk)
    run_tasks()
    suggestion_change_status(
        actor=adviser, suggestion_id=suggestion.pk, status=SuggestionStatus.UNDER_REVIEW
    )
    run_tasks()
    thread = thread_create(
        author=customer,
        category_id=category.pk,
        kind=ThreadKind.QUESTION,
        title="Virement",
        body="Comment faire ?",
    ).value
    run_tasks()
    reply = thread_reply(author=adviser, thread_id=thread.pk, body="Ainsi.")
    run_tasks()
    thread_close(actor=adviser, thread_id=thread.pk)
    payloads = _payloads(partner)
    suggestion.refresh_from_db()
    thread.refresh_from_db()
    events = {e.webhook_type: e for e in OutboxEvent.objects.all()}
    s_id, t_id, p_id = gid(suggestion), gid(thread), gid(reply)

    def at(event_type: str) -> str | None:
        return iso(events[event_type].created_at)

    assert payloads == [
        {
            "type": "suggestion.submitted",
            "timestamp": at("suggestion.submitted"),
            "data": {
                "suggestion": {
                    "id": s_id,
                    "status": "SUBMITTED",
                    "createdAt": iso(suggestion.created_at),
                }
            },
        },
        {
            "type": "vote_count.changed",
            "timestamp": at("vote_count.changed"),
            "data": {"suggestion": {"id": s_id, "voteCount": 2}},
        },
        {
            "type": "suggestion_status.changed",
            "timestamp": at("suggestion_status.changed"),
            "data": {
                "suggestion": {
                    "id": s_id,
                    "status": "UNDER_REVIEW",
                    "updatedAt": iso(suggestion.updated_at),
                }
            },
        },
        {
            "type": "thread.created",
            "timestamp": at("thread.created"),
            "data": {
                "thread": {
                    "id": t_id,
                    "kind": "QUESTION",
                    "status": "OPEN",
                    "createdAt": iso(thread.created_at),
                }
            },
        },
        {
            "type": "post.created",
            "timestamp": at("post.created"),
            "data": {
                "post": {"id": p_id, "isOfficial": True, "createdAt": iso(reply.created_at)},
                "thread": {"id": t_id},
            },
        },
        {
            "type": "thread_status.changed",
            "timestamp": at("thread_status.changed"),
            "data": {"thread": {"id": t_id, "status": "CLOSED"}},
        },
    ]
    # The API gives the partner the same values under the same IDs (a vote count and
    # statuses as they are now, which is what the last events of each said).
    read = partner.read(
        "query($s: ID!, $t: ID!, $p: ID!) { s: node(id: $s) { ... on Suggestion { id status "
        "voteCount createdAt updatedAt } } t: node(id: $t) { ... on Thread { id kind status "
        "createdAt } } p: node(id: $p) { ... on Post { id isOfficial createdAt thread { id } } } }",
        {"s": s_id, "t": t_id, "p": p_id},
    )
    assert read == {
        "s": {
            "id": s_id,
            "status": "UNDER_REVIEW",
            "voteCount": 2,
            "createdAt": iso(suggestion.created_at),
            "updatedAt": iso(suggestion.updated_at),
        },
        "t": {
            "id": t_id,
            "kind": "QUESTION",
            "status": "CLOSED",
            "createdAt": iso(thread.created_at),
        },
        "p": {
            "id": p_id,
            "isOfficial": True,
            "createdAt": iso(reply.created_at),
            "thread": {"id": t_id},
        },
    }
    # No one is named, no one's words are copied: not a name, not a title, not a message.
    bodies = b"".join(r.body for r in receiver.requests).decode()
    for member in (customer, adviser, voter):
        for value in (member.username, member.display_name, member.email):
            assert not value or value not in bodies
    for text in ("Une idée", "Pratique", "Virement", "Comment faire", "Ainsi"):
        assert text not in bodies


def test_internal_notes_and_hidden_content_are_never_sent(
    customer: Member, adviser: Member, receiver: Receiver
) -> None:
    partner = Partner(
        receiver,
        S,
        D,
        T,
        event_types=[WebhookEventType.POST_CREATED, WebhookEventType.SUGGESTION_SUBMITTED],
    )
    category = CategoryFactory.create()
    thread = thread_create(
        author=customer, category_id=category.pk, kind=ThreadKind.QUESTION, title="Q", body="?"
    ).value
    thread_reply(author=adviser, thread_id=thread.pk, body="Client difficile.", is_internal=True)
    # Content hidden before the worker reads it is not sent...
    hidden = suggestion_submit(author=customer, title="Une idée", body="Pratique.").value
    content_hide(
        actor=adviser, content=ContentRef(ContentKind.SUGGESTION, hidden.pk), reason="Hors sujet"
    )
    run_tasks()
    assert receiver.requests == []
    assert WebhookDelivery.objects.count() == 0
    # ...nor is content hidden between the event's fan-out and its attempt: withheld.
    reply = thread_reply(author=adviser, thread_id=thread.pk, body="Voici.")
    event = OutboxEvent.objects.get(post_id=reply.pk)
    dispatch_event.call(str(event.pk))
    content_hide(actor=adviser, content=ContentRef(ContentKind.POST, reply.pk), reason="Erreur")
    run_tasks()
    assert receiver.requests == []
    delivery = WebhookDelivery.objects.get()
    assert (delivery.status, delivery.attempts, delivery.last_error) == (
        WebhookDeliveryStatus.WITHHELD,
        0,
        "no longer visible to the partner",
    )
    assert partner.verified() == []


def test_a_partner_is_sent_only_what_its_scopes_open(
    chair_client: GraphQLClient, chair: Member, receiver: Receiver
) -> None:
    # Decisions without suggestions: the decision, and no suggestion (the API would not
    # show it either).
    partner = Partner(receiver, D, event_types=[WebhookEventType.DECISION_PUBLISHED])
    suggestion, decision_id = _decision_to_publish(chair_client, chair)
    _publish(chair_client, decision_id)
    run_tasks()
    [(_, payload)] = partner.verified()
    expected = _expected_decision_payload(suggestion)
    expected["data"]["suggestion"] = None
    assert payload == expected
    read = partner.read(
        "query($d: ID!, $s: ID!) { decision: node(id: $d) { ... on Decision { id outcome "
        "publicRationale targetPeriod publishedAt } } suggestion: node(id: $s) { id } }",
        {"d": decision_id, "s": gid(suggestion)},
    )
    assert read == expected["data"]
