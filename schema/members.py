from __future__ import annotations

import json
from datetime import datetime
from typing import TYPE_CHECKING, Annotated

import strawberry
from asgiref.sync import sync_to_async
from strawberry import relay

from models.models import Language as LanguageChoices
from models.models import Member as MemberModel
from models.models import Role as RoleChoices
from models.models import TokenScope
from permissions import policies
from permissions.fields import (
    CanHandlePersonalData,
    CanReadMembers,
    CanViewCapabilities,
    CanViewMemberPrivate,
    CanViewMemberVotes,
    CanViewNotifications,
    viewer_relative,
)
from permissions.roles import Viewer
from resolvers.loaders import resolve_now
from resolvers.selectors.members import member_list, personal_data_export
from resolvers.selectors.notifications import (
    notification_list,
    notification_preferences,
    unread_notification_count,
)
from resolvers.selectors.suggestions import member_votes

from .core.base import is_model as _is_model
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
from .notifications import Notification, NotificationPreference
from .partners import needs_scope

if TYPE_CHECKING:  # the copies of `graphql_enum`, as type checkers see them
    Role = RoleChoices
else:
    Role = graphql_enum(
        RoleChoices,
        name="Role",
        description="A member's role in the community.",
        value_descriptions={
            "CUSTOMER": "A customer of the bank: asks, discusses, submits ideas and votes.",
            "ADVISER": "One of the bank's advisers: answers officially in the café, triages "
            "ideas and moderates.",
            "COMMITTEE": "A member of the decision committee, which scores the ideas "
            "presented to it and decides on them (its chair records and publishes).",
        },
    )


if TYPE_CHECKING:
    Language = LanguageChoices
else:
    Language = graphql_enum(
        LanguageChoices,
        name="Language",
        description="A language the community speaks.",
        value_descriptions={"FR": "French (the community's language).", "EN": "English."},
    )


if TYPE_CHECKING:
    from .suggestions import Suggestion


# `Member.capabilities`: what the front end may offer the logged-in member.
#
# Each flag is one pure policy of `permissions/policies.py`, called here and nowhere decided:
# the front end shows a button exactly when the API would accept the action (row rules aside,
# such as "the question's author", which the API still checks on each call).
@strawberry.type(
    description="What the logged-in member may do, for the front end to show or hide its "
    "controls. The API still checks every action; row rules (e.g. only a question's author "
    "or an adviser accepts its answer) are not reflected here."
)
class Capabilities:
    can_vote: bool = strawberry.field(
        description="Vote for a suggestion and withdraw a vote (customers)."
    )
    can_submit_suggestion: bool = strawberry.field(
        description="Submit a suggestion to Le Labo (customers)."
    )
    can_create_thread: bool = strawberry.field(
        description="Open a thread and reply in the café (any member)."
    )
    can_flag_content: bool = strawberry.field(
        description="Report a thread, a reply or a suggestion to the advisers (any member)."
    )
    can_post_internal_note: bool = strawberry.field(
        description="Write internal notes in threads, never shown to customers (advisers)."
    )
    can_moderate: bool = strawberry.field(
        description="Lock, assign, reopen threads, hide content, read the flag queue (advisers)."
    )
    can_triage: bool = strawberry.field(
        description="Change the status of suggestions, merge duplicates, schedule committee "
        "meetings and set their agendas (advisers)."
    )
    can_view_agenda: bool = strawberry.field(
        description="Read committee meetings and their agendas (advisers and the committee)."
    )
    can_view_support_figures: bool = strawberry.field(
        description="Read the support response-time figures (advisers and the committee)."
    )
    can_score: bool = strawberry.field(
        description="Score suggestions on a meeting's agenda (committee members)."
    )
    can_decide: bool = strawberry.field(
        description="Record and publish committee decisions (the committee's chair)."
    )

    @classmethod
    def of(cls, viewer: Viewer) -> Capabilities:
        return cls(
            can_vote=policies.can_vote(viewer),
            can_submit_suggestion=policies.can_submit_suggestion(viewer),
            can_create_thread=policies.can_create_thread(viewer),
            can_flag_content=policies.can_flag_content(viewer),
            can_post_internal_note=policies.can_post_internal_note(viewer),
            can_moderate=policies.can_moderate(viewer),
            can_triage=policies.can_triage_suggestions(viewer),
            can_view_agenda=policies.can_view_agenda(viewer),
            can_view_support_figures=policies.can_view_support_figures(viewer),
            can_score=policies.can_score_suggestion(viewer),
            can_decide=policies.can_decide(viewer),
        )


def _member_since(root: MemberModel) -> datetime:
    return root.date_joined


def _is_committee_chair(root: MemberModel) -> bool:
    return root.is_committee_chair


def _suggestion_count(root: MemberModel, info: Info) -> int:
    return resolve_now(info.context.loaders.suggestion_count_by_author_id, root.pk)


def _thread_count(root: MemberModel, info: Info) -> int:
    return resolve_now(info.context.loaders.thread_count_by_author_id, root.pk)


def _post_count(root: MemberModel, info: Info) -> int:
    return resolve_now(info.context.loaders.post_count_by_author_id, root.pk)


