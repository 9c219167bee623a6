from __future__ import annotations

from dataclasses import dataclass

from models.models import Member, Role


@dataclass(frozen=True, slots=True)
class PartnerAccess:
    """A partner integration calling with an API token: not a member, read-only, limited to
    the token's scopes (`models.TokenScope` values)."""

    token_id: int
    partner: str
    scopes: frozenset[str]


@dataclass(frozen=True, slots=True)
class Viewer:
    """Who is asking: an anonymous visitor, a member with a role, or a partner's token.

    Built once per request; every policy and selector takes it. A partner sees what an
    anonymous visitor sees, within its scopes, and never personal data.
    """

    member: Member | None = None
    partner: PartnerAccess | None = None

    @property
    def is_partner(self) -> bool:
        return self.partner is not None

    def has_scope(self, scope: str) -> bool:
        return self.partner is not None and scope in self.partner.scopes

    @property
    def is_authenticated(self) -> bool:
        return self.member is not None

    @property
    def member_id(self) -> int | None:
        return self.member.pk if self.member is not None else None

    @property
    def role(self) -> Role | None:
        return Role(self.member.role) if self.member is not None else None

    # A role is the member's (`models.members.Member`); a partner or a visitor has none.
    @property
    def is_customer(self) -> bool:
        return self.member is not None and self.member.is_customer

    @property
    def is_adviser(self) -> bool:
        return self.member is not None and self.member.is_adviser

    @property
    def is_committee(self) -> bool:
        return self.member is not None and self.member.is_committee

    @property
    def is_chair(self) -> bool:
        return self.member is not None and self.is_committee and self.member.is_committee_chair

    @property
    def is_staff(self) -> bool:
        return self.member is not None and self.member.is_staff


ANONYMOUS = Viewer()
