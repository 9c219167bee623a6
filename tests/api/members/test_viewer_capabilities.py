"""`viewer { capabilities }`: what the front end may offer each role, through /graphql."""

from __future__ import annotations

from typing import Any

import pytest

from models.models import Member
from permissions import policies
from permissions.roles import ANONYMOUS, Viewer
from schema.core.ids import encode_id
from schema.members import Capabilities
from tests.factories import PASSWORD, AdviserFactory
from tests.graphql import GraphQLClient

pytestmark = pytest.mark.django_db

FIELDS = (
    "canVote canSubmitSuggestion canCreateThread canFlagContent canPostInternalNote "
    "canModerate canTriage canViewAgenda canViewSupportFigures canScore canDecide"
)
VIEWER = "{ viewer { displayName role capabilities { " + FIELDS + " } } }"


def _caps(**true: bool) -> dict[str, bool]:
    names = FIELDS.split()
    unknown = set(true) - set(names)
    assert not unknown, unknown
    return {name: true.get(name, False) for name in names}


MEMBER = {"canCreateThread": True, "canFlagContent": True}
CUSTOMER = _caps(canVote=True, canSubmitSuggestion=True, **MEMBER)
ADVISER = _caps(
    canPostInternalNote=True,
    canModerate=True,
    canTriage=True,
    canViewAgenda=True,
    canViewSupportFigures=True,
    **MEMBER,
)
COMMITTEE = _caps(canViewAgenda=True, canViewSupportFigures=True, canScore=True, **MEMBER)
CHAIR = {**COMMITTEE, "canDecide": True}


def test_anonymous_visitors_have_no_viewer(anonymous: GraphQLClient) -> None:
    assert anonymous(VIEWER) == {"data": {"viewer": None}}


@pytest.mark.parametrize(
    ("client", "name", "role", "capabilities"),
    [
        ("customer_client", "Claire", "CUSTOMER", CUSTOMER),
        ("adviser_client", "Julien (conseiller)", "ADVISER", ADVISER),
        ("committee_client", "Sophie (comité)", "COMMITTEE", COMMITTEE),
        ("chair_client", "Hélène (présidente)", "COMMITTEE", CHAIR),
    ],
)
def test_each_role_sees_its_capabilities(
    request: pytest.FixtureRequest,
    client: str,
    name: str,
    role: str,
    capabilities: dict[str, bool],
) -> None:
    result = request.getfixturevalue(client)(VIEWER)
    assert result == {
        "data": {"viewer": {"displayName": name, "role": role, "capabilities": capabilities}}
    }


def test_staff_is_no_role_of_its_own(db: None) -> None:
    # is_staff opens the back office and GraphiQL, not community actions.
    staff = AdviserFactory.create(display_name="Staff", is_staff=True, is_superuser=True)
    result = GraphQLClient(staff)(VIEWER)
    assert result["data"]["viewer"]["capabilities"] == ADVISER


def test_capabilities_are_the_members_own(
    customer_client: GraphQLClient,
    adviser_client: GraphQLClient,
    customer: Member,
    adviser: Member,
) -> None:
    query = (
        "query($id: ID!) { node(id: $id) { ... on Member { displayName "
        "capabilities { canVote } } } }"
    )
    for client, other in ((customer_client, adviser), (adviser_client, customer)):
        assert client(query, {"id": encode_id("Member", other.pk)}) == {
            "data": {"node": {"displayName": other.display_name, "capabilities": None}},
            "errors": [
                {
                    "message": "You are not allowed to read this field.",
                    "locations": [{"line": 1, "column": 63}],
                    "path": ["node", "capabilities"],
                    "extensions": {"code": "FORBIDDEN"},
                }
            ],
        }


def test_login_answers_with_the_new_members_capabilities(customer: Member) -> None:
    query = (
        'mutation($p: String!) { login(input: {username: "claire", password: $p}) { '
        "viewer { capabilities { canVote canModerate canScore canDecide } } } }"
    )
    assert GraphQLClient()(query, {"p": PASSWORD}) == {
        "data": {
            "login": {
                "viewer": {
                    "capabilities": {
                        "canVote": True,
                        "canModerate": False,
                        "canScore": False,
                        "canDecide": False,
                    }
                }
            }
        }
    }


def test_each_flag_is_its_policy(
    customer: Member, adviser: Member, committee_member: Member, chair: Member
) -> None:
    """No rule of its own: every flag is the policy the API checks for that action."""
    policy_of = {
        "can_vote": policies.can_vote,
        "can_submit_suggestion": policies.can_submit_suggestion,
        "can_create_thread": policies.can_create_thread,
        "can_flag_content": policies.can_flag_content,
        "can_post_internal_note": policies.can_post_internal_note,
        "can_moderate": policies.can_moderate,
        "can_triage": policies.can_triage_suggestions,
        "can_view_agenda": policies.can_view_agenda,
        "can_view_support_figures": policies.can_view_support_figures,
        "can_score": policies.can_score_suggestion,
        "can_decide": policies.can_decide,
    }
    declared = {f.python_name for f in Capabilities.__strawberry_definition__.fields}  # type: ignore[attr-defined]
    assert declared == set(policy_of)
    for viewer in (ANONYMOUS, *(Viewer(m) for m in (customer, adviser, committee_member, chair))):
        capabilities: Any = Capabilities.of(viewer)
        assert {name: getattr(capabilities, name) for name in policy_of} == {
            name: policy(viewer) for name, policy in policy_of.items()
        }
