"""`Suggestion.viewerStatusMoves` and `viewerCanMarkDuplicate`: what the status machine lets
the viewer do with a suggestion now. Advisers get their moves from every status; customers
and the committee none; anonymous visitors and partner tokens null without an error. The
moves listed are exactly those `changeSuggestionStatus` accepts."""

from __future__ import annotations

import pytest

from models.models import Member, Suggestion, SuggestionStatus, TokenScope
from tests.factories import SuggestionFactory, issue_token
from tests.graphql import GraphQLClient, gid

pytestmark = pytest.mark.django_db

S = SuggestionStatus

QUERY = (
    "query($id: ID!) { suggestion(id: $id) { status viewerStatusMoves viewerCanMarkDuplicate } }"
)

# status → (the adviser's moves, whether the adviser may merge it)
ADVISER = {
    S.SUBMITTED: (["UNDER_REVIEW"], True),
    S.UNDER_REVIEW: (["SHORTLISTED"], True),
    S.SHORTLISTED: ([], False),
    S.RETAINED: (["IN_PROGRESS"], False),
    S.DEFERRED: (["SHORTLISTED"], False),
    S.REJECTED: ([], False),
    S.IN_PROGRESS: (["DELIVERED"], False),
    S.DELIVERED: ([], False),
    S.DUPLICATE: ([], False),
    S.WITHDRAWN: ([], False),
}


def _suggestion(status: S, **fields: object) -> Suggestion:
    """A suggestion in `status` (a DUPLICATE points to its original)."""
    if status == S.DUPLICATE:
        fields["duplicate_of"] = SuggestionFactory.create()
    suggestion: Suggestion = SuggestionFactory.create(status=status, **fields)
    return suggestion


def test_every_status_is_covered() -> None:
    assert set(ADVISER) == set(S)


@pytest.mark.parametrize("status", list(S))
def test_an_adviser_reads_the_moves_of_every_status(
    adviser_client: GraphQLClient, status: S
) -> None:
    suggestion = _suggestion(status)
    moves, mergeable = ADVISER[status]
    assert adviser_client(QUERY, {"id": gid(suggestion)}) == {
        "data": {
            "suggestion": {
                "status": status.value,
                "viewerStatusMoves": moves,
                "viewerCanMarkDuplicate": mergeable,
            }
        }
    }


@pytest.mark.parametrize("who", ["customer", "committee", "chair"])
@pytest.mark.parametrize("status", [S.SUBMITTED, S.UNDER_REVIEW, S.DEFERRED, S.RETAINED])
def test_other_members_may_move_nothing(
    who: str, status: S, customer: Member, committee_member: Member, chair: Member
) -> None:
    member = {"customer": customer, "committee": committee_member, "chair": chair}[who]
    # Even the suggestion's own author.
    suggestion = SuggestionFactory.create(status=status, author=customer)
    assert GraphQLClient(member)(QUERY, {"id": gid(suggestion)}) == {
        "data": {
            "suggestion": {
                "status": status.value,
                "viewerStatusMoves": [],
                "viewerCanMarkDuplicate": False,
            }
        }
    }


def test_anonymous_visitors_and_partners_read_null_without_an_error(
    anonymous: GraphQLClient,
) -> None:
    suggestion = SuggestionFactory.create()
    _, secret = issue_token(TokenScope.SUGGESTIONS_READ)
    expected = {
        "data": {
            "suggestion": {
                "status": "SUBMITTED",
                "viewerStatusMoves": None,
                "viewerCanMarkDuplicate": None,
            }
        }
    }
    assert anonymous(QUERY, {"id": gid(suggestion)}) == expected
    partner = GraphQLClient(token=secret)(QUERY, {"id": gid(suggestion)})
    # Partners' answers also carry their rate limit.
    assert {k: v for k, v in partner.items() if k != "extensions"} == expected


@pytest.mark.parametrize("status", list(S))
def test_the_moves_listed_are_those_the_mutation_accepts(
    adviser_client: GraphQLClient, status: S
) -> None:
    """For every status, each target the list offers is accepted by changeSuggestionStatus
    and every other target refused."""
    listed = set(ADVISER[status][0])
    for target in S:
        suggestion = _suggestion(status)
        result = adviser_client(
            "mutation($id: ID!, $to: SuggestionStatus!) { changeSuggestionStatus(input: "
            "{suggestionId: $id, status: $to}) { errors { code } } }",
            {"id": gid(suggestion), "to": target.value},
        )
        accepted = result["data"]["changeSuggestionStatus"]["errors"] == []
        assert accepted == (target.value in listed), (status, target)


def test_the_moves_follow_the_status(adviser_client: GraphQLClient) -> None:
    suggestion = SuggestionFactory.create()
    adviser_client(
        "mutation($id: ID!) { changeSuggestionStatus(input: {suggestionId: $id, "
        "status: UNDER_REVIEW}) { errors { code } } }",
        {"id": gid(suggestion)},
    )
    assert adviser_client(QUERY, {"id": gid(suggestion)}) == {
        "data": {
            "suggestion": {
                "status": "UNDER_REVIEW",
                "viewerStatusMoves": ["SHORTLISTED"],
                "viewerCanMarkDuplicate": True,
            }
        }
    }
