from __future__ import annotations

from collections.abc import AsyncGenerator, Callable, Sequence
from datetime import datetime
from typing import TYPE_CHECKING, Annotated

import strawberry
from django.db.models import QuerySet
from strawberry import relay

from models.models import Decision as DecisionModel
from models.models import DecisionOutcome as DecisionOutcomeChoices
from models.models import Evaluation as EvaluationModel
from models.models import StatusChange as StatusChangeModel
from models.models import Suggestion as SuggestionModel
from models.models import SuggestionStatus as SuggestionStatusChoices
from models.models import TokenScope
from permissions.fields import (
    CanReadDecisions,
    CanReadSuggestions,
    CanReadThreads,
    CanViewCommitteeInternals,
    CanViewVoters,
    viewer_relative,
)
from permissions.policies import has_member_viewer
from resolvers.errors import NotFound
from resolvers.loaders import Loaders, Prefetched, resolve_now
from resolvers.pagination import Page
from resolvers.selectors.committee import summarize
from resolvers.selectors.suggestions import SuggestionOrder as SuggestionOrderValues
from resolvers.selectors.suggestions import suggestion_comments, suggestion_list, suggestion_voters
from resolvers.services.notifications import DecisionPublished
from resolvers.services.suggestions import can_mark_duplicate, status_moves
from resolvers.tasks.live import suggestion_group

from .core.base import from_data
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
from .core.limits import DECISIONS_MAX, STATUS_HISTORY_MAX
from .core.live import LiveEvent, LiveInfo, follow, shown
from .members import Member, _is_model
from .partners import needs_scope
from .threads import Post, Thread

if TYPE_CHECKING:  # the copies of `graphql_enum`, as type checkers see them
    SuggestionStatus = SuggestionStatusChoices
    DecisionOutcome = DecisionOutcomeChoices
    SuggestionOrder = SuggestionOrderValues
else:
    SuggestionStatus = graphql_enum(
        SuggestionStatusChoices,
        name="SuggestionStatus",
        description="Where a suggestion stands: SUBMITTED → UNDER_REVIEW → SHORTLISTED "
        "→ RETAINED / DEFERRED / REJECTED (by a published decision); RETAINED → IN_PROGRESS → "
        "DELIVERED; DUPLICATE when merged into another suggestion; WITHDRAWN when its author "
        "takes it back while SUBMITTED.",
        value_descriptions={
            "SUBMITTED": "Posted by a customer, waiting for the bank's review.",
            "UNDER_REVIEW": "Being studied by the bank's customer-experience team.",
            "SHORTLISTED": "Presented to the decision committee.",
            "RETAINED": "Retained by the committee, for the target period its decision gives.",
            "DEFERRED": "Waiting its turn: the committee postponed it, and says why.",
            "REJECTED": "Not retained by the committee, which says why. Voting is closed.",
            "IN_PROGRESS": "Retained and being built.",
            "DELIVERED": "Built and available to customers. Voting is closed.",
            "DUPLICATE": "Merged into an earlier, similar idea (`duplicateOf`), where its "
            "votes went. Voting is closed.",
            "WITHDRAWN": "Withdrawn by its author while it was still SUBMITTED. Voting is "
            "closed; its votes and comments stay.",
        },
    )
    DecisionOutcome = graphql_enum(
        DecisionOutcomeChoices,
        name="DecisionOutcome",
        description="What the committee decided on a suggestion.",
        value_descriptions={
            "RETAINED": "The idea will be built, in the target period the decision gives.",
            "DEFERRED": "The idea waits its turn; the public rationale says why.",
            "REJECTED": "The idea is not retained; the public rationale says why.",
        },
    )
    SuggestionOrder = graphql_enum(
        SuggestionOrderValues,
        name="SuggestionOrder",
        description="How a list of suggestions is ordered.",
        value_descriptions={
            "TOP": "Most votes first.",
            "NEWEST": "Most recently submitted first.",
            "TRENDING": "Recent votes weighted by age first (a vote of the last 24 hours "
            "weighs 4, of the last 3 days 2, of the last 7 days 1), then most votes.",
            "RECENTLY_DECIDED": "Decided suggestions only, the latest published decision first.",
        },
    )


