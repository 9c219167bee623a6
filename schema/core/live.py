"""What every subscription root field shares: listening to live events, and reading each
one again for its subscriber (docs/subscriptions.md).

The task workers publish each outbox event on the channel layer to the groups it concerns
(`resolvers/tasks/live.py`: `suggestion.<pk>`, `thread.<pk>`, `member.<pk>`), naming what
changed by ids only. A subscription (`follow`) joins its groups before it reads anything,
so no event falls between its first answer and the next; then, for each event, it reads
the rows again with fresh loaders of its subscriber's viewer (the row scopes, policies and
permission classes of every query), and sends what that viewer may see, or nothing: an
event about a row the viewer does not receive (an internal note, hidden content) sends
nothing at all. Events that arrive while one is being delivered are taken together, and a
subscription that shows a row's current state sends it once for all of them.

Database work runs in a thread of its own per delivery (asgiref's ThreadSensitiveContext),
which closes its connection at the end, as a request would: subscriptions hold no
connection between events, and deliveries of different subscriptions run side by side.
"""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncGenerator, AsyncIterator, Awaitable, Callable, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from typing import Any, Protocol, TypeVar, cast

import strawberry
from asgiref.sync import ThreadSensitiveContext, sync_to_async
from django.db import close_old_connections

from models.models import OutboxEventKind
from permissions.roles import Viewer
from resolvers.errors import NotFound
from resolvers.loaders import Loaders

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class LiveEvent:
    """One live event as the channel layer carried it: what changed, by ids only
    (`resolvers.tasks.live.message_of`). Nothing else of a message is ever read."""

    event_id: str
    kind: OutboxEventKind
    suggestion_id: int | None
    thread_id: int | None
    post_id: int | None

    @classmethod
    def of(cls, message: dict[str, Any]) -> LiveEvent | None:
        """The event a channel layer message names; None for a message of another shape."""
        try:
            kind = OutboxEventKind(str(message.get("kind")))
            event_id = str(uuid.UUID(str(message.get("event"))))
        except ValueError:
            return None
        ids = [message.get(name) for name in ("suggestion", "thread", "post")]
        if any(pk is not None and (type(pk) is not int or pk < 1) for pk in ids):
            return None
        return cls(event_id, kind, *ids)


class LiveChannel(Protocol):
    """What a subscription needs of its connection (`LiveConsumer.open_subscription`)."""

    async def open_subscription(
        self, viewer: Viewer, groups: Sequence[str]
    ) -> LiveSubscription: ...


@dataclass
class LiveContext:
    """The context of the operations of one WebSocket connection: its viewer (the member of
    the session cookie, a partner token of `connection_init`, or an anonymous visitor), its
    loaders, and the connection (`ws`). Types read `viewer` and `loaders` as from the HTTP
    context (`context.Context`)."""

    viewer: Viewer
    ws: LiveChannel
    connection_params: dict[str, Any] = field(default_factory=dict)
    loaders: Loaders = field(init=False)

    def __post_init__(self) -> None:
        self.loaders = Loaders(self.viewer)

    def switch_viewer(self, viewer: Viewer) -> None:
        """`connection_init` named a partner token: every operation answers for it."""
        self.viewer = viewer
        self.loaders = Loaders(viewer)

    def refresh(self) -> None:
        """New loaders, before each delivery: an event is read as the database holds it now,
        never from a cache of an earlier one. (Operations of one connection share this
        context; one that still runs meanwhile then reads through the new loaders too,
        which only costs it its cache.)"""
        self.loaders = Loaders(self.viewer)


LiveInfo = strawberry.Info[LiveContext, None]


@dataclass(eq=False)
class LiveSubscription:
    """One running subscription of a connection: the groups it joined, its slot in the
    subscriber's limit, and the events the connection received for it (`events`)."""

    groups: tuple[str, ...]
    slot: str
    queue: asyncio.Queue[dict[str, Any]] = field(default_factory=asyncio.Queue)
    close_callback: Callable[[LiveSubscription], Awaitable[None]] | None = None
    closed: bool = False

    async def events(self, accepts: Callable[[LiveEvent], bool]) -> list[LiveEvent]:
        """Wait for events this subscription `accepts`; then every one that has arrived, in
        the order they came (at least one)."""
        while True:
            messages = [await self.queue.get()]
            while not self.queue.empty():
                messages.append(self.queue.get_nowait())
            events = [e for e in map(LiveEvent.of, messages) if e is not None and accepts(e)]
            if events:
                return events

    async def close(self) -> None:
        """Leave the groups and free the slot (once; later calls do nothing)."""
        if self.closed:
            return
        self.closed = True
        if self.close_callback is not None:
            await self.close_callback(self)


