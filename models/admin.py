"""The back office at /admin/.

Writes that carry business rules (votes, status changes, decisions, evaluations,
submitting a suggestion) go through the services behind the GraphQL API: the admin shows
those rows read-only, so it can never break an invariant the services keep (the stored
vote count equals the vote rows, every status change is in the history, ...). Foreign keys
to Member use autocomplete widgets: with thousands of members a plain select would render
every one of them.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time
from decimal import Decimal
from typing import Any
from uuid import UUID

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.contrib.auth.admin import UserAdmin
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, ForeignKey, Model, QuerySet
from django.forms import ModelChoiceField
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html

from .models import (
    AgendaItem,
    ApiToken,
    AuditEvent,
    Category,
    CommitteeMeeting,
    Decision,
    Evaluation,
    Flag,
    Follow,
    Member,
    Notification,
    Post,
    PostRevision,
    Role,
    StatusChange,
    Suggestion,
    Thread,
    TokenScope,
    Vote,
)

# Set by hideContent / unhideContent only: they resolve the flags and tell the author.
MODERATION_FIELDS = ("hidden_at", "hidden_by", "hidden_reason")

admin.site.site_header = "Comptoir — back office"
admin.site.site_title = "Comptoir — back office"


def _staff_member(request: HttpRequest) -> Member:
    # The admin only lets authenticated staff in, and every user is a Member.
    user = request.user
    assert isinstance(user, Member)
    return user


def _audit_event(
    actor: Member,
    action: str,
    target: Model,
    after: dict[str, Any] | None,
    before: dict[str, Any] | None = None,
) -> AuditEvent:
    return AuditEvent(
        actor=actor,
        action=action,
        target_type=type(target).__name__,
        target_id=str(target.pk),
        before=before,
        after=after,
    )


# Foreign keys to Member that only one role may fill: their autocomplete offers only those
# members and their form field refuses anyone else (the models leave them unrestricted).
_ROLE_OF_MEMBER_FIELD: dict[tuple[str, str], Role] = {
    ("community.thread", "assigned_adviser"): Role.ADVISER,
    ("community.committeemeeting", "chair"): Role.COMMITTEE,
}


def _iso(moment: datetime) -> str:
    # Audit events carry UTC instants, whatever time zone a form parsed them in.
    return moment.astimezone(UTC).isoformat()


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
def _is_hidden(obj: Thread | Post | Suggestion) -> bool:
    return obj.is_hidden


class RoleLimitedAdmin(admin.ModelAdmin):
    """Applies `_ROLE_OF_MEMBER_FIELD` to the form fields of its model."""

    def formfield_for_foreignkey(
        self, db_field: ForeignKey[Any, Any], request: HttpRequest, **kwargs: Any
    ) -> ModelChoiceField | None:
        role = _ROLE_OF_MEMBER_FIELD.get((self.opts.label_lower, db_field.name))
        if role is not None:
            kwargs["queryset"] = Member.objects.filter(role=role)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class ReadOnlyAdmin(admin.ModelAdmin):
    """View only, for everyone including superusers: these rows are written by the services
    (or, for the audit log, never rewritten at all)."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False


# --- Audit of the back office's own writes ---------------------------------------------

# Personal data stays out of the append-only log: that such a field changed is recorded,
# never its value.
_AUDIT_REDACTED = frozenset({"password", "email", "first_name", "last_name", "customer_number"})
REDACTED = "(redacted)"


def _jsonable(value: Any) -> Any:
    if isinstance(value, Model):
        return value.pk
    if isinstance(value, QuerySet | list | tuple | set | frozenset):
        # Many-to-many values (groups, permissions): their keys, in a stable order.
        return sorted(_jsonable(v) for v in value)
    if isinstance(value, datetime):
        return _iso(value)
    if isinstance(value, date | time | Decimal | UUID):
        return str(value)
    return value


def _audit_value(name: str, value: Any) -> Any:
    return REDACTED if name in _AUDIT_REDACTED else _jsonable(value)


def _model_field_names(model: type[Model]) -> frozenset[str]:
    # The primary key is the event's target, not one of its values.
    return frozenset(
        f.name
        for f in model._meta.get_fields()
        if (f.concrete or f.many_to_many) and not getattr(f, "primary_key", False)
    )


