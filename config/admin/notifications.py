"""Notifications: written by the services with the events they tell about, read here; and
the outbox's domain events (ids only), which the worker hands to live subscribers, webhooks
and e-mail."""

from __future__ import annotations

from django.contrib import admin

from models.models import Notification, OutboxEvent

from .base import ReadFilter, ReadOnlyAdmin


@admin.register(Notification)
class NotificationAdmin(ReadOnlyAdmin):
    # No text: a notification's text is written for its reader when they read it, from
    # what they may see (the API); the back office shows what it is about.
    list_display = ("recipient", "kind", "event_key", "created_at", "read_at")
    list_filter = ("kind", ReadFilter)
    list_select_related = ("recipient",)
    search_fields = ("recipient__username", "event_key")
    date_hierarchy = "created_at"
    ordering = ("-created_at", "-id")
    show_full_result_count = False


@admin.register(OutboxEvent)
class OutboxEventAdmin(ReadOnlyAdmin):
    # Ids only, never content: each receiver reads the rows when it is sent the event.
    list_display = ("id", "kind", "created_at", "dispatched_at")
    list_filter = ("kind",)
    search_fields = ("id",)
    date_hierarchy = "created_at"
    ordering = ("-created_at",)
    show_full_result_count = False
