"""Tasks run by the worker processes (`manage.py db_worker`): the outbox's deliveries.

`dispatch_event(event_id)` hands one `OutboxEvent` (resolvers/outbox.py) to every kind of
receiver in `DELIVERIES`, in order: live subscribers (the channel layer), partners'
webhooks, members' e-mail. Each delivery is idempotent, since a task whose worker died
half-way runs again: a live event re-read twice shows the same state, a webhook delivery
and an e-mail are each created once per event and receiver (database constraints).

A failing delivery is logged and does not keep the others from their turn; the event is
marked dispatched once each had it, and the outbox lag (`/healthz`) measures what waits.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from django.utils import timezone
from django_tasks import task

from models.models import OutboxEvent

from . import email, live, webhooks

logger = logging.getLogger(__name__)

Delivery = Callable[[OutboxEvent], None]

# Every receiver of domain events, in the order they get each event.
DELIVERIES: list[Delivery] = [live.publish, webhooks.fan_out, email.deliver]


@task()
def dispatch_event(event_id: str) -> None:
    """Deliver the outbox event `event_id` (a UUID string) to every receiver. An unknown id
    (an event pruned meanwhile) is nothing to do."""
    event = OutboxEvent.objects.filter(pk=event_id).first()
    if event is None:
        return
    for deliver in DELIVERIES:
        try:
            deliver(event)
        except Exception:
            # Logged with the event's id and kind only: no content, no personal data.
            logger.exception(
                "outbox delivery failed",
                extra={
                    "event_id": str(event.pk),
                    "kind": event.kind,
                    "delivery": deliver.__qualname__,
                },
            )
    OutboxEvent.objects.filter(pk=event.pk, dispatched_at__isnull=True).update(
        dispatched_at=timezone.now()
    )
