from __future__ import annotations

from datetime import timedelta
from enum import StrEnum

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from models.models import Category, Follow, Member, Post, Suggestion, Thread, ThreadKind, Vote
from permissions.policies import can_follow_suggestion, can_submit_suggestion
from permissions.roles import Viewer
from permissions.rows import visible_suggestions

from ..errors import FieldError, Forbidden, Outcome, ServiceError
from .audit import audit_record
from .text import clean_text, same_text
from .threads import lock_author, post_reply
from .write_throttle import WriteKind, write_throttle_hit


class SuggestionSubmitCode(StrEnum):
    """What `suggestion_submit` answers besides a new suggestion."""

    BLANK = "BLANK"
    TOO_LONG = "TOO_LONG"
    ALREADY_SUBMITTED = "ALREADY_SUBMITTED"


class FollowCode(StrEnum):
    """What `follow_create` and `follow_delete` answer besides a change."""

    NOT_FOUND = "NOT_FOUND"
    ALREADY_FOLLOWING = "ALREADY_FOLLOWING"
    NOT_FOLLOWING = "NOT_FOLLOWING"


class SuggestionCommentCode(StrEnum):
    """What `suggestion_comment` answers besides a new comment."""

    NOT_FOUND = "NOT_FOUND"
    BLANK = "BLANK"
    TOO_LONG = "TOO_LONG"
    THREAD_CLOSED = "THREAD_CLOSED"
    THREAD_LOCKED = "THREAD_LOCKED"


def _same_recent_suggestion(author: Member, title: str, body: str) -> Suggestion | None:
    since = timezone.now() - timedelta(seconds=settings.COMPTOIR_DUPLICATE_SUBMISSION_WINDOW)
    key = (same_text(title), same_text(body))
    recent = Suggestion.objects.filter(author=author, created_at__gte=since).order_by("-id")
    return next((s for s in recent if (same_text(s.title), same_text(s.body)) == key), None)


def suggestion_submit(*, author: Member, title: str, body: str) -> Outcome[Suggestion]:
    """Post an idea in Le Labo. Its author's vote is cast and the author follows it.

    The same suggestion again (same author, same title and body once runs of whitespace
    are made one space, within `COMPTOIR_DUPLICATE_SUBMISSION_WINDOW` seconds) is not
    written twice: the first one is returned, as it is now, with ALREADY_SUBMITTED. The
    author's row is locked first, so submissions sent at once queue and the later ones find
    the first.

    Raises `ServiceError` (SuggestionSubmitCode) for a blank or too long text, and
    `RateLimited` past the member's suggestion limit (`write_throttle`)."""
    if not can_submit_suggestion(Viewer(author)):
        raise Forbidden("Only customers submit suggestions.")
    errors: list[FieldError] = []
    codes = SuggestionSubmitCode
    title = clean_text(
        title,
        field="title",
        max_length=Suggestion.TITLE_MAX,
        label="The title",
        errors=errors,
        codes=codes,
    )
    body = clean_text(
        body,
        field="body",
        max_length=Suggestion.BODY_MAX,
        label="The description",
        errors=errors,
        codes=codes,
    )
    if errors:
        raise ServiceError(*errors)
    with transaction.atomic():
        lock_author(author)
        existing = _same_recent_suggestion(author, title, body)
        if existing is not None:
            # Its author may have withdrawn the vote or unfollowed since.
            return Outcome(
                existing,
                rows=(existing,),
                already=FieldError(
                    codes.ALREADY_SUBMITTED,
                    "You submitted this suggestion a moment ago; here it is.",
                ),
            )
        write_throttle_hit(member=author, kind=WriteKind.SUGGESTION)
        now = timezone.now()
        suggestion = Suggestion.objects.create(
            author=author, title=title, body=body, vote_count=1, created_at=now, updated_at=now
        )
        vote = Vote.objects.create(member=author, suggestion=suggestion, created_at=now)
        follow = Follow.objects.create(member=author, suggestion=suggestion, created_at=now)
    return Outcome(suggestion, rows=(suggestion, vote, follow))


def _visible_suggestion(viewer: Viewer, suggestion_id: int) -> Suggestion:
    suggestion = visible_suggestions(viewer).filter(pk=suggestion_id).first()
    if suggestion is None:
        raise ServiceError.single(FollowCode.NOT_FOUND, "No such suggestion.", "suggestionId")
    return suggestion


def follow_create(*, member: Member, suggestion_id: int) -> Outcome[Suggestion]:
    """Follow a suggestion's progress; returns the suggestion. Following it again changes
    nothing and answers ALREADY_FOLLOWING.

    Raises `ServiceError` (FollowCode.NOT_FOUND) for a suggestion the member cannot see."""
    viewer = Viewer(member)
    if not can_follow_suggestion(viewer):
        raise Forbidden("Log in to follow a suggestion.")
    suggestion = _visible_suggestion(viewer, suggestion_id)
    follow, created = Follow.objects.get_or_create(member=member, suggestion=suggestion)
    already = None
    if not created:
        already = FieldError(
            FollowCode.ALREADY_FOLLOWING, "You already follow this suggestion.", "suggestionId"
        )
    return Outcome(suggestion, rows=(follow,), already=already)


