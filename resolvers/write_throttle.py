"""How often a member may write: new threads, replies, comments, suggestions and flags.

Each kind has its own limit, `COMPTOIR_WRITE_LIMITS[kind] = (writes, seconds)`, counted per
member in the counter store every worker shares (`counters.py`), in a window that starts
at the member's first write of the kind. The defaults (README, "Configuration") are above
what an active member or an adviser on a busy shift writes, and far below what a script
posts. Past the limit, the service raises `RateLimited` (a top-level RATE_LIMITED error
with `retryAfter`) and writes nothing.

Services call `write_throttle_hit` after their own checks (a refused or repeated request
does not use up the member's allowance) and before they write, in their transaction.
"""

from __future__ import annotations

import math
from enum import StrEnum

from django.conf import settings

from models.models import Member

from .counters import counter_hit
from .errors import RateLimited


class WriteKind(StrEnum):
    """What a member writes; each kind is limited on its own."""

    THREAD = "thread"
    REPLY = "reply"
    COMMENT = "comment"
    SUGGESTION = "suggestion"
    FLAG = "flag"


_WHAT = {
    WriteKind.THREAD: "new threads",
    WriteKind.REPLY: "replies",
    WriteKind.COMMENT: "comments",
    WriteKind.SUGGESTION: "suggestions",
    WriteKind.FLAG: "reports",
}


def write_limit(kind: WriteKind) -> tuple[int, int]:
    """(writes, seconds): at most that many writes of `kind` per member in that window."""
    writes, seconds = settings.COMPTOIR_WRITE_LIMITS[kind.value]
    return int(writes), int(seconds)


def _period(seconds: int) -> str:
    for unit, size in (("day", 86400), ("hour", 3600), ("minute", 60)):
        if seconds % size == 0:
            n = seconds // size
            return unit if n == 1 else f"{n} {unit}s"
    return f"{seconds} seconds"


def write_throttle_hit(*, member: Member, kind: WriteKind) -> None:
    """Count one write of `kind` by `member`.

    Raises `RateLimited` (`retry_after`: seconds until the member's window ends) when that
    makes more than the kind's limit; the caller then writes nothing."""
    writes, seconds = write_limit(kind)
    hit = counter_hit(key=f"writes:{kind.value}:{member.pk}", window=seconds)
    if hit.count <= writes:
        return
    wait = hit.seconds_left()
    minutes = math.ceil(wait / 60)
    raise RateLimited(
        f"Too many {_WHAT[kind]}: at most {writes} per {_period(seconds)}. Try again in "
        f"{minutes} minute{'s' if minutes > 1 else ''}.",
        retry_after=wait,
    )
