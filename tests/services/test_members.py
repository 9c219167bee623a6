"""The login throttle below the API: address buckets, keys, windows, and concurrent attempts
(in PostgreSQL and in the real local Redis)."""

from __future__ import annotations

import threading
import time
from typing import Any

import pytest
import redis
from django.db import connection

from resolvers.errors import RateLimited
from resolvers.services.members import (
    account_key,
    address_bucket,
    login_attempt_begin,
)

REDIS_URL = "redis://127.0.0.1:6379/15"


@pytest.mark.parametrize(
    ("address", "bucket"),
    [
        ("203.0.113.7", "203.0.113.7"),
        (" 203.0.113.7 ", "203.0.113.7"),
        ("2001:db8:1:2:3:4:5:6", "2001:db8:1:2::/64"),
        ("2001:DB8:1:2::", "2001:db8:1:2::/64"),
        ("::ffff:203.0.113.7", "203.0.113.7"),
        ("", "unknown"),
        ("unix:/run/comptoir.sock", "unknown"),
    ],
)
def test_address_bucket(address: str, bucket: str) -> None:
    assert address_bucket(address) == bucket


def test_account_keys_fold_case_and_width_and_stay_short() -> None:
    assert account_key("Claire") == account_key("claire") == account_key("ＣＬＡＩＲＥ")
    assert account_key("claire") != account_key("claire ")
    key = account_key("quelqu'un avec des espaces " * 20)
    assert key == "login:account:" + key.rsplit(":", 1)[1]
    assert len(key) == 78


def _guess_at_once(guesses: int) -> tuple[int, int]:
    """`guesses` threads, each on its own database connection, count an attempt on one
    account at the same instant; returns (allowed, refused)."""
    barrier = threading.Barrier(guesses)
    allowed: list[int] = []
    refused: list[int] = []
    lock = threading.Lock()

    def guess(i: int) -> None:
        try:
            barrier.wait()
            try:
                login_attempt_begin(username="claire", client_address=f"198.51.100.{i}")
            except RateLimited:
                with lock:
                    refused.append(i)
            else:
                with lock:
                    allowed.append(i)
        finally:
            connection.close()

    threads = [threading.Thread(target=guess, args=(i,)) for i in range(guesses)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return len(allowed), len(refused)


@pytest.mark.postgres_only
@pytest.mark.django_db(transaction=True)
def test_concurrent_attempts_never_exceed_the_limit_in_postgresql(settings: Any) -> None:
    """Counted before the password is checked, in one statement: 40 simultaneous guesses
    on one account get exactly 10 password checks, whatever the interleaving."""
    settings.REDIS_URL = ""
    assert _guess_at_once(40) == (10, 30)


def test_concurrent_attempts_never_exceed_the_limit_in_redis(settings: Any) -> None:
    client = redis.Redis.from_url(REDIS_URL)
    client.flushdb()
    settings.REDIS_URL = REDIS_URL
    try:
        assert _guess_at_once(40) == (10, 30)
    finally:
        client.flushdb()


@pytest.mark.django_db
def test_the_window_runs_from_the_first_attempt(
    settings: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings.REDIS_URL = ""
    now = [1_800_000_000.0]
    monkeypatch.setattr(time, "time", lambda: now[0])
    for _ in range(10):
        login_attempt_begin(username="claire", client_address="192.0.2.1")
        now[0] += 60
    # 10 minutes after the first attempt: 5 minutes left of the 15.
    with pytest.raises(RateLimited) as refused:
        login_attempt_begin(username="claire", client_address="192.0.2.1")
    assert (refused.value.message, refused.value.retry_after) == (
        "Too many failed logins on this account: try again in 5 minutes.",
        300,
    )
    # Refused attempts do not push the end of the window.
    now[0] += 299
    with pytest.raises(RateLimited) as refused:
        login_attempt_begin(username="claire", client_address="192.0.2.1")
    assert (refused.value.message, refused.value.retry_after) == (
        "Too many failed logins on this account: try again in 1 minute.",
        1,
    )
    now[0] += 1
    login_attempt_begin(username="claire", client_address="192.0.2.1")
