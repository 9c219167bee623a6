"""Logging in, with brute force kept out.

Failed logins are counted in Django's cache, per account (the username as typed, folded:
"Claire" and "claire" are one account) and per client address, over a window that starts at
the first failure (`COMPTOIR_LOGIN_FAILURE_WINDOW` seconds). An attempt is counted *before*
the password is checked (`cache.add` + `cache.incr`, atomic in Redis and in local memory),
so concurrent attempts cannot slip past a limit between the check and the count; a
successful login then takes its own attempt back and clears the account's count. Past a
limit, the password is not even checked until the window ends.

With Redis (`REDIS_URL`) the counts are shared by every worker; with the local-memory cache
(a laptop) each process counts on its own. The caller passes the client's address (the
view's REMOTE_ADDR): no HTTP object comes down here.
"""

from __future__ import annotations

import contextlib
import hashlib
import ipaddress
import math
import time
import unicodedata
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import authenticate
from django.core.cache import cache

from models.models import Member

from ..errors import RateLimited

_PREFIX = "comptoir:login-failures"


@dataclass(frozen=True, slots=True)
class LoginLimits:
    per_account: int
    per_address: int
    window: int  # seconds


def login_limits() -> LoginLimits:
    return LoginLimits(
        per_account=settings.COMPTOIR_LOGIN_FAILURES_PER_ACCOUNT,
        per_address=settings.COMPTOIR_LOGIN_FAILURES_PER_ADDRESS,
        window=settings.COMPTOIR_LOGIN_FAILURE_WINDOW,
    )


def account_key(username: str) -> str:
    # Hashed: a username may hold characters a cache key may not (spaces, 300 characters).
    folded = unicodedata.normalize("NFKC", username).casefold()
    return f"{_PREFIX}:account:{hashlib.sha256(folded.encode()).hexdigest()}"


def address_key(client_address: str) -> str:
    return f"{_PREFIX}:address:{address_bucket(client_address)}"


def address_bucket(client_address: str) -> str:
    """One bucket per IPv4 address and per IPv6 /64 (what one subscriber usually holds, so
    rotating addresses inside it does not reset the count)."""
    try:
        address = ipaddress.ip_address(client_address.strip())
    except ValueError:
        # No usable address (a Unix socket without proxy headers): one shared bucket.
        return "unknown"
    if isinstance(address, ipaddress.IPv6Address):
        if address.ipv4_mapped is not None:
            return str(address.ipv4_mapped)
        return str(ipaddress.IPv6Network((address, 64), strict=False))
    return str(address)


def _count_attempt(key: str, *, limit: int, window: int) -> int | None:
    """Count one attempt under `key`; return the seconds left in the window when the count
    is now over `limit`, None when the attempt may go on."""
    now = time.time()
    if cache.add(key, 0, timeout=window):
        # A new window: remember when it ends, for the retry-after of refused attempts.
        cache.set(f"{key}:until", now + window, timeout=window)
    try:
        count = cache.incr(key)
    except ValueError:
        # The window ended between `add` and `incr`: this attempt opens the next one.
        cache.add(key, 0, timeout=window)
        cache.set(f"{key}:until", now + window, timeout=window)
        count = cache.incr(key)
    if count <= limit:
        return None
    until = cache.get(f"{key}:until")
    left = until - now if isinstance(until, int | float) else window
    return max(1, math.ceil(left))


def _refused(what: str, seconds: int) -> RateLimited:
    minutes = math.ceil(seconds / 60)
    return RateLimited(
        f"Too many failed logins {what}: try again in {minutes} minute"
        f"{'s' if minutes > 1 else ''}.",
        retry_after=seconds,
    )


def member_authenticate(*, username: str, password: str, client_address: str) -> Member | None:
    """The active member these credentials belong to, or None (unknown username, wrong
    password, deactivated member: one answer for all, so nobody learns which).

    Raises `RateLimited` without checking the password when the client's address or the
    account is over its limit of failed logins.
    """
    limits = login_limits()
    by_address = address_key(client_address)
    wait = _count_attempt(by_address, limit=limits.per_address, window=limits.window)
    if wait is not None:
        raise _refused("from this address", wait)
    by_account = account_key(username)
    wait = _count_attempt(by_account, limit=limits.per_account, window=limits.window)
    if wait is not None:
        raise _refused("on this account", wait)

    user = authenticate(None, username=username, password=password)
    if not isinstance(user, Member):
        return None
    # A success is not a failure: take the attempt back from the address, and start the
    # account afresh.
    cache.delete_many([by_account, f"{by_account}:until"])
    with contextlib.suppress(ValueError):  # unless the window ended meanwhile
        cache.decr(by_address)
    return user
