"""SQL statements per request are constant in the page size (DESIGN §6).

Each test runs the same document for 10 and for 50 items: a resolver that starts querying
per row makes the two counts differ, and the pinned numbers catch any extra query.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from models.models import DecisionOutcome, Member
from schema.core.ids import encode_id
from tests.factories import (
    CustomerFactory,
    DecisionFactory,
    PostFactory,
    SuggestionFactory,
    ThreadFactory,
    add_votes,
)
from tests.graphql import GraphQLClient

pytestmark = pytest.mark.django_db

FRONT_PAGE = (
    "query($first: Int!) { suggestions(first: $first, orderBy: TOP) { edges { node { "
    "title voteCount viewerHasVoted author { displayName } latestDecision { outcome } } } } }"
)


def _queries(client: GraphQLClient, query: str, variables: dict[str, Any]) -> int:
    with CaptureQueriesContext(connection) as ctx:
        result = client(query, variables)
    assert "data" in result and result["data"] is not None
    return len(ctx.captured_queries)


@pytest.fixture
def sixty_suggestions(chair: Member) -> None:
    voters = CustomerFactory.create_batch(3)
    for i in range(60):
        # Each with its own author, so authors cannot be fetched once and reused.
        suggestion = SuggestionFactory.create()
        add_votes(suggestion, voters[: i % 4])
        if i % 3 == 0:
            DecisionFactory.create(
                suggestion=suggestion, outcome=DecisionOutcome.RETAINED, recorded_by=chair
            )


@pytest.mark.usefixtures("sixty_suggestions")
def test_front_page_for_anonymous_visitor() -> None:
    client = GraphQLClient()
    # the page with its authors, latest decisions (viewerHasVoted is null without a query)
    assert _queries(client, FRONT_PAGE, {"first": 10}) == 2
    assert _queries(client, FRONT_PAGE, {"first": 50}) == 2


@pytest.mark.usefixtures("sixty_suggestions")
def test_front_page_for_logged_in_customer(customer: Member) -> None:
    client = GraphQLClient(customer)
    # session, member, the page with its authors and the viewer's votes, latest decisions
    # (the target for the Labo's front page: at most 5)
    assert _queries(client, FRONT_PAGE, {"first": 10}) == 4
    assert _queries(client, FRONT_PAGE, {"first": 50}) == 4


@pytest.mark.usefixtures("sixty_suggestions")
def test_front_page_deeper_pages_cost_the_same(customer: Member) -> None:
    client = GraphQLClient(customer)
    query = (
        "query($first: Int!, $after: String) { suggestions(first: $first, after: $after) { "
        "pageInfo { endCursor } edges { node { title voteCount viewerHasVoted author { "
        "displayName } latestDecision { outcome } } } } }"
    )
    cursor = client(query, {"first": 10})["data"]["suggestions"]["pageInfo"]["endCursor"]
    assert _queries(client, query, {"first": 10, "after": cursor}) == 4


def test_front_page_through_fragments_and_aliases(customer: Member, chair: Member) -> None:
    # What the page fetches with its rows is read from the document, fragments included:
    # written with a named fragment, an inline fragment and aliases, the page costs the same.
    voted = SuggestionFactory.create(
        title="Voted", author=CustomerFactory.create(display_name="Ana")
    )
    decided = SuggestionFactory.create(
        title="Decided", author=CustomerFactory.create(display_name="Bob")
    )
    add_votes(voted, [customer, CustomerFactory.create()])
    DecisionFactory.create(
        suggestion=decided,
        outcome=DecisionOutcome.RETAINED,
        recorded_by=chair,
        published_at=timezone.now(),
    )
    query = (
        "query($first: Int!) { suggestions(first: $first, orderBy: TOP) { ...Page } } "
        "fragment Page on SuggestionConnection { edges { node { ... on Suggestion { "
        "name: title votes: voteCount mine: viewerHasVoted by: author { displayName } } "
        "decision: latestDecision { outcome } } } }"
    )
    client = GraphQLClient(customer)
    assert client(query, {"first": 10}) == {
        "data": {
            "suggestions": {
                "edges": [
                    {
                        "node": {
                            "name": "Voted",
                            "votes": 2,
                            "mine": True,
                            "by": {"displayName": "Ana"},
                            "decision": None,
                        }
                    },
                    {
                        "node": {
                            "name": "Decided",
                            "votes": 0,
                            "mine": False,
                            "by": {"displayName": "Bob"},
                            "decision": {"outcome": "RETAINED"},
                        }
                    },
                ]
            }
        }
    }
    # session, member, the page with its authors and the viewer's votes, latest decisions
    assert _queries(client, query, {"first": 10}) == 4


def test_suggestion_page(customer: Member, adviser: Member, chair: Member) -> None:
    from models.models import StatusChange, SuggestionStatus

    suggestion = SuggestionFactory.create(status=SuggestionStatus.RETAINED)
    for before, after in (("SUBMITTED", "UNDER_REVIEW"), ("UNDER_REVIEW", "SHORTLISTED")):
        StatusChange.objects.create(
            suggestion=suggestion, from_status=before, to_status=after, actor=adviser
        )
    DecisionFactory.create(
        suggestion=suggestion,
        outcome=DecisionOutcome.RETAINED,
        recorded_by=chair,
        published_at=timezone.now(),
    )
    discussion = ThreadFactory.create(suggestion=suggestion)
    for _ in range(55):
        PostFactory.create(thread=discussion, author=CustomerFactory.create())
    query = (
        "query($id: ID!, $first: Int!) { suggestion(id: $id) { title body status voteCount "
        "viewerHasVoted author { displayName } statusHistory { fromStatus toStatus actor { "
        "displayName } } comments(first: $first) { edges { node { body createdAt isOfficial "
        "author { displayName } } } } latestDecision { outcome publicRationale } } }"
    )
    client = GraphQLClient(customer)
    variables = {"id": encode_id("Suggestion", suggestion.pk)}
    # session, member, suggestion with its author, then in one round: the viewer's vote,
    # status history, latest decision, and the comments page with the comments' authors;
    # then the history's actors (advisers: their role shows them, no check of what they wrote)
    assert _queries(client, query, {**variables, "first": 10}) == 8
    assert _queries(client, query, {**variables, "first": 50}) == 8


def test_thread_page_with_posts(customer: Member, adviser: Member) -> None:
    thread = ThreadFactory.create()
    for i in range(60):
        PostFactory.create(thread=thread, author=adviser if i % 2 else CustomerFactory.create())
    query = (
        "query($id: ID!, $first: Int!) { thread(id: $id) { title author { displayName } "
        "category { name } posts(first: $first) { totalCount edges { node { body isOfficial "
        "author { displayName } } } } } }"
    )
    client = GraphQLClient(customer)
    variables = {"id": encode_id("Thread", thread.pk)}
    # session, member, thread with its author and category, then in one round: total count
    # and the posts page with the posts' authors
    assert _queries(client, query, {**variables, "first": 10}) == 5
    assert _queries(client, query, {**variables, "first": 50}) == 5


def test_thread_list(customer: Member) -> None:
    for _ in range(60):
        thread = ThreadFactory.create(last_activity_at=timezone.now())
        PostFactory.create(thread=thread)
    query = (
        "query($first: Int!) { threads(first: $first) { edges { node { title postCount "
        "author { displayName } category { name } } } } }"
    )
    client = GraphQLClient(customer)
    # session, member, page with its authors, post counts, categories
    assert _queries(client, query, {"first": 10}) == 5
    assert _queries(client, query, {"first": 50}) == 5


def _meeting_with_agenda(size: int, chair: Member, evaluators: list[Member]) -> str:
    from models.models import AgendaItem, CommitteeMeeting, Evaluation, SuggestionStatus

    meeting = CommitteeMeeting.objects.create(
        title=f"Comité {size}", chair=chair, scheduled_for=timezone.now()
    )
    for position in range(size):
        suggestion = SuggestionFactory.create(status=SuggestionStatus.SHORTLISTED)
        AgendaItem.objects.create(meeting=meeting, suggestion=suggestion, position=position)
        for evaluator in evaluators:
            Evaluation.objects.create(
                meeting=meeting,
                suggestion=suggestion,
                evaluator=evaluator,
                customer_benefit=4,
                technical_feasibility=3,
                cost=2,
                time_to_deliver=5,
            )
    return encode_id("CommitteeMeeting", meeting.pk)


def test_committee_agenda(committee_member: Member, chair: Member) -> None:
    query = (
        "query($id: ID!) { node(id: $id) { ... on CommitteeMeeting { title chair { displayName } "
        "agenda { position suggestion { title voteCount author { displayName } } "
        "evaluationSummary { count overall } evaluations { cost evaluator { displayName } } } } } }"
    )
    client = GraphQLClient(committee_member)
    small = _meeting_with_agenda(10, chair, [committee_member, chair])
    large = _meeting_with_agenda(50, chair, [committee_member, chair])
    # session, member, meeting, then chair + agenda, then suggestions with their authors +
    # evaluations, then the evaluators (vote counts come with the suggestions)
    assert _queries(client, query, {"id": small}) == _queries(client, query, {"id": large})
    assert _queries(client, query, {"id": large}) == 8


def test_notifications_inbox(customer: Member, chair: Member) -> None:
    from resolvers.services.notifications import DecisionPublished, notify

    for _ in range(60):
        decision = DecisionFactory.create(recorded_by=chair)
        event = DecisionPublished.event(decision=decision, actor=CustomerFactory.create())
        notify(recipient_ids=[customer.pk], event=event)
    query = (
        "query($first: Int!) { viewer { unreadNotificationCount notifications(first: $first) { "
        "edges { node { kind message actor { displayName } suggestion { title voteCount } } } } } }"
    )
    client = GraphQLClient(customer)
    # session, member, unread count, page, then actors and suggestions in the page's trip
    # (the texts are written from those same rows)
    assert _queries(client, query, {"first": 10}) == _queries(client, query, {"first": 50})
    assert _queries(client, query, {"first": 50}) == 6


def test_notifications_of_every_kind(customer: Member, adviser: Member, chair: Member) -> None:
    """Each kind refers to other rows (threads, replies, two suggestions): each kind of row
    is one query for the whole page, whatever its size, hidden rows included."""
    from models.models import StatusChange, SuggestionStatus
    from resolvers.services.notifications import (
        ContentHidden,
        DecisionPublished,
        NotificationEvent,
        OfficialAnswer,
        QuestionResolved,
        SuggestionMarkedDuplicate,
        SuggestionStatusChanged,
        notify,
    )

    now = timezone.now()
    hidden = {"hidden_at": now, "hidden_by": adviser, "hidden_reason": "Hors charte"}
    for i in range(10):
        question = ThreadFactory.create(author=customer)
        answer = PostFactory.create(thread=question, author=adviser, is_official=True)
        idea = SuggestionFactory.create(**(hidden if i % 2 else {}))
        mine = SuggestionFactory.create(author=customer)
        change = StatusChange.objects.create(
            suggestion=idea,
            from_status=SuggestionStatus.SUBMITTED,
            to_status=SuggestionStatus.UNDER_REVIEW,
            actor=adviser,
        )
        reply = PostFactory.create(author=customer, **hidden)
        events: list[NotificationEvent] = [
            OfficialAnswer.event(post=answer),
            QuestionResolved.event(thread=question, actor=adviser, at=now),
            SuggestionStatusChanged.event(change=change),
            DecisionPublished.event(
                decision=DecisionFactory.create(suggestion=idea, recorded_by=chair), actor=chair
            ),
            SuggestionMarkedDuplicate.event(duplicate=mine, original=idea, actor=adviser),
            ContentHidden.event(content=reply),
        ]
        for event in events:
            notify(recipient_ids=[customer.pk], event=event)
    query = (
        "query($first: Int!) { viewer { notifications(first: $first) { edges { node { kind "
        "message actor { displayName } suggestion { title voteCount } thread { title } "
        "post { body } } } } } }"
    )
    client = GraphQLClient(customer)
    # session, member, page, then members, suggestions, threads and replies in the page's trip
    assert _queries(client, query, {"first": 10}) == _queries(client, query, {"first": 50})
    assert _queries(client, query, {"first": 50}) == 7
