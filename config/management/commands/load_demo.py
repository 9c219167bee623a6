"""Load the demo community of DESIGN's reference story (`manage.py load_demo [--reset]`).

Four months of a French online bank's community, ending now: ~2,400 members, five
advisers, a committee of five, ~270 suggestions with their votes, triage history, comments
and committee decisions, 600 café threads (30 % support questions), a little moderation, and
the notifications the services would have written for all of it. Everything is drawn from
one seeded random generator, so two loads at the same moment give the same community; dates
are relative to the moment of loading so the story always ends "today".
"""

from __future__ import annotations

import itertools
import math
import random
import unicodedata
from bisect import bisect_right
from collections import defaultdict
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from django.contrib.auth.hashers import make_password
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction
from django.utils import timezone

from config import demo_content as text
from models.models import (
    AgendaItem,
    ApiToken,
    AuditEvent,
    Category,
    CommitteeMeeting,
    Decision,
    DecisionOutcome,
    Evaluation,
    Flag,
    FlagReason,
    Follow,
    Member,
    Notification,
    Post,
    PostRevision,
    Role,
    StatusChange,
    Suggestion,
    SuggestionStatus,
    Thread,
    ThreadKind,
    ThreadStatus,
    Vote,
)
from resolvers.services.notifications import (
    ContentHidden,
    DecisionPublished,
    NotificationEvent,
    OfficialAnswer,
    QuestionResolved,
    SuggestionMarkedDuplicate,
    SuggestionStatusChanged,
)
from resolvers.services.suggestion_status import ADVISER_MOVES
from resolvers.services.suggestions import LABO_CATEGORY_SLUG

SEED = 2014
STORY = timedelta(days=120)
DEMO_PASSWORD = "comptoir-demo"
CUSTOMERS = 2_390
TOP_VOTES = 129
# Nothing but the story's most liked idea comes close to it.
RUNNER_UP_MAX_VOTES = 110
QUESTION_THREADS = 180
# The latest questions, asked in the last day or so, still wait for an adviser.
UNANSWERED_QUESTIONS = 5
DISCUSSION_THREADS = 420
BATCH_SIZE = 500
# Days after launch of the three committee meetings; the last one is 9 days before now.
MEETING_DAYS = (42, 78)
LAST_MEETING_DAYS_AGO = 9
# Le Labo: the most voted ideas all have a discussion, and about half of the next ones.
LABO_ALWAYS = 12
LABO_RANKS = 60
# Share of resolved questions whose author only said thanks, so the adviser marked them.
ADVISER_RESOLVES = 0.25
# Notifications older than this were mostly read (READ_SHARE); newer ones wait in the inbox.
# demo-client has been away longer, so the walk-through finds something in their inbox.
UNREAD_DAYS = 5
DEMO_UNREAD_DAYS = 10
READ_SHARE = 0.9

LOGINS = (
    "Demo logins (password: comptoir-demo):\n"
    "  customer          demo-client\n"
    "  adviser           demo-conseiller\n"
    "  committee member  demo-comite\n"
    "  committee chair   demo-president\n"
    "  staff (admin)     demo-staff"
)

# Typical committee scores per outcome: customer benefit, feasibility, cost, time to deliver.
SCORE_PROFILES: dict[str, tuple[int, int, int, int]] = {
    DecisionOutcome.RETAINED: (5, 4, 3, 3),
    DecisionOutcome.DEFERRED: (4, 3, 2, 2),
    DecisionOutcome.REJECTED: (2, 2, 2, 3),
}
OUTCOME_STATUS = {
    DecisionOutcome.RETAINED: SuggestionStatus.RETAINED,
    DecisionOutcome.DEFERRED: SuggestionStatus.DEFERRED,
    DecisionOutcome.REJECTED: SuggestionStatus.REJECTED,
}
# The moves `changeSuggestionStatus` makes, which notify followers (a published decision and
# a merge notify in their own way).
NOTIFIED_MOVES = frozenset(itertools.chain.from_iterable(ADVISER_MOVES.values()))
# Which comments fit an idea once the committee has decided on it.
DECIDED_COMMENTS = {
    SuggestionStatus.RETAINED: "RETAINED",
    SuggestionStatus.IN_PROGRESS: "RETAINED",
    SuggestionStatus.DELIVERED: "DELIVERED",
    SuggestionStatus.DEFERRED: "DEFERRED",
    SuggestionStatus.REJECTED: "REJECTED",
}


