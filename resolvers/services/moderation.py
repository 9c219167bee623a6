"""Moderation: members flag content, advisers hide and unhide it.

A thread, a post or a suggestion is named by a `ContentRef` (its kind and key); every
write locks the content row, so a flag and a hiding of the same item queue one after the
other and hidden content never keeps open flags.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from enum import Enum
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.utils import timezone

from models.models import Flag, FlagReason, Hideable, Member, OutboxEventKind, Post, Suggestion
from models.models import Thread as ThreadModel
from permissions.policies import can_flag_content, can_moderate
from permissions.roles import Viewer
from permissions.rows import (
    visible_flags,
    visible_posts,
    visible_suggestions,
    visible_threads,
)

from ..bounds import utc_iso
from ..errors import FieldError, Forbidden, Outcome, ResultCode, ServiceError
from ..outbox import record
from ..text import clean_optional_text, clean_text
from ..write_throttle import WriteKind, write_throttle_hit
from .audit import audit_record
from .notifications import ContentHidden, notify

Content = ThreadModel | Post | Suggestion

FLAG_TEXT_MAX = 1000


class ContentKind(Enum):
    THREAD = "Thread"
    POST = "Post"
    SUGGESTION = "Suggestion"


@dataclass(frozen=True, slots=True)
class ContentRef:
    kind: ContentKind
    pk: int


class FlagCreateCode(ResultCode):
    """What `flag_create` answers besides a new flag."""

    NOT_FOUND = "NOT_FOUND", "The content does not exist or is not visible to you."
    ALREADY_HIDDEN = "ALREADY_HIDDEN", "The content is already hidden by a moderator."
    ALREADY_FLAGGED = (
        "ALREADY_FLAGGED",
        "You already reported this content; an adviser will look at it: nothing changed.",
    )
    TOO_LONG = "TOO_LONG", "The text is longer than allowed."


class ContentHideCode(ResultCode):
    """What `content_hide` answers besides hidden content."""

    NOT_FOUND = "NOT_FOUND", "The content does not exist or is not visible to you."
    BLANK = "BLANK", "The reason is empty: its author is told why it is hidden."
    TOO_LONG = "TOO_LONG", "The reason is longer than allowed."
    ALREADY_HIDDEN = "ALREADY_HIDDEN", "The content is already hidden: nothing changed."


class ContentUnhideCode(ResultCode):
    """What `content_unhide` answers besides content shown again."""

    NOT_FOUND = "NOT_FOUND", "The content does not exist or is not visible to you."
    NOT_HIDDEN = "NOT_HIDDEN", "The content is not hidden: nothing changed."


class FlagDismissCode(ResultCode):
    """What `flag_dismiss` answers besides the flag dismissed."""

    NOT_FOUND = "NOT_FOUND", "The flag does not exist or is not visible to you."
    ALREADY_RESOLVED = (
        "ALREADY_RESOLVED",
        "The flag was already handled (dismissed, or its content hidden): nothing changed.",
    )


# kind → the Flag column that names such an item
_FLAG_FIELD = {
    ContentKind.THREAD: "thread",
    ContentKind.POST: "post",
    ContentKind.SUGGESTION: "suggestion",
}
_NOT_FOUND = {
    ContentKind.THREAD: "No such thread.",
    ContentKind.POST: "No such reply.",
    ContentKind.SUGGESTION: "No such suggestion.",
}


def _visible(viewer: Viewer, kind: ContentKind) -> QuerySet[Any]:
    if kind is ContentKind.THREAD:
        return visible_threads(viewer)
    if kind is ContentKind.POST:
        return visible_posts(viewer)
    return visible_suggestions(viewer)


def _lock_content(viewer: Viewer, ref: ContentRef) -> Content | None:
    # `of=self`: a customer's post visibility joins the thread, which is not to be locked.
    found: Content | None = (
        _visible(viewer, ref.kind).select_for_update(of=("self",)).filter(pk=ref.pk).first()
    )
    return found


def _open_flags(content: Content, kind: ContentKind) -> QuerySet[Flag]:
    return Flag.objects.filter(resolved_at__isnull=True, **{_FLAG_FIELD[kind]: content})


def _hidden_state(content: Hideable) -> dict[str, Any]:
    return {
        "hidden_at": utc_iso(content.hidden_at),
        "hidden_by": content.hidden_by_id,
        "hidden_reason": content.hidden_reason,
    }


def _set_hidden_state(
    target: Content,
    *,
    actor: Member,
    action: str,
    at: datetime | None,
    by: Member | None,
    reason: str,
) -> None:
    """Write `target`'s moderation state, audited as `action` with the state before and
    after."""
    before = _hidden_state(target)
    target.hidden_at = at
    target.hidden_by = by
    target.hidden_reason = reason
    target.save(update_fields=["hidden_at", "hidden_by", "hidden_reason"])
    audit_record(
        actor=actor, action=action, target=target, before=before, after=_hidden_state(target)
    )


def _flagged(flag: Flag) -> Outcome[Flag]:
    """The member's open flag on the item, returned again: nothing was written."""
    return Outcome(
        flag,
        rows=(flag,),
        already=FieldError(
            FlagCreateCode.ALREADY_FLAGGED,
            "You already reported this; an adviser will look at it.",
            "contentId",
        ),
    )


