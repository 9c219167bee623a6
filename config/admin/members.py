"""Members: accounts, roles and back-office access (no service owns these edits: they are
audited as `member.admin_add` / `.admin_change` / `.change_role` / `.set_password`).

Personal data (email, first and last names, customer number) is shown, searched and
edited only by staff holding `community.view_personal_data`, on a member's own page, and
each display is audited (`member.view_personal_data`); the list never shows it. The same
staff export a member's data (`member.view_personal_data`, purpose "export") and erase
accounts (`member.erase`) for requests received by mail, through the services the API
uses."""

from __future__ import annotations

import json
from typing import Any

from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.contrib.auth.admin import UserAdmin
from django.db import transaction
from django.db.models import Model, QuerySet
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse

from models.models import Member
from permissions.roles import Viewer
from resolvers.errors import ApiError, ServiceError
from resolvers.selectors.members import personal_data_export
from resolvers.services.audit import audit_member_set_password, audit_personal_data_shown
from resolvers.services.members import member_erase

from .base import ROLE_OF_MEMBER_FIELD, BackOfficeAdmin, refusal_text, staff_member

# The fields that are personal data, and the permission that opens them.
PERSONAL_FIELDS = ("first_name", "last_name", "email", "customer_number")
PERSONAL_DATA_PERMISSION = "community.view_personal_data"


def holds_personal_data_permission(request: HttpRequest) -> bool:
    """Whether the staff member of the request may see members' personal data."""
    return bool(request.user.has_perm(PERSONAL_DATA_PERMISSION))


def _without_personal(fieldsets: Any) -> tuple[Any, ...]:
    kept = []
    for name, options in fieldsets:
        fields = tuple(f for f in options["fields"] if f not in PERSONAL_FIELDS)
        if fields:
            kept.append((name, {**options, "fields": fields}))
    return tuple(kept)


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
    # No personal data in the list: it is shown one member at a time, audited.
    list_display = (
        "username",
        "display_name",
        "role",
        "is_staff",
        "is_committee_chair",
        "date_joined",
        "erased_at",
    )
    list_filter = ("role", "is_staff", "is_committee_chair", "is_superuser", "is_active")
    search_fields = ("username", "display_name", "email", "customer_number")
    actions = ("export_personal_data", "erase_accounts")

    def get_search_fields(self, request: HttpRequest) -> tuple[str, ...]:
        fields = tuple(super().get_search_fields(request))
        if holds_personal_data_permission(request):
            return fields
        return tuple(f for f in fields if f not in PERSONAL_FIELDS)

    def get_fieldsets(self, request: HttpRequest, obj: Model | None = None) -> Any:
        fieldsets = super().get_fieldsets(request, obj)
        if holds_personal_data_permission(request):
            return fieldsets
        return _without_personal(fieldsets)

    def get_actions(self, request: HttpRequest) -> dict[str, Any]:
        actions = super().get_actions(request)
        if not holds_personal_data_permission(request):
            actions.pop("export_personal_data", None)
            actions.pop("erase_accounts", None)
        return actions

    def change_view(
        self,
        request: HttpRequest,
        object_id: str,
        form_url: str = "",
        extra_context: dict[str, Any] | None = None,
    ) -> HttpResponse:
        response = super().change_view(request, object_id, form_url, extra_context)
        if (
            request.method == "GET"
            and response.status_code == 200
            and holds_personal_data_permission(request)
        ):
            member = Member.objects.filter(pk=unquote(object_id)).first()
            if member is not None:
                audit_personal_data_shown(
                    actor=staff_member(request), member=member, purpose="display"
                )
        return response

    @admin.action(description="Export the selected member's personal data (JSON)")
    def export_personal_data(
        self, request: HttpRequest, queryset: QuerySet[Member]
    ) -> HttpResponse | None:
        members = list(queryset[:2])
        if len(members) != 1:
            self.message_user(request, "Export one member at a time.", messages.ERROR)
            return None
        member, staff = members[0], staff_member(request)
        with transaction.atomic():
            try:
                data = personal_data_export(
                    viewer=Viewer(staff), member=member, personal_data_permission=True
                )
            except ApiError as refused:
                self.message_user(request, refusal_text(refused), messages.ERROR)
                return None
            audit_personal_data_shown(actor=staff, member=member, purpose="export")
        response = HttpResponse(
            json.dumps(data, ensure_ascii=False, indent=2), content_type="application/json"
        )
        response["Content-Disposition"] = (
            f'attachment; filename="personal-data-member-{member.pk}.json"'
        )
        return response

    @admin.action(description="Erase the selected accounts (irreversible)")
    def erase_accounts(
        self, request: HttpRequest, queryset: QuerySet[Member]
    ) -> HttpResponse | None:
        members = list(queryset.filter(erased_at__isnull=True).order_by("pk"))
        if request.POST.get("confirm") != "yes":
            return TemplateResponse(
                request,
                "admin/community/member/erase_confirmation.html",
                {**self.admin_site.each_context(request), "members": members},
            )
        erased = 0
        for member in members:
            try:
                member_erase(
                    actor=staff_member(request),
                    member_id=member.pk,
                    personal_data_permission=True,
                )
            except (ServiceError, ApiError) as refused:
                self.message_user(request, f"#{member.pk}: {refusal_text(refused)}", messages.ERROR)
                continue
            erased += 1
        self.message_user(request, f"{erased} account(s) erased.", messages.SUCCESS)
        return None

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
