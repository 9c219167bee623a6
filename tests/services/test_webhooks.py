"""Partners' webhooks below the API: endpoints' rules, fan-out (once per event and
endpoint), the retry schedule, disabling an endpoint that fails for a day (staff told),
replays, withheld deliveries, secrets. Deliveries go to a real receiver on this machine."""

from __future__ import annotations

import base64
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from django.contrib.auth.models import Permission
from django.core import mail
from django.utils import timezone
from django_tasks_db.models import DBTaskResult
from prometheus_client import REGISTRY
from standardwebhooks import Webhook

from models.models import (
    ApiToken,
    AuditEvent,
    Member,
    OutboxEvent,
    OutboxEventKind,
    TokenScope,
    WebhookDelivery,
    WebhookDeliveryStatus,
    WebhookEndpoint,
    WebhookEventType,
)
from resolvers.errors import ServiceError
from resolvers.services.partners import (
    RETRY_WINDOW,
    WebhookDeliveryReplayCode,
    WebhookEndpointCode,
    api_token_revoke,
    retry_at,
    webhook_delivery_replay,
    webhook_endpoint_create,
    webhook_endpoint_rotate_secret,
    webhook_endpoint_update,
)
from resolvers.services.suggestions import suggestion_submit
from resolvers.tasks import dispatch_event
from resolvers.tasks.webhooks import deliver_webhook
from tests.factories import AdviserFactory, issue_token
from tests.outbox import run_tasks
from tests.receiver import Receiver

pytestmark = pytest.mark.django_db

S = TokenScope.SUGGESTIONS_READ
SUBMITTED = WebhookEventType.SUGGESTION_SUBMITTED


@pytest.fixture(autouse=True)
def _local_receivers(settings: Any) -> None:
    # The receiver runs on this machine in plain HTTP, as under `make run`.
    settings.DEBUG = True
    settings.WEBHOOKS_ALLOW_PRIVATE_NETWORKS = True


def _endpoint(
    receiver: Receiver, *scopes: str, event_types: tuple[str, ...] = (SUBMITTED,)
) -> WebhookEndpoint:
    token, _ = issue_token(*(scopes or (S,)), partner="Presse")
    return webhook_endpoint_create(
        token_id=token.pk, url=receiver.url(), event_types=event_types, created_by=None
    ).endpoint


def _submit(customer: Member) -> OutboxEvent:
    """A new suggestion (each with its own title: the same one again is a duplicate the
    service refuses to record twice) and its event."""
    number = OutboxEvent.objects.count() + 1
    suggestion = suggestion_submit(author=customer, title=f"Idée {number}", body="Pratique.").value
    return OutboxEvent.objects.get(kind="SUGGESTION_SUBMITTED", suggestion_id=suggestion.pk)


def _due_now() -> None:
    """Make the queued tasks due now, as if their time had come."""
    DBTaskResult.objects.filter(status="READY").update(run_after=timezone.now())


# --- The retry schedule --------------------------------------------------------------------


def test_the_retry_schedule_tries_for_a_day_then_gives_up() -> None:
    first = datetime(2027, 3, 15, 9, 0, tzinfo=UTC)
    now, attempts, times = first, 1, [first]
    while (next_at := retry_at(first_attempt_at=first, attempts=attempts, now=now)) is not None:
        times.append(next_at)
        now, attempts = next_at, attempts + 1
    assert [t - first for t in times] == [
        timedelta(0),
        timedelta(seconds=5),
        timedelta(minutes=5, seconds=5),
        timedelta(minutes=35, seconds=5),
        timedelta(hours=2, minutes=35, seconds=5),
        timedelta(hours=7, minutes=35, seconds=5),
        timedelta(hours=17, minutes=35, seconds=5),
        # The last one is held to the day's end.
        RETRY_WINDOW,
    ]
    # An attempt that ends late (a slow server) moves the next one, never past the day.
    late = first + timedelta(hours=20)
    assert retry_at(first_attempt_at=first, attempts=7, now=late) == first + RETRY_WINDOW
    assert retry_at(first_attempt_at=first, attempts=1, now=first + RETRY_WINDOW) is None


