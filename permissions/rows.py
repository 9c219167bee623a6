"""Row scopes: which rows a viewer receives at all (DESIGN §4), one function per kind.

A row the viewer may not receive is simply not found: lists, counts, `node`, search and
every relation start from these scopes (the selectors, the loaders and the services apply
them; `matrix.py` calls this a type's *reach*). A partner's token receives what an
anonymous visitor receives, of the kinds its scopes open only (`can_partner_read`): a
suggestion for a token without `suggestions:read` is not found, in `node`, `search` and
every relation alike.

Each scope is a pure function of the viewer: it decides with the policies of
`policies.py` and builds a `Q` or a queryset of models, without running a query
(querysets are lazy; `.none()` is a scope no row passes, which Django answers without
asking the database). Callers filter, order, lock and page what they get.
"""

from __future__ import annotations

from typing import Any, TypeVar

from django.db.models import Exists, OuterRef, Q, QuerySet

from models.models import (
    Category,
    CommitteeMeeting,
    Decision,
    Evaluation,
    Flag,
    Member,
    Notification,
    Post,
    PostRevision,
    StatusChange,
    Suggestion,
    Thread,
    ThreadKind,
    TokenScope,
)

from .policies import (
    MEMBER_SCOPES,
    STAFF_ROLES,
    can_moderate,
    can_partner_read,
    can_partner_read_any,
    can_view_agenda,
    can_view_committee_internals,
    can_view_internal,
    can_view_voters,
)
from .roles import Viewer

H = TypeVar("H", Post, Suggestion, Thread)


def shown_content(viewer: Viewer) -> Q:
    """Of threads, posts and suggestions (`Hideable` rows), those moderation leaves to this
    viewer: hidden ones are for advisers and their author only (`can_view_hidden`)."""
    if can_view_internal(viewer):
        return Q()
    if viewer.member_id is not None:
        return Q(hidden_at__isnull=True) | Q(author_id=viewer.member_id)
    return Q(hidden_at__isnull=True)


def counted_in_parts(rows: QuerySet[H], viewer: Viewer) -> QuerySet[Any]:
    """`rows` (of a `Hideable` kind, already within `shown_content(viewer)`) for `count()`
    only: the same count, as the sum of two disjoint parts, what is shown to everyone
    (`hidden_at IS NULL`) and the viewer's own hidden rows. Counting `shown_content`'s OR
    makes PostgreSQL read every row of the table; each part alone is read from an index
    (a partial index on shown rows, such as `suggestion_shown_idx`, and the author's):
    the Labo's count for a customer measured 7.2 ms as one OR, 2.5 ms in parts (20,000
    suggestions). Viewers whose scope has no OR (visitors, partners, advisers) get `rows`."""
    if can_view_internal(viewer) or viewer.member_id is None:
        return rows
    shown = rows.filter(hidden_at__isnull=True).values("pk")
    own_hidden = rows.filter(hidden_at__isnull=False, author_id=viewer.member_id).values("pk")
    return shown.union(own_hidden, all=True)


def visible_members(viewer: Viewer) -> QuerySet[Member]:
    """Public profiles: the bank's staff, the viewer, and members who wrote something this
    viewer can see *now* (deactivated accounts keep their name on what they wrote).
    Advisers and the committee see everyone. Being a customer of the bank is itself
    private: a customer none of whose writing is visible to the viewer is not found, so
    the roster cannot be walked by ID, and hiding someone's last visible contribution (or
    the thread or suggestion around it) takes their profile out of sight until it is shown
    again. "Visible" is exactly `visible_suggestions/threads/posts(viewer)`: a partner sees
    the authors of the kinds its scopes open. The part that needs no writing is
    `policies.can_view_profile_by_role`, which this scope's first lines say again as SQL."""
    if not can_partner_read_any(viewer, MEMBER_SCOPES):
        return Member.objects.none()
    if can_view_internal(viewer) or can_view_voters(viewer):
        # Advisers, and the committee, who read who voted for what.
        return Member.objects.all()
    shown = Q(role__in=STAFF_ROLES)
    if viewer.member_id is not None:
        shown |= Q(pk=viewer.member_id)
    # One correlated EXISTS per kind: an index probe on the author key, then the row's own
    # visibility (itself correlated EXISTS probes, never a scan of every visible row).
    for rows in (visible_suggestions(viewer), visible_threads(viewer), visible_posts(viewer)):
        if not rows.query.is_empty():  # a kind outside a partner's scopes
            shown |= Q(Exists(rows.filter(author_id=OuterRef("pk"))))
    return Member.objects.filter(shown)


def visible_categories(viewer: Viewer) -> QuerySet[Category]:
    """Every category, for all but partner tokens without `threads:read`."""
    if not can_partner_read(viewer, TokenScope.THREADS_READ):
        return Category.objects.none()
    return Category.objects.all()


def visible_suggestions(viewer: Viewer) -> QuerySet[Suggestion]:
    """Suggestions, but hidden ones (`shown_content`); none without `suggestions:read`."""
    if not can_partner_read(viewer, TokenScope.SUGGESTIONS_READ):
        return Suggestion.objects.none()
    return Suggestion.objects.filter(shown_content(viewer))


