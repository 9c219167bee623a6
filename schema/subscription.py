"""The root `Subscription`: each area's live root fields (`<Area>Subscriptions`), served
over WebSocket on /graphql (schema/core/websocket.py, docs/subscriptions.md)."""

from __future__ import annotations

import strawberry

from .notifications import NotificationSubscriptions
from .suggestions import SuggestionSubscriptions
from .threads import ThreadSubscriptions


@strawberry.type(
    description="Follow the community live, over WebSocket on /graphql (graphql-transport-ws): "
    "each field sends its first answer at once, then one after each change the subscriber "
    "may see."
)
class Subscription(SuggestionSubscriptions, ThreadSubscriptions, NotificationSubscriptions):
    pass
