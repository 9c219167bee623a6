"""Partners' webhooks: the outbox's events sent to the endpoints that subscribed to them,
signed as the Standard Webhooks specification says (https://www.standardwebhooks.com/,
with its `standardwebhooks` library), retried, logged.

- `fan_out(event)` (a receiver of `dispatch_event`) creates one `WebhookDelivery` per
  enabled endpoint subscribed to the event's type whose token is active and whose scopes
  show the event's subject (`resolvers.selectors.partners.webhook_payload`), with the body
  every attempt will send, and queues its first attempt. An event dispatched again creates
  nothing twice (a unique constraint, and a delivery found is left alone).
- `deliver_webhook(delivery_id, claim)` makes one attempt: the subject is read again as the
  partner's token reads it (hidden since, or a revoked token: WITHHELD, nothing is sent),
  the body is signed (`webhook-id` is the event's UUID, the same on every attempt and
  replay; `webhook-timestamp` is the attempt's time) and POSTed (`resolvers.outbound`: no
  private addresses, no redirects, one short deadline, a bounded read). A 2xx answer
  delivers it; anything else queues the next attempt with `run_after`
  (`resolvers.services.partners.retry_at`), or fails it a day after the first; an
  endpoint that did nothing but fail for a day is disabled, and staff are told.
- `tell_staff_endpoint_disabled(endpoint_id)` e-mails the staff who manage endpoints.

Every attempt is logged (logger `resolvers.tasks.webhooks`: delivery, endpoint, event type,
attempt, status, latency; no URL, no payload, no personal data) and kept
(`WebhookAttempt`).
"""

from __future__ import annotations

import json
import logging
import uuid
from datetime import UTC, datetime
from typing import Any

from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.utils import timezone
from django_tasks import task
from standardwebhooks import Webhook

from models.models import (
    Member,
    OutboxEvent,
    WebhookAttempt,
    WebhookDelivery,
    WebhookDeliveryStatus,
    WebhookEndpoint,
)
from permissions.roles import Viewer

from ..metrics import WEBHOOK_FAILURES
from ..outbound import post
from ..selectors.partners import webhook_event_type, webhook_payload
from ..services.partners import (
    partner_access,
    retry_at,
    webhook_endpoint_note_failure,
    webhook_endpoint_note_success,
)

logger = logging.getLogger(__name__)

USER_AGENT = "Comptoir-Webhooks/1"
# Who is told when an endpoint is disabled: active staff allowed to change endpoints.
MANAGE_PERMISSION = "community.change_webhookendpoint"


def encode_payload(payload: dict[str, Any]) -> str:
    """The JSON body of a payload: compact, UTF-8 text as is, keys in the order built."""
    return json.dumps(payload, ensure_ascii=False, separators=(",", ":"))


def _viewer(endpoint: WebhookEndpoint) -> Viewer:
    return Viewer(partner=partner_access(endpoint.token))


def fan_out(event: OutboxEvent) -> None:
    """Create the deliveries of `event` and queue their first attempts (see the module)."""
    event_type = webhook_event_type(event)
    if event_type is None:
        return
    now = timezone.now()
    bodies: dict[frozenset[str], str | None] = {}
    endpoints = WebhookEndpoint.objects.filter(enabled=True).select_related("token").order_by("pk")
    for endpoint in endpoints:
        # JSON containment has no lookup on SQLite: the few endpoints are filtered here.
        if event_type not in endpoint.event_types or not endpoint.token.is_active(now):
            continue
        viewer = _viewer(endpoint)
        scopes = viewer.partner.scopes if viewer.partner is not None else frozenset()
        if scopes not in bodies:
            payload = webhook_payload(viewer=viewer, event=event)
            bodies[scopes] = None if payload is None else encode_payload(payload)
        body = bodies[scopes]
        if body is not None:
            _create_delivery(endpoint, event, event_type, body)


