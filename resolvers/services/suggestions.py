from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from models.models import Follow, Member, Suggestion, Vote
from permissions.policies import can_submit_suggestion
from permissions.roles import Viewer

from ..errors import FieldError, Forbidden, ServiceError
from .text import clean_text


def suggestion_submit(*, author: Member, title: str, body: str) -> Suggestion:
    """Post an idea in Le Labo. Its author's vote is cast and the author follows it."""
    if not can_submit_suggestion(Viewer(author)):
        raise Forbidden("Only customers submit suggestions.")
    errors: list[FieldError] = []
    title = clean_text(
        title, field="title", max_length=Suggestion.TITLE_MAX, label="The title", errors=errors
    )
    body = clean_text(
        body, field="body", max_length=Suggestion.BODY_MAX, label="The description", errors=errors
    )
    if errors:
        raise ServiceError(*errors)
    now = timezone.now()
    with transaction.atomic():
        suggestion = Suggestion.objects.create(
            author=author, title=title, body=body, vote_count=1, created_at=now, updated_at=now
        )
        Vote.objects.create(member=author, suggestion=suggestion, created_at=now)
        Follow.objects.create(member=author, suggestion=suggestion, created_at=now)
    return suggestion
