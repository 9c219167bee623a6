"""Thin Strawberry permission classes over the pure policies in `policies.py`.

A restricted field a viewer may not read resolves to null with an error whose
`extensions.code` is FORBIDDEN and whose path names the field (DESIGN §4). A mutation that
needs a member answers UNAUTHENTICATED to an anonymous visitor.
"""

from __future__ import annotations

from typing import Any

from strawberry.permission import BasePermission
from strawberry.types import Info

from resolvers.errors import Unauthenticated

from . import policies
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


class CanViewViewerHasVoted(_FieldPermission):
    def has_permission(self, source: Any, info: Info, **kwargs: Any) -> bool:
        return policies.can_view_viewer_has_voted(_viewer(info))


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


class CanCreateThread(_ActionPermission):
    login_message = "Log in to open a thread."

    def allowed(self, viewer: Viewer) -> bool:
        return policies.can_create_thread(viewer)


class CanReplyToThread(_ActionPermission):
    login_message = "Log in to reply."

    def allowed(self, viewer: Viewer) -> bool:
        return policies.can_reply_to_thread(viewer)


class CanViewCommitteeInternals(_FieldPermission):
    def has_permission(self, source: Any, info: Info, **kwargs: Any) -> bool:
        return policies.can_view_committee_internals(_viewer(info))
