"""Texts the services take: cleaned and checked the same way everywhere (sensitive numbers
masked before anything stores them), and the test of "the same submission again"."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import timedelta
from enum import StrEnum
from typing import Protocol, TypeVar

from django.conf import settings
from django.db.models import QuerySet
from django.utils import timezone

from models.models import Suggestion, Thread

from .errors import FieldError, ResultCode, ServiceError
from .sensitive import SensitiveKind, mask

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


@dataclass(frozen=True, slots=True)
class MaskedNumber:
    """A kind of sensitive number masked in an input field before its text was stored (what
    the number was is kept nowhere)."""

    field: str
    kind: SensitiveKind


class NoticeCode(ResultCode):
    """What a write that succeeded tells its author about the text it stored."""

    SENSITIVE_NUMBER_MASKED = (
        "SENSITIVE_NUMBER_MASKED",
        "A sensitive number (IBAN, card, phone, social security number) was found in the text "
        "and masked before it was stored: the text is published with only the number's start "
        "and end showing, and nothing keeps the full number. An adviser may contact you.",
    )


# What a notice says of each kind masked, for the person who wrote it.
_NUMBER_NAMES = {
    SensitiveKind.IBAN: "An IBAN",
    SensitiveKind.PAYMENT_CARD: "A payment card number",
    SensitiveKind.PHONE_NUMBER: "A phone number",
    SensitiveKind.SOCIAL_SECURITY_NUMBER: "A social security number",
}


def masked_notice_message(kind: SensitiveKind) -> str:
    """The notice's sentence for a number of `kind` masked in what its author wrote."""
    return (
        f"{_NUMBER_NAMES[kind]} was masked before publishing: only its start and end show. "
        "Never share bank details or personal numbers in public; an adviser may contact you "
        "privately if needed."
    )


# The lists that `masked_numbers` blocks collect into, innermost last.
_collectors: ContextVar[tuple[list[MaskedNumber], ...]] = ContextVar("masked_numbers", default=())


@contextmanager
def masked_numbers() -> Iterator[list[MaskedNumber]]:
    """Collect what the texts cleaned inside the block had masked (`masked_text`): one entry
    per field and kind, in the order met. Blocks nest, each collecting everything masked
    inside it: a service collects to tell advisers, the API around it to tell the author."""
    found: list[MaskedNumber] = []
    token = _collectors.set((*_collectors.get(), found))
    try:
        yield found
    finally:
        _collectors.reset(token)


def masked_text(value: str, *, field: str) -> str:
    """`value` with its sensitive numbers masked (`resolvers.sensitive`), what was masked
    recorded as `field`'s for the `masked_numbers` blocks around the call."""
    result = mask(value)
    for kind in dict.fromkeys(result.kinds):
        entry = MaskedNumber(field, kind)
        for found in _collectors.get():
            if entry not in found:
                found.append(entry)
    return result.text


def clean_text(
    value: str,
    *,
    field: str,
    max_length: int,
    label: str,
    errors: list[FieldError],
    codes: TextCodes,
) -> str:
    """Strip surrounding blanks, mask sensitive numbers (`masked_text`) and check the length
    of what will be stored; append what is wrong to `errors`, with the calling operation's
    `codes`."""
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
    blanks, mask sensitive numbers and check the length only."""
    cleaned = value.strip()
    # Too long as typed: refused, and nothing to mask. Masked, a number may take a few more
    # characters (an IBAN typed in one piece is stored in groups): the stored text's length
    # is checked too.
    if len(cleaned) <= max_length:
        cleaned = masked_text(cleaned, field=field)
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
