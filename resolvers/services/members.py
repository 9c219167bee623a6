"""Logging in, with brute force kept out: one throttle for every password check.

Every `authenticate()` call of the project goes through `ThrottledModelBackend`
(`config/authentication.py`, the only entry of `AUTHENTICATION_BACKENDS`): the GraphQL
`login` (`member_authenticate` below), the back office's login page, and any form added
later. The backend calls `login_attempt_begin` before the password is checked and
`login_attempt_succeeded` after a success.

Attempts are counted per account (the username as typed, folded: "Claire" and "claire" are
one account) and per client address (IPv6: per /64), over a window that starts at the first
attempt (`COMPTOIR_LOGIN_FAILURE_WINDOW` seconds), in the counter store every worker shares
(`resolvers/counters.py`: Redis or the database). An attempt is counted *before* the password is
checked, in one atomic step, so concurrent attempts cannot slip past a limit between a check
and a count; a successful login then takes its attempt back from the address and clears the
account's count. Past a limit, the password is not even checked until the window ends.

No HTTP object comes down here: callers pass the client's address (REMOTE_ADDR).
"""

from __future__ import annotations

import hashlib
import ipaddress
import math
import unicodedata
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import authenticate

from models.models import Member

from ..counters import counter_clear, counter_hit, counter_take_back
from ..errors import RateLimited, ResultCode, ServiceError

_PREFIX = "login"


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
    # Hashed: a username may be long or hold any character; the key stays short.
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
    hit = counter_hit(key=key, window=window)
    if hit.count <= limit:
        return None
    return hit.seconds_left()


def _refused(what: str, seconds: int) -> RateLimited:
    minutes = math.ceil(seconds / 60)
    return RateLimited(
        f"Too many failed logins {what}: try again in {minutes} minute"
        f"{'s' if minutes > 1 else ''}.",
        retry_after=seconds,
    )


@dataclass(frozen=True, slots=True)
class LoginAttempt:
    """An attempt counted by `login_attempt_begin`: the counters it went into."""

    account_key: str
    address_key: str


def login_attempt_begin(*, username: str, client_address: str) -> LoginAttempt:
    """Count an attempt to log in as `username` from `client_address`, before its password
    is checked.

    Raises `RateLimited` (with `retry_after`, in seconds) when the address or the account
    is over its limit of attempts in the window: the caller must then not check the
    password."""
    limits = login_limits()
    by_address = address_key(client_address)
    wait = _count_attempt(by_address, limit=limits.per_address, window=limits.window)
    if wait is not None:
        raise _refused("from this address", wait)
    by_account = account_key(username)
    wait = _count_attempt(by_account, limit=limits.per_account, window=limits.window)
    if wait is not None:
        raise _refused("on this account", wait)
    return LoginAttempt(account_key=by_account, address_key=by_address)


def login_attempt_succeeded(attempt: LoginAttempt) -> None:
    """A success is not a failure: take the attempt back from the address (so an office
    behind one address is limited by its failures only), and start the account afresh."""
    counter_clear(key=attempt.account_key)
    counter_take_back(key=attempt.address_key)


class LoginCode(ResultCode):
    """What `member_authenticate` answers besides a member."""

    INVALID_CREDENTIALS = (
        "INVALID_CREDENTIALS",
        "Unknown username, wrong password or inactive account (one answer for all, so nobody "
        "learns which).",
    )


def member_authenticate(*, username: str, password: str, client_address: str) -> Member:
    """The active member these credentials belong to.

    Raises `ServiceError` (LoginCode.INVALID_CREDENTIALS) otherwise (unknown username,
    wrong password, deactivated member: one answer for all, so nobody learns which). Goes
    through Django's `authenticate()`, hence the throttling backend: raises `RateLimited`
    without checking the password when the client's address or the account is over its
    limit of failed logins.
    """
    user = authenticate(None, username=username, password=password, client_address=client_address)
    if not isinstance(user, Member):
        raise ServiceError.single(
            LoginCode.INVALID_CREDENTIALS, "Unknown username or wrong password."
        )
    return user
