from __future__ import annotations

from datetime import datetime

import strawberry
from strawberry import relay

from models.models import Member as MemberModel
from permissions.fields import CanViewMemberPrivate

from .enums import Role


def _is_model(model: type):
    """`is_type_of` for types whose resolvers return Django model instances."""

    def is_type_of(cls: type, obj: object, _info: object) -> bool:
        return isinstance(obj, model)

    return classmethod(is_type_of)


def _member_since(root: MemberModel) -> datetime:
    return root.date_joined


def _is_committee_chair(root: MemberModel) -> bool:
    return root.is_committee_chair


@strawberry.type(
    description="A member of the community: a customer of the bank, an adviser or a member "
    "of the decision committee."
)
class Member(relay.Node):
    is_type_of = _is_model(MemberModel)

    id: relay.NodeID[int]
    display_name: str = strawberry.field(description="The name shown on contributions.")
    role: Role = strawberry.field(description="Role badge: CUSTOMER, ADVISER or COMMITTEE.")
    is_committee_chair: bool = strawberry.field(
        description="True for the chair of the decision committee (who records and publishes "
        "decisions).",
        resolver=_is_committee_chair,
    )
    member_since: datetime = strawberry.field(
        description="When the member joined the community.", resolver=_member_since
    )
    email: str | None = strawberry.field(
        description="Private. Readable by the member and by advisers; anyone else gets null "
        "and a FORBIDDEN error.",
        permission_classes=[CanViewMemberPrivate],
    )
    customer_number: str | None = strawberry.field(
        description="Private: the bank's customer number (customers only; null for staff). "
        "Readable by the member and by advisers; anyone else gets null and a FORBIDDEN error.",
        permission_classes=[CanViewMemberPrivate],
    )
