"""The pure policies, cell by cell (DESIGN §4)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from models.models import Member, Role, Suggestion, TokenScope, WebhookEventType
from permissions import policies
from permissions.roles import PartnerAccess, Viewer
from tests.permissions.viewers import ALL_ROLES, CUSTOMER, PARTNERS, ROLES, VIEWERS

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
    "viewer-relative fields": (policies.has_member_viewer, set(ROLES) - {"anonymous"}),
    "voters": (policies.can_view_voters, {"adviser", "committee", "chair"}),
    "internal content": (policies.can_view_internal, {"adviser"}),
    "vote": (policies.can_vote, {"customer", "other_customer"}),
    "submit suggestion": (policies.can_submit_suggestion, {"customer", "other_customer"}),
    "edit or withdraw one's suggestions": (
        policies.can_manage_own_suggestions,
        {"customer", "other_customer"},
    ),
    "edit or withdraw the customer's suggestion": (
        lambda v: policies.can_manage_suggestion(v, Suggestion(pk=1, author=CUSTOMER)),
        {"customer"},
    ),
    "create thread": (policies.can_create_thread, set(ROLES) - {"anonymous"}),
    "reply": (policies.can_reply_to_thread, set(ROLES) - {"anonymous"}),
    "internal note": (policies.can_post_internal_note, {"adviser"}),
    "committee internals": (policies.can_view_committee_internals, {"committee", "chair"}),
    "support figures": (
        policies.can_view_support_figures,
        {"adviser", "committee", "chair", "partner"},
    ),
    "triage suggestions": (policies.can_triage_suggestions, {"adviser"}),
    "follow or comment": (policies.can_follow_suggestion, set(ROLES) - {"anonymous"}),
    "follow a thread": (policies.can_follow_thread, set(ROLES) - {"anonymous"}),
    "agendas": (policies.can_view_agenda, {"adviser", "committee", "chair"}),
    "score": (policies.can_score_suggestion, {"committee", "chair"}),
    "the others' evaluations of an item the viewer scored": (
        lambda v: policies.can_view_others_evaluations(v, has_scored=True),
        {"committee", "chair"},
    ),
    # Before scoring, nobody: every member, the chair included, scores independently.
    "the others' evaluations of an item the viewer has not scored": (
        lambda v: policies.can_view_others_evaluations(v, has_scored=False),
        set(),
    ),
    "decide": (policies.can_decide, {"chair"}),
    "notifications of the customer": (
        lambda v: policies.can_view_notifications(v, CUSTOMER),
        {"customer"},
    ),
    # Partners: read-only, no viewer, each scope what it opens (others are not concerned).
    "mutations": (policies.can_mutate, set(ROLES)),
    "what suggestions:read opens": (
        lambda v: policies.can_partner_read(v, TokenScope.SUGGESTIONS_READ),
        {*ROLES, "partner"},
    ),
    "what suggestions:read or threads:read opens": (
        lambda v: policies.can_partner_read_any(
            v, (TokenScope.SUGGESTIONS_READ, TokenScope.THREADS_READ)
        ),
        {*ROLES, "partner"},
    ),
    # Webhooks: partners only, for the event types their scopes open.
    "webhook events of decisions": (
        lambda v: policies.can_partner_receive_event(v, "decision.published"),
        {"partner"},
    ),
    "webhook events of an unknown type": (
        lambda v: policies.can_partner_receive_event(v, "member.erased"),
        set(),
    ),
}


@pytest.mark.parametrize("role", ALL_ROLES)
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


@pytest.mark.parametrize("debug", [False, True])
@pytest.mark.parametrize("role", [*ALL_ROLES, "staff"])
def test_introspection_is_for_staff_and_partners_unless_debug(
    role: str, debug: bool, settings: Any
) -> None:
    settings.DEBUG = debug
    viewer = VIEWERS.get(role) or Viewer(Member(pk=9, role=Role.ADVISER, is_staff=True))
    result = policies.can_introspect(viewer)
    assert type(result) is bool
    assert result is (debug or role in {"staff", *PARTNERS})


@pytest.mark.parametrize("event_type", sorted(WebhookEventType.values))
def test_each_webhook_event_type_needs_the_one_scope_of_its_subject(event_type: str) -> None:
    scope = policies.WEBHOOK_EVENT_SCOPES[event_type]
    for scopes in ({scope}, set(TokenScope.values) - {scope}):
        viewer = Viewer(partner=PartnerAccess(1, "Presse", frozenset(scopes)))
        assert policies.can_partner_receive_event(viewer, event_type) is (scope in scopes)
