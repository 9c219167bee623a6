"""The demo community of DESIGN's reference story (`manage.py load_demo [--reset]`).

Four months of a French online bank's community, ending now: ~2,400 members, five
advisers, a committee of five, ~270 suggestions with their votes, triage history, comments
and committee decisions, 600 café threads (30 % support questions), a little moderation, and
the notifications the services would have written for all of it. Everything is drawn from
one seeded random generator, so two loads at the same moment give the same community; dates
are relative to the moment of loading so the story always ends "today".

The story is written in memory (`story.Story`) by one module per area, in this order —
members, suggestions, votes, committee, threads (the café), suggestions' comments, the
advisers' resolutions, moderation, follows of café threads, members' last logins — then
inserted with a handful of
bulk inserts, the notifications last (their event keys name rows by id). The French prose
is in `prose/*.toml` (`text.py` reads it).
"""

from __future__ import annotations

import random
from datetime import datetime

from django.core.management.base import CommandError
from django_tasks_db.models import DBTaskResult

from models.models import (
    AgendaItem,
    ApiToken,
    AuditEvent,
    Category,
    CommitteeMeeting,
    Decision,
    Evaluation,
    Flag,
    Follow,
    Member,
    Notification,
    OutboxEvent,
    Post,
    PostRevision,
    Role,
    StatusChange,
    Suggestion,
    Thread,
    ThreadKind,
    Vote,
    WebhookAttempt,
    WebhookDelivery,
    WebhookEndpoint,
)

from .committee import add_meetings
from .members import add_people, set_last_logins
from .moderation import add_reports
from .notifications import notification_rows
from .story import Story
from .suggestions import add_comments, add_suggestions
from .threads import add_cafe, add_resolutions, add_thread_follows, mask_texts
from .votes import add_votes

SEED = 2014
BATCH_SIZE = 500


def build_demo(*, now: datetime, seed: int = SEED) -> None:
    """Write the story ending at `now` and insert it (in the caller's transaction). The
    same `now` and `seed` give the same rows."""
    story = Story(now=now, rng=random.Random(seed))
    add_people(story)
    add_suggestions(story)
    add_votes(story)
    add_meetings(story)
    add_cafe(story)
    add_comments(story)
    add_resolutions(story)
    add_reports(story)
    add_thread_follows(story)
    set_last_logins(story)
    mask_texts(story)
    _save(story)
    # Event keys name rows by id, so notifications come once the rest is inserted.
    Notification.objects.bulk_create(notification_rows(story), batch_size=BATCH_SIZE)


def _save(story: Story) -> None:
    Member.objects.bulk_create(story.members, batch_size=BATCH_SIZE)
    Category.objects.bulk_create(story.categories)
    # Originals first: duplicates point at them.
    Suggestion.objects.bulk_create([p.suggestion for p in story.plans], batch_size=BATCH_SIZE)
    Suggestion.objects.bulk_create(story.duplicates, batch_size=BATCH_SIZE)
    Vote.objects.bulk_create(story.votes, batch_size=BATCH_SIZE)
    Follow.objects.bulk_create(story.follows, batch_size=BATCH_SIZE)
    StatusChange.objects.bulk_create(story.changes, batch_size=BATCH_SIZE)
    CommitteeMeeting.objects.bulk_create(story.meetings.values())
    AgendaItem.objects.bulk_create(story.agenda, batch_size=BATCH_SIZE)
    Evaluation.objects.bulk_create(story.evaluations, batch_size=BATCH_SIZE)
    Decision.objects.bulk_create(story.decisions, batch_size=BATCH_SIZE)
    Thread.objects.bulk_create(story.threads, batch_size=BATCH_SIZE)
    Post.objects.bulk_create(story.posts, batch_size=BATCH_SIZE)
    # A thread and its accepted answer point at each other: the answer exists only now.
    for thread, post in story.accepted:
        thread.accepted_post = post
    Thread.objects.bulk_update(
        [t for t, _ in story.accepted], ["accepted_post"], batch_size=BATCH_SIZE
    )
    Follow.objects.bulk_create(story.thread_follows, batch_size=BATCH_SIZE)
    Flag.objects.bulk_create(story.flags, batch_size=BATCH_SIZE)


def delete_community() -> None:
    """Delete every row of the community app, in an order its PROTECT keys accept.

    The audit log is append-only (a PostgreSQL trigger refuses even raw deletes), so it is
    kept; if it names members, they cannot be deleted and we stop before touching anything.
    """
    if AuditEvent.objects.filter(actor__isnull=False).exists():
        raise CommandError(
            "The audit log (append-only) references members, so they cannot be deleted. "
            "Recreate the database to start over: delete var/comptoir.sqlite3, or dropdb and "
            "createdb on PostgreSQL, then migrate and load_demo."
        )
    # The outbox's events and their tasks go with what they told about.
    DBTaskResult.objects.all().delete()
    for model in (
        OutboxEvent,
        WebhookAttempt,
        WebhookDelivery,
        WebhookEndpoint,
        Notification,
        Flag,
        Follow,
        Vote,
        Evaluation,
        Decision,
        AgendaItem,
        CommitteeMeeting,
        StatusChange,
        PostRevision,
        ApiToken,
    ):
        model.objects.all().delete()
    Thread.objects.update(accepted_post=None)
    Post.objects.all().delete()
    Thread.objects.all().delete()
    # duplicate_of is PROTECT: delete the suggestions no duplicate points at, until none
    # is left (each pass peels one level of duplicates of duplicates).
    while Suggestion.objects.exists():
        deleted, _ = Suggestion.objects.filter(duplicates__isnull=True).delete()
        if not deleted:
            raise CommandError("Suggestions marked as duplicates of each other in a cycle.")
    Category.objects.all().delete()
    Member.objects.all().delete()


def demo_summary() -> str:
    """One line on what the database holds, as `load_demo` prints it."""
    members = Member.objects.count()
    customers = Member.objects.filter(role=Role.CUSTOMER).count()
    advisers = Member.objects.filter(role=Role.ADVISER).count()
    committee = Member.objects.filter(role=Role.COMMITTEE).count()
    cafe = Thread.objects.filter(suggestion__isnull=True)
    questions = cafe.filter(kind=ThreadKind.QUESTION).count()
    return (
        f"Loaded the demo community: {members:,} members ({customers:,} customers, "
        f"{advisers} advisers, {committee} committee members), "
        f"{Suggestion.objects.count():,} suggestions, {Vote.objects.count():,} votes, "
        f"{CommitteeMeeting.objects.count()} committee meetings, "
        f"{Decision.objects.filter(published_at__isnull=False).count()} published decisions, "
        f"{cafe.count():,} café threads ({questions:,} questions), "
        f"{Thread.objects.filter(suggestion__isnull=False).count()} idea discussions, "
        f"{Post.objects.count():,} posts, {Notification.objects.count():,} notifications, "
        f"{Flag.objects.filter(resolved_at__isnull=True).count()} open reports."
    )