@strawberry.type(
    description="A member of the community: a customer of the bank, an adviser or a member "
    "of the decision committee. Partner tokens with `suggestions:read` or `threads:read` read "
    "the public profile of authors, never the private fields."
)
class Member(relay.Node):
    is_type_of = _is_model(MemberModel)

    id: relay.NodeID[int]
    display_name: str = strawberry.field(description="The name shown on contributions.")
    role: Role = strawberry.field(description="Role badge: CUSTOMER, ADVISER or COMMITTEE.")
    is_committee_chair: bool = strawberry.field(
        description="True for the chair of the decision committee (who records and publishes "
        "decisions).",
        resolver=_is_committee_chair,
    )
    member_since: datetime = strawberry.field(
        description="When the member joined the community.", resolver=_member_since
    )
    email: str | None = strawberry.field(
        description="Private. Readable by the member and by advisers; anyone else gets null "
        "and a FORBIDDEN error.",
        permission_classes=[CanViewMemberPrivate],
    )
    customer_number: str | None = strawberry.field(
        description="Private: the bank's customer number (customers only; null for staff). "
        "Readable by the member and by advisers; anyone else gets null and a FORBIDDEN error.",
        permission_classes=[CanViewMemberPrivate],
    )

    suggestion_count: int = strawberry.field(
        description="Suggestions they submitted that this viewer can see.",
        resolver=_suggestion_count,
    )
    thread_count: int = strawberry.field(
        description="Threads they opened that this viewer can see.", resolver=_thread_count
    )
    post_count: int = strawberry.field(
        description="Replies they wrote that this viewer can see.", resolver=_post_count
    )

    @strawberry.field(
        description="The suggestions they voted for, latest vote first. The member themself, "
        "advisers and the committee; anyone else gets null and a FORBIDDEN error. "
        + PAGE_ARGS_DESCRIPTION,
        permission_classes=[CanViewMemberVotes],
    )
    async def votes(
        self,
        info: Info,
        first: First = None,
        after: After = None,
        last: Last = None,
        before: Before = None,
    ) -> Connection[Annotated[Suggestion, strawberry.lazy("schema.suggestions")]] | None:
        # Imported here: schema.suggestions imports this module for its `Member` fields.
        from .suggestions import suggestion_page

        root: MemberModel = self  # type: ignore[assignment]
        return await suggestion_page(
            info,
            lambda with_authors, with_viewer_votes: member_votes(
                viewer=info.context.viewer,
                member_id=root.pk,
                page=page_request(first, after, last, before),
                with_authors=with_authors,
                with_viewer_votes=with_viewer_votes,
            ),
        )

    @strawberry.field(
        description="The member's in-app notifications, newest first. The member only; "
        "anyone else gets null and a FORBIDDEN error. " + PAGE_ARGS_DESCRIPTION,
        permission_classes=[CanViewNotifications],
    )
    async def notifications(
        self,
        info: Info,
        first: First = None,
        after: After = None,
        last: Last = None,
        before: Before = None,
        unread_only: Annotated[
            bool, strawberry.argument(description="Only those not yet marked read.")
        ] = False,
    ) -> Connection[Notification] | None:
        return await paged(
            info,
            lambda _asked: notification_list(
                viewer=info.context.viewer,
                page=page_request(first, after, last, before),
                unread_only=unread_only,
            ),
            prefetch=info.context.loaders.notification_relations,
        )

    @strawberry.field(
        description="How many of the member's notifications are unread. The member only; "
        "anyone else gets null and a FORBIDDEN error.",
        permission_classes=[CanViewNotifications],
    )
    async def unread_notification_count(self, info: Info) -> int | None:
        return await sync_to_async(unread_notification_count)(viewer=info.context.viewer)

    @strawberry.field(
        description="How the member is told of each kind of notification they may receive "
        "(their choice, or the default: see `NotificationPreference`), in the order of "
        "`NotificationKind`. The member only; anyone else gets null and a FORBIDDEN error.",
        permission_classes=[CanViewNotifications],
    )
    async def notification_preferences(self, info: Info) -> list[NotificationPreference] | None:
        root: MemberModel = self  # type: ignore[assignment]
        choices = await sync_to_async(notification_preferences)(
            viewer=info.context.viewer, member=root
        )
        return choices  # type: ignore[return-value]

    @strawberry.field(
        description="The language the community writes to the member in away from the "
        "website (their e-mails): the last one they chose (`setLanguage`, which the website's "
        "language switch calls for a logged-in member); FR until they choose. The member "
        "only; anyone else gets null and a FORBIDDEN error.",
        permission_classes=[CanViewNotifications],
    )
    def language(self) -> Language | None:
        root: MemberModel = self  # type: ignore[assignment]
        return Language(root.language)

    @strawberry.field(
        description="Everything Comptoir holds about the member, as the text of one JSON "
        "document to save as a file (GDPR articles 15 and 20): profile, threads, replies "
        "and comments with their earlier texts, ideas, votes, follows, notifications and the "
        "reports they filed; its format is `comptoir-personal-data/1` "
        "(docs/personal-data.md). The member only; anyone else gets null and a FORBIDDEN "
        "error.",
        permission_classes=[CanHandlePersonalData],
    )
    async def personal_data(self, info: Info) -> str | None:
        root: MemberModel = self  # type: ignore[assignment]
        data = await sync_to_async(personal_data_export)(viewer=info.context.viewer, member=root)
        # Text, not a JSON value: a file for the member, one value of the response.
        return json.dumps(data, ensure_ascii=False, indent=2)

    @strawberry.field(
        description="What the member may do, for the front end to show the right controls "
        "(each flag is the API's own rule). The member only; anyone else gets null and a "
        "FORBIDDEN error.",
        permission_classes=[CanViewCapabilities],
    )
    def capabilities(self, info: Info) -> Capabilities | None:
        # The member themself (the permission says so): the viewer is them.
        return Capabilities.of(info.context.viewer)


@strawberry.type
class MemberQueries:
    """Root fields of the members area: the viewer and the members lists."""

    @strawberry.field(
        description="The logged-in member; null, without an error, when there is no member "
        "(anonymous visitors, partner tokens: they read no personal data).",
        extensions=viewer_relative(),
    )
    def viewer(self, info: Info) -> Member | None:
        return info.context.viewer.member  # type: ignore[return-value]

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
