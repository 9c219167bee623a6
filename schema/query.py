from __future__ import annotations

from typing import Annotated

import strawberry
from asgiref.sync import sync_to_async
from strawberry import relay

from models.models import Role as RoleChoices
from models.models import SuggestionStatus as SuggestionStatusChoices
from models.models import ThreadKind as ThreadKindChoices
from models.models import ThreadStatus as ThreadStatusChoices
from models.models import TokenScope
from permissions.fields import (
    CanReadMembers,
    CanReadStats,
    CanReadSuggestions,
    CanReadThreads,
    CanViewViewer,
)
from resolvers.selectors.members import member_list
from resolvers.selectors.stats import community_stats
from resolvers.selectors.suggestions import SuggestionOrder as SuggestionOrderValues
from resolvers.selectors.suggestions import suggestion_list
from resolvers.selectors.threads import ThreadOrder as ThreadOrderValues
from resolvers.selectors.threads import category_list, thread_list

from .committee import CommitteeQueries
from .connections import (
    PAGE_ARGS_DESCRIPTION,
    After,
    Before,
    Connection,
    First,
    Last,
    page_request,
    paged,
)
from .context import Info
from .enums import (
    Role,
    SuggestionOrder,
    SuggestionStatus,
    ThreadKind,
    ThreadOrder,
    ThreadStatus,
)
from .ids import decode_id
from .limits import CATEGORIES_MAX
from .members import Member
from .moderation import ModerationQueries
from .node import load_node, load_nodes
from .partners import needs_scope
from .search import SearchQueries
from .stats import CommunityStats
from .suggestions import Suggestion, suggestion_page
from .threads import Category, Thread


@strawberry.type(description="Read the community.")
class Query(ModerationQueries, SearchQueries, CommitteeQueries):
    @strawberry.field(
        description="The logged-in member, or null for an anonymous visitor. Partner tokens "
        "get null and a FORBIDDEN error: they are no member and read no personal data.",
        permission_classes=[CanViewViewer],
    )
    def viewer(self, info: Info) -> Member | None:
        return info.context.viewer.member  # type: ignore[return-value]

    @strawberry.field(
        description="Any object by its ID; null when it does not exist or this viewer may not "
        "see it (for a partner token, also when its scopes do not open the object's type). "
        "A malformed ID is null with a BAD_USER_INPUT error."
    )
    async def node(
        self,
        info: Info,
        id: Annotated[strawberry.ID, strawberry.argument(description="A global ID.")],
    ) -> relay.Node | None:
        return await load_node(info.context.loaders, id)

    @strawberry.field(
        description="Several objects by ID (at most 100), in the same order; null "
        "for each one that does not exist or that this viewer may not see (as `node`). A "
        "malformed ID is null too, with a BAD_USER_INPUT error at its position "
        "(`nodes`, i); the others are served."
    )
    async def nodes(
        self,
        info: Info,
        ids: Annotated[list[strawberry.ID], strawberry.argument(description="Global IDs.")],
    ) -> list[relay.Node | None]:
        return await load_nodes(info.context.loaders, list(ids))

    @strawberry.field(
        description=f"The sections of the café, in display order (at most {CATEGORIES_MAX})."
        + needs_scope(TokenScope.THREADS_READ),
        permission_classes=[CanReadThreads],
    )
    async def categories(self, info: Info) -> list[Category] | None:
        found = await sync_to_async(category_list)(viewer=info.context.viewer)
        # Bounded, so that a document's cost bounds what it is served (schema/limits.py).
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

    @strawberry.field(
        description=f"Suggestions of Le Labo. {PAGE_ARGS_DESCRIPTION}"
        + needs_scope(TokenScope.SUGGESTIONS_READ),
        permission_classes=[CanReadSuggestions],
    )
    async def suggestions(
        self,
        info: Info,
        first: First = None,
        after: After = None,
        last: Last = None,
        before: Before = None,
        status: Annotated[
            list[SuggestionStatus] | None,
            strawberry.argument(description="Only suggestions with one of these statuses."),
        ] = None,
        order_by: Annotated[
            SuggestionOrder, strawberry.argument(description="Ordering (default TOP).")
        ] = SuggestionOrder.TOP,
        search: Annotated[
            str | None,
            strawberry.argument(
                description="Only suggestions whose title or description hold these words, "
                "as `search` finds them (at most 200 characters); the ordering stays."
            ),
        ] = None,
    ) -> Connection[Suggestion] | None:
        return await suggestion_page(
            info,
            lambda with_authors, with_viewer_votes: suggestion_list(
                viewer=info.context.viewer,
                page=page_request(first, after, last, before),
                order=SuggestionOrderValues[order_by.name],
                statuses=[SuggestionStatusChoices(s) for s in status] if status else None,
                search=search,
                with_authors=with_authors,
                with_viewer_votes=with_viewer_votes,
            ),
        )

    @strawberry.field(
        description="Members of one role, by name: the bank's advisers by default (who answer "
        "in the café), or the committee. Customers appear only once they wrote something "
        "public (advisers and the committee see them all). "
        + PAGE_ARGS_DESCRIPTION
        + needs_scope(TokenScope.SUGGESTIONS_READ, TokenScope.THREADS_READ),
        permission_classes=[CanReadMembers],
    )
    async def members(
        self,
        info: Info,
        first: First = None,
        after: After = None,
        last: Last = None,
        before: Before = None,
        role: Annotated[
            Role, strawberry.argument(description="Which members (default ADVISER).")
        ] = Role.ADVISER,
    ) -> Connection[Member] | None:
        return await paged(
            info,
            lambda _asked: member_list(
                viewer=info.context.viewer,
                role=RoleChoices(role),
                page=page_request(first, after, last, before),
            ),
        )

    @strawberry.field(
        description="One suggestion; null when it does not exist or is not visible."
        + needs_scope(TokenScope.SUGGESTIONS_READ),
        permission_classes=[CanReadSuggestions],
    )
    async def suggestion(
        self,
        info: Info,
        id: Annotated[strawberry.ID, strawberry.argument(description="Suggestion ID.")],
    ) -> Suggestion | None:
        return await info.context.loaders.suggestion_by_id.load(decode_id(id, "Suggestion"))  # type: ignore[return-value]

    @strawberry.field(
        description="Figures of the community: public ones for everyone, support figures for "
        "advisers, the committee and partner tokens." + needs_scope(TokenScope.STATS_READ),
        permission_classes=[CanReadStats],
    )
    async def community_stats(self, info: Info) -> CommunityStats | None:
        data = await sync_to_async(community_stats)(viewer=info.context.viewer)
        return CommunityStats.from_data(data)