@asynccontextmanager
async def delivery(context: LiveContext) -> AsyncIterator[Loaders]:
    """One delivery: fresh loaders, and the database work of the block (and of the fields
    executed while it is open) in a thread of its own, whose connection is closed at the
    end."""
    async with ThreadSensitiveContext():
        context.refresh()
        try:
            yield context.loaders
        finally:
            await sync_to_async(close_old_connections)()


Read = Callable[[Loaders], Awaitable[T | None]]
Deliver = Callable[[Loaders, list[LiveEvent]], Awaitable[list[T]]]


async def follow(
    info: LiveInfo,
    *,
    groups: Sequence[str],
    current: Read[T],
    accepts: Callable[[LiveEvent], bool],
    deliver: Deliver[T],
    not_found: str,
) -> AsyncGenerator[T, None]:
    """The stream of a subscription root field: `current(loaders)` first (what the
    subscriber sees now), then, for each batch of events it `accepts` from `groups`, the
    values `deliver(loaders, events)` gives (none: nothing to send).

    Raises NotFound(`not_found`) when `current` finds nothing (the row does not exist or is
    not visible to this viewer: a subscription reveals no more than `node`), before
    anything is sent; and ends the stream with it (the field null, NOT_FOUND at its path)
    when a later read finds the row gone.
    Raises RateLimited when the connection or the subscriber holds too many subscriptions.
    `deliver` may raise NotFound too (the row went out of sight)."""
    context = info.context
    subscription = await context.ws.open_subscription(context.viewer, groups)
    try:
        # Joined first, read then: an event committed meanwhile is in the queue already.
        async with delivery(context) as loaders:
            if await current(loaders) is None:
                raise NotFound(not_found)
    except BaseException:
        await subscription.close()
        raise
    # Typed as the field's values: a NotFound it yields is resolved by GraphQL as the
    # field's error (null, with NOT_FOUND at its path), like an error a resolver raises.
    return cast(
        "AsyncGenerator[T, None]",
        _stream(context, subscription, current, accepts, deliver, not_found),
    )


async def _stream(
    context: LiveContext,
    subscription: LiveSubscription,
    current: Read[T],
    accepts: Callable[[LiveEvent], bool],
    deliver: Deliver[T],
    not_found: str,
) -> AsyncGenerator[T | NotFound, None]:
    try:
        async with delivery(context) as loaders:
            value = await current(loaders)
            # Yielded inside the delivery: the fields of the value are resolved now, in its
            # thread, with its loaders.
            yield value if value is not None else NotFound(not_found)
            if value is None:
                return
        while True:
            events = await subscription.events(accepts)
            async with delivery(context) as loaders:
                try:
                    values = await deliver(loaders, events)
                except NotFound as gone:
                    # The field resolves to the error (null, NOT_FOUND at its path), and the
                    # stream ends.
                    yield gone
                    return
                for value in values:
                    yield value
    finally:
        await subscription.close()


async def visible_posts_of(loaders: Loaders, events: list[LiveEvent]) -> set[int]:
    """Of the posts these events name, those the subscriber may see now."""
    ids = sorted({e.post_id for e in events if e.post_id is not None})
    found = await loaders.post_by_id.load_many(ids)
    return {pk for pk, post in zip(ids, found, strict=True) if post is not None}


async def shown(loaders: Loaders, events: list[LiveEvent]) -> list[LiveEvent]:
    """The events the subscriber may hear of: those naming a post only when that post is
    visible to them (an internal note, a hidden reply: nothing at all)."""
    visible = await visible_posts_of(loaders, events)
    return [e for e in events if e.post_id is None or e.post_id in visible]
