"""The viewers the policy tests ask about, without a database: one of each role, two partner
tokens, and CUSTOMER, whose own data "self" cells are about."""

from __future__ import annotations

from models.models import Member, Role, TokenScope
from permissions.roles import ANONYMOUS, PartnerAccess, Viewer

ROLES = ["anonymous", "customer", "other_customer", "adviser", "committee", "chair"]
# Partner tokens: one with every scope, one with none. No member rule lets either in.
PARTNERS = ["partner", "partner_without_scopes"]
ALL_ROLES = ROLES + PARTNERS


def member(pk: int, role: Role, *, chair: bool = False) -> Member:
    return Member(
        pk=pk,
        username=f"m{pk}",
        display_name=f"M{pk}",
        role=role,
        is_committee_chair=chair,
        customer_number=f"C{pk:08d}" if role == Role.CUSTOMER else None,
    )


CUSTOMER = member(1, Role.CUSTOMER)
VIEWERS = {
    "anonymous": ANONYMOUS,
    "customer": Viewer(CUSTOMER),
    "other_customer": Viewer(member(2, Role.CUSTOMER)),
    "adviser": Viewer(member(3, Role.ADVISER)),
    "committee": Viewer(member(4, Role.COMMITTEE)),
    "chair": Viewer(member(5, Role.COMMITTEE, chair=True)),
    "partner": Viewer(partner=PartnerAccess(1, "Agrégateur", frozenset(TokenScope.values))),
    "partner_without_scopes": Viewer(partner=PartnerAccess(2, "Agrégateur", frozenset())),
}
