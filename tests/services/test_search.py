"""The search selectors below the API: folding, the SQLite fallback's terms, and on
PostgreSQL that the GIN indexes of migration 0004 serve the queries actually sent."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from models.models import Member
from permissions.roles import ANONYMOUS, Viewer
from resolvers.errors import BadUserInput
from resolvers.selectors.search import (
    clean_query,
    fallback_terms,
    fold,
    search,
    similar_suggestions,
)
from tests.factories import PostFactory, SuggestionFactory, ThreadFactory


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
        ("les courriers", ["courrier"], []),
        ("à a b", [], []),
        ("bus, pas", ["bus"], []),
        ("courrier COURRIER courriers", ["courrier"], []),
        ('"carte bleue" -bloquée', ["carte", "bleue"], ["bloquee"]),
        ("e-mail or courrier", ["mail", "courrier"], []),
    ],
)
def test_fallback_terms(text: str, wanted: list[str], excluded: list[str]) -> None:
    assert fallback_terms(text) == (wanted, excluded)


@pytest.mark.parametrize("text", ["", "   ", "\x00", "x" * 201])
def test_clean_query_refuses_blank_and_long_text(text: str) -> None:
    with pytest.raises(BadUserInput):
        clean_query(text)


def test_clean_query_strips() -> None:
    assert clean_query("  carte\x00bleue ") == "carte bleue"


@pytest.mark.django_db
def test_sqlite_connections_have_the_fold_function() -> None:
    if connection.vendor != "sqlite":
        pytest.skip("the folding function is the SQLite fallback's")
    with connection.cursor() as cursor:
        cursor.execute("SELECT comptoir_fold(%s), comptoir_fold(NULL)", ["Élève ŒUF"])
        assert cursor.fetchone() == ("eleve oeuf", None)


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
    page_plan, count_plan, similar_plan = (_plan(sql) for sql in searches)
    for plan in (page_plan, count_plan):
        for index in ("thread_search_idx", "post_search_idx", "suggestion_search_idx"):
            assert f"Bitmap Index Scan on {index}" in plan, plan
    assert "Bitmap Index Scan on suggestion_search_idx" in similar_plan, similar_plan
