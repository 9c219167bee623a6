"""The pure policies, cell by cell (DESIGN §4)."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from models.models import Member, Role
from permissions import policies
from permissions.roles import ANONYMOUS, Viewer

ROLES = ["anonymous", "customer", "other_customer", "adviser", "committee", "chair"]


def _member(pk: int, role: Role, *, chair: bool = False) -> Member:
    return Member(
        pk=pk,
        username=f"m{pk}",
        display_name=f"M{pk}",
        role=role,
        is_committee_chair=chair,
        customer_number=f"C{pk:08d}" if role == Role.CUSTOMER else None,
    )


CUSTOMER = _member(1, Role.CUSTOMER)
VIEWERS = {
    "anonymous": ANONYMOUS,
    "customer": Viewer(CUSTOMER),
    "other_customer": Viewer(_member(2, Role.CUSTOMER)),
    "adviser": Viewer(_member(3, Role.ADVISER)),
    "committee": Viewer(_member(4, Role.COMMITTEE)),
    "chair": Viewer(_member(5, Role.COMMITTEE, chair=True)),
}

# policy → the roles it allows (about CUSTOMER's own data where it is about a member)
MATRIX: dict[str, tuple[Callable[[Viewer], bool], set[str]]] = {
    "member private fields of the customer": (
        lambda v: policies.can_view_member_private(v, CUSTOMER),
        {"customer", "adviser"},
    ),
    "member votes of the customer": (
        lambda v: policies.can_view_member_votes(v, CUSTOMER),
        {"customer", "adviser", "committee", "chair"},
    ),
    "viewerHasVoted": (policies.can_view_viewer_has_voted, set(ROLES) - {"anonymous"}),
    "voters": (policies.can_view_voters, {"adviser", "committee", "chair"}),
    "internal content": (policies.can_view_internal, {"adviser"}),
    "vote": (policies.can_vote, {"customer", "other_customer"}),
    "submit suggestion": (policies.can_submit_suggestion, {"customer", "other_customer"}),
    "create thread": (policies.can_create_thread, set(ROLES) - {"anonymous"}),
    "reply": (policies.can_reply_to_thread, set(ROLES) - {"anonymous"}),
    "internal note": (policies.can_post_internal_note, {"adviser"}),
    "committee internals": (policies.can_view_committee_internals, {"committee", "chair"}),
    "support figures": (policies.can_view_support_figures, {"adviser", "committee", "chair"}),
    "triage suggestions": (policies.can_triage_suggestions, {"adviser"}),
    "follow or comment": (policies.can_follow_suggestion, set(ROLES) - {"anonymous"}),
    "agendas": (policies.can_view_agenda, {"adviser", "committee", "chair"}),
    "score": (policies.can_score_suggestion, {"committee", "chair"}),
    "decide": (policies.can_decide, {"chair"}),
    "notifications of the customer": (
        lambda v: policies.can_view_notifications(v, CUSTOMER),
        {"customer"},
    ),
}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("cell", sorted(MATRIX))
def test_policy_cell(cell: str, role: str) -> None:
    policy, allowed = MATRIX[cell]
    result = policy(VIEWERS[role])
    assert type(result) is bool
    assert result is (role in allowed)


@pytest.mark.parametrize("role", ROLES)
def test_hidden_content_is_for_its_author_and_advisers(role: str) -> None:
    from django.utils import timezone

    from models.models import Post

    hidden = Post(author=CUSTOMER, body="x", hidden_at=timezone.now(), hidden_reason="Spam")
    shown = Post(author=CUSTOMER, body="x")
    assert policies.can_view_hidden(VIEWERS[role], hidden) is (role in {"customer", "adviser"})
    assert policies.can_view_hidden(VIEWERS[role], shown) is True
