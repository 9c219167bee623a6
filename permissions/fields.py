"""Thin Strawberry permission classes over the pure policies in `policies.py`.

A restricted field a viewer may not read resolves to null with an error whose
`extensions.code` is FORBIDDEN and whose path names the field (DESIGN §4). A mutation that
needs a member answers UNAUTHENTICATED to an anonymous visitor.
"""

from __future__ import annotations

from typing import Any

from strawberry.extensions import FieldExtension
from strawberry.permission import BasePermission, PermissionExtension
from strawberry.types import Info

from models.models import TokenScope

from . import policies
from .errors import Unauthenticated
from .roles import Viewer


def _viewer(info: Info) -> Viewer:
    viewer: Viewer = info.context.viewer
    return viewer


class _FieldPermission(BasePermission):
    message = "You are not allowed to read this field."
    error_extensions = {"code": "FORBIDDEN"}


class _ActionPermission(BasePermission):
    """For mutations: anonymous visitors are told to log in, members that they may not."""

    message = "You are not allowed to do this."
    error_extensions = {"code": "FORBIDDEN"}
    login_message = "You must be logged in."

    def has_permission(self, source: Any, info: Info, **kwargs: Any) -> bool:
        viewer = _viewer(info)
        if not viewer.is_authenticated:
            raise Unauthenticated(self.login_message)
        return self.allowed(viewer)

    def allowed(self, viewer: Viewer) -> bool:
        raise NotImplementedError


class CanViewMemberPrivate(_FieldPermission):
    def has_permission(self, source: Any, info: Info, **kwargs: Any) -> bool:
        return policies.can_view_member_private(_viewer(info), source)


class CanHandlePersonalData(_FieldPermission):
    def has_permission(self, source: Any, info: Info, **kwargs: Any) -> bool:
        return policies.can_handle_personal_data(_viewer(info), source)


class _MemberViewer(BasePermission):
    def has_permission(self, source: Any, info: Info, **kwargs: Any) -> bool:
        return policies.has_member_viewer(_viewer(info))


def viewer_relative() -> list[FieldExtension]:
    """The extensions of a viewer-relative field (`extensions=viewer_relative()`): null
    without an error when there is no member viewer (anonymous visitor, partner token),
    and the resolver is not called."""
    return [
        PermissionExtension(permissions=[_MemberViewer()], fail_silently=True, use_directives=False)
    ]


class CanViewInternal(_FieldPermission):
    def has_permission(self, source: Any, info: Info, **kwargs: Any) -> bool:
        return policies.can_view_internal(_viewer(info))


class CanVote(_ActionPermission):
    message = "Only customers vote."
    login_message = "Log in to vote."

    def allowed(self, viewer: Viewer) -> bool:
        return policies.can_vote(viewer)


class CanSubmitSuggestion(_ActionPermission):
    message = "Only customers submit suggestions."
    login_message = "Log in to submit a suggestion."

    def allowed(self, viewer: Viewer) -> bool:
        return policies.can_submit_suggestion(viewer)


class CanManageOwnSuggestions(_ActionPermission):
    """Customers; the service then checks the suggestion is theirs."""

    message = "Only customers edit or withdraw their suggestions."
    login_message = "Log in to edit or withdraw your suggestion."

    def allowed(self, viewer: Viewer) -> bool:
        return policies.can_manage_own_suggestions(viewer)


class CanCreateThread(_ActionPermission):
    login_message = "Log in to open a thread."

    def allowed(self, viewer: Viewer) -> bool:
        return policies.can_create_thread(viewer)


class CanFollowThread(_ActionPermission):
    login_message = "Log in to follow a thread."

    def allowed(self, viewer: Viewer) -> bool:
        return policies.can_follow_thread(viewer)


class CanReplyToThread(_ActionPermission):
    login_message = "Log in to reply."

    def allowed(self, viewer: Viewer) -> bool:
        return policies.can_reply_to_thread(viewer)


class CanViewCommitteeInternals(_FieldPermission):
    def has_permission(self, source: Any, info: Info, **kwargs: Any) -> bool:
        return policies.can_view_committee_internals(_viewer(info))


class CanViewAgenda(_FieldPermission):
    def has_permission(self, source: Any, info: Info, **kwargs: Any) -> bool:
        return policies.can_view_agenda(_viewer(info))


class CanViewNotifications(_FieldPermission):
    def has_permission(self, source: Any, info: Info, **kwargs: Any) -> bool:
        return policies.can_view_notifications(_viewer(info), source)


class CanViewCapabilities(_FieldPermission):
    def has_permission(self, source: Any, info: Info, **kwargs: Any) -> bool:
        return policies.can_view_capabilities(_viewer(info), source)


class CanViewTriageQueue(_FieldPermission):
    def has_permission(self, source: Any, info: Info, **kwargs: Any) -> bool:
        return policies.can_triage_suggestions(_viewer(info))


class CanTriageSuggestions(_ActionPermission):
    message = "Only advisers triage suggestions."

    def allowed(self, viewer: Viewer) -> bool:
        return policies.can_triage_suggestions(viewer)


class CanFollowSuggestion(_ActionPermission):
    login_message = "Log in to follow or comment on a suggestion."

    def allowed(self, viewer: Viewer) -> bool:
        return policies.can_follow_suggestion(viewer)


