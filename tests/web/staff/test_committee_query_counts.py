"""The committee's pages' SQL statements are constant in the number of agenda items (and of
meetings, evaluations and decisions): each page is rendered with few and with many rows,
and the counts are equal and pinned (as tests/web/test_query_counts.py)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import pytest
from django.utils import timezone

from models.models import (
    AgendaItem,
    CommitteeMeeting,
    Decision,
    DecisionOutcome,
    Evaluation,
    Member,
    Suggestion,
    SuggestionStatus,
)
from schema.core.ids import encode_id
from tests.factories import CommitteeFactory, CustomerFactory, SuggestionFactory, add_votes
from tests.web.conftest import Browser, same_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def meeting(chair: Member) -> CommitteeMeeting:
    return CommitteeMeeting.objects.create(
        title="Comité de mars", chair=chair, scheduled_for=timezone.now() + timedelta(days=7)
    )


def _items(meeting: CommitteeMeeting, n: int, scorers: list[Member], chair: Member) -> None:
    """n shortlisted ideas on the agenda, each voted for, scored by `scorers` and with a
    draft decision."""
    voters = CustomerFactory.create_batch(2)
    start = meeting.agenda_items.count()
    for i in range(n):
        idea = SuggestionFactory.create(status=SuggestionStatus.SHORTLISTED)
        add_votes(idea, voters)
        AgendaItem.objects.create(meeting=meeting, suggestion=idea, position=start + i)
        _scores(meeting, idea, scorers)
        Decision.objects.create(
            suggestion=idea,
            meeting=meeting,
            outcome=DecisionOutcome.RETAINED,
            target_period="2027 Q3",
            recorded_by=chair,
        )


def _scores(meeting: CommitteeMeeting, idea: Suggestion, scorers: list[Member]) -> None:
    Evaluation.objects.bulk_create(
        Evaluation(
            meeting=meeting,
            suggestion=idea,
            evaluator=member,
            customer_benefit=4,
            technical_feasibility=3,
            cost=3,
            time_to_deliver=2,
        )
        for member in scorers
    )


def test_meetings_list(adviser: Member, committee_member: Member, chair: Member) -> None:
    def make(n: int) -> str:
        for _ in range(n):
            meeting = CommitteeMeeting.objects.create(
                title="Comité", chair=chair, scheduled_for=timezone.now() + timedelta(days=3)
            )
            _items(meeting, 2, [chair], chair)
        return "/equipe/comite/"

    assert same_for(make, Browser(adviser)) == 8
    assert same_for(make, Browser(committee_member)) == 9


def test_agenda(
    adviser: Member, committee_member: Member, chair: Member, meeting: CommitteeMeeting
) -> None:
    path = f"/equipe/comite/{encode_id('CommitteeMeeting', meeting.pk)}/"

    def make(n: int) -> str:
        _items(meeting, n, [committee_member, chair], chair)
        return path

    assert same_for(make, Browser(adviser)) == 12
    # The member's own scores, the aggregate and the drafts: one statement more in all.
    assert same_for(make, Browser(committee_member)) == 13


def test_an_idea_on_the_agenda(
    adviser: Member, committee_member: Member, chair: Member, meeting: CommitteeMeeting
) -> None:
    idea = SuggestionFactory.create(status=SuggestionStatus.SHORTLISTED)
    AgendaItem.objects.create(meeting=meeting, suggestion=idea, position=0)
    _scores(meeting, idea, [committee_member])
    Decision.objects.create(
        suggestion=idea,
        meeting=meeting,
        outcome=DecisionOutcome.RETAINED,
        target_period="2027 Q3",
        recorded_by=chair,
    )
    tail = f"{encode_id('CommitteeMeeting', meeting.pk)}/idees/{encode_id('Suggestion', idea.pk)}/"

    def make(n: int) -> str:
        # More ideas on the agenda, more members' scores of this one.
        _items(meeting, n, [committee_member], chair)
        _scores(meeting, idea, CommitteeFactory.create_batch(n))
        return f"/equipe/comite/{tail}"

    # The dossier (CommitteeIdea) and the idea's place on the agenda (CommitteeItem); for a
    # member, their scores and the others' (with the evaluators) too.
    assert same_for(make, Browser(adviser)) == 16
    assert same_for(make, Browser(committee_member)) == 18

    def chair_page(page: str) -> Callable[[int], str]:
        def make_for_chair(n: int) -> str:
            _items(meeting, n, [chair], chair)
            return f"/equipe/comite/{tail}{page}"

        return make_for_chair

    # The chair's idea page reads their scores; the decision form and its preview do not.
    for page, statements in (("", 18), ("decision/", 16), ("decision/apercu/", 16)):
        assert same_for(chair_page(page), Browser(chair)) == statements, page
