"""The words of stored text, as search reads them on both databases, and SQLite's
`comptoir_words` SQL function that writes them (README, "Search").

The function is part of the database as Comptoir defines it, like the text search
configuration of migration 0008 on PostgreSQL: search filters on it, so it must exist on
every SQLite connection, whatever code runs first. The app's `ready()` (`models/apps.py`)
connects `register_words_function` to `connection_created`. The matching rule itself (terms,
prefixes, ranking) is the search selector's (`resolvers/selectors/search.py`).
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import Any

from django.db.backends.base.base import BaseDatabaseWrapper

WORDS_FUNCTION = "comptoir_words"

_LIGATURES = str.maketrans({"œ": "oe", "Œ": "OE", "æ": "ae", "Æ": "AE"})
_HAS_LIGATURE = re.compile("[œŒæÆ]")
# The combining marks of Latin accents, removed in one C-level pass.
_LATIN_MARKS = re.compile("[\u0300-\u036f]+")

# A word: a run of letters and digits (the underscore, a "word" character for `re`, is a
# separator for PostgreSQL's parser, so it is one here too).
WORD = re.compile(r"[^\W_]+")


def fold(text: str) -> str:
    """Accent- and case-folded text: "Publicité ŒUVRE" → "publicite oeuvre"."""
    if _HAS_LIGATURE.search(text):
        text = text.translate(_LIGATURES)
    folded = _LATIN_MARKS.sub("", unicodedata.normalize("NFKD", text))
    if not folded.isascii():
        # Other scripts' combining marks (rare here): the exact, slower test.
        folded = "".join(c for c in folded if not unicodedata.combining(c))
    return folded.casefold()


def words(text: str) -> list[str]:
    """The folded words of a text, as both databases split it: "L'e-mail, déjà !" →
    ["l", "e", "mail", "deja"]."""
    return WORD.findall(fold(text))


@lru_cache(maxsize=1024)
def _cached_words(value: str) -> str:
    return " " + " ".join(words(value)) + " "


def sql_words(value: str | None) -> str | None:
    """`comptoir_words(column)`: the column's folded words between blanks
    (" pouvoir desactiver la publicite "), so that " " + term occurs exactly where a word
    starts with the term; NULL for NULL."""
    # A row's title and body are split once per term: the cache answers the repeats.
    return None if value is None else _cached_words(value)


def register_words_function(sender: Any, connection: BaseDatabaseWrapper, **kwargs: Any) -> None:
    """A `connection_created` receiver: `comptoir_words` on each new SQLite connection
    (deterministic, so SQLite may use it in indexes and cache its results); nothing on
    other databases."""
    if connection.vendor == "sqlite":
        connection.connection.create_function(WORDS_FUNCTION, 1, sql_words, deterministic=True)