def _create_delivery(
    endpoint: WebhookEndpoint, event: OutboxEvent, event_type: str, body: str
) -> None:
    """Create the delivery and queue its first attempt, together; nothing when it exists."""
    try:
        with transaction.atomic():
            delivery, created = WebhookDelivery.objects.get_or_create(
                endpoint=endpoint,
                event=event,
                defaults={"event_type": event_type, "payload": body},
            )
            if created:
                queue_attempt(delivery, at=None)
    except IntegrityError:
        # Another worker dispatching the same event created it meanwhile.
        return


def queue_attempt(delivery: WebhookDelivery, *, at: datetime | None) -> None:
    """Save `delivery` with a new claim and queue the task that makes its next attempt, at
    `at` (None: at once), in the caller's transaction. Any task queued before for it will
    find its claim gone and do nothing."""
    delivery.claim = uuid.uuid4()
    delivery.next_attempt_at = at or timezone.now()
    delivery.save()
    deliver = deliver_webhook if at is None else deliver_webhook.using(run_after=at)
    deliver.enqueue(delivery.pk, str(delivery.claim))


def sign(*, secret: str, webhook_id: str, at: datetime, body: str) -> dict[str, str]:
    """The Standard Webhooks headers of one attempt: `webhook-id`, `webhook-timestamp`
    (seconds since the epoch) and `webhook-signature` (`v1,<base64 HMAC-SHA256>` of
    `<id>.<timestamp>.<body>`), with the content type."""
    moment = at.astimezone(UTC)
    return {
        "webhook-id": webhook_id,
        "webhook-timestamp": str(int(moment.timestamp())),
        "webhook-signature": Webhook(secret).sign(webhook_id, moment, body),
        "content-type": "application/json",
        "user-agent": USER_AGENT,
    }


def _claim(delivery_id: int, claim: str) -> WebhookDelivery | None:
    """Take the delivery for one attempt if `claim` is still its claim; settle it (WITHHELD,
    FAILED) when it must not be sent any more. Returns it to send, or None."""
    now = timezone.now()
    with transaction.atomic():
        delivery = (
            WebhookDelivery.objects.select_for_update(of=("self",))
            .select_related("endpoint__token", "event")
            .filter(pk=delivery_id, claim=claim, status=WebhookDeliveryStatus.PENDING)
            .first()
        )
        if delivery is None:
            return None
        delivery.claim = None
        delivery.next_attempt_at = None
        endpoint = delivery.endpoint
        if not endpoint.enabled:
            _settle(delivery, WebhookDeliveryStatus.FAILED, "endpoint disabled", now)
            return None
        if not endpoint.token.is_active(now):
            _settle(delivery, WebhookDeliveryStatus.WITHHELD, "token revoked or expired", now)
            return None
        if webhook_payload(viewer=_viewer(endpoint), event=delivery.event) is None:
            _settle(
                delivery, WebhookDeliveryStatus.WITHHELD, "no longer visible to the partner", now
            )
            return None
        delivery.attempts += 1
        delivery.first_attempt_at = delivery.first_attempt_at or now
        delivery.last_attempt_at = now
        delivery.save()
    return delivery


def _settle(delivery: WebhookDelivery, status: str, reason: str, now: datetime) -> None:
    delivery.status = status
    delivery.last_error = reason
    if status == WebhookDeliveryStatus.FAILED:
        delivery.failed_at = now
    delivery.save()
    _log(delivery, outcome=status.lower(), status_code=None, latency_ms=None, error=reason)


def _log(
    delivery: WebhookDelivery,
    *,
    outcome: str,
    status_code: int | None,
    latency_ms: int | None,
    error: str,
) -> None:
    logger.info(
        "webhook %s",
        outcome,
        extra={
            "delivery_id": delivery.pk,
            "endpoint_id": delivery.endpoint_id,
            "event_id": str(delivery.event_id),
            "event_type": delivery.event_type,
            "attempt": delivery.attempts,
            "status_code": status_code,
            "latency_ms": latency_ms,
            "error": error,
        },
    )