class CanScoreSuggestion(_ActionPermission):
    message = "Only committee members score suggestions."

    def allowed(self, viewer: Viewer) -> bool:
        return policies.can_score_suggestion(viewer)


class CanDecide(_ActionPermission):
    message = "Only the committee chair records and publishes decisions."

    def allowed(self, viewer: Viewer) -> bool:
        return policies.can_decide(viewer)


class CanReadNotifications(_ActionPermission):
    login_message = "Log in to read your notifications."

    def allowed(self, viewer: Viewer) -> bool:
        return viewer.is_authenticated


class CanChooseOwnSettings(_ActionPermission):
    """Members: how the community writes to them (their e-mails, their language)."""

    login_message = "Log in to choose how the community writes to you."

    def allowed(self, viewer: Viewer) -> bool:
        return policies.has_member_viewer(viewer)


class CanFollowOwnNotifications(_FieldPermission):
    """`viewerNotifications` (live): members. An anonymous visitor is told to log in; a
    partner token, which is no member and has no notifications, is refused."""

    message = "Partner tokens have no notifications."

    def has_permission(self, source: Any, info: Info, **kwargs: Any) -> bool:
        viewer = _viewer(info)
        if viewer.is_partner:
            return False
        if not policies.has_member_viewer(viewer):
            raise Unauthenticated("Log in to follow your notifications.")
        return True


class CanEraseOwnAccount(_ActionPermission):
    """Members (their own account; the service checks the password)."""

    login_message = "Log in to erase your account."

    def allowed(self, viewer: Viewer) -> bool:
        return policies.has_member_viewer(viewer)


class CanManageOwnContent(_ActionPermission):
    """Members; the service then checks the row (the question's author, an adviser, ...)."""

    login_message = "Log in to do this."

    def allowed(self, viewer: Viewer) -> bool:
        return policies.can_manage_own_content(viewer)


class CanModerate(_ActionPermission):
    message = "Only advisers may do this."

    def allowed(self, viewer: Viewer) -> bool:
        return policies.can_moderate(viewer)


class CanFlagContent(_ActionPermission):
    login_message = "Log in to report content."

    def allowed(self, viewer: Viewer) -> bool:
        return policies.can_flag_content(viewer)


class CanViewModeration(_FieldPermission):
    """The flag queue, the edit history of posts: advisers."""

    def has_permission(self, source: Any, info: Info, **kwargs: Any) -> bool:
        return policies.can_moderate(_viewer(info))


class CanViewSupportFigures(_FieldPermission):
    """Support response-time figures: advisers, the committee, partners with `stats:read`."""

    def has_permission(self, source: Any, info: Info, **kwargs: Any) -> bool:
        return policies.can_view_support_figures(_viewer(info))


# --- Partners (API tokens) ------------------------------------------------------------------


class PartnersReadOnly(BasePermission):
    """On every mutation (schema/__init__.py adds it to each, outermost, so a future mutation
    cannot forget it): partner tokens are read-only."""

    message = "Partner tokens are read-only."
    error_extensions = {"code": "FORBIDDEN"}

    def has_permission(self, source: Any, info: Info, **kwargs: Any) -> bool:
        return policies.can_mutate(_viewer(info))


class _PartnerScope(_FieldPermission):
    """What a partner token's scopes open; members and visitors are not concerned (their
    own rules apply) and always pass."""

    scope: str

    def has_permission(self, source: Any, info: Info, **kwargs: Any) -> bool:
        return policies.can_partner_read(_viewer(info), self.scope)


class CanReadSuggestions(_PartnerScope):
    scope = TokenScope.SUGGESTIONS_READ
    message = "This partner token lacks the `suggestions:read` scope."


class CanReadDecisions(_PartnerScope):
    scope = TokenScope.DECISIONS_READ
    message = "This partner token lacks the `decisions:read` scope."


class CanReadThreads(_PartnerScope):
    scope = TokenScope.THREADS_READ
    message = "This partner token lacks the `threads:read` scope."


class CanReadStats(_PartnerScope):
    scope = TokenScope.STATS_READ
    message = "This partner token lacks the `stats:read` scope."


class CanSearch(_FieldPermission):
    """`search`: a partner token needs `suggestions:read` or `threads:read` (and finds only
    the kinds its scopes open)."""

    message = "Searching needs the `suggestions:read` or `threads:read` scope."

    def has_permission(self, source: Any, info: Info, **kwargs: Any) -> bool:
        return policies.can_partner_read_any(
            _viewer(info), (TokenScope.SUGGESTIONS_READ, TokenScope.THREADS_READ)
        )


class CanViewMemberVotes(_FieldPermission):
    def has_permission(self, source: Any, info: Info, **kwargs: Any) -> bool:
        return policies.can_view_member_votes(_viewer(info), source)


class CanViewVoters(_FieldPermission):
    def has_permission(self, source: Any, info: Info, **kwargs: Any) -> bool:
        return policies.can_view_voters(_viewer(info))


class CanReadMembers(_FieldPermission):
    """Member profiles: a partner token needs `suggestions:read` or `threads:read` (the
    authors of what it reads)."""

    message = "Member profiles need the `suggestions:read` or `threads:read` scope."

    def has_permission(self, source: Any, info: Info, **kwargs: Any) -> bool:
        return policies.can_partner_read_any(
            _viewer(info), (TokenScope.SUGGESTIONS_READ, TokenScope.THREADS_READ)
        )
