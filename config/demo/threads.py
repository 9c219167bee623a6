"""The café: its categories (Le Labo's included), support questions (30 % of its threads)
answered by advisers and resolved by their authors or, for them, by the adviser, and
discussions between customers under the advisers' pinned ones. `open_thread` and
`add_post` write a thread and a reply as the services would (activity dates included), for
Le Labo's comments and moderation too."""

from __future__ import annotations

import itertools
import math
from datetime import datetime, timedelta

from models.models import (
    Category,
    Follow,
    Member,
    Post,
    Role,
    Thread,
    ThreadKind,
    ThreadStatus,
)
from resolvers.text import masked_numbers, masked_text

from . import text
from .story import Story

QUESTION_THREADS = 180
# The latest questions, asked in the last day or so, still wait for an adviser.
UNANSWERED_QUESTIONS = 5
DISCUSSION_THREADS = 420
# Share of resolved questions whose author only said thanks, so the adviser marked them.
ADVISER_RESOLVES = 0.25
# One question in this many carries a sensitive number (without drawing from the story's
# random generator, so the rest of the story is the same).
SENSITIVE_EVERY = 45


def add_cafe(story: Story) -> None:
    """The categories, the questions and the discussions."""
    story.categories = [
        Category(
            name=c.name,
            slug=c.slug,
            description=c.description,
            accepts_threads=c.accepts_threads,
            position=position,
        )
        for position, c in enumerate(text.CATEGORIES, start=1)
    ]
    _questions(story, story.categories[0])
    _discussions(story, story.categories[1])


def _thread_time(story: Story) -> datetime:
    # The café grows busier as the community grows.
    span = story.now - timedelta(hours=3) - story.start - timedelta(hours=4)
    return story.start + timedelta(hours=4) + span * story.rng.random() ** 0.8


def add_post(
    story: Story,
    thread: Thread,
    author: Member,
    body: str,
    at: datetime,
    *,
    official: bool = False,
    internal: bool = False,
) -> Post:
    """A reply in `thread` at `at`: official for an adviser's answer, internal for a note
    between advisers (which moves no public activity date)."""
    post = Post(
        thread=thread,
        author=author,
        body=body,
        created_at=at,
        is_official=official,
        is_internal=internal,
    )
    story.posts.append(post)
    story.seen(author, at)
    if not internal:
        # Internal notes do not bump the public activity date: it would tell customers
        # when advisers wrote notes they cannot see.
        thread.last_activity_at = max(thread.last_activity_at, at)
    return post


def open_thread(
    story: Story,
    category: Category,
    kind: ThreadKind,
    author: Member,
    title: str,
    body: str,
    at: datetime,
) -> Thread:
    """A thread opened by `author` at `at`, with no reply yet."""
    thread = Thread(
        category=category,
        kind=kind,
        author=author,
        title=title,
        body=body,
        created_at=at,
        last_activity_at=at,
    )
    story.threads.append(thread)
    story.seen(author, at)
    return thread


