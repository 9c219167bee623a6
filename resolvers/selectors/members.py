from __future__ import annotations

from datetime import datetime
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone

from models.models import (
    Flag,
    Follow,
    Member,
    Notification,
    NotificationPreference,
    Post,
    Role,
    Suggestion,
    Thread,
    Vote,
)
from permissions.policies import can_handle_personal_data
from permissions.roles import Viewer
from permissions.rows import visible_members

from ..bounds import utc_iso
from ..errors import Forbidden
from ..pagination import OrderKey, Page, PageRequest, paginate
from .notifications import notification_texts

MEMBER_ORDER = (OrderKey("display_name", False, "str"), OrderKey("id", False))


def member_list(
    *, viewer: Viewer, role: Role, page: PageRequest
) -> tuple[Page[Member], QuerySet[Member]]:
    """Members of one role, by name: the bank's advisers by default (who answers in the
    café), or the committee. Customers are listed only for those who may see them all."""
    qs = visible_members(viewer).filter(role=role, is_active=True)
    return paginate(qs, MEMBER_ORDER, page), qs


# The export's format, named in the document (docs/personal-data.md describes it).
PERSONAL_DATA_FORMAT = "comptoir-personal-data/1"


def _when(value: datetime | None) -> str | None:
    return utc_iso(value) if value is not None else None


def _ref(kind: str, pk: int | None, title: str = "") -> dict[str, Any] | None:
    return None if pk is None else {"type": kind, "id": pk, "title": title}


def personal_data_export(
    *, viewer: Viewer, member: Member, personal_data_permission: bool = False
) -> dict[str, Any]:
    """Everything Comptoir holds about `member`, as one JSON-ready document (GDPR articles
    15 and 20; the format: docs/personal-data.md): the profile, their threads, replies and
    comments (with the earlier texts of edited ones), ideas, votes, follows, notifications
    (with their text as the member reads it) and the reports they filed. Content they wrote
    is theirs whatever became of it since (hidden by moderation, internal notes of an
    adviser included); others' content appears only as the title of what theirs is about.
    Their e-mail preferences and language are in it too.
    Login history: Comptoir keeps only the last login (failed attempts are counted under a
    hash of the username, never listed).

    Raises Forbidden unless the viewer may handle the member's personal data
    (`can_handle_personal_data`: themselves, or staff with the permission). A fixed number
    of queries, one per kind of row."""
    if not can_handle_personal_data(
        viewer, member, personal_data_permission=personal_data_permission
    ):
        raise Forbidden("Only the member themselves may export their data.")
    threads = Thread.objects.filter(author=member, suggestion__isnull=True).select_related(
        "category"
    )
    posts = (
        Post.objects.filter(author=member)
        .select_related("thread")
        .prefetch_related("revisions")
        .order_by("created_at", "id")
    )
    notifications = list(Notification.objects.filter(recipient=member).order_by("created_at", "id"))
    texts = notification_texts(viewer=Viewer(member), notes=notifications)
    return {
        "format": PERSONAL_DATA_FORMAT,
        "exported_at": utc_iso(timezone.now()),
        "profile": {
            "id": member.pk,
            "username": member.username,
            "display_name": member.display_name,
            "first_name": member.first_name,
            "last_name": member.last_name,
            "email": member.email,
            "customer_number": member.customer_number,
            "role": member.role,
            "language": member.language,
            "member_since": _when(member.date_joined),
            "last_login": _when(member.last_login),
        },
        "threads": [
            {
                "id": t.pk,
                "category": t.category.name,
                "kind": t.kind,
                "status": t.status,
                "title": t.title,
                "body": t.body,
                "created_at": _when(t.created_at),
                "hidden_at": _when(t.hidden_at),
            }
            for t in threads.order_by("created_at", "id")
        ],
        "posts": [
            {
                "id": p.pk,
                # A reply in a café thread, or a comment on an idea (its discussion).
                "in": _ref(
                    "Suggestion" if p.thread.suggestion_id else "Thread",
                    p.thread.suggestion_id or p.thread_id,
                    p.thread.title,
                ),
                "body": p.body,
                "is_official": p.is_official,
                "is_internal": p.is_internal,
                "created_at": _when(p.created_at),
                "edited_at": _when(p.edited_at),
                "hidden_at": _when(p.hidden_at),
                "earlier_texts": [
                    {"body": r.body, "replaced_at": _when(r.created_at)}
                    for r in sorted(p.revisions.all(), key=lambda r: (r.created_at, r.pk))
                ],
            }
            for p in posts
        ],
        "ideas": [
            {
                "id": i.pk,
                "title": i.title,
                "body": i.body,
                "status": i.status,
                "created_at": _when(i.created_at),
                "edited_at": _when(i.edited_at),
                "hidden_at": _when(i.hidden_at),
            }
            for i in Suggestion.objects.filter(author=member).order_by("created_at", "id")
        ],
        "votes": [
            {
                "idea": _ref("Suggestion", v.suggestion_id, v.suggestion.title),
                "at": _when(v.created_at),
            }
            for v in Vote.objects.filter(member=member)
            .select_related("suggestion")
            .order_by("created_at", "id")
        ],
        "follows": [
            {
                "of": _ref("Suggestion", f.suggestion_id, f.suggestion.title)
                if f.suggestion_id and f.suggestion
                else _ref("Thread", f.thread_id, f.thread.title if f.thread else ""),
                "since": _when(f.created_at),
            }
            for f in Follow.objects.filter(member=member)
            .select_related("suggestion", "thread")
            .order_by("created_at", "id")
        ],
        "notifications": [
            {
                "kind": n.kind,
                "text": texts[n],
                "created_at": _when(n.created_at),
                "read_at": _when(n.read_at),
                "emailed_at": _when(n.emailed_at),
            }
            for n in notifications
        ],
        # Their own choices only (a kind they never chose has its default delivery).
        "email_preferences": [
            {"kind": p.kind, "delivery": p.delivery, "since": _when(p.updated_at)}
            for p in NotificationPreference.objects.filter(member=member).order_by("kind")
        ],
        "reports_filed": [
            {
                "reason": f.reason,
                "note": f.text,
                "about": _ref("Thread", f.thread_id)
                or _ref("Post", f.post_id)
                or _ref("Suggestion", f.suggestion_id),
                "created_at": _when(f.created_at),
                "resolved_at": _when(f.resolved_at),
            }
            for f in Flag.objects.filter(reporter=member).order_by("created_at", "id")
        ],
    }
