"""The search selectors below the API: folding, the SQLite fallback's terms, and on
PostgreSQL that the GIN indexes of migration 0004 serve the queries actually sent."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from models.models import Member
from models.search import fold, words
from permissions.roles import ANONYMOUS, Viewer
from resolvers.errors import BadUserInput
from resolvers.selectors.search import (
    SEARCH_CONFIG,
    SEPARATORS,
    clean_query,
    query_terms,
    search,
    similar_suggestions,
    title_terms,
)
from tests.factories import PostFactory, SuggestionFactory, ThreadFactory

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("Publicité", "publicite"),
        ("ÉLÈVE à Noël", "eleve a noel"),
        ("Cœur ŒUVRE ex æquo", "coeur oeuvre ex aequo"),
        ("Straße", "strasse"),
        ("ﬁnance", "finance"),  # compatibility ligature
        ("déjà vu", "deja vu"),
    ],
)
def test_fold(text: str, folded: str) -> None:
    assert fold(text) == folded


@pytest.mark.parametrize(
    ("text", "wanted", "excluded"),
    [
        ("Désactiver la publicité par courrier", ["desactiver", "publicite", "courrier"], []),
        ("publicité cour", ["publicite", "cour"], []),
        ("les courriers", ["courrier"], []),
        ("à a b", [], []),
        ("bus, pas", ["bus"], []),
        ("courrier COURRIER courriers", ["courrier"], []),
        ('"carte bleue" -bloquée', ["carte", "bleue"], ["bloquee"]),
        # No operator but "-word": "or" is a word, "e-mail" two words.
        ("e-mail or courrier", ["mail", "or", "courrier"], []),
        # tsquery syntax is text: separators.
        ("publicité & cour | !carte", ["publicite", "cour", "carte"], []),
        ("cour:* (publicité) 'x' \\", ["cour", "publicite"], []),
        ("snake_case", ["snake", "case"], []),
    ],
)
def test_query_terms(text: str, wanted: list[str], excluded: list[str]) -> None:
    assert query_terms(text) == (wanted, excluded)


def test_title_terms_exclude_nothing() -> None:
    assert title_terms("Relevés - papier -courrier") == ["releve", "papier", "courrier"]


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("L'e-mail, déjà !", ["l", "e", "mail", "deja"]),
        ("www.banque.fr a@b.fr", ["www", "banque", "fr", "a", "b", "fr"]),
        ("3,5 % ou 3.5 ; 1.2.3 +33 -5", ["3", "5", "ou", "3", "5", "1", "2", "3", "33", "5"]),
        ("l’épargne « Œuvre » — naïve…", ["l", "epargne", "oeuvre", "naive"]),
        ("2014Q3 T3 foo_bar", ["2014q3", "t3", "foo", "bar"]),
    ],
)
def test_words(text: str, found: list[str]) -> None:
    assert words(text) == found


@pytest.mark.parametrize("text", ["", "   ", "\x00", "x" * 201])
def test_clean_query_refuses_blank_and_long_text(text: str) -> None:
    with pytest.raises(BadUserInput):
        clean_query(text)


def test_clean_query_strips() -> None:
    assert clean_query("  carte\x00bleue ") == "carte bleue"


@pytest.mark.django_db
def test_sqlite_connections_have_the_words_function() -> None:
    if connection.vendor != "sqlite":
        pytest.skip("the words function is SQLite's side of the search")
    with connection.cursor() as cursor:
        cursor.execute("SELECT comptoir_words(%s), comptoir_words(NULL)", ["Élève, l'ŒUF"])
        assert cursor.fetchone() == (" eleve l oeuf ", None)


# A process that sets Django up and opens a SQLite connection, importing nothing else of
# Comptoir's (the admin's autodiscovery imports the services it writes through): then the
# search function, and whether the search selectors or the schema got imported.
FRESH_PROCESS = """
import sys

import django

django.setup()
from django.db import connection

with connection.cursor() as cursor:
    cursor.execute("SELECT comptoir_words(%s), comptoir_words(NULL)", ["Élève, l'ŒUF"])
    print(cursor.fetchone())