def _is_published(root: DecisionModel) -> bool:
    return root.published_at is not None


def _notification_preview(root: DecisionModel, info: Info) -> str:
    # The suggestion as the committee sees it: like its voters, not when it is hidden.
    return resolve_now(
        info.context.loaders.suggestion_by_id,
        root.suggestion_id,
        then=lambda suggestion: DecisionPublished.preview(decision=root, suggestion=suggestion),
    )


@strawberry.type(
    description="A decision of the committee on a suggestion. Drafts are seen by the "
    "committee only; everyone sees published decisions (partner tokens with `decisions:read`)."
)
class Decision(relay.Node):
    is_type_of = _is_model(DecisionModel)

    id: relay.NodeID[int]
    outcome: DecisionOutcome = strawberry.field(description="RETAINED, DEFERRED or REJECTED.")
    public_rationale: str = strawberry.field(
        description="Why, in words for the public (required for DEFERRED and REJECTED)."
    )
    target_period: str = strawberry.field(
        description='When a retained idea is planned, e.g. "2027 Q3" (empty otherwise).'
    )
    published_at: datetime | None = strawberry.field(
        description="When the chair published it; null for a draft."
    )
    is_published: bool = strawberry.field(
        description="False for a draft (committee only).", resolver=_is_published
    )
    internal_notes: str | None = strawberry.field(
        description="Committee only: notes not meant for the public. Others get null and a "
        "FORBIDDEN error.",
        permission_classes=[CanViewCommitteeInternals],
    )
    notification_preview: str | None = strawberry.field(
        description="Committee only: the notification its suggestion's voters and followers "
        "read once it is published (in French, like every notification), so that the chair "
        "previews a draft; for a published decision, what they were told. Others get null "
        "and a FORBIDDEN error.",
        resolver=_notification_preview,
        permission_classes=[CanViewCommitteeInternals],
    )


def _status_change_actor(root: StatusChangeModel, info: Info) -> Member:
    return resolve_now(info.context.loaders.member_by_id, root.actor_id)


@strawberry.type(description="One step of a suggestion's public history.")
class StatusChange(relay.Node):
    is_type_of = _is_model(StatusChangeModel)

    id: relay.NodeID[int]
    from_status: SuggestionStatus = strawberry.field(description="Status before the change.")
    to_status: SuggestionStatus = strawberry.field(description="Status after the change.")
    public_note: str = strawberry.field(description="What the bank told the community.")
    created_at: datetime = strawberry.field(description="When it changed.")
    actor: Member = strawberry.field(
        description="Who changed it (an adviser, or the chair publishing a decision).",
        resolver=_status_change_actor,
    )


def _author(root: SuggestionModel, info: Info) -> Member:
    return resolve_now(info.context.loaders.member_by_id, root.author_id)


def _vote_count(root: SuggestionModel, info: Info) -> int:
    return resolve_now(info.context.loaders.vote_count_by_suggestion_id, root.pk)


def _viewer_has_voted(root: SuggestionModel, info: Info) -> bool | None:
    return resolve_now(info.context.loaders.viewer_voted_by_suggestion_id, root.pk)


def _latest_decision(root: SuggestionModel, info: Info) -> Decision | None:
    return resolve_now(info.context.loaders.latest_decision_by_suggestion_id, root.pk)


def _status_history(root: SuggestionModel, info: Info) -> list[StatusChange]:
    # Bounded, so that a document's cost bounds what it is served (schema/core/limits.py).
    return resolve_now(
        info.context.loaders.status_changes_by_suggestion_id,
        root.pk,
        then=lambda rows: rows[-STATUS_HISTORY_MAX:],
    )


