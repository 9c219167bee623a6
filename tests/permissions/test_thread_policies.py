"""The threads' workflow and moderation policies, cell by cell (DESIGN §4)."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.utils import timezone

from models.models import Flag, FlagReason, Post, Thread, ThreadKind
from permissions import policies
from permissions.roles import Viewer
from tests.permissions.viewers import CUSTOMER, ROLES, VIEWERS

# A question, a reply and a flag that belong to CUSTOMER.
QUESTION = Thread(author=CUSTOMER, title="t", body="b", kind=ThreadKind.QUESTION)
REPLY = Post(author=CUSTOMER, body="x")
FLAG = Flag(reporter=CUSTOMER, reason=FlagReason.SPAM)
HIDDEN_REPLY = Post(author=CUSTOMER, body="x", hidden_at=timezone.now(), hidden_reason="Spam")

AUTHOR_OR_ADVISER = {"customer", "adviser"}
MEMBERS = set(ROLES) - {"anonymous"}

MATRIX: dict[str, tuple[Callable[[Viewer], bool], set[str]]] = {
    "manage own content (role)": (policies.can_manage_own_content, MEMBERS),
    "accept an answer": (lambda v: policies.can_accept_answer(v, QUESTION), AUTHOR_OR_ADVISER),
    "resolve a question": (lambda v: policies.can_resolve_thread(v, QUESTION), AUTHOR_OR_ADVISER),
    "close a thread": (lambda v: policies.can_close_thread(v, QUESTION), AUTHOR_OR_ADVISER),
    "reopen a thread": (lambda v: policies.can_reopen_thread(v, QUESTION), {"adviser"}),
    "edit a reply": (lambda v: policies.can_edit_post(v, REPLY), {"customer"}),
    "moderate": (policies.can_moderate, {"adviser"}),
    "reply in or edit within a locked thread": (
        policies.can_write_in_locked_thread,
        {"adviser"},
    ),
    "answer officially": (policies.can_answer_officially, {"adviser"}),
    "flag content": (policies.can_flag_content, MEMBERS),
    "view a flag": (lambda v: policies.can_view_flag(v, FLAG), AUTHOR_OR_ADVISER),
    "view why content was hidden": (
        lambda v: policies.can_view_hidden_reason(v, HIDDEN_REPLY),
        AUTHOR_OR_ADVISER,
    ),
}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("cell", sorted(MATRIX))
def test_policy_cell(cell: str, role: str) -> None:
    policy, allowed = MATRIX[cell]
    result = policy(VIEWERS[role])
    assert type(result) is bool
    assert result is (role in allowed)
