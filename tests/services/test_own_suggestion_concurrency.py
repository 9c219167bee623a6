"""An author editing and withdrawing their idea while others vote and an adviser reviews it,
on PostgreSQL: every call queues on the suggestion's row lock, so one move wins, the
others see it, and nothing is written twice."""

from __future__ import annotations

import pytest

from models.models import (
    AuditEvent,
    Notification,
    StatusChange,
    Suggestion,
    SuggestionStatus,
    Vote,
)
from resolvers.errors import ServiceError
from resolvers.services.suggestions import (
    suggestion_change_status,
    suggestion_revise,
    suggestion_withdraw,
)
from resolvers.services.votes import vote_cast
from tests.factories import AdviserFactory, CustomerFactory, SuggestionFactory
from tests.services.test_vote_concurrency import _run_in_threads

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.postgres_only]


def test_twenty_withdrawals_at_once_make_one() -> None:
    author = CustomerFactory.create()
    suggestion = SuggestionFactory.create(author=author)
    follower = CustomerFactory.create()
    suggestion.follows.create(member=follower)
    outcomes: list[str] = []

    def withdraw() -> None:
        outcome = suggestion_withdraw(author=author, suggestion_id=suggestion.pk)
        outcomes.append("withdrawn" if outcome.changed else str(outcome.already.code))  # type: ignore[union-attr]

    assert _run_in_threads([withdraw] * 20) == []
    assert sorted(outcomes) == ["ALREADY_WITHDRAWN"] * 19 + ["withdrawn"]
    assert StatusChange.objects.count() == 1
    assert Notification.objects.count() == 1
    assert AuditEvent.objects.filter(action="suggestion.withdraw").count() == 1


def test_a_withdrawal_racing_votes_and_a_review() -> None:
    """Whatever the order: the idea ends WITHDRAWN or UNDER_REVIEW (one move, one history
    line); no vote lands after it closed; the stored count equals the vote rows; an edit
    lands only while it was SUBMITTED."""
    author = CustomerFactory.create()
    adviser = AdviserFactory.create()
    suggestion = SuggestionFactory.create(author=author)
    voters = CustomerFactory.create_batch(20)
    results: dict[str, str] = {}

    def vote(member_index: int) -> None:
        try:
            vote_cast(member=voters[member_index], suggestion_id=suggestion.pk)
        except ServiceError as exc:
            assert exc.errors[0].code == "VOTING_CLOSED"

    def withdraw() -> None:
        try:
            suggestion_withdraw(author=author, suggestion_id=suggestion.pk)
            results["withdraw"] = "done"
        except ServiceError as exc:
            results["withdraw"] = str(exc.errors[0].code)

    def review() -> None:
        try:
            suggestion_change_status(
                actor=adviser, suggestion_id=suggestion.pk, status=SuggestionStatus.UNDER_REVIEW
            )
            results["review"] = "done"
        except ServiceError as exc:
            results["review"] = str(exc.errors[0].code)

    def edit() -> None:
        try:
            suggestion_revise(
                author=author, suggestion_id=suggestion.pk, title="Nouveau titre", body="Texte."
            )
            results["edit"] = "done"
        except ServiceError as exc:
            results["edit"] = str(exc.errors[0].code)

    jobs = [lambda i=i: vote(i) for i in range(20)] + [withdraw, review, edit]
    assert _run_in_threads(jobs) == []
    suggestion.refresh_from_db()
    # Exactly one of the two moves happened; the other found it done.
    if suggestion.status == SuggestionStatus.WITHDRAWN:
        assert (results["withdraw"], results["review"]) == ("done", "ILLEGAL_TRANSITION")
    else:
        assert suggestion.status == SuggestionStatus.UNDER_REVIEW
        assert (results["withdraw"], results["review"]) == ("NOT_SUBMITTED", "done")
    assert StatusChange.objects.count() == 1
    assert suggestion.vote_count == Vote.objects.filter(suggestion=suggestion).count()
    # The edit went in before either move, or was refused after it.
    edited = Suggestion.objects.filter(pk=suggestion.pk, title="Nouveau titre").exists()
    assert edited == (results["edit"] == "done")
    assert results["edit"] in ("done", "NOT_SUBMITTED")
