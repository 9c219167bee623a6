"""Live events: an outbox event published on the channel layer to the groups of the
subscriptions it may concern, for every server process (Redis) to pass on.

A message names what changed by ids only; the subscription that receives it reads the row
again with its subscriber's permissions (schema subscriptions) before anything is sent,
so an internal note or hidden content never reaches a viewer who may not see it.

Groups (a channel layer group name is ASCII letters, digits, hyphens, periods):
- `suggestion.<pk>`: its vote count, status, decisions, hiding;
- `thread.<pk>`: its replies (internal notes included, filtered on delivery), status,
  hiding;
- `member.<pk>`: the member's new notifications.

Message: `{"type": "comptoir.event", "event": "<uuid>", "kind": "<OutboxEventKind>",
"suggestion": pk | None, "thread": pk | None, "post": pk | None}`.
"""

from __future__ import annotations

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer

from models.models import OutboxEvent, OutboxEventKind

MESSAGE_TYPE = "comptoir.event"


def suggestion_group(pk: int) -> str:
    """The group of live events about suggestion `pk`."""
    return f"suggestion.{pk}"


def thread_group(pk: int) -> str:
    """The group of live events about thread `pk`."""
    return f"thread.{pk}"


def member_group(pk: int) -> str:
    """The group of live events for member `pk` alone (their notifications)."""
    return f"member.{pk}"


def groups_of(event: OutboxEvent) -> list[str]:
    """The groups an event is published to (none for events no subscription shows)."""
    kind = OutboxEventKind
    groups: list[str] = []
    if event.kind == kind.NOTIFICATIONS_CREATED:
        return [member_group(pk) for pk in event.recipient_ids]
    if event.kind == kind.MEMBER_ERASED:
        return []
    if event.suggestion_id is not None:
        groups.append(suggestion_group(event.suggestion_id))
    if event.thread_id is not None:
        groups.append(thread_group(event.thread_id))
    return groups


def message_of(event: OutboxEvent) -> dict[str, object]:
    """The channel layer message of an event (ids only)."""
    return {
        "type": MESSAGE_TYPE,
        "event": str(event.pk),
        "kind": event.kind,
        "suggestion": event.suggestion_id,
        "thread": event.thread_id,
        "post": event.post_id,
    }


def publish(event: OutboxEvent) -> None:
    """Publish `event` to its groups on the default channel layer. Raises what the layer
    raises (Redis unreachable): the dispatcher logs it and goes on with other receivers."""
    layer = get_channel_layer()
    if layer is None:
        return
    message = message_of(event)
    send = async_to_sync(layer.group_send)
    for group in groups_of(event):
        send(group, message)