class Command(BaseCommand):
    help = "Load the demo community (idempotent); --reset deletes the community first."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--reset",
            action="store_true",
            help="Delete every member, thread, suggestion, vote and decision, then reload.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        with transaction.atomic():
            if options["reset"]:
                delete_community()
            elif Member.objects.filter(username=text.DEMO_CUSTOMER.username).exists():
                self.stdout.write("Demo community already loaded.")
                self.stdout.write(LOGINS)
                return
            elif Member.objects.exists():
                # Mixing the demo into other data would collide on usernames, customer
                # numbers and the single committee chair.
                raise CommandError(
                    "The database already has members but not the demo community: "
                    "run `manage.py load_demo --reset` to replace them with the demo."
                )
            DemoBuilder(now=timezone.now(), rng=random.Random(SEED)).build()
            summary = _summary()
        self.stdout.write(self.style.SUCCESS(summary))
        self.stdout.write(LOGINS)


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
    for model in (
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


def _summary() -> str:
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


def quarter_label(at: datetime, ahead: int) -> str:
    """The calendar quarter `ahead` quarters after the one of `at`, as "2027 Q1"."""
    local = timezone.localtime(at)
    index = local.year * 4 + (local.month - 1) // 3 + ahead
    return f"{index // 4} Q{index % 4 + 1}"


def french_date(at: datetime) -> str:
    local = timezone.localtime(at)
    day = "1er" if local.day == 1 else str(local.day)
    return f"{day} {text.MONTHS[local.month - 1]}"


def _status_at(changes: Sequence[StatusChange], at: datetime) -> str:
    status: str = SuggestionStatus.SUBMITTED
    for change in changes:
        if change.created_at <= at:
            status = change.to_status
    return status


def _ascii(name: str) -> str:
    plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return "".join(ch for ch in plain.lower() if ch.isalnum())


class CustomerPicker:
    """Draws customers who had joined by a given time. A few members do most of the
    talking, as in any community, so each customer has an activity weight."""

    def __init__(
        self, customers: Sequence[Member], weights: Sequence[float], rng: random.Random
    ) -> None:
        self._customers = customers
        self._joined = [c.date_joined for c in customers]
        self._cumulative = list(itertools.accumulate(weights))
        self._rng = rng

    def pick(self, at: datetime, *, besides: Collection[str] = ()) -> Member:
        eligible = bisect_right(self._joined, at)
        total = self._cumulative[eligible - 1]
        for _ in range(200):
            found = self._customers[bisect_right(self._cumulative, self._rng.random() * total)]
            if found.username not in besides:
                return found
        # Heavy users are all taken: fall back to the first newcomer not yet drawn.
        for customer in self._customers[:eligible]:
            if customer.username not in besides:
                return customer
        raise CommandError(f"No customer left to draw at {at}.")


@dataclass
class SuggestionPlan:
    """A suggestion while the story is written: its fate, popularity and history."""

    suggestion: Suggestion
    canonical: bool
    fate: text.Fate | None = None
    trending: bool = False
    target_votes: int = 0
    # Votes are accepted until then (REJECTED and DELIVERED close voting).
    closes_at: datetime | None = None
    # For SHORTLISTED ideas: on the agenda of the last meeting, or waiting for the next one.
    on_last_agenda: bool = False
    # Earlier suggestions this one absorbed: their authors' votes moved here.
    absorbed: list[Suggestion] = field(default_factory=list)


class DemoBuilder:
    """Writes the story in memory, then inserts it with a handful of bulk inserts."""

    # Set by the step that creates them (_people, _suggestions, _cafe).
    picker: CustomerPicker
    demo_customer: Member
    feminine: set[str]
    ranked: list[SuggestionPlan]
    categories: list[Category]

    def __init__(self, *, now: datetime, rng: random.Random) -> None:
        self.now = now
        self.start = now - STORY
        self.rng = rng
        self.meeting_at = {
            1: self._at_hour(self.start + timedelta(days=MEETING_DAYS[0]), 10),
            2: self._at_hour(self.start + timedelta(days=MEETING_DAYS[1]), 10),
            3: self._at_hour(now - timedelta(days=LAST_MEETING_DAYS_AGO), 10),
        }
        # The chair publishes the decisions the day after each meeting.
        self.published_at = {
            k: self._at_hour(at + timedelta(days=1), 17) for k, at in self.meeting_at.items()
        }
        # username -> latest activity, which dates each member's last login.
        self.last_seen: dict[str, datetime] = {}
        self.members: list[Member] = []
        self.advisers: list[Member] = []
        self.committee: list[Member] = []
        self.plans: list[SuggestionPlan] = []
        self.duplicates: list[Suggestion] = []
        self.votes: list[Vote] = []
        self.follows: list[Follow] = []
        self.changes: list[StatusChange] = []
        self.meetings: dict[int, CommitteeMeeting] = {}
        self.agenda: list[AgendaItem] = []
        self.evaluations: list[Evaluation] = []
        self.decisions: list[Decision] = []
        self.threads: list[Thread] = []
        self.posts: list[Post] = []
        self.accepted: list[tuple[Thread, Post]] = []
        # id(thread) -> the author's thanks that resolved it; -> the adviser who marked it.
        self.thanks: dict[int, Post] = {}
        self.resolved_by: dict[int, Member] = {}
        self.flags: list[Flag] = []
        self.hidden: list[Post] = []

    # --- time helpers -----------------------------------------------------------------------

    def _at_hour(self, at: datetime, hour: int) -> datetime:
        return timezone.localtime(at).replace(hour=hour, minute=0, second=0, microsecond=0)

    def _between(self, earliest: datetime, latest: datetime) -> datetime:
        return earliest + (latest - earliest) * self.rng.random()

    def _hours(self, low: float, high: float) -> timedelta:
        return timedelta(hours=self.rng.uniform(low, high))

    def _seen(self, member: Member, at: datetime) -> None:
        known = self.last_seen.get(member.username)
        if known is None or at > known:
            self.last_seen[member.username] = at

    # --- the whole story --------------------------------------------------------------------

    def build(self) -> None:
        self._people()
        self._suggestions()
        self._votes()
        self._committee()
        self._cafe()
        self._labo()
        self._resolutions()
        self._moderation()
        self._last_logins()
        self._save()
        # Event keys name rows by id, so notifications come once the rest is inserted.
        Notification.objects.bulk_create(self._notifications(), batch_size=BATCH_SIZE)

    # --- members ----------------------------------------------------------------------------

    def _people(self) -> None:
        # Hashing is slow on purpose: once for the five demo logins, never per member.
        demo_hash = make_password(DEMO_PASSWORD)
        unusable = make_password(None)
        taken: set[str] = set()

        def staff(person: text.Person, role: Role, minutes: int) -> Member:
            taken.add(person.username)
            return Member(
                username=person.username,
                first_name=person.first_name,
                last_name=person.last_name,
                display_name=f"{person.first_name} {person.last_name[0]}.",
                email=f"{person.username}@example.test",
                role=role,
                customer_number=None,
                is_committee_chair=person == text.COMMITTEE_CHAIR,
                is_staff=person.username == "demo-staff",
                is_superuser=person.username == "demo-staff",
                password=demo_hash if person.username.startswith("demo-") else unusable,
                date_joined=self.start + timedelta(minutes=minutes),
            )

        self.advisers = [staff(p, Role.ADVISER, i) for i, p in enumerate(text.ADVISERS, start=1)]
        self.committee = [
            staff(p, Role.COMMITTEE, i) for i, p in enumerate(text.COMMITTEE, start=10)
        ]
        self.feminine = {p.username for p in (*text.ADVISERS, *text.COMMITTEE) if p.feminine}

        numbers = self.rng.sample(range(10_000_000, 100_000_000), CUSTOMERS)
        demo = text.DEMO_CUSTOMER
        taken.add(demo.username)
        self.demo_customer = Member(
            username=demo.username,
            first_name=demo.first_name,
            last_name=demo.last_name,
            display_name=f"{demo.first_name} {demo.last_name[0]}.",
            email=f"{demo.username}@example.test",
            role=Role.CUSTOMER,
            customer_number=f"C{numbers[0]}",
            password=demo_hash,
            date_joined=self.start + timedelta(days=2, hours=3),
        )
        customers = [self.demo_customer]
        for number in numbers[1:]:
            first = self.rng.choice(text.FIRST_NAMES)
            last = self.rng.choice(text.LAST_NAMES)
            given, family = _ascii(first), _ascii(last)
            base = self.rng.choice(
                (
                    f"{given}.{family}",
                    f"{given}{family}",
                    f"{given[0]}{family}",
                    f"{given}_{family[0]}",
                    f"{family}.{given}",
                )
            )
            username = base
            while username in taken:
                username = f"{base}{self.rng.randint(2, 99)}"
            taken.add(username)
            customers.append(
                Member(
                    username=username,
                    first_name=first,
                    last_name=last,
                    display_name=f"{first} {last[0]}.",
                    email=f"{username}@example.test",
                    role=Role.CUSTOMER,
                    customer_number=f"C{number}",
                    password=unusable,
                    date_joined=self._join_time(),
                )
            )
        # Ids follow the order of arrival, as they would have in production.
        customers.sort(key=lambda m: m.date_joined)
        self.members = [*self.advisers, *self.committee, *customers]
        weights = [
            0.0 if m is self.demo_customer else min(20.0, self.rng.paretovariate(1.3))
            for m in customers
        ]
        # demo-client's activity is written by hand below, never drawn at random.
        self.picker = CustomerPicker(customers, weights, self.rng)

    def _join_time(self) -> datetime:
        if self.rng.random() < 0.3:
            # Launch: the bank invited existing customers, most came in the first days.
            return self.start + timedelta(minutes=20) + timedelta(days=10) * self.rng.random() ** 2
        return self._between(self.start + timedelta(minutes=20), self.now - timedelta(hours=2))

    def _adviser(self) -> Member:
        # demo-staff spends most of the time in the back office.
        return self.rng.choices(self.advisers, weights=(3, 1, 2, 2, 2))[0]

    @property
    def chair(self) -> Member:
        return self.committee[0]

    def _category(self, slug: str) -> Category:
        return next(c for c in self.categories if c.slug == slug)

    def _changes_of(self, suggestion: Suggestion) -> list[StatusChange]:
        return [c for c in self.changes if c.suggestion is suggestion]

    def _draft_plan(self) -> SuggestionPlan:
        """The idea whose decision the chair recorded at the last meeting but has not
        published: the first one carried over (see _carry_over)."""
        return next(p for p in self.ranked if p.fate is None and p.on_last_agenda)

    def _upcoming_plans(self, count: int) -> list[SuggestionPlan]:
        """The ideas shortlisted last (in the past week), for the next meeting."""
        upcoming = sorted(
            (
                (self._changes_of(p.suggestion)[-1].created_at, i)
                for i, p in enumerate(self.ranked)
                if p.suggestion.status == SuggestionStatus.SHORTLISTED and not p.on_last_agenda
            ),
            reverse=True,
        )
        return [self.ranked[i] for _, i in upcoming[:count]]

    # --- Le Labo ----------------------------------------------------------------------------

    def _suggestions(self) -> None:
        rng = self.rng
        fates = {f.title: f for f in text.FATES}
        for idea in text.IDEAS:
            self._plan(idea.title, idea.body, canonical=True, fate=fates.get(idea.title))
            for title, need in idea.variants:
                body = rng.choice(text.SUGGESTION_OPENERS) + need
                self._plan(title, body + rng.choice(text.SUGGESTION_CLOSERS), canonical=False)
        by_title = {p.suggestion.title: p for p in self.plans}

        for plan in self.plans:
            plan.suggestion.created_at = self._created_at(plan)
        recent = [
            p
            for p in self.plans
            if p.fate is None and p.suggestion.created_at > self.now - timedelta(days=20)
        ]
        older = [
            p
            for p in self.plans
            if p.fate is None and p.suggestion.created_at < self.now - timedelta(days=40)
        ]
        # A few ideas catch fire lately, so the TRENDING order differs from TOP.
        for plan in [*rng.sample(recent, 3), rng.choice(older)]:
            plan.trending = True

        ranked = sorted(self.plans, key=self._popularity, reverse=True)
        for rank, plan in enumerate(ranked, start=1):
            plan.target_votes = self._votes_at_rank(rank, len(ranked))

        self._statuses(ranked)
        self._authors(ranked)
        for plan in self.plans:
            self._history(plan)
        for dup in text.DUPLICATES:
            self._duplicate(dup, by_title[dup.original])
        self.ranked = ranked

    def _plan(
        self, title: str, body: str, *, canonical: bool, fate: text.Fate | None = None
    ) -> None:
        suggestion = Suggestion(title=title, body=body, status=SuggestionStatus.SUBMITTED)
        self.plans.append(SuggestionPlan(suggestion=suggestion, canonical=canonical, fate=fate))

    def _created_at(self, plan: SuggestionPlan) -> datetime:
        if plan.suggestion.title == text.TOP_IDEA:
            return self.start + timedelta(days=5, hours=9, minutes=12)
        if plan.fate is not None:
            # Decided ideas were posted early enough to be triaged before their meeting.
            latest = self.meeting_at[plan.fate.meeting] - timedelta(days=20)
            return self._between(self.start + timedelta(days=1), latest)
        # Many ideas came with the launch, then a steady flow.
        span = self.now - timedelta(hours=2) - self.start - timedelta(hours=6)
        return self.start + timedelta(hours=6) + span * self.rng.random() ** 1.3

    def _popularity(self, plan: SuggestionPlan) -> float:
        if plan.suggestion.title == text.TOP_IDEA:
            return math.inf
        if plan.fate is not None:
            # The committee sees the most supported ideas.
            return 10 + 4 * self.rng.random()
        if plan.trending:
            return 8 + 4 * self.rng.random()
        age = (self.now - plan.suggestion.created_at) / STORY
        return 3 * self.rng.random() + 1.5 * age + (1.0 if plan.canonical else 0.0)

    def _votes_at_rank(self, rank: int, count: int) -> int:
        """A long tail: 129 for the first, then ~90, ~40 at rank 10, down to 1."""
        if rank == 1:
            return TOP_VOTES
        share = (count - rank) / (count - 1)
        votes = 130 * rank**-0.5 * share**1.3 * self.rng.uniform(0.85, 1.15)
        return max(1, min(RUNNER_UP_MAX_VOTES, round(votes)))

    def _statuses(self, ranked: list[SuggestionPlan]) -> None:
        shortlisted = 0
        for rank, plan in enumerate(ranked, start=1):
            s = plan.suggestion
            if plan.fate is not None:
                s.status = OUTCOME_STATUS[DecisionOutcome(plan.fate.outcome)]
                if plan.fate.then:
                    s.status = SuggestionStatus(plan.fate.then[-1])
            elif (
                shortlisted < 8
                and not plan.trending
                and s.created_at < self.now - timedelta(days=30)
            ):
                s.status = SuggestionStatus.SHORTLISTED
                # The last meeting ran out of time for half of them.
                plan.on_last_agenda = shortlisted < 4
                shortlisted += 1
            elif s.created_at < self.now - timedelta(days=4) and self.rng.random() < 0.08 + 0.2 * (
                1 - rank / len(ranked)
            ):
                s.status = SuggestionStatus.UNDER_REVIEW

    def _authors(self, ranked: list[SuggestionPlan]) -> None:
        for plan in self.plans:
            plan.suggestion.author = self.picker.pick(plan.suggestion.created_at)
        # demo-client has two ideas of their own: one under review, one just posted.
        joined = self.demo_customer.date_joined + timedelta(hours=1)
        under_review = next(
            p
            for p in ranked[20:80]
            if p.suggestion.status == SuggestionStatus.UNDER_REVIEW
            and p.suggestion.created_at > joined
        )
        just_posted = next(
            p
            for p in reversed(ranked)
            if p.suggestion.status == SuggestionStatus.SUBMITTED
            and p.suggestion.created_at > self.now - timedelta(days=10)
        )
        for plan in (under_review, just_posted):
            plan.suggestion.author = self.demo_customer

    def _change(
        self,
        suggestion: Suggestion,
        to: SuggestionStatus,
        actor: Member,
        note: str,
        at: datetime,
    ) -> None:
        self.changes.append(
            StatusChange(
                suggestion=suggestion,
                from_status=suggestion.status,
                to_status=to,
                actor=actor,
                public_note=note,
                created_at=at,
            )
        )
        suggestion.status = to
        suggestion.updated_at = at
        self._seen(actor, at)

    def _history(self, plan: SuggestionPlan) -> None:
        """Replay the status machine of DESIGN §3 up to the planned status."""
        s = plan.suggestion
        final = s.status
        s.status = SuggestionStatus.SUBMITTED
        s.updated_at = s.created_at
        plan.closes_at = self.now
        if final == SuggestionStatus.SUBMITTED:
            return
        reviewed = min(s.created_at + self._hours(24, 24 * 7), self.now - timedelta(hours=2))
        self._change(
            s,
            SuggestionStatus.UNDER_REVIEW,
            self._adviser(),
            self.rng.choice(text.UNDER_REVIEW_NOTES),
            reviewed,
        )
        if final == SuggestionStatus.UNDER_REVIEW:
            return
        meeting = plan.fate.meeting if plan.fate is not None else 3
        if plan.fate is not None or plan.on_last_agenda:
            at = self._between(
                reviewed + timedelta(days=1), self.meeting_at[meeting] - timedelta(days=3)
            )
            note = text.SHORTLISTED_NOTE.format(date=french_date(self.meeting_at[meeting]))
        else:
            earliest = max(reviewed, self.published_at[3]) + timedelta(days=1)
            at = self._between(earliest, self.now - timedelta(days=1))
            note = text.SHORTLISTED_NEXT_NOTE
        self._change(s, SuggestionStatus.SHORTLISTED, self._adviser(), note, at)
        if plan.fate is None:
            return

        fate = plan.fate
        outcome = DecisionOutcome(fate.outcome)
        published = self.published_at[fate.meeting]
        public = fate.rationale
        if fate.quarters_ahead is not None:
            s.target_period = quarter_label(self.now, fate.quarters_ahead)
            public += text.DECISION_PERIOD_NOTE.format(period=s.target_period)
        s.public_response = public
        self._change(s, OUTCOME_STATUS[outcome], self.chair, public, published)
        if outcome == DecisionOutcome.REJECTED:
            plan.closes_at = published
        at = published
        for step in fate.then:
            if step == SuggestionStatus.IN_PROGRESS:
                at += self._hours(24 * 10, 24 * 20)
                self._change(
                    s, SuggestionStatus.IN_PROGRESS, self._adviser(), text.IN_PROGRESS_NOTE, at
                )
            else:
                at = min(at + self._hours(24 * 15, 24 * 25), self.now - timedelta(days=2))
                self._change(
                    s, SuggestionStatus.DELIVERED, self._adviser(), text.DELIVERED_NOTE, at
                )
                plan.closes_at = at

    def _duplicate(self, dup: text.Duplicate, original: SuggestionPlan) -> None:
        created = min(
            original.suggestion.created_at + self._hours(24 * 2, 24 * 25),
            self.now - timedelta(days=3),
        )
        suggestion = Suggestion(
            title=dup.title,
            body=dup.body,
            status=SuggestionStatus.SUBMITTED,
            created_at=created,
            updated_at=created,
            author=self.picker.pick(created, besides={original.suggestion.author.username}),
        )
        marked = min(created + self._hours(24, 24 * 5), self.now - timedelta(days=1))
        if self.rng.random() < 0.5:
            self._change(
                suggestion,
                SuggestionStatus.UNDER_REVIEW,
                self._adviser(),
                self.rng.choice(text.UNDER_REVIEW_NOTES),
                self._between(created, marked),
            )
        self._change(
            suggestion, SuggestionStatus.DUPLICATE, self._adviser(), text.DUPLICATE_NOTE, marked
        )
        suggestion.duplicate_of = original.suggestion
        # Its author followed it; the author's vote moved to the original (see _votes).
        self.follows.append(
            Follow(member=suggestion.author, suggestion=suggestion, created_at=created)
        )
        original.absorbed.append(suggestion)
        self.duplicates.append(suggestion)

    # --- votes ------------------------------------------------------------------------------

    def _votes(self) -> None:
        demo = self.demo_customer
        top_fifty = [
            p for p in self.ranked[1:50] if p.suggestion.author is not demo and p.target_votes > 2
        ]
        # demo-client supports the top idea and some, not all, of the most voted ones.
        demo_votes = {
            self.ranked[0].suggestion.title,
            *(p.suggestion.title for p in self.rng.sample(top_fifty, 12)),
        }
        # ... and, before advisers moved them, the idea whose decision the chair is about to
        # publish and the two shortlisted last: demo-client follows their way to the
        # committee in their notifications.
        early = [self._draft_plan(), *self._upcoming_plans(2)]
        demo_votes.update(p.suggestion.title for p in early)
        demo_early = {
            p.suggestion.title: [c.created_at for c in self._changes_of(p.suggestion)]
            for p in early
        }
        for plan in self.ranked:
            s = plan.suggestion
            assert plan.closes_at is not None
            voters: dict[str, tuple[Member, datetime]] = {
                s.author.username: (s.author, s.created_at)
            }
            for absorbed in plan.absorbed:
                # Marking a duplicate moved its author's vote here, with its date.
                voters.setdefault(absorbed.author.username, (absorbed.author, absorbed.created_at))
            if s.title in demo_votes:
                earliest = max(s.created_at, demo.date_joined)
                moved = [
                    t for t in demo_early.get(s.title, ()) if t > earliest + timedelta(hours=2)
                ]
                latest = moved[0] - timedelta(hours=1) if moved else plan.closes_at
                voters[demo.username] = (demo, self._between(earliest, latest))
            while len(voters) < plan.target_votes:
                at = self._vote_time(plan)
                voter = self.picker.pick(at, besides=voters.keys())
                voters[voter.username] = (voter, at)
            for member, at in voters.values():
                self.votes.append(Vote(member=member, suggestion=s, created_at=at))
                # Voting follows the suggestion (the vote service does the same).
                self.follows.append(Follow(member=member, suggestion=s, created_at=at))
                self._seen(member, at)
            s.vote_count = len(voters)
        if self.ranked[0].suggestion.vote_count != TOP_VOTES:
            raise CommandError("The story's most liked idea must have exactly 129 votes.")

    def _vote_time(self, plan: SuggestionPlan) -> datetime:
        s = plan.suggestion
        assert plan.closes_at is not None
        if plan.trending and self.rng.random() < 0.65:
            # Most of a trending idea's votes came in the last week, the latest ones densest.
            earliest = max(s.created_at, self.now - timedelta(days=7))
            return self.now - (self.now - earliest) * self.rng.random() ** 1.5
        # Otherwise votes come soon after posting, then trickle.
        return s.created_at + (plan.closes_at - s.created_at) * self.rng.random() ** 1.8

    # --- the committee ----------------------------------------------------------------------

    def _committee(self) -> None:
        for number, at in self.meeting_at.items():
            local = timezone.localtime(at)
            self.meetings[number] = CommitteeMeeting(
                scheduled_for=at,
                chair=self.chair,
                title=text.MEETING_TITLE.format(
                    number=number, month=text.MONTHS[local.month - 1], year=local.year
                ),
                created_at=at - timedelta(days=21),
            )
        positions = {k: 0 for k in self.meetings}
        for plan in self.ranked:
            if plan.fate is not None:
                self._decide(plan, positions)
            elif plan.on_last_agenda:
                self._carry_over(plan, positions)

    def _on_agenda(self, plan: SuggestionPlan, number: int, positions: dict[int, int]) -> None:
        positions[number] += 1
        self.agenda.append(
            AgendaItem(
                meeting=self.meetings[number],
                suggestion=plan.suggestion,
                position=positions[number],
            )
        )

    def _evaluate(self, plan: SuggestionPlan, number: int, outcome: str, who: list[Member]) -> None:
        profile = SCORE_PROFILES[outcome]
        for evaluator in who:
            scores = [max(1, min(5, base + self.rng.choice((-1, 0, 0, 1)))) for base in profile]
            at = self.meeting_at[number] - self._hours(12, 60)
            comment = (
                self.rng.choice(text.EVALUATION_COMMENTS[outcome])
                if self.rng.random() < 0.5
                else ""
            )
            self.evaluations.append(
                Evaluation(
                    meeting=self.meetings[number],
                    suggestion=plan.suggestion,
                    evaluator=evaluator,
                    customer_benefit=scores[0],
                    technical_feasibility=scores[1],
                    cost=scores[2],
                    time_to_deliver=scores[3],
                    comment=comment,
                    created_at=at,
                    updated_at=at,
                )
            )
            self._seen(evaluator, at)

    def _decide(self, plan: SuggestionPlan, positions: dict[int, int]) -> None:
        fate = plan.fate
        assert fate is not None
        self._on_agenda(plan, fate.meeting, positions)
        self._evaluate(plan, fate.meeting, fate.outcome, self.committee)
        self.decisions.append(
            Decision(
                suggestion=plan.suggestion,
                meeting=self.meetings[fate.meeting],
                outcome=fate.outcome,
                public_rationale=fate.rationale,
                internal_notes=fate.internal_notes,
                target_period=plan.suggestion.target_period,
                recorded_by=self.chair,
                created_at=self.meeting_at[fate.meeting] + timedelta(hours=2),
                published_at=self.published_at[fate.meeting],
            )
        )

    def _carry_over(self, plan: SuggestionPlan, positions: dict[int, int]) -> None:
        """Shortlisted for the last meeting, which ran out of time: partly scored, and the
        first one has a draft decision the chair has not published yet."""
        self._on_agenda(plan, 3, positions)
        outcome = self.rng.choice((DecisionOutcome.RETAINED, DecisionOutcome.DEFERRED))
        self._evaluate(plan, 3, outcome, self.rng.sample(self.committee, 3))
        if not any(d.published_at is None for d in self.decisions):
            self.decisions.append(
                Decision(
                    suggestion=plan.suggestion,
                    meeting=self.meetings[3],
                    outcome=DecisionOutcome.RETAINED,
                    internal_notes=text.DRAFT_DECISION_NOTES,
                    target_period=quarter_label(self.now, 2),
                    recorded_by=self.chair,
                    created_at=self.meeting_at[3] + timedelta(hours=3),
                )
            )

    # --- the café ---------------------------------------------------------------------------

    def _cafe(self) -> None:
        self.categories = [
            Category(
                name=c.name,
                slug=c.slug,
                description=c.description,
                accepts_threads=c.accepts_threads,
                position=position,
            )
            for position, c in enumerate(text.CATEGORIES, start=1)
        ]
        self._questions(self.categories[0])
        self._discussions(self.categories[1])

    def _thread_time(self) -> datetime:
        # The café grows busier as the community grows.
        span = self.now - timedelta(hours=3) - self.start - timedelta(hours=4)
        return self.start + timedelta(hours=4) + span * self.rng.random() ** 0.8

    def _post(
        self,
        thread: Thread,
        author: Member,
        body: str,
        at: datetime,
        *,
        official: bool = False,
        internal: bool = False,
    ) -> Post:
        post = Post(
            thread=thread,
            author=author,
            body=body,
            created_at=at,
            is_official=official,
            is_internal=internal,
        )
        self.posts.append(post)
        self._seen(author, at)
        if not internal:
            # Internal notes do not bump the public activity date: it would tell customers
            # when advisers wrote notes they cannot see.
            thread.last_activity_at = max(thread.last_activity_at, at)
        return post

    def _thread(
        self,
        category: Category,
        kind: ThreadKind,
        author: Member,
        title: str,
        body: str,
        at: datetime,
    ) -> Thread:
        thread = Thread(
            category=category,
            kind=kind,
            author=author,
            title=title,
            body=body,
            created_at=at,
            last_activity_at=at,
        )
        self.threads.append(thread)
        self._seen(author, at)
        return thread

    def _questions(self, category: Category) -> None:
        rng = self.rng
        asked = [(q, title) for q in text.QUESTIONS for title in q.titles]
        rng.shuffle(asked)
        asked = list(itertools.islice(itertools.cycle(asked), QUESTION_THREADS))
        times = sorted(
            [self._thread_time() for _ in asked[UNANSWERED_QUESTIONS:]]
            + [
                self._between(self.now - timedelta(hours=30), self.now - timedelta(minutes=20))
                for _ in range(UNANSWERED_QUESTIONS)
            ]
        )
        # demo-client asked two questions: one solved, one answered and awaiting their word.
        demo_joined = self.demo_customer.date_joined + timedelta(days=1)
        demo_asks = {
            next(i for i, t in enumerate(times) if t > demo_joined + timedelta(days=20)): 1.0,
            next(i for i, t in enumerate(times) if t > self.now - timedelta(days=12)): 0.0,
        }
        faq: list[Thread] = []
        for i, ((question, title), at) in enumerate(zip(asked, times, strict=True)):
            author = self.demo_customer if i in demo_asks else self.picker.pick(at)
            body = rng.choice(text.QUESTION_OPENERS) + question.body
            body += rng.choice(text.QUESTION_CLOSERS)
            thread = self._thread(category, ThreadKind.QUESTION, author, title, body, at)
            if i < len(times) - UNANSWERED_QUESTIONS:
                self._answer(thread, question, demo_asks.get(i, 0.65))
            elif rng.random() < 0.5:
                # Not answered yet, but already assigned (advisers see it, customers do not).
                thread.assigned_adviser = self._adviser()
            if question is text.QUESTIONS[0]:
                faq.append(thread)
        # The most frequent question, answered once and for all, stays on top of the list.
        next(t for t in faq if t.status == ThreadStatus.RESOLVED).is_pinned = True

    def _answer(self, thread: Thread, question: text.Question, resolve_chance: float) -> None:
        rng = self.rng
        asked = thread.created_at
        author = thread.author
        if rng.random() < 0.2:
            at = asked + self._hours(0.2, 6)
            if at < self.now:
                other = self.picker.pick(at, besides={author.username})
                self._post(thread, other, rng.choice(text.QUESTION_ME_TOO), at)
        delay = timedelta(hours=min(48.0, max(0.2, rng.lognormvariate(math.log(3), 1.0))))
        answered = min(asked + delay, self.now - timedelta(minutes=5))
        adviser = self._adviser()
        role = text.ADVISER_ROLE[adviser.username in self.feminine]
        answer = self._post(
            thread,
            adviser,
            text.ANSWER_FRAME.format(
                customer=author.first_name,
                answer=question.answer,
                adviser=adviser.first_name,
                role=role,
            ),
            answered,
            official=True,
        )
        thread.status = ThreadStatus.ANSWERED
        thread.first_response_at = answered
        thread.assigned_adviser = adviser
        if rng.random() < 0.06:
            at = min(answered + self._hours(0.1, 2), self.now)
            # A note for colleagues, not an answer on behalf of the bank.
            self._post(thread, adviser, rng.choice(text.INTERNAL_NOTES), at, internal=True)
        replied = answered + self._hours(0.3, 36)
        if replied < self.now:
            if rng.random() < resolve_chance:
                thanks = rng.choice(text.QUESTION_THANKS_RESOLVED)
                self.thanks[id(thread)] = self._post(thread, author, thanks, replied)
                thread.status = ThreadStatus.RESOLVED
                thread.resolved_at = replied
                self.accepted.append((thread, answer))
            elif rng.random() < 0.35 or author is self.demo_customer:
                self._post(thread, author, rng.choice(text.QUESTION_THANKS_PENDING), replied)
        if rng.random() < 0.12:
            at = thread.last_activity_at + self._hours(1, 72)
            if at < self.now:
                other = self.picker.pick(at, besides={author.username})
                self._post(thread, other, rng.choice(text.QUESTION_AFTERWORDS), at)

    def _discussions(self, category: Category) -> None:
        rng = self.rng
        for pinned in text.PINNED_DISCUSSIONS:
            at = (
                self.published_at[pinned.after_meeting] + timedelta(hours=2)
                if pinned.after_meeting
                else self.start + timedelta(minutes=30)
            )
            thread = self._thread(
                category,
                ThreadKind.DISCUSSION,
                self.advisers[0],
                pinned.title,
                pinned.body,
                at,
            )
            thread.is_pinned = True
            self._replies(thread, list(text.WELCOME_REPLIES), rng.randint(3, 8), advisers=False)

        count = DISCUSSION_THREADS - len(text.PINNED_DISCUSSIONS)
        topics = rng.sample([(t, p) for t in text.TOPICS for p in text.DISCUSSION_PATTERNS], count)
        times = sorted(self._thread_time() for _ in topics)
        demo_opens = next(i for i, t in enumerate(times) if t > self.now - timedelta(days=20))
        for i, ((topic, pattern), at) in enumerate(zip(topics, times, strict=True)):
            fields = {
                "name": topic.name,
                "Name": topic.name[0].upper() + topic.name[1:],
                "of": topic.of,
                "opinion": topic.opinion,
                "tip": topic.tip,
                "praise": topic.praise,
                "gripe": topic.gripe,
            }
            author = self.demo_customer if i == demo_opens else self.picker.pick(at)
            thread = self._thread(
                category,
                ThreadKind.DISCUSSION,
                author,
                pattern.title.format(**fields),
                pattern.body.format(**fields),
                at,
            )
            replies = rng.choices(range(1, 9), weights=(18, 22, 18, 13, 10, 8, 6, 5))[0]
            pool = [*topic.replies, *topic.replies, *text.GENERIC_REPLIES]
            self._replies(thread, pool, max(3, replies) if i == demo_opens else replies)

    def _replies(
        self, thread: Thread, pool: list[str], count: int, *, advisers: bool = True
    ) -> None:
        """Customers reply one after another (minutes to days apart); sometimes the author
        comes back, sometimes an adviser joins."""
        rng = self.rng
        at = thread.created_at
        adviser_turn = rng.randrange(count) if advisers and rng.random() < 0.12 else -1
        used: set[str] = set()
        last = thread.author
        for turn in range(count):
            at += timedelta(hours=min(24 * 6, rng.lognormvariate(math.log(5), 1.2)))
            if at >= self.now:
                if turn:
                    break
                # Every discussion got at least one reply.
                at = self._between(thread.created_at, self.now)
            if turn == adviser_turn:
                body = rng.choice(text.ADVISER_DISCUSSION_REPLIES)
                self._post(thread, self._adviser(), body, at, official=True)
                continue
            if (
                turn
                and thread.author.role == Role.CUSTOMER
                and last is not thread.author
                and rng.random() < 0.15
            ):
                self._post(thread, thread.author, rng.choice(text.AUTHOR_FOLLOW_UPS), at)
                last = thread.author
                continue
            fitting = [
                r
                for r in pool
                if r not in used and self._meeting_published(text.AFTER_MEETING.get(r, 0), at)
            ]
            body = rng.choice(fitting)
            used.add(body)
            last = self.picker.pick(at, besides={last.username})
            self._post(thread, last, body, at)

    def _meeting_published(self, meeting: int, at: datetime) -> bool:
        return meeting == 0 or self.published_at[meeting] < at

    def _resolutions(self) -> None:
        """Many customers only say thanks: the adviser who answered then accepts the answer
        for them, and the service tells the author (QUESTION_RESOLVED)."""
        for thread, answer in self.accepted:
            thanks = self.thanks[id(thread)]
            if thanks.body == text.MARKS_IT_RESOLVED or self.rng.random() >= ADVISER_RESOLVES:
                continue
            at = thanks.created_at + self._hours(0.3, 20)
            if at >= self.now:
                continue
            thread.resolved_at = at
            self.resolved_by[id(thread)] = answer.author
            self._seen(answer.author, at)

    # --- Le Labo: comments ------------------------------------------------------------------

    def _labo(self) -> None:
        """Comments on the popular ideas. As `suggestion_comment` does, each commented idea
        has one discussion thread in Le Labo, opened in its author's name when it was posted,
        where supporters talk and an adviser often answers after the idea's latest step."""
        category = self._category(LABO_CATEGORY_SLUG)
        supporters: dict[int, list[tuple[Member, datetime]]] = defaultdict(list)
        for vote in self.votes:
            supporters[id(vote.suggestion)].append((vote.member, vote.created_at))
        draft = self._draft_plan()
        for rank, plan in enumerate(self.ranked, start=1):
            if (
                rank > LABO_ALWAYS
                and plan is not draft
                and (rank > LABO_RANKS or self.rng.random() < 0.5)
            ):
                continue
            self._labo_discussion(
                category,
                plan,
                supporters[id(plan.suggestion)],
                popular=rank <= LABO_ALWAYS,
                draft=plan is draft,
            )

    def _labo_discussion(
        self,
        category: Category,
        plan: SuggestionPlan,
        supporters: list[tuple[Member, datetime]],
        *,
        popular: bool,
        draft: bool,
    ) -> None:
        rng = self.rng
        s = plan.suggestion
        thread = self._thread(
            category, ThreadKind.DISCUSSION, s.author, s.title, s.body, s.created_at
        )
        thread.suggestion = s
        changes = self._changes_of(s)
        end = self.now - timedelta(hours=1)
        count = rng.randint(3, 8) if popular else rng.randint(1, 5)
        # Most comments come while the idea is new, a few when something happens to it.
        times = sorted(
            s.created_at + (end - s.created_at) * rng.random() ** 1.5 for _ in range(count)
        )
        used: set[str] = set()
        # demo-client comments where written by hand (below), never as a drawn supporter.
        spoke = {s.author.username, self.demo_customer.username}
        for at in times:
            decided = DECIDED_COMMENTS.get(SuggestionStatus(_status_at(changes, at)))
            pool = text.LABO_COMMENTS_DECIDED[decided] if decided else text.LABO_COMMENTS
            fitting = [c for c in pool if c not in used]
            if not fitting:
                continue
            body = rng.choice(fitting)
            used.add(body)
            voters = [m for m, voted in supporters if voted < at and m.username not in spoke]
            member = rng.choice(voters) if voters else self.picker.pick(at, besides=spoke)
            spoke.add(member.username)
            self._post(thread, member, body, at)
        if len(times) > 1 and rng.random() < 0.5:
            at = times[1] + self._hours(0.5, 36)
            if at < end:
                self._post(thread, s.author, rng.choice(text.LABO_AUTHOR_THANKS), at)
        steps = [c for c in changes if c.created_at < end - timedelta(hours=1)]
        if steps and (popular or rng.random() < 0.5):
            at = min(steps[-1].created_at + self._hours(1, 30), end)
            answer = text.LABO_ADVISER_ANSWERS[steps[-1].to_status]
            self._post(thread, self._adviser(), answer, at, official=True)
        if draft:
            voted = next(at for m, at in supporters if m is self.demo_customer)
            earliest = max(voted, changes[-1].created_at) + timedelta(hours=1)
            self._post(
                thread, self.demo_customer, text.DEMO_LABO_COMMENT, self._between(earliest, end)
            )

    # --- moderation -------------------------------------------------------------------------

    def _moderation(self) -> None:
        """Customers reported a few replies in the discussions: an adviser hid one (which
        resolves its reports and tells its author why) and dismissed another; the rest wait
        in the advisers' queue, with a recent idea reported as a likely duplicate."""
        rng = self.rng
        discussions = self._category("discussions")
        cafe = [t for t in self.threads if t.category is discussions and not t.is_pinned]
        taken: set[int] = set()
        for report in text.REPORTED_POSTS:
            posted = self.now - timedelta(days=rng.uniform(*report.days_ago))
            thread = rng.choice(
                [
                    t
                    for t in cafe
                    if posted - timedelta(days=10) < t.created_at < posted - timedelta(hours=2)
                    and id(t) not in taken
                ]
            )
            taken.add(id(thread))
            author = self.picker.pick(posted, besides={thread.author.username})
            post = self._post(thread, author, report.body, posted)
            flags: list[Flag] = []
            besides = {author.username}
            at = posted
            for words in report.reports:
                at = min(at + self._hours(0.2, 8), self.now - timedelta(minutes=10))
                reporter = self.picker.pick(at, besides=besides)
                besides.add(reporter.username)
                self._seen(reporter, at)
                flags.append(
                    Flag(
                        reporter=reporter,
                        post=post,
                        reason=FlagReason(report.reason),
                        text=words,
                        created_at=at,
                    )
                )
            self.flags += flags
            if report.outcome == "OPEN":
                continue
            adviser = self._adviser()
            at += self._hours(0.5, 12)
            if report.outcome == "HIDDEN":
                post.hidden_at = at
                post.hidden_by = adviser
                post.hidden_reason = report.hidden_reason
                self.hidden.append(post)
            for flag in flags:
                flag.resolved_at = at
                flag.resolved_by = adviser
            self._seen(adviser, at)

        reason, words = text.REPORTED_SUGGESTION
        recent = [
            p.suggestion
            for p in self.ranked
            if not p.canonical
            and p.suggestion.status == SuggestionStatus.SUBMITTED
            and p.suggestion.author is not self.demo_customer
            and self.now - timedelta(days=8)
            < p.suggestion.created_at
            < self.now - timedelta(days=1)
        ]
        if recent:
            suggestion = rng.choice(recent)
            at = self._between(suggestion.created_at + timedelta(hours=2), self.now)
            reporter = self.picker.pick(at, besides={suggestion.author.username})
            self._seen(reporter, at)
            self.flags.append(
                Flag(
                    reporter=reporter,
                    suggestion=suggestion,
                    reason=FlagReason(reason),
                    text=words,
                    created_at=at,
                )
            )

    # --- notifications ----------------------------------------------------------------------

    def _notifications(self) -> list[Notification]:
        """What the services would have told members about the story's events, through the
        same builders (`resolvers/services/notifications.py`): the same kinds, event keys,
        references and facts, dated at the event, to those who voted or followed by then;
        nobody is told of their own action. Most older ones have been read."""
        voters: dict[int, list[tuple[Member, datetime]]] = defaultdict(list)
        followers: dict[int, list[tuple[Member, datetime]]] = defaultdict(list)
        for vote in self.votes:
            voters[id(vote.suggestion)].append((vote.member, vote.created_at))
        for follow in self.follows:
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
                days = DEMO_UNREAD_DAYS if member is self.demo_customer else UNREAD_DAYS
                read_at = None
                if at < self.now - timedelta(days=days) and self.rng.random() < READ_SHARE:
                    delay = timedelta(hours=self.rng.lognormvariate(math.log(10), 1.0))
                    read_at = min(at + delay, self.now - timedelta(hours=1))
                notes.append(event.row(pk, created_at=at, read_at=read_at))

        S = SuggestionStatus
        for change in self.changes:
            s, at = change.suggestion, change.created_at
            if change.to_status in NOTIFIED_MOVES:
                notify(until(followers, s, at), SuggestionStatusChanged.event(change=change), at)
            elif change.to_status == S.DUPLICATE:
                original = s.duplicate_of
                assert original is not None
                notify(
                    [s.author, *until(voters, s, at), *until(followers, s, at)],
                    SuggestionMarkedDuplicate.event(
                        duplicate=s, original=original, actor=change.actor
                    ),
                    at,
                )
        for decision in self.decisions:
            s, published = decision.suggestion, decision.published_at
            if published is None:
                continue  # the draft: nobody knows yet
            notify(
                [*until(voters, s, published), *until(followers, s, published)],
                DecisionPublished.event(decision=decision, actor=decision.recorded_by),
                published,
            )
        for post in self.posts:
            thread = post.thread
            if post.is_official and thread.kind == ThreadKind.QUESTION:
                notify([thread.author], OfficialAnswer.event(post=post), post.created_at)
        for thread in self.threads:
            adviser = self.resolved_by.get(id(thread))
            if adviser is not None and thread.resolved_at is not None:
                notify(
                    [thread.author],
                    QuestionResolved.event(thread=thread, actor=adviser, at=thread.resolved_at),
                    thread.resolved_at,
                )
        for post in self.hidden:
            assert post.hidden_at is not None and post.hidden_by is not None
            notify([post.author], ContentHidden.event(content=post), post.hidden_at)
        return notes

    # --- last logins and insertion ----------------------------------------------------------

    def _last_logins(self) -> None:
        for member in self.members:
            seen = self.last_seen.get(member.username)
            if member.username.startswith("demo-"):
                member.last_login = self.now - self._hours(1, 30)
            elif seen is not None:
                # Sessions last: the last login is around the last thing they did.
                member.last_login = min(self.now, seen + self._hours(-3, 48))
                member.last_login = max(member.last_login, member.date_joined)
            elif self.rng.random() < 0.9:
                # Came, looked around, did not write: readers are most of any community.
                member.last_login = self._between(
                    member.date_joined, member.date_joined + (self.now - member.date_joined) / 3
                )

    def _save(self) -> None:
        Member.objects.bulk_create(self.members, batch_size=BATCH_SIZE)
        Category.objects.bulk_create(self.categories)
        # Originals first: duplicates point at them.
        Suggestion.objects.bulk_create([p.suggestion for p in self.plans], batch_size=BATCH_SIZE)
        Suggestion.objects.bulk_create(self.duplicates, batch_size=BATCH_SIZE)
        Vote.objects.bulk_create(self.votes, batch_size=BATCH_SIZE)
        Follow.objects.bulk_create(self.follows, batch_size=BATCH_SIZE)
        StatusChange.objects.bulk_create(self.changes, batch_size=BATCH_SIZE)
        CommitteeMeeting.objects.bulk_create(self.meetings.values())
        AgendaItem.objects.bulk_create(self.agenda, batch_size=BATCH_SIZE)
        Evaluation.objects.bulk_create(self.evaluations, batch_size=BATCH_SIZE)
        Decision.objects.bulk_create(self.decisions, batch_size=BATCH_SIZE)
        Thread.objects.bulk_create(self.threads, batch_size=BATCH_SIZE)
        Post.objects.bulk_create(self.posts, batch_size=BATCH_SIZE)
        # A thread and its accepted answer point at each other: the answer exists only now.
        for thread, post in self.accepted:
            thread.accepted_post = post
        Thread.objects.bulk_update(
            [t for t, _ in self.accepted], ["accepted_post"], batch_size=BATCH_SIZE
        )
        Flag.objects.bulk_create(self.flags, batch_size=BATCH_SIZE)
