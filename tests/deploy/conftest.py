"""A read replica of the test database, for the tests of the router (config/database.py).

On PostgreSQL it is a real streaming replica: a second cluster made from the local server
(127.0.0.1:5432, user postgres) with `pg_basebackup -R`, started on a free port in a
temporary directory, once for the session, and stopped after. Its WAL replay can be paused,
so a test sees the replica lag behind the primary by as much as it likes. The local server
must accept replication connections from 127.0.0.1 (a `host replication all 127.0.0.1/32`
line in pg_hba.conf: .ci/run adds it); the PostgreSQL binaries (`pg_basebackup`, `pg_ctl`,
`postgres`) of the server's major version must be installed. Without them the tests fail,
saying what is missing: they never skip.

On SQLite the replica is a copy of the test database file, taken with SQLite's backup API
whenever a test lets it catch up: a replica whose replay is paused between catch-ups.

Either way the alias `replica` exists from the fixture's first use to the end of the
session (with `TEST["MIRROR"]`, so that no test flushes or wraps it in a transaction), and
the `replica` fixture turns the router on for one test.
"""

from __future__ import annotations

import copy
import os
import pwd
import re
import shutil
import socket
import sqlite3
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from django.db import DEFAULT_DB_ALIAS, connections
from pytest_django import DjangoDbBlocker

from config.database import REPLICA
from models.models import OutboxEvent

ROUTERS = ["config.database.PrimaryReplicaRouter"]
STARTUP_SECONDS = 60
CATCH_UP_SECONDS = 30


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def _binaries(major: int) -> Path:
    """The directory of `postgres`, `pg_ctl` and `pg_basebackup` of this major version."""
    candidates = [Path(f"/usr/lib/postgresql/{major}/bin")]
    pg_config = shutil.which("pg_config")
    if pg_config:
        bindir = subprocess.run([pg_config, "--bindir"], capture_output=True, text=True)
        candidates.append(Path(bindir.stdout.strip()))
    candidates += [Path(p) for p in os.environ.get("PATH", "").split(os.pathsep) if p]
    for directory in candidates:
        if all((directory / name).is_file() for name in ("postgres", "pg_ctl", "pg_basebackup")):
            version = subprocess.run(
                [directory / "postgres", "--version"], capture_output=True, text=True
            ).stdout
            if re.search(rf"\) {major}\.", version):
                return directory
    pytest.fail(
        f"No PostgreSQL {major} binaries (postgres, pg_ctl, pg_basebackup) found in "
        f"{[str(c) for c in candidates]}: the read-replica tests need them "
        f"(Debian: postgresql-{major})."
    )


@dataclass
class StreamingReplica:
    """A hot standby of the local server, run by the `postgres` OS user when the tests run
    as root (PostgreSQL refuses to run as root), by the current user otherwise."""

    directory: Path
    port: int
    bin: Path
    run_as: list[str] = field(default_factory=list)

    @property
    def data(self) -> Path:
        return self.directory / "data"

    def run(self, *args: Any) -> None:
        done = subprocess.run(
            [*self.run_as, *(str(a) for a in args)],
            capture_output=True,
            text=True,
            timeout=STARTUP_SECONDS,
            cwd=self.directory,
        )
        if done.returncode != 0:
            log = self.directory / "server.log"
            tail = log.read_text()[-3000:] if log.exists() else ""
            pytest.fail(f"{args[0]} failed:\n{done.stdout}\n{done.stderr}\n{tail}")

    def start(self, primary: dict[str, Any]) -> None:
        host, port, user = primary["HOST"] or "127.0.0.1", primary["PORT"] or 5432, primary["USER"]
        self.run(
            *(self.bin / "pg_basebackup", "-h", host, "-p", port, "-U", user),
            *("-D", self.data, "--write-recovery-conf", "--wal-method=stream"),
            "--checkpoint=fast",
        )
        # A hot standby needs at least the primary's max_connections (and Debian keeps the
        # primary's postgresql.conf outside the data directory, so the copy has none).
        with connections[DEFAULT_DB_ALIAS].cursor() as cursor:
            cursor.execute("SHOW max_connections")
            (max_connections,) = cursor.fetchone()
        (self.data / "postgresql.conf").write_text(
            f"listen_addresses = '127.0.0.1'\nport = {self.port}\n"
            f"unix_socket_directories = '{self.directory}'\n"
            f"max_connections = {max_connections}\nhot_standby = on\nfsync = off\n"
        )
        (self.data / "pg_hba.conf").write_text(
            "local all all trust\nhost all all 127.0.0.1/32 trust\n"
        )
        if self.run_as:
            shutil.chown(self.data / "postgresql.conf", "postgres")
            shutil.chown(self.data / "pg_hba.conf", "postgres")
        self.run(
            *(self.bin / "pg_ctl", "start", "-w", "-t", STARTUP_SECONDS),
            *("-D", self.data, "-l", self.directory / "server.log"),
        )

    def stop(self) -> None:
        if (self.data / "postmaster.pid").exists():
            self.run(self.bin / "pg_ctl", "stop", "-w", "-m", "fast", "-D", self.data)


