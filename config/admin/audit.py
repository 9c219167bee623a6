"""The audit log, append-only: nobody, superusers included, edits or deletes it."""

from __future__ import annotations

from django.contrib import admin

from models.models import AuditEvent

from .base import ReadOnlyAdmin


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyAdmin):
    list_display = ("created_at", "actor", "action", "target_type", "target_id", "request_id")
    list_filter = ("action", "target_type")
    list_select_related = ("actor",)
    search_fields = ("action", "target_type", "target_id", "request_id", "actor__username")
    date_hierarchy = "created_at"
    ordering = ("-created_at", "-id")
    show_full_result_count = False