print(sorted({m for m in sys.modules if m in {"resolvers.selectors.search", "schema"}}))
"""


def test_a_fresh_sqlite_connection_has_the_words_function_without_the_search_selectors(
    tmp_path: Path,
) -> None:
    """Registered from the app's start, not when `resolvers.selectors.search` happens to be
    imported: a command or a thread that never imports it still finds what it searches."""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DEBUG": "1",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'fresh.sqlite3'}",
    }
    result = subprocess.run(
        [sys.executable, "-c", FRESH_PROCESS],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == ["(' eleve l oeuf ', None)", "[]"]


@pytest.mark.postgres_only
@pytest.mark.django_db
@pytest.mark.parametrize(
    "text",
    [
        "Pouvoir désactiver la publicité par courrier",
        "L'e-mail, déjà ! Prêt-relais",
        "www.banque.fr a@b.fr http://x.fr/a/b?c=d&e=f /usr/bin/foo.txt",
        "3,5 % ou 3.5 ; 1.2.3 +33 -5 1e10",
        "l’épargne « Œuvre » — naïve… “oui” ‘non’ 5\u00a0€ 7\u202f%",
        "2014Q3 T3 foo_bar <b>gras</b> &amp; Straße",
    ],
)
def test_postgresql_splits_words_as_python_does(text: str) -> None:
    """Both databases match on the same words: PostgreSQL's parser, once the separators
    are blanks, yields the words `words` finds (as lexemes, so each once)."""
    blanks = " " * len(SEPARATORS)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT tsvector_to_array(to_tsvector('{SEARCH_CONFIG}'::regconfig, "
            "translate(%s, %s, %s)))",
            [text, SEPARATORS, blanks],
        )
        (lexemes,) = cursor.fetchone()
    assert sorted(lexemes) == sorted(set(words(text)))


@pytest.mark.django_db
def test_selector_returns_model_rows_with_rank_and_cursor(customer: Member) -> None:
    suggestion = SuggestionFactory.create(title="Carte virtuelle")
    page, count_source = search(viewer=Viewer(customer), query="carte", first=5)
    assert [(hit.item, hit.cursor) for hit in page.hits] == [
        (suggestion, "WyJzZWFyY2giLCAwXQ==")  # ["search", 0]
    ]
    assert page.hits[0].rank > 0
    assert count_source.count() == 1
    assert similar_suggestions(viewer=ANONYMOUS, title="Carte", first=0) == []


def _plan(sql: str) -> str:
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN " + sql)
        return "\n".join(row[0] for row in cursor.fetchall())


@pytest.mark.postgres_only
@pytest.mark.django_db
@pytest.mark.parametrize("role", ["anonymous", "customer", "adviser"])
def test_postgresql_search_uses_the_gin_indexes(
    role: str, customer: Member, adviser: Member
) -> None:
    """EXPLAIN the very statements the selectors sent (captured), with sequential scans
    discouraged: PostgreSQL then uses an index whenever one fits. Each GIN index must fit,
    which breaks as soon as the document expression drifts from the migration's."""
    thread = ThreadFactory.create(title="Publicité par courrier", body="Encore.")
    PostFactory.create(thread=thread, body="La publicité par courrier, quelle plaie.")
    SuggestionFactory.create(title="Pouvoir désactiver la publicité par courrier")
    viewer = {"anonymous": ANONYMOUS, "customer": Viewer(customer), "adviser": Viewer(adviser)}[
        role
    ]
    with CaptureQueriesContext(connection) as ctx:
        page, count_source = search(viewer=viewer, query="publicité courrier")
        assert len(page.hits) == 3
        assert count_source.count() == 3
        assert len(similar_suggestions(viewer=viewer, title="publicité courrier")) == 1
    searches = [q["sql"] for q in ctx.captured_queries if "@@" in q["sql"]]
    assert len(searches) == 3  # the page, the count, the similar suggestions
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        # On a table of three rows, the Labo count's partial index (shown suggestions)
        # costs what the GIN index costs and may be planned instead: out of the way, within
        # this test's transaction, so that the plan says whether the GIN index fits.
        cursor.execute("DROP INDEX suggestion_shown_idx")
    page_plan, count_plan, similar_plan = (_plan(sql) for sql in searches)
    for plan in (page_plan, count_plan):
        for index in ("thread_search_idx", "post_search_idx", "suggestion_search_idx"):
            assert f"Bitmap Index Scan on {index}" in plan, plan
    assert "Bitmap Index Scan on suggestion_search_idx" in similar_plan, similar_plan
