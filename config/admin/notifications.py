"""Notifications: written by the services with the events they tell about, read here; so
are members' e-mail preferences (set by themselves on the website or through the API) and
the records of daily digests."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest

from models.models import EmailDigest, Notification, NotificationPreference, OutboxEvent

from .base import ReadFilter, ReadOnlyAdmin


@admin.register(Notification)
class NotificationAdmin(ReadOnlyAdmin):
    # No text: a notification's text is written for its reader when they read it, from
    # what they may see (the API); the back office shows what it is about.
    list_display = ("recipient", "kind", "event_key", "created_at", "read_at", "emailed_at")
    list_filter = ("kind", ReadFilter)
    list_select_related = ("recipient",)
    search_fields = ("recipient__username", "event_key")
    date_hierarchy = "created_at"
    ordering = ("-created_at", "-id")
    show_full_result_count = False


class DispatchedFilter(admin.SimpleListFilter):
    title = "dispatched"
    parameter_name = "dispatched"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, str]]:
        return [("no", "Waiting for a worker"), ("yes", "Dispatched")]

    def queryset(self, request: HttpRequest, queryset: QuerySet[OutboxEvent]) -> Any:
        if self.value() in ("no", "yes"):
            return queryset.filter(dispatched_at__isnull=self.value() == "no")
        return queryset


@admin.register(OutboxEvent)
class OutboxEventAdmin(ReadOnlyAdmin):
    # The outbox, for operators: what the worker has still to deliver (filter "Waiting for a
    # worker"; the oldest one's age is the outbox lag of /healthz). Ids only, no content.
    list_display = ("created_at", "kind", "suggestion_id", "thread_id", "post_id", "dispatched_at")
    list_filter = ("kind", DispatchedFilter)
    search_fields = ("id",)
    date_hierarchy = "created_at"
    ordering = ("-created_at",)
    show_full_result_count = False


@admin.register(NotificationPreference)
class NotificationPreferenceAdmin(ReadOnlyAdmin):
    # A member chooses their own (the website's e-mail page, an e-mail's unsubscribe link);
    # staff read them when a member asks why an e-mail came, or did not.
    list_display = ("member", "kind", "delivery", "updated_at")
    list_filter = ("kind", "delivery")
    list_select_related = ("member",)
    search_fields = ("member__username",)
    ordering = ("member", "kind")


@admin.register(EmailDigest)
class EmailDigestAdmin(ReadOnlyAdmin):
    # One per member and day: whether, and how big, a member's daily digest went.
    list_display = ("day", "member", "notification_count", "created_at")
    list_select_related = ("member",)
    search_fields = ("member__username",)
    date_hierarchy = "created_at"
    ordering = ("-day", "member")
