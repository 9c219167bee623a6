"""The idea lab's lifecycle through /graphql: status machine, duplicates, follows, comments."""

from __future__ import annotations

import pytest
from django.utils import timezone

from models.models import (
    AuditEvent,
    Decision,
    DecisionOutcome,
    Follow,
    Member,
    Notification,
    NotificationKind,
    Post,
    StatusChange,
    Suggestion,
    SuggestionStatus,
    Thread,
    Vote,
)
from schema.core.ids import encode_id
from tests.conftest import GraphQLClient, notifications
from tests.factories import CategoryFactory, CustomerFactory, SuggestionFactory, add_votes

pytestmark = pytest.mark.django_db

S = SuggestionStatus

CHANGE = (
    "mutation($id: ID!, $status: SuggestionStatus!, $note: String!) { changeSuggestionStatus("
    "input: {suggestionId: $id, status: $status, publicNote: $note}) { suggestion { status "
    "statusHistory { fromStatus toStatus publicNote actor { displayName } } } "
    "errors { code message field } } }"
)
DUPLICATE = (
    "mutation($id: ID!, $original: ID!) { markSuggestionDuplicate(input: {suggestionId: $id, "
    "originalId: $original}) { suggestion { status voteCount duplicateOf { title } } "
    "original { title voteCount } errors { code message field } } }"
)


def _gid(suggestion: Suggestion) -> str:
    return encode_id("Suggestion", suggestion.pk)


def _change(client: GraphQLClient, suggestion: Suggestion, status: str, note: str = "") -> dict:
    result: dict = client(CHANGE, {"id": _gid(suggestion), "status": status, "note": note})
    return result


# Every (from, to) pair an adviser may ask for, and what the machine answers.
LEGAL = {
    (S.SUBMITTED, S.UNDER_REVIEW),
    (S.UNDER_REVIEW, S.SHORTLISTED),
    (S.DEFERRED, S.SHORTLISTED),
    (S.RETAINED, S.IN_PROGRESS),
    (S.IN_PROGRESS, S.DELIVERED),
}
DECIDED_BY_COMMITTEE = {S.RETAINED, S.DEFERRED, S.REJECTED}


@pytest.mark.parametrize("to_status", list(S))
@pytest.mark.parametrize("from_status", [s for s in S if s != S.DUPLICATE])
def test_every_transition_asked_by_an_adviser(
    adviser_client: GraphQLClient, adviser: Member, from_status: S, to_status: S
) -> None:
    suggestion = SuggestionFactory.create(status=from_status)
    result = _change(adviser_client, suggestion, to_status.value, "Note publique")
    payload = result["data"]["changeSuggestionStatus"]
    suggestion.refresh_from_db()
    if (from_status, to_status) in LEGAL:
        assert payload == {
            "suggestion": {
                "status": to_status.value,
                "statusHistory": [
                    {
                        "fromStatus": from_status.value,
                        "toStatus": to_status.value,
                        "publicNote": "Note publique",
                        "actor": {"displayName": adviser.display_name},
                    }
                ],
            },
            "errors": [],
        }
        assert suggestion.status == to_status
        assert (
            AuditEvent.objects.filter(
                action="suggestion.change_status", actor=adviser, target_id=str(suggestion.pk)
            ).count()
            == 1
        )
        return
    if to_status in DECIDED_BY_COMMITTEE:
        error = {
            "code": "DECISION_REQUIRED",
            "message": f"Only a published committee decision makes a suggestion {to_status.label}.",
            "field": "status",
        }
    elif to_status == S.DUPLICATE:
        error = {
            "code": "USE_MARK_DUPLICATE",
            "message": "Use markSuggestionDuplicate to merge a suggestion into another.",
            "field": "status",
        }
    else:
        error = {
            "code": "ILLEGAL_TRANSITION",
            "message": f"A suggestion cannot go from {from_status.label} to {to_status.label}.",
            "field": "status",
        }
    assert payload == {"suggestion": None, "errors": [error]}
    assert suggestion.status == from_status
    assert StatusChange.objects.count() == 0
    assert AuditEvent.objects.count() == 0


def test_followers_are_told_of_a_status_change(
    adviser_client: GraphQLClient, adviser: Member, customer: Member
) -> None:
    suggestion = SuggestionFactory.create(title="Relevés en PDF")
    Follow.objects.create(member=customer, suggestion=suggestion)
    Follow.objects.create(member=suggestion.author, suggestion=suggestion)
    _change(adviser_client, suggestion, "UNDER_REVIEW")
    change = StatusChange.objects.get()
    assert sorted(notifications("recipient_id", "kind", "event_key")) == sorted(
        (
            member.pk,
            NotificationKind.SUGGESTION_STATUS_CHANGED,
            f"status_change:{change.pk}",
            "« Relevés en PDF » : Proposée → En cours d'étude.",
        )
        for member in (customer, suggestion.author)
    )


