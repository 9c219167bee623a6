"""What the seeder and the runner share: paths, database URLs, the bench accounts."""

from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
BENCH_DIR = ROOT / "bench"
VAR_BENCH = ROOT / "var" / "bench"

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
