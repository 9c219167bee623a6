"""Sensitive numbers found and masked (resolvers/sensitive.py): what each kind becomes, the
near misses left untouched, and two properties: masking twice is masking once, and no valid
number survives it."""

from __future__ import annotations

import re

import phonenumbers
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from stdnum import iban, luhn
from stdnum.fr import nir

from resolvers.sensitive import SensitiveKind, mask

IBAN = SensitiveKind.IBAN
CARD = SensitiveKind.PAYMENT_CARD
PHONE = SensitiveKind.PHONE_NUMBER
NIR = SensitiveKind.SOCIAL_SECURITY_NUMBER

FOUND = [
    # The two numbers of the customers' story.
    (
        "Mon virement depuis FR76 3000 6000 0112 3456 7890 189 n'est jamais arrivé",
        "Mon virement depuis FR76 •••• •••• •••• •••• •••• 189 n'est jamais arrivé",
        (IBAN,),
    ),
    ("carte 4970 1012 3456 7893.", "carte •••• •••• •••• 7893.", (CARD,)),
    # IBANs of other countries, without spaces, in lower case, at the end of a sentence.
    ("FR7630006000011234567890189", "FR76 •••• •••• •••• •••• •••• 189", (IBAN,)),
    ("fr76 3000 6000 0112 3456 7890 189.", "FR76 •••• •••• •••• •••• •••• 189.", (IBAN,)),
    ("DE89 3704 0044 0532 0130 00", "DE89 •••• •••• •••• •••0 00", (IBAN,)),
    ("(GB82WEST12345698765432)", "(GB82 •••• •••• •••• •••4 32)", (IBAN,)),
    ("BE71 0961 2345 6769", "BE71 •••• •••• •769", (IBAN,)),
    # Cards: with dashes, in one piece, American Express's layout, 19 digits.
    ("4970-1012-3456-7893", "•••• •••• •••• 7893", (CARD,)),
    ("n°4970101234567893", "n°•••• •••• •••• 7893", (CARD,)),
    ("Amex 3782 822463 10005", "Amex •••• •••• •••• 0005", (CARD,)),
    ("6759 6498 2643 8453 003", "•••• •••• •••• •••• 3003", (CARD,)),
    # Phones: French ones however written, international ones with their code.
    ("au 06 12 34 56 78 !", "au 06 •• •• •• 78 !", (PHONE,)),
    ("0612345678", "06••••••78", (PHONE,)),
    ("06.12.34.56.78", "06.••.••.••.78", (PHONE,)),
    ("fixe : 01-23-45-67-89", "fixe : 01-••-••-••-89", (PHONE,)),
    ("+33 6 12 34 56 78", "+33 • •• •• •• 78", (PHONE,)),
    ("+33 (0)6 12 34 56 78", "+33 (•)• •• •• •• 78", (PHONE,)),
    ("0033 6 12 34 56 78", "00•• • •• •• •• 78", (PHONE,)),
    ("+14155552671", "+14•••••••71", (PHONE,)),
    ("+44 20 7946 0958", "+44 •• •••• ••58", (PHONE,)),
    # Among other digits, where the matcher sees one long number.
    ("Tél 06 12 34 56 78 2 fois", "Tél 06 •• •• •• 78 2 fois", (PHONE,)),
    ("le 12 06 12 34 56 78", "le 12 06 •• •• •• 78", (PHONE,)),
    ("06 12 34 56 78 06 98 76 54 32", "06 •• •• •• 78 06 •• •• •• 32", (PHONE, PHONE)),
    # NIR: as on the card, in one piece, the key apart, born in Corsica.
    ("NIR 1 85 05 78 006 084 91", "NIR 1 •• •• •• ••• ••• 91", (NIR,)),
    ("185057800608491", "1••••••••••••91", (NIR,)),
    ("2690549588157 80", "2•••••••••••• 80", (NIR,)),
    ("1 85 05 2A 006 084 35", "1 •• •• •• ••• ••• 35", (NIR,)),
    # Several in one text, next to each other.
    (
        "FR76 3000 6000 0112 3456 7890 189 4970 1012 3456 7893 06 12 34 56 78",
        "FR76 •••• •••• •••• •••• •••• 189 •••• •••• •••• 7893 06 •• •• •• 78",
        (IBAN, CARD, PHONE),
    ),
    (
        "4970 1012 3456 7893 4970 1012 3456 7893",
        "•••• •••• •••• 7893 •••• •••• •••• 7893",
        (CARD, CARD),
    ),
]

NEAR_MISSES = [
    "Commande CMD-2024-000123 du 12/03/2024",
    "Référence de commande 2024 0312 0000 1234",
    "Dossier n° 2014031200001235",  # 16 digits, Luhn fails
    "4970 1012 3456 7890",  # a card's layout, Luhn fails
    "4970 1012 3456 789",  # 15 digits, Luhn fails
    "FR76 3000 6000 0112 3456 7890 188",  # an IBAN whose checksum fails
    "FR76 3000 6000 0112 3456 7890",  # an IBAN cut short
    "1 85 05 78 006 084 99",  # a NIR with a wrong key
    "Montant : 1 234 567,89 € le 2024-03-12 à 14:30",
    "Prélèvement de 12 345,67 EUR le 12.03.2024",
    "75011 Paris, bureau 12 34 56",  # a postcode and a phone-like sequence
    "Code postal 75008, poste 1234, agence 3639",
    "06 12 34 56",  # too short for a phone
    "le 12 06 2024 à 10 30",
    "00 00 00 00 00",
    "version 1.2.3, 12,5 %, 10 000 clients",
    "Transactions 4970 1012 et 3456 7893 le 12/26",
    "4970 1012 3456 7890 FR76 3000 6000 0112 3456 7890 188 1 85 05 78 006 084 99",
    "FR76 •••• •••• •••• •••• •••• 189 et •••• •••• •••• 7893",  # already masked
]


