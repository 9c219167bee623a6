"""Votes: cast and withdrawn by members through the API only (the stored vote count of a
suggestion equals its vote rows), so read-only here."""

from __future__ import annotations

from django.contrib import admin

from models.models import Vote

from .base import ReadOnlyAdmin


@admin.register(Vote)
class VoteAdmin(ReadOnlyAdmin):
    list_display = ("member", "suggestion", "created_at")
    list_select_related = ("member", "suggestion")
    search_fields = ("member__username", "member__display_name", "suggestion__title")
    date_hierarchy = "created_at"
    ordering = ("-created_at", "-id")
    # The largest table: skip counting all of it on every filtered page.
    show_full_result_count = False
