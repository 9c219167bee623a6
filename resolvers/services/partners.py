"""Partner API tokens: issuing, revoking, authenticating a request, and the per-token rate
limit; partners' webhook endpoints: registering, changing, disabling them, the retry
schedule of their deliveries, and replays. No HTTP object comes down here: the view passes
the secret it read from the `Authorization: Bearer` header.

A secret is `<prefix>.<random>` (`ApiToken.new_secret`); only its SHA-256 is stored. The
prefix finds the row (it is not secret: the back office shows it), the hash proves the rest,
compared in constant time.
"""

from __future__ import annotations

import hmac
import math
import re
import time
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from models.models import (
    ApiToken,
    Member,
    TokenScope,
    WebhookDelivery,
    WebhookDeliveryStatus,
    WebhookEndpoint,
    WebhookEventType,
)
from permissions.policies import WEBHOOK_EVENT_SCOPES, can_partner_receive_event
from permissions.roles import PartnerAccess, Viewer

from ..bounds import utc_iso
from ..counters import counter_hit
from ..errors import FieldError, Outcome, ResultCode, ServiceError
from ..outbound import UnsafeDestination, check_destination
from .audit import audit_record

# `ApiToken.new_secret`: 12 hex characters, a dot, 43 URL-safe characters. Anything much
# longer is not a token of ours, and is refused before hashing.
_PREFIX = re.compile(r"[0-9a-f]{12}")
MAX_SECRET_LENGTH = 128
# `last_used_at` is written at most this often per token, not on every request.
LAST_USED_RESOLUTION = timedelta(minutes=1)
MAX_PARTNER_LENGTH = 100
# Compared against when no token has the prefix, so unknown prefixes cost the same.
_NO_TOKEN_HASH = ApiToken.hash_secret("no token has this prefix")

_RATE_KEY = "partner"
# The clock of the rate-limit windows (seconds since the epoch); tests stop it.
clock = time.time


class ApiTokenCreateCode(ResultCode):
    """What `api_token_create` answers besides a token."""

    BLANK = "BLANK", "The partner's name is empty."
    TOO_LONG = "TOO_LONG", "The partner's name is longer than allowed."
    UNKNOWN_SCOPE = "UNKNOWN_SCOPE", "A scope is not one of the token scopes."
    NO_SCOPE = "NO_SCOPE", "The token has no scope: give it at least one."
    EXPIRED = "EXPIRED", "The expiry is not in the future."


class ApiTokenRevokeCode(ResultCode):
    """What `api_token_revoke` answers besides a revoked token."""

    NOT_FOUND = "NOT_FOUND", "No token has this prefix."
    ALREADY_REVOKED = "ALREADY_REVOKED", "The token was already revoked: nothing changed."


@dataclass(frozen=True, slots=True)
class IssuedToken:
    token: ApiToken
    secret: str  # shown once to whoever issued it, stored nowhere


def normalize_scopes(scopes: Iterable[str]) -> list[str]:
    """The scopes in declaration order (so equal sets compare equal), or a ServiceError
    (ApiTokenCreateCode) for an unknown one or none at all."""
    chosen = {s.strip() for s in scopes if s.strip()}
    unknown = sorted(chosen - set(TokenScope.values))
    if unknown:
        raise ServiceError.single(
            ApiTokenCreateCode.UNKNOWN_SCOPE,
            f"Unknown scope(s): {', '.join(unknown)}. Scopes: {', '.join(TokenScope.values)}.",
            "scopes",
        )
    if not chosen:
        raise ServiceError.single(
            ApiTokenCreateCode.NO_SCOPE, "Give the token at least one scope.", "scopes"
        )
    return [scope for scope in TokenScope.values if scope in chosen]