def _questions(story: Story, category: Category) -> None:
    rng = story.rng
    asked = [(q, title) for q in text.QUESTIONS for title in q.titles]
    rng.shuffle(asked)
    asked = list(itertools.islice(itertools.cycle(asked), QUESTION_THREADS))
    times = sorted(
        [_thread_time(story) for _ in asked[UNANSWERED_QUESTIONS:]]
        + [
            story.between(story.now - timedelta(hours=30), story.now - timedelta(minutes=20))
            for _ in range(UNANSWERED_QUESTIONS)
        ]
    )
    # demo-client asked two questions: one solved, one answered and awaiting their word.
    demo_joined = story.demo_customer.date_joined + timedelta(days=1)
    demo_asks = {
        next(i for i, t in enumerate(times) if t > demo_joined + timedelta(days=20)): 1.0,
        next(i for i, t in enumerate(times) if t > story.now - timedelta(days=12)): 0.0,
    }
    faq: list[Thread] = []
    for i, ((question, title), at) in enumerate(zip(asked, times, strict=True)):
        author = story.demo_customer if i in demo_asks else story.picker.pick(at)
        body = rng.choice(text.QUESTION_OPENERS) + question.body
        body += rng.choice(text.QUESTION_CLOSERS)
        if i % SENSITIVE_EVERY == SENSITIVE_EVERY // 2:
            # A few customers paste a number anyway (masked at load: `mask_texts`).
            asides = text.SENSITIVE_ASIDES
            body += asides[i // SENSITIVE_EVERY % len(asides)]
        thread = open_thread(story, category, ThreadKind.QUESTION, author, title, body, at)
        if i < len(times) - UNANSWERED_QUESTIONS:
            _answer(story, thread, question, demo_asks.get(i, 0.65))
        elif rng.random() < 0.5:
            # Not answered yet, but already assigned (advisers see it, customers do not).
            thread.assigned_adviser = story.adviser()
        if question is text.QUESTIONS[0]:
            faq.append(thread)
    # The most frequent question, answered once and for all, stays on top of the list.
    next(t for t in faq if t.status == ThreadStatus.RESOLVED).is_pinned = True


def _answer(story: Story, thread: Thread, question: text.Question, resolve_chance: float) -> None:
    rng = story.rng
    asked = thread.created_at
    author = thread.author
    if rng.random() < 0.2:
        at = asked + story.hours(0.2, 6)
        if at < story.now:
            other = story.picker.pick(at, besides={author.username})
            add_post(story, thread, other, rng.choice(text.QUESTION_ME_TOO), at)
    delay = timedelta(hours=min(48.0, max(0.2, rng.lognormvariate(math.log(3), 1.0))))
    answered = min(asked + delay, story.now - timedelta(minutes=5))
    adviser = story.adviser()
    role = text.ADVISER_ROLE[adviser.username in story.feminine]
    answer = add_post(
        story,
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
        at = min(answered + story.hours(0.1, 2), story.now)
        # A note for colleagues, not an answer on behalf of the bank.
        add_post(story, thread, adviser, rng.choice(text.INTERNAL_NOTES), at, internal=True)
    replied = answered + story.hours(0.3, 36)
    if replied < story.now:
        if rng.random() < resolve_chance:
            thanks = rng.choice(text.QUESTION_THANKS_RESOLVED)
            story.thanks[id(thread)] = add_post(story, thread, author, thanks, replied)
            thread.status = ThreadStatus.RESOLVED
            thread.resolved_at = replied
            story.accepted.append((thread, answer))
        elif rng.random() < 0.35 or author is story.demo_customer:
            add_post(story, thread, author, rng.choice(text.QUESTION_THANKS_PENDING), replied)
    if rng.random() < 0.12:
        at = thread.last_activity_at + story.hours(1, 72)
        if at < story.now:
            other = story.picker.pick(at, besides={author.username})
            add_post(story, thread, other, rng.choice(text.QUESTION_AFTERWORDS), at)


def _discussions(story: Story, category: Category) -> None:
    rng = story.rng
    for pinned in text.PINNED_DISCUSSIONS:
        at = (
            story.published_at[pinned.after_meeting] + timedelta(hours=2)
            if pinned.after_meeting
            else story.start + timedelta(minutes=30)
        )
        thread = open_thread(
            story,
            category,
            ThreadKind.DISCUSSION,
            story.advisers[0],
            pinned.title,
            pinned.body,
            at,
        )
        thread.is_pinned = True
        _replies(story, thread, list(text.WELCOME_REPLIES), rng.randint(3, 8), advisers=False)

    count = DISCUSSION_THREADS - len(text.PINNED_DISCUSSIONS)
    topics = rng.sample([(t, p) for t in text.TOPICS for p in text.DISCUSSION_PATTERNS], count)
    times = sorted(_thread_time(story) for _ in topics)
    demo_opens = next(i for i, t in enumerate(times) if t > story.now - timedelta(days=20))
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
        author = story.demo_customer if i == demo_opens else story.picker.pick(at)
        thread = open_thread(
            story,
            category,
            ThreadKind.DISCUSSION,
            author,
            pattern.title.format(**fields),
            pattern.body.format(**fields),
            at,
        )
        replies = rng.choices(range(1, 9), weights=(18, 22, 18, 13, 10, 8, 6, 5))[0]
        pool = [*topic.replies, *topic.replies, *text.GENERIC_REPLIES]
        _replies(story, thread, pool, max(3, replies) if i == demo_opens else replies)


def _replies(
    story: Story, thread: Thread, pool: list[str], count: int, *, advisers: bool = True
) -> None:
    """Customers reply one after another (minutes to days apart); sometimes the author
    comes back, sometimes an adviser joins."""
    rng = story.rng
    at = thread.created_at
    adviser_turn = rng.randrange(count) if advisers and rng.random() < 0.12 else -1
    used: set[str] = set()
    last = thread.author
    for turn in range(count):
        at += timedelta(hours=min(24 * 6, rng.lognormvariate(math.log(5), 1.2)))
        if at >= story.now:
            if turn:
                break
            # Every discussion got at least one reply.
            at = story.between(thread.created_at, story.now)
        if turn == adviser_turn:
            body = rng.choice(text.ADVISER_DISCUSSION_REPLIES)
            add_post(story, thread, story.adviser(), body, at, official=True)
            continue
        if (
            turn
            and thread.author.role == Role.CUSTOMER
            and last is not thread.author
            and rng.random() < 0.15
        ):
            add_post(story, thread, thread.author, rng.choice(text.AUTHOR_FOLLOW_UPS), at)
            last = thread.author
            continue
        fitting = [
            r
            for r in pool
            if r not in used and _meeting_published(story, text.AFTER_MEETING.get(r, 0), at)
        ]
        body = rng.choice(fitting)
        used.add(body)
        last = story.picker.pick(at, besides={last.username})
        add_post(story, thread, last, body, at)


def _meeting_published(story: Story, meeting: int, at: datetime) -> bool:
    return meeting == 0 or story.published_at[meeting] < at


def add_resolutions(story: Story) -> None:
    """Many customers only say thanks: the adviser who answered then accepts the answer
    for them, and the service tells the author (QUESTION_RESOLVED)."""
    for thread, answer in story.accepted:
        thanks = story.thanks[id(thread)]
        if thanks.body == text.MARKS_IT_RESOLVED or story.rng.random() >= ADVISER_RESOLVES:
            continue
        at = thanks.created_at + story.hours(0.3, 20)
        if at >= story.now:
            continue
        thread.resolved_at = at
        story.resolved_by[id(thread)] = answer.author
        story.seen(answer.author, at)


# Of the customers who write in a café thread, the share who follow it (from their first
# message: the author when they open it, a replier when they reply).
FOLLOW_SHARE = 0.3


def mask_texts(story: Story) -> None:
    """Mask the sensitive numbers of every thread and reply, as the services do at every
    write (`resolvers.text.masked_text`); the customers' threads whose text was masked are
    kept in `story.masked` for the advisers' notifications."""
    for thread in story.threads:
        with masked_numbers() as masked:
            thread.title = masked_text(thread.title, field="title")
            thread.body = masked_text(thread.body, field="body")
        if masked and thread.author.role == Role.CUSTOMER:
            story.masked.append((thread, [m.kind for m in masked]))
    for post in story.posts:
        post.body = masked_text(post.body, field="body")


def add_thread_follows(story: Story) -> None:
    """Customers follow some café threads they write in, from their first message there;
    demo-client follows the discussion they opened, so the walk-through finds replies in
    their inbox. Threads where a reply was hidden are left unfollowed: the story tells of
    no reply its reader could no longer see."""
    moderated = {id(post.thread) for post in story.hidden}
    first: dict[tuple[int, str], tuple[Thread, Member, datetime]] = {}
    for thread in story.threads:
        if thread.suggestion is None and id(thread) not in moderated:
            first[id(thread), thread.author.username] = (thread, thread.author, thread.created_at)
    for post in story.posts:
        thread = post.thread
        key = (id(thread), post.author.username)
        if thread.suggestion is None and id(thread) not in moderated and key not in first:
            first[key] = (thread, post.author, post.created_at)
    for thread, member, at in first.values():
        if member.role != Role.CUSTOMER:
            continue
        if member is story.demo_customer and thread.author is member:
            follows = True
        else:
            follows = member is not story.demo_customer and story.rng.random() < FOLLOW_SHARE
        if follows:
            story.thread_follows.append(Follow(member=member, thread=thread, created_at=at))
