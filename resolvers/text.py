from __future__ import annotations

from enum import StrEnum
from typing import Protocol

from .errors import FieldError


class TextCodes(Protocol):
    """A result enum with the two codes `clean_text` may append (every operation that takes
    a text declares them)."""

    @property
    def BLANK(self) -> StrEnum: ...

    @property
    def TOO_LONG(self) -> StrEnum: ...


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
    elif len(cleaned) > max_length:
        errors.append(
            FieldError(codes.TOO_LONG, f"{label} must be at most {max_length} characters.", field)
        )
    return cleaned


def same_text(value: str) -> str:
    """`value` with every run of whitespace (spaces, tabs, line breaks, no-break spaces) made
    one space and none around: two submissions are "the same" when these are equal, so a
    retry that an editor re-wrapped or a client re-trimmed is still recognised."""
    return " ".join(value.split())
