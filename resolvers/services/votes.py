from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction
from django.db.models import F

from models.models import Follow, Member, Suggestion, Vote
from permissions.policies import can_vote
from permissions.roles import Viewer

from ..errors import Forbidden, ServiceError
from ..selectors.visibility import visible_suggestions


@dataclass(frozen=True, slots=True)
class VoteResult:
    suggestion: Suggestion
    # False when the call changed nothing (already voted / had not voted): idempotent.
    changed: bool


def _lock_open_suggestion(member: Member, suggestion_id: int) -> Suggestion:
    """Lock the suggestion row: votes on one suggestion queue here, so the stored count and
    the vote rows move together, and a concurrent status change cannot slip in between."""
    viewer = Viewer(member)
    if not can_vote(viewer):
        raise Forbidden("Only customers vote.")
    suggestion = visible_suggestions(viewer).select_for_update().filter(pk=suggestion_id).first()
    if suggestion is None:
        raise ServiceError.single("NOT_FOUND", "No such suggestion.", "suggestionId")
    if not suggestion.is_voting_open:
        raise ServiceError.single(
            "VOTING_CLOSED",
            f"Voting is closed on this suggestion ({suggestion.get_status_display()}).",
            "suggestionId",
        )
    return suggestion


def vote_cast(*, member: Member, suggestion_id: int) -> VoteResult:
    """Vote for a suggestion (and follow it). A second vote changes nothing."""
    with transaction.atomic():
        suggestion = _lock_open_suggestion(member, suggestion_id)
        # Every vote on this suggestion waits for its row lock, held here: no one else can
        # insert this member's vote between the check and the insert (and the unique
        # constraint would refuse it), so no get_or_create savepoint is needed.
        if Vote.objects.filter(member=member, suggestion=suggestion).exists():
            return VoteResult(suggestion=suggestion, changed=False)
        Vote.objects.create(member=member, suggestion=suggestion)
        Suggestion.objects.filter(pk=suggestion.pk).update(vote_count=F("vote_count") + 1)
        suggestion.vote_count += 1
        # Following is not under that lock (members follow without voting): one
        # INSERT ... ON CONFLICT DO NOTHING.
        Follow.objects.bulk_create(
            [Follow(member=member, suggestion=suggestion)], ignore_conflicts=True
        )
        return VoteResult(suggestion=suggestion, changed=True)


def vote_withdraw(*, member: Member, suggestion_id: int) -> VoteResult:
    """Withdraw a vote. Withdrawing a vote one does not have changes nothing."""
    with transaction.atomic():
        suggestion = _lock_open_suggestion(member, suggestion_id)
        deleted, _ = Vote.objects.filter(member=member, suggestion=suggestion).delete()
        if deleted:
            Suggestion.objects.filter(pk=suggestion.pk).update(vote_count=F("vote_count") - 1)
            suggestion.vote_count -= 1
        return VoteResult(suggestion=suggestion, changed=bool(deleted))


def vote_counts_reconcile() -> int:
    """Recompute every stored count from the vote rows; return how many were wrong.

    Each suggestion is recounted under its row lock, the lock every vote service takes
    first, so a vote landing meanwhile is either counted or waits: the repair cannot itself
    create drift."""
    repaired = 0
    for suggestion_id in Suggestion.objects.order_by("pk").values_list("pk", flat=True):
        with transaction.atomic():
            locked = Suggestion.objects.select_for_update().filter(pk=suggestion_id).first()
            if locked is None:
                continue
            actual = Vote.objects.filter(suggestion_id=suggestion_id).count()
            if locked.vote_count != actual:
                Suggestion.objects.filter(pk=suggestion_id).update(vote_count=actual)
                repaired += 1
    return repaired
