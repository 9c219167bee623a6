"""Row-level visibility: which rows a viewer may know exist (DESIGN §4).

A row the viewer may not see is simply not found: lists, counts and `node` all start here.
A partner's token sees what an anonymous visitor sees, of the kinds its scopes open only
(`can_partner_read`): a suggestion for a token without `suggestions:read` is not found, in
`node`, `search` and every relation alike.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet

from models.models import (
    Category,
    CommitteeMeeting,
    Decision,
    Evaluation,
    Member,
    Notification,
    Post,
    Suggestion,
    Thread,
    TokenScope,
)
from permissions.policies import (
    can_partner_read,
    can_partner_read_any,
    can_view_agenda,
    can_view_committee_internals,
    can_view_internal,
)
from permissions.roles import Viewer

# Members appear as the authors of suggestions and of threads: either scope shows them.
MEMBER_SCOPES = (TokenScope.SUGGESTIONS_READ, TokenScope.THREADS_READ)


def _not_hidden_unless_own(viewer: Viewer, author_field: str = "author_id") -> Q:
    if can_view_internal(viewer):
        return Q()
    if viewer.member_id is not None:
        return Q(hidden_at__isnull=True) | Q(**{author_field: viewer.member_id})
    return Q(hidden_at__isnull=True)


def visible_members(viewer: Viewer) -> QuerySet[Member]:
    # Public profiles; deactivated accounts keep their name on what they wrote.
    if not can_partner_read_any(viewer, MEMBER_SCOPES):
        return Member.objects.none()
    return Member.objects.all()


def visible_categories(viewer: Viewer) -> QuerySet[Category]:
    if not can_partner_read(viewer, TokenScope.THREADS_READ):
        return Category.objects.none()
    return Category.objects.all()


def visible_suggestions(viewer: Viewer) -> QuerySet[Suggestion]:
    if not can_partner_read(viewer, TokenScope.SUGGESTIONS_READ):
        return Suggestion.objects.none()
    return Suggestion.objects.filter(_not_hidden_unless_own(viewer))


def visible_threads(viewer: Viewer) -> QuerySet[Thread]:
    if not can_partner_read(viewer, TokenScope.THREADS_READ):
        return Thread.objects.none()
    return Thread.objects.filter(_not_hidden_unless_own(viewer))


def visible_posts(viewer: Viewer) -> QuerySet[Post]:
    if not can_partner_read(viewer, TokenScope.THREADS_READ):
        return Post.objects.none()
    qs = Post.objects.filter(_not_hidden_unless_own(viewer))
    if not can_view_internal(viewer):
        # A hidden thread hides its replies too.
        thread_visible = Q(thread__hidden_at__isnull=True)
        if viewer.member_id is not None:
            thread_visible |= Q(thread__author_id=viewer.member_id)
        qs = qs.filter(thread_visible, is_internal=False)
    return qs


def visible_decisions(viewer: Viewer) -> QuerySet[Decision]:
    if not can_partner_read(viewer, TokenScope.DECISIONS_READ):
        return Decision.objects.none()
    # Drafts belong to the committee.
    if viewer.is_committee:
        return Decision.objects.all()
    return Decision.objects.filter(published_at__isnull=False)


def visible_meetings(viewer: Viewer) -> QuerySet[CommitteeMeeting]:
    # Meetings and agendas: the committee, and the advisers who prepare them.
    if can_view_agenda(viewer):
        return CommitteeMeeting.objects.all()
    return CommitteeMeeting.objects.none()


def visible_evaluations(viewer: Viewer) -> QuerySet[Evaluation]:
    # Scores and private comments stay within the committee.
    if can_view_committee_internals(viewer):
        return Evaluation.objects.all()
    return Evaluation.objects.none()


def visible_notifications(viewer: Viewer) -> QuerySet[Notification]:
    # Each member reads their own, and only their own.
    if viewer.member_id is None:
        return Notification.objects.none()
    return Notification.objects.filter(recipient_id=viewer.member_id)
