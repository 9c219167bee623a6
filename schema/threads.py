from __future__ import annotations

from collections.abc import AsyncGenerator
from datetime import datetime
from enum import Enum
from typing import TYPE_CHECKING, Annotated

import strawberry
from asgiref.sync import sync_to_async
from strawberry import relay

from models.models import Category as CategoryModel
from models.models import OutboxEventKind, TokenScope
from models.models import Post as PostModel
from models.models import PostRevision as PostRevisionModel
from models.models import Thread as ThreadModel
from models.models import ThreadKind as ThreadKindChoices
from models.models import ThreadStatus as ThreadStatusChoices
from permissions.fields import (
    CanReadThreads,
    CanViewInternal,
    CanViewModeration,
    viewer_relative,
)
from resolvers.errors import NotFound
from resolvers.loaders import Loaders, resolve_now
from resolvers.selectors.threads import AssigneeFilter as AssigneeFilterValues
from resolvers.selectors.threads import ThreadOrder as ThreadOrderValues
from resolvers.selectors.threads import (
    category_list,
    thread_list,
    thread_posts,
    unanswered_questions,
)
from resolvers.tasks.live import thread_group

from .core.connections import (
    PAGE_ARGS_DESCRIPTION,
    After,
    Before,
    Connection,
    First,
    Last,
    page_request,
    paged,
)
from .core.context import Info
from .core.enums import graphql_enum
from .core.hiding import hidden_reason_field, is_hidden_field
from .core.ids import decode_id
from .core.limits import CATEGORIES_MAX, REVISIONS_MAX
from .core.live import LiveEvent, LiveInfo, follow, shown
from .members import Member, _is_model
from .partners import needs_scope


class ThreadChangeValues(Enum):
    """What a live update of a thread (`threadUpdated`) is about."""

    CURRENT = "CURRENT"
    REPLY_POSTED = "REPLY_POSTED"
    STATUS_CHANGED = "STATUS_CHANGED"
    CONTENT_HIDDEN = "CONTENT_HIDDEN"


if TYPE_CHECKING:  # the copies of `graphql_enum`, as type checkers see them
    ThreadKind = ThreadKindChoices
    ThreadStatus = ThreadStatusChoices
    ThreadOrder = ThreadOrderValues
    AssigneeFilter = AssigneeFilterValues
    ThreadChange = ThreadChangeValues
else:
    ThreadChange = graphql_enum(
        ThreadChangeValues,
        name="ThreadChange",
        description="What a live update of a thread (`threadUpdated`) is about.",
        value_descriptions={
            "CURRENT": "The thread as it is when the subscription starts (its first update).",
            "REPLY_POSTED": "A reply the subscriber may see was posted: it is `post`.",
            "STATUS_CHANGED": "Its status changed (an answer accepted, resolved, closed, "
            "reopened).",
            "CONTENT_HIDDEN": "A moderator hid the thread, or the reply in `post` (sent to "
            "those who still see it: advisers and its author).",
        },
    )
    ThreadKind = graphql_enum(
        ThreadKindChoices,
        name="ThreadKind",
        description="What a café thread is: a support question or a discussion.",
        value_descriptions={
            "QUESTION": "A question for the bank's advisers (support): advisers answer "
            "officially, and the author or an adviser accepts an answer.",
            "DISCUSSION": "A conversation between members, with no answer to accept.",
        },
    )
    ThreadStatus = graphql_enum(
        ThreadStatusChoices,
        name="ThreadStatus",
        description="Where a thread stands: OPEN → ANSWERED → RESOLVED, or CLOSED.",
        value_descriptions={
            "OPEN": "Open to replies; a question waits for an adviser's answer.",
            "ANSWERED": "An adviser answered the question officially; it waits for an answer "
            "to be accepted.",
            "RESOLVED": "The question is settled: an answer was accepted, or it was marked "
            "resolved.",
            "CLOSED": "Closed: the thread takes no more replies.",
        },
    )
    ThreadOrder = graphql_enum(
        ThreadOrderValues,
        name="ThreadOrder",
        description="How a list of threads is ordered.",
        value_descriptions={
            "LATEST_ACTIVITY": "Most recent activity (opening or last reply) first.",
            "NEWEST": "Most recently opened first.",
        },
    )
    AssigneeFilter = graphql_enum(
        AssigneeFilterValues,
        name="AssigneeFilter",
        description="Whose questions a list of the support desk holds.",
        value_descriptions={
            "ANYONE": "Every question, assigned or not.",
            "ME": "The questions assigned to the adviser asking.",
            "UNASSIGNED": "The questions no adviser follows up yet.",
        },
    )


