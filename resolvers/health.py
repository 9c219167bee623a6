"""What /healthz and /metrics report of the parts a Comptoir process depends on: the
database (and its read replica when there is one), Redis when `REDIS_URL` is set, and the
outbox lag. Each check is a short round trip; none raises: a failure is logged (with the
request id, without the error's text reaching the answer) and reported as down."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models import Min
from django.utils import timezone

from models.models import OutboxEvent

logger = logging.getLogger("comptoir.health")

REPLICA = "replica"
# Seconds a check may take before it counts as down: a balancer's probe waits for the answer.
TIMEOUT_SECONDS = 2


@dataclass(frozen=True)
class Health:
    """The state of every dependency: `databases` by alias (`default`, and `replica` when
    configured) and `redis` (None when REDIS_URL is unset) are True when they answered;
    `outbox_lag_seconds` is None when the database could not tell."""

    databases: dict[str, bool]
    redis: bool | None
    outbox_lag_seconds: float | None

    @property
    def status(self) -> str:
        """`ok`; `degraded` when only the read replica fails (public reads fail, members and
        writes are served: taking every process out of the balancer would not help);
        `error` when the primary or Redis fails (this process cannot serve). The outbox lag
        is reported, not judged: a late task worker does not make this process unfit."""
        if not self.databases.get(DEFAULT_DB_ALIAS, False) or self.redis is False:
            return "error"
        if not all(self.databases.values()):
            return "degraded"
        return "ok"


def database_answers(alias: str = DEFAULT_DB_ALIAS) -> bool:
    """Whether the database `alias` answers `SELECT 1`."""
    try:
        with connections[alias].cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
        return True
    except Exception:
        logger.exception("The database %r does not answer", alias)
        return False


def redis_answers() -> bool | None:
    """Whether Redis (REDIS_URL) answers PING; None when REDIS_URL is unset."""
    url = settings.REDIS_URL
    if not url:
        return None
    import redis

    client = redis.Redis.from_url(
        url, socket_connect_timeout=TIMEOUT_SECONDS, socket_timeout=TIMEOUT_SECONDS
    )
    try:
        return bool(client.ping())
    except Exception:
        logger.exception("Redis does not answer")
        return False
    finally:
        client.close()


def outbox_lag_seconds(now: datetime | None = None) -> float | None:
    """Seconds since the oldest domain event that no worker has dispatched yet was recorded
    (0.0 when none waits), read from the primary; None when the database cannot tell."""
    try:
        oldest = (
            OutboxEvent.objects.using(DEFAULT_DB_ALIAS)
            .filter(dispatched_at__isnull=True)
            .aggregate(oldest=Min("created_at"))["oldest"]
        )
    except Exception:
        logger.exception("The outbox lag cannot be read")
        return None
    if oldest is None:
        return 0.0
    return max(0.0, ((now or timezone.now()) - oldest).total_seconds())


def health() -> Health:
    """Every check, in turn (a few milliseconds when all is well)."""
    aliases = [DEFAULT_DB_ALIAS]
    # The read replica (config/database.py's REPLICA) is in use when its router is.
    if REPLICA in connections and settings.DATABASE_ROUTERS:
        aliases.append(REPLICA)
    databases = {alias: database_answers(alias) for alias in aliases}
    return Health(
        databases=databases,
        redis=redis_answers(),
        outbox_lag_seconds=outbox_lag_seconds() if databases[DEFAULT_DB_ALIAS] else None,
    )
