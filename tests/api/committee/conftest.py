"""Fixtures of the committee's tests: a meeting the chair chairs, and a shortlisted suggestion
on its agenda."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from models.models import AgendaItem, CommitteeMeeting, Member, Suggestion, SuggestionStatus
from tests.factories import SuggestionFactory

S = SuggestionStatus


@pytest.fixture
def meeting(chair: Member) -> CommitteeMeeting:
    return CommitteeMeeting.objects.create(
        title="Comité de mars", chair=chair, scheduled_for=timezone.now() + timedelta(days=7)
    )


@pytest.fixture
def shortlisted(meeting: CommitteeMeeting) -> Suggestion:
    suggestion = SuggestionFactory.create(title="Épargne automatique", status=S.SHORTLISTED)
    AgendaItem.objects.create(meeting=meeting, suggestion=suggestion, position=0)
    return suggestion