def _form_changes(
    form: forms.ModelForm[Any], change: bool
) -> tuple[list[str], dict[str, Any] | None, dict[str, Any]]:
    """The model fields a form sets (all of them when adding, the changed ones otherwise),
    with their values before (from the form's initial data) and after."""
    fields = _model_field_names(form._meta.model)
    after = {
        n: _audit_value(n, form.cleaned_data.get(n))
        for n in (form.changed_data if change else form.cleaned_data)
        if n in fields
    }
    if not change:
        return list(after), None, after
    # Django may call a field changed that kept its value (callable defaults): drop those.
    raw_before = {n: _jsonable(form.initial.get(n)) for n in after}
    names = [n for n in after if raw_before[n] != _jsonable(form.cleaned_data.get(n))]
    before = {n: _audit_value(n, form.initial.get(n)) for n in names}
    return names, before, {n: after[n] for n in names}


def _snapshot(obj: Model) -> dict[str, Any]:
    return {
        f.name: _audit_value(f.name, f.value_from_object(obj))
        for f in obj._meta.concrete_fields
        if not f.primary_key
    }


def _audit_name(model: type[Model]) -> str:
    # CommitteeMeeting -> committee_meeting, as in "committee_meeting.admin_change".
    return re.sub(r"(?<!^)(?=[A-Z])", "_", model.__name__).lower()


class AuditedAdmin(admin.ModelAdmin):
    """Every add, change and delete made in the back office is a staff action: each writes
    an AuditEvent (`<model>.admin_add`, `.admin_change`, `.admin_delete`, with the fields'
    values before and after) in the transaction of the admin's view, inline rows included.
    `audit_groups` names changes that deserve an action of their own (a member's role)."""

    audit_groups: tuple[tuple[str, frozenset[str]], ...] = ()

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        super().save_model(request, obj, form, change)
        AuditEvent.objects.bulk_create(
            _form_events(_staff_member(request), obj, form, change, self.audit_groups)
        )

    def save_formset(self, request: HttpRequest, form: Any, formset: Any, change: bool) -> None:
        staff = _staff_member(request)
        deleted = list(formset.deleted_forms) if formset.can_delete else []
        # Known before saving: a deleted row loses its key, a new one gets it.
        events = [
            _audit_event(
                staff,
                f"{_audit_name(type(f.instance))}.admin_delete",
                f.instance,
                None,
                before={
                    n: _audit_value(n, v)
                    for n, v in f.initial.items()
                    if n in _model_field_names(type(f.instance))
                },
            )
            for f in deleted
            if f.instance.pk is not None
        ]
        changed = [
            (f, f.instance.pk is not None)
            for f in formset.forms
            if f not in deleted and f.has_changed()
        ]
        super().save_formset(request, form, formset, change)
        for inline_form, existed in changed:
            events += _form_events(staff, inline_form.instance, inline_form, existed, ())
        AuditEvent.objects.bulk_create(events)

    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        # The admin's delete view runs in a transaction: the event commits with the delete.
        self._audit_deletions(request, [obj])
        super().delete_model(request, obj)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> None:
        # The "delete selected" action runs outside of any transaction: open one.
        with transaction.atomic():
            self._audit_deletions(request, list(queryset.select_related(None)))
            super().delete_queryset(request, queryset)

    def _audit_deletions(self, request: HttpRequest, objs: list[Model]) -> None:
        staff = _staff_member(request)
        AuditEvent.objects.bulk_create(
            _audit_event(
                staff, f"{_audit_name(type(obj))}.admin_delete", obj, None, before=_snapshot(obj)
            )
            for obj in objs
        )


def _form_events(
    staff: Member,
    obj: Model,
    form: Any,
    change: bool,
    groups: tuple[tuple[str, frozenset[str]], ...],
) -> list[AuditEvent]:
    names, before, after = _form_changes(form, change)
    name = _audit_name(type(obj))
    if not change:
        return [_audit_event(staff, f"{name}.admin_add", obj, after)]
    # One event per group of fields that changed, then one for the other fields.
    batches = [(action, [n for n in names if n in fields]) for action, fields in groups]
    grouped = {n for _, batch in batches for n in batch}
    batches.append(("admin_change", [n for n in names if n not in grouped]))
    return [
        _audit_event(
            staff,
            f"{name}.{action}",
            obj,
            {n: after[n] for n in batch},
            before={n: (before or {})[n] for n in batch},
        )
        for action, batch in batches
        if batch  # a save without a change writes nothing
    ]


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