@strawberry.type(
    description="A section of the café: questions & support, discussions, Le Labo. Partner "
    "tokens read categories with `threads:read`."
)
class Category(relay.Node):
    is_type_of = _is_model(CategoryModel)

    id: relay.NodeID[int]
    name: str = strawberry.field(description="Display name.")
    slug: str = strawberry.field(description="Stable short name, for URLs.")
    description: str = strawberry.field(description="What belongs here.")
    accepts_threads: bool = strawberry.field(
        description="Whether members may open threads here (Le Labo's threads are the "
        "discussions of suggestions and open with them)."
    )


def _thread_author(root: ThreadModel, info: Info) -> Member:
    return resolve_now(info.context.loaders.member_by_id, root.author_id)


def _thread_category(root: ThreadModel, info: Info) -> Category:
    return resolve_now(info.context.loaders.category_by_id, root.category_id)


def _thread_assigned_adviser(root: ThreadModel, info: Info) -> Member | None:
    if root.assigned_adviser_id is None:
        return None
    return resolve_now(info.context.loaders.member_by_id, root.assigned_adviser_id)


def _thread_post_count(root: ThreadModel, info: Info) -> int:
    return resolve_now(info.context.loaders.post_count_by_thread_id, root.pk)


def _thread_accepted_post(root: ThreadModel, info: Info) -> Post | None:
    if root.accepted_post_id is None:
        return None
    return resolve_now(info.context.loaders.post_by_id, root.accepted_post_id)


def _thread_viewer_is_following(root: ThreadModel, info: Info) -> bool | None:
    return resolve_now(info.context.loaders.viewer_follows_by_thread_id, root.pk)


def _is_pinned(root: ThreadModel) -> bool:
    return root.is_pinned


def _is_locked(root: ThreadModel) -> bool:
    return root.is_locked


