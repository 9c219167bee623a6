"""Pure policy functions: `can_<verb>_<object>(viewer, obj) -> bool`, no I/O, no Strawberry.

Each one is one cell group of the matrix in DESIGN §4, tested cell by cell.
"""

from __future__ import annotations

from models.models import Member, Post, Suggestion, Thread

from .roles import Viewer


def can_view_member_private(viewer: Viewer, member: Member) -> bool:
    """`Member.email`, `Member.customerNumber`: the member themself and advisers."""
    return viewer.is_adviser or (viewer.member_id is not None and viewer.member_id == member.pk)


def can_view_member_votes(viewer: Viewer, member: Member) -> bool:
    """`Member.votes`: the member themself (a customer), advisers and the committee."""
    return (
        viewer.is_adviser
        or viewer.is_committee
        or (viewer.member_id is not None and viewer.member_id == member.pk)
    )


def can_view_viewer_has_voted(viewer: Viewer) -> bool:
    """`Suggestion.viewerHasVoted`: any member (about themself); anonymous visitors get null."""
    return viewer.is_authenticated


def can_view_voters(viewer: Viewer) -> bool:
    """`Suggestion.voters` (who voted): advisers and the committee."""
    return viewer.is_adviser or viewer.is_committee


def can_view_internal(viewer: Viewer) -> bool:
    """Internal posts, `Thread.assignedAdviser`, hidden content of others: advisers."""
    return viewer.is_adviser


def can_view_hidden(viewer: Viewer, obj: Thread | Post | Suggestion) -> bool:
    """Hidden content: advisers, and its own author (who sees it marked hidden)."""
    if not obj.is_hidden:
        return True
    return viewer.is_adviser or (viewer.member_id is not None and viewer.member_id == obj.author_id)


def can_vote(viewer: Viewer) -> bool:
    """Vote, withdraw a vote, submit a suggestion: customers only (DESIGN §3: staff and the
    committee do not vote, to keep the signal clean and avoid conflicts of interest)."""
    return viewer.is_customer


def can_submit_suggestion(viewer: Viewer) -> bool:
    return viewer.is_customer


def can_create_thread(viewer: Viewer) -> bool:
    """Create a thread, reply: customers, advisers (official) and the committee."""
    return viewer.is_authenticated


def can_reply_to_thread(viewer: Viewer) -> bool:
    return viewer.is_authenticated


def can_post_internal_note(viewer: Viewer) -> bool:
    return viewer.is_adviser


def can_view_committee_internals(viewer: Viewer) -> bool:
    """Evaluations, draft decisions, `Decision.internalNotes`: the committee."""
    return viewer.is_committee
