"""The benchmark's database is its own (bench/README.md, "The bench's database"): the bench
drops a database only when it carries the bench's mark, marks the one it creates, and a
second run on the same database stops at once. On the PostgreSQL server of the test run,
with databases these tests create and drop themselves."""

from __future__ import annotations

import secrets
from collections.abc import Iterator
from urllib.parse import quote

import psycopg
import pytest
from django.db import connection
from psycopg import sql

from bench.common import OWNER_MARKER, database_marker, maintenance_url, run_lock
from bench.seed import recreate_database

pytestmark = pytest.mark.postgres_only


def _server_url(name: str) -> str:
    s = connection.settings_dict
    user = quote(s["USER"] or "postgres")
    password = f":{quote(s['PASSWORD'])}" if s["PASSWORD"] else ""
    return f"postgres://{user}{password}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{name}"


def _execute(url: str, statement: sql.Composed) -> None:
    with psycopg.connect(maintenance_url(url), autocommit=True) as conn:
        conn.execute(statement)


def _exists(url: str) -> bool:
    return database_marker(url) is not None


def _has_table(url: str, table: str) -> bool:
    with psycopg.connect(url) as conn:
        row = conn.execute("SELECT to_regclass(%s) IS NOT NULL", (table,)).fetchone()
    return bool(row and row[0])


@pytest.fixture
def bench_url() -> Iterator[str]:
    """A database name no one else uses; whatever the test leaves is dropped after it (the
    test created it)."""
    url = _server_url(f"comptoir_bench_t{secrets.token_hex(4)}")
    yield url
    name = sql.Identifier(url.rsplit("/", 1)[1])
    _execute(url, sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(name))


def _create(url: str, comment: str | None) -> None:
    name = sql.Identifier(url.rsplit("/", 1)[1])
    _execute(url, sql.SQL("CREATE DATABASE {}").format(name))
    if comment is not None:
        _execute(url, sql.SQL("COMMENT ON DATABASE {} IS {}").format(name, sql.Literal(comment)))
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("CREATE TABLE kept (id int)")


@pytest.mark.parametrize(
    "comment",
    [
        None,
        "",
        "the team's own data",
        OWNER_MARKER + " ",
        OWNER_MARKER.upper(),
        "comptoir-bench",
    ],
    ids=["no comment", "empty comment", "another comment", "the mark and more", "upper", "prefix"],
)
def test_a_database_without_the_mark_is_never_dropped(bench_url: str, comment: str | None) -> None:
    _create(bench_url, comment)
    name = bench_url.rsplit("/", 1)[1]
    with pytest.raises(SystemExit) as refused:
        recreate_database(bench_url)
    assert f'The database "{name}" exists and was not created by the bench' in str(refused.value)
    assert "the bench never drops it" in str(refused.value)
    assert _has_table(bench_url, "kept")
    assert database_marker(bench_url) == (comment or "")


def test_the_bench_creates_and_marks_its_database(bench_url: str) -> None:
    assert not _exists(bench_url)
    recreate_database(bench_url)
    assert database_marker(bench_url) == OWNER_MARKER
    with psycopg.connect(bench_url, autocommit=True) as conn:
        conn.execute("CREATE TABLE left_by_a_run (id int)")
    # A database that carries the mark is the bench's: dropped and created again, marked.
    recreate_database(bench_url)
    assert database_marker(bench_url) == OWNER_MARKER
    assert not _has_table(bench_url, "left_by_a_run")


def test_a_marked_database_is_dropped_even_with_a_connection_left_open(bench_url: str) -> None:
    """A server of an interrupted run may still hold a connection."""
    _create(bench_url, OWNER_MARKER)
    with psycopg.connect(bench_url, autocommit=True):
        recreate_database(bench_url)
    assert database_marker(bench_url) == OWNER_MARKER
    assert not _has_table(bench_url, "kept")


def test_a_second_run_on_the_same_database_stops(bench_url: str) -> None:
    name = bench_url.rsplit("/", 1)[1]
    other = _server_url(f"{name}_other")
    with run_lock(bench_url):
        with pytest.raises(SystemExit) as refused, run_lock(bench_url):
            pass
        assert f'Another bench run is using the database "{name}"' in str(refused.value)
        with run_lock(other):  # another database: another run may go on beside it
            pass
    with run_lock(bench_url):  # released with the first run
        pass