@pytest.mark.parametrize(("text", "masked", "kinds"), FOUND)
def test_numbers_are_masked_as_expected(
    text: str, masked: str, kinds: tuple[SensitiveKind, ...]
) -> None:
    result = mask(text)
    assert (result.text, result.kinds) == (masked, kinds)
    assert result.changed


@pytest.mark.parametrize("text", NEAR_MISSES)
def test_near_misses_are_left_untouched(text: str) -> None:
    result = mask(text)
    assert (result.text, result.kinds, result.changed) == (text, (), False)


def test_a_text_without_digits_is_returned_as_it_is() -> None:
    assert mask("Bonjour, pas de numéro ici.").text == "Bonjour, pas de numéro ici."


# --- Properties ------------------------------------------------------------------------------

# Around a number: words, punctuation and blanks, but no digit glued to it (a digit next to
# a number makes another number, which is no longer the one generated).
AROUND = st.text(
    alphabet=st.characters(categories=("L", "P", "Zs", "So"), exclude_characters="•"),
    max_size=30,
)
SEPARATOR = st.sampled_from([" ", "\n", ", ", " : ", " (", "\u00a0"])


def _grouped(compact: str, size: int, separator: str) -> str:
    return separator.join(compact[i : i + size] for i in range(0, len(compact), size))


@st.composite
def ibans(draw: st.DrawFn) -> str:
    country, digits = draw(st.sampled_from([("DE", 18), ("BE", 12), ("IT", 0), ("NL", 0)]))
    if country == "IT":
        bban = "X0542811101000000123456"
    elif country == "NL":
        bank = draw(st.sampled_from(["ABNA", "INGB", "RABO"]))
        bban = bank + "".join(
            draw(st.lists(st.sampled_from("0123456789"), min_size=10, max_size=10))
        )
    else:
        bban = "".join(
            draw(st.lists(st.sampled_from("0123456789"), min_size=digits, max_size=digits))
        )
    number = country + iban.calc_check_digits(country + "00" + bban) + bban
    assume(iban.is_valid(number))
    return _grouped(number, 4, draw(st.sampled_from([" ", ""])))


@st.composite
def cards(draw: st.DrawFn) -> str:
    length = draw(st.sampled_from([13, 15, 16, 19]))
    body = draw(st.sampled_from("23456")) + "".join(
        draw(st.lists(st.sampled_from("0123456789"), min_size=length - 2, max_size=length - 2))
    )
    number = body + luhn.calc_check_digit(body)
    return _grouped(number, 4, draw(st.sampled_from([" ", "-", ""])))


@st.composite
def phones(draw: st.DrawFn) -> str:
    rest = "".join(draw(st.lists(st.sampled_from("0123456789"), min_size=8, max_size=8)))
    first = draw(st.sampled_from("1234567"))
    number = phonenumbers.parse("0" + first + rest, "FR")
    assume(phonenumbers.is_valid_number(number))
    style = draw(st.sampled_from(["national", "compact", "international", "e164"]))
    if style == "national":
        return _grouped("0" + first + rest, 2, draw(st.sampled_from([" ", ".", "-"])))
    if style == "compact":
        return "0" + first + rest
    if style == "international":
        return "+33 " + first + " " + _grouped(rest, 2, " ")
    return "+33" + first + rest


@st.composite
def nirs(draw: st.DrawFn) -> str:
    number = (
        draw(st.sampled_from("12"))
        + f"{draw(st.integers(0, 99)):02d}"
        + f"{draw(st.integers(1, 12)):02d}"
        + f"{draw(st.integers(1, 95)):02d}"
        + f"{draw(st.integers(1, 990)):03d}"
        + f"{draw(st.integers(1, 999)):03d}"
    )
    key = nir.calc_check_digits(number)
    if draw(st.booleans()):
        return number + key
    parts = (number[0], number[1:3], number[3:5], number[5:7], number[7:10], number[10:13], key)
    return " ".join(parts)


NUMBERS = {IBAN: ibans(), CARD: cards(), PHONE: phones(), NIR: nirs()}


def _compact(text: str) -> str:
    return re.sub(r"[^0-9A-Za-z]", "", text).upper()


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.filter_too_much])
@given(data=st.data(), kind=st.sampled_from(list(NUMBERS)))
def test_no_valid_number_survives(data: st.DataObject, kind: SensitiveKind) -> None:
    number = data.draw(NUMBERS[kind])
    text = (
        data.draw(AROUND) + data.draw(SEPARATOR) + number + data.draw(SEPARATOR) + data.draw(AROUND)
    )
    result = mask(text)
    # One number masked, of its kind (a 15-digit card number may be a valid NIR too: masked
    # all the same).
    digits = _compact(number)
    assert result.kinds in ((kind,), *(((NIR,),) if kind == CARD and nir.is_valid(digits) else ()))
    # Gone, whatever spacing the text had: at most its first four and last three characters
    # are left.
    assert digits not in _compact(result.text)
    assert result.text.count("•") >= len(digits) - 7
    assert mask(result.text).kinds == ()


@settings(max_examples=500, deadline=None)
@given(
    st.lists(
        st.one_of(
            st.text(alphabet="0123456789 -.+()•AB/,", max_size=40),
            st.text(max_size=20),
            ibans(),
            cards(),
            phones(),
            nirs(),
        ),
        max_size=6,
    ).map(" ".join)
)
def test_masking_is_idempotent(text: str) -> None:
    once = mask(text)
    twice = mask(once.text)
    assert (twice.text, twice.kinds) == (once.text, ())
