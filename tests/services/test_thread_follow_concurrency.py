"""Following a café thread and replying in it at once, on PostgreSQL: one follow per
member whatever the number of calls, and one notification per reply to each follower."""

from __future__ import annotations

import pytest

from models.models import Follow, Notification, NotificationKind, Post
from resolvers.services.threads import thread_follow, thread_reply
from tests.factories import CustomerFactory, ThreadFactory
from tests.services.test_vote_concurrency import _run_in_threads

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.postgres_only]


def test_ten_follows_at_once_make_one() -> None:
    member = CustomerFactory.create()
    thread = ThreadFactory.create()
    answers: list[str] = []

    def follow() -> None:
        outcome = thread_follow(member=member, thread_id=thread.pk)
        answers.append("followed" if outcome.changed else str(outcome.already.code))  # type: ignore[union-attr]

    assert _run_in_threads([follow] * 10) == []
    assert sorted(answers) == ["ALREADY_FOLLOWING"] * 9 + ["followed"]
    assert Follow.objects.filter(member=member, thread=thread).count() == 1


def test_replies_at_once_notify_each_follower_once_per_reply() -> None:
    thread = ThreadFactory.create()
    followers = CustomerFactory.create_batch(5)
    for member in followers:
        Follow.objects.create(member=member, thread=thread)

    def reply(n: int) -> None:
        thread_reply(author=followers[n % 5], thread_id=thread.pk, body=f"Réponse {n}.")

    assert _run_in_threads([lambda n=n: reply(n) for n in range(10)]) == []
    posts = list(Post.objects.filter(thread=thread))
    assert len(posts) == 10
    told = set(
        Notification.objects.filter(kind=NotificationKind.THREAD_REPLY).values_list(
            "recipient_id", "post_id"
        )
    )
    # Every follower but its author, for every reply; nothing twice (the set equals the
    # row count).
    expected = {(m.pk, p.pk) for p in posts for m in followers if m.pk != p.author_id}
    assert told == expected
    assert Notification.objects.count() == len(expected)
