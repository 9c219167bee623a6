"""Votes: each suggestion gets the votes its rank planned (the story's most liked idea
exactly 129), from customers who had joined, at times that fit its popularity; voting
follows the suggestion, and a merged duplicate's author votes for its original."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.core.management.base import CommandError

from models.models import Follow, Member, Vote

from .story import Story, SuggestionPlan
from .suggestions import TOP_VOTES, draft_plan, upcoming_plans


def add_votes(story: Story) -> None:
    """Every vote and the follow it brings, demo-client's written by hand."""
    demo = story.demo_customer
    top_fifty = [
        p for p in story.ranked[1:50] if p.suggestion.author is not demo and p.target_votes > 2
    ]
    # demo-client supports the top idea and some, not all, of the most voted ones.
    demo_votes = {
        story.ranked[0].suggestion.title,
        *(p.suggestion.title for p in story.rng.sample(top_fifty, 12)),
    }
    # ... and, before advisers moved them, the idea whose decision the chair is about to
    # publish and the two shortlisted last: demo-client follows their way to the
    # committee in their notifications.
    early = [draft_plan(story), *upcoming_plans(story, 2)]
    demo_votes.update(p.suggestion.title for p in early)
    demo_early = {
        p.suggestion.title: [c.created_at for c in story.changes_of(p.suggestion)] for p in early
    }
    for plan in story.ranked:
        s = plan.suggestion
        assert plan.closes_at is not None
        voters: dict[str, tuple[Member, datetime]] = {s.author.username: (s.author, s.created_at)}
        for absorbed in plan.absorbed:
            # Marking a duplicate moved its author's vote here, with its date.
            voters.setdefault(absorbed.author.username, (absorbed.author, absorbed.created_at))
        if s.title in demo_votes:
            earliest = max(s.created_at, demo.date_joined)
            moved = [t for t in demo_early.get(s.title, ()) if t > earliest + timedelta(hours=2)]
            latest = moved[0] - timedelta(hours=1) if moved else plan.closes_at
            voters[demo.username] = (demo, story.between(earliest, latest))
        while len(voters) < plan.target_votes:
            at = _vote_time(story, plan)
            voter = story.picker.pick(at, besides=voters.keys())
            voters[voter.username] = (voter, at)
        for member, at in voters.values():
            story.votes.append(Vote(member=member, suggestion=s, created_at=at))
            # Voting follows the suggestion (the vote service does the same).
            story.follows.append(Follow(member=member, suggestion=s, created_at=at))
            story.seen(member, at)
        s.vote_count = len(voters)
    if story.ranked[0].suggestion.vote_count != TOP_VOTES:
        raise CommandError("The story's most liked idea must have exactly 129 votes.")


def _vote_time(story: Story, plan: SuggestionPlan) -> datetime:
    s = plan.suggestion
    assert plan.closes_at is not None
    if plan.trending and story.rng.random() < 0.65:
        # Most of a trending idea's votes came in the last week, the latest ones densest.
        earliest = max(s.created_at, story.now - timedelta(days=7))
        return story.now - (story.now - earliest) * story.rng.random() ** 1.5
    # Otherwise votes come soon after posting, then trickle.
    return s.created_at + (plan.closes_at - s.created_at) * story.rng.random() ** 1.8
