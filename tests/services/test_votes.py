"""Vote services: counts move with the rows, in one transaction."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.db import IntegrityError, transaction

from models.models import Follow, Member, Suggestion, SuggestionStatus, Vote
from resolvers.errors import FieldError, Forbidden, ServiceError
from resolvers.services.votes import (
    VoteCastCode,
    VoteWithdrawCode,
    vote_cast,
    vote_counts_reconcile,
    vote_withdraw,
)
from tests.factories import CustomerFactory, SuggestionFactory, add_votes

pytestmark = pytest.mark.django_db


def test_cast_and_withdraw_keep_count_and_rows_equal(customer: Member) -> None:
    suggestion = SuggestionFactory.create()
    result = vote_cast(member=customer, suggestion_id=suggestion.pk)
    assert (result.already, result.value.vote_count) == (None, 1)
    assert Follow.objects.filter(member=customer, suggestion=suggestion).exists()
    again = vote_cast(member=customer, suggestion_id=suggestion.pk)
    assert (again.already, again.value.vote_count) == (
        FieldError(
            VoteCastCode.ALREADY_VOTED, "You already voted for this suggestion.", "suggestionId"
        ),
        1,
    )
    withdrawn = vote_withdraw(member=customer, suggestion_id=suggestion.pk)
    assert (withdrawn.already, withdrawn.value.vote_count) == (None, 0)
    again = vote_withdraw(member=customer, suggestion_id=suggestion.pk)
    assert (again.already, again.value.vote_count) == (
        FieldError(
            VoteWithdrawCode.NOT_VOTED, "You had not voted for this suggestion.", "suggestionId"
        ),
        0,
    )
    suggestion.refresh_from_db()
    assert (suggestion.vote_count, Vote.objects.count()) == (0, 0)


def test_non_customers_are_refused(adviser: Member, committee_member: Member) -> None:
    suggestion = SuggestionFactory.create()
    for member in (adviser, committee_member):
        with pytest.raises(Forbidden):
            vote_cast(member=member, suggestion_id=suggestion.pk)
    assert Vote.objects.count() == 0


def test_closed_suggestion_refuses_votes(customer: Member) -> None:
    suggestion = SuggestionFactory.create(status=SuggestionStatus.REJECTED)
    with pytest.raises(ServiceError) as caught:
        vote_cast(member=customer, suggestion_id=suggestion.pk)
    assert [e.code for e in caught.value.errors] == ["VOTING_CLOSED"]


def test_database_refuses_a_second_vote_row(customer: Member) -> None:
    suggestion = SuggestionFactory.create()
    Vote.objects.create(member=customer, suggestion=suggestion)
    with pytest.raises(IntegrityError), transaction.atomic():
        Vote.objects.create(member=customer, suggestion=suggestion)


def test_database_refuses_a_negative_count() -> None:
    suggestion = SuggestionFactory.create()
    with pytest.raises(IntegrityError), transaction.atomic():
        Suggestion.objects.filter(pk=suggestion.pk).update(vote_count=-1)


def test_reconcile_repairs_drifted_counts() -> None:
    right = SuggestionFactory.create()
    add_votes(right, CustomerFactory.create_batch(2))
    wrong = SuggestionFactory.create()
    add_votes(wrong, CustomerFactory.create_batch(3))
    Suggestion.objects.filter(pk=wrong.pk).update(vote_count=10)
    empty_but_counted = SuggestionFactory.create(vote_count=4)
    assert vote_counts_reconcile() == 2
    assert dict(Suggestion.objects.values_list("pk", "vote_count")) == {
        right.pk: 2,
        wrong.pk: 3,
        empty_but_counted.pk: 0,
    }
    assert vote_counts_reconcile() == 0


def test_reconcile_command_reports(capsys: pytest.CaptureFixture[str]) -> None:
    suggestion = SuggestionFactory.create(vote_count=2)
    call_command("reconcile_vote_counts")
    assert capsys.readouterr().out == "Repaired 1 stored vote count(s).\n"
    suggestion.refresh_from_db()
    assert suggestion.vote_count == 0


def test_a_vote_is_stored_as_the_orm_stores_times(customer: Member) -> None:
    # The vote row is inserted with SQL of its own: its time must compare as every other
    # stored time does (SQLite keeps naive UTC text), or keyset pages on it would skip rows.
    suggestion = SuggestionFactory.create()
    vote_cast(member=customer, suggestion_id=suggestion.pk)
    vote = Vote.objects.get(member=customer, suggestion=suggestion)
    assert list(Vote.objects.filter(created_at=vote.created_at)) == [vote]
    assert vote.created_at.tzinfo is not None
