"""Notifications: what the services would have told members about the story's events,
built by the same builders as live ones (`resolvers/services/notifications.py`)."""

from __future__ import annotations

import itertools
import math
from collections import defaultdict
from collections.abc import Iterable
from datetime import datetime, timedelta

from models.models import (
    Member,
    Notification,
    Suggestion,
    SuggestionStatus,
    Thread,
    ThreadKind,
)
from resolvers.services.notifications import (
    ContentHidden,
    DecisionPublished,
    NotificationEvent,
    OfficialAnswer,
    QuestionResolved,
    SensitiveNumberMasked,
    SuggestionCommented,
    SuggestionMarkedDuplicate,
    SuggestionStatusChanged,
    ThreadReplied,
)
from resolvers.services.suggestions import ADVISER_MOVES

from .story import Story

# Notifications older than this were mostly read (READ_SHARE); newer ones wait in the inbox.
# demo-client has been away longer, so the walk-through finds something in their inbox.
UNREAD_DAYS = 5
DEMO_UNREAD_DAYS = 10
READ_SHARE = 0.9
# The moves `changeSuggestionStatus` makes, which notify followers (a published decision and
# a merge notify in their own way).
NOTIFIED_MOVES = frozenset(itertools.chain.from_iterable(ADVISER_MOVES.values()))


def notification_rows(story: Story) -> list[Notification]:
    """What the services would have told members about the story's events, through the
    same builders (`resolvers/services/notifications.py`): the same kinds, event keys,
    references and facts, dated at the event, to those who voted or followed by then;
    nobody is told of their own action. Most older ones have been read."""
    voters: dict[int, list[tuple[Member, datetime]]] = defaultdict(list)
    followers: dict[int, list[tuple[Member, datetime]]] = defaultdict(list)
    for vote in story.votes:
        voters[id(vote.suggestion)].append((vote.member, vote.created_at))
    for follow in story.follows:
        followers[id(follow.suggestion)].append((follow.member, follow.created_at))

    def until(
        rows: dict[int, list[tuple[Member, datetime]]], s: Suggestion, at: datetime
    ) -> list[Member]:
        return [m for m, since in rows[id(s)] if since < at]

    notes: list[Notification] = []

    def notify(recipients: Iterable[Member], event: NotificationEvent, at: datetime) -> None:
        told = {m.pk: m for m in recipients if m.pk != event.actor_id}
        for pk in sorted(told):
            member = told[pk]
            days = DEMO_UNREAD_DAYS if member is story.demo_customer else UNREAD_DAYS
            read_at = None
            if at < story.now - timedelta(days=days) and story.rng.random() < READ_SHARE:
                delay = timedelta(hours=story.rng.lognormvariate(math.log(10), 1.0))
                read_at = min(at + delay, story.now - timedelta(hours=1))
            notes.append(event.row(pk, created_at=at, read_at=read_at))

    S = SuggestionStatus
    for change in story.changes:
        s, at = change.suggestion, change.created_at
        if change.to_status in NOTIFIED_MOVES:
            notify(until(followers, s, at), SuggestionStatusChanged.event(change=change), at)
        elif change.to_status == S.DUPLICATE:
            original = s.duplicate_of
            assert original is not None
            notify(
                [s.author, *until(voters, s, at), *until(followers, s, at)],
                SuggestionMarkedDuplicate.event(duplicate=s, original=original, actor=change.actor),
                at,
            )
    for decision in story.decisions:
        s, published = decision.suggestion, decision.published_at
        if published is None:
            continue  # the draft: nobody knows yet
        notify(
            [*until(voters, s, published), *until(followers, s, published)],
            DecisionPublished.event(decision=decision, actor=decision.recorded_by),
            published,
        )
    for post in story.posts:
        thread = post.thread
        if post.is_official and thread.kind == ThreadKind.QUESTION:
            notify([thread.author], OfficialAnswer.event(post=post), post.created_at)
    for thread in story.threads:
        adviser = story.resolved_by.get(id(thread))
        if adviser is not None and thread.resolved_at is not None:
            notify(
                [thread.author],
                QuestionResolved.event(thread=thread, actor=adviser, at=thread.resolved_at),
                thread.resolved_at,
            )
    for post in story.hidden:
        assert post.hidden_at is not None and post.hidden_by is not None
        notify([post.author], ContentHidden.event(content=post), post.hidden_at)
    # Each reply to those who followed its café thread by then (a question's author, told
    # of an official answer as such, once); each comment to its idea's author and those who
    # followed the idea by then. Internal notes tell nobody.
    thread_followers: dict[int, list[tuple[Member, datetime]]] = defaultdict(list)
    for follow in story.thread_follows:
        thread_followers[id(follow.thread)].append((follow.member, follow.created_at))

    def following(thread: Thread, at: datetime) -> list[Member]:
        return [m for m, since in thread_followers[id(thread)] if since < at]

    for post in story.posts:
        thread, at = post.thread, post.created_at
        if post.is_internal:
            continue
        idea = thread.suggestion
        if idea is None:
            answered = post.is_official and thread.kind == ThreadKind.QUESTION
            told = [m for m in following(thread, at) if not (answered and m is thread.author)]
            notify(told, ThreadReplied.event(post=post), at)
        else:
            notify(
                [idea.author, *until(followers, idea, at)],
                SuggestionCommented.event(post=post, suggestion_id=idea.pk),
                at,
            )
    # Customers' sensitive numbers masked at load: every adviser is told, as at a write.
    for thread, kinds in story.masked:
        event = SensitiveNumberMasked.event(content=thread, author=thread.author, kinds=kinds)
        notify(story.advisers, event, thread.created_at)
    return notes