def visible_status_changes(viewer: Viewer) -> QuerySet[StatusChange]:
    """A suggestion's status history goes with the suggestion."""
    suggestions = visible_suggestions(viewer)
    if suggestions.query.is_empty():
        return StatusChange.objects.none()
    return StatusChange.objects.filter(suggestion__in=suggestions)


def visible_threads(viewer: Viewer) -> QuerySet[Thread]:
    """Threads, but hidden ones, and a suggestion's discussion only with its suggestion;
    none without `threads:read`."""
    if not can_partner_read(viewer, TokenScope.THREADS_READ):
        return Thread.objects.none()
    qs = Thread.objects.filter(shown_content(viewer))
    # A suggestion's discussion shows its title and text: it is found only by those who
    # may see the suggestion itself (not hidden, and within a partner's scopes).
    if not can_partner_read(viewer, TokenScope.SUGGESTIONS_READ):
        return qs.filter(suggestion__isnull=True)
    if can_view_internal(viewer):  # advisers: nothing is hidden from them
        return qs
    # A correlated EXISTS (one index probe per thread) rather than a join, so callers can
    # still lock the thread rows, and rather than IN, which would hash every suggestion.
    shown = Suggestion.objects.filter(shown_content(viewer), pk=OuterRef("suggestion_id"))
    return qs.filter(Q(suggestion__isnull=True) | Q(Exists(shown)))


def support_desk_questions(viewer: Viewer) -> QuerySet[Thread]:
    """The questions of the advisers' support desk: café questions (not a suggestion's
    discussion) that are not hidden; advisers only (the desk shows who follows each up,
    which is internal), none for anyone else."""
    if not can_view_internal(viewer):
        return Thread.objects.none()
    return visible_threads(viewer).filter(
        kind=ThreadKind.QUESTION, suggestion__isnull=True, hidden_at__isnull=True
    )


def visible_posts(viewer: Viewer) -> QuerySet[Post]:
    """Replies, but hidden ones, those of threads the viewer does not receive, and internal
    notes (advisers receive them all); none without `threads:read`."""
    if not can_partner_read(viewer, TokenScope.THREADS_READ):
        return Post.objects.none()
    qs = Post.objects.filter(shown_content(viewer))
    if not can_view_internal(viewer):
        # A reply is found only in a thread the viewer can see (not hidden, not the
        # discussion of a hidden suggestion), and never an internal note. A correlated
        # EXISTS (one probe of the thread's key per reply) rather than IN, which would list
        # every visible thread first, and no join, so callers can lock the post rows alone.
        thread = visible_threads(viewer).filter(pk=OuterRef("thread_id"))
        qs = qs.filter(Exists(thread), is_internal=False)
    return qs


def visible_decisions(
    viewer: Viewer, *, of_visible_suggestions: bool = False
) -> QuerySet[Decision]:
    """Published decisions of suggestions the viewer receives, and drafts for the
    committee; none without `decisions:read`.

    With `of_visible_suggestions`, the caller asks only about suggestions it has just
    found visible to this viewer (a page's rows): the hidden-suggestion check, a correlated
    subquery, is already done."""
    if not can_partner_read(viewer, TokenScope.DECISIONS_READ):
        return Decision.objects.none()
    # A hidden suggestion's decisions go with it; drafts belong to the committee.
    qs = Decision.objects.all()
    if not can_view_internal(viewer) and not of_visible_suggestions:
        shown = Suggestion.objects.filter(shown_content(viewer), pk=OuterRef("suggestion_id"))
        qs = qs.filter(Exists(shown))
    if can_view_committee_internals(viewer):  # drafts
        return qs
    return qs.filter(published_at__isnull=False)


def visible_meetings(viewer: Viewer) -> QuerySet[CommitteeMeeting]:
    """Meetings and agendas: the committee, and the advisers who prepare them."""
    if can_view_agenda(viewer):
        return CommitteeMeeting.objects.all()
    return CommitteeMeeting.objects.none()


def visible_evaluations(viewer: Viewer) -> QuerySet[Evaluation]:
    """Scores and private comments stay within the committee, and each member scores
    independently: a committee member receives their own evaluations, and the others' of
    a suggestion at a meeting once they scored it there themselves
    (`can_view_others_evaluations`, here as SQL: an own evaluation of the same suggestion
    at the same meeting exists; the own row matches itself)."""
    if not can_view_committee_internals(viewer):
        return Evaluation.objects.none()
    own = Evaluation.objects.filter(
        evaluator_id=viewer.member_id,
        meeting_id=OuterRef("meeting_id"),
        suggestion_id=OuterRef("suggestion_id"),
    )
    return Evaluation.objects.filter(Exists(own))


def visible_notifications(viewer: Viewer) -> QuerySet[Notification]:
    """Each member reads their own, and only their own."""
    if viewer.member_id is None:
        return Notification.objects.none()
    return Notification.objects.filter(recipient_id=viewer.member_id)


def visible_flags(viewer: Viewer) -> QuerySet[Flag]:
    """Advisers see every flag; a member sees the flags they reported; visitors none."""
    if can_moderate(viewer):
        return Flag.objects.all()
    if viewer.member_id is None:
        return Flag.objects.none()
    return Flag.objects.filter(reporter_id=viewer.member_id)


def visible_post_revisions(viewer: Viewer) -> QuerySet[PostRevision]:
    """The edit history of posts: advisers (who see every post)."""
    if can_moderate(viewer):
        return PostRevision.objects.all()
    return PostRevision.objects.none()
