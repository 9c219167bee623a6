"""Le Labo: ~270 suggestions (the ideas of `prose/suggestions.toml` and their variants),
ranked by a popularity that plans their votes, replayed through the status machine up to
the status their fate gives them, six merged duplicates, and the comments on the popular
ones in their discussion threads, as `suggestion_comment` opens them."""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Sequence
from datetime import datetime, timedelta

from django.utils import timezone

from models.models import (
    Category,
    DecisionOutcome,
    Follow,
    Member,
    StatusChange,
    Suggestion,
    SuggestionStatus,
    ThreadKind,
)
from resolvers.services.suggestions import LABO_CATEGORY_SLUG

from . import text
from .story import STORY, Story, SuggestionPlan, quarter_label
from .threads import add_post, open_thread

TOP_VOTES = 129
# Nothing but the story's most liked idea comes close to it.
RUNNER_UP_MAX_VOTES = 110
# Le Labo: the most voted ideas all have a discussion, and about half of the next ones.
LABO_ALWAYS = 12
LABO_RANKS = 60
OUTCOME_STATUS = {
    DecisionOutcome.RETAINED: SuggestionStatus.RETAINED,
    DecisionOutcome.DEFERRED: SuggestionStatus.DEFERRED,
    DecisionOutcome.REJECTED: SuggestionStatus.REJECTED,
}
# Which comments fit an idea once the committee has decided on it.
DECIDED_COMMENTS = {
    SuggestionStatus.RETAINED: "RETAINED",
    SuggestionStatus.IN_PROGRESS: "RETAINED",
    SuggestionStatus.DELIVERED: "DELIVERED",
    SuggestionStatus.DEFERRED: "DEFERRED",
    SuggestionStatus.REJECTED: "REJECTED",
}


def french_date(at: datetime) -> str:
    """The day of `at` in the bank's time zone, as a public note writes it: "1er mars"."""
    local = timezone.localtime(at)
    day = "1er" if local.day == 1 else str(local.day)
    return f"{day} {text.MONTHS[local.month - 1]}"


def _status_at(changes: Sequence[StatusChange], at: datetime) -> str:
    status: str = SuggestionStatus.SUBMITTED
    for change in changes:
        if change.created_at <= at:
            status = change.to_status
    return status


def draft_plan(story: Story) -> SuggestionPlan:
    """The idea whose decision the chair recorded at the last meeting but has not
    published: the first one carried over (see _carry_over)."""
    return next(p for p in story.ranked if p.fate is None and p.on_last_agenda)


def upcoming_plans(story: Story, count: int) -> list[SuggestionPlan]:
    """The ideas shortlisted last (in the past week), for the next meeting."""
    upcoming = sorted(
        (
            (story.changes_of(p.suggestion)[-1].created_at, i)
            for i, p in enumerate(story.ranked)
            if p.suggestion.status == SuggestionStatus.SHORTLISTED and not p.on_last_agenda
        ),
        reverse=True,
    )
    return [story.ranked[i] for _, i in upcoming[:count]]


def add_suggestions(story: Story) -> None:
    """Every suggestion, its author, its status history, and the merged duplicates."""
    rng = story.rng
    fates = {f.title: f for f in text.FATES}
    for idea in text.IDEAS:
        _plan(story, idea.title, idea.body, canonical=True, fate=fates.get(idea.title))
        for title, need in idea.variants:
            body = rng.choice(text.SUGGESTION_OPENERS) + need
            _plan(story, title, body + rng.choice(text.SUGGESTION_CLOSERS), canonical=False)
    by_title = {p.suggestion.title: p for p in story.plans}

    for plan in story.plans:
        plan.suggestion.created_at = _created_at(story, plan)
    recent = [
        p
        for p in story.plans
        if p.fate is None and p.suggestion.created_at > story.now - timedelta(days=20)
    ]
    older = [
        p
        for p in story.plans
        if p.fate is None and p.suggestion.created_at < story.now - timedelta(days=40)
    ]
    # A few ideas catch fire lately, so the TRENDING order differs from TOP.
    for plan in [*rng.sample(recent, 3), rng.choice(older)]:
        plan.trending = True

    ranked = sorted(story.plans, key=lambda plan: _popularity(story, plan), reverse=True)
    for rank, plan in enumerate(ranked, start=1):
        plan.target_votes = _votes_at_rank(story, rank, len(ranked))

    _statuses(story, ranked)
    _authors(story, ranked)
    for plan in story.plans:
        _history(story, plan)
    for dup in text.DUPLICATES:
        _duplicate(story, dup, by_title[dup.original])
    story.ranked = ranked


