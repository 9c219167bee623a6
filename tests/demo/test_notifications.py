"""The demo's notifications come from the same builders as live ones (DESIGN §8.14): each
stored row, its event key and facts included, is what its kind's builder makes of the rows
the event is about, and its text as the recipient reads it through the API is what that
builder writes for them.

The rows an event is about are found from the story itself, not from the notification's
own facts: the accepted answer's author for a resolution, the chair who recorded a
decision, the adviser who merged a duplicate."""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime
from typing import Any

import pytest

from models.models import (
    Decision,
    Member,
    Notification,
    NotificationKind,
    Post,
    StatusChange,
    Suggestion,
    Thread,
)
from permissions.roles import Viewer
from resolvers.selectors.notifications import notification_texts
from resolvers.sensitive import SensitiveKind
from resolvers.services.notifications import (
    ContentHidden,
    DecisionPublished,
    NotificationBuilder,
    NotificationEvent,
    OfficialAnswer,
    QuestionResolved,
    SensitiveNumberMasked,
    Shown,
    SuggestionCommented,
    SuggestionMarkedDuplicate,
    SuggestionStatusChanged,
    ThreadReplied,
)

pytestmark = pytest.mark.django_db

FIELDS = [f.attname for f in Notification._meta.concrete_fields if not f.primary_key]


class Story:
    """The rows the demo's notifications are about, fetched once."""

    def __init__(self, notes: list[Notification]) -> None:
        self.posts = Post.objects.select_related(
            "thread__suggestion", "author", "hidden_by"
        ).in_bulk({n.post_id for n in notes if n.post_id is not None})
        self.threads = Thread.objects.select_related("accepted_post__author").in_bulk(
            {n.thread_id for n in notes if n.thread_id is not None}
        )
        changes = StatusChange.objects.select_related("actor", "suggestion")
        # Keyed as a notification names them (its references are nullable).
        self.changes: dict[tuple[int | None, datetime], StatusChange] = {
            (c.suggestion_id, c.created_at): c for c in changes
        }
        self.merges = {c.suggestion_id: c for c in changes if c.to_status == "DUPLICATE"}
        decisions = Decision.objects.filter(published_at__isnull=False)
        self.decisions: dict[int | None, Decision] = {
            d.suggestion_id: d for d in decisions.select_related("recorded_by", "suggestion")
        }
        self.duplicates = Suggestion.objects.select_related("duplicate_of").in_bulk(
            {n.duplicate_id for n in notes if n.duplicate_id is not None}
        )

    def event(self, note: Notification) -> tuple[NotificationEvent, Shown]:
        """The event `note` tells about, as its kind's builder makes it from the story's
        rows, and those rows (all visible to the recipient in the demo)."""
        kind = NotificationKind(note.kind)
        if kind is NotificationKind.OFFICIAL_ANSWER:
            post = self.posts[note.post_id]
            shown = Shown(actor=post.author, thread=post.thread, post=post)
            return OfficialAnswer.event(post=post), shown
        if kind is NotificationKind.QUESTION_RESOLVED:
            thread = self.threads[note.thread_id]
            assert thread.accepted_post is not None and thread.resolved_at is not None
            adviser = thread.accepted_post.author
            event = QuestionResolved.event(thread=thread, actor=adviser, at=thread.resolved_at)
            return event, Shown(actor=adviser, thread=thread)
        if kind is NotificationKind.SUGGESTION_STATUS_CHANGED:
            change = self.changes[note.suggestion_id, note.created_at]
            shown = Shown(actor=change.actor, suggestion=change.suggestion)
            return SuggestionStatusChanged.event(change=change), shown
        if kind is NotificationKind.DECISION_PUBLISHED:
            decision = self.decisions[note.suggestion_id]
            shown = Shown(actor=decision.recorded_by, suggestion=decision.suggestion)
            event = DecisionPublished.event(decision=decision, actor=decision.recorded_by)
            return event, shown
        if kind is NotificationKind.SUGGESTION_MARKED_DUPLICATE:
            duplicate = self.duplicates[note.duplicate_id]
            original, merge = duplicate.duplicate_of, self.merges[duplicate.pk]
            assert original is not None
            event = SuggestionMarkedDuplicate.event(
                duplicate=duplicate, original=original, actor=merge.actor
            )
            return event, Shown(actor=merge.actor, suggestion=original, duplicate=duplicate)
        if kind is NotificationKind.THREAD_REPLY:
            post = self.posts[note.post_id]
            shown = Shown(actor=post.author, thread=post.thread, post=post)
            return ThreadReplied.event(post=post), shown
        if kind is NotificationKind.SUGGESTION_COMMENT:
            post = self.posts[note.post_id]
            suggestion = post.thread.suggestion
            assert suggestion is not None
            event = SuggestionCommented.event(post=post, suggestion_id=suggestion.pk)
            shown = Shown(actor=post.author, suggestion=suggestion, thread=post.thread, post=post)
            return event, shown
        if kind is NotificationKind.SENSITIVE_NUMBER_MASKED:
            thread = self.threads[note.thread_id]
            kinds = [SensitiveKind(k) for k in note.masked_kinds.split(",")]
            event = SensitiveNumberMasked.event(content=thread, author=thread.author, kinds=kinds)
            return event, Shown(actor=thread.author, thread=thread)
        assert kind is NotificationKind.CONTENT_HIDDEN
        hidden = self.posts[note.post_id]
        shown = Shown(actor=hidden.hidden_by, thread=hidden.thread, post=hidden)
        return ContentHidden.event(content=hidden), shown


def _values(note: Notification) -> dict[str, Any]:
    return {name: getattr(note, name) for name in FIELDS}


def test_every_demo_notification_is_its_builders(demo_community: str) -> None:
    notes = list(Notification.objects.order_by("id"))
    assert len(notes) > 1_000
    assert {note.kind for note in notes} == set(NotificationKind)
    # Each text as its recipient reads it through the API (one batch per recipient).
    by_recipient: dict[int, list[Notification]] = defaultdict(list)
    for note in notes:
        by_recipient[note.recipient_id].append(note)
    members = Member.objects.in_bulk(list(by_recipient))
    read: dict[int, str] = {}
    for pk, theirs in by_recipient.items():
        texts = notification_texts(viewer=Viewer(members[pk]), notes=theirs)
        read.update((note.pk, text) for note, text in texts.items())

    story = Story(notes)
    for note in notes:
        event, shown = story.event(note)
        built = event.row(note.recipient_id, created_at=note.created_at, read_at=note.read_at)
        assert _values(built) == _values(note), note.event_key
        assert read[note.pk] == NotificationBuilder.registry[note.kind].text(built, shown), (
            note.event_key
        )
