"""The transactional outbox: services record what changed, in their own transaction.

`record(kind, ...)` writes an `OutboxEvent` row and enqueues its delivery task
(`resolvers.tasks.dispatch_event`) with the database task backend, whose task is a row in
the same database: both commit or roll back with the change. A worker process
(`manage.py db_worker`) then runs the task after the commit, never before, and runs it
again if a worker died half-way (deliveries are idempotent: see `resolvers/tasks/`).

Only ids are recorded, never content, so a delivery shows each receiver what that receiver
may see when it is delivered (DESIGN §7: text derived from content follows its visibility).
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction

from models.models import OutboxEvent, OutboxEventKind


def record(
    kind: OutboxEventKind,
    *,
    suggestion_id: int | None = None,
    thread_id: int | None = None,
    post_id: int | None = None,
    decision_id: int | None = None,
    member_id: int | None = None,
    notification_key: str = "",
    recipient_ids: Iterable[int] = (),
) -> OutboxEvent:
    """Record one domain event and enqueue its delivery, inside the caller's transaction
    (a savepoint-free atomic block is opened when there is none, so the two rows still go
    together). Returns the saved event; its `pk` (a UUID) is the event's identity for every
    receiver (the `webhook-id` of its webhook deliveries)."""
    # Imported here: the task module imports the deliveries, which import selectors that
    # import services' modules; recording is called from those services.
    from .tasks import dispatch_event

    with transaction.atomic(savepoint=False):
        event = OutboxEvent.objects.create(
            kind=kind,
            suggestion_id=suggestion_id,
            thread_id=thread_id,
            post_id=post_id,
            decision_id=decision_id,
            member_id=member_id,
            notification_key=notification_key,
            recipient_ids=sorted(set(recipient_ids)),
        )
        dispatch_event.enqueue(str(event.pk))
    return event
