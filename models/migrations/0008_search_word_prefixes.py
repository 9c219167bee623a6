"""Search matches the start of words, the same way on PostgreSQL as on SQLite (README,
"Search"): documents become `to_tsvector('comptoir_words', translate(column, SEPARATORS,
blanks))`, PostgreSQL's `simple` configuration (no stemming, no stop words) after
`unaccent`, with the punctuation its parser would keep inside a token read as blanks; the
queries are prefix lexemes (`'cour':*`), which the GIN indexes serve.

The three GIN indexes of 0004 are rebuilt, under the same names, on exactly the expression
`resolvers/selectors/search.py` sends (`tests/services/test_search.py` checks with EXPLAIN
that PostgreSQL still uses them). `french_unaccent` (0004) stays, unused, so that going
backwards restores the former indexes as they were. On SQLite this migration does nothing.
"""

from django.db import migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.migrations.state import StateApps

CONFIG = "comptoir_words"
# As resolvers/selectors/search.py::SEPARATORS, character for character.
SEPARATORS = "!\"#$&'()*+,-./:;<=>?@[\\]^_`{|}~’‘«»“”…–—•·\u00a0\u202f"


def _text(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _vector(config: str, column: str, weight: str, *, words: bool) -> str:
    if words:
        column = f"translate({column}, {_text(SEPARATORS)}, {_text(' ' * len(SEPARATORS))})"
    return f"setweight(to_tsvector('{config}'::regconfig, {column}), '{weight}')"


def _indexes(config: str, *, words: bool) -> dict[str, tuple[str, str]]:
    def both(table: str) -> tuple[str, str]:
        return (
            table,
            f"{_vector(config, 'title', 'A', words=words)} || "
            f"{_vector(config, 'body', 'B', words=words)}",
        )

    return {
        "thread_search_idx": both("community_thread"),
        "post_search_idx": ("community_post", _vector(config, "body", "B", words=words)),
        "suggestion_search_idx": both("community_suggestion"),
    }


def _create(indexes: dict[str, tuple[str, str]]) -> list[str]:
    return [
        f"CREATE INDEX {name} ON {table} USING gin (({expression}))"
        for name, (table, expression) in indexes.items()
    ]


def _drop(indexes: dict[str, tuple[str, str]]) -> list[str]:
    return [f"DROP INDEX IF EXISTS {name}" for name in indexes]


WORD_INDEXES = _indexes(CONFIG, words=True)
FRENCH_INDEXES = _indexes("french_unaccent", words=False)

FORWARDS = [
    f"CREATE TEXT SEARCH CONFIGURATION {CONFIG} (COPY = simple)",
    # Every token type that may carry accents; ASCII ones only need `simple`'s lower case.
    f"ALTER TEXT SEARCH CONFIGURATION {CONFIG} ALTER MAPPING FOR word, numword, hword, "
    "hword_part, hword_numpart, numhword WITH unaccent, simple",
    *_drop(FRENCH_INDEXES),
    *_create(WORD_INDEXES),
]
BACKWARDS = [
    *_drop(WORD_INDEXES),
    *_create(FRENCH_INDEXES),
    f"DROP TEXT SEARCH CONFIGURATION IF EXISTS {CONFIG}",
]


def forwards(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    if schema_editor.connection.vendor == "postgresql":
        for statement in FORWARDS:
            schema_editor.execute(statement)


def backwards(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    if schema_editor.connection.vendor == "postgresql":
        for statement in BACKWARDS:
            schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("community", "0007_texts_rendered_when_read")]

    operations = [migrations.RunPython(forwards, backwards)]
