"""Partner API tokens: issued here through `api_token_create` (the secret is shown once),
revoked through `api_token_revoke` — the services `create_api_token` and
`revoke_api_token` call too, with the same audit events. Never deleted, never re-scoped: to
change scopes or expiry, issue a new token and revoke the old one.

Partners' webhook endpoints (docs/webhooks.md): registered, changed, given a new secret
through the services (the signing secret is shown once), disabled rather than deleted; their
deliveries are read-only, with their attempts, and replayed by an action."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db.models import Model, QuerySet
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html

from models.models import (
    ApiToken,
    TokenScope,
    WebhookAttempt,
    WebhookDelivery,
    WebhookEndpoint,
    WebhookEventType,
)
from resolvers.errors import ServiceError
from resolvers.services.partners import (
    IssuedEndpoint,
    api_token_create,
    api_token_revoke,
    clean_endpoint_url,
    normalize_event_types,
    normalize_scopes,
    webhook_delivery_replay,
    webhook_endpoint_create,
    webhook_endpoint_rotate_secret,
    webhook_endpoint_update,
)

from .base import (
    BackOfficeAdmin,
    ReadOnlyAdmin,
    ReadOnlyTabularInline,
    RevokedFilter,
    act_on_each,
    refusal_text,
    staff_member,
)


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


# --- Webhook endpoints and deliveries ---------------------------------------------------------


def _active_tokens(partner: str | None = None) -> QuerySet[ApiToken]:
    tokens = ApiToken.objects.filter(revoked_at__isnull=True, expires_at__gt=timezone.now())
    if partner is not None:
        tokens = tokens.filter(partner=partner)
    return tokens.order_by("partner", "-created_at")


class WebhookEndpointForm(forms.ModelForm):
    """What `webhook_endpoint_create` / `_update` take, their rules shown on the fields
    first (the services check them again when they save): an active token (on a change,
    one of the same partner), a URL webhooks may be sent to (checked now: https, public
    addresses), event types its scopes open."""

    url = forms.URLField(
        max_length=WebhookEndpoint.URL_MAX,
        assume_scheme="https",
        help_text="https://, resolving to public addresses only: checked now and at every "
        "delivery.",
    )
    event_types = forms.MultipleChoiceField(
        choices=WebhookEventType.choices, widget=forms.CheckboxSelectMultiple
    )

    class Meta:
        model = WebhookEndpoint
        fields = ("token", "url", "event_types", "enabled")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        token_field = self.fields["token"]
        assert isinstance(token_field, forms.ModelChoiceField)
        if self.instance.pk is None:
            token_field.queryset = _active_tokens()
        else:
            current = ApiToken.objects.filter(pk=self.instance.token_id)
            token_field.queryset = (
                _active_tokens(self.instance.token.partner) | current
            ).distinct()
        token_field.help_text = (
            "The partner's token: its scopes bound the event types and what payloads carry."
        )

    def clean_url(self) -> str:
        url: str = self.cleaned_data["url"]
        try:
            return clean_endpoint_url(url)
        except ServiceError as refused:
            raise ValidationError(refusal_text(refused)) from refused

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        token = cleaned.get("token")
        if token is not None and "event_types" in cleaned:
            try:
                cleaned["event_types"] = normalize_event_types(cleaned["event_types"], token=token)
            except ServiceError as refused:
                self.add_error("event_types", refusal_text(refused))
        return cleaned


@admin.register(WebhookEndpoint)
class WebhookEndpointAdmin(BackOfficeAdmin):
    """Partners' webhook endpoints, registered and changed through the services (audited);
    the signing secret is shown once, when the endpoint is added or given a new secret. An
    endpoint is disabled, never deleted: its deliveries are history."""

    list_display = (
        "partner",
        "url",
        "event_type_list",
        "enabled",
        "failing_since",
        "disabled_at",
        "created_at",
        "deliveries_link",
    )
    list_filter = ("enabled", "token__partner")
    list_select_related = ("token",)
    search_fields = ("token__partner", "url")
    ordering = ("-created_at", "-id")
    actions = ("rotate_secrets",)
    form = WebhookEndpointForm

    _readonly = (
        "partner",
        "disabled_at",
        "disabled_reason",
        "failing_since",
        "created_at",
        "created_by",
        "deliveries_link",
    )

    def get_fields(self, request: HttpRequest, obj: Model | None = None) -> tuple[str, ...]:
        if obj is None:
            return ("token", "url", "event_types")
        return ("partner", "token", "url", "event_types", "enabled", *self._readonly[1:])

    def get_readonly_fields(
        self, request: HttpRequest, obj: Model | None = None
    ) -> tuple[str, ...]:
        return () if obj is None else self._readonly

    def has_delete_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False

    def save_model(
        self, request: HttpRequest, obj: WebhookEndpoint, form: Any, change: bool
    ) -> None:
        staff = staff_member(request)
        if change:
            outcome = webhook_endpoint_update(
                endpoint_id=obj.pk,
                actor=staff,
                token_id=obj.token_id,
                url=obj.url,
                event_types=obj.event_types,
                enabled=obj.enabled,
            )
            _take_state(obj, outcome.value)
            return
        issued = webhook_endpoint_create(
            token_id=obj.token_id, url=obj.url, event_types=obj.event_types, created_by=staff
        )
        _take_state(obj, issued.endpoint)
        _show_secret(self, request, issued)

    @admin.display(description="partner", ordering="token__partner")
    def partner(self, obj: WebhookEndpoint) -> str:
        return obj.token.partner

    @admin.display(description="event types")
    def event_type_list(self, obj: WebhookEndpoint) -> str:
        return ", ".join(obj.event_types)

    @admin.display(description="deliveries")
    def deliveries_link(self, obj: WebhookEndpoint) -> str:
        url = reverse("admin:community_webhookdelivery_changelist")
        return format_html('<a href="{}?endpoint__id__exact={}">Deliveries</a>', url, obj.pk)

    @admin.action(
        description="Give selected endpoints a new signing secret", permissions=["change"]
    )
    def rotate_secrets(self, request: HttpRequest, queryset: QuerySet[WebhookEndpoint]) -> None:
        staff = staff_member(request)

        def rotate(endpoint: WebhookEndpoint) -> bool:
            issued = webhook_endpoint_rotate_secret(endpoint_id=endpoint.pk, actor=staff)
            _show_secret(self, request, issued)
            return True

        act_on_each(
            self,
            request,
            queryset.select_related("token").order_by("pk"),
            rotate,
            "{} endpoint(s) given a new secret.",
        )


def _take_state(obj: WebhookEndpoint, saved: WebhookEndpoint) -> None:
    """Make the admin's instance the row the service saved (the admin goes on with it)."""
    for f in WebhookEndpoint._meta.concrete_fields:
        setattr(obj, f.attname, getattr(saved, f.attname))
    obj._state = saved._state


