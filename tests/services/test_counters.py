"""The counter store of every rate limit: atomic hits with an expiry, in the database
(PostgreSQL and SQLite) and in the real local Redis."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from typing import Any

import pytest
import redis
from django.db import connection

from models.models import Counter
from resolvers.counters import (
    CounterHit,
    DatabaseCounterStore,
    RedisCounterStore,
    counter_clear,
    counter_hit,
    counter_store,
    counter_take_back,
    slot_release,
    slot_renew,
    slot_take,
)

# Database 15 of the local Redis, flushed around each test that uses it.
REDIS_URL = "redis://127.0.0.1:6379/15"


@pytest.fixture
def frozen_clock(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    now = [1_800_000_000.0]
    monkeypatch.setattr(time, "time", lambda: now[0])
    return now


@pytest.fixture
def redis_url(settings: Any) -> Iterator[str]:
    client = redis.Redis.from_url(REDIS_URL)
    client.flushdb()
    settings.REDIS_URL = REDIS_URL
    yield REDIS_URL
    client.flushdb()


def test_without_redis_the_store_is_the_database(settings: Any) -> None:
    settings.REDIS_URL = ""
    assert isinstance(counter_store(), DatabaseCounterStore)


def test_with_redis_the_store_is_redis(redis_url: str) -> None:
    store = counter_store()
    assert isinstance(store, RedisCounterStore)
    assert store is counter_store()  # one client per process and URL


@pytest.mark.django_db
def test_hits_count_up_within_a_window_then_start_again(
    settings: Any, frozen_clock: list[float]
) -> None:
    settings.REDIS_URL = ""
    start = frozen_clock[0]
    assert counter_hit(key="k", window=60) == CounterHit(1, start + 60)
    frozen_clock[0] += 30
    # Later hits keep the window the first one opened.
    assert counter_hit(key="k", window=60) == CounterHit(2, start + 60)
    assert counter_hit(key="k", window=60).seconds_left() == 30
    assert counter_hit(key="other", window=10) == CounterHit(1, start + 40)
    frozen_clock[0] += 30
    # At its expiry the counter is gone: a new window.
    assert counter_hit(key="k", window=60) == CounterHit(1, start + 120)
    assert list(Counter.objects.order_by("key").values_list("key", "count")) == [("k", 1)]


@pytest.mark.django_db
def test_take_back_and_clear(settings: Any, frozen_clock: list[float]) -> None:
    settings.REDIS_URL = ""
    for _ in range(3):
        counter_hit(key="k", window=60)
    counter_take_back(key="k")
    assert Counter.objects.get(key="k").count == 2
    counter_take_back(key="k")
    counter_take_back(key="k")
    counter_take_back(key="k")  # never below zero
    assert Counter.objects.get(key="k").count == 0
    counter_take_back(key="absent")  # creates nothing
    assert not Counter.objects.filter(key="absent").exists()
    counter_clear(key="k")
    assert not Counter.objects.exists()
    assert counter_hit(key="k", window=60).count == 1


@pytest.mark.django_db
def test_a_new_window_sweeps_expired_counters(settings: Any, frozen_clock: list[float]) -> None:
    settings.REDIS_URL = ""
    for i in range(150):
        counter_hit(key=f"old{i}", window=10)
    counter_hit(key="live", window=1000)
    frozen_clock[0] += 11
    counter_hit(key="live", window=1000)  # not a new window: nothing swept
    assert Counter.objects.count() == 151
    counter_hit(key="new", window=10)  # a new window: one batch of expired rows goes
    assert Counter.objects.count() == 151 - 100 + 1
    counter_hit(key="newer", window=10)
    assert sorted(Counter.objects.values_list("key", flat=True)) == ["live", "new", "newer"]


@pytest.mark.parametrize("key", ["", "x" * 201])
def test_keys_have_1_to_200_characters(key: str) -> None:
    with pytest.raises(ValueError, match="1 to 200 characters"):
        counter_hit(key=key, window=60)


def test_the_window_is_positive() -> None:
    with pytest.raises(ValueError, match="positive"):
        counter_hit(key="k", window=0)


def _hit_at_once(threads: int, hits: int, work: Callable[[], int]) -> list[int]:
    barrier = threading.Barrier(threads)
    seen: list[int] = []
    lock = threading.Lock()

    def run() -> None:
        try:
            barrier.wait()
            counts = [work() for _ in range(hits)]
            with lock:
                seen.extend(counts)
        finally:
            connection.close()

    workers = [threading.Thread(target=run) for _ in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    return seen


@pytest.mark.postgres_only
@pytest.mark.django_db(transaction=True)
def test_concurrent_hits_in_postgresql_lose_nothing(settings: Any) -> None:
    """16 threads, each on its own connection, hit one counter 25 times at once: every hit
    is counted, and each one saw a different count."""
    settings.REDIS_URL = ""
    seen = _hit_at_once(16, 25, lambda: counter_hit(key="crowd", window=60).count)
    assert sorted(seen) == list(range(1, 401))
    assert Counter.objects.get(key="crowd").count == 400


def test_redis_hits_count_up_and_expire(redis_url: str) -> None:
    first = counter_hit(key="k", window=60)
    second = counter_hit(key="k", window=60)
    assert (first.count, second.count) == (1, 2)
    assert 59 <= second.expires_at - time.time() <= 60
    client = redis.Redis.from_url(redis_url)
    assert 59_000 <= client.pttl("comptoir:counter:k") <= 60_000
    counter_take_back(key="k")
    assert client.get("comptoir:counter:k") == b"1"
    counter_take_back(key="k")
    counter_take_back(key="k")
    assert client.get("comptoir:counter:k") == b"0"
    counter_take_back(key="absent")
    assert client.exists("comptoir:counter:absent") == 0
    counter_clear(key="k")
    assert client.exists("comptoir:counter:k") == 0
    # A short window really ends.
    assert counter_hit(key="short", window=0.05).count == 1
    time.sleep(0.1)
    assert counter_hit(key="short", window=0.05).count == 1


def test_concurrent_hits_in_redis_lose_nothing(redis_url: str) -> None:
    seen = _hit_at_once(16, 25, lambda: counter_hit(key="crowd", window=60).count)
    assert sorted(seen) == list(range(1, 401))


# --- Slots (a member's live subscriptions): the same behaviour in both stores -------------


@pytest.fixture(params=["database", "redis"])
def slot_store(request: pytest.FixtureRequest, settings: Any) -> Iterator[str]:
    """Each slot test runs on the database store and on Redis (database 15, flushed)."""
    if request.param == "database":
        request.getfixturevalue("db")
        settings.REDIS_URL = ""
        yield "database"
        return
    yield request.getfixturevalue("redis_url")


def test_slots_up_to_the_limit(slot_store: str, frozen_clock: list[float]) -> None:
    assert [slot_take(key="live:1", slot=s, limit=2, lease=60) for s in "abc"] == [
        True,
        True,
        False,
    ]
    # Another holder has slots of its own; a slot held is taken again (its lease renewed).
    assert slot_take(key="live:2", slot="c", limit=2, lease=60)
    assert slot_take(key="live:1", slot="a", limit=2, lease=60)
    slot_release(key="live:1", slot="b")
    assert slot_take(key="live:1", slot="c", limit=2, lease=60)
    assert not slot_take(key="live:1", slot="d", limit=2, lease=60)
    slot_release(key="live:1", slot="absent")  # nothing to release: nothing happens


def test_a_slot_not_renewed_ends_with_its_lease(slot_store: str, frozen_clock: list[float]) -> None:
    assert slot_take(key="live:1", slot="a", limit=2, lease=60)
    assert slot_take(key="live:1", slot="b", limit=2, lease=60)
    frozen_clock[0] += 40
    slot_renew(key="live:1", slots=["a"], lease=60)
    frozen_clock[0] += 40
    # "b" was not renewed (its holder died): its place is free, "a" still counts.
    assert slot_take(key="live:1", slot="c", limit=2, lease=60)
    assert not slot_take(key="live:1", slot="d", limit=2, lease=60)
    # A released slot is not taken again by a renewal.
    slot_release(key="live:1", slot="c")
    slot_renew(key="live:1", slots=["c"], lease=60)
    assert slot_take(key="live:1", slot="d", limit=2, lease=60)


def test_a_slot_name_holds_no_separator(slot_store: str) -> None:
    with pytest.raises(ValueError, match="no '#'"):
        slot_take(key="live:1", slot="a#b", limit=1, lease=60)


@pytest.mark.postgres_only
@pytest.mark.django_db(transaction=True)
def test_concurrent_takers_never_get_past_the_limit_in_postgresql(settings: Any) -> None:
    """16 threads take 25 slots each under one key at once, limit 10: never more than 10
    are held, however the takes interleave."""
    settings.REDIS_URL = ""
    taken = iter(range(1000))
    lock = threading.Lock()

    def take() -> int:
        with lock:
            slot = f"s{next(taken)}"
        return int(slot_take(key="live:crowd", slot=slot, limit=10, lease=60))

    assert 1 <= sum(_hit_at_once(16, 25, take)) <= 10
    assert Counter.objects.filter(key__startswith="live:crowd#").count() <= 10


def test_concurrent_takers_never_get_past_the_limit_in_redis(redis_url: str) -> None:
    taken = iter(range(1000))
    lock = threading.Lock()

    def take() -> int:
        with lock:
            slot = f"s{next(taken)}"
        return int(slot_take(key="live:crowd", slot=slot, limit=10, lease=60))

    assert sum(_hit_at_once(16, 25, take)) == 10