def flag_create(
    *, reporter: Member, content: ContentRef, reason: FlagReason, text: str = ""
) -> Outcome[Flag]:
    """A member reports content they can see. One open flag per member and item: a second
    report returns the open one, writes nothing and answers ALREADY_FLAGGED.

    Raises `ServiceError` (FlagCreateCode) for content not found or already hidden and a
    too long text, and `RateLimited` past the member's flag limit (`write_throttle`)."""
    viewer = Viewer(reporter)
    if not can_flag_content(viewer):
        raise Forbidden("Log in to report content.")
    codes = FlagCreateCode
    errors: list[FieldError] = []
    text = clean_optional_text(
        text, field="text", max_length=FLAG_TEXT_MAX, label="The text", errors=errors, codes=codes
    )
    with transaction.atomic():
        target = _lock_content(viewer, content)
        if target is None:
            raise ServiceError.single(codes.NOT_FOUND, _NOT_FOUND[content.kind], "contentId")
        if target.is_hidden:
            errors.append(
                FieldError(codes.ALREADY_HIDDEN, "This content is already hidden.", "contentId")
            )
        if errors:
            raise ServiceError(*errors)
        mine = _open_flags(target, content.kind).filter(reporter=reporter)
        existing = mine.first()
        if existing is not None:
            return _flagged(existing)
        write_throttle_hit(member=reporter, kind=WriteKind.FLAG)
        try:
            # The content lock already queues reports of one item; the partial unique
            # constraint is the last word, in a savepoint so the transaction survives it.
            with transaction.atomic():
                flag = Flag.objects.create(
                    reporter=reporter,
                    reason=reason,
                    text=text,
                    **{_FLAG_FIELD[content.kind]: target},
                )
        except IntegrityError:
            existing = mine.first()
            if existing is None:
                raise
            return _flagged(existing)
    return Outcome(flag, rows=(flag,))


def _resolve_flags(flags: list[Flag], *, actor: Member, now: datetime) -> None:
    """Mark locked open flags resolved by `actor`, each audited as `flag.resolve`."""
    Flag.objects.filter(pk__in=[f.pk for f in flags]).update(resolved_at=now, resolved_by=actor)
    for flag in flags:
        flag.resolved_at, flag.resolved_by = now, actor
        audit_record(
            actor=actor,
            action="flag.resolve",
            target=flag,
            after={"resolved_at": utc_iso(now), "resolved_by": actor.pk},
        )


def flag_resolve(*, actor: Member, flag_ids: Iterable[int]) -> list[Flag]:
    """An adviser marks open flags resolved without hiding anything (the content breaks no
    rule, or was dealt with otherwise): each is audited as `flag.resolve`, as hiding the
    content resolves its flags. Returns the flags resolved now, by id; those already
    resolved or unknown are left as they are (a retry changes nothing). The flags are
    locked, so two advisers acting at once resolve (and audit) each flag once."""
    if not can_moderate(Viewer(actor)):
        raise Forbidden("Only advisers may do this.")
    with transaction.atomic():
        flags = list(
            Flag.objects.filter(pk__in=list(flag_ids), resolved_at__isnull=True)
            .select_for_update()
            .order_by("pk")
        )
        _resolve_flags(flags, actor=actor, now=timezone.now())
    return flags