def test_every_webhook_event_type_is_the_type_of_an_outbox_event_kind() -> None:
    types = {OutboxEvent(kind=kind).webhook_type: kind for kind in OutboxEventKind}
    assert {t: types[t] for t in WebhookEventType.values} == {
        "suggestion.submitted": OutboxEventKind.SUGGESTION_SUBMITTED,
        "vote_count.changed": OutboxEventKind.VOTE_COUNT_CHANGED,
        "suggestion_status.changed": OutboxEventKind.SUGGESTION_STATUS_CHANGED,
        "decision.published": OutboxEventKind.DECISION_PUBLISHED,
        "thread.created": OutboxEventKind.THREAD_CREATED,
        "post.created": OutboxEventKind.POST_CREATED,
        "thread_status.changed": OutboxEventKind.THREAD_STATUS_CHANGED,
    }


# --- Fan-out -----------------------------------------------------------------------------------


def test_an_event_dispatched_again_creates_no_second_delivery(
    customer: Member, receiver: Receiver
) -> None:
    endpoint = _endpoint(receiver)
    event = _submit(customer)
    dispatch_event.call(str(event.pk))
    dispatch_event.call(str(event.pk))
    delivery = WebhookDelivery.objects.get()
    assert (delivery.endpoint_id, delivery.event_id, delivery.status) == (
        endpoint.pk,
        event.pk,
        WebhookDeliveryStatus.PENDING,
    )
    # One attempt task for it (the outbox's own dispatch task is still queued too).
    tasks = DBTaskResult.objects.filter(task_path="resolvers.tasks.webhooks.deliver_webhook")
    assert tasks.count() == 1
    run_tasks()
    assert len(receiver.requests) == 1
    assert WebhookDelivery.objects.count() == 1


def test_only_enabled_endpoints_of_active_tokens_subscribed_to_the_type_get_the_event(
    customer: Member, receiver: Receiver
) -> None:
    subscribed = _endpoint(receiver)
    _endpoint(receiver, event_types=(WebhookEventType.VOTE_COUNT_CHANGED,))
    disabled = _endpoint(receiver)
    webhook_endpoint_update(endpoint_id=disabled.pk, actor=None, enabled=False)
    revoked = _endpoint(receiver)
    api_token_revoke(prefix=revoked.token.prefix, actor=None)
    run_tasks()
    _submit(customer)
    run_tasks()
    assert list(WebhookDelivery.objects.values_list("endpoint_id", flat=True)) == [subscribed.pk]
    assert len(receiver.requests) == 1


# --- Attempts -----------------------------------------------------------------------------------


def test_a_stale_attempt_task_does_nothing(customer: Member, receiver: Receiver) -> None:
    _endpoint(receiver)
    _submit(customer)
    run_tasks()
    delivery = WebhookDelivery.objects.get()
    # Its claim was used: the same task run again (a worker that died half-way) sends nothing.
    deliver_webhook.call(delivery.pk, "00000000-0000-0000-0000-000000000000")
    assert len(receiver.requests) == 1


def test_a_revoked_token_withholds_what_was_not_sent_yet(
    customer: Member, receiver: Receiver
) -> None:
    endpoint = _endpoint(receiver)
    event = _submit(customer)
    dispatch_event.call(str(event.pk))
    api_token_revoke(prefix=endpoint.token.prefix, actor=None)
    run_tasks()
    assert receiver.requests == []
    delivery = WebhookDelivery.objects.get()
    assert (delivery.status, delivery.last_error) == (
        WebhookDeliveryStatus.WITHHELD,
        "token revoked or expired",
    )


def test_a_delivery_fails_a_day_after_its_first_attempt(
    customer: Member, receiver: Receiver
) -> None:
    _endpoint(receiver)
    receiver.answer(*[503] * 10)
    _submit(customer)
    run_tasks()
    delivery = WebhookDelivery.objects.get()
    assert (delivery.status, delivery.attempts, delivery.last_error) == (
        WebhookDeliveryStatus.PENDING,
        1,
        "HTTP 503",
    )
    # As if the first attempt had been a day ago: the next one is the last.
    WebhookDelivery.objects.filter(pk=delivery.pk).update(
        first_attempt_at=timezone.now() - RETRY_WINDOW
    )
    _due_now()
    run_tasks()
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts, delivery.last_status_code) == (
        WebhookDeliveryStatus.FAILED,
        2,
        503,
    )
    assert delivery.failed_at is not None and delivery.next_attempt_at is None
    assert not DBTaskResult.objects.filter(status="READY").exists()
    assert len(receiver.requests) == 2


