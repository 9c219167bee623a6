"""The row scopes (`permissions/rows.py`), without a database: which rows each viewer receives.

Every scope is built for every kind of viewer and checked against the permission table's
*reach* (who receives objects of the type at all), then the filters of the simple scopes
are compared with the ones they must be. Building a queryset runs no query: the database
is not touched here (the API tests prove the rows themselves).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.db.models import Q, QuerySet

from models.models import Decision, Flag, Member, Notification, Role, Thread, TokenScope
from permissions import matrix, rows
from permissions.matrix import ADVISER, ANONYMOUS, CHAIR, COMMITTEE, CUSTOMER, SELF, Audience
from permissions.roles import PartnerAccess, Viewer


def _member(pk: int, role: Role, *, chair: bool = False) -> Member:
    return Member(pk=pk, username=f"m{pk}", role=role, is_committee_chair=chair)


def _partner(*scopes: str) -> Viewer:
    return Viewer(partner=PartnerAccess(1, "Agrégateur", frozenset(scopes)))


# Every kind of viewer, with what the table calls them: a member is SELF for their own rows
# (their notifications, the flags they reported), so each member receives some of those.
VIEWERS: dict[str, tuple[Viewer, frozenset[Audience], frozenset[str] | None]] = {
    "anonymous": (Viewer(), frozenset({ANONYMOUS}), None),
    "customer": (Viewer(_member(1, Role.CUSTOMER)), frozenset({CUSTOMER, SELF}), None),
    "adviser": (Viewer(_member(3, Role.ADVISER)), frozenset({ADVISER, SELF}), None),
    "committee": (Viewer(_member(4, Role.COMMITTEE)), frozenset({COMMITTEE, SELF}), None),
    "chair": (
        Viewer(_member(5, Role.COMMITTEE, chair=True)),
        frozenset({COMMITTEE, CHAIR, SELF}),
        None,
    ),
    "partner[]": (_partner(), frozenset(), frozenset()),
    **{
        f"partner[{scope}]": (_partner(scope), frozenset(), frozenset({scope}))
        for scope in TokenScope.values
    },
    "partner[all]": (_partner(*TokenScope.values), frozenset(), frozenset(TokenScope.values)),
}

# The row scope of each type the table gives a reach (the root `Query` is no row).
SCOPES: dict[str, Callable[[Viewer], QuerySet[Any]]] = {
    "Member": rows.visible_members,
    "Category": rows.visible_categories,
    "Thread": rows.visible_threads,
    "Post": rows.visible_posts,
    "PostRevision": rows.visible_post_revisions,
    "Suggestion": rows.visible_suggestions,
    "StatusChange": rows.visible_status_changes,
    "Decision": rows.visible_decisions,
    "Evaluation": rows.visible_evaluations,
    "CommitteeMeeting": rows.visible_meetings,
    "Notification": rows.visible_notifications,
    "Flag": rows.visible_flags,
}


def test_every_type_with_a_reach_has_a_row_scope() -> None:
    reached = {
        name
        for name, access in matrix.TYPES.items()
        if access.reach is not None and name not in ("Query", "Subscription")
    }
    assert reached == set(SCOPES)


@pytest.mark.parametrize("viewer_name", sorted(VIEWERS))
@pytest.mark.parametrize("type_name", sorted(SCOPES))
def test_a_viewer_receives_rows_of_a_type_exactly_when_the_table_reaches_them(
    type_name: str, viewer_name: str
) -> None:
    viewer, audiences, scopes = VIEWERS[viewer_name]
    reach = matrix.reach_of(type_name)
    assert reach is not None
    scope = SCOPES[type_name](viewer)
    assert scope.model.__name__ == type_name
    # `.none()`: Django answers it without a query, and nothing passes.
    assert scope.query.is_empty() is not reach.allows(audiences, scopes)


def _where(qs: QuerySet[Any]) -> Any:
    return qs.query.where


HIDDEN_OR_OWN = Q(hidden_at__isnull=True) | Q(author_id=1)


@pytest.mark.parametrize(
    ("viewer_name", "shown"),
    [
        ("anonymous", Q(hidden_at__isnull=True)),
        ("customer", HIDDEN_OR_OWN),
        ("adviser", Q()),  # advisers receive hidden content too
        ("committee", Q(hidden_at__isnull=True) | Q(author_id=4)),
        ("chair", Q(hidden_at__isnull=True) | Q(author_id=5)),
        ("partner[all]", Q(hidden_at__isnull=True)),
    ],
)
def test_hidden_content_is_for_advisers_and_its_author(viewer_name: str, shown: Q) -> None:
    assert rows.shown_content(VIEWERS[viewer_name][0]) == shown


def test_a_member_receives_their_own_notifications_only() -> None:
    customer = VIEWERS["customer"][0]
    expected = Notification.objects.filter(recipient_id=1)
    assert _where(rows.visible_notifications(customer)) == _where(expected)


@pytest.mark.parametrize(
    ("viewer_name", "expected"),
    [
        ("customer", Flag.objects.filter(reporter_id=1)),
        ("committee", Flag.objects.filter(reporter_id=4)),
        ("adviser", Flag.objects.all()),
    ],
)
def test_flags_are_for_advisers_and_their_reporter(
    viewer_name: str, expected: QuerySet[Flag]
) -> None:
    assert _where(rows.visible_flags(VIEWERS[viewer_name][0])) == _where(expected)


@pytest.mark.parametrize(
    ("viewer_name", "expected"),
    [
        # Advisers receive every suggestion, so only drafts are taken out.
        ("adviser", Decision.objects.filter(published_at__isnull=False)),
        # For the rows of a page already found visible: drafts for the committee only.
        ("committee", Decision.objects.all()),
        ("chair", Decision.objects.all()),
        ("customer", Decision.objects.filter(published_at__isnull=False)),
        ("partner[all]", Decision.objects.filter(published_at__isnull=False)),
    ],
)
def test_draft_decisions_are_for_the_committee(
    viewer_name: str, expected: QuerySet[Decision]
) -> None:
    viewer = VIEWERS[viewer_name][0]
    found = rows.visible_decisions(viewer, of_visible_suggestions=True)
    assert _where(found) == _where(expected)


def test_a_token_without_suggestions_read_finds_no_suggestion_discussion() -> None:
    threads_only = VIEWERS[f"partner[{TokenScope.THREADS_READ}]"][0]
    expected = Thread.objects.filter(Q(hidden_at__isnull=True)).filter(suggestion__isnull=True)
    assert _where(rows.visible_threads(threads_only)) == _where(expected)


@pytest.mark.parametrize("viewer_name", ["adviser", "committee", "chair"])
def test_advisers_and_the_committee_receive_every_member(viewer_name: str) -> None:
    assert _where(rows.visible_members(VIEWERS[viewer_name][0])) == _where(Member.objects.all())
