"""What every page of the back office shares: who is acting, how a service's refusal is
shown, the audit of plain edits, read-only pages and list filters."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any, TypeVar

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction
from django.db.models import ForeignKey, Model, QuerySet
from django.forms import ModelChoiceField
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect

from models.models import Member, Post, Role, Suggestion, Thread
from resolvers.errors import ApiError, ServiceError
from resolvers.services.audit import audit_admin_add, audit_admin_change, audit_admin_delete
from resolvers.text import masked_text

# Set by hideContent / unhideContent only: they resolve the flags and tell the author.
MODERATION_FIELDS = ("hidden_at", "hidden_by", "hidden_reason")

# Foreign keys to Member that only one role may fill: their autocomplete offers only those
# members and their form field refuses anyone else (the models leave them unrestricted).
ROLE_OF_MEMBER_FIELD: dict[tuple[str, str], Role] = {
    ("community.thread", "assigned_adviser"): Role.ADVISER,
}

Refusal = ServiceError | ApiError
_Row = TypeVar("_Row", bound=Model)


def staff_member(request: HttpRequest) -> Member:
    """The member using the back office: it only lets authenticated staff in, and every
    user is a Member."""
    user = request.user
    assert isinstance(user, Member)
    return user


def refusal_text(refused: Refusal) -> str:
    """A service's refusal as one sentence for a message of the back office."""
    if isinstance(refused, ServiceError):
        return " ".join(error.message for error in refused.errors)
    return refused.message


def act_on_each(
    model_admin: admin.ModelAdmin[Any],
    request: HttpRequest,
    rows: Iterable[_Row],
    act: Callable[[_Row], bool],
    done: str,
) -> None:
    """An action that calls a service once per selected row (each call is its own
    transaction, as through the API): `act` returns whether the row changed. Says how many
    did (`done`, with `{}` for the number) and, one message each, which rows the service
    refused and why."""
    changed = 0
    for row in rows:
        try:
            changed += act(row)
        except (ServiceError, ApiError) as refused:
            model_admin.message_user(request, f"{row}: {refusal_text(refused)}", messages.ERROR)
    model_admin.message_user(request, done.format(changed), messages.SUCCESS)


def _model_fields(model: type[Model]) -> frozenset[str]:
    # The primary key is the event's target, not one of its values.
    return frozenset(
        f.name
        for f in model._meta.get_fields()
        if (f.concrete or f.many_to_many) and not getattr(f, "primary_key", False)
    )


def form_values(form: forms.ModelForm[Any]) -> dict[str, Any]:
    """The model fields an add form sets, with their values."""
    fields = _model_fields(form._meta.model)
    return {n: form.cleaned_data.get(n) for n in form.cleaned_data if n in fields}


def form_changes(
    form: forms.ModelForm[Any], *, leave_out: Iterable[str] = ()
) -> tuple[dict[str, Any], dict[str, Any]]:
    """The model fields a change form says it changed, but those in `leave_out`: their
    values before (the form's initial data) and after."""
    fields = _model_fields(form._meta.model) - set(leave_out)
    names = [n for n in form.changed_data if n in fields]
    return (
        {n: form.initial.get(n) for n in names},
        {n: form.cleaned_data.get(n) for n in names},
    )


