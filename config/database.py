"""The read replica: which database a query goes to when `DATABASE_REPLICA_URL` is set.

The settings then add the `replica` alias (a streaming replica of the primary, e.g. made
with `pg_basebackup -R`) and this router (`DATABASE_ROUTERS`). Without the variable neither
exists and every query goes to `default`, the primary, as before.

- Reads go to the replica only while `reads_from_replica` says so: while the schema
  executes a query (not a mutation, not a subscription) for an anonymous visitor or a
  partner token, in a request that ran no mutation before (schema/core/routing.py). Their
  answers are public data, and a replica a few milliseconds behind shows nothing wrong.
- Everything else reads the primary: members (a member always sees their own vote at once),
  everything in a request that runs a mutation (its payload reads what it wrote), the
  session and token checks before the GraphQL operation runs, the back office, management
  commands and task workers; and any read inside a transaction on the primary (a
  `select_for_update`, a read-modify-write), whoever runs it.
- Writes always go to the primary (a replica refuses them anyway); migrations run only
  there (the replica receives them through replication).
"""

from __future__ import annotations

from typing import Any

from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models import Model

from resolvers.request_context import reads_from_replica

REPLICA = "replica"
"""The alias of the read replica in `settings.DATABASES`."""


class PrimaryReplicaRouter:
    """Django database router (docs.djangoproject.com, "Multiple databases": automatic
    routing) between the primary (`default`) and the read replica (`replica`)."""

    def db_for_read(self, model: type[Model], **hints: Any) -> str:
        if reads_from_replica.get() and not connections[DEFAULT_DB_ALIAS].in_atomic_block:
            return REPLICA
        return DEFAULT_DB_ALIAS

    def db_for_write(self, model: type[Model], **hints: Any) -> str:
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1: Model, obj2: Model, **hints: Any) -> bool:
        # Both aliases hold the same rows: a row read from the replica may be related to
        # (and saved with) one of the primary.
        return True

    def allow_migrate(self, db: str, app_label: str, **hints: Any) -> bool:
        return db == DEFAULT_DB_ALIAS