def api_token_create(
    *,
    partner: str,
    scopes: Iterable[str],
    expires_at: datetime,
    created_by: Member | None,
) -> IssuedToken:
    """Issue a read-only token for `partner`, audited as `api_token.create` (the same event
    the back office writes). The secret is returned once; only its hash is stored.

    Raises `ServiceError` (ApiTokenCreateCode) for a blank or too long partner name,
    unknown scopes or none, or an expiry in the past."""
    name = partner.strip()
    if not name:
        raise ServiceError.single(ApiTokenCreateCode.BLANK, "Name the partner.", "partner")
    if len(name) > MAX_PARTNER_LENGTH:
        raise ServiceError.single(
            ApiTokenCreateCode.TOO_LONG,
            f"A partner's name has at most {MAX_PARTNER_LENGTH} characters.",
            "partner",
        )
    ordered = normalize_scopes(scopes)
    now = timezone.now()
    if expires_at <= now:
        raise ServiceError.single(
            ApiTokenCreateCode.EXPIRED, "The expiry must be in the future.", "expiresAt"
        )
    with transaction.atomic():
        token = ApiToken(partner=name, scopes=ordered, expires_at=expires_at, created_by=created_by)
        token.created_at = now
        secret = token.assign_new_secret()
        token.save()
        audit_record(
            actor=created_by,
            action="api_token.create",
            target=token,
            after={
                "partner": token.partner,
                "prefix": token.prefix,
                "scopes": token.scopes,
                "expires_at": utc_iso(token.expires_at),
            },
        )
    return IssuedToken(token=token, secret=secret)


def api_token_revoke(*, prefix: str, actor: Member | None) -> Outcome[ApiToken]:
    """Revoke the token with this prefix, audited as `api_token.revoke`; returns the token.
    Revoking a revoked token writes nothing (ALREADY_REVOKED: a retry is harmless).

    Raises `ServiceError` (ApiTokenRevokeCode.NOT_FOUND) when no token has the prefix."""
    with transaction.atomic():
        token = ApiToken.objects.select_for_update().filter(prefix=prefix.strip()).first()
        if token is None:
            raise ServiceError.single(
                ApiTokenRevokeCode.NOT_FOUND, "No token has this prefix.", "prefix"
            )
        if token.revoked_at is not None:
            return Outcome(
                token,
                rows=(token,),
                already=FieldError(
                    ApiTokenRevokeCode.ALREADY_REVOKED, "This token was already revoked.", "prefix"
                ),
            )
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        audit_record(
            actor=actor,
            action="api_token.revoke",
            target=token,
            after={"revoked_at": utc_iso(token.revoked_at)},
        )
    return Outcome(token, rows=(token,))


def api_token_authenticate(*, secret: str) -> PartnerAccess | None:
    """The partner a bearer secret belongs to, or None when it is malformed, unknown, wrong,
    expired or revoked (one answer for all). Notes the use, at most once a minute."""
    prefix, dot, _ = secret.partition(".")
    if not dot or len(secret) > MAX_SECRET_LENGTH or not _PREFIX.fullmatch(prefix):
        return None
    token = (
        ApiToken.objects.filter(prefix=prefix)
        .only("partner", "secret_hash", "scopes", "expires_at", "revoked_at", "last_used_at")
        .first()
    )
    expected = token.secret_hash if token is not None else _NO_TOKEN_HASH
    matches = hmac.compare_digest(ApiToken.hash_secret(secret), expected)
    now = timezone.now()
    if token is None or not matches or not token.is_active(now):
        return None
    if token.last_used_at is None or now - token.last_used_at >= LAST_USED_RESOLUTION:
        # Conditional, so workers racing on the same minute write once.
        ApiToken.objects.filter(pk=token.pk).filter(
            Q(last_used_at__isnull=True) | Q(last_used_at__lte=now - LAST_USED_RESOLUTION)
        ).update(last_used_at=now)
    return partner_access(token)


def partner_access(token: ApiToken) -> PartnerAccess:
    """Who a token's holder is to the policies and row scopes: its partner and its known
    scopes (a scope dropped from `TokenScope` opens nothing)."""
    known = set(TokenScope.values)
    return PartnerAccess(
        token_id=token.pk,
        partner=token.partner,
        scopes=frozenset(scope for scope in token.scopes if scope in known),
    )