class BackOfficeAdmin(admin.ModelAdmin):
    """A model page whose writes are staff actions, made and audited by the services.

    Rows and fields a service owns are written by calling it (an action, or a field listed
    in `service_fields` whose change `save_through_services` makes), so the back office
    keeps the API's rules and writes the API's audit events. Of the plain fields no
    service owns (a category's name, a member's display name), those the form changed are
    saved and audited by `resolvers.services.audit` (`<model>.admin_add` / `.admin_change`
    / `.admin_delete`). A service's refusal (a `ServiceError`, or a refusal such as
    `Forbidden`) rolls the whole change back and is shown as an error message: nothing of
    the form is saved then."""

    service_fields: tuple[str, ...] = ()
    # Plain text fields others read (a display name, a title): their sensitive numbers are
    # masked before they are saved, as the services mask what they store.
    masked_fields: tuple[str, ...] = ()

    def changeform_view(
        self,
        request: HttpRequest,
        object_id: str | None = None,
        form_url: str = "",
        extra_context: dict[str, Any] | None = None,
    ) -> HttpResponse:
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except (ServiceError, ApiError) as refused:
            # Raised inside the view's transaction, which rolled back on the way out.
            self.message_user(
                request, f"Nothing was saved. {refusal_text(refused)}", messages.ERROR
            )
            return HttpResponseRedirect(request.get_full_path())

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        staff = staff_member(request)
        for name in self.masked_fields:
            value = getattr(obj, name, None)
            if isinstance(value, str):
                setattr(obj, name, masked_text(value, field=name))
        if not change:
            super().save_model(request, obj, form, change)
            audit_admin_add(actor=staff, target=obj, values=form_values(form))
            return
        before, after = form_changes(form, leave_out=self.service_fields)
        # Only what the form changed: the services write the fields they own, and a write
        # to another field meanwhile (a reply moving the activity date) is not undone.
        plain = [f.name for f in obj._meta.concrete_fields if f.name in after]
        if plain:
            obj.save(update_fields=plain)
        audit_admin_change(actor=staff, target=obj, before=before, after=after)
        changed = [name for name in self.service_fields if name in form.changed_data]
        if changed:
            self.save_through_services(request, obj, changed)

    def save_through_services(self, request: HttpRequest, obj: Any, changed: list[str]) -> None:
        """Make the changes of the `service_fields` named in `changed` (in `obj` as the
        form set them, not yet saved) through the services that own them."""
        raise ImproperlyConfigured(f"{type(self).__name__} lists service_fields: save them.")

    def save_formset(self, request: HttpRequest, form: Any, formset: Any, change: bool) -> None:
        # Rows edited inline would be written without a service or an audit event: an
        # editable inline saves through its service (the committee's agenda does).
        if formset.has_changed():
            raise ImproperlyConfigured(
                f"{type(self).__name__}: {formset.model.__name__} rows edited inline are "
                "saved through a service."
            )
        super().save_formset(request, form, formset, change)

    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        # The admin's delete view runs in a transaction: the event commits with the delete.
        audit_admin_delete(actor=staff_member(request), target=obj)
        super().delete_model(request, obj)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> None:
        # The "delete selected" action runs outside of any transaction: open one.
        staff = staff_member(request)
        with transaction.atomic():
            for obj in queryset.select_related(None):
                audit_admin_delete(actor=staff, target=obj)
            super().delete_queryset(request, queryset)


class RoleLimitedAdmin(admin.ModelAdmin):
    """Applies `ROLE_OF_MEMBER_FIELD` to the form fields of its model."""

    def formfield_for_foreignkey(
        self, db_field: ForeignKey[Any, Any], request: HttpRequest, **kwargs: Any
    ) -> ModelChoiceField | None:
        role = ROLE_OF_MEMBER_FIELD.get((self.opts.label_lower, db_field.name))
        if role is not None:
            kwargs["queryset"] = Member.objects.filter(role=role)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class NoFormsAdmin(admin.ModelAdmin):
    """No add form and no change form, for everyone including superusers: the services
    write these rows."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False


class ReadOnlyAdmin(NoFormsAdmin):
    """View only: these rows are written by the services (or, for the audit log, never
    rewritten at all), and not deleted here either."""

    def has_delete_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False


class ReadAndDeleteAdmin(NoFormsAdmin, BackOfficeAdmin):
    """Rows the API writes, which the back office reads and may delete (audited, as every
    delete of `BackOfficeAdmin`)."""


class ReadOnlyTabularInline(admin.TabularInline):
    extra = 0
    can_delete = False
    show_change_link = True

    # Inlines take the parent object here; django-stubs types it as an override too.
    def has_add_permission(self, request: HttpRequest, obj: Model | None) -> bool:  # type: ignore[override]
        return False

    def has_change_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False


class _TimestampSetFilter(admin.SimpleListFilter):
    """Yes / no on whether a nullable timestamp is set: clearer than "empty / not empty"."""

    field_name: str

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, str]]:
        return [("yes", "Yes"), ("no", "No")]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> QuerySet[Any]:
        if self.value() not in ("yes", "no"):
            return queryset
        return queryset.filter(**{f"{self.field_name}__isnull": self.value() == "no"})


class HiddenFilter(_TimestampSetFilter):
    title = "hidden"
    parameter_name = "hidden"
    field_name = "hidden_at"


class PublishedFilter(_TimestampSetFilter):
    title = "published"
    parameter_name = "published"
    field_name = "published_at"


class ResolvedFilter(_TimestampSetFilter):
    title = "resolved"
    parameter_name = "resolved"
    field_name = "resolved_at"


class RevokedFilter(_TimestampSetFilter):
    title = "revoked"
    parameter_name = "revoked"
    field_name = "revoked_at"


class ReadFilter(_TimestampSetFilter):
    title = "read"
    parameter_name = "read"
    field_name = "read_at"


@admin.display(boolean=True, description="hidden", ordering="hidden_at")
def is_hidden(obj: Thread | Post | Suggestion) -> bool:
    return obj.is_hidden
