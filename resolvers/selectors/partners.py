"""What partners are sent by webhook: each event's payload, read as the partner's token
reads the API (`Viewer(partner=...)`: an anonymous visitor's view within the token's scopes),
through the row scopes, so hidden content, internal notes and rows outside the scopes are
never sent.

A payload is `{"type": "decision.published", "timestamp": "<the event's instant>", "data":
{...}}`. The data names rows by the global IDs the API gives them and carries, in the API's
own field names and spellings, their public state (statuses, counts, instants) and the
bank's own published words (a decision's rationale and target period); never what members
wrote (titles, messages) nor who they are: those a partner reads through the API, which
applies hiding at the moment it reads. docs/webhooks.md shows every shape.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from models.models import OutboxEvent, WebhookEventType
from permissions.policies import can_partner_receive_event
from permissions.roles import Viewer
from permissions.rows import visible_decisions, visible_posts, visible_suggestions, visible_threads

from ..bounds import utc_iso
from ..ids import global_id

Data = dict[str, Any]


def webhook_event_type(event: OutboxEvent) -> str | None:
    """The webhook event type of an outbox event, or None for kinds partners are not sent."""
    event_type = event.webhook_type
    return event_type if event_type in WebhookEventType.values else None


def _suggestion(viewer: Viewer, pk: int | None, *fields: str) -> Data | None:
    """Suggestion `pk` with `fields` (API names: status, voteCount, createdAt, updatedAt) if
    the viewer receives it, else None."""
    row = visible_suggestions(viewer).filter(pk=pk).first() if pk is not None else None
    if row is None:
        return None
    values: Data = {
        "status": row.status,
        "voteCount": row.vote_count,
        "createdAt": utc_iso(row.created_at),
        "updatedAt": utc_iso(row.updated_at),
    }
    return {"id": global_id("Suggestion", row.pk), **{f: values[f] for f in fields}}


def _thread(viewer: Viewer, pk: int | None, *fields: str) -> Data | None:
    """Thread `pk` with `fields` (API names: kind, status, createdAt) if the viewer
    receives it, else None."""
    row = visible_threads(viewer).filter(pk=pk).first() if pk is not None else None
    if row is None:
        return None
    values: Data = {"kind": row.kind, "status": row.status, "createdAt": utc_iso(row.created_at)}
    return {"id": global_id("Thread", row.pk), **{f: values[f] for f in fields}}


def _suggestion_submitted(viewer: Viewer, event: OutboxEvent) -> Data | None:
    suggestion = _suggestion(viewer, event.suggestion_id, "status", "createdAt")
    return None if suggestion is None else {"suggestion": suggestion}


def _vote_count_changed(viewer: Viewer, event: OutboxEvent) -> Data | None:
    suggestion = _suggestion(viewer, event.suggestion_id, "voteCount")
    return None if suggestion is None else {"suggestion": suggestion}


def _suggestion_status_changed(viewer: Viewer, event: OutboxEvent) -> Data | None:
    suggestion = _suggestion(viewer, event.suggestion_id, "status", "updatedAt")
    return None if suggestion is None else {"suggestion": suggestion}


def _decision_published(viewer: Viewer, event: OutboxEvent) -> Data | None:
    decision = (
        visible_decisions(viewer).filter(pk=event.decision_id, published_at__isnull=False).first()
        if event.decision_id is not None
        else None
    )
    if decision is None:
        return None
    return {
        "decision": {
            "id": global_id("Decision", decision.pk),
            "outcome": decision.outcome,
            "publicRationale": decision.public_rationale,
            "targetPeriod": decision.target_period,
            "publishedAt": utc_iso(decision.published_at),
        },
        # Null for a token without `suggestions:read` (the API would not show it either).
        "suggestion": _suggestion(viewer, decision.suggestion_id, "status"),
    }


def _thread_created(viewer: Viewer, event: OutboxEvent) -> Data | None:
    thread = _thread(viewer, event.thread_id, "kind", "status", "createdAt")
    return None if thread is None else {"thread": thread}


def _post_created(viewer: Viewer, event: OutboxEvent) -> Data | None:
    # An internal note is not found here (`visible_posts`), so not even its ID leaves.
    post = (
        visible_posts(viewer).filter(pk=event.post_id).first()
        if event.post_id is not None
        else None
    )
    if post is None:
        return None
    return {
        "post": {
            "id": global_id("Post", post.pk),
            "isOfficial": post.is_official,
            "createdAt": utc_iso(post.created_at),
        },
        "thread": {"id": global_id("Thread", post.thread_id)},
    }


def _thread_status_changed(viewer: Viewer, event: OutboxEvent) -> Data | None:
    thread = _thread(viewer, event.thread_id, "status")
    return None if thread is None else {"thread": thread}


_DATA: dict[str, Callable[[Viewer, OutboxEvent], Data | None]] = {
    WebhookEventType.SUGGESTION_SUBMITTED: _suggestion_submitted,
    WebhookEventType.VOTE_COUNT_CHANGED: _vote_count_changed,
    WebhookEventType.SUGGESTION_STATUS_CHANGED: _suggestion_status_changed,
    WebhookEventType.DECISION_PUBLISHED: _decision_published,
    WebhookEventType.THREAD_CREATED: _thread_created,
    WebhookEventType.POST_CREATED: _post_created,
    WebhookEventType.THREAD_STATUS_CHANGED: _thread_status_changed,
}


def webhook_payload(*, viewer: Viewer, event: OutboxEvent) -> Data | None:
    """The payload of `event` for the partner `viewer`, read now; None when there is
    nothing to send it: a kind partners are not sent, a type its token's scopes do not
    open, or a subject it does not receive (hidden, an internal note, a draft, out of its
    scopes, or deleted)."""
    event_type = webhook_event_type(event)
    if event_type is None or not can_partner_receive_event(viewer, event_type):
        return None
    data = _DATA[event_type](viewer, event)
    if data is None:
        return None
    return {"type": event_type, "timestamp": utc_iso(event.created_at), "data": data}