def _duplicate_of(root: SuggestionModel, info: Info) -> Suggestion | None:
    if root.duplicate_of_id is None:
        return None
    return resolve_now(info.context.loaders.suggestion_by_id, root.duplicate_of_id)


@strawberry.type(
    description="The committee's aggregate of the scores a suggestion received at one "
    "meeting (criteria scored 1–5; cost 5 = cheapest, time to deliver 5 = fastest)."
)
class EvaluationSummary:
    count: int = strawberry.field(description="Number of evaluations.")
    customer_benefit: float = strawberry.field(description="Mean customer-benefit score.")
    technical_feasibility: float = strawberry.field(description="Mean feasibility score.")
    cost: float = strawberry.field(description="Mean cost score (5 = cheapest).")
    time_to_deliver: float = strawberry.field(description="Mean time score (5 = fastest).")
    overall: float = strawberry.field(
        description="Weighted mean of the four means. Weights (COMPTOIR_EVALUATION_WEIGHTS): "
        "customer benefit 0.4, feasibility 0.2, cost 0.2, time to deliver 0.2."
    )

    @classmethod
    def of(cls, evaluations: list[EvaluationModel]) -> EvaluationSummary | None:
        data = summarize(evaluations)
        return None if data is None else from_data(cls, data)


def _viewer_is_following(root: SuggestionModel, info: Info) -> bool | None:
    return resolve_now(info.context.loaders.viewer_follows_by_suggestion_id, root.pk)


def _viewer_status_moves(root: SuggestionModel, info: Info) -> list[SuggestionStatus] | None:
    # A list: the permission extension would answer [] where the field must be null.
    viewer = info.context.viewer
    return status_moves(viewer, root.status) if has_member_viewer(viewer) else None


def _viewer_can_mark_duplicate(root: SuggestionModel, info: Info) -> bool:
    return can_mark_duplicate(info.context.viewer, root.status)


def _decisions(root: SuggestionModel, info: Info) -> list[Decision]:
    return resolve_now(
        info.context.loaders.decisions_by_suggestion_id,
        root.pk,
        then=lambda rows: rows[-DECISIONS_MAX:],
    )


def _discussion(root: SuggestionModel, info: Info) -> Thread | None:
    return resolve_now(info.context.loaders.discussion_by_suggestion_id, root.pk)


def _evaluation_summary(root: SuggestionModel, info: Info) -> EvaluationSummary | None:
    return resolve_now(
        info.context.loaders.latest_evaluations_by_suggestion_id, root.pk, then=EvaluationSummary.of
    )


async def suggestion_page(
    info: Info,
    select: Callable[[bool, bool], tuple[Page[SuggestionModel], QuerySet[SuggestionModel]]],
) -> Connection[Suggestion]:
    """A page of suggestions, with what the Labo's pages show of each row fetched in the
    page's own thread hop: `select(with_authors, with_viewer_votes)` joins the authors and
    the viewer's votes to the page's query; the latest published decisions come from the
    loader's own query, run there."""
    loaders = info.context.loaders

    def prefetch(rows: Sequence[SuggestionModel], asked: frozenset[str]) -> list[Prefetched]:
        return loaders.suggestion_relations(rows, latest_decisions="latestDecision" in asked)

    return await paged(
        info,
        lambda asked: select("author" in asked, "viewerHasVoted" in asked),
        prefetch=prefetch,
        prime=loaders.prime_suggestions,
    )


