"""The story while it is written: its clock, its random generator, and every row drawn so
far, held in memory until `config.demo.build` inserts them. The area modules (members,
suggestions, votes, committee, threads, moderation, notifications) each add their part."""

from __future__ import annotations

import itertools
import random
from bisect import bisect_right
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.core.management.base import CommandError
from django.utils import timezone

from models.models import (
    AgendaItem,
    Category,
    CommitteeMeeting,
    Decision,
    Evaluation,
    Flag,
    Follow,
    Member,
    Post,
    StatusChange,
    Suggestion,
    Thread,
    Vote,
)
from resolvers.sensitive import SensitiveKind

from . import text

# Four months of community, ending at the moment of loading.
STORY = timedelta(days=120)
# Days after launch of the first two committee meetings; the third is 9 days before now.
MEETING_DAYS = (42, 78)
LAST_MEETING_DAYS_AGO = 9


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


def quarter_label(at: datetime, ahead: int) -> str:
    """The calendar quarter `ahead` quarters after the one of `at`, as "2027 Q1"."""
    local = timezone.localtime(at)
    index = local.year * 4 + (local.month - 1) // 3 + ahead
    return f"{index // 4} Q{index % 4 + 1}"


class Story:
    """The community in memory: unsaved rows, linked to each other, and what the steps of
    the story need to know of each other's work."""

    # Set by the step that creates them (members, suggestions, threads).
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
            1: self.at_hour(self.start + timedelta(days=MEETING_DAYS[0]), 10),
            2: self.at_hour(self.start + timedelta(days=MEETING_DAYS[1]), 10),
            3: self.at_hour(now - timedelta(days=LAST_MEETING_DAYS_AGO), 10),
        }
        # The chair publishes the decisions the day after each meeting.
        self.published_at = {
            k: self.at_hour(at + timedelta(days=1), 17) for k, at in self.meeting_at.items()
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
        # Follows of café threads (saved once the threads are).
        self.thread_follows: list[Follow] = []
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
        # Customers' threads whose text had sensitive numbers masked, with their kinds.
        self.masked: list[tuple[Thread, list[SensitiveKind]]] = []

    # --- time -----------------------------------------------------------------------------

    def at_hour(self, at: datetime, hour: int) -> datetime:
        return timezone.localtime(at).replace(hour=hour, minute=0, second=0, microsecond=0)

    def between(self, earliest: datetime, latest: datetime) -> datetime:
        return earliest + (latest - earliest) * self.rng.random()

    def hours(self, low: float, high: float) -> timedelta:
        return timedelta(hours=self.rng.uniform(low, high))

    def seen(self, member: Member, at: datetime) -> None:
        known = self.last_seen.get(member.username)
        if known is None or at > known:
            self.last_seen[member.username] = at

    # --- who and what -----------------------------------------------------------------------

    def adviser(self) -> Member:
        # demo-staff spends most of the time in the back office.
        return self.rng.choices(self.advisers, weights=(3, 1, 2, 2, 2))[0]

    @property
    def chair(self) -> Member:
        return self.committee[0]

    def category(self, slug: str) -> Category:
        return next(c for c in self.categories if c.slug == slug)

    def changes_of(self, suggestion: Suggestion) -> list[StatusChange]:
        return [c for c in self.changes if c.suggestion is suggestion]
