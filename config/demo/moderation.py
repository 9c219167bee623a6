"""Moderation: customers reported a few replies and a recent idea; an adviser hid one reply
(resolving its reports) and dismissed the reports on another; the rest wait in the queue."""

from __future__ import annotations

from datetime import timedelta

from models.models import Flag, FlagReason, SuggestionStatus

from . import text
from .story import Story
from .threads import add_post


def add_reports(story: Story) -> None:
    """Customers reported a few replies in the discussions: an adviser hid one (which
    resolves its reports and tells its author why) and dismissed another; the rest wait
    in the advisers' queue, with a recent idea reported as a likely duplicate."""
    rng = story.rng
    discussions = story.category("discussions")
    cafe = [t for t in story.threads if t.category is discussions and not t.is_pinned]
    taken: set[int] = set()
    for report in text.REPORTED_POSTS:
        posted = story.now - timedelta(days=rng.uniform(*report.days_ago))
        thread = rng.choice(
            [
                t
                for t in cafe
                if posted - timedelta(days=10) < t.created_at < posted - timedelta(hours=2)
                and id(t) not in taken
            ]
        )
        taken.add(id(thread))
        author = story.picker.pick(posted, besides={thread.author.username})
        post = add_post(story, thread, author, report.body, posted)
        flags: list[Flag] = []
        besides = {author.username}
        at = posted
        for words in report.reports:
            at = min(at + story.hours(0.2, 8), story.now - timedelta(minutes=10))
            reporter = story.picker.pick(at, besides=besides)
            besides.add(reporter.username)
            story.seen(reporter, at)
            flags.append(
                Flag(
                    reporter=reporter,
                    post=post,
                    reason=FlagReason(report.reason),
                    text=words,
                    created_at=at,
                )
            )
        story.flags += flags
        if report.outcome == "OPEN":
            continue
        adviser = story.adviser()
        at += story.hours(0.5, 12)
        if report.outcome == "HIDDEN":
            post.hidden_at = at
            post.hidden_by = adviser
            post.hidden_reason = report.hidden_reason
            story.hidden.append(post)
        for flag in flags:
            flag.resolved_at = at
            flag.resolved_by = adviser
        story.seen(adviser, at)

    reason, words = text.REPORTED_SUGGESTION
    recent = [
        p.suggestion
        for p in story.ranked
        if not p.canonical
        and p.suggestion.status == SuggestionStatus.SUBMITTED
        and p.suggestion.author is not story.demo_customer
        and story.now - timedelta(days=8) < p.suggestion.created_at < story.now - timedelta(days=1)
    ]
    if recent:
        suggestion = rng.choice(recent)
        at = story.between(suggestion.created_at + timedelta(hours=2), story.now)
        reporter = story.picker.pick(at, besides={suggestion.author.username})
        story.seen(reporter, at)
        story.flags.append(
            Flag(
                reporter=reporter,
                suggestion=suggestion,
                reason=FlagReason(reason),
                text=words,
                created_at=at,
            )
        )
