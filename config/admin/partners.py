"""Partner API tokens: issued here through `api_token_create` (the secret is shown once),
revoked through `api_token_revoke` — the services `create_api_token` and
`revoke_api_token` call too, with the same audit events. Never deleted, never re-scoped: to
change scopes or expiry, issue a new token and revoke the old one."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db.models import Model, QuerySet
from django.http import HttpRequest
from django.utils import timezone

from models.models import ApiToken, TokenScope
from resolvers.errors import ServiceError
from resolvers.services.partners import api_token_create, api_token_revoke, normalize_scopes

from .base import BackOfficeAdmin, RevokedFilter, act_on_each, refusal_text, staff_member


class ApiTokenCreationForm(forms.ModelForm):
    """What the service needs; its rules are checked again when it issues the token, and
    shown here on their fields first."""

    scopes = forms.MultipleChoiceField(
        choices=TokenScope.choices, widget=forms.CheckboxSelectMultiple
    )

    class Meta:
        model = ApiToken
        fields = ("partner", "scopes", "expires_at")

    def clean_scopes(self) -> list[str]:
        try:
            return normalize_scopes(self.cleaned_data["scopes"])
        except ServiceError as refused:
            raise ValidationError(refusal_text(refused)) from refused

    def clean_expires_at(self) -> datetime:
        expires_at: datetime = self.cleaned_data["expires_at"]
        if expires_at <= timezone.now():
            raise ValidationError("The expiry date must be in the future.")
        return expires_at


@admin.register(ApiToken)
class ApiTokenAdmin(BackOfficeAdmin):
    list_display = (
        "partner",
        "prefix",
        "scope_labels",
        "state",
        "created_at",
        "expires_at",
        "revoked_at",
        "last_used_at",
        "created_by",
    )
    list_filter = (RevokedFilter, "expires_at")
    list_select_related = ("created_by",)
    search_fields = ("partner", "prefix")
    date_hierarchy = "created_at"
    ordering = ("-created_at", "-id")
    actions = ("revoke_tokens",)

    _add_fields = ("partner", "scopes", "expires_at")
    # secret_hash is never shown: it is of no use to a reader and one less thing to leak.
    _change_readonly_fields = (
        "prefix",
        "scope_labels",
        "state",
        "created_at",
        "created_by",
        "expires_at",
        "revoked_at",
        "last_used_at",
    )

    def get_fields(self, request: HttpRequest, obj: Model | None = None) -> tuple[str, ...]:
        if obj is None:
            return self._add_fields
        return ("partner", *self._change_readonly_fields)

    def get_readonly_fields(
        self, request: HttpRequest, obj: Model | None = None
    ) -> tuple[str, ...]:
        return () if obj is None else self._change_readonly_fields

    def get_form(
        self, request: HttpRequest, obj: Model | None = None, change: bool = False, **kwargs: Any
    ) -> type[forms.ModelForm[ApiToken]]:
        if obj is None:
            kwargs["form"] = ApiTokenCreationForm
        return super().get_form(request, obj, change, **kwargs)

    def has_delete_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        # A revoked token keeps its row: who had access, until when, is history.
        return False

    def save_model(self, request: HttpRequest, obj: ApiToken, form: Any, change: bool) -> None:
        if change:
            # The partner's name, the one field a change form offers.
            super().save_model(request, obj, form, change)
            return
        issued = api_token_create(
            partner=obj.partner,
            scopes=obj.scopes,
            expires_at=obj.expires_at,
            created_by=staff_member(request),
        )
        # The admin goes on with its own instance (the redirect, its log): make it the token
        # the service issued.
        for f in ApiToken._meta.concrete_fields:
            setattr(obj, f.attname, getattr(issued.token, f.attname))
        obj._state = issued.token._state
        messages.success(
            request,
            f"Secret of the token for {obj.partner}: {issued.secret} — copy it now, "
            "it will not be shown again.",
        )

    @admin.display(description="scopes")
    def scope_labels(self, obj: ApiToken) -> str:
        labels = dict(TokenScope.choices)
        return ", ".join(str(labels.get(scope, scope)) for scope in obj.scopes)

    @admin.display(description="state")
    def state(self, obj: ApiToken) -> str:
        if obj.revoked_at is not None:
            return "revoked"
        return "active" if obj.is_active() else "expired"

    @admin.action(description="Revoke selected tokens", permissions=["change"])
    def revoke_tokens(self, request: HttpRequest, queryset: QuerySet[ApiToken]) -> None:
        staff = staff_member(request)
        act_on_each(
            self,
            request,
            queryset.select_related(None).order_by("pk"),
            lambda t: api_token_revoke(prefix=t.prefix, actor=staff).changed,
            "{} token(s) revoked.",
        )
