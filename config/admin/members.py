"""Members: accounts, roles and back-office access (no service owns these edits: they are
audited as `member.admin_add` / `.admin_change` / `.change_role` / `.set_password`)."""

from __future__ import annotations

from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.contrib.auth.admin import UserAdmin
from django.db import transaction
from django.db.models import Model, QuerySet
from django.http import HttpRequest, HttpResponse

from models.models import Member
from resolvers.services.audit import audit_member_set_password

from .base import ROLE_OF_MEMBER_FIELD, BackOfficeAdmin, staff_member


@admin.register(Member)
class MemberAdmin(BackOfficeAdmin, UserAdmin):
    masked_fields = ("display_name",)
    _community_fields = ("display_name", "role", "customer_number", "is_committee_chair")

    fieldsets = (
        (None, {"fields": ("username", "password")}),
        ("Community", {"fields": _community_fields}),
        ("Personal info", {"fields": ("first_name", "last_name", "email")}),
        (
            "Permissions",
            {"fields": ("is_active", "is_staff", "is_superuser", "groups", "user_permissions")},
        ),
        ("Important dates", {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (
            None,
            {
                "classes": ("wide",),
                "fields": ("username", "usable_password", "password1", "password2"),
            },
        ),
        ("Community", {"classes": ("wide",), "fields": (*_community_fields, "email")}),
    )
    readonly_fields = ("last_login", "date_joined")
    list_display = (
        "username",
        "display_name",
        "role",
        "email",
        "customer_number",
        "is_staff",
        "is_committee_chair",
        "date_joined",
    )
    list_filter = ("role", "is_staff", "is_committee_chair", "is_superuser", "is_active")
    search_fields = ("username", "display_name", "email", "customer_number")
    ordering = ("username",)
    date_hierarchy = "date_joined"

    def get_search_results(
        self, request: HttpRequest, queryset: QuerySet[Member], search_term: str
    ) -> tuple[QuerySet[Member], bool]:
        queryset, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        # The autocomplete view names the field it fills; the changelist sends neither key.
        source = f"{request.GET.get('app_label')}.{request.GET.get('model_name')}"
        role = ROLE_OF_MEMBER_FIELD.get((source, request.GET.get("field_name", "")))
        if role is not None:
            queryset = queryset.filter(role=role)
        return queryset, may_have_duplicates

    def user_change_password(
        self, request: HttpRequest, id: str, form_url: str = ""
    ) -> HttpResponse:
        # Setting someone's password is a staff action too; its value never reaches the log.
        with transaction.atomic():
            response = super().user_change_password(request, id, form_url)
            if request.method == "POST" and response.status_code == 302:
                member = Member.objects.get(pk=unquote(id))
                audit_member_set_password(actor=staff_member(request), member=member)
        return response

    def has_delete_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        # Deleting a member would cascade their votes behind the stored vote counts and
        # erase their history: deactivate them instead (is_active).
        return False