@strawberry.type(
    description="A conversation in the café: a support question or a discussion. Partner "
    "tokens read threads with `threads:read`."
)
class Thread(relay.Node):
    is_type_of = _is_model(ThreadModel)

    id: relay.NodeID[int]
    title: str = strawberry.field(description="Title, 1 to 150 characters.")
    body: str = strawberry.field(description="Opening message, 1 to 10,000 characters.")
    kind: ThreadKind = strawberry.field(description="QUESTION or DISCUSSION.")
    status: ThreadStatus = strawberry.field(description="OPEN, ANSWERED, RESOLVED or CLOSED.")
    is_pinned: bool = strawberry.field(
        description="Pinned by advisers, for front ends to show first in its category.",
        resolver=_is_pinned,
    )
    is_locked: bool = strawberry.field(
        description="Locked threads take no more replies from customers.", resolver=_is_locked
    )
    created_at: datetime = strawberry.field(description="When the thread was opened.")
    last_activity_at: datetime = strawberry.field(description="When the last reply was posted.")
    first_response_at: datetime | None = strawberry.field(
        description="When an adviser first answered (questions)."
    )
    resolved_at: datetime | None = strawberry.field(description="When the question was resolved.")
    author: Member = strawberry.field(description="Who opened the thread.", resolver=_thread_author)
    category: Category = strawberry.field(
        description="The café section it belongs to.", resolver=_thread_category
    )
    assigned_adviser: Member | None = strawberry.field(
        description="Internal: the adviser following the question up. Advisers only; others "
        "get null and a FORBIDDEN error.",
        resolver=_thread_assigned_adviser,
        permission_classes=[CanViewInternal],
    )
    post_count: int = strawberry.field(
        description="Number of replies this viewer can see.", resolver=_thread_post_count
    )
    accepted_post: Post | None = strawberry.field(
        description="The reply accepted as the answer to the question; null when there is "
        "none (or when this viewer cannot see it).",
        resolver=_thread_accepted_post,
    )
    is_hidden: bool = is_hidden_field("thread")
    hidden_reason: str | None = hidden_reason_field()
    viewer_is_following: bool | None = strawberry.field(
        description="Whether the logged-in member follows this café thread (told of each new "
        "reply; a suggestion's discussion is followed through its suggestion, so false "
        "there); null, without an error, when there is no member (anonymous visitors, "
        "partner tokens).",
        resolver=_thread_viewer_is_following,
        extensions=viewer_relative(),
    )

    @strawberry.field(description=f"Replies, oldest first. {PAGE_ARGS_DESCRIPTION}")
    async def posts(
        self,
        info: Info,
        first: First = None,
        after: After = None,
        last: Last = None,
        before: Before = None,
    ) -> Connection[Post]:
        root: ThreadModel = self  # type: ignore[assignment]
        return await paged(
            info,
            lambda asked: thread_posts(
                viewer=info.context.viewer,
                thread_id=root.pk,
                page=page_request(first, after, last, before),
                with_authors="author" in asked,
            ),
            prime=info.context.loaders.prime_posts,
        )


def _post_author(root: PostModel, info: Info) -> Member:
    return resolve_now(info.context.loaders.member_by_id, root.author_id)


def _post_thread(root: PostModel, info: Info) -> Thread:
    return resolve_now(info.context.loaders.thread_by_id, root.thread_id)


def _is_official(root: PostModel) -> bool:
    return root.is_official


def _is_internal(root: PostModel) -> bool:
    return root.is_internal


def _post_revisions(root: PostModel, info: Info) -> list[PostRevision]:
    # Bounded, so that a document's cost bounds what it is served (schema/core/limits.py).
    return resolve_now(
        info.context.loaders.revisions_by_post_id, root.pk, then=lambda rows: rows[-REVISIONS_MAX:]
    )


@strawberry.type(
    description="A reply in a thread. Partner tokens read replies with `threads:read`."
)
class Post(relay.Node):
    is_type_of = _is_model(PostModel)

    id: relay.NodeID[int]
    body: str = strawberry.field(description="The message, 1 to 10,000 characters.")
    created_at: datetime = strawberry.field(description="When it was posted.")
    edited_at: datetime | None = strawberry.field(description="When it was last edited.")
    is_official: bool = strawberry.field(
        description="Written by an adviser on behalf of the bank.", resolver=_is_official
    )
    is_internal: bool = strawberry.field(
        description="An adviser-only note (only advisers ever receive such posts).",
        resolver=_is_internal,
    )
    author: Member = strawberry.field(description="Who wrote it.", resolver=_post_author)
    thread: Thread = strawberry.field(description="The thread it answers.", resolver=_post_thread)
    is_hidden: bool = is_hidden_field("reply")
    hidden_reason: str | None = hidden_reason_field()
    revisions: list[PostRevision] | None = strawberry.field(
        description="Edit history: the earlier texts, oldest first (the latest "
        f"{REVISIONS_MAX}; empty when never edited). Advisers only; others get null and a "
        "FORBIDDEN error.",
        resolver=_post_revisions,
        permission_classes=[CanViewModeration],
    )


def _revision_edited_by(root: PostRevisionModel, info: Info) -> Member:
    return resolve_now(info.context.loaders.member_by_id, root.edited_by_id)