def follow_delete(*, member: Member, suggestion_id: int) -> Outcome[Suggestion]:
    """Stop following (a voter may too: voting follows, but it is not a life sentence);
    returns the suggestion. Not following it changes nothing and answers NOT_FOLLOWING.

    Raises `ServiceError` (FollowCode.NOT_FOUND) for a suggestion the member cannot see."""
    viewer = Viewer(member)
    if not can_follow_suggestion(viewer):
        raise Forbidden("Log in to follow a suggestion.")
    suggestion = _visible_suggestion(viewer, suggestion_id)
    deleted, _ = Follow.objects.filter(member=member, suggestion=suggestion).delete()
    already = None
    if not deleted:
        already = FieldError(
            FollowCode.NOT_FOLLOWING, "You were not following this suggestion.", "suggestionId"
        )
    gone = (Follow(member=member, suggestion=suggestion),)
    return Outcome(suggestion, removed=gone, already=already)


LABO_CATEGORY_SLUG = "le-labo"


def suggestion_comment(*, author: Member, suggestion_id: int, body: str) -> Post:
    """Comment on a suggestion: a reply in its discussion thread, opened with the first
    comment in Le Labo (so comments reuse threads and posts, moderation included). The
    comment's `thread` is that discussion, as saved.

    Raises `ServiceError` (SuggestionCommentCode) as a reply does, and `RateLimited` past
    the member's comment limit (`write_throttle`)."""
    viewer = Viewer(author)
    if not can_follow_suggestion(viewer):
        raise Forbidden("Log in to comment.")
    with transaction.atomic():
        suggestion = (
            visible_suggestions(viewer).select_for_update().filter(pk=suggestion_id).first()
        )
        if suggestion is None:
            raise ServiceError.single(
                SuggestionCommentCode.NOT_FOUND, "No such suggestion.", "suggestionId"
            )
        discussion = Thread.objects.filter(suggestion=suggestion).first()
        if discussion is None:
            category, _ = Category.objects.get_or_create(
                slug=LABO_CATEGORY_SLUG,
                defaults={"name": "Le Labo", "accepts_threads": False, "position": 3},
            )
            discussion = Thread.objects.create(
                author=suggestion.author,
                category=category,
                kind=ThreadKind.DISCUSSION,
                title=suggestion.title,
                body=suggestion.body,
                suggestion=suggestion,
                created_at=suggestion.created_at,
                last_activity_at=suggestion.created_at,
            )
        try:
            return post_reply(
                author=author,
                thread_id=discussion.pk,
                body=body,
                kind=WriteKind.COMMENT,
                codes=SuggestionCommentCode,
            )
        except ServiceError as exc:
            # The caller named a suggestion, not its discussion thread.
            raise ServiceError(
                *(
                    FieldError(
                        e.code, e.message, "suggestionId" if e.field == "threadId" else e.field
                    )
                    for e in exc.errors
                )
            ) from exc


class SuggestionEditCode(StrEnum):
    """What `suggestion_edit` refuses."""

    NOT_FOUND = "NOT_FOUND"
    BLANK = "BLANK"
    TOO_LONG = "TOO_LONG"


def suggestion_edit(*, editor: Member, suggestion_id: int, title: str, body: str) -> Suggestion:
    """Staff correct a suggestion's title and text in the back office (to take personal
    data out, say). Its discussion thread opened with a copy of them: the copy is corrected
    too, so the former words are left nowhere. Audited as `suggestion.edit` with the fields
    that changed, before and after; the same text again writes nothing. No community role
    may do this: the back office's own permissions (staff) decide who calls it.

    Raises `ServiceError` (BLANK, TOO_LONG on `title` / `body`; NOT_FOUND) and changes
    nothing then."""
    errors: list[FieldError] = []
    codes = SuggestionEditCode
    title = clean_text(
        title,
        field="title",
        max_length=Suggestion.TITLE_MAX,
        label="The title",
        errors=errors,
        codes=codes,
    )
    body = clean_text(
        body,
        field="body",
        max_length=Suggestion.BODY_MAX,
        label="The description",
        errors=errors,
        codes=codes,
    )
    if errors:
        raise ServiceError(*errors)
    with transaction.atomic():
        suggestion = Suggestion.objects.select_for_update().filter(pk=suggestion_id).first()
        if suggestion is None:
            raise ServiceError.single(codes.NOT_FOUND, "No such suggestion.", "suggestionId")
        before = {"title": suggestion.title, "body": suggestion.body}
        after = {"title": title, "body": body}
        changed = [name for name in after if before[name] != after[name]]
        if not changed:
            return suggestion
        suggestion.title, suggestion.body = title, body
        suggestion.updated_at = timezone.now()
        suggestion.save(update_fields=["title", "body", "updated_at"])
        Thread.objects.filter(suggestion=suggestion).update(title=title, body=body)
        audit_record(
            actor=editor,
            action="suggestion.edit",
            target=suggestion,
            before={name: before[name] for name in changed},
            after={name: after[name] for name in changed},
        )
    return suggestion