def flag_dismiss(*, actor: Member, flag_id: int) -> Outcome[Flag]:
    """An adviser dismisses one open flag without hiding its content (it breaks no rule):
    the flag is resolved and audited as `flag.resolve`, as the back office's action and
    hiding do; the content and its other flags stay as they are, and nobody is notified.
    A flag already resolved (dismissed, or its content hidden, maybe by another adviser at
    the same moment: the flag row is locked) changes nothing (ALREADY_RESOLVED).

    Raises `ServiceError` (FlagDismissCode.NOT_FOUND) for a flag that does not exist."""
    viewer = Viewer(actor)
    if not can_moderate(viewer):
        raise Forbidden("Only advisers may do this.")
    with transaction.atomic():
        flag = visible_flags(viewer).select_for_update().filter(pk=flag_id).first()
        if flag is None:
            raise ServiceError.single(FlagDismissCode.NOT_FOUND, "No such flag.", "flagId")
        if flag.resolved_at is not None:
            return Outcome(
                flag,
                rows=(flag,),
                already=FieldError(
                    FlagDismissCode.ALREADY_RESOLVED,
                    "This flag was already handled.",
                    "flagId",
                ),
            )
        _resolve_flags([flag], actor=actor, now=timezone.now())
    return Outcome(flag, rows=(flag,))


def content_hide(*, actor: Member, content: ContentRef, reason: str) -> Outcome[Content]:
    """An adviser hides a thread, a post or a suggestion: it disappears for everyone but
    advisers and its author, the open flags on it are resolved, its author is told why and
    the audit log records it. Hidden content changes nothing (ALREADY_HIDDEN: the first
    reason stays).

    Raises `ServiceError` (ContentHideCode) for content not found and a blank or too long
    reason."""
    viewer = Viewer(actor)
    if not can_moderate(viewer):
        raise Forbidden("Only advisers may do this.")
    codes = ContentHideCode
    errors: list[FieldError] = []
    reason = clean_text(
        reason,
        field="reason",
        max_length=Hideable.HIDDEN_REASON_MAX,
        label="The reason",
        errors=errors,
        codes=codes,
    )
    with transaction.atomic():
        target = _lock_content(viewer, content)
        if target is None:
            errors.insert(0, FieldError(codes.NOT_FOUND, _NOT_FOUND[content.kind], "contentId"))
        if errors:
            raise ServiceError(*errors)
        assert target is not None
        if target.is_hidden:
            return Outcome(
                target,
                rows=(target,),
                already=FieldError(
                    codes.ALREADY_HIDDEN, "This content is already hidden.", "contentId"
                ),
            )
        now = timezone.now()
        _set_hidden_state(
            target, actor=actor, action="content.hide", at=now, by=actor, reason=reason
        )
        flags = list(_open_flags(target, content.kind).select_for_update().order_by("pk"))
        _resolve_flags(flags, actor=actor, now=now)
        notify(recipient_ids=[target.author_id], event=ContentHidden.event(content=target))
        _record_hidden(target)
    return Outcome(target, rows=(target, *flags))


def _record_hidden(content: Content) -> None:
    """Record CONTENT_HIDDEN in the outbox with the content and what holds it (a post's
    thread, a discussion's suggestion), so every page showing it hears of it."""
    kind = OutboxEventKind.CONTENT_HIDDEN
    if isinstance(content, Suggestion):
        record(kind, suggestion_id=content.pk)
    elif isinstance(content, ThreadModel):
        record(kind, thread_id=content.pk, suggestion_id=content.suggestion_id)
    else:
        record(kind, thread_id=content.thread_id, post_id=content.pk)


def content_unhide(*, actor: Member, content: ContentRef) -> Outcome[Content]:
    """An adviser shows hidden content again (flags resolved by the hiding stay resolved).
    Content that is not hidden changes nothing (NOT_HIDDEN).

    Raises `ServiceError` (ContentUnhideCode.NOT_FOUND) for content not found."""
    viewer = Viewer(actor)
    if not can_moderate(viewer):
        raise Forbidden("Only advisers may do this.")
    codes = ContentUnhideCode
    with transaction.atomic():
        target = _lock_content(viewer, content)
        if target is None:
            raise ServiceError.single(codes.NOT_FOUND, _NOT_FOUND[content.kind], "contentId")
        if not target.is_hidden:
            return Outcome(
                target,
                rows=(target,),
                already=FieldError(codes.NOT_HIDDEN, "This content is not hidden.", "contentId"),
            )
        _set_hidden_state(target, actor=actor, action="content.unhide", at=None, by=None, reason="")
    return Outcome(target, rows=(target,))
