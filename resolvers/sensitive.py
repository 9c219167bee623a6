"""Sensitive numbers found in a text and masked (DESIGN §7): IBANs, payment card numbers,
phone numbers and French social security numbers (NIR) never reach storage.

Pure: no database, no settings. `mask` takes a text and returns it with every such number
replaced by a masked form that keeps its start and end, and the kinds it masked — never
the numbers themselves, so nothing downstream (a notice, a log line) can leak one.

How a number is found: a hand-written scan proposes candidates (a run of digit groups
separated by single spaces, dots or dashes; two letters and two digits opening an IBAN),
and the libraries made for each kind decide: python-stdnum checks IBANs (per country
format and ISO 7064 mod 97), Luhn for cards and the NIR's key (mod 97); phonenumbers'
matcher finds phone numbers as it would in any text (French numbers, and international
ones written with their +country code) and keeps only numbers valid for their country.
What merely looks alike — an order reference, a date, an amount, a 16-digit number failing
Luhn, an IBAN whose checksum fails — is left as it is (tests/services/test_sensitive.py
holds a table of them).

Masked forms (README, "Sensitive numbers"):
- IBAN: country and check digits, then the last three characters, in groups of four:
  `FR76 •••• •••• •••• •••• •••• 189`;
- card: the last four digits only: `•••• •••• •••• 7893`;
- phone: the first two and last two digits, the writer's spacing kept: `06 •• •• •• 78`;
- NIR: the first digit (sex) and the key: `1 •• •• •• ••• ••• 91`.

`mask(mask(text)) == mask(text)`: the scan runs again on its own output until it finds
nothing (kept digits next to other digits could otherwise form a new valid number), so no
valid number survives in what is stored.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from enum import StrEnum
from typing import NamedTuple

import phonenumbers
from stdnum import iban, luhn
from stdnum.fr import nir

BULLET = "•"


class SensitiveKind(StrEnum):
    """The kinds of numbers masked before a text is stored."""

    IBAN = "IBAN"
    PAYMENT_CARD = "PAYMENT_CARD"
    PHONE_NUMBER = "PHONE_NUMBER"
    SOCIAL_SECURITY_NUMBER = "SOCIAL_SECURITY_NUMBER"


@dataclass(frozen=True, slots=True)
class Masked:
    """A text with its sensitive numbers masked, and the kind of each number masked, in
    the order found (one entry per number; the numbers themselves are not kept)."""

    text: str
    kinds: tuple[SensitiveKind, ...] = ()

    @property
    def changed(self) -> bool:
        """Whether anything was masked."""
        return bool(self.kinds)


class _Token(NamedTuple):
    """A group of a run of digits: where it is, its characters, the separator before it."""

    start: int
    end: int
    value: str
    separator: str


@dataclass(frozen=True, slots=True)
class _Span:
    start: int
    end: int
    kind: SensitiveKind
    replacement: str


# Separators inside a number as people type them: a space (also no-break and narrow
# no-break), a dot, a dash. One at a time: two spaces end the number.
_SEPARATORS = " \u00a0\u202f.-"
# A run of digit groups (and "2A"/"2B", Corsica's départements in a NIR), not glued to a
# word, a bullet or a reference's dash ("CMD-2024-000123" has no run).
_RUN = re.compile(
    r"(?<![\w•])(?<![\w•][-./])(?:2[AB]|\d+)(?:[ \u00a0\u202f.-](?:2[AB]|\d+))*",
    re.IGNORECASE,
)
_TOKEN = re.compile(r"2[AB]|\d+", re.IGNORECASE)
# Where an IBAN may start: two letters and two check digits, not inside a word.
_IBAN_START = re.compile(r"(?<![\w•])[A-Za-z]{2}\d{2}")
_IBAN_MIN, _IBAN_MAX = 15, 34
_CARD_MIN, _CARD_MAX = 13, 19
# How a NIR is written: in one piece, its number then its key, or as on the card
# (sex, year, month, département, commune, order, key).
_NIR_LAYOUTS = ((15,), (13, 2), (1, 2, 2, 2, 3, 3, 2))
_CARD_PRINTED = frozenset({(4, 6, 5), (4, 6, 4)})
# How a French number is written nationally: in pairs, or in one piece.
_PHONE_LAYOUTS = ((2, 2, 2, 2, 2), (10,))


def mask(text: str) -> Masked:
    """`text` with every sensitive number masked, and the kinds masked (see the module)."""
    kinds: list[SensitiveKind] = []
    # Each round leaves fewer digits than it found, so this ends; a second round is rare.
    while spans := _find(text):
        kinds.extend(span.kind for span in spans)
        text = _replace(text, spans)
    return Masked(text, tuple(kinds))


def _replace(text: str, spans: list[_Span]) -> str:
    parts: list[str] = []
    at = 0
    for span in sorted(spans, key=lambda s: s.start):
        parts.append(text[at : span.start])
        parts.append(span.replacement)
        at = span.end
    parts.append(text[at:])
    return "".join(parts)


def _find(text: str) -> list[_Span]:
    """The numbers of `text`, IBANs first, then NIRs and cards among runs of digits, then
    phones in what is left (each kind never overlapping one found before): French numbers
    written nationally among other digits, then whatever phonenumbers' matcher finds."""
    if not any(c.isdigit() for c in text):
        return []
    spans = list(_ibans(text))
    rest = _blanked(text, spans)
    for run in _RUN.finditer(rest):
        spans.extend(_in_run(rest, run.start(), run.end()))
    spans.extend(_phones(_blanked(text, spans)))
    masked = (_with_replacement(text, span) for span in spans)
    # A span its masking would leave as it is (none is known) must not loop forever.
    return [span for span in masked if span.replacement != text[span.start : span.end]]


