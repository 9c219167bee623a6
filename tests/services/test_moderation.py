"""Moderation services: flags, hiding, and the invariants the database keeps for them."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from models.models import AuditEvent, Flag, FlagReason, Member, Notification, Post, Thread
from resolvers.errors import Forbidden, ServiceError
from resolvers.services import moderation
from resolvers.services.moderation import (
    ContentKind,
    ContentRef,
    content_hide,
    content_unhide,
    flag_create,
)
from tests.factories import PostFactory, SuggestionFactory, ThreadFactory

pytestmark = pytest.mark.django_db


def _ref(obj: Thread | Post) -> ContentRef:
    return ContentRef(kind=ContentKind(type(obj).__name__), pk=obj.pk)


def test_hidden_state_is_all_three_or_none(adviser: Member) -> None:
    post = PostFactory.create()
    for partial in (
        {"hidden_at": timezone.now()},
        {"hidden_by": adviser},
        {"hidden_reason": "Spam"},
        {"hidden_at": timezone.now(), "hidden_by": adviser},
    ):
        with pytest.raises(IntegrityError), transaction.atomic():
            Post.objects.filter(pk=post.pk).update(**partial)


def test_one_open_flag_per_member_and_item_in_the_database(customer: Member) -> None:
    post = PostFactory.create()
    Flag.objects.create(reporter=customer, post=post, reason=FlagReason.SPAM)
    with pytest.raises(IntegrityError), transaction.atomic():
        Flag.objects.create(reporter=customer, post=post, reason=FlagReason.ABUSE)
    # Once resolved, the member may report the item again.
    Flag.objects.update(resolved_at=timezone.now())
    Flag.objects.create(reporter=customer, post=post, reason=FlagReason.ABUSE)
    assert Flag.objects.count() == 2


def test_a_duplicate_that_slips_past_the_check_is_caught_in_a_savepoint(
    customer: Member, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two requests that both found no open flag: the second one's insert fails on the
    partial unique constraint, and it returns the first one's flag instead of failing."""
    post = PostFactory.create()
    first = Flag.objects.create(reporter=customer, post=post, reason=FlagReason.SPAM)
    real = moderation._open_flags
    calls = {"n": 0}

    class MissesOnce:
        def __init__(self, qs: Any) -> None:
            self.qs = qs

        def filter(self, **kwargs: Any) -> MissesOnce:
            return MissesOnce(self.qs.filter(**kwargs))

        def first(self) -> Flag | None:
            calls["n"] += 1
            return None if calls["n"] == 1 else self.qs.first()

    monkeypatch.setattr(moderation, "_open_flags", lambda *a: MissesOnce(real(*a)))
    with transaction.atomic():
        result = flag_create(reporter=customer, content=_ref(post), reason=FlagReason.ABUSE)
        # The transaction is still usable after the failed insert.
        assert Flag.objects.count() == 1
    assert (result.value.pk, result.changed) == (first.pk, False)


def test_flags_on_hidden_content_are_refused_and_hiding_resolves_them(
    customer: Member, other_customer: Member, adviser: Member
) -> None:
    suggestion = SuggestionFactory.create(author=other_customer)
    ref = ContentRef(kind=ContentKind.SUGGESTION, pk=suggestion.pk)
    created = flag_create(reporter=customer, content=ref, reason=FlagReason.OFF_TOPIC, text="")
    assert created.changed is True
    hidden = content_hide(actor=adviser, content=ref, reason="Hors sujet")
    assert hidden.changed is True
    created.value.refresh_from_db()
    assert (created.value.resolved_by_id, created.value.resolved_at) == (
        adviser.pk,
        hidden.value.hidden_at,
    )
    # An adviser (who still sees it) cannot flag it: it is already hidden.
    with pytest.raises(ServiceError) as caught:
        flag_create(reporter=adviser, content=ref, reason=FlagReason.SPAM)
    assert [e.code for e in caught.value.errors] == ["ALREADY_HIDDEN"]
    # Others do not see it at all.
    with pytest.raises(ServiceError) as caught:
        flag_create(reporter=customer, content=ref, reason=FlagReason.SPAM)
    assert [e.code for e in caught.value.errors] == ["NOT_FOUND"]


def test_only_advisers_hide_and_unhide(customer: Member, committee_member: Member) -> None:
    thread = ThreadFactory.create()
    for member in (customer, committee_member, thread.author):
        with pytest.raises(Forbidden):
            content_hide(actor=member, content=_ref(thread), reason="Spam")
        with pytest.raises(Forbidden):
            content_unhide(actor=member, content=_ref(thread))
    thread.refresh_from_db()
    assert thread.hidden_at is None
    assert (AuditEvent.objects.count(), Notification.objects.count()) == (0, 0)


def test_hiding_ones_own_content_notifies_nobody(adviser: Member) -> None:
    post = PostFactory.create(author=adviser)
    content_hide(actor=adviser, content=_ref(post), reason="Doublon")
    assert Notification.objects.count() == 0
    assert list(AuditEvent.objects.values_list("action", flat=True)) == ["content.hide"]
