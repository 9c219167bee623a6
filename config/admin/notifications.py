"""Notifications: written by the services with the events they tell about, read here."""

from __future__ import annotations

from django.contrib import admin

from models.models import Notification

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