@task()
def deliver_webhook(delivery_id: int, claim: str) -> None:
    """Make one attempt of delivery `delivery_id`, if `claim` is still its claim (a task of
    an earlier round, or run twice, does nothing), and queue the next if it failed."""
    delivery = _claim(delivery_id, claim)
    if delivery is None:
        return
    started_at = delivery.last_attempt_at
    assert started_at is not None
    headers = sign(
        secret=delivery.endpoint.signing_secret(),
        webhook_id=str(delivery.event_id),
        at=started_at,
        body=delivery.payload,
    )
    exchange = post(delivery.endpoint.url, content=delivery.payload.encode(), headers=headers)
    delivered = exchange.status_code is not None and 200 <= exchange.status_code < 300
    error = exchange.error or ("" if delivered else f"HTTP {exchange.status_code}")
    if not delivered:
        WEBHOOK_FAILURES.inc()
    now = timezone.now()
    with transaction.atomic():
        WebhookAttempt.objects.create(
            delivery=delivery,
            attempted_at=started_at,
            status_code=exchange.status_code,
            latency_ms=exchange.latency_ms,
            error=error,
        )
        current = (
            WebhookDelivery.objects.select_for_update(of=("self",)).filter(pk=delivery.pk).first()
        )
        endpoint = (
            WebhookEndpoint.objects.select_for_update().filter(pk=delivery.endpoint_id).first()
        )
        # A replay made while this attempt was under way started a round of its own: this
        # attempt is logged, and the round it belonged to is over.
        ours = (
            current is not None
            and current.status == WebhookDeliveryStatus.PENDING
            and current.claim is None
            and current.last_attempt_at == started_at
        )
        if current is None or endpoint is None or not ours:
            return
        current.last_status_code = exchange.status_code
        current.last_latency_ms = exchange.latency_ms
        current.last_error = error
        if delivered:
            current.status = WebhookDeliveryStatus.DELIVERED
            current.delivered_at = now
            current.save()
            webhook_endpoint_note_success(endpoint=endpoint)
            _log(
                current,
                outcome="delivered",
                status_code=exchange.status_code,
                latency_ms=exchange.latency_ms,
                error="",
            )
            return
        assert current.first_attempt_at is not None
        webhook_endpoint_note_failure(endpoint=endpoint, at=now)
        next_at = retry_at(
            first_attempt_at=current.first_attempt_at, attempts=current.attempts, now=now
        )
        if next_at is None or not endpoint.enabled:
            current.status = WebhookDeliveryStatus.FAILED
            current.failed_at = now
            current.save()
            outcome = "failed"
        else:
            queue_attempt(current, at=next_at)
            outcome = "retry"
        _log(
            current,
            outcome=outcome,
            status_code=exchange.status_code,
            latency_ms=exchange.latency_ms,
            error=error,
        )


@task()
def tell_staff_endpoint_disabled(endpoint_id: int) -> None:
    """E-mail the active staff who may change webhook endpoints that endpoint
    `endpoint_id` was disabled, why, and what to do (in English, like the back office)."""
    endpoint = WebhookEndpoint.objects.select_related("token").filter(pk=endpoint_id).first()
    if endpoint is None or endpoint.enabled:
        return
    staff = (
        Member.objects.with_perm(MANAGE_PERMISSION, is_active=True, include_superusers=True)
        .filter(is_staff=True)
        .exclude(email="")
        .order_by("pk")
    )
    recipients = list(staff.values_list("email", flat=True))
    if not recipients:
        logger.warning(
            "webhook endpoint disabled, no staff to tell", extra={"endpoint_id": endpoint.pk}
        )
        return
    send_mail(
        subject=f"Webhook endpoint of {endpoint.token.partner} disabled",
        message=(
            f"The webhook endpoint #{endpoint.pk} of {endpoint.token.partner} "
            f"({endpoint.url}) was disabled: {endpoint.disabled_reason}\n\n"
            "Once the partner's server answers again, enable the endpoint in the back office "
            "(Webhook endpoints), then send again what failed meanwhile (Webhook deliveries, "
            'filtered by status FAILED and this endpoint, action "Replay").\n'
        ),
        from_email=None,
        recipient_list=recipients,
    )
