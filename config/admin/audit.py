"""The audit log, append-only: nobody, superusers included, edits or deletes it. Auditors
(staff who may view it) export a selection, a date range say (the date links above the
list, then "select all"), with its hash chain as JSON or CSV (config/audit_export.py)."""

from __future__ import annotations

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.utils import timezone

from models.models import AuditEvent

from ..audit_export import export_csv, export_json
from .base import ReadOnlyAdmin


def _download(content: str, content_type: str, extension: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    stamp = timezone.now().strftime("%Y%m%dT%H%M%SZ")
    response["Content-Disposition"] = f'attachment; filename="audit-log-{stamp}.{extension}"'
    return response


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyAdmin):
    list_display = (
        "sequence",
        "created_at",
        "actor",
        "action",
        "target_type",
        "target_id",
        "request_id",
    )
    list_filter = ("action", "target_type")
    list_select_related = ("actor",)
    search_fields = ("action", "target_type", "target_id", "request_id", "actor__username")
    date_hierarchy = "created_at"
    ordering = ("-created_at", "-id")
    show_full_result_count = False
    actions = ("export_json", "export_csv")

    @admin.action(
        description="Export the selected events with their chain (JSON)", permissions=["view"]
    )
    def export_json(self, request: HttpRequest, queryset: QuerySet[AuditEvent]) -> HttpResponse:
        return _download(export_json(queryset.order_by("sequence")), "application/json", "json")

    @admin.action(
        description="Export the selected events with their chain (CSV)", permissions=["view"]
    )
    def export_csv(self, request: HttpRequest, queryset: QuerySet[AuditEvent]) -> HttpResponse:
        return _download(
            export_csv(queryset.order_by("sequence")), "text/csv; charset=utf-8", "csv"
        )