def test_an_endpoint_failing_for_a_day_is_disabled_and_staff_are_told(
    customer: Member, receiver: Receiver
) -> None:
    manager = AdviserFactory.create(
        username="camille", email="camille@banque.example", is_staff=True
    )
    manager.user_permissions.add(Permission.objects.get(codename="change_webhookendpoint"))
    AdviserFactory.create(username="nora", email="nora@banque.example", is_staff=True)
    endpoint = _endpoint(receiver)
    receiver.answer(*[500] * 10)
    # Every attempt failed since yesterday (a day of other events' failures).
    since = timezone.now() - timedelta(hours=24)
    WebhookEndpoint.objects.filter(pk=endpoint.pk).update(failing_since=since)
    first, pending = _submit(customer), _submit(customer)
    # Both events fanned out before the worker's first attempt.
    dispatch_event.call(str(first.pk))
    dispatch_event.call(str(pending.pk))
    run_tasks()
    endpoint.refresh_from_db()
    assert not endpoint.enabled
    assert endpoint.disabled_reason == (
        f"Every delivery failed for 24 hours (since {since.astimezone(UTC).isoformat()})."
    )
    # The attempt that disabled it failed its delivery; the other one, queued, failed at
    # its turn without a request.
    assert len(receiver.requests) == 1
    assert sorted(WebhookDelivery.objects.values_list("status", "last_error")) == [
        (WebhookDeliveryStatus.FAILED, "HTTP 500"),
        (WebhookDeliveryStatus.FAILED, "endpoint disabled"),
    ]
    assert WebhookDelivery.objects.get(event=pending).attempts == 0
    event = AuditEvent.objects.get(action="webhook_endpoint.disable")
    assert (event.actor_id, event.target_type, event.target_id, event.after) == (
        None,
        "WebhookEndpoint",
        str(endpoint.pk),
        {"enabled": False, "failing_since": since.astimezone(UTC).isoformat()},
    )
    # The staff who manage endpoints are told, by e-mail, once.
    [message] = mail.outbox
    assert message.to == ["camille@banque.example"]
    assert message.subject == "Webhook endpoint of Presse disabled"
    assert f"The webhook endpoint #{endpoint.pk} of Presse ({endpoint.url})" in message.body
    # A disabled endpoint is sent nothing more.
    _submit(customer)
    run_tasks()
    assert len(receiver.requests) == 1
    # Enabled again by staff, it starts afresh.
    webhook_endpoint_update(endpoint_id=endpoint.pk, actor=manager, enabled=True)
    endpoint.refresh_from_db()
    assert (endpoint.enabled, endpoint.disabled_at, endpoint.failing_since) == (True, None, None)


def test_a_success_ends_an_endpoints_failures(customer: Member, receiver: Receiver) -> None:
    endpoint = _endpoint(receiver)
    receiver.answer(500)
    _submit(customer)
    run_tasks()
    endpoint.refresh_from_db()
    assert endpoint.failing_since is not None
    _due_now()
    run_tasks()
    endpoint.refresh_from_db()
    assert endpoint.failing_since is None
    assert [r.answered for r in receiver.requests] == [500, 204]


def test_failed_attempts_are_counted_for_the_operators(
    customer: Member, receiver: Receiver
) -> None:
    """`comptoir_webhook_failures_total` (/metrics) counts every attempt that failed."""
    _endpoint(receiver)
    receiver.answer(500, 503)
    before = REGISTRY.get_sample_value("comptoir_webhook_failures_total") or 0.0
    _submit(customer)
    run_tasks()
    _due_now()
    run_tasks()
    _due_now()
    run_tasks()
    assert [r.answered for r in receiver.requests] == [500, 503, 204]
    assert REGISTRY.get_sample_value("comptoir_webhook_failures_total") == before + 2


