"""`apply_retention`: what the schedule no longer keeps is deleted, the rest stays, and a
second run deletes nothing."""

from __future__ import annotations

import io
import time
from datetime import timedelta

import pytest
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sessions.models import Session
from django.core.management import call_command
from django.utils import timezone

from models.models import Counter, EmailDigest, Member, Notification
from tests.factories import SuggestionFactory

pytestmark = pytest.mark.django_db


def _note(member: Member, *, days_old: int, read_days_ago: int | None) -> Notification:
    suggestion = SuggestionFactory.create()
    now = timezone.now()
    return Notification.objects.create(
        recipient=member,
        kind="SUGGESTION_STATUS_CHANGED",
        event_key=f"status:{suggestion.pk}:{days_old}:{read_days_ago}",
        suggestion=suggestion,
        from_status="SUBMITTED",
        to_status="UNDER_REVIEW",
        created_at=now - timedelta(days=days_old),
        read_at=None if read_days_ago is None else now - timedelta(days=read_days_ago),
    )


def _run() -> str:
    out = io.StringIO()
    call_command("apply_retention", stdout=out)
    return out.getvalue()


def test_the_schedule(customer: Member) -> None:
    kept = [
        _note(customer, days_old=100, read_days_ago=89),
        _note(customer, days_old=364, read_days_ago=None),
        _note(customer, days_old=1, read_days_ago=None),
    ]
    _note(customer, days_old=100, read_days_ago=91)
    _note(customer, days_old=366, read_days_ago=None)
    live, expired = SessionStore(), SessionStore()
    live.create()
    expired.create()
    Session.objects.filter(pk=expired.session_key).update(
        expire_date=timezone.now() - timedelta(seconds=1)
    )
    Counter.objects.create(key="login:a", count=3, expires_at=time.time() + 60)
    Counter.objects.create(key="login:b", count=3, expires_at=time.time() - 1)
    today = EmailDigest.objects.create(
        member=customer, day=timezone.localdate(), notification_count=2
    )
    EmailDigest.objects.create(
        member=customer,
        day=timezone.localdate() - timedelta(days=8),
        notification_count=1,
        created_at=timezone.now() - timedelta(days=8),
    )

    assert _run() == (
        "Deleted 1 read notification(s), 1 unread notification(s), 1 expired session(s), "
        "1 expired counter(s), 1 daily digest record(s).\n"
    )
    assert list(EmailDigest.objects.all()) == [today]
    assert sorted(Notification.objects.values_list("pk", flat=True)) == [n.pk for n in kept]
    assert list(Session.objects.values_list("pk", flat=True)) == [live.session_key]
    assert list(Counter.objects.values_list("key", flat=True)) == ["login:a"]
    assert _run() == (
        "Deleted 0 read notification(s), 0 unread notification(s), 0 expired session(s), "
        "0 expired counter(s), 0 daily digest record(s).\n"
    )
