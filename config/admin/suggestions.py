"""Le Labo: suggestions, their status history and follows.

A suggestion's status, votes, duplicates, public response and target period are written by
the services of the API (a status move records its StatusChange and tells followers; the
response and period come from publishing the committee's decision), so they are read-only
here. Staff may correct its title and text (`suggestion_edit`, which corrects its
discussion's copy too). Follows are the members' own: read-only, deletable.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from models.models import Decision, Follow, StatusChange, Suggestion
from resolvers.services.suggestions import suggestion_edit

from .base import (
    MODERATION_FIELDS,
    BackOfficeAdmin,
    HiddenFilter,
    ReadAndDeleteAdmin,
    ReadOnlyAdmin,
    ReadOnlyTabularInline,
    is_hidden,
    staff_member,
)


class StatusChangeInline(ReadOnlyTabularInline):
    model = StatusChange
    fields = ("created_at", "from_status", "to_status", "actor", "public_note")
    readonly_fields = fields
    ordering = ("created_at", "id")
    show_change_link = False


class DecisionInline(ReadOnlyTabularInline):
    model = Decision
    fields = ("outcome", "meeting", "target_period", "recorded_by", "published_at")
    readonly_fields = fields
    ordering = ("-created_at", "-id")


@admin.register(Suggestion)
class SuggestionAdmin(BackOfficeAdmin):
    list_display = (
        "title",
        "status",
        "author",
        "vote_count",
        "target_period",
        "created_at",
        is_hidden,
    )
    list_filter = ("status", HiddenFilter)
    list_select_related = ("author",)
    search_fields = ("title", "body", "author__username", "author__display_name")
    date_hierarchy = "created_at"
    ordering = ("-created_at", "-id")
    readonly_fields = (
        "author",
        "status",
        "duplicate_of",
        "vote_count",
        "public_response",
        "target_period",
        "created_at",
        "updated_at",
        *MODERATION_FIELDS,
    )
    fieldsets = (
        (None, {"fields": ("title", "body", "author", "status", "duplicate_of", "vote_count")}),
        ("Response", {"fields": ("public_response", "target_period")}),
        ("Moderation", {"fields": ("hidden_at", "hidden_by", "hidden_reason")}),
        ("Dates", {"fields": ("created_at", "updated_at")}),
    )
    inlines = (StatusChangeInline, DecisionInline)

    def has_add_permission(self, request: HttpRequest) -> bool:
        # Customers submit through the API, which also casts the author's vote and follow.
        return False

    def save_model(self, request: HttpRequest, obj: Suggestion, form: Any, change: bool) -> None:
        # Title and text are the form's only fields.
        edited = suggestion_edit(
            editor=staff_member(request), suggestion_id=obj.pk, title=obj.title, body=obj.body
        )
        obj.updated_at = edited.updated_at


@admin.register(StatusChange)
class StatusChangeAdmin(ReadOnlyAdmin):
    list_display = ("suggestion", "from_status", "to_status", "actor", "created_at")
    list_filter = ("to_status", "from_status")
    list_select_related = ("suggestion", "actor")
    search_fields = ("suggestion__title", "public_note", "actor__username")
    date_hierarchy = "created_at"
    ordering = ("-created_at", "-id")


@admin.register(Follow)
class FollowAdmin(ReadAndDeleteAdmin):
    """Members follow and unfollow through the API (voting follows too): staff do not
    subscribe anyone to notifications. A follow may be deleted here (a member who asks
    support to stop them), audited."""

    list_display = ("member", "suggestion", "thread", "created_at")
    list_select_related = ("member", "suggestion", "thread")
    search_fields = (
        "member__username",
        "member__display_name",
        "suggestion__title",
        "thread__title",
    )
    date_hierarchy = "created_at"
    ordering = ("-created_at", "-id")