def _blanked(text: str, spans: list[_Span]) -> str:
    # The same offsets, with what is already found made blanks for the next kinds.
    chars = list(text)
    for span in spans:
        chars[span.start : span.end] = " " * (span.end - span.start)
    return "".join(chars)


# --- IBAN ----------------------------------------------------------------------------------


def _ibans(text: str) -> Iterator[_Span]:
    at = 0
    while True:
        start = _IBAN_START.search(text, at)
        if start is None:
            return
        found = _iban_at(text, start.start())
        if found is None:
            at = start.start() + 1
            continue
        yield found
        at = found.end


def _iban_at(text: str, start: int) -> _Span | None:
    """The longest valid IBAN starting at `start` and ending where a group of characters
    ends, if any."""
    compact: list[str] = []
    ends: list[tuple[int, int]] = []  # (end offset, compact length) at each group's end
    i = start
    while i < len(text) and len(compact) < _IBAN_MAX:
        c = text[i]
        if c.isascii() and c.isalnum():
            compact.append(c.upper())
            i += 1
            if i == len(text) or not (text[i].isascii() and text[i].isalnum()):
                ends.append((i, len(compact)))
            continue
        if c in _SEPARATORS and compact and i + 1 < len(text) and text[i + 1].isalnum():
            i += 1
            continue
        break
    for end, length in reversed(ends):
        if length < _IBAN_MIN:
            break
        if end < len(text) and (text[end].isalnum() or text[end] == BULLET):
            continue
        number = "".join(compact[:length])
        if iban.is_valid(number):
            return _Span(start, end, SensitiveKind.IBAN, _masked_iban(number))
    return None


def _masked_iban(number: str) -> str:
    hidden = number[:4] + BULLET * (len(number) - 7) + number[-3:]
    return " ".join(hidden[i : i + 4] for i in range(0, len(hidden), 4))


# --- Runs of digits: NIR and payment cards ---------------------------------------------------


def _in_run(text: str, start: int, end: int) -> Iterator[_Span]:
    """NIRs and card numbers made of whole groups of the run `text[start:end]`: from each
    group, the longest valid one (a NIR before a card), then on after it."""
    tokens: list[_Token] = []
    for m in _TOKEN.finditer(text, start, end):
        before = text[tokens[-1].end : m.start()] if tokens else ""
        tokens.append(_Token(m.start(), m.end(), m.group().upper(), before))
    i = 0
    while i < len(tokens):
        found = _nir_from(tokens, i) or _card_from(tokens, i) or _phone_from(tokens, i)
        if found is None:
            i += 1
            continue
        span, last = found
        yield span
        i = last + 1


