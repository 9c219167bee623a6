"""Pure policy functions: `can_<verb>_<object>(viewer, obj) -> bool`, no I/O, no Strawberry.

Each one is one cell group of the matrix in DESIGN §4, tested cell by cell.
"""

from __future__ import annotations

from django.conf import settings

from models.models import (
    Flag,
    Member,
    Post,
    Role,
    Suggestion,
    Thread,
    TokenScope,
    WebhookEventType,
)

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


def has_member_viewer(viewer: Viewer) -> bool:
    """Viewer-relative fields (the root `viewer`, `Suggestion.viewerHasVoted`,
    `viewerIsFollowing`, `Thread.viewerIsFollowing`) tell a member about themself. Without a
    member viewer (an anonymous visitor, a partner token) there is nothing to tell and
    nothing to withhold: they are plain null, without an error (DESIGN §4), so one
    front-end document serves every visitor."""
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


def can_manage_own_suggestions(viewer: Viewer) -> bool:
    """Edit or withdraw one's own suggestion: customers (who alone submit them). Which
    suggestion: `can_manage_suggestion`, checked by the service."""
    return viewer.is_customer


def can_manage_suggestion(viewer: Viewer, suggestion: Suggestion) -> bool:
    """Edit or withdraw this suggestion: its author (advisers triage and moderate it, they
    do not rewrite it)."""
    return viewer.is_customer and _is_author(viewer, suggestion)


def can_create_thread(viewer: Viewer) -> bool:
    """Create a thread, reply: customers, advisers (official) and the committee."""
    return viewer.is_authenticated


def can_reply_to_thread(viewer: Viewer) -> bool:
    return viewer.is_authenticated


def can_post_internal_note(viewer: Viewer) -> bool:
    return viewer.is_adviser


def can_answer_officially(viewer: Viewer) -> bool:
    """Replies that are official answers (`Post.isOfficial`: they move a question to
    ANSWERED, time the first response and notify its author): advisers' (DESIGN §3)."""
    return viewer.is_adviser


def can_view_committee_internals(viewer: Viewer) -> bool:
    """Evaluations, draft decisions, `Decision.internalNotes`: the committee."""
    return viewer.is_committee


def can_view_others_evaluations(viewer: Viewer, *, has_scored: bool) -> bool:
    """The other members' evaluations of an agenda item and their aggregate (means, count,
    overall score): committee members, the chair included, once they scored that item
    themselves (`has_scored`: the viewer has an evaluation of the same suggestion at the
    same meeting), so that each member scores independently. A member's own evaluation is
    theirs to read at any time (`can_view_committee_internals`)."""
    return viewer.is_committee and has_scored


def can_triage_suggestions(viewer: Viewer) -> bool:
    """Status changes, duplicates, committee meetings and agendas: advisers."""
    return viewer.is_adviser


def can_follow_suggestion(viewer: Viewer) -> bool:
    """Follow or unfollow a suggestion, comment on it: any member."""
    return viewer.is_authenticated


def can_follow_thread(viewer: Viewer) -> bool:
    """Follow or unfollow a café thread (to be told of its replies): any member."""
    return viewer.is_authenticated


def can_view_agenda(viewer: Viewer) -> bool:
    """Committee meetings and their agendas: advisers (who prepare them) and the committee."""
    return viewer.is_adviser or viewer.is_committee


def can_score_suggestion(viewer: Viewer) -> bool:
    """Evaluate a suggestion for a meeting: committee members (the chair included)."""
    return viewer.is_committee


def can_decide(viewer: Viewer) -> bool:
    """Record and publish a committee decision: the chair."""
    return viewer.is_chair


def can_view_notifications(viewer: Viewer, member: Member) -> bool:
    """A member's notifications, and how they are told of them (their e-mail preferences,
    the language of their e-mails): that member only."""
    return viewer.member_id is not None and viewer.member_id == member.pk


def can_view_capabilities(viewer: Viewer, member: Member) -> bool:
    """`Member.capabilities` (what the front end may offer them): that member only."""
    return viewer.member_id is not None and viewer.member_id == member.pk


# --- Café workflow and moderation ----------------------------------------------------------


def _is_author(viewer: Viewer, obj: Thread | Post | Suggestion) -> bool:
    return viewer.member_id is not None and viewer.member_id == obj.author_id


def can_manage_own_content(viewer: Viewer) -> bool:
    """Accept an answer, resolve or close a thread, edit a post: members. Which rows each
    may touch is the object policy of the action (below), checked by the service."""
    return viewer.is_authenticated


def can_accept_answer(viewer: Viewer, thread: Thread) -> bool:
    """Accept a reply of a question: the question's author and advisers."""
    return viewer.is_adviser or _is_author(viewer, thread)


def can_resolve_thread(viewer: Viewer, thread: Thread) -> bool:
    """Mark a question resolved without an accepted reply: its author and advisers."""
    return viewer.is_adviser or _is_author(viewer, thread)


def can_close_thread(viewer: Viewer, thread: Thread) -> bool:
    """Close a thread: advisers close any thread, an author closes their own."""
    return viewer.is_adviser or _is_author(viewer, thread)


def can_reopen_thread(viewer: Viewer, thread: Thread) -> bool:
    """Reopen a closed or resolved thread: advisers only, so that a thread an adviser
    closed cannot be reopened by its author."""
    return viewer.is_adviser


def can_write_in_locked_thread(viewer: Viewer) -> bool:
    """Reply in a locked thread, edit a reply there: advisers (a lock stops the
    conversation, not the moderators)."""
    return viewer.is_adviser


