"""`markSuggestionDuplicate`: votes move to the original without counting anyone twice; what
may not be merged, and into what."""

from __future__ import annotations

import pytest

from models.models import (
    AuditEvent,
    Follow,
    Member,
    Notification,
    NotificationKind,
    StatusChange,
    Suggestion,
    SuggestionStatus,
    Vote,
)
from tests.factories import CustomerFactory, SuggestionFactory, add_votes
from tests.graphql import GraphQLClient, gid

pytestmark = pytest.mark.django_db

S = SuggestionStatus

DUPLICATE = (
    "mutation($id: ID!, $original: ID!) { markSuggestionDuplicate(input: {suggestionId: $id, "
    "originalId: $original}) { suggestion { status voteCount duplicateOf { title } } "
    "original { title voteCount } errors { code message field } } }"
)


def test_mark_duplicate_moves_votes_without_counting_anyone_twice(
    adviser_client: GraphQLClient, adviser: Member
) -> None:
    original = SuggestionFactory.create(title="Original")
    duplicate = SuggestionFactory.create(title="Doublon", status=S.UNDER_REVIEW)
    both = CustomerFactory.create_batch(3)
    only_duplicate = CustomerFactory.create_batch(2)
    only_original = CustomerFactory.create_batch(4)
    add_votes(original, both + only_original)
    add_votes(duplicate, both + only_duplicate)
    for member in both + only_duplicate:
        Follow.objects.create(member=member, suggestion=duplicate)
    result = adviser_client(DUPLICATE, {"id": gid(duplicate), "original": gid(original)})
    assert result == {
        "data": {
            "markSuggestionDuplicate": {
                "suggestion": {
                    "status": "DUPLICATE",
                    "voteCount": 0,
                    "duplicateOf": {"title": "Original"},
                },
                "original": {"title": "Original", "voteCount": 9},
                "errors": [],
            }
        }
    }
    original.refresh_from_db()
    duplicate.refresh_from_db()
    assert (original.vote_count, Vote.objects.filter(suggestion=original).count()) == (9, 9)
    assert (duplicate.vote_count, Vote.objects.filter(suggestion=duplicate).count()) == (0, 0)
    assert set(Vote.objects.filter(suggestion=original).values_list("member_id", flat=True)) == {
        m.pk for m in both + only_duplicate + only_original
    }
    assert set(Follow.objects.filter(suggestion=original).values_list("member_id", flat=True)) == {
        m.pk for m in both + only_duplicate
    }
    assert not Follow.objects.filter(suggestion=duplicate).exists()
    # The duplicate's author, voters and followers are told once each.
    told = Notification.objects.filter(kind=NotificationKind.SUGGESTION_MARKED_DUPLICATE)
    assert sorted(told.values_list("recipient_id", flat=True)) == sorted(
        [duplicate.author_id, *(m.pk for m in both + only_duplicate)]
    )
    assert set(told.values_list("event_key", flat=True)) == {f"duplicate:{duplicate.pk}"}
    change = StatusChange.objects.get(suggestion=duplicate)
    assert (change.from_status, change.to_status, change.public_note) == (
        "UNDER_REVIEW",
        "DUPLICATE",
        "Fusionnée avec une autre idée.",
    )
    assert AuditEvent.objects.filter(action="suggestion.mark_duplicate").count() == 1


def test_mark_duplicate_refusals(adviser_client: GraphQLClient) -> None:
    original = SuggestionFactory.create()
    decided = SuggestionFactory.create(status=S.SHORTLISTED)
    earlier_duplicate = SuggestionFactory.create(status=S.DUPLICATE, duplicate_of=original)
    fresh = SuggestionFactory.create()

    def errors(dup: Suggestion, orig: Suggestion) -> list[dict[str, str]]:
        result = adviser_client(DUPLICATE, {"id": gid(dup), "original": gid(orig)})
        payload = result["data"]["markSuggestionDuplicate"]
        assert payload["suggestion"] is None
        return payload["errors"]

    assert errors(fresh, fresh) == [
        {
            "code": "SAME_SUGGESTION",
            "message": "A suggestion cannot duplicate itself.",
            "field": "originalId",
        }
    ]
    assert errors(decided, original) == [
        {
            "code": "ALREADY_DECIDED",
            "message": "Only a submitted or under-review suggestion can be marked duplicate "
            "(this one is Présentée au comité).",
            "field": "suggestionId",
        }
    ]
    # Merging into a duplicate would start a chain (and could close a cycle).
    assert errors(fresh, earlier_duplicate) == [
        {
            "code": "ORIGINAL_IS_DUPLICATE",
            "message": "The original is itself a duplicate: merge into the suggestion it "
            "duplicates.",
            "field": "originalId",
        }
    ]
    # A cycle: the original back into its own duplicate.
    assert errors(original, earlier_duplicate)[0]["code"] == "ORIGINAL_IS_DUPLICATE"
    assert set(Suggestion.objects.values_list("status", flat=True)) == {
        "SUBMITTED",
        "SHORTLISTED",
        "DUPLICATE",
    }
    assert StatusChange.objects.count() == 0


def test_no_merge_into_a_closed_original(adviser_client: GraphQLClient) -> None:
    original = SuggestionFactory.create(title="Refusée", status=S.REJECTED)
    duplicate = SuggestionFactory.create()
    result = adviser_client(DUPLICATE, {"id": gid(duplicate), "original": gid(original)})
    assert result["data"]["markSuggestionDuplicate"] == {
        "suggestion": None,
        "original": None,
        "errors": [
            {
                "code": "ORIGINAL_CLOSED",
                "message": "Voting is closed on the original (Non retenue): merge into an "
                "open suggestion.",
                "field": "originalId",
            }
        ],
    }
    duplicate.refresh_from_db()
    assert duplicate.status == S.SUBMITTED
