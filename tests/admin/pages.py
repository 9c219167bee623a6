"""What the back office's tests share: the admin's URLs, and the change forms its pages send
back."""

from __future__ import annotations

from typing import Any

from django.db.models import Model
from django.urls import reverse

from models.models import Thread


def admin_url(model: type[Model], view: str, *args: object) -> str:
    """The admin page `view` (changelist, add, change, delete...) of `model`."""
    return reverse(f"admin:community_{model._meta.model_name}_{view}", args=args)


def thread_form(thread: Thread, **changes: Any) -> dict[str, Any]:
    """The change form of `thread` as its page sends it back, with `changes`."""
    thread.refresh_from_db()
    data: dict[str, Any] = {
        "category": thread.category_id,
        "kind": thread.kind,
        "title": thread.title,
        "body": thread.body,
        "author": thread.author_id,
        "suggestion": thread.suggestion_id or "",
        "assigned_adviser": thread.assigned_adviser_id or "",
        "is_pinned": "on" if thread.is_pinned else "",
        "is_locked": "on" if thread.is_locked else "",
    }
    data.update(changes)
    return {k: v for k, v in data.items() if v != ""}
