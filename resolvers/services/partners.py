"""Partner API tokens: issuing, revoking, authenticating a request, and the per-token rate
limit. No HTTP object comes down here: the view passes the secret it read from the
`Authorization: Bearer` header.

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

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from models.models import ApiToken, Member, TokenScope
from permissions.roles import PartnerAccess

from ..bounds import utc_iso
from ..counters import counter_hit
from ..errors import FieldError, Outcome, ResultCode, ServiceError
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
