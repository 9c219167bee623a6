"""Full-text search on PostgreSQL: accent-folding French configuration and GIN indexes.

`french_unaccent` is a copy of `french` whose word tokens go through `unaccent` before the
French stemmer, so "publicite", "publicité" and "publicités" meet on one lexeme. Each GIN
index is built on exactly the expression `resolvers/selectors/search.py` filters on (title
weighted A, body weighted B): PostgreSQL only uses an expression index for the very same
expression, and `tests/services/test_search.py` checks with EXPLAIN that it still does.

On SQLite this migration does nothing: the search falls back to accent- and case-folded
substring matching through a function registered on each connection.

The `unaccent` extension must be available on the server (it ships with PostgreSQL's
contrib package); creating it needs a superuser or, since PostgreSQL 13, a database owner
(it is a trusted extension).
"""

from django.db import migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.migrations.state import StateApps

CONFIG = "french_unaccent"


def _vector(column: str, weight: str) -> str:
    return f"setweight(to_tsvector('{CONFIG}'::regconfig, {column}), '{weight}')"


INDEXES = {
    "thread_search_idx": (
        "community_thread",
        f"{_vector('title', 'A')} || {_vector('body', 'B')}",
    ),
    "post_search_idx": ("community_post", _vector("body", "B")),
    "suggestion_search_idx": (
        "community_suggestion",
        f"{_vector('title', 'A')} || {_vector('body', 'B')}",
    ),
}

CREATE = [
    "CREATE EXTENSION IF NOT EXISTS unaccent",
    f"CREATE TEXT SEARCH CONFIGURATION {CONFIG} (COPY = french)",
    # Only the token types that may carry accents; ASCII ones keep the plain French mapping.
    f"ALTER TEXT SEARCH CONFIGURATION {CONFIG} "
    "ALTER MAPPING FOR hword, hword_part, word WITH unaccent, french_stem",
    *(
        f"CREATE INDEX {name} ON {table} USING gin (({expression}))"
        for name, (table, expression) in INDEXES.items()
    ),
]

DROP = [
    *(f"DROP INDEX IF EXISTS {name}" for name in INDEXES),
    f"DROP TEXT SEARCH CONFIGURATION IF EXISTS {CONFIG}",
    # Without CASCADE: if something else came to rely on unaccent, this stops and says so.
    "DROP EXTENSION IF EXISTS unaccent",
]


def forwards(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    if schema_editor.connection.vendor == "postgresql":
        for statement in CREATE:
            schema_editor.execute(statement)


def backwards(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    if schema_editor.connection.vendor == "postgresql":
        for statement in DROP:
            schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("community", "0003_protect_votes_flag_created_at")]

    operations = [migrations.RunPython(forwards, backwards)]
