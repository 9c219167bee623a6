"""The `DateTime` scalar: instants with their UTC offset, within the range the databases store
and Python reads back (`resolvers.bounds`); and `Date`, a calendar day.

It replaces Strawberry's own `DateTime` for the whole schema (`scalar_overrides`), keeping
its name and ISO 8601 text. Strawberry's accepts naive values ("2027-03-15T10:00:00", even
"2027-03-15") and any year Python knows, which let `0001-01-01T00:00:00+14:00` be stored on
PostgreSQL and then break every read of it. This one:

- reads ISO 8601 text with an offset (`Z`, `+01:00`, ...) and refuses anything else with
  BAD_USER_INPUT, before any resolver runs: naive values, other types, instants outside
  [1970-01-01, 3000-01-01) UTC;
- answers every instant in UTC, `2027-03-15T09:00:00.250000+00:00` (microseconds when there
  are some), so a mutation's payload and every later read spell an instant the same way.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

import strawberry
from strawberry.exceptions import StrawberryInputCoercionError
from strawberry.types.scalar import ScalarDefinition

from resolvers.bounds import EARLIEST_INSTANT, LATEST_INSTANT, check_instant, utc_iso


def serialize_datetime(value: datetime) -> str:
    """ISO 8601 in UTC. Comptoir's datetimes are aware (USE_TZ); a naive one would come from
    the database in UTC, and is read so."""
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return utc_iso(value)


def parse_datetime(value: Any) -> datetime:
    """The instant, in UTC. Raises a GraphQL coercion error (BAD_USER_INPUT) for anything but
    ISO 8601 text with a UTC offset, within `resolvers.bounds`."""
    if not isinstance(value, str):
        raise StrawberryInputCoercionError(
            "A DateTime is ISO 8601 text with its UTC offset, e.g. 2027-03-15T10:00:00+01:00."
        )
    try:
        return check_instant(datetime.fromisoformat(value))
    except ValueError as exc:
        message = str(exc) if "A date and time" in str(exc) else "Not an ISO 8601 date and time."
        raise StrawberryInputCoercionError(message) from None


DateTime: ScalarDefinition = strawberry.scalar(
    name="DateTime",
    description="An instant: ISO 8601 text with its UTC offset, e.g. "
    "`2027-03-15T10:00:00+01:00` or `2027-03-15T09:00:00Z`, from "
    f"{EARLIEST_INSTANT:%Y-%m-%d} (included) to {LATEST_INSTANT:%Y-%m-%d} (excluded). "
    "Answers are in UTC (`+00:00`), with microseconds when there are some.",
    serialize=serialize_datetime,
    parse_value=parse_datetime,
)


def parse_date(value: Any) -> date:
    """The calendar day of ISO 8601 text (`2027-03-15`). Raises a GraphQL coercion error
    (BAD_USER_INPUT) for anything else."""
    if not isinstance(value, str):
        raise StrawberryInputCoercionError("A Date is ISO 8601 text, e.g. 2027-03-15.")
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise StrawberryInputCoercionError("Not an ISO 8601 date, e.g. 2027-03-15.") from None


Date: ScalarDefinition = strawberry.scalar(
    name="Date",
    description="A calendar day (no time, no zone): ISO 8601 text, e.g. `2027-03-15`.",
    serialize=date.isoformat,
    parse_value=parse_date,
)