@strawberry.type(
    description="An idea posted in Le Labo, which customers vote for. Partner tokens read "
    "suggestions with `suggestions:read`."
)
class Suggestion(relay.Node):
    is_type_of = _is_model(SuggestionModel)

    id: relay.NodeID[int]
    title: str = strawberry.field(description="Title, 1 to 150 characters.")
    body: str = strawberry.field(description="Description, 1 to 5,000 characters.")
    status: SuggestionStatus = strawberry.field(description="Where the idea stands.")
    created_at: datetime = strawberry.field(description="When it was submitted.")
    updated_at: datetime = strawberry.field(description="When its status last changed.")
    edited_at: datetime | None = strawberry.field(
        description="When its author last edited its title or description (an idea is "
        "edited only while SUBMITTED); null if never."
    )
    target_period: str = strawberry.field(
        description='When a retained idea is planned, e.g. "2027 Q3" (empty otherwise).'
    )
    public_response: str = strawberry.field(
        description="The bank's public answer (empty until there is one)."
    )
    author: Member = strawberry.field(description="Who submitted it.", resolver=_author)
    vote_count: int = strawberry.field(
        description="Number of votes: exactly the number of customers who voted for it.",
        resolver=_vote_count,
    )
    viewer_has_voted: bool | None = strawberry.field(
        description="Whether the logged-in member voted for it; null, without an error, when "
        "there is no member (anonymous visitors, partner tokens).",
        resolver=_viewer_has_voted,
        extensions=viewer_relative(),
    )
    latest_decision: Decision | None = strawberry.field(
        description="The committee's most recent published decision, if any."
        + needs_scope(TokenScope.DECISIONS_READ),
        resolver=_latest_decision,
        permission_classes=[CanReadDecisions],
    )
    status_history: list[StatusChange] = strawberry.field(
        description=f"Its status changes, oldest first (the latest {STATUS_HISTORY_MAX}).",
        resolver=_status_history,
    )
    duplicate_of: Suggestion | None = strawberry.field(
        description="For a DUPLICATE: the suggestion it was merged into.", resolver=_duplicate_of
    )
    is_hidden: bool = is_hidden_field("suggestion")
    hidden_reason: str | None = hidden_reason_field()
    viewer_is_following: bool | None = strawberry.field(
        description="Whether the logged-in member follows it (voting follows); null, without "
        "an error, when there is no member (anonymous visitors, partner tokens).",
        resolver=_viewer_is_following,
        extensions=viewer_relative(),
    )
    viewer_status_moves: list[SuggestionStatus] | None = strawberry.field(
        description="The statuses the logged-in member may move it to now with "
        "`changeSuggestionStatus`, in the status machine's order: an adviser's moves from its "
        "current status (e.g. UNDER_REVIEW → [SHORTLISTED]), empty for anyone else and where "
        "the machine allows no move. RETAINED, DEFERRED and REJECTED come from published "
        "decisions and DUPLICATE from `markSuggestionDuplicate`, so they are never listed. It "
        "is null, without an error, when there is no member (anonymous visitors, partner "
        "tokens).",
        resolver=_viewer_status_moves,
    )
    viewer_can_mark_duplicate: bool | None = strawberry.field(
        description="Whether the logged-in member may merge it into another suggestion now "
        "with `markSuggestionDuplicate` (advisers, while it is SUBMITTED or UNDER_REVIEW); "
        "null, without an error, when there is no member (anonymous visitors, partner tokens).",
        resolver=_viewer_can_mark_duplicate,
        extensions=viewer_relative(),
    )
    decisions: list[Decision] | None = strawberry.field(
        description=f"The committee's decisions on it, oldest first (the latest {DECISIONS_MAX}): "
        "published ones for everyone, drafts too for the committee."
        + needs_scope(TokenScope.DECISIONS_READ),
        resolver=_decisions,
        permission_classes=[CanReadDecisions],
    )
    discussion: Thread | None = strawberry.field(
        description="Its discussion thread in Le Labo (opened by the first comment)."
        + needs_scope(TokenScope.THREADS_READ),
        resolver=_discussion,
        permission_classes=[CanReadThreads],
    )
    evaluation_summary: EvaluationSummary | None = strawberry.field(
        description="Committee only: the aggregate of its scores at the latest meeting where "
        "the viewer scored it (null before: every member, the chair included, scores "
        "independently). Others get null and a FORBIDDEN error.",
        resolver=_evaluation_summary,
        permission_classes=[CanViewCommitteeInternals],
    )

    @strawberry.field(
        description="Who voted for it, latest vote first. Advisers and the committee; anyone "
        f"else gets null and a FORBIDDEN error. {PAGE_ARGS_DESCRIPTION}",
        permission_classes=[CanViewVoters],
    )
    async def voters(
        self,
        info: Info,
        first: First = None,
        after: After = None,
        last: Last = None,
        before: Before = None,
    ) -> Connection[Member] | None:
        root: SuggestionModel = self  # type: ignore[assignment]
        return await paged(
            info,
            lambda _asked: suggestion_voters(
                viewer=info.context.viewer,
                suggestion_id=root.pk,
                page=page_request(first, after, last, before),
            ),
        )

    @strawberry.field(
        description=f"Comments, oldest first. {PAGE_ARGS_DESCRIPTION}"
        + needs_scope(TokenScope.THREADS_READ),
        permission_classes=[CanReadThreads],
    )
    async def comments(
        self,
        info: Info,
        first: First = None,
        after: After = None,
        last: Last = None,
        before: Before = None,
    ) -> Connection[Post] | None:
        root: SuggestionModel = self  # type: ignore[assignment]
        return await paged(
            info,
            lambda asked: suggestion_comments(
                viewer=info.context.viewer,
                suggestion_id=root.pk,
                page=page_request(first, after, last, before),
                with_authors="author" in asked,
            ),
            prime=info.context.loaders.prime_posts,
        )