def test_status_change_bad_input_and_roles(
    adviser_client: GraphQLClient, customer_client: GraphQLClient, committee_client: GraphQLClient
) -> None:
    suggestion = SuggestionFactory.create()
    assert _change(adviser_client, suggestion, "UNDER_REVIEW", "x" * 2001)["data"] == {
        "changeSuggestionStatus": {
            "suggestion": None,
            "errors": [
                {
                    "code": "TOO_LONG",
                    "message": "The public note must be at most 2000 characters.",
                    "field": "publicNote",
                }
            ],
        }
    }
    missing = adviser_client(
        CHANGE, {"id": encode_id("Suggestion", 9999), "status": "UNDER_REVIEW", "note": ""}
    )
    assert missing["data"]["changeSuggestionStatus"]["errors"] == [
        {"code": "NOT_FOUND", "message": "No such suggestion.", "field": "suggestionId"}
    ]
    for client in (customer_client, committee_client):
        result = _change(client, suggestion, "UNDER_REVIEW")
        assert result["data"] == {"changeSuggestionStatus": None}
        assert result["errors"][0]["extensions"] == {"code": "FORBIDDEN"}
        assert result["errors"][0]["message"] == "Only advisers triage suggestions."
    anonymous = _change(GraphQLClient(), suggestion, "UNDER_REVIEW")
    assert anonymous["errors"][0]["extensions"] == {"code": "UNAUTHENTICATED"}
    suggestion.refresh_from_db()
    assert suggestion.status == S.SUBMITTED
    assert StatusChange.objects.count() == 0


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
    result = adviser_client(DUPLICATE, {"id": _gid(duplicate), "original": _gid(original)})
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
        result = adviser_client(DUPLICATE, {"id": _gid(dup), "original": _gid(orig)})
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


def test_follow_and_unfollow(customer_client: GraphQLClient, customer: Member) -> None:
    suggestion = SuggestionFactory.create()
    follow = (
        "mutation($id: ID!) { followSuggestion(input: {suggestionId: $id}) { "
        "suggestion { viewerIsFollowing } errors { code message field } } }"
    )
    unfollow = follow.replace("followSuggestion", "unfollowSuggestion")
    variables = {"id": _gid(suggestion)}
    assert customer_client(follow, variables) == {
        "data": {"followSuggestion": {"suggestion": {"viewerIsFollowing": True}, "errors": []}}
    }
    assert customer_client(follow, variables)["data"]["followSuggestion"]["errors"] == [
        {
            "code": "ALREADY_FOLLOWING",
            "message": "You already follow this suggestion.",
            "field": "suggestionId",
        }
    ]
    assert Follow.objects.filter(member=customer).count() == 1
    assert customer_client(unfollow, variables) == {
        "data": {"unfollowSuggestion": {"suggestion": {"viewerIsFollowing": False}, "errors": []}}
    }
    assert (
        customer_client(unfollow, variables)["data"]["unfollowSuggestion"]["errors"][0]["code"]
        == "NOT_FOLLOWING"
    )
    assert Follow.objects.count() == 0
    anonymous = GraphQLClient()(follow, variables)
    assert anonymous["errors"][0]["extensions"] == {"code": "UNAUTHENTICATED"}


def test_comments_open_the_discussion_in_le_labo(
    customer_client: GraphQLClient, adviser_client: GraphQLClient, adviser: Member
) -> None:
    CategoryFactory.create(name="Le Labo", slug="le-labo", accepts_threads=False)
    suggestion = SuggestionFactory.create(title="Carte virtuelle", body="Pour payer en ligne.")
    comment = (
        "mutation($id: ID!, $body: String!) { commentOnSuggestion(input: {suggestionId: $id, "
        "body: $body}) { comment { body isOfficial } errors { code message field } } }"
    )
    assert customer_client(comment, {"id": _gid(suggestion), "body": " Oui ! "}) == {
        "data": {
            "commentOnSuggestion": {"comment": {"body": "Oui !", "isOfficial": False}, "errors": []}
        }
    }
    assert adviser_client(comment, {"id": _gid(suggestion), "body": "À l'étude."})["data"][
        "commentOnSuggestion"
    ] == {"comment": {"body": "À l'étude.", "isOfficial": True}, "errors": []}
    assert Thread.objects.count() == 1
    discussion = Thread.objects.get()
    assert (discussion.category.slug, discussion.title, discussion.suggestion_id) == (
        "le-labo",
        "Carte virtuelle",
        suggestion.pk,
    )
    read = customer_client(
        "query($id: ID!) { suggestion(id: $id) { discussion { title } comments(first: 10) { "
        "totalCount edges { node { body author { displayName } } } } } }",
        {"id": _gid(suggestion)},
    )
    assert read == {
        "data": {
            "suggestion": {
                "discussion": {"title": "Carte virtuelle"},
                "comments": {
                    "totalCount": 2,
                    "edges": [
                        {"node": {"body": "Oui !", "author": {"displayName": "Claire"}}},
                        {
                            "node": {
                                "body": "À l'étude.",
                                "author": {"displayName": adviser.display_name},
                            }
                        },
                    ],
                },
            }
        }
    }
    blank = customer_client(comment, {"id": _gid(suggestion), "body": "  "})
    assert blank["data"]["commentOnSuggestion"] == {
        "comment": None,
        "errors": [{"code": "BLANK", "message": "The message must not be empty.", "field": "body"}],
    }
    assert Post.objects.count() == 2


