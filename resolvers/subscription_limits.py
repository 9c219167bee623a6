"""How many live subscriptions (GraphQL subscriptions over WebSocket) one may hold at once.

- Per connection: `COMPTOIR_LIVE_SUBSCRIPTIONS_PER_CONNECTION`, counted by the connection
  itself (schema/core/websocket.py).
- Per member, and per partner token, across all their connections and every server
  process: `COMPTOIR_LIVE_SUBSCRIPTIONS_PER_MEMBER`, each subscription holding a slot of the
  counter store every process shares (`counters.py`: Redis when REDIS_URL is set, the
  database otherwise). A slot has a lease of `COMPTOIR_LIVE_SUBSCRIPTION_LEASE` seconds
  that the connection renews while the subscription lasts, so the slots of a process that
  died free themselves within a lease. Anonymous visitors have no account to count
  against: the per-connection limit holds them (and the proxy in front limits connections
  per address).

Past a limit the subscription is refused with RATE_LIMITED; nothing else changes.
"""

from __future__ import annotations

from django.conf import settings

from permissions.roles import Viewer

from .counters import slot_release, slot_renew, slot_take
from .errors import RateLimited


def subscription_lease() -> float:
    """Seconds a subscription's slot is held without being renewed."""
    return float(settings.COMPTOIR_LIVE_SUBSCRIPTION_LEASE)


def subscription_holder(viewer: Viewer) -> str | None:
    """The counter key a viewer's subscriptions count against: the member's, the partner
    token's; None for an anonymous visitor (held by the per-connection limit only)."""
    if viewer.member_id is not None:
        return f"live:member:{viewer.member_id}"
    if viewer.partner is not None:
        return f"live:token:{viewer.partner.token_id}"
    return None


def subscription_take(*, viewer: Viewer, slot: str) -> None:
    """Count one more live subscription (`slot`, a name unique to it) for `viewer`.

    Raises `RateLimited` when the member or token already holds
    `COMPTOIR_LIVE_SUBSCRIPTIONS_PER_MEMBER` of them (on any connection, in any process)."""
    holder = subscription_holder(viewer)
    if holder is None:
        return
    limit = int(settings.COMPTOIR_LIVE_SUBSCRIPTIONS_PER_MEMBER)
    if not slot_take(key=holder, slot=slot, limit=limit, lease=subscription_lease()):
        raise RateLimited(
            f"Too many live subscriptions: at most {limit} at once for one account or token, "
            "on all its connections. End one (`complete`) before starting another.",
        )


def subscription_renew(*, viewer: Viewer, slots: list[str]) -> None:
    """Renew the leases of the viewer's subscriptions still running (their slots)."""
    holder = subscription_holder(viewer)
    if holder is not None and slots:
        slot_renew(key=holder, slots=slots, lease=subscription_lease())


def subscription_release(*, viewer: Viewer, slot: str) -> None:
    """A subscription ended: its slot is free again."""
    holder = subscription_holder(viewer)
    if holder is not None:
        slot_release(key=holder, slot=slot)