def _plan(
    story: Story, title: str, body: str, *, canonical: bool, fate: text.Fate | None = None
) -> None:
    suggestion = Suggestion(title=title, body=body, status=SuggestionStatus.SUBMITTED)
    story.plans.append(SuggestionPlan(suggestion=suggestion, canonical=canonical, fate=fate))


def _created_at(story: Story, plan: SuggestionPlan) -> datetime:
    if plan.suggestion.title == text.TOP_IDEA:
        return story.start + timedelta(days=5, hours=9, minutes=12)
    if plan.fate is not None:
        # Decided ideas were posted early enough to be triaged before their meeting.
        latest = story.meeting_at[plan.fate.meeting] - timedelta(days=20)
        return story.between(story.start + timedelta(days=1), latest)
    # Many ideas came with the launch, then a steady flow.
    span = story.now - timedelta(hours=2) - story.start - timedelta(hours=6)
    return story.start + timedelta(hours=6) + span * story.rng.random() ** 1.3


def _popularity(story: Story, plan: SuggestionPlan) -> float:
    if plan.suggestion.title == text.TOP_IDEA:
        return math.inf
    if plan.fate is not None:
        # The committee sees the most supported ideas.
        return 10 + 4 * story.rng.random()
    if plan.trending:
        return 8 + 4 * story.rng.random()
    age = (story.now - plan.suggestion.created_at) / STORY
    return 3 * story.rng.random() + 1.5 * age + (1.0 if plan.canonical else 0.0)


def _votes_at_rank(story: Story, rank: int, count: int) -> int:
    """A long tail: 129 for the first, then ~90, ~40 at rank 10, down to 1."""
    if rank == 1:
        return TOP_VOTES
    share = (count - rank) / (count - 1)
    votes = 130 * rank**-0.5 * share**1.3 * story.rng.uniform(0.85, 1.15)
    return max(1, min(RUNNER_UP_MAX_VOTES, round(votes)))


def _statuses(story: Story, ranked: list[SuggestionPlan]) -> None:
    shortlisted = 0
    for rank, plan in enumerate(ranked, start=1):
        s = plan.suggestion
        if plan.fate is not None:
            s.status = OUTCOME_STATUS[DecisionOutcome(plan.fate.outcome)]
            if plan.fate.then:
                s.status = SuggestionStatus(plan.fate.then[-1])
        elif (
            shortlisted < 8 and not plan.trending and s.created_at < story.now - timedelta(days=30)
        ):
            s.status = SuggestionStatus.SHORTLISTED
            # The last meeting ran out of time for half of them.
            plan.on_last_agenda = shortlisted < 4
            shortlisted += 1
        elif s.created_at < story.now - timedelta(days=4) and story.rng.random() < 0.08 + 0.2 * (
            1 - rank / len(ranked)
        ):
            s.status = SuggestionStatus.UNDER_REVIEW


