from __future__ import annotations

from django.db.models import QuerySet

from models.models import Member, Role
from permissions.roles import Viewer
from permissions.rows import visible_members

from ..pagination import OrderKey, Page, PageRequest, paginate

MEMBER_ORDER = (OrderKey("display_name", False, "str"), OrderKey("id", False))


def member_list(
    *, viewer: Viewer, role: Role, page: PageRequest
) -> tuple[Page[Member], QuerySet[Member]]:
    """Members of one role, by name: the bank's advisers by default (who answers in the
    café), or the committee. Customers are listed only for those who may see them all."""
    qs = visible_members(viewer).filter(role=role, is_active=True)
    return paginate(qs, MEMBER_ORDER, page), qs
