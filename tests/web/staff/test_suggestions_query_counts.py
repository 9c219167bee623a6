"""The triage pages' SQL statements are constant in their list sizes (DESIGN §6), as
tests/web/test_query_counts.py pins the community's pages: each page is rendered with few
and with many rows, and the counts are equal and pinned."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from models.models import AgendaItem, CommitteeMeeting, Member, SuggestionStatus
from schema.core.ids import encode_id
from tests.factories import CustomerFactory, SuggestionFactory, add_votes
from tests.web.conftest import Browser, same_for

pytestmark = pytest.mark.django_db

S = SuggestionStatus


@pytest.fixture
def julien(adviser: Member) -> Browser:
    return Browser(adviser)


def _ideas(n: int, status: S, title: str = "Virement", votes: int = 2) -> list[Any]:
    voters = CustomerFactory.create_batch(votes)
    ideas = SuggestionFactory.create_batch(n, status=status, title=f"{title} instantané")
    for idea in ideas:
        add_votes(idea, voters)
    return ideas


def test_the_queue(julien: Browser, settings: Any) -> None:
    settings.COMPTOIR_REVIEW_THRESHOLD = 2

    def make(n: int) -> str:
        _ideas(n, S.SUBMITTED)
        _ideas(n, S.UNDER_REVIEW)
        return "/equipe/labo/"

    # The session and the adviser; the unread notifications, counted by the gate's Header
    # and again by the page's document; the two lists and their counts.
    assert same_for(make, julien) == 8


def test_an_ideas_triage_page_with_its_picker_and_meetings(julien: Browser, chair: Member) -> None:
    idea = SuggestionFactory.create(title="Virement instantané gratuit")
    path = f"/equipe/labo/idees/{encode_id('Suggestion', idea.pk)}/?q=virement"

    def make(n: int) -> str:
        _ideas(n, S.SUBMITTED)
        for i in range(n):
            CommitteeMeeting.objects.create(
                title=f"Comité {i}",
                scheduled_for=timezone.now() + timedelta(days=i + 1),
                chair=chair,
            )
        return path

    # The same four first; the idea, its author, its history; the candidates; the meetings.
    assert same_for(make, julien) == 8


def test_an_ideas_triage_page_with_similar_ideas(julien: Browser) -> None:
    idea = SuggestionFactory.create(title="Virement instantané gratuit")
    path = f"/equipe/labo/idees/{encode_id('Suggestion', idea.pk)}/"

    def make(n: int) -> str:
        _ideas(n, S.SUBMITTED)
        return path

    # Before any search, the similar ideas' document instead of the candidates.
    assert same_for(make, julien) == 8


def test_the_meetings(julien: Browser, chair: Member) -> None:
    def make(n: int) -> str:
        for i in range(n):
            meeting = CommitteeMeeting.objects.create(
                title=f"Comité {i}",
                scheduled_for=timezone.now() + timedelta(days=i + 1),
                chair=chair,
            )
            for position, idea in enumerate(_ideas(2, S.SHORTLISTED)):
                AgendaItem.objects.create(meeting=meeting, suggestion=idea, position=position)
        return "/equipe/labo/reunions/"

    # The same four first; the meetings, their count, their chairs, their agendas.
    assert same_for(make, julien) == 8


def test_a_meetings_agenda(julien: Browser, chair: Member) -> None:
    meeting = CommitteeMeeting.objects.create(
        title="Comité", scheduled_for=timezone.now() + timedelta(days=3), chair=chair
    )
    path = f"/equipe/labo/reunions/{encode_id('CommitteeMeeting', meeting.pk)}/"
    position = [0]

    def make(n: int) -> str:
        for idea in _ideas(n, S.SHORTLISTED):
            AgendaItem.objects.create(meeting=meeting, suggestion=idea, position=position[0])
            position[0] += 1
        _ideas(n, S.SHORTLISTED)
        _ideas(n, S.UNDER_REVIEW)
        return path

    # The same four first; the meeting, its chair, its agenda, the agenda's ideas, the
    # shortlisted ideas, the ideas under review or deferred.
    assert same_for(make, julien) == 9
