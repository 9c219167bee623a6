"""The café: categories, threads, replies and their revisions.

A thread's workflow goes through the services of the API (`resolvers/services/threads.py`):
locking and assignment are fields whose change calls `thread_lock` / `thread_unlock` /
`thread_assign`, closing and reopening are actions calling `thread_close` /
`thread_reopen`, so they are refused, audited and told exactly as through the API. Its
status and accepted answer are read-only here (answering, accepting and resolving belong to
the question's author and advisers, through the API), and so are hiding (`hideContent`) and
the timestamps the support figures are computed from. Threads and replies are written by
their authors through the API: the back office adds none, and shows replies read-only (it
may delete one).
"""

from __future__ import annotations

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.urls import reverse
from django.utils.html import format_html

from models.models import Category, Post, PostRevision, Thread
from resolvers.services.threads import (
    thread_assign,
    thread_close,
    thread_lock,
    thread_reopen,
    thread_unlock,
)

from .base import (
    MODERATION_FIELDS,
    BackOfficeAdmin,
    HiddenFilter,
    ReadAndDeleteAdmin,
    ReadOnlyAdmin,
    RoleLimitedAdmin,
    act_on_each,
    is_hidden,
    staff_member,
)


@admin.register(Category)
class CategoryAdmin(BackOfficeAdmin):
    masked_fields = ("name", "description")
    list_display = ("name", "slug", "position", "accepts_threads")
    list_editable = ("position",)
    list_filter = ("accepts_threads",)
    search_fields = ("name", "slug")
    ordering = ("position", "id")
    prepopulated_fields = {"slug": ("name",)}


@admin.register(Thread)
class ThreadAdmin(BackOfficeAdmin, RoleLimitedAdmin):
    masked_fields = ("title", "body")
    list_display = (
        "title",
        "category",
        "kind",
        "status",
        "author",
        "assigned_adviser",
        "is_pinned",
        "is_locked",
        is_hidden,
        "last_activity_at",
    )
    list_filter = (
        "category",
        "kind",
        "status",
        "is_pinned",
        "is_locked",
        HiddenFilter,
        # Only the advisers actually assigned, not a choice among every member.
        ("assigned_adviser", admin.RelatedOnlyFieldListFilter),
    )
    list_select_related = ("category", "author", "assigned_adviser")
    search_fields = ("title", "body", "author__username", "author__display_name")
    date_hierarchy = "created_at"
    ordering = ("-last_activity_at", "-id")
    autocomplete_fields = ("author", "assigned_adviser", "suggestion")
    service_fields = ("is_locked", "assigned_adviser")
    readonly_fields = (
        "status",
        "accepted_post",
        "posts_link",
        "created_at",
        "last_activity_at",
        "first_response_at",
        "resolved_at",
        *MODERATION_FIELDS,
    )
    fieldsets = (
        (
            None,
            {
                "fields": (
                    "category",
                    "kind",
                    "title",
                    "body",
                    "author",
                    "status",
                    "accepted_post",
                    "suggestion",
                    "posts_link",
                )
            },
        ),
        ("Follow-up", {"fields": ("assigned_adviser", "is_pinned", "is_locked")}),
        ("Moderation", {"fields": ("hidden_at", "hidden_by", "hidden_reason")}),
        (
            "Dates",
            {"fields": ("created_at", "last_activity_at", "first_response_at", "resolved_at")},
        ),
    )
    actions = ("close_threads", "reopen_threads")

    def has_add_permission(self, request: HttpRequest) -> bool:
        # Members open threads through the API (createThread: its categories, limits and
        # duplicate check).
        return False

    def save_through_services(self, request: HttpRequest, obj: Thread, changed: list[str]) -> None:
        staff = staff_member(request)
        if "assigned_adviser" in changed:
            thread_assign(actor=staff, thread_id=obj.pk, adviser_id=obj.assigned_adviser_id)
        if "is_locked" in changed:
            lock = thread_lock if obj.is_locked else thread_unlock
            lock(actor=staff, thread_id=obj.pk)

    @admin.action(description="Close selected threads", permissions=["change"])
    def close_threads(self, request: HttpRequest, queryset: QuerySet[Thread]) -> None:
        staff = staff_member(request)
        act_on_each(
            self,
            request,
            queryset.select_related(None).order_by("pk"),
            lambda t: thread_close(actor=staff, thread_id=t.pk).changed,
            "{} thread(s) closed.",
        )

    @admin.action(description="Reopen selected threads", permissions=["change"])
    def reopen_threads(self, request: HttpRequest, queryset: QuerySet[Thread]) -> None:
        staff = staff_member(request)
        act_on_each(
            self,
            request,
            queryset.select_related(None).order_by("pk"),
            lambda t: thread_reopen(actor=staff, thread_id=t.pk).changed,
            "{} thread(s) reopened.",
        )

    @admin.display(description="posts")
    def posts_link(self, obj: Thread) -> str:
        # A thread can hold hundreds of posts: link to the filtered list instead of an inline.
        if obj.pk is None:
            return "—"
        url = reverse("admin:community_post_changelist")
        return format_html(
            '<a href="{}?thread__id__exact={}">{} posts</a>', url, obj.pk, obj.posts.count()
        )


@admin.register(Post)
class PostAdmin(ReadAndDeleteAdmin):
    """Replies are written, edited (with their revisions) and made official by the API;
    hiding goes through hideContent. The back office reads them, and may delete one."""

    list_display = (
        "__str__",
        "thread",
        "author",
        "created_at",
        "is_official",
        "is_internal",
        is_hidden,
    )
    list_filter = ("is_official", "is_internal", HiddenFilter)
    list_select_related = ("thread", "author")
    search_fields = ("body", "author__username", "author__display_name", "thread__title")
    date_hierarchy = "created_at"
    ordering = ("-created_at", "-id")


@admin.register(PostRevision)
class PostRevisionAdmin(ReadOnlyAdmin):
    list_display = ("post", "edited_by", "created_at")
    list_select_related = ("post", "edited_by")
    search_fields = ("body", "edited_by__username")
    date_hierarchy = "created_at"
    ordering = ("-created_at", "-id")
