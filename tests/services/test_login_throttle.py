"""The login throttle below the API: address buckets, keys, and concurrent attempts."""

from __future__ import annotations

import threading
from typing import Any

import pytest
from django.core.cache import cache

from resolvers.errors import RateLimited
from resolvers.services import login_throttle
from resolvers.services.login_throttle import (
    account_key,
    address_bucket,
    member_authenticate,
)


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


def test_account_keys_fold_case_and_width_and_stay_valid_cache_keys() -> None:
    assert account_key("Claire") == account_key("claire") == account_key("ＣＬＡＩＲＥ")
    assert account_key("claire") != account_key("claire ")
    key = account_key("quelqu'un avec des espaces " * 20)
    assert " " not in key
    assert len(key) < 250


def test_concurrent_attempts_never_exceed_the_limit(
    monkeypatch: pytest.MonkeyPatch, settings: Any
) -> None:
    """Counted before the password is checked: 40 simultaneous guesses on one account get
    exactly 10 password checks, whatever the interleaving."""
    settings.COMPTOIR_LOGIN_FAILURES_PER_ADDRESS = 1000
    checked: list[int] = []
    lock = threading.Lock()
    barrier = threading.Barrier(40)

    def slow_wrong_password(request: Any, **credentials: Any) -> None:
        with lock:
            checked.append(1)

    monkeypatch.setattr(login_throttle, "authenticate", slow_wrong_password)
    refused: list[int] = []

    def guess(i: int) -> None:
        barrier.wait()
        try:
            member_authenticate(
                username="claire", password=f"guess{i}", client_address=f"198.51.100.{i}"
            )
        except RateLimited:
            with lock:
                refused.append(i)

    threads = [threading.Thread(target=guess, args=(i,)) for i in range(40)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert (len(checked), len(refused)) == (10, 30)


def test_a_window_ending_between_add_and_incr_opens_the_next(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(login_throttle, "authenticate", lambda request, **kw: None)
    real_add = cache.add
    calls = {"n": 0}

    def add_then_expire(key: str, value: Any, timeout: Any = None) -> bool:
        added = real_add(key, value, timeout)
        calls["n"] += 1
        if calls["n"] == 1:
            cache.delete(key)  # the window ends right now
        return added

    monkeypatch.setattr(cache, "add", add_then_expire)
    assert member_authenticate(username="a", password="x", client_address="192.0.2.1") is None
    assert cache.get(login_throttle.address_key("192.0.2.1")) == 1
