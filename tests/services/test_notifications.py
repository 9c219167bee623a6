"""The notification service: one notification per recipient and event, never to its actor."""

from __future__ import annotations

import pytest
from django.utils import timezone

from models.models import Member, Notification
from resolvers.services.notifications import DecisionPublished, notify
from tests.factories import DecisionFactory

pytestmark = pytest.mark.django_db


def test_the_same_event_notifies_once(
    customer: Member, other_customer: Member, chair: Member
) -> None:
    decision = DecisionFactory.create(recorded_by=chair, published_at=timezone.now())
    event = DecisionPublished.event(decision=decision, actor=other_customer)
    for _ in range(3):
        notify(recipient_ids=[customer.pk, other_customer.pk, customer.pk], event=event)
    # Once per recipient and event, and never to the actor.
    assert list(Notification.objects.values_list("recipient_id", flat=True)) == [customer.pk]