def _authors(story: Story, ranked: list[SuggestionPlan]) -> None:
    for plan in story.plans:
        plan.suggestion.author = story.picker.pick(plan.suggestion.created_at)
    # demo-client has two ideas of their own: one under review, one just posted.
    joined = story.demo_customer.date_joined + timedelta(hours=1)
    under_review = next(
        p
        for p in ranked[20:80]
        if p.suggestion.status == SuggestionStatus.UNDER_REVIEW and p.suggestion.created_at > joined
    )
    just_posted = next(
        p
        for p in reversed(ranked)
        if p.suggestion.status == SuggestionStatus.SUBMITTED
        and p.suggestion.created_at > story.now - timedelta(days=10)
    )
    for plan in (under_review, just_posted):
        plan.suggestion.author = story.demo_customer


def _change(
    story: Story,
    suggestion: Suggestion,
    to: SuggestionStatus,
    actor: Member,
    note: str,
    at: datetime,
) -> None:
    story.changes.append(
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
    story.seen(actor, at)


def _history(story: Story, plan: SuggestionPlan) -> None:
    """Replay the status machine of DESIGN §3 up to the planned status."""
    s = plan.suggestion
    final = s.status
    s.status = SuggestionStatus.SUBMITTED
    s.updated_at = s.created_at
    plan.closes_at = story.now
    if final == SuggestionStatus.SUBMITTED:
        return
    reviewed = min(s.created_at + story.hours(24, 24 * 7), story.now - timedelta(hours=2))
    _change(
        story,
        s,
        SuggestionStatus.UNDER_REVIEW,
        story.adviser(),
        story.rng.choice(text.UNDER_REVIEW_NOTES),
        reviewed,
    )
    if final == SuggestionStatus.UNDER_REVIEW:
        return
    meeting = plan.fate.meeting if plan.fate is not None else 3
    if plan.fate is not None or plan.on_last_agenda:
        at = story.between(
            reviewed + timedelta(days=1), story.meeting_at[meeting] - timedelta(days=3)
        )
        note = text.SHORTLISTED_NOTE.format(date=french_date(story.meeting_at[meeting]))
    else:
        earliest = max(reviewed, story.published_at[3]) + timedelta(days=1)
        at = story.between(earliest, story.now - timedelta(days=1))
        note = text.SHORTLISTED_NEXT_NOTE
    _change(story, s, SuggestionStatus.SHORTLISTED, story.adviser(), note, at)
    if plan.fate is None:
        return

    fate = plan.fate
    outcome = DecisionOutcome(fate.outcome)
    published = story.published_at[fate.meeting]
    public = fate.rationale
    if fate.quarters_ahead is not None:
        s.target_period = quarter_label(story.now, fate.quarters_ahead)
        public += text.DECISION_PERIOD_NOTE.format(period=s.target_period)
    s.public_response = public
    _change(story, s, OUTCOME_STATUS[outcome], story.chair, public, published)
    if outcome == DecisionOutcome.REJECTED:
        plan.closes_at = published
    at = published
    for step in fate.then:
        if step == SuggestionStatus.IN_PROGRESS:
            at += story.hours(24 * 10, 24 * 20)
            _change(
                story, s, SuggestionStatus.IN_PROGRESS, story.adviser(), text.IN_PROGRESS_NOTE, at
            )
        else:
            at = min(at + story.hours(24 * 15, 24 * 25), story.now - timedelta(days=2))
            _change(story, s, SuggestionStatus.DELIVERED, story.adviser(), text.DELIVERED_NOTE, at)
            plan.closes_at = at


def _duplicate(story: Story, dup: text.Duplicate, original: SuggestionPlan) -> None:
    created = min(
        original.suggestion.created_at + story.hours(24 * 2, 24 * 25),
        story.now - timedelta(days=3),
    )
    suggestion = Suggestion(
        title=dup.title,
        body=dup.body,
        status=SuggestionStatus.SUBMITTED,
        created_at=created,
        updated_at=created,
        author=story.picker.pick(created, besides={original.suggestion.author.username}),
    )
    marked = min(created + story.hours(24, 24 * 5), story.now - timedelta(days=1))
    if story.rng.random() < 0.5:
        _change(
            story,
            suggestion,
            SuggestionStatus.UNDER_REVIEW,
            story.adviser(),
            story.rng.choice(text.UNDER_REVIEW_NOTES),
            story.between(created, marked),
        )
    _change(
        story, suggestion, SuggestionStatus.DUPLICATE, story.adviser(), text.DUPLICATE_NOTE, marked
    )
    suggestion.duplicate_of = original.suggestion
    # Its author followed it; the author's vote moved to the original (see _votes).
    story.follows.append(
        Follow(member=suggestion.author, suggestion=suggestion, created_at=created)
    )
    original.absorbed.append(suggestion)
    story.duplicates.append(suggestion)


def add_comments(story: Story) -> None:
    """Comments on the popular ideas. As `suggestion_comment` does, each commented idea
    has one discussion thread in Le Labo, opened in its author's name when it was posted,
    where supporters talk and an adviser often answers after the idea's latest step."""
    category = story.category(LABO_CATEGORY_SLUG)
    supporters: dict[int, list[tuple[Member, datetime]]] = defaultdict(list)
    for vote in story.votes:
        supporters[id(vote.suggestion)].append((vote.member, vote.created_at))
    draft = draft_plan(story)
    for rank, plan in enumerate(story.ranked, start=1):
        if (
            rank > LABO_ALWAYS
            and plan is not draft
            and (rank > LABO_RANKS or story.rng.random() < 0.5)
        ):
            continue
        _discussion(
            story,
            category,
            plan,
            supporters[id(plan.suggestion)],
            popular=rank <= LABO_ALWAYS,
            draft=plan is draft,
        )


def _discussion(
    story: Story,
    category: Category,
    plan: SuggestionPlan,
    supporters: list[tuple[Member, datetime]],
    *,
    popular: bool,
    draft: bool,
) -> None:
    rng = story.rng
    s = plan.suggestion
    thread = open_thread(
        story, category, ThreadKind.DISCUSSION, s.author, s.title, s.body, s.created_at
    )
    thread.suggestion = s
    changes = story.changes_of(s)
    end = story.now - timedelta(hours=1)
    count = rng.randint(3, 8) if popular else rng.randint(1, 5)
    # Most comments come while the idea is new, a few when something happens to it.
    times = sorted(s.created_at + (end - s.created_at) * rng.random() ** 1.5 for _ in range(count))
    used: set[str] = set()
    # demo-client comments where written by hand (below), never as a drawn supporter.
    spoke = {s.author.username, story.demo_customer.username}
    for at in times:
        decided = DECIDED_COMMENTS.get(SuggestionStatus(_status_at(changes, at)))
        pool = text.LABO_COMMENTS_DECIDED[decided] if decided else text.LABO_COMMENTS
        fitting = [c for c in pool if c not in used]
        if not fitting:
            continue
        body = rng.choice(fitting)
        used.add(body)
        voters = [m for m, voted in supporters if voted < at and m.username not in spoke]
        member = rng.choice(voters) if voters else story.picker.pick(at, besides=spoke)
        spoke.add(member.username)
        add_post(story, thread, member, body, at)
    if len(times) > 1 and rng.random() < 0.5:
        at = times[1] + story.hours(0.5, 36)
        if at < end:
            add_post(story, thread, s.author, rng.choice(text.LABO_AUTHOR_THANKS), at)
    steps = [c for c in changes if c.created_at < end - timedelta(hours=1)]
    if steps and (popular or rng.random() < 0.5):
        at = min(steps[-1].created_at + story.hours(1, 30), end)
        answer = text.LABO_ADVISER_ANSWERS[steps[-1].to_status]
        add_post(story, thread, story.adviser(), answer, at, official=True)
    if draft:
        voted = next(at for m, at in supporters if m is story.demo_customer)
        earliest = max(voted, changes[-1].created_at) + timedelta(hours=1)
        add_post(
            story, thread, story.demo_customer, text.DEMO_LABO_COMMENT, story.between(earliest, end)
        )
