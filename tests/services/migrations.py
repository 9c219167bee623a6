"""What the migration tests share: the database taken to a migration and back."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.db import connection
from django.db.migrations.executor import MigrationExecutor


def migrate(targets: list[tuple[str, str]]) -> Any:
    """Migrate the test database to `targets` ((app, migration) pairs); the app registry
    of that state, to build rows as the migrations see them."""
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def migrate_to_latest() -> None:
    """Every migration applied, as the tests that follow expect."""
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())


@contextmanager
def migrated(targets: list[tuple[str, str]]) -> Iterator[Any]:
    """The database at `targets` (their app registry), back to the latest schema after."""
    try:
        yield migrate(targets)
    finally:
        migrate_to_latest()
