"""Moderation: the members' reports (flags). Members flag content through the API; staff
resolve open flags here through `flag_resolve` (audited as `flag.resolve`, as hiding the
content resolves its flags through hideContent)."""

from __future__ import annotations

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest

from models.models import Flag, Post, Suggestion, Thread
from resolvers.errors import ApiError, ServiceError
from resolvers.services.moderation import flag_resolve

from .base import BackOfficeAdmin, ResolvedFilter, refusal_text, staff_member


@admin.register(Flag)
class FlagAdmin(BackOfficeAdmin):
    list_display = ("__str__", "reason", "target", "reporter", "created_at", "resolved_at")
    list_filter = (ResolvedFilter, "reason")
    list_select_related = ("reporter", "thread", "post", "suggestion", "resolved_by")
    search_fields = ("text", "reporter__username", "reporter__display_name")
    date_hierarchy = "created_at"
    ordering = ("-created_at", "-id")
    # A report is what the member wrote: it is read, and resolved with the action below.
    readonly_fields = (
        "reporter",
        "thread",
        "post",
        "suggestion",
        "reason",
        "text",
        "created_at",
        "resolved_at",
        "resolved_by",
    )
    actions = ("resolve_flags",)

    def has_add_permission(self, request: HttpRequest) -> bool:
        # Members flag content through the API.
        return False

    @admin.display(description="flagged content")
    def target(self, obj: Flag) -> Thread | Post | Suggestion | None:
        return obj.thread or obj.post or obj.suggestion

    @admin.action(description="Mark selected flags resolved", permissions=["change"])
    def resolve_flags(self, request: HttpRequest, queryset: QuerySet[Flag]) -> None:
        ids = list(queryset.values_list("pk", flat=True))
        try:
            resolved = flag_resolve(actor=staff_member(request), flag_ids=ids)
        except (ServiceError, ApiError) as refused:
            self.message_user(request, refusal_text(refused), messages.ERROR)
            return
        self.message_user(request, f"{len(resolved)} flag(s) marked resolved.", messages.SUCCESS)
