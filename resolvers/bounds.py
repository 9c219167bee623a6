"""The values the databases store and Python reads back: the ranges every input is held to
before it reaches a query, so that an out-of-range value is refused the same way on SQLite and
PostgreSQL instead of overflowing a driver (SQLite's `OverflowError`, PostgreSQL's
"out of range" errors, or an instant psycopg cannot read back into a `datetime`); and how
an instant is spelled where it is kept as text (audit records, event keys, the API).
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import overload

# Primary keys are `BigAutoField`s: signed 64-bit on PostgreSQL (bigint) and on SQLite
# (INTEGER). Integers compared with a column (cursor values) are held to the same range.
INT64_MIN = -(2**63)
INT64_MAX = 2**63 - 1

# Instants accepted from clients, in UTC: from the Unix epoch (included) to the year 3000
# (excluded). Python's `datetime` ends at years 1 and 9999; an instant near either end cannot
# be read back in another offset (UTC ± 14 h, the bank's time zone), which is how
# `0001-01-01T00:00:00+14:00` once broke every read of the meetings. The range is kept
# round and far from both ends instead.
EARLIEST_INSTANT = datetime(1970, 1, 1, tzinfo=UTC)
LATEST_INSTANT = datetime(3000, 1, 1, tzinfo=UTC)


def is_int64(value: object) -> bool:
    """Whether `value` is an `int` (not a `bool`) within the signed 64-bit range."""
    return (
        isinstance(value, int) and not isinstance(value, bool) and INT64_MIN <= value <= INT64_MAX
    )


def check_instant(value: datetime) -> datetime:
    """The same instant in UTC.

    Raises ValueError (with a message for the client) when `value` has no UTC offset, or is
    outside [EARLIEST_INSTANT, LATEST_INSTANT).
    """
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValueError(
            "A date and time needs its UTC offset, e.g. 2027-03-15T10:00:00+01:00 or "
            "2027-03-15T09:00:00Z."
        )
    try:
        instant = value.astimezone(UTC)
    except OverflowError:
        instant = None
    if instant is None or not EARLIEST_INSTANT <= instant < LATEST_INSTANT:
        raise ValueError(
            f"A date and time must be from {EARLIEST_INSTANT:%Y-%m-%d} (included) to "
            f"{LATEST_INSTANT:%Y-%m-%d} (excluded), in UTC."
        )
    return instant


@overload
def utc_iso(moment: datetime) -> str: ...
@overload
def utc_iso(moment: datetime | None) -> str | None: ...
def utc_iso(moment: datetime | None) -> str | None:
    """`moment` in ISO 8601, in UTC whatever time zone it came in: how audit records, event
    keys and the API spell an instant. None stays None."""
    return None if moment is None else moment.astimezone(UTC).isoformat()