@strawberry.type(
    description="An earlier text of an edited reply. Advisers only: nobody else ever receives one."
)
class PostRevision(relay.Node):
    is_type_of = _is_model(PostRevisionModel)

    id: relay.NodeID[int]
    body: str = strawberry.field(description="The text as it was before the edit.")
    created_at: datetime = strawberry.field(description="When it was replaced.")
    edited_by: Member = strawberry.field(
        description="Who replaced it (the reply's author).", resolver=_revision_edited_by
    )


@strawberry.type
class ThreadQueries:
    """Root fields of the café: categories and threads."""

    @strawberry.field(
        description=f"The sections of the café, in display order (at most {CATEGORIES_MAX})."
        + needs_scope(TokenScope.THREADS_READ),
        permission_classes=[CanReadThreads],
    )
    async def categories(self, info: Info) -> list[Category] | None:
        found = await sync_to_async(category_list)(viewer=info.context.viewer)
        # Bounded, so that a document's cost bounds what it is served (schema/core/limits.py).
        return found[:CATEGORIES_MAX]  # type: ignore[return-value]

    @strawberry.field(
        description=f"Threads of the café. {PAGE_ARGS_DESCRIPTION}"
        + needs_scope(TokenScope.THREADS_READ),
        permission_classes=[CanReadThreads],
    )
    async def threads(
        self,
        info: Info,
        first: First = None,
        after: After = None,
        last: Last = None,
        before: Before = None,
        category_id: Annotated[
            strawberry.ID | None, strawberry.argument(description="Only this category.")
        ] = None,
        kind: Annotated[
            ThreadKind | None, strawberry.argument(description="Only this kind.")
        ] = None,
        status: Annotated[
            ThreadStatus | None, strawberry.argument(description="Only this status.")
        ] = None,
        order_by: Annotated[
            ThreadOrder, strawberry.argument(description="Ordering (default LATEST_ACTIVITY).")
        ] = ThreadOrder.LATEST_ACTIVITY,
    ) -> Connection[Thread] | None:
        category = (
            decode_id(category_id, "Category", argument="categoryId")
            if category_id is not None
            else None
        )
        return await paged(
            info,
            lambda asked: thread_list(
                viewer=info.context.viewer,
                page=page_request(first, after, last, before),
                order=ThreadOrderValues[order_by.name],
                category_id=category,
                kind=ThreadKindChoices(kind) if kind is not None else None,
                status=ThreadStatusChoices(status) if status is not None else None,
                with_authors="author" in asked,
            ),
            prime=info.context.loaders.prime_threads,
            prefetch=info.context.loaders.thread_relations,
        )

    @strawberry.field(
        description="The advisers' support desk: café questions still OPEN that no adviser "
        "has answered yet (no `firstResponseAt`), oldest first; hidden ones are left out. "
        "Each is due `communityStats.support.promisedFirstResponseHours` after its "
        "`createdAt`. Advisers only; others get null and a FORBIDDEN error. "
        f"{PAGE_ARGS_DESCRIPTION}",
        permission_classes=[CanViewInternal],
    )
    async def unanswered_questions(
        self,
        info: Info,
        first: First = None,
        after: After = None,
        last: Last = None,
        before: Before = None,
        category_id: Annotated[
            strawberry.ID | None, strawberry.argument(description="Only this category.")
        ] = None,
        assignee: Annotated[
            AssigneeFilter,
            strawberry.argument(
                description="Assigned to the viewer (ME), to nobody (UNASSIGNED) or to anyone "
                "(ANYONE, the default)."
            ),
        ] = AssigneeFilter.ANYONE,
    ) -> Connection[Thread] | None:
        category = (
            decode_id(category_id, "Category", argument="categoryId")
            if category_id is not None
            else None
        )
        return await paged(
            info,
            lambda asked: unanswered_questions(
                viewer=info.context.viewer,
                page=page_request(first, after, last, before),
                category_id=category,
                assignee=AssigneeFilterValues[assignee.name],
                with_authors="author" in asked,
            ),
            prime=info.context.loaders.prime_threads,
            prefetch=info.context.loaders.thread_relations,
        )

    @strawberry.field(
        description="One thread; null when it does not exist or is not visible."
        + needs_scope(TokenScope.THREADS_READ),
        permission_classes=[CanReadThreads],
    )
    async def thread(
        self,
        info: Info,
        id: Annotated[strawberry.ID, strawberry.argument(description="Thread ID.")],
    ) -> Thread | None:
        return await info.context.loaders.thread_by_id.load(decode_id(id, "Thread"))  # type: ignore[return-value]


