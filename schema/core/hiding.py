"""`isHidden` and `hiddenReason`: the moderation state of threads, posts and suggestions."""

from __future__ import annotations

from typing import Any

import strawberry

from models.models import Post, Suggestion, Thread
from permissions.policies import can_view_hidden_reason

from .context import Info

HIDDEN_REASON_DESCRIPTION = (
    "Why an adviser hid it; null when it is not hidden. Advisers and its author only: "
    "nobody else ever receives hidden content, so for them it is always null (no error)."
)


def _is_hidden(root: Thread | Post | Suggestion) -> bool:
    return root.is_hidden


def _hidden_reason(root: Thread | Post | Suggestion, info: Info) -> str | None:
    if not root.is_hidden or not can_view_hidden_reason(info.context.viewer, root):
        return None
    return root.hidden_reason


def is_hidden_field(noun: str) -> Any:
    return strawberry.field(
        description=f"True when an adviser hid this {noun}: it is then shown only to advisers "
        "and to its author.",
        resolver=_is_hidden,
    )


def hidden_reason_field() -> Any:
    return strawberry.field(description=HIDDEN_REASON_DESCRIPTION, resolver=_hidden_reason)