# --- Members ----------------------------------------------------------------------------


@admin.register(Member)
class MemberAdmin(AuditedAdmin, UserAdmin):
    # Who may do what: a change of any of these is `member.change_role`.
    audit_groups = (
        (
            "change_role",
            frozenset(
                {
                    "role",
                    "is_committee_chair",
                    "is_staff",
                    "is_superuser",
                    "is_active",
                    "groups",
                    "user_permissions",
                }
            ),
        ),
    )
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
        role = _ROLE_OF_MEMBER_FIELD.get((source, request.GET.get("field_name", "")))
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
                _audit_event(
                    _staff_member(request),
                    "member.set_password",
                    member,
                    {"usable_password": member.has_usable_password()},
                ).save()
        return response

    def has_delete_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        # Deleting a member would cascade their votes behind the stored vote counts and
        # erase their history: deactivate them instead (is_active).
        return False


# --- Café -------------------------------------------------------------------------------


@admin.register(Category)
class CategoryAdmin(AuditedAdmin):
    list_display = ("name", "slug", "position", "accepts_threads")
    list_editable = ("position",)
    list_filter = ("accepts_threads",)
    search_fields = ("name", "slug")
    ordering = ("position", "id")
    prepopulated_fields = {"slug": ("name",)}


@admin.register(Thread)
class ThreadAdmin(AuditedAdmin, RoleLimitedAdmin):
    list_display = (
        "title",
        "category",
        "kind",
        "status",
        "author",
        "assigned_adviser",
        "is_pinned",
        "is_locked",
        _is_hidden,
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
    raw_id_fields = ("accepted_post",)
    # Timestamps feed the support response-time figures: set by the services, not by hand.
    # Hiding goes through the API (hideContent), which resolves flags and tells the author.
    readonly_fields = (
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
class PostAdmin(AuditedAdmin):
    list_display = (
        "__str__",
        "thread",
        "author",
        "created_at",
        "is_official",
        "is_internal",
        _is_hidden,
    )
    list_filter = ("is_official", "is_internal", HiddenFilter)
    list_select_related = ("thread", "author")
    search_fields = ("body", "author__username", "author__display_name", "thread__title")
    date_hierarchy = "created_at"
    ordering = ("-created_at", "-id")
    autocomplete_fields = ("thread", "author")

    def get_readonly_fields(self, request: HttpRequest, obj: Model | None = None) -> list[str]:
        # Hiding goes through the API (hideContent); an internal note stays internal (making
        # it public here would publish an adviser's note without anyone deciding to).
        readonly = ["created_at", "edited_at", *MODERATION_FIELDS, "is_internal"]
        if obj is not None:
            # Edits go through the API, which keeps the previous text as a PostRevision;
            # moderators hide a post rather than rewrite it.
            readonly += ["thread", "author", "body"]
        return readonly


@admin.register(PostRevision)
class PostRevisionAdmin(ReadOnlyAdmin):
    list_display = ("post", "edited_by", "created_at")
    list_select_related = ("post", "edited_by")
    search_fields = ("body", "edited_by__username")
    date_hierarchy = "created_at"
    ordering = ("-created_at", "-id")


# --- Labo -------------------------------------------------------------------------------


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
class SuggestionAdmin(AuditedAdmin):
    list_display = (
        "title",
        "status",
        "author",
        "vote_count",
        "target_period",
        "created_at",
        _is_hidden,
    )
    list_filter = ("status", HiddenFilter)
    list_select_related = ("author",)
    search_fields = ("title", "body", "author__username", "author__display_name")
    date_hierarchy = "created_at"
    ordering = ("-created_at", "-id")
    # The vote count equals the vote rows (services only); a status moves through the
    # API, which records the StatusChange and notifies followers; authorship is fixed.
    readonly_fields = (
        "author",
        "status",
        "duplicate_of",
        "vote_count",
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
        obj.updated_at = timezone.now()
        super().save_model(request, obj, form, change)
        # Its discussion thread opened with a copy of its title and text: an edit here
        # (often to take personal data out) must not leave the former words there.
        Thread.objects.filter(suggestion=obj).update(title=obj.title, body=obj.body)


@admin.register(StatusChange)
class StatusChangeAdmin(ReadOnlyAdmin):
    list_display = ("suggestion", "from_status", "to_status", "actor", "created_at")
    list_filter = ("to_status", "from_status")
    list_select_related = ("suggestion", "actor")
    search_fields = ("suggestion__title", "public_note", "actor__username")
    date_hierarchy = "created_at"
    ordering = ("-created_at", "-id")


@admin.register(Vote)
class VoteAdmin(ReadOnlyAdmin):
    list_display = ("member", "suggestion", "created_at")
    list_select_related = ("member", "suggestion")
    search_fields = ("member__username", "member__display_name", "suggestion__title")
    date_hierarchy = "created_at"
    ordering = ("-created_at", "-id")
    # The largest table: skip counting all of it on every filtered page.
    show_full_result_count = False


@admin.register(Follow)
class FollowAdmin(AuditedAdmin):
    list_display = ("member", "suggestion", "created_at")
    list_select_related = ("member", "suggestion")
    search_fields = ("member__username", "member__display_name", "suggestion__title")
    date_hierarchy = "created_at"
    ordering = ("-created_at", "-id")
    autocomplete_fields = ("member", "suggestion")


# --- Committee --------------------------------------------------------------------------


class AgendaItemInline(admin.TabularInline):
    model = AgendaItem
    extra = 0
    fields = ("position", "suggestion")
    autocomplete_fields = ("suggestion",)
    ordering = ("position", "id")


@admin.register(CommitteeMeeting)
class CommitteeMeetingAdmin(AuditedAdmin, RoleLimitedAdmin):
    list_display = ("title", "scheduled_for", "chair", "agenda_size")
    list_filter = ("scheduled_for",)
    list_select_related = ("chair",)
    search_fields = ("title",)
    date_hierarchy = "scheduled_for"
    ordering = ("-scheduled_for",)
    autocomplete_fields = ("chair",)
    inlines = (AgendaItemInline,)

    def get_queryset(self, request: HttpRequest) -> QuerySet[CommitteeMeeting]:
        return super().get_queryset(request).annotate(agenda_size=Count("agenda_items"))

    @admin.display(description="agenda items", ordering="agenda_size")
    def agenda_size(self, obj: Any) -> int:
        size: int = obj.agenda_size
        return size


@admin.register(AgendaItem)
class AgendaItemAdmin(AuditedAdmin):
    list_display = ("meeting", "position", "suggestion")
    list_filter = ("meeting",)
    list_select_related = ("meeting", "suggestion")
    search_fields = ("meeting__title", "suggestion__title")
    ordering = ("-meeting__scheduled_for", "position", "id")
    autocomplete_fields = ("meeting", "suggestion")


@admin.register(Evaluation)
class EvaluationAdmin(ReadOnlyAdmin):
    """Scores are a committee member's own judgement, given through the API."""

    list_display = (
        "suggestion",
        "meeting",
        "evaluator",
        "customer_benefit",
        "technical_feasibility",
        "cost",
        "time_to_deliver",
        "updated_at",
    )
    list_filter = ("meeting",)
    list_select_related = ("suggestion", "meeting", "evaluator")
    search_fields = ("suggestion__title", "evaluator__username", "evaluator__display_name")
    date_hierarchy = "created_at"
    ordering = ("-created_at", "-id")


@admin.register(Decision)
class DecisionAdmin(ReadOnlyAdmin):
    """Decisions are recorded and published by the chair through the API."""

    list_display = (
        "suggestion",
        "outcome",
        "meeting",
        "target_period",
        "recorded_by",
        "created_at",
        "published_at",
    )
    list_filter = ("outcome", PublishedFilter, "meeting")
    list_select_related = ("suggestion", "meeting", "recorded_by")
    search_fields = ("suggestion__title", "public_rationale", "target_period")
    date_hierarchy = "created_at"
    ordering = ("-created_at", "-id")


# --- Engagement and moderation ----------------------------------------------------------


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


@admin.register(Flag)
class FlagAdmin(AuditedAdmin):
    list_display = ("__str__", "reason", "target", "reporter", "created_at", "resolved_at")
    list_filter = (ResolvedFilter, "reason")
    list_select_related = ("reporter", "thread", "post", "suggestion", "resolved_by")
    search_fields = ("text", "reporter__username", "reporter__display_name")
    date_hierarchy = "created_at"
    ordering = ("-created_at", "-id")
    # A report is what the member wrote: it is read, and resolved with the action below.
    readonly_fields = (
        "reporter",
        "thread",
        "post",
        "suggestion",
        "reason",
        "text",
        "created_at",
        "resolved_at",
        "resolved_by",
    )
    actions = ("resolve_flags",)

    def has_add_permission(self, request: HttpRequest) -> bool:
        # Members flag content through the API.
        return False

    @admin.display(description="flagged content")
    def target(self, obj: Flag) -> Thread | Post | Suggestion | None:
        return obj.thread or obj.post or obj.suggestion

    @admin.action(description="Mark selected flags resolved", permissions=["change"])
    def resolve_flags(self, request: HttpRequest, queryset: QuerySet[Flag]) -> None:
        staff = _staff_member(request)
        now = timezone.now()
        with transaction.atomic():
            # Locked, so two staff acting at once act (and audit) once; without the
            # changelist's joins, which PostgreSQL cannot lock.
            flags = list(
                queryset.select_related(None).filter(resolved_at__isnull=True).select_for_update()
            )
            Flag.objects.filter(pk__in=[f.pk for f in flags]).update(
                resolved_at=now, resolved_by=staff
            )
            AuditEvent.objects.bulk_create(
                _audit_event(
                    staff,
                    "flag.resolve",
                    f,
                    {"resolved_at": _iso(now), "resolved_by": staff.pk},
                )
                for f in flags
            )
        self.message_user(request, f"{len(flags)} flag(s) marked resolved.", messages.SUCCESS)


# --- Partners and audit -----------------------------------------------------------------


class ApiTokenCreationForm(forms.ModelForm):
    scopes = forms.MultipleChoiceField(
        choices=TokenScope.choices, widget=forms.CheckboxSelectMultiple
    )

    class Meta:
        model = ApiToken
        fields = ("partner", "scopes", "expires_at")

    def clean_scopes(self) -> list[str]:
        # Stored in declaration order, so equal scope sets compare equal.
        chosen = set(self.cleaned_data["scopes"])
        return [scope for scope in TokenScope.values if scope in chosen]

    def clean_expires_at(self) -> datetime:
        expires_at: datetime = self.cleaned_data["expires_at"]
        if expires_at <= timezone.now():
            raise ValidationError("The expiry date must be in the future.")
        return expires_at


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    """Partner tokens: issued here, shown once, revoked (never deleted, never re-scoped: to
    change scopes or expiry, issue a new token and revoke the old one)."""

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
            super().save_model(request, obj, form, change)
            return
        staff = _staff_member(request)
        secret = obj.assign_new_secret()
        obj.created_by = staff
        obj.created_at = timezone.now()
        super().save_model(request, obj, form, change)
        # The admin runs the add view in one transaction: the event commits with the token.
        _audit_event(
            staff,
            "api_token.create",
            obj,
            {
                "partner": obj.partner,
                "prefix": obj.prefix,
                "scopes": obj.scopes,
                "expires_at": _iso(obj.expires_at),
            },
        ).save()
        messages.success(
            request,
            f"Secret of the token for {obj.partner}: {secret} — copy it now, "
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
        staff = _staff_member(request)
        now = timezone.now()
        with transaction.atomic():
            # Locked, so two staff acting at once act (and audit) once; without the
            # changelist's joins, which PostgreSQL cannot lock.
            tokens = list(
                queryset.select_related(None).filter(revoked_at__isnull=True).select_for_update()
            )
            ApiToken.objects.filter(pk__in=[t.pk for t in tokens]).update(revoked_at=now)
            AuditEvent.objects.bulk_create(
                _audit_event(staff, "api_token.revoke", t, {"revoked_at": _iso(now)})
                for t in tokens
            )
        self.message_user(request, f"{len(tokens)} token(s) revoked.", messages.SUCCESS)


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyAdmin):
    """The audit log is append-only: nobody, superusers included, edits or deletes it."""

    list_display = ("created_at", "actor", "action", "target_type", "target_id", "request_id")
    list_filter = ("action", "target_type")
    list_select_related = ("actor",)
    search_fields = ("action", "target_type", "target_id", "request_id", "actor__username")
    date_hierarchy = "created_at"
    ordering = ("-created_at", "-id")
    show_full_result_count = False