def test_a_hidden_suggestion_takes_its_discussion_and_decisions_along(
    customer_client: GraphQLClient,
    other_customer_client: GraphQLClient,
    adviser_client: GraphQLClient,
    customer: Member,
    adviser: Member,
    chair: Member,
) -> None:
    labo = CategoryFactory.create(name="Le Labo", slug="le-labo", accepts_threads=False)
    suggestion = SuggestionFactory.create(author=customer, title="Secret XYZZY", body="PLUGH")
    customer_client(
        'mutation($id: ID!) { commentOnSuggestion(input: {suggestionId: $id, body: "Oui"}) '
        "{ errors { code } } }",
        {"id": _gid(suggestion)},
    )
    decision = Decision.objects.create(
        suggestion=suggestion,
        outcome=DecisionOutcome.REJECTED,
        public_rationale="PLUGH",
        recorded_by=chair,
        published_at=timezone.now(),
    )
    Suggestion.objects.filter(pk=suggestion.pk).update(
        hidden_at=timezone.now(), hidden_by=adviser, hidden_reason="Données personnelles"
    )
    query = (
        "query($c: ID!, $d: ID!, $p: ID!) { threads(categoryId: $c) { totalCount edges { node "
        "{ title } } } decision: node(id: $d) { id } post: node(id: $p) { id } }"
    )
    variables = {
        "c": encode_id("Category", labo.pk),
        "d": encode_id("Decision", decision.pk),
        "p": encode_id("Post", Post.objects.get().pk),
    }
    nothing = {"data": {"threads": {"totalCount": 0, "edges": []}, "decision": None, "post": None}}
    assert GraphQLClient()(query, variables) == nothing
    assert other_customer_client(query, variables) == nothing
    for client in (customer_client, adviser_client):  # its author and advisers still see it
        result = client(query, variables)["data"]
        assert result["threads"] == {
            "totalCount": 1,
            "edges": [{"node": {"title": "Secret XYZZY"}}],
        }
        assert result["decision"] == {"id": variables["d"]}
        assert result["post"] == {"id": variables["p"]}


def test_a_hidden_suggestions_news_reaches_its_author_only(
    adviser_client: GraphQLClient, adviser: Member, customer: Member
) -> None:
    suggestion = SuggestionFactory.create(
        hidden_at=timezone.now(), hidden_by=adviser, hidden_reason="Données personnelles"
    )
    Follow.objects.create(member=customer, suggestion=suggestion)
    Follow.objects.create(member=suggestion.author, suggestion=suggestion)
    _change(adviser_client, suggestion, "UNDER_REVIEW")
    assert list(Notification.objects.values_list("recipient_id", flat=True)) == [
        suggestion.author_id
    ]


def test_no_merge_into_a_closed_original(adviser_client: GraphQLClient) -> None:
    original = SuggestionFactory.create(title="Refusée", status=S.REJECTED)
    duplicate = SuggestionFactory.create()
    result = adviser_client(DUPLICATE, {"id": _gid(duplicate), "original": _gid(original)})
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


def test_a_vote_shows_the_follow_it_makes_in_the_same_document(
    customer_client: GraphQLClient,
) -> None:
    suggestion = SuggestionFactory.create()
    # The first mutation reads "not following"; the vote that follows makes the follow, and
    # its payload says so (the value read first is not served again).
    document = (
        "mutation($id: ID!) { "
        "before: unfollowSuggestion(input: {suggestionId: $id}) { suggestion { "
        "viewerIsFollowing } } "
        "vote: voteForSuggestion(input: {suggestionId: $id}) { suggestion { voteCount "
        "viewerHasVoted viewerIsFollowing } errors { code } } }"
    )
    assert customer_client(document, {"id": _gid(suggestion)}) == {
        "data": {
            "before": {"suggestion": {"viewerIsFollowing": False}},
            "vote": {
                "suggestion": {"voteCount": 1, "viewerHasVoted": True, "viewerIsFollowing": True},
                "errors": [],
            },
        }
    }
