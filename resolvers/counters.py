"""Rate-limit counters that every worker of a deployment shares.

One store for every limit that counts (failed logins per account and per address, a
partner token's requests, a member's writes): Redis when `REDIS_URL` is set, otherwise the
database (`models.Counter`). Never a process's own memory: with several workers, each
would count on its own and a limit of 10 would let 10 per worker through.

A counter is a key, a count and an expiry. `counter_hit` adds one and answers the new
count in one atomic step (a Lua script in Redis, a single-statement upsert in the
database: `INSERT ... ON CONFLICT DO UPDATE ... RETURNING`, which PostgreSQL and SQLite
≥ 3.35 both run atomically), so concurrent hits are each counted once and each sees a
different count. The first hit of a window sets its expiry; later hits do not move it.
Once expired, a counter counts as absent, and the next hit opens a new window.

Django's cache is not used for this: its `incr` is a read and a write in the database
cache backend (concurrent increments get lost) and per process in the local-memory one.

The same stores hold *slots*: things a holder keeps for a while, at most so many at once
(a member's live subscriptions, across every connection and server process). A slot is
taken with a lease of some seconds, renewed while it is held and released at its end; a
slot whose holder died without releasing it counts until its lease runs out. Taking is
checked after the slot is written (Redis: one script; the database: insert, then count),
so concurrent takers never get past the limit together (both may be refused instead).
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass
from functools import lru_cache
from typing import Protocol

import redis
from django.conf import settings
from django.db import connection
from django.db.models import F

from models.models import Counter

# Expired rows removed each time a new window opens in the database: bounded, so a hit
# never pays for a large cleanup, and at least as many as windows are opened.
_PURGE_BATCH = 100


@dataclass(frozen=True, slots=True)
class CounterHit:
    """A counter after a hit: its count (this hit included) and when its window ends
    (seconds since the epoch)."""

    count: int
    expires_at: float

    def seconds_left(self, now: float | None = None) -> int:
        """Whole seconds until the window ends, at least 1 (a Retry-After value)."""
        left = self.expires_at - (time.time() if now is None else now)
        return max(1, math.ceil(left))


class CounterStore(Protocol):
    def hit(self, key: str, window: float) -> CounterHit: ...

    def take_back(self, key: str) -> None: ...

    def clear(self, key: str) -> None: ...

    def slot_take(self, key: str, slot: str, limit: int, lease: float) -> bool: ...

    def slot_renew(self, key: str, slots: list[str], lease: float) -> None: ...

    def slot_release(self, key: str, slot: str) -> None: ...


class DatabaseCounterStore:
    """Counters in the `community_counter` table, shared by every worker that uses the
    database. Each operation is one statement; inside a caller's transaction it commits or
    rolls back with it (on PostgreSQL the counter's row stays locked until then, so a
    member's concurrent writes queue on it)."""

    def _table(self) -> tuple[str, str, str, str]:
        qn = connection.ops.quote_name
        return (
            qn(Counter._meta.db_table),
            qn("key"),
            qn("count"),
            qn("expires_at"),
        )

    def hit(self, key: str, window: float) -> CounterHit:
        table, k, n, exp = self._table()
        now = time.time()
        # Both CASEs read the row as it was before this statement (SQL evaluates every SET
        # expression against the old row), on PostgreSQL and SQLite alike.
        sql = (
            f"INSERT INTO {table} ({k}, {n}, {exp}) VALUES (%s, 1, %s) "
            f"ON CONFLICT ({k}) DO UPDATE SET "
            f"{n} = CASE WHEN {table}.{exp} <= %s THEN 1 ELSE {table}.{n} + 1 END, "
            f"{exp} = CASE WHEN {table}.{exp} <= %s THEN excluded.{exp} ELSE {table}.{exp} END "
            f"RETURNING {n}, {exp}"
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, [key, now + window, now, now])
            count, expires_at = cursor.fetchone()
            if count == 1:
                # A new window: sweep a batch of expired counters. The outer condition is
                # checked again on the row as it is when deleted, so a counter that a
                # concurrent hit has just restarted is kept.
                cursor.execute(
                    f"DELETE FROM {table} WHERE {exp} <= %s AND {k} IN "
                    f"(SELECT {k} FROM {table} WHERE {exp} <= %s LIMIT {_PURGE_BATCH})",
                    [now, now],
                )
        return CounterHit(count=int(count), expires_at=float(expires_at))

    def take_back(self, key: str) -> None:
        Counter.objects.filter(key=key, expires_at__gt=time.time(), count__gt=0).update(
            count=F("count") - 1
        )

    def clear(self, key: str) -> None:
        Counter.objects.filter(key=key).delete()

    # A slot is the row `<key>#<slot>` (count 1), held until its `expires_at`.

    def slot_take(self, key: str, slot: str, limit: int, lease: float) -> bool:
        table, k, n, exp = self._table()
        now = time.time()
        row = f"{key}#{slot}"
        # The key's slots whose holders died without releasing them.
        Counter.objects.filter(key__startswith=f"{key}#", expires_at__lte=now).delete()
        with connection.cursor() as cursor:
            cursor.execute(
                f"INSERT INTO {table} ({k}, {n}, {exp}) VALUES (%s, 1, %s) "
                f"ON CONFLICT ({k}) DO UPDATE SET {exp} = excluded.{exp}",
                [row, now + lease],
            )
        held = Counter.objects.filter(key__startswith=f"{key}#", expires_at__gt=now).count()
        if held <= limit:
            return True
        Counter.objects.filter(key=row).delete()
        return False

    def slot_renew(self, key: str, slots: list[str], lease: float) -> None:
        rows = [f"{key}#{slot}" for slot in slots]
        Counter.objects.filter(key__in=rows).update(expires_at=time.time() + lease)

    def slot_release(self, key: str, slot: str) -> None:
        Counter.objects.filter(key=f"{key}#{slot}").delete()


# KEYS[1]: the counter; ARGV[1]: the window in milliseconds. Returns {count, ms left}.
_REDIS_HIT = """
local count = redis.call('INCR', KEYS[1])
local left = redis.call('PTTL', KEYS[1])
if count == 1 or left < 0 then
  redis.call('PEXPIRE', KEYS[1], ARGV[1])
  left = tonumber(ARGV[1])
end
return {count, left}
"""
# Decrements an existing counter above zero; never creates one (it would have no expiry).
_REDIS_TAKE_BACK = """
local count = tonumber(redis.call('GET', KEYS[1]) or '0')
if count > 0 then return redis.call('DECR', KEYS[1]) end
return 0
"""
# Slots: a sorted set of slot names scored by when their lease ends (ms since the epoch).
# KEYS[1]: the set; ARGV: now, the lease's end, the slot, the limit, the lease (ms).
# Returns 1 when taken, 0 when the limit is reached (the slot is not kept).
_REDIS_SLOT_TAKE = """
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', ARGV[1])
redis.call('ZADD', KEYS[1], ARGV[2], ARGV[3])
if redis.call('ZCARD', KEYS[1]) > tonumber(ARGV[4]) then
  redis.call('ZREM', KEYS[1], ARGV[3])
  return 0
end
redis.call('PEXPIRE', KEYS[1], ARGV[5])
return 1
"""


class RedisCounterStore:
    """Counters in Redis (`REDIS_URL`), each operation one server-side script, so it is
    atomic across every worker and machine. Redis expires the keys itself."""

    PREFIX = "comptoir:counter:"
    SLOTS = "comptoir:slots:"

    def __init__(self, url: str) -> None:
        self.client = redis.Redis.from_url(url)
        self._hit = self.client.register_script(_REDIS_HIT)
        self._take_back = self.client.register_script(_REDIS_TAKE_BACK)
        self._slot_take = self.client.register_script(_REDIS_SLOT_TAKE)

    def hit(self, key: str, window: float) -> CounterHit:
        now = time.time()
        count, left_ms = self._hit(keys=[self.PREFIX + key], args=[max(1, int(window * 1000))])
        return CounterHit(count=int(count), expires_at=now + int(left_ms) / 1000)

    def take_back(self, key: str) -> None:
        self._take_back(keys=[self.PREFIX + key])

    def clear(self, key: str) -> None:
        self.client.delete(self.PREFIX + key)

    def slot_take(self, key: str, slot: str, limit: int, lease: float) -> bool:
        now = int(time.time() * 1000)
        ms = max(1, int(lease * 1000))
        taken = self._slot_take(keys=[self.SLOTS + key], args=[now, now + ms, slot, limit, ms])
        return bool(taken)

    def slot_renew(self, key: str, slots: list[str], lease: float) -> None:
        if not slots:
            return
        ms = max(1, int(lease * 1000))
        until = int(time.time() * 1000) + ms
        pipe = self.client.pipeline()
        # XX: a slot released meanwhile is not taken again.
        pipe.zadd(self.SLOTS + key, dict.fromkeys(slots, until), xx=True)
        pipe.pexpire(self.SLOTS + key, ms)
        pipe.execute()

    def slot_release(self, key: str, slot: str) -> None:
        self.client.zrem(self.SLOTS + key, slot)


@lru_cache(maxsize=4)
def _redis_store(url: str) -> RedisCounterStore:
    # One client (and its connection pool) per process and URL.
    return RedisCounterStore(url)


def counter_store() -> CounterStore:
    """Redis when `REDIS_URL` is set, the database otherwise: a store every worker shares,
    whatever the deployment."""
    url: str = settings.REDIS_URL
    if url:
        return _redis_store(url)
    return DatabaseCounterStore()


def _checked(key: str) -> str:
    if not key or len(key) > Counter.KEY_MAX:
        raise ValueError(f"A counter key has 1 to {Counter.KEY_MAX} characters.")
    return key


def counter_hit(*, key: str, window: float) -> CounterHit:
    """Add one to the counter `key` and return it. A counter that is absent or expired
    starts at 1, with a window of `window` seconds from now; otherwise the window it has is
    kept."""
    if window <= 0:
        raise ValueError("A counter's window is a positive number of seconds.")
    return counter_store().hit(_checked(key), window)


def counter_take_back(*, key: str) -> None:
    """Take one back from the counter `key` (a hit that turned out not to count), unless it
    expired meanwhile or is at zero."""
    counter_store().take_back(_checked(key))


def counter_clear(*, key: str) -> None:
    """Forget the counter `key` (the next hit starts a new window at 1)."""
    counter_store().clear(_checked(key))


def _checked_slot(key: str, slot: str) -> tuple[str, str]:
    if not slot or "#" in slot or "#" in key:
        raise ValueError("A slot and its key are non-empty and hold no '#'.")
    _checked(f"{key}#{slot}")
    return key, slot


def slot_take(*, key: str, slot: str, limit: int, lease: float) -> bool:
    """Take the slot `slot` among the slots of `key` for `lease` seconds: True when it is
    held now (it was free, or already held, its lease then renewed), False when `key`
    already holds `limit` other unexpired slots (nothing is kept)."""
    if lease <= 0 or limit < 0:
        raise ValueError("A slot's lease is positive and its limit at least zero.")
    return counter_store().slot_take(*_checked_slot(key, slot), limit, lease)


def slot_renew(*, key: str, slots: list[str], lease: float) -> None:
    """Renew the leases of these slots of `key` (each then ends `lease` seconds from now);
    a slot no longer held is not taken again."""
    for slot in slots:
        _checked_slot(key, slot)
    counter_store().slot_renew(key, slots, lease)


def slot_release(*, key: str, slot: str) -> None:
    """Release the slot (nothing happens when it is not held)."""
    counter_store().slot_release(*_checked_slot(key, slot))