@strawberry.type
class SuggestionQueries:
    """Root fields of Le Labo: suggestion lists and pages."""

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
            strawberry.argument(
                description="Only suggestions with one of these statuses. Without it, every "
                "status but DUPLICATE and WITHDRAWN, which are listed only when asked for (a "
                "merged duplicate's page points to the original, `duplicateOf`)."
            ),
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


SUGGESTION_GONE = "The suggestion does not exist or is not visible to you."


@strawberry.type
class SuggestionSubscriptions:
    """Live root fields of Le Labo."""

    @strawberry.subscription(
        description="A suggestion, live: first as it is now, then again after each change the "
        "subscriber may see (its vote count, status, decisions, discussion, hiding), read "
        "for them as `suggestion` reads it. Changes that come together are sent once, as "
        "they leave it. Not found (NOT_FOUND) when the suggestion does not exist or this "
        "viewer may not see it; the stream ends with NOT_FOUND if it goes out of their sight."
        + f" Partner tokens need `{TokenScope.SUGGESTIONS_READ.value}` (without it: a FORBIDDEN "
        "error).",
        permission_classes=[CanReadSuggestions],
    )
    async def suggestion_updated(
        self,
        info: LiveInfo,
        id: Annotated[strawberry.ID, strawberry.argument(description="Suggestion ID.")],
    ) -> AsyncGenerator[Suggestion, None]:
        pk = decode_id(id, "Suggestion")

        async def current(loaders: Loaders) -> SuggestionModel | None:
            return await loaders.suggestion_by_id.load(pk)

        async def deliver(loaders: Loaders, events: list[LiveEvent]) -> list[SuggestionModel]:
            # A comment the subscriber may not see (an internal note) changes nothing
            # they may see: nothing is sent.
            if not await shown(loaders, events):
                return []
            suggestion = await current(loaders)
            if suggestion is None:
                raise NotFound(SUGGESTION_GONE)
            return [suggestion]

        stream: AsyncGenerator[SuggestionModel, None] = await follow(
            info,
            groups=[suggestion_group(pk)],
            current=current,
            accepts=lambda event: event.suggestion_id == pk,
            deliver=deliver,
            not_found=SUGGESTION_GONE,
        )
        return stream  # type: ignore[return-value]