def _nir_from(tokens: list[_Token], i: int) -> tuple[_Span, int] | None:
    for layout in _NIR_LAYOUTS:
        j = i + len(layout) - 1
        if j >= len(tokens) or any(len(tokens[i + k][2]) != size for k, size in enumerate(layout)):
            continue
        if _one_separator(tokens, i, j) and nir.is_valid("".join(t[2] for t in tokens[i : j + 1])):
            return _Span(tokens[i][0], tokens[j][1], SensitiveKind.SOCIAL_SECURITY_NUMBER, ""), j
    return None


def _card_from(tokens: list[_Token], i: int) -> tuple[_Span, int] | None:
    best: tuple[str, int] | None = None
    compact = ""
    for j in range(i, len(tokens)):
        if not tokens[j][2].isdigit():
            break
        compact += tokens[j][2]
        if len(compact) > _CARD_MAX:
            break
        sizes = tuple(len(t[2]) for t in tokens[i : j + 1])
        if (
            len(compact) >= _CARD_MIN
            and _card_layout(sizes)
            and _one_separator(tokens, i, j)
            and luhn.is_valid(compact)
        ):
            best = (compact, j)
    if best is None:
        return None
    number, j = best
    groups = -(-(len(number) - 4) // 4)
    replacement = f"{BULLET * 4} " * groups + number[-4:]
    return _Span(tokens[i][0], tokens[j][1], SensitiveKind.PAYMENT_CARD, replacement), j


def _phone_from(tokens: list[_Token], i: int) -> tuple[_Span, int] | None:
    """A French number written nationally (`06 12 34 56 78`, `0612345678`) among other digits,
    where the matcher, seeing one long number, finds none: valid for France only."""
    for layout in _PHONE_LAYOUTS:
        j = i + len(layout) - 1
        if j >= len(tokens) or any(
            len(tokens[i + k].value) != size for k, size in enumerate(layout)
        ):
            continue
        number = "".join(t.value for t in tokens[i : j + 1])
        if number.isdigit() and number[0] == "0" and _one_separator(tokens, i, j):
            parsed = phonenumbers.parse(number, "FR")
            if phonenumbers.is_valid_number(parsed):
                return _Span(tokens[i].start, tokens[j].end, SensitiveKind.PHONE_NUMBER, ""), j
    return None


def _card_layout(sizes: tuple[int, ...]) -> bool:
    """Whether groups of these sizes are how card numbers are written: in one piece, in
    fours (the last one shorter, for 13 to 19 digits), or as American Express and Diners
    print theirs (4-6-5, 4-6-4). Digits of neighbouring numbers that merely add up to a
    Luhn-valid count are not a card."""
    if len(sizes) == 1 or sizes in _CARD_PRINTED:
        return True
    return all(size == 4 for size in sizes[:-1]) and 1 <= sizes[-1] <= 4


def _one_separator(tokens: list[_Token], i: int, j: int) -> bool:
    """Whether the groups `i` to `j` are separated by one and the same character."""
    return len({tokens[k].separator for k in range(i + 1, j + 1)}) <= 1


# --- Phone numbers ---------------------------------------------------------------------------


def _phones(text: str) -> Iterator[_Span]:
    """Phone numbers valid for their country, as phonenumbers' matcher finds them in a
    text: French ones written nationally, any country's with its +code."""
    matcher = phonenumbers.PhoneNumberMatcher(text, "FR", leniency=phonenumbers.Leniency.VALID)
    for match in matcher:
        yield _Span(match.start, match.end, SensitiveKind.PHONE_NUMBER, "")


def _keep_ends(raw: str, head: int, tail: int) -> str:
    """`raw` with its digits made bullets but the first `head` and last `tail`, every other
    character (spacing, +, brackets) kept."""
    positions = [i for i, c in enumerate(raw) if c.isalnum()]
    hidden = set(positions[head : len(positions) - tail])
    return "".join(BULLET if i in hidden else c for i, c in enumerate(raw))


def _with_replacement(text: str, span: _Span) -> _Span:
    if span.replacement:
        return span
    raw = text[span.start : span.end]
    head, tail = (1, 2) if span.kind == SensitiveKind.SOCIAL_SECURITY_NUMBER else (2, 2)
    return _Span(span.start, span.end, span.kind, _keep_ends(raw, head, tail))