# The outbox events a thread's live update tells of.
THREAD_CHANGES: dict[OutboxEventKind, ThreadChangeValues] = {
    OutboxEventKind.POST_CREATED: ThreadChangeValues.REPLY_POSTED,
    OutboxEventKind.THREAD_STATUS_CHANGED: ThreadChangeValues.STATUS_CHANGED,
    OutboxEventKind.CONTENT_HIDDEN: ThreadChangeValues.CONTENT_HIDDEN,
}
THREAD_GONE = "The thread does not exist or is not visible to you."


@strawberry.type(
    description="A live update of a thread (`threadUpdated`): what happened, and the "
    "thread (and the reply concerned) as the subscriber sees them now."
)
class ThreadUpdate:
    change: ThreadChange = strawberry.field(description="What the update is about.")
    thread: Thread = strawberry.field(description="The thread as the subscriber sees it now.")
    post: Post | None = strawberry.field(
        description="The reply the update is about (posted, or hidden), as the subscriber sees "
        "it now; null when it is about the thread itself."
    )


@strawberry.type
class ThreadSubscriptions:
    """Live root fields of the café."""

    @strawberry.subscription(
        description="A thread, live: first its current state (CURRENT), then an update for "
        "each new reply the subscriber may see, each status change, each hiding, read for "
        "them as `thread` reads it. An internal note, or a reply they may not see, sends "
        "nothing at all. Not found (NOT_FOUND) when the thread does not exist or this "
        "viewer may not see it; the stream ends with NOT_FOUND if it goes out of their sight."
        + f" Partner tokens need `{TokenScope.THREADS_READ.value}` (without it: a FORBIDDEN "
        "error).",
        permission_classes=[CanReadThreads],
    )
    async def thread_updated(
        self,
        info: LiveInfo,
        id: Annotated[strawberry.ID, strawberry.argument(description="Thread ID.")],
    ) -> AsyncGenerator[ThreadUpdate, None]:
        pk = decode_id(id, "Thread")

        async def current(loaders: Loaders) -> ThreadUpdate | None:
            thread = await loaders.thread_by_id.load(pk)
            if thread is None:
                return None
            return ThreadUpdate(change=ThreadChange.CURRENT, thread=thread, post=None)  # type: ignore[arg-type]

        async def deliver(loaders: Loaders, events: list[LiveEvent]) -> list[ThreadUpdate]:
            visible = await shown(loaders, events)
            if not visible:
                return []
            thread = await loaders.thread_by_id.load(pk)
            if thread is None:
                raise NotFound(THREAD_GONE)
            posts = await loaders.post_by_id.load_many(
                [e.post_id for e in visible if e.post_id is not None]
            )
            by_id = {post.pk: post for post in posts if post is not None}
            return [
                ThreadUpdate(
                    change=ThreadChange(THREAD_CHANGES[e.kind].value),
                    thread=thread,  # type: ignore[arg-type]
                    post=by_id.get(e.post_id) if e.post_id is not None else None,  # type: ignore[arg-type]
                )
                for e in visible
            ]

        return await follow(
            info,
            groups=[thread_group(pk)],
            current=current,
            accepts=lambda event: event.thread_id == pk and event.kind in THREAD_CHANGES,
            deliver=deliver,
            not_found=THREAD_GONE,
        )
