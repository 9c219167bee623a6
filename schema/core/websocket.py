"""/graphql over WebSocket: GraphQL subscriptions with the graphql-transport-ws protocol
(github.com/enisdenjo/graphql-ws, PROTOCOL.md), on Strawberry's Django Channels consumer.
docs/subscriptions.md says it for clients; here is how.

Who subscribes (the connection's viewer, fixed at `connection_init`):
- a partner, by its API token in `connection_init`'s payload
  (`{"authorization": "Bearer <token>"}`): its scopes, never personal data; the
  connection counts as one request of the token's rate limit. A session cookie sent
  along is ignored, as on HTTP;
- otherwise the member of the session cookie (an active one), or an anonymous visitor.

The handshake is refused (HTTP 403) when its Host is not one of ALLOWED_HOSTS, or when it
comes from a page of another origin: a browser sends `Origin` with every WebSocket
handshake and attaches the site's cookies whatever page opens it, so a foreign page could
otherwise subscribe with a member's session (cross-site WebSocket hijacking). Clients that
are not browsers send no `Origin` and carry no ambient credentials.

Only subscriptions run here (queries and mutations go to /graphql over HTTP, with its CSRF
check), under the same document limits; a subscription may name a trusted document
(`{"documentId": "sha256:..."}` in its payload, as on HTTP), and with
COMPTOIR_TRUSTED_DOCUMENTS_ONLY anonymous visitors and members may run only those.

While a connection lasts its viewer is checked again every third of
COMPTOIR_LIVE_SUBSCRIPTION_LEASE: a session that ended (logged out, expired, its password
changed), a member deactivated or given another role, a token revoked or rescoped close it
(4403), and a new connection starts from the credentials as they are.

Limits: `connection_init` within COMPTOIR_LIVE_CONNECTION_INIT_TIMEOUT seconds (else closed
with 4408); at most COMPTOIR_LIVE_SUBSCRIPTIONS_PER_CONNECTION subscriptions per connection
and COMPTOIR_LIVE_SUBSCRIPTIONS_PER_MEMBER per member or token on all connections
(`resolvers/subscription_limits.py`), refused with RATE_LIMITED. A client's `ping` is
answered with `pong` (the protocol's keep-alive); the server (uvicorn) pings at the
WebSocket level and closes connections that stop answering.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import uuid
from collections import Counter
from collections.abc import Sequence
from datetime import timedelta
from importlib import import_module
from typing import Any

from channels.db import database_sync_to_async
from django.conf import settings
from django.contrib.auth import HASH_SESSION_KEY, SESSION_KEY
from django.http.request import split_domain_port, validate_host
from django.utils.crypto import constant_time_compare
from graphql import GraphQLFormattedError
from strawberry.channels import GraphQLWSConsumer
from strawberry.schema import BaseSchema
from strawberry.subscriptions import GRAPHQL_TRANSPORT_WS_PROTOCOL
from strawberry.subscriptions.protocols.graphql_transport_ws.handlers import (
    BaseGraphQLTransportWSHandler,
)
from strawberry.subscriptions.protocols.graphql_transport_ws.types import (
    ConnectionInitMessage,
    ErrorMessage,
    SubscribeMessage,
)
from strawberry.types.unset import UNSET, UnsetType

from models.models import Member
from permissions.roles import Viewer
from resolvers.errors import RateLimited
from resolvers.services.partners import api_token_authenticate
from resolvers.subscription_limits import (
    subscription_lease,
    subscription_release,
    subscription_renew,
    subscription_take,
)
from resolvers.tasks.live import MESSAGE_TYPE

from ..partners import bearer_token, open_partner_request, rate_limit_extension
from . import trusted_documents
from .live import LiveContext, LiveSubscription

logger = logging.getLogger("comptoir.live")

# Close codes of graphql-transport-ws's own vocabulary.
FORBIDDEN = 4403
TOO_MANY_REQUESTS = 4429


class ConnectionRefused(Exception):
    """`connection_init` refused: the socket is closed with this code and reason (a
    close reason holds at most 123 bytes)."""

    def __init__(self, code: int, reason: str) -> None:
        super().__init__(reason)
        self.code = code
        self.reason = reason


class LiveProtocol(BaseGraphQLTransportWSHandler[LiveContext, None]):
    """Strawberry's graphql-transport-ws handler, with Comptoir's refusals of
    `connection_init` (close code and reason) and trusted documents in `subscribe`."""

    context: LiveContext

    async def handle_connection_init(self, message: ConnectionInitMessage) -> None:
        try:
            await super().handle_connection_init(message)
        except ConnectionRefused as refused:
            await self.websocket.close(code=refused.code, reason=refused.reason)

    async def handle_subscribe(self, message: SubscribeMessage) -> None:
        payload = message.get("payload")
        if (
            not self.connection_acknowledged
            or message.get("id") in self.operations
            or not isinstance(payload, dict)
        ):
            # The protocol's own refusals (closed 4401, 4409, 4400).
            await super().handle_subscribe(message)
            return
        viewer = self.context.viewer
        try:
            params = trusted_documents.request_params(
                dict(payload), may_send_any=viewer.is_partner or viewer.is_staff
            )
        except trusted_documents.DocumentRefused as refused:
            error: GraphQLFormattedError = {
                "message": refused.message,
                "extensions": {"code": refused.code},
            }
            await self.send_message(ErrorMessage(id=message["id"], type="error", payload=[error]))
            return
        await super().handle_subscribe({**message, "payload": params})  # type: ignore[typeddict-item]


def _header(scope: dict[str, Any], name: bytes) -> str | None:
    for key, value in scope.get("headers", ()):
        if key.lower() == name:
            return str(value.decode("latin-1"))
    return None


class LiveConsumer(GraphQLWSConsumer):
    """One WebSocket connection to /graphql (config/asgi.py routes it, behind Channels'
    session and authentication middleware): its viewer, its running subscriptions, the
    groups of the channel layer they joined, and their slots in the subscriber's limit."""

    graphql_transport_ws_handler_class = LiveProtocol  # type: ignore[assignment]

    def __init__(self, schema: BaseSchema) -> None:
        super().__init__(
            schema=schema,
            subscription_protocols=(GRAPHQL_TRANSPORT_WS_PROTOCOL,),
            connection_init_wait_timeout=timedelta(
                seconds=float(settings.COMPTOIR_LIVE_CONNECTION_INIT_TIMEOUT)
            ),
            # Counted per subscription by `open_subscription`, with a code.
            max_subscriptions_per_connection=None,
        )
        self.subscriptions: set[LiveSubscription] = set()
        self.live_context: LiveContext | None = None
        self._joined: Counter[str] = Counter()
        self._groups_lock = asyncio.Lock()
        self._renewal: asyncio.Task[None] | None = None
        # A partner's token, checked again while the connection lasts.
        self._secret: str | None = None

    async def connect(self) -> None:
        # As Django answers HTTP requests for other hosts with 400: nothing is served.
        domain, _port = split_domain_port(_header(self.scope, b"host") or "")
        if not domain or not validate_host(domain, settings.ALLOWED_HOSTS):
            await self.close()  # before `accept`: the handshake is refused (403)
            return
        # Strawberry refuses a handshake from a page of another origin (403), then accepts.
        await super().connect()

    async def get_context(self, request: Any, response: Any) -> LiveContext:  # type: ignore[override]
        user = self.scope.get("user")
        context = LiveContext(viewer=trusted_documents.viewer_of(user), ws=self)
        self.live_context = context
        return context

    async def on_ws_connect(self, context: LiveContext) -> UnsetType | dict[str, object] | None:  # type: ignore[override]
        credentials = context.connection_params.get("authorization")
        if credentials is None:
            return UNSET
        secret = bearer_token(credentials) if isinstance(credentials, str) else None
        if not secret:
            raise ConnectionRefused(FORBIDDEN, 'authorization must be "Bearer <token>".')
        partner = await database_sync_to_async(open_partner_request)(secret)
        if partner is None:
            raise ConnectionRefused(FORBIDDEN, "The API token is unknown, expired or revoked.")
        if partner.rate_limit.exceeded:
            wait = partner.rate_limit.reset_seconds
            raise ConnectionRefused(TOO_MANY_REQUESTS, f"Rate limit exceeded: retry in {wait} s.")
        # The token is the only credential, whatever cookie came along.
        self._secret = secret
        context.switch_viewer(Viewer(partner=partner.access))
        return {"rateLimit": rate_limit_extension(partner.rate_limit)}

    # --- Subscriptions (schema/core/live.py opens them) -----------------------------------

    async def open_subscription(self, viewer: Viewer, groups: Sequence[str]) -> LiveSubscription:
        """Start a subscription listening to `groups`: counted against the connection's
        limit and the subscriber's (RateLimited past either), its groups joined. Its
        `close` undoes all of it; the connection closes what is left when it ends."""
        limit = int(settings.COMPTOIR_LIVE_SUBSCRIPTIONS_PER_CONNECTION)
        if len(self.subscriptions) >= limit:
            raise RateLimited(
                f"Too many live subscriptions on this connection: at most {limit}. End one "
                "(`complete`) before starting another."
            )
        slot = uuid.uuid4().hex
        await database_sync_to_async(subscription_take)(viewer=viewer, slot=slot)

        async def close(subscription: LiveSubscription) -> None:
            self.subscriptions.discard(subscription)
            self.listen_queues[MESSAGE_TYPE].discard(subscription.queue)
            try:
                await self._leave(subscription.groups)
            finally:
                await database_sync_to_async(subscription_release)(viewer=viewer, slot=slot)

        subscription = LiveSubscription(groups=tuple(groups), slot=slot, close_callback=close)
        self.subscriptions.add(subscription)
        # Strawberry's consumer hands every channel layer message of this type to these
        # queues (a weak set: the subscription holds its queue).
        self.listen_queues[MESSAGE_TYPE].add(subscription.queue)
        try:
            await self._join(subscription.groups)
        except BaseException:
            await subscription.close()
            raise
        if self._renewal is None:
            self._renewal = asyncio.create_task(self._renew())
        return subscription

    async def _join(self, groups: Sequence[str]) -> None:
        assert self.channel_layer is not None
        async with self._groups_lock:
            for group in groups:
                # Added again even when joined: a membership may have expired meanwhile.
                await self.channel_layer.group_add(group, self.channel_name)
                self._joined[group] += 1

    async def _leave(self, groups: Sequence[str]) -> None:
        assert self.channel_layer is not None
        async with self._groups_lock:
            for group in groups:
                self._joined[group] -= 1
                if self._joined[group] <= 0:
                    del self._joined[group]
                    await self.channel_layer.group_discard(group, self.channel_name)

    async def _renew(self) -> None:
        """While the connection lasts, three times per lease: the viewer checked again (a
        session that ended, a member deactivated or given another role, a token revoked:
        the connection is closed, 4403), then the leases of its subscriptions' slots and its
        groups (the channel layer forgets a membership after a day) renewed."""
        assert self.channel_layer is not None
        while True:
            await asyncio.sleep(subscription_lease() / 3)
            running = list(self.subscriptions)
            if not running or self.live_context is None:
                continue
            try:
                if not await database_sync_to_async(self._viewer_holds)():
                    await self.close(code=FORBIDDEN, reason="The session or token ended.")
                    return
                async with self._groups_lock:
                    for group in list(self._joined):
                        await self.channel_layer.group_add(group, self.channel_name)
                await database_sync_to_async(subscription_renew)(
                    viewer=self.live_context.viewer, slots=[s.slot for s in running]
                )
            except Exception:
                # The next round tries again; a lapsed slot only frees a place.
                logger.exception("renewing live subscriptions failed")

    def _viewer_holds(self) -> bool:
        """Whether the connection's viewer is still who its credentials say (runs queries):
        a partner's token still valid with the same scopes; a member's session still there,
        for the same active member with the same role; an anonymous visitor always."""
        assert self.live_context is not None
        viewer = self.live_context.viewer
        if viewer.partner is not None:
            access = api_token_authenticate(secret=self._secret or "")
            return access == viewer.partner
        if viewer.member is None:
            return True
        key = getattr(self.scope.get("session"), "session_key", None)
        if key is None:
            return False
        # The session as its store holds it now (none once logged out or expired).
        stored = import_module(settings.SESSION_ENGINE).SessionStore(key)
        member = Member.objects.filter(pk=stored.get(SESSION_KEY), is_active=True).first()
        return (
            member is not None
            and member.pk == viewer.member.pk
            and member.role == viewer.member.role
            and member.is_staff == viewer.member.is_staff
            and constant_time_compare(
                stored.get(HASH_SESSION_KEY, ""), member.get_session_auth_hash()
            )
        )

    async def disconnect(self, code: int) -> None:
        try:
            # Strawberry ends the operations: each stream closes its subscription. (Nothing
            # ran for a handshake refused by `connect`.)
            if self.run_task is not None:
                await super().disconnect(code)
        finally:
            if self._renewal is not None:
                self._renewal.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await self._renewal
            for subscription in list(self.subscriptions):
                # A stream cancelled before its first step never ran its own `finally`.
                with contextlib.suppress(Exception):
                    await subscription.close()