# --- Replays ----------------------------------------------------------------------------------


def test_a_replay_sends_the_same_body_under_the_same_id(
    customer: Member, receiver: Receiver
) -> None:
    endpoint = _endpoint(receiver)
    staff = AdviserFactory.create(username="camille", is_staff=True)
    secret = webhook_endpoint_rotate_secret(endpoint_id=endpoint.pk, actor=staff).secret
    event = _submit(customer)
    run_tasks()
    delivery = WebhookDelivery.objects.get()
    assert delivery.status == WebhookDeliveryStatus.DELIVERED
    replayed = webhook_delivery_replay(delivery_id=delivery.pk, actor=staff)
    assert (replayed.status, replayed.attempts) == (WebhookDeliveryStatus.PENDING, 0)
    run_tasks()
    first, second = receiver.requests
    assert first.headers["webhook-id"] == second.headers["webhook-id"] == str(event.pk)
    assert first.body == second.body
    webhook = Webhook(secret)
    assert webhook.verify(second.body, second.headers) == webhook.verify(first.body, first.headers)
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts, delivery.attempt_log.count()) == (
        WebhookDeliveryStatus.DELIVERED,
        1,
        2,
    )
    replay = AuditEvent.objects.get(action="webhook_delivery.replay")
    assert (replay.actor_id, replay.before, replay.after) == (
        staff.pk,
        {"status": "DELIVERED", "attempts": 1},
        {"event": str(event.pk), "endpoint": endpoint.pk},
    )


def test_a_replay_supersedes_a_queued_retry(customer: Member, receiver: Receiver) -> None:
    _endpoint(receiver)
    receiver.answer(500)
    _submit(customer)
    run_tasks()
    delivery = WebhookDelivery.objects.get()
    webhook_delivery_replay(delivery_id=delivery.pk, actor=None)
    _due_now()
    # The replay's attempt runs; the retry queued before it finds its claim gone.
    run_tasks()
    assert [r.answered for r in receiver.requests] == [500, 204]
    assert not DBTaskResult.objects.filter(status="READY").exists()


def test_a_replay_needs_an_enabled_endpoint_and_an_active_token(
    customer: Member, receiver: Receiver
) -> None:
    endpoint = _endpoint(receiver)
    _submit(customer)
    run_tasks()
    delivery = WebhookDelivery.objects.get()
    webhook_endpoint_update(endpoint_id=endpoint.pk, actor=None, enabled=False)
    with pytest.raises(ServiceError) as refused:
        webhook_delivery_replay(delivery_id=delivery.pk, actor=None)
    assert refused.value.errors[0].code == WebhookDeliveryReplayCode.ENDPOINT_DISABLED
    webhook_endpoint_update(endpoint_id=endpoint.pk, actor=None, enabled=True)
    api_token_revoke(prefix=endpoint.token.prefix, actor=None)
    with pytest.raises(ServiceError) as refused:
        webhook_delivery_replay(delivery_id=delivery.pk, actor=None)
    assert refused.value.errors[0].code == WebhookDeliveryReplayCode.TOKEN_INACTIVE


# --- Endpoints and their secrets ------------------------------------------------------------------


def test_an_endpoints_event_types_stay_within_its_tokens_scopes(receiver: Receiver) -> None:
    token, _ = issue_token(S, partner="Presse")

    def refusal(event_types: list[str], **more: Any) -> tuple[str, str]:
        with pytest.raises(ServiceError) as refused:
            webhook_endpoint_create(
                token_id=more.get("token_id", token.pk),
                url=more.get("url", receiver.url()),
                event_types=event_types,
                created_by=None,
            )
        error = refused.value.errors[0]
        return error.code, error.message

    assert refusal([WebhookEventType.DECISION_PUBLISHED, WebhookEventType.POST_CREATED]) == (
        WebhookEndpointCode.OUT_OF_SCOPE,
        "The token's scopes (suggestions:read) do not open: decision.published (needs "
        "decisions:read), post.created (needs threads:read).",
    )
    assert refusal(["member.erased"])[0] == WebhookEndpointCode.UNKNOWN_EVENT_TYPE
    assert refusal([])[0] == WebhookEndpointCode.NO_EVENT_TYPE
    assert refusal([SUBMITTED], url="ftp://example.org/")[0] == WebhookEndpointCode.UNSAFE_URL
    expired, _ = issue_token(S, partner="Presse", expires_in=timedelta(days=30))
    ApiToken.objects.filter(pk=expired.pk).update(revoked_at=timezone.now())
    assert refusal([SUBMITTED], token_id=expired.pk)[0] == WebhookEndpointCode.TOKEN_INACTIVE
    assert WebhookEndpoint.objects.count() == 0