@dataclass(frozen=True, slots=True)
class RateLimitStatus:
    """Where a token stands in the current window."""

    limit: int
    window: int  # seconds
    count: int  # requests in this window, this one included
    reset_seconds: int  # until the window ends and the count starts again

    @property
    def exceeded(self) -> bool:
        return self.count > self.limit

    @property
    def remaining(self) -> int:
        return max(0, self.limit - self.count)


def api_token_count_request(*, token_id: int) -> RateLimitStatus:
    """Count one request of a token in the current fixed window (`COMPTOIR_PARTNER_RATE_LIMIT`
    requests per `COMPTOIR_PARTNER_RATE_WINDOW` seconds, windows aligned on the clock).

    Counted with one atomic hit in the counter store every worker shares (`resolvers/counters.py`:
    Redis with `REDIS_URL`, the database otherwise). Requests past the limit are counted
    too, so a client hammering the API stays refused until the window ends."""
    limit: int = settings.COMPTOIR_PARTNER_RATE_LIMIT
    window: int = settings.COMPTOIR_PARTNER_RATE_WINDOW
    now = clock()
    index = int(now // window)
    key = f"{_RATE_KEY}:{token_id}:{index}"
    left = (index + 1) * window - now
    # The window's own key, kept a little past its end (clocks of workers differ slightly).
    hit = counter_hit(key=key, window=left + 5)
    reset = max(1, math.ceil(left))
    return RateLimitStatus(limit=limit, window=window, count=hit.count, reset_seconds=reset)


# --- Webhook endpoints and their deliveries ---------------------------------------------------


class WebhookEndpointCode(ResultCode):
    """What the webhook endpoint services answer besides an endpoint."""

    NOT_FOUND = "NOT_FOUND", "No webhook endpoint or token has this id."
    TOKEN_INACTIVE = "TOKEN_INACTIVE", "The token is revoked or expired: nothing is sent for it."
    UNSAFE_URL = (
        "UNSAFE_URL",
        (
            "The URL is not one webhooks may be sent to (https, no credentials, a host resolving "
            "to public addresses only)."
        ),
    )
    NO_EVENT_TYPE = "NO_EVENT_TYPE", "No event type is chosen: choose at least one."
    UNKNOWN_EVENT_TYPE = "UNKNOWN_EVENT_TYPE", "An event type is not one partners may be sent."
    OUT_OF_SCOPE = "OUT_OF_SCOPE", "The token's scopes do not open an event type."
    UNCHANGED = "UNCHANGED", "The endpoint already was as asked: nothing changed."


class WebhookDeliveryReplayCode(ResultCode):
    """What `webhook_delivery_replay` answers besides the delivery."""

    NOT_FOUND = "NOT_FOUND", "No webhook delivery has this id."
    ENDPOINT_DISABLED = "ENDPOINT_DISABLED", "The endpoint is disabled: enable it first."
    TOKEN_INACTIVE = "TOKEN_INACTIVE", "The endpoint's token is revoked or expired."


@dataclass(frozen=True, slots=True)
class IssuedEndpoint:
    endpoint: WebhookEndpoint
    secret: str  # the signing secret, shown once to whoever made it


# The retry schedule (Standard Webhooks' recommended one, ending a day after the first
# attempt): after the n-th failed attempt of a round, the next is RETRY_DELAYS[n - 1] later
# (the last delay for later ones), and none starts past RETRY_WINDOW after the first.
RETRY_DELAYS = (
    timedelta(seconds=5),
    timedelta(minutes=5),
    timedelta(minutes=30),
    timedelta(hours=2),
    timedelta(hours=5),
    timedelta(hours=10),
)
RETRY_WINDOW = timedelta(hours=24)
# An endpoint all of whose attempts failed for this long is disabled (staff are told).
DISABLE_AFTER = timedelta(hours=24)


def retry_at(*, first_attempt_at: datetime, attempts: int, now: datetime) -> datetime | None:
    """When to try a delivery again after its `attempts`-th failed attempt (of the round
    that began at `first_attempt_at`), ending now; None to give up. Attempts are then made
    at about 0 s, 5 s, 5 min, 35 min, 2 h 35, 7 h 35, 17 h 35 and 24 h after the first."""
    deadline = first_attempt_at + RETRY_WINDOW
    if attempts < 1 or now >= deadline:
        return None
    delay = RETRY_DELAYS[min(attempts, len(RETRY_DELAYS)) - 1]
    return min(now + delay, deadline)


def clean_endpoint_url(url: str) -> str:
    """The URL as given, if webhooks may be sent there now (`resolvers.outbound`); raises
    ServiceError (UNSAFE_URL) with the reason otherwise."""
    url = url.strip()
    if len(url) > WebhookEndpoint.URL_MAX:
        raise ServiceError.single(
            WebhookEndpointCode.UNSAFE_URL,
            f"A URL has at most {WebhookEndpoint.URL_MAX} characters.",
            "url",
        )
    try:
        check_destination(url)
    except UnsafeDestination as refused:
        raise ServiceError.single(
            WebhookEndpointCode.UNSAFE_URL,
            f"Webhooks cannot be sent there: {refused.reason}.",
            "url",
        ) from None
    return url


def normalize_event_types(event_types: Iterable[str], *, token: ApiToken) -> list[str]:
    """The event types in declaration order, or a ServiceError (WebhookEndpointCode) for an
    unknown one, none at all, or one the token's scopes do not open
    (`permissions.policies.WEBHOOK_EVENT_SCOPES`)."""
    chosen = {t.strip() for t in event_types if t.strip()}
    unknown = sorted(chosen - set(WebhookEventType.values))
    if unknown:
        raise ServiceError.single(
            WebhookEndpointCode.UNKNOWN_EVENT_TYPE,
            f"Unknown event type(s): {', '.join(unknown)}. "
            f"Types: {', '.join(WebhookEventType.values)}.",
            "event_types",
        )
    if not chosen:
        raise ServiceError.single(
            WebhookEndpointCode.NO_EVENT_TYPE, "Choose at least one event type.", "event_types"
        )
    viewer = Viewer(partner=partner_access(token))
    closed = [t for t in WebhookEventType.values if t in chosen]
    closed = [t for t in closed if not can_partner_receive_event(viewer, t)]
    if closed:
        raise ServiceError.single(
            WebhookEndpointCode.OUT_OF_SCOPE,
            f"The token's scopes ({', '.join(token.scopes)}) do not open: "
            + ", ".join(f"{t} (needs {WEBHOOK_EVENT_SCOPES[t]})" for t in closed)
            + ".",
            "event_types",
        )
    return [t for t in WebhookEventType.values if t in chosen]


def _active_token(token_id: int) -> ApiToken:
    token = ApiToken.objects.filter(pk=token_id).first()
    if token is None:
        raise ServiceError.single(WebhookEndpointCode.NOT_FOUND, "No token has this id.", "token")
    if not token.is_active():
        raise ServiceError.single(
            WebhookEndpointCode.TOKEN_INACTIVE,
            "This token is revoked or expired: choose an active token of the partner.",
            "token",
        )
    return token


def _endpoint_state(endpoint: WebhookEndpoint) -> dict[str, Any]:
    """What the audit log keeps of an endpoint (never its secret)."""
    return {
        "token": endpoint.token.prefix,
        "url": endpoint.url,
        "event_types": list(endpoint.event_types),
        "enabled": endpoint.enabled,
    }


def webhook_endpoint_create(
    *, token_id: int, url: str, event_types: Iterable[str], created_by: Member | None
) -> IssuedEndpoint:
    """Register a webhook endpoint for the partner holding token `token_id`, enabled, with a
    new signing secret, returned once; audited as `webhook_endpoint.create`.

    Raises `ServiceError` (WebhookEndpointCode) for an unknown or inactive token, a URL
    webhooks may not be sent to, or event types unknown, missing or outside its scopes."""
    token = _active_token(token_id)
    checked_url = clean_endpoint_url(url)
    types = normalize_event_types(event_types, token=token)
    with transaction.atomic():
        endpoint = WebhookEndpoint.objects.create(
            token=token,
            url=checked_url,
            event_types=types,
            secret_salt=WebhookEndpoint.new_secret_salt(),
            created_by=created_by,
        )
        audit_record(
            actor=created_by,
            action="webhook_endpoint.create",
            target=endpoint,
            after={"partner": token.partner, **_endpoint_state(endpoint)},
        )
    return IssuedEndpoint(endpoint=endpoint, secret=endpoint.signing_secret())


def _locked_endpoint(endpoint_id: int) -> WebhookEndpoint:
    endpoint = (
        WebhookEndpoint.objects.select_for_update(of=("self",))
        .select_related("token")
        .filter(pk=endpoint_id)
        .first()
    )
    if endpoint is None:
        raise ServiceError.single(
            WebhookEndpointCode.NOT_FOUND, "No webhook endpoint has this id.", "endpoint"
        )
    return endpoint


def webhook_endpoint_update(
    *,
    endpoint_id: int,
    actor: Member | None,
    token_id: int | None = None,
    url: str | None = None,
    event_types: Iterable[str] | None = None,
    enabled: bool | None = None,
) -> Outcome[WebhookEndpoint]:
    """Change what is given of an endpoint (None: unchanged), audited as
    `webhook_endpoint.change` with the values before and after. Its token may be another
    active token of the same partner (when the partner's token is replaced); its event
    types are checked against the token it ends with. Enabling it again forgets its failures;
    disabling it stops its deliveries (the pending ones fail at their next attempt).
    Changing nothing writes nothing (UNCHANGED).

    Raises `ServiceError` (WebhookEndpointCode), as `webhook_endpoint_create`."""
    with transaction.atomic():
        endpoint = _locked_endpoint(endpoint_id)
        before = _endpoint_state(endpoint)
        if token_id is not None and token_id != endpoint.token_id:
            token = _active_token(token_id)
            if token.partner != endpoint.token.partner:
                raise ServiceError.single(
                    WebhookEndpointCode.OUT_OF_SCOPE,
                    f"This token is not {endpoint.token.partner}'s.",
                    "token",
                )
            endpoint.token = token
        if url is not None and url.strip() != endpoint.url:
            endpoint.url = clean_endpoint_url(url)
        chosen = endpoint.event_types if event_types is None else event_types
        endpoint.event_types = normalize_event_types(chosen, token=endpoint.token)
        if enabled is not None and enabled != endpoint.enabled:
            endpoint.enabled = enabled
            if enabled:
                endpoint.disabled_at = None
                endpoint.disabled_reason = ""
                endpoint.failing_since = None
            else:
                endpoint.disabled_at = timezone.now()
                endpoint.disabled_reason = "Disabled by staff."
        after = _endpoint_state(endpoint)
        changed = [name for name in after if after[name] != before[name]]
        if not changed:
            return Outcome(
                endpoint,
                rows=(endpoint,),
                already=FieldError(WebhookEndpointCode.UNCHANGED, "Nothing changed.", None),
            )
        endpoint.save()
        audit_record(
            actor=actor,
            action="webhook_endpoint.change",
            target=endpoint,
            before={name: before[name] for name in changed},
            after={name: after[name] for name in changed},
        )
    return Outcome(endpoint, rows=(endpoint,))


def webhook_endpoint_rotate_secret(*, endpoint_id: int, actor: Member | None) -> IssuedEndpoint:
    """Give an endpoint a new signing secret, returned once (the old one signs nothing more,
    retries included); audited as `webhook_endpoint.rotate_secret`, without either secret.

    Raises `ServiceError` (WebhookEndpointCode.NOT_FOUND)."""
    with transaction.atomic():
        endpoint = _locked_endpoint(endpoint_id)
        endpoint.secret_salt = WebhookEndpoint.new_secret_salt()
        endpoint.save(update_fields=["secret_salt"])
        audit_record(actor=actor, action="webhook_endpoint.rotate_secret", target=endpoint)
    return IssuedEndpoint(endpoint=endpoint, secret=endpoint.signing_secret())


def webhook_endpoint_note_failure(*, endpoint: WebhookEndpoint, at: datetime) -> bool:
    """Note that an attempt to the locked `endpoint` failed at `at`. Past DISABLE_AFTER of
    nothing but failures the endpoint is disabled, audited as `webhook_endpoint.disable`
    (by nobody: the worker), and the staff who manage endpoints are told by e-mail (a task
    enqueued in the same transaction). Returns whether it was disabled now."""
    if endpoint.failing_since is None:
        endpoint.failing_since = at
        endpoint.save(update_fields=["failing_since"])
        return False
    if not endpoint.enabled or at - endpoint.failing_since < DISABLE_AFTER:
        return False
    endpoint.enabled = False
    endpoint.disabled_at = at
    endpoint.disabled_reason = (
        f"Every delivery failed for {DISABLE_AFTER.total_seconds() / 3600:g} hours "
        f"(since {utc_iso(endpoint.failing_since)})."
    )
    endpoint.save(update_fields=["enabled", "disabled_at", "disabled_reason"])
    audit_record(
        actor=None,
        action="webhook_endpoint.disable",
        target=endpoint,
        before={"enabled": True},
        after={"enabled": False, "failing_since": utc_iso(endpoint.failing_since)},
    )
    from ..tasks.webhooks import tell_staff_endpoint_disabled

    tell_staff_endpoint_disabled.enqueue(endpoint.pk)
    return True


def webhook_endpoint_note_success(*, endpoint: WebhookEndpoint) -> None:
    """Note that an attempt to `endpoint` succeeded: it is failing no more."""
    if endpoint.failing_since is not None:
        WebhookEndpoint.objects.filter(pk=endpoint.pk).update(failing_since=None)
        endpoint.failing_since = None


def webhook_delivery_replay(*, delivery_id: int, actor: Member | None) -> WebhookDelivery:
    """Send a delivery again, whatever its status: the same body under the same
    `webhook-id`, as a new round of attempts (retried as the first round was); audited as
    `webhook_delivery.replay`. A task of an earlier round still queued does nothing more.

    Raises `ServiceError` (WebhookDeliveryReplayCode) when the endpoint is disabled or its
    token is no longer active."""
    from ..tasks.webhooks import queue_attempt

    with transaction.atomic():
        delivery = (
            WebhookDelivery.objects.select_for_update(of=("self",))
            .select_related("endpoint__token")
            .filter(pk=delivery_id)
            .first()
        )
        if delivery is None:
            raise ServiceError.single(
                WebhookDeliveryReplayCode.NOT_FOUND, "No webhook delivery has this id."
            )
        if not delivery.endpoint.enabled:
            raise ServiceError.single(
                WebhookDeliveryReplayCode.ENDPOINT_DISABLED,
                "The endpoint is disabled: enable it first.",
                "endpoint",
            )
        if not delivery.endpoint.token.is_active():
            raise ServiceError.single(
                WebhookDeliveryReplayCode.TOKEN_INACTIVE,
                "The endpoint's token is revoked or expired.",
                "endpoint",
            )
        before = {"status": delivery.status, "attempts": delivery.attempts}
        delivery.status = WebhookDeliveryStatus.PENDING
        delivery.attempts = 0
        delivery.first_attempt_at = None
        delivery.delivered_at = None
        delivery.failed_at = None
        queue_attempt(delivery, at=None)
        audit_record(
            actor=actor,
            action="webhook_delivery.replay",
            target=delivery,
            before=before,
            after={"event": str(delivery.event_id), "endpoint": delivery.endpoint_id},
        )
    return delivery
