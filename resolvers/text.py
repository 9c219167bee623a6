"""Texts the services take: cleaned and checked the same way everywhere, and the test of
"the same submission again"."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import timedelta
from enum import StrEnum
from typing import Protocol, TypeVar

from django.conf import settings
from django.db.models import QuerySet
from django.utils import timezone

from models.models import Suggestion, Thread

from .errors import FieldError, ServiceError

Submission = TypeVar("Submission", Suggestion, Thread)


class LengthCodes(Protocol):
    """A result enum with the code a text's length may append."""

    @property
    def TOO_LONG(self) -> StrEnum: ...


class TextCodes(LengthCodes, Protocol):
    """A result enum with the two codes `clean_text` may append (every operation that takes
    a text declares them)."""

    @property
    def BLANK(self) -> StrEnum: ...


class TextLimits(Protocol):
    """A model whose rows have a title and a body, and their longest lengths."""

    TITLE_MAX: int
    BODY_MAX: int


def clean_text(
    value: str,
    *,
    field: str,
    max_length: int,
    label: str,
    errors: list[FieldError],
    codes: TextCodes,
) -> str:
    """Strip surrounding blanks and check the length; append what is wrong to `errors`,
    with the calling operation's `codes`."""
    cleaned = value.strip()
    if not cleaned:
        errors.append(FieldError(codes.BLANK, f"{label} must not be empty.", field))
        return cleaned
    return clean_optional_text(
        cleaned, field=field, max_length=max_length, label=label, errors=errors, codes=codes
    )


def clean_optional_text(
    value: str,
    *,
    field: str,
    max_length: int,
    label: str,
    errors: list[FieldError],
    codes: LengthCodes,
) -> str:
    """`clean_text` for a text that may be empty (a note, a comment): strip surrounding
    blanks and check the length only."""
    cleaned = value.strip()
    if len(cleaned) > max_length:
        errors.append(
            FieldError(codes.TOO_LONG, f"{label} must be at most {max_length} characters.", field)
        )
    return cleaned


def valid_title_and_body(
    title: str,
    body: str,
    *,
    limits: TextLimits,
    body_label: str,
    codes: TextCodes,
    errors: Iterable[FieldError] = (),
) -> tuple[str, str]:
    """A title ("The title") and a body (`body_label`) cleaned by `clean_text`, within the
    lengths of `limits` (the model they are written to).

    Raises `ServiceError` with `errors` (what the caller found wrong with other fields
    first) and what is wrong with these, if anything is."""
    found = list(errors)
    fields = (
        (title, "title", limits.TITLE_MAX, "The title"),
        (body, "body", limits.BODY_MAX, body_label),
    )
    cleaned_title, cleaned_body = (
        clean_text(value, field=field, max_length=length, label=label, errors=found, codes=codes)
        for value, field, length, label in fields
    )
    if found:
        raise ServiceError(*found)
    return cleaned_title, cleaned_body


def same_text(value: str) -> str:
    """`value` with every run of whitespace (spaces, tabs, line breaks, no-break spaces) made
    one space and none around: two submissions are "the same" when these are equal, so a
    retry that an editor re-wrapped or a client re-trimmed is still recognised."""
    return " ".join(value.split())


def same_recent_submission(
    rows: QuerySet[Submission], *, title: str, body: str
) -> Submission | None:
    """The latest of `rows` (an author's suggestions, or their threads) written in the last
    `COMPTOIR_DUPLICATE_SUBMISSION_WINDOW` seconds with the same title and body
    (`same_text`): what a double click or a retried request sends again."""
    since = timezone.now() - timedelta(seconds=settings.COMPTOIR_DUPLICATE_SUBMISSION_WINDOW)
    key = (same_text(title), same_text(body))
    recent = rows.filter(created_at__gte=since).order_by("-id")
    return next((row for row in recent if (same_text(row.title), same_text(row.body)) == key), None)