def test_creating_an_endpoint_is_audited_without_its_secret(receiver: Receiver) -> None:
    staff = AdviserFactory.create(username="camille", is_staff=True)
    token, _ = issue_token(S, partner="Presse")
    issued = webhook_endpoint_create(
        token_id=token.pk,
        url=receiver.url(),
        event_types=[WebhookEventType.VOTE_COUNT_CHANGED, SUBMITTED],
        created_by=staff,
    )
    endpoint = issued.endpoint
    # Declaration order, whatever the order given.
    assert endpoint.event_types == ["suggestion.submitted", "vote_count.changed"]
    event = AuditEvent.objects.get()
    assert (event.actor_id, event.action, event.after) == (
        staff.pk,
        "webhook_endpoint.create",
        {
            "partner": "Presse",
            "token": token.prefix,
            "url": receiver.url(),
            "event_types": ["suggestion.submitted", "vote_count.changed"],
            "enabled": True,
        },
    )
    secret = issued.secret
    assert secret not in str(event.after)
    # Standard Webhooks' form: whsec_ and the base64 of 32 random-looking bytes, which the
    # database does not hold.
    assert secret.startswith("whsec_")
    assert len(base64.b64decode(secret.removeprefix("whsec_"))) == 32
    row = WebhookEndpoint.objects.filter(pk=endpoint.pk).values()[0]
    assert not any(secret.removeprefix("whsec_") in str(value) for value in row.values())
    # The same secret every time it signs, until it is rotated.
    assert WebhookEndpoint.objects.get().signing_secret() == secret
    rotated = webhook_endpoint_rotate_secret(endpoint_id=endpoint.pk, actor=staff).secret
    assert rotated != secret
    assert AuditEvent.objects.filter(action="webhook_endpoint.rotate_secret").get().after is None


def test_a_secret_changes_with_the_servers_secret_key(receiver: Receiver, settings: Any) -> None:
    endpoint = _endpoint(receiver)
    secret = endpoint.signing_secret()
    settings.SECRET_KEY = "another-key-after-a-leak"
    assert endpoint.signing_secret() != secret


def test_changing_an_endpoint_is_audited_and_kept_within_the_rules(receiver: Receiver) -> None:
    endpoint = _endpoint(receiver)
    staff = AdviserFactory.create(username="camille", is_staff=True)
    outcome = webhook_endpoint_update(
        endpoint_id=endpoint.pk, actor=staff, url=receiver.url("/v2"), enabled=False
    )
    assert outcome.already is None
    event = AuditEvent.objects.get(action="webhook_endpoint.change")
    assert (event.before, event.after) == (
        {"url": receiver.url(), "enabled": True},
        {"url": receiver.url("/v2"), "enabled": False},
    )
    again = webhook_endpoint_update(endpoint_id=endpoint.pk, actor=staff, enabled=False)
    assert again.already is not None and again.already.code == WebhookEndpointCode.UNCHANGED
    # Another active token of the same partner, yes; another partner's, no.
    newer, _ = issue_token(S, TokenScope.THREADS_READ, partner="Presse")
    webhook_endpoint_update(endpoint_id=endpoint.pk, actor=staff, token_id=newer.pk)
    other, _ = issue_token(S, partner="Comparateur")
    with pytest.raises(ServiceError) as refused:
        webhook_endpoint_update(endpoint_id=endpoint.pk, actor=staff, token_id=other.pk)
    assert refused.value.errors[0].code == WebhookEndpointCode.OUT_OF_SCOPE
    endpoint.refresh_from_db()
    assert endpoint.token_id == newer.pk
