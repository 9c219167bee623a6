"""The transactional outbox: services record domain events in their own transaction, and
the worker's task hands each event to every receiver once it committed."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator

import pytest
from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.db import transaction
from django_tasks_db.models import DBTaskResult

from models.models import (
    DecisionOutcome,
    Member,
    OutboxEvent,
    OutboxEventKind,
    SuggestionStatus,
    ThreadKind,
)
from resolvers import tasks
from resolvers.services.committee import decision_publish
from resolvers.services.members import member_erase
from resolvers.services.moderation import ContentKind, ContentRef, content_hide
from resolvers.services.suggestions import suggestion_change_status, suggestion_submit
from resolvers.services.threads import thread_create, thread_reply
from resolvers.services.votes import vote_cast, vote_withdraw
from tests.factories import (
    PASSWORD,
    CategoryFactory,
    DecisionFactory,
    PostFactory,
    SuggestionFactory,
    ThreadFactory,
)
from tests.outbox import run_tasks

pytestmark = pytest.mark.django_db


def events() -> list[tuple[str, int | None, int | None, int | None, list[int]]]:
    """Recorded events, oldest first: kind and the ids they carry."""
    return [
        (e.kind, e.suggestion_id, e.thread_id, e.post_id, e.recipient_ids)
        for e in OutboxEvent.objects.order_by("created_at", "pk")
    ]


def test_a_vote_records_its_event_and_delivery_task_in_its_transaction(customer: Member) -> None:
    suggestion = SuggestionFactory.create()
    vote_cast(member=customer, suggestion_id=suggestion.pk)
    assert events() == [(OutboxEventKind.VOTE_COUNT_CHANGED, suggestion.pk, None, None, [])]
    event = OutboxEvent.objects.get()
    task = DBTaskResult.objects.get()
    assert (task.task_path, task.args_kwargs, task.status) == (
        "resolvers.tasks.dispatch_event",
        {"args": [str(event.pk)], "kwargs": {}},
        "READY",
    )
    # A second vote changes nothing: nothing to announce.
    vote_cast(member=customer, suggestion_id=suggestion.pk)
    vote_withdraw(member=customer, suggestion_id=suggestion.pk)
    assert [e[0] for e in events()] == [OutboxEventKind.VOTE_COUNT_CHANGED] * 2
    assert DBTaskResult.objects.count() == 2


def test_a_change_rolled_back_announces_nothing(customer: Member) -> None:
    suggestion = SuggestionFactory.create()

    class Abort(Exception):
        pass

    with pytest.raises(Abort), transaction.atomic():
        vote_cast(member=customer, suggestion_id=suggestion.pk)
        raise Abort
    assert (OutboxEvent.objects.count(), DBTaskResult.objects.count()) == (0, 0)


@pytest.fixture
def listener() -> Iterator[tuple[str, list[str]]]:
    """A channel of the (in-memory) channel layer, and the groups it joined."""
    layer = get_channel_layer()
    assert layer is not None
    channel = async_to_sync(layer.new_channel)()
    groups: list[str] = []
    yield channel, groups
    for group in groups:
        async_to_sync(layer.group_discard)(group, channel)


def listen(listener: tuple[str, list[str]], group: str) -> None:
    layer = get_channel_layer()
    assert layer is not None
    async_to_sync(layer.group_add)(group, listener[0])
    listener[1].append(group)


def received(channel: str) -> dict[str, object]:
    layer = get_channel_layer()
    assert layer is not None
    return async_to_sync(layer.receive)(channel)


def nothing_more(channel: str) -> bool:
    """True when no message arrives on `channel` within 50 ms."""
    layer = get_channel_layer()
    assert layer is not None

    async def wait() -> bool:
        try:
            await asyncio.wait_for(layer.receive(channel), 0.05)
        except TimeoutError:
            return True
        return False

    return async_to_sync(wait)()


def test_the_worker_publishes_a_committed_event_to_its_groups(
    customer: Member, listener: tuple[str, list[str]]
) -> None:
    suggestion = SuggestionFactory.create()
    listen(listener, f"suggestion.{suggestion.pk}")
    vote_cast(member=customer, suggestion_id=suggestion.pk)
    event = OutboxEvent.objects.get()
    assert event.dispatched_at is None
    assert run_tasks() == 1
    assert received(listener[0]) == {
        "type": "comptoir.event",
        "event": str(event.pk),
        "kind": "VOTE_COUNT_CHANGED",
        "suggestion": suggestion.pk,
        "thread": None,
        "post": None,
    }
    event.refresh_from_db()
    assert event.dispatched_at is not None
    assert DBTaskResult.objects.get().status == "SUCCESSFUL"


def test_a_failing_receiver_does_not_keep_the_others_from_the_event(
    customer: Member, listener: tuple[str, list[str]], monkeypatch: pytest.MonkeyPatch
) -> None:
    def unreachable(event: OutboxEvent) -> None:
        raise ConnectionError("receiver down")

    monkeypatch.setattr(tasks, "DELIVERIES", [unreachable, *tasks.DELIVERIES])
    suggestion = SuggestionFactory.create()
    listen(listener, f"suggestion.{suggestion.pk}")
    vote_cast(member=customer, suggestion_id=suggestion.pk)
    run_tasks()
    assert received(listener[0])["kind"] == "VOTE_COUNT_CHANGED"
    assert OutboxEvent.objects.get().dispatched_at is not None


def test_an_event_dispatched_twice_keeps_its_first_dispatch_time(customer: Member) -> None:
    suggestion = SuggestionFactory.create()
    vote_cast(member=customer, suggestion_id=suggestion.pk)
    run_tasks()
    event = OutboxEvent.objects.get()
    first = event.dispatched_at
    tasks.dispatch_event.call(str(event.pk))
    event.refresh_from_db()
    assert event.dispatched_at == first
    # An event pruned meanwhile is nothing to do.
    tasks.dispatch_event.call("00000000-0000-0000-0000-000000000000")


def test_notifications_are_announced_to_their_recipients_only(
    customer: Member, adviser: Member, listener: tuple[str, list[str]]
) -> None:
    thread = ThreadFactory.create(author=customer)
    listen(listener, f"member.{customer.pk}")
    listen(listener, f"member.{adviser.pk}")
    post = thread_reply(author=adviser, thread_id=thread.pk, body="Voici la réponse.")
    assert events() == [
        (OutboxEventKind.POST_CREATED, None, thread.pk, post.pk, []),
        (OutboxEventKind.NOTIFICATIONS_CREATED, None, None, None, [customer.pk]),
    ]
    assert OutboxEvent.objects.get(kind="NOTIFICATIONS_CREATED").notification_key == (
        f"post:{post.pk}:official_answer"
    )
    run_tasks()
    assert received(listener[0])["kind"] == "NOTIFICATIONS_CREATED"
    # One message only: the adviser (the actor) is not told of their own answer.
    assert nothing_more(listener[0])


def test_every_change_a_receiver_cares_about_is_recorded(
    customer: Member, other_customer: Member, adviser: Member, chair: Member
) -> None:
    category = CategoryFactory.create()
    thread = thread_create(
        author=customer,
        category_id=category.pk,
        kind=ThreadKind.QUESTION,
        title="Virement",
        body="Où ?",
    ).value
    note = thread_reply(author=adviser, thread_id=thread.pk, body="Note", is_internal=True)
    submitted = suggestion_submit(author=customer, title="Une idée", body="Pratique.").value
    suggestion_change_status(
        actor=adviser, suggestion_id=submitted.pk, status=SuggestionStatus.UNDER_REVIEW
    )
    shortlisted = SuggestionFactory.create(status=SuggestionStatus.SHORTLISTED)
    decision = DecisionFactory.create(
        suggestion=shortlisted,
        outcome=DecisionOutcome.RETAINED,
        recorded_by=chair,
        published_at=None,
    )
    decision_publish(chair=chair, decision_id=decision.pk)
    hidden = PostFactory.create(author=other_customer)
    content_hide(
        actor=adviser, content=ContentRef(ContentKind.POST, hidden.pk), reason="Hors sujet"
    )
    member_erase(actor=other_customer, member_id=other_customer.pk, password=PASSWORD)
    kinds = OutboxEventKind
    recorded = [e for e in events() if e[0] != kinds.NOTIFICATIONS_CREATED]
    assert recorded == [
        (kinds.THREAD_CREATED, None, thread.pk, None, []),
        (kinds.POST_CREATED, None, thread.pk, note.pk, []),
        (kinds.SUGGESTION_SUBMITTED, submitted.pk, None, None, []),
        (kinds.SUGGESTION_STATUS_CHANGED, submitted.pk, None, None, []),
        (kinds.SUGGESTION_STATUS_CHANGED, shortlisted.pk, None, None, []),
        (kinds.DECISION_PUBLISHED, shortlisted.pk, None, None, []),
        (kinds.CONTENT_HIDDEN, None, hidden.thread_id, hidden.pk, []),
        (kinds.MEMBER_ERASED, None, None, None, []),
    ]
    assert OutboxEvent.objects.get(kind=kinds.DECISION_PUBLISHED).decision_id == decision.pk
    assert OutboxEvent.objects.get(kind=kinds.MEMBER_ERASED).member_id == other_customer.pk
    assert OutboxEvent.objects.get(kind=kinds.DECISION_PUBLISHED).webhook_type == (
        "decision.published"
    )
