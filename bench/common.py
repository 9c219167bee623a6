"""What the seeder and the runner share: paths, database URLs, the bench accounts."""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import psycopg

ROOT = Path(__file__).resolve().parent.parent
BENCH_DIR = ROOT / "bench"
VAR_BENCH = ROOT / "var" / "bench"
# The website's trusted documents (`make documents`), to which the bench adds its own.
WEBSITE_MANIFEST = ROOT / "web" / "documents" / "manifest.json"

DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/comptoir_bench"

# Every seeded account shares this password (the bench database only: it is never a real one).
PASSWORD = "bench-password"
# The logged-in customer of scenarios 1-4, and the committee member of scenario 5.
VIEWER_USERNAME = "c0000001"
COMMITTEE_USERNAME = "committee2"
# Customers of the vote rush: seeded without any vote, so every rush request writes.
RUSH_PREFIX = "rush"


def database_url() -> str:
    return os.environ.get("BENCH_DATABASE_URL", DEFAULT_DATABASE_URL)


def database_name(url: str) -> str:
    return urlsplit(url).path.lstrip("/")


def maintenance_url(url: str) -> str:
    """The same server's `postgres` database, to drop and create the bench database."""
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path="/postgres"))


# The comment the bench writes on the database it creates: the proof that it may drop it.
# A database of that name without it (someone else's, or a bench database of a version that
# did not mark it) is never dropped: the run stops and says so.
OWNER_MARKER = "comptoir-bench: created by bench/seed.py; each bench run drops and recreates it"


def database_marker(url: str) -> str | None:
    """The bench database's comment, "" when it exists unmarked, None when it does not exist.

    Read from the same server's `postgres` database (`shobj_description`), so an unmarked
    database is never even connected to."""
    with psycopg.connect(maintenance_url(url), autocommit=True) as conn:
        row = conn.execute(
            "SELECT coalesce(shobj_description(oid, 'pg_database'), '') FROM pg_database "
            "WHERE datname = %s",
            (database_name(url),),
        ).fetchone()
    return None if row is None else str(row[0])


def check_owned(url: str) -> None:
    """Raise SystemExit unless the database is absent or carries the bench's marker."""
    marker = database_marker(url)
    if marker is not None and marker != OWNER_MARKER:
        name = database_name(url)
        raise SystemExit(
            f'The database "{name}" exists and was not created by the bench (its comment is '
            f"{marker!r}, not the bench's marker): the bench never drops it. Point "
            "BENCH_DATABASE_URL at another name, or, if it is a bench database of an earlier "
            f'version, drop it yourself (DROP DATABASE "{name}").'
        )


@contextlib.contextmanager
def run_lock(url: str) -> Iterator[None]:
    """Hold, for a whole run, a PostgreSQL advisory lock named after the bench database (on
    the server's `postgres` database, so it needs nothing of the bench database), so a second
    run on the same database stops at once instead of dropping the first one's data."""
    name = database_name(url)
    with psycopg.connect(maintenance_url(url), autocommit=True) as conn:
        got = conn.execute(
            "SELECT pg_try_advisory_lock(hashtextextended(%s, 0))", (f"comptoir-bench:{name}",)
        ).fetchone()
        if not got or not got[0]:
            raise SystemExit(
                f'Another bench run is using the database "{name}": wait for it, or give this '
                "one a database of its own with BENCH_DATABASE_URL."
            )
        try:
            yield
        finally:
            # Released here, not left to the connection's end: the server ends a closed
            # connection's backend a moment later, and a run started at once would be refused.
            conn.execute(
                "SELECT pg_advisory_unlock(hashtextextended(%s, 0))", (f"comptoir-bench:{name}",)
            )