def _show_secret(
    model_admin: admin.ModelAdmin[Any], request: HttpRequest, issued: IssuedEndpoint
) -> None:
    endpoint = issued.endpoint
    model_admin.message_user(
        request,
        f"Signing secret of the webhook endpoint #{endpoint.pk} of {endpoint.token.partner}: "
        f"{issued.secret} — give it to the partner now, it will not be shown again.",
        messages.SUCCESS,
    )


class WebhookAttemptInline(ReadOnlyTabularInline):
    model = WebhookAttempt
    fields = ("attempted_at", "status_code", "latency_ms", "error")
    readonly_fields = fields
    ordering = ("-attempted_at", "-id")
    show_change_link = False


@admin.register(WebhookDelivery)
class WebhookDeliveryAdmin(ReadOnlyAdmin):
    """Every delivery of an event to an endpoint, its status and attempts (the worker writes
    them). "Replay" sends the selected ones again, same body, same `webhook-id`."""

    list_display = (
        "created_at",
        "event_type",
        "partner",
        "endpoint",
        "status",
        "attempts",
        "last_status_code",
        "last_latency_ms",
        "last_error",
        "next_attempt_at",
        "delivered_at",
    )
    list_filter = ("status", "event_type", "endpoint__token__partner", "endpoint")
    list_select_related = ("endpoint__token",)
    search_fields = ("event__id",)
    date_hierarchy = "created_at"
    ordering = ("-created_at", "-id")
    show_full_result_count = False
    actions = ("replay",)
    inlines = (WebhookAttemptInline,)
    fields = (
        "endpoint",
        "event",
        "event_type",
        "status",
        "attempts",
        "last_status_code",
        "last_latency_ms",
        "last_error",
        "created_at",
        "first_attempt_at",
        "last_attempt_at",
        "next_attempt_at",
        "delivered_at",
        "failed_at",
        "payload",
    )

    @admin.display(description="partner", ordering="endpoint__token__partner")
    def partner(self, obj: WebhookDelivery) -> str:
        return obj.endpoint.token.partner

    def has_replay_permission(self, request: HttpRequest) -> bool:
        return request.user.has_perm("community.change_webhookdelivery")

    @admin.action(description="Replay selected deliveries", permissions=["replay"])
    def replay(self, request: HttpRequest, queryset: QuerySet[WebhookDelivery]) -> None:
        staff = staff_member(request)
        act_on_each(
            self,
            request,
            queryset.select_related("endpoint__token").order_by("pk"),
            lambda d: bool(webhook_delivery_replay(delivery_id=d.pk, actor=staff)),
            "{} deliveries queued again.",
        )
