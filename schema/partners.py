"""Partner integrations in the schema: read-only tokens, and what the responses tell them.

A request with `Authorization: Bearer <token>` is a partner's (schema/core/views.py reads the
header, `resolvers.services.partners` checks the token and counts the request). The
partner then reads what an anonymous visitor reads, within its token's scopes: root fields
and relations outside them are null with FORBIDDEN (`permissions.fields.CanRead*`), rows of
kinds outside them are not found (the row scopes, `permissions.rows`), and every mutation is
refused here, in one place.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, TypeVar

from strawberry.permission import PermissionExtension

from permissions.fields import PartnersReadOnly
from permissions.roles import PartnerAccess
from resolvers.services.partners import (
    RateLimitStatus,
    api_token_authenticate,
    api_token_count_request,
)

T = TypeVar("T", bound=type)


def read_only_for_partners(mutation_type: T) -> T:
    """Give every field of the root Mutation the `PartnersReadOnly` permission, as its
    outermost check (Strawberry runs a field's last extension first), so a partner gets
    FORBIDDEN before any member rule (which would say UNAUTHENTICATED) and before anything
    runs. Applied to the assembled type, it covers mutations added later too."""
    for field in mutation_type.__strawberry_definition__.fields:  # type: ignore[attr-defined]
        already = any(
            isinstance(ext, PermissionExtension)
            and any(isinstance(p, PartnersReadOnly) for p in ext.permissions)
            for ext in field.extensions
        )
        if not already:
            field.extensions.append(
                PermissionExtension(permissions=[PartnersReadOnly()], use_directives=False)
            )
    return mutation_type


@dataclass(frozen=True, slots=True)
class PartnerRequest:
    """A partner request the view let through: who, and where its token stands."""

    access: PartnerAccess
    rate_limit: RateLimitStatus

    def extensions(self) -> dict[str, Any]:
        return {"rateLimit": rate_limit_extension(self.rate_limit)}


def bearer_token(credentials: str) -> str | None:
    """The token of credentials written `Bearer <token>` (the scheme in any case), possibly
    empty (malformed); None for another scheme."""
    scheme, _, token = credentials.strip().partition(" ")
    if scheme.lower() != "bearer":
        return None
    return token.strip()


def open_partner_request(secret: str) -> PartnerRequest | None:
    """A partner's request (or WebSocket connection): the token checked and the request
    counted against its rate limit. None when the token is unknown, malformed, expired or
    revoked. Runs queries: call it from a thread."""
    access = api_token_authenticate(secret=secret)
    if access is None:
        return None
    return PartnerRequest(
        access=access, rate_limit=api_token_count_request(token_id=access.token_id)
    )


def rate_limit_extension(status: RateLimitStatus) -> dict[str, int]:
    """`extensions.rateLimit` of every partner response."""
    return {
        "limit": status.limit,
        "remaining": status.remaining,
        "resetSeconds": status.reset_seconds,
    }


def needs_scope(*scopes: str) -> str:
    """What a description adds for a field partner tokens read by scope (DESIGN §8.5: the
    description names who may read the field)."""
    which = " or ".join(f"`{scope}`" for scope in scopes)
    return f" Partner tokens need {which} (without it: null and a FORBIDDEN error)."