@dataclass
class Replica:
    """The `replica` alias as a test drives it: `catch_up()` waits until the replica has
    everything the primary committed; within `paused()`, it receives nothing more."""

    vendor: str
    source: str = ""  # SQLite: the primary's file
    target: str = ""  # SQLite: the replica's file

    def catch_up(self) -> None:
        if self.vendor == "sqlite":
            # The replica's connection is reopened on the new copy.
            connections[REPLICA].close()
            source, target = sqlite3.connect(self.source), sqlite3.connect(self.target)
            try:
                source.backup(target)
            finally:
                source.close()
                target.close()
            return
        with connections[DEFAULT_DB_ALIAS].cursor() as cursor:
            cursor.execute("SELECT pg_current_wal_lsn()")
            (lsn,) = cursor.fetchone()
        deadline = time.monotonic() + CATCH_UP_SECONDS
        with connections[REPLICA].cursor() as cursor:
            while True:
                cursor.execute("SELECT pg_last_wal_replay_lsn() >= %s::pg_lsn", [lsn])
                if cursor.fetchone()[0]:
                    return
                assert time.monotonic() < deadline, f"the replica did not reach {lsn}"
                time.sleep(0.02)

    @contextmanager
    def paused(self) -> Iterator[None]:
        if self.vendor == "sqlite":
            yield
            return
        with connections[REPLICA].cursor() as cursor:
            cursor.execute("SELECT pg_wal_replay_pause()")
            while True:
                cursor.execute("SELECT pg_get_wal_replay_pause_state()")
                if cursor.fetchone()[0] == "paused":
                    break
                time.sleep(0.01)
        try:
            yield
        finally:
            with connections[REPLICA].cursor() as cursor:
                cursor.execute("SELECT pg_wal_replay_resume()")


def _add_alias(settings_dict: dict[str, Any]) -> None:
    # MIRROR: TransactionTestCase flushes no mirror (a standby refuses writes), and TestCase
    # opens no transaction on it.
    settings_dict["TEST"] = {**settings_dict["TEST"], "MIRROR": DEFAULT_DB_ALIAS}
    connections.settings[REPLICA] = settings_dict


def _remove_alias() -> None:
    connections[REPLICA].close()
    del connections[REPLICA]
    del connections.settings[REPLICA]


@pytest.fixture(scope="session")
def replica_database(
    django_db_setup: None, django_db_blocker: DjangoDbBlocker
) -> Iterator[Replica]:
    """The `replica` alias, for the session: a streaming replica of the test database on
    PostgreSQL, a copy of its file on SQLite (module docstring). The router is off."""
    primary = connections[DEFAULT_DB_ALIAS]
    replica_settings = copy.deepcopy(primary.settings_dict)
    # Connections of its own, closed with each request, never a pool's.
    replica_settings["OPTIONS"].pop("pool", None)
    if primary.vendor == "sqlite":
        source = str(primary.settings_dict["NAME"])
        target = str(Path(source).with_name(Path(source).stem + "-replica.sqlite3"))
        replica_settings["NAME"] = target
        _add_alias(replica_settings)
        replica = Replica(vendor="sqlite", source=source, target=target)
        with django_db_blocker.unblock():
            replica.catch_up()
        try:
            yield replica
        finally:
            _remove_alias()
            Path(target).unlink(missing_ok=True)
        return
    with django_db_blocker.unblock(), primary.cursor() as cursor:
        cursor.execute("SHOW server_version_num")
        major = int(cursor.fetchone()[0]) // 10000
    directory = Path(tempfile.mkdtemp(prefix="comptoir-replica-"))
    run_as: list[str] = []
    if os.geteuid() == 0:
        pwd.getpwnam("postgres")  # KeyError: no such user to run the server as
        shutil.chown(directory, "postgres")
        run_as = ["runuser", "-u", "postgres", "--"]
    server = StreamingReplica(
        directory=directory, port=_free_port(), bin=_binaries(major), run_as=run_as
    )
    try:
        with django_db_blocker.unblock():
            server.start(primary.settings_dict)
        replica_settings.update(HOST="127.0.0.1", PORT=server.port)
        _add_alias(replica_settings)
        replica = Replica(vendor="postgresql")
        with django_db_blocker.unblock():
            replica.catch_up()
        yield replica
        _remove_alias()
    finally:
        server.stop()
        shutil.rmtree(directory, ignore_errors=True)


@pytest.fixture
def replica(replica_database: Replica, settings: Any) -> Replica:
    """The read replica with the router on, for one test: public queries read it."""
    settings.DATABASE_ROUTERS = ROUTERS
    replica_database.catch_up()
    return replica_database


@pytest.fixture
def no_outbox_events(db: None) -> None:
    """No domain event waiting, whatever earlier modules committed and left (the lag is
    measured over the whole table); rolled back with the test."""
    OutboxEvent.objects.all().delete()
