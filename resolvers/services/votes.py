from __future__ import annotations

from django.db import connection, transaction
from django.db.models import F
from django.utils import timezone

from models.models import Follow, Member, OutboxEventKind, Suggestion, Vote
from permissions.policies import can_vote
from permissions.roles import Viewer
from permissions.rows import visible_suggestions

from ..errors import FieldError, Forbidden, Outcome, ResultCode, ServiceError
from ..outbox import record


class VoteCastCode(ResultCode):
    """What `vote_cast` answers besides a new vote."""

    NOT_FOUND = "NOT_FOUND", "The suggestion does not exist or is not visible to you."
    VOTING_CLOSED = (
        "VOTING_CLOSED",
        "Voting is closed on this suggestion (rejected, delivered, merged into another, or "
        "withdrawn): the payload holds it as it is, a duplicate with `duplicateOf`, the idea "
        "to vote for.",
    )
    ALREADY_VOTED = "ALREADY_VOTED", "You already voted for this suggestion: nothing changed."


class VoteWithdrawCode(ResultCode):
    """What `vote_withdraw` answers besides a withdrawn vote."""

    NOT_FOUND = "NOT_FOUND", "The suggestion does not exist or is not visible to you."
    VOTING_CLOSED = (
        "VOTING_CLOSED",
        "Voting is closed on this suggestion (rejected, delivered, merged into another, or "
        "withdrawn): its votes stay as they are, and the payload holds it as it is.",
    )
    NOT_VOTED = "NOT_VOTED", "You had not voted for this suggestion: nothing changed."


def _lock_open_suggestion(
    member: Member, suggestion_id: int, codes: type[VoteCastCode] | type[VoteWithdrawCode]
) -> Suggestion:
    """Lock the suggestion row: votes on one suggestion queue here, so the stored count and
    the vote rows move together, and a concurrent status change cannot slip in between."""
    viewer = Viewer(member)
    if not can_vote(viewer):
        raise Forbidden("Only customers vote.")
    suggestion = visible_suggestions(viewer).select_for_update().filter(pk=suggestion_id).first()
    if suggestion is None:
        raise ServiceError.single(codes.NOT_FOUND, "No such suggestion.", "suggestionId")
    if not suggestion.is_voting_open:
        # The suggestion goes with the refusal: its status says why, and a duplicate's
        # `duplicate_of` where its votes went.
        raise ServiceError.single(
            codes.VOTING_CLOSED,
            f"Voting is closed on this suggestion ({suggestion.get_status_display()}).",
            "suggestionId",
            subject=suggestion,
        )
    return suggestion


def _insert_vote(member_id: int, suggestion_id: int) -> bool:
    """Insert the vote unless the member already voted; True when a row was inserted.

    One statement while the suggestion's row lock is held (every vote waits for it):
    `INSERT ... ON CONFLICT DO NOTHING RETURNING`, which the ORM cannot say (its
    `ignore_conflicts` does not tell whether a row went in), instead of a check and an
    insert. The unique constraint decides; PostgreSQL and SQLite (3.35+) both speak it."""
    table = connection.ops.quote_name(Vote._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (member_id, suggestion_id, created_at) VALUES (%s, %s, %s) "
            "ON CONFLICT (member_id, suggestion_id) DO NOTHING RETURNING id",
            # Adapted as the ORM adapts it (SQLite stores naive UTC text).
            [member_id, suggestion_id, connection.ops.adapt_datetimefield_value(timezone.now())],
        )
        return cursor.fetchone() is not None


def vote_cast(*, member: Member, suggestion_id: int) -> Outcome[Suggestion]:
    """Vote for a suggestion (and follow it); returns the suggestion with its new count. A
    second vote changes nothing and answers ALREADY_VOTED.

    Raises `ServiceError` (VoteCastCode) for a suggestion not found or closed to votes (the
    latter with the suggestion as its `subject`)."""
    with transaction.atomic():
        suggestion = _lock_open_suggestion(member, suggestion_id, VoteCastCode)
        # The member's vote, which exists from here on (inserted now or before).
        vote = Vote(member=member, suggestion=suggestion)
        if not _insert_vote(member.pk, suggestion.pk):
            return Outcome(
                suggestion,
                rows=(suggestion, vote),
                already=FieldError(
                    VoteCastCode.ALREADY_VOTED,
                    "You already voted for this suggestion.",
                    "suggestionId",
                ),
            )
        Suggestion.objects.filter(pk=suggestion.pk).update(vote_count=F("vote_count") + 1)
        suggestion.vote_count += 1
        record(OutboxEventKind.VOTE_COUNT_CHANGED, suggestion_id=suggestion.pk)
        # `follow_create` does not take that lock (members follow without voting), so the
        # follow is one INSERT ... ON CONFLICT DO NOTHING.
        follow = Follow(member=member, suggestion=suggestion)
        Follow.objects.bulk_create([follow], ignore_conflicts=True)
        return Outcome(suggestion, rows=(suggestion, vote, follow))


def vote_withdraw(*, member: Member, suggestion_id: int) -> Outcome[Suggestion]:
    """Withdraw a vote; returns the suggestion with its new count. Withdrawing a vote one
    does not have changes nothing and answers NOT_VOTED.

    Raises `ServiceError` (VoteWithdrawCode) for a suggestion not found or closed to
    votes (the latter with the suggestion as its `subject`)."""
    with transaction.atomic():
        suggestion = _lock_open_suggestion(member, suggestion_id, VoteWithdrawCode)
        deleted, _ = Vote.objects.filter(member=member, suggestion=suggestion).delete()
        # The member's vote, which does not exist from here on.
        gone = (Vote(member=member, suggestion=suggestion),)
        if not deleted:
            return Outcome(
                suggestion,
                rows=(suggestion,),
                removed=gone,
                already=FieldError(
                    VoteWithdrawCode.NOT_VOTED,
                    "You had not voted for this suggestion.",
                    "suggestionId",
                ),
            )
        Suggestion.objects.filter(pk=suggestion.pk).update(vote_count=F("vote_count") - 1)
        suggestion.vote_count -= 1
        record(OutboxEventKind.VOTE_COUNT_CHANGED, suggestion_id=suggestion.pk)
        return Outcome(suggestion, rows=(suggestion,), removed=gone)


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