def can_edit_post(viewer: Viewer, post: Post) -> bool:
    """Edit a reply: its author only (advisers hide content, they do not rewrite it)."""
    return _is_author(viewer, post)


def can_moderate(viewer: Viewer) -> bool:
    """Lock, unlock, assign and reopen threads, hide and unhide content, read the flag queue
    and the edit history of posts: advisers."""
    return viewer.is_adviser


def can_flag_content(viewer: Viewer) -> bool:
    """Report a thread, a post or a suggestion to the advisers: any member."""
    return viewer.is_authenticated


def can_view_flag(viewer: Viewer, flag: Flag) -> bool:
    """A flag: advisers, and the member who reported it."""
    return viewer.is_adviser or (
        viewer.member_id is not None and viewer.member_id == flag.reporter_id
    )


def can_view_hidden_reason(viewer: Viewer, obj: Thread | Post | Suggestion) -> bool:
    """Why content was hidden: advisers and its author (the only others who receive it)."""
    return viewer.is_adviser or _is_author(viewer, obj)


def can_view_support_figures(viewer: Viewer) -> bool:
    """Support response-time figures (`communityStats.support`): advisers, the committee,
    and partner tokens with `stats:read` (DESIGN §4: "by scope")."""
    return viewer.is_adviser or viewer.is_committee or viewer.has_scope(TokenScope.STATS_READ)


# --- Partners (API tokens) and the API itself ----------------------------------------------


def can_partner_read(viewer: Viewer, scope: str) -> bool:
    """What a scope opens (`models.TokenScope`): a partner's token must hold it. Members and
    anonymous visitors are not concerned (their own rules apply), so this is True for them."""
    return not viewer.is_partner or viewer.has_scope(scope)


def can_partner_read_any(viewer: Viewer, scopes: tuple[str, ...]) -> bool:
    """Like `can_partner_read`, for what any one of several scopes opens (`search`, members
    as authors of suggestions or of threads)."""
    return not viewer.is_partner or any(viewer.has_scope(scope) for scope in scopes)


# Members appear as the authors of suggestions and of threads: either scope shows them.
MEMBER_SCOPES = (TokenScope.SUGGESTIONS_READ, TokenScope.THREADS_READ)
# The bank's staff, whose profiles are public: they answer and decide in public.
STAFF_ROLES = (Role.ADVISER, Role.COMMITTEE)


def can_view_profile_by_role(viewer: Viewer, member: Member) -> bool:
    """Whether `member`'s public profile is visible to `viewer` whatever they wrote: every
    profile for advisers and the committee (who read who voted), the staff's
    (`STAFF_ROLES`) and the viewer's own for anyone else; none for a partner token without
    a member scope (`MEMBER_SCOPES`). Other profiles are visible only through what their
    member wrote (`rows.visible_members`, which starts from this rule)."""
    if not can_partner_read_any(viewer, MEMBER_SCOPES):
        return False
    if can_view_internal(viewer) or can_view_voters(viewer):
        return True
    return member.role in STAFF_ROLES or (
        viewer.member_id is not None and viewer.member_id == member.pk
    )


# The scope a partner's token needs to be sent each webhook event type: the scope that
# opens the row the event is about (what else a payload carries is read with the row scopes).
WEBHOOK_EVENT_SCOPES: dict[str, str] = {
    WebhookEventType.SUGGESTION_SUBMITTED: TokenScope.SUGGESTIONS_READ,
    WebhookEventType.VOTE_COUNT_CHANGED: TokenScope.SUGGESTIONS_READ,
    WebhookEventType.SUGGESTION_STATUS_CHANGED: TokenScope.SUGGESTIONS_READ,
    WebhookEventType.DECISION_PUBLISHED: TokenScope.DECISIONS_READ,
    WebhookEventType.THREAD_CREATED: TokenScope.THREADS_READ,
    WebhookEventType.POST_CREATED: TokenScope.THREADS_READ,
    WebhookEventType.THREAD_STATUS_CHANGED: TokenScope.THREADS_READ,
}


def can_partner_receive_event(viewer: Viewer, event_type: str) -> bool:
    """Whether a partner's webhook endpoint may be sent events of `event_type`: its token
    holds the scope `WEBHOOK_EVENT_SCOPES` names. False for unknown types and for anyone
    but a partner (webhooks are for partners only)."""
    scope = WEBHOOK_EVENT_SCOPES.get(event_type)
    return viewer.is_partner and scope is not None and viewer.has_scope(scope)


def can_mutate(viewer: Viewer) -> bool:
    """Every mutation, `login` and `logout` included: anyone but partners, whose tokens are
    read-only. (Each mutation then has its own rule for members.)"""
    return not viewer.is_partner


def can_introspect(viewer: Viewer) -> bool:
    """Introspection (`__schema`, `__type`) and GraphiQL: partners and staff; everyone when
    DEBUG is on (a laptop), so a newcomer can explore at once."""
    return bool(settings.DEBUG) or viewer.is_partner or viewer.is_staff


def can_handle_personal_data(
    viewer: Viewer, member: Member, *, personal_data_permission: bool = False
) -> bool:
    """Export or erase a member's personal data (GDPR articles 15, 17, 20): the member
    themselves, or back-office staff holding the `community.view_personal_data` permission
    (`personal_data_permission`, which the back office checks), for a request received by
    mail. Nobody for an account already erased (there is nothing left to export)."""
    if member.erased_at is not None or viewer.member is None:
        return False
    if viewer.member.pk == member.pk:
        return True
    return personal_data_permission and viewer.member.is_staff
