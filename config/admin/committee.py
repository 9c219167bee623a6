"""The decision committee: meetings and their agendas, evaluations and decisions.

A meeting is scheduled through `meeting_schedule` (its window, its chair: the committee's)
and its agenda, edited inline, is set through `meeting_set_agenda` (shortlisted
suggestions, at most 50), as `scheduleCommitteeMeeting` and `setMeetingAgenda` do, with
the same audit events. Its date and chair are then read-only (no service moves a meeting);
its title is a plain edit. Scores and decisions are the committee's, given through the API.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import Count, Model, QuerySet
from django.http import HttpRequest

from models.models import AgendaItem, CommitteeMeeting, Decision, Evaluation
from resolvers.services.committee import meeting_schedule, meeting_set_agenda

from .base import BackOfficeAdmin, PublishedFilter, ReadOnlyAdmin, staff_member


class AgendaItemInline(admin.TabularInline):
    """The agenda, in the order of `position` (the service numbers it from 0 on save)."""

    model = AgendaItem
    extra = 0
    fields = ("position", "suggestion")
    autocomplete_fields = ("suggestion",)
    ordering = ("position", "id")


@admin.register(CommitteeMeeting)
class CommitteeMeetingAdmin(BackOfficeAdmin):
    masked_fields = ("title",)
    list_display = ("title", "scheduled_for", "chair", "agenda_size")
    list_filter = ("scheduled_for",)
    list_select_related = ("chair",)
    search_fields = ("title",)
    date_hierarchy = "scheduled_for"
    ordering = ("-scheduled_for",)
    inlines = (AgendaItemInline,)
    _set_by_scheduling = ("scheduled_for", "chair", "created_at")

    def get_fields(self, request: HttpRequest, obj: Model | None = None) -> tuple[str, ...]:
        return ("title", "scheduled_for") if obj is None else ("title", *self._set_by_scheduling)

    def get_readonly_fields(
        self, request: HttpRequest, obj: Model | None = None
    ) -> tuple[str, ...]:
        return () if obj is None else self._set_by_scheduling

    def get_queryset(self, request: HttpRequest) -> QuerySet[CommitteeMeeting]:
        return super().get_queryset(request).annotate(agenda_size=Count("agenda_items"))

    @admin.display(description="agenda items", ordering="agenda_size")
    def agenda_size(self, obj: Any) -> int:
        size: int = obj.agenda_size
        return size

    def save_model(
        self, request: HttpRequest, obj: CommitteeMeeting, form: Any, change: bool
    ) -> None:
        if change:
            super().save_model(request, obj, form, change)
            return
        meeting = meeting_schedule(
            actor=staff_member(request), scheduled_for=obj.scheduled_for, title=obj.title
        )
        # The admin goes on with its own instance (the agenda, the redirect): make it the
        # meeting the service created.
        for f in CommitteeMeeting._meta.concrete_fields:
            setattr(obj, f.attname, getattr(meeting, f.attname))
        obj._state = meeting._state

    def save_formset(self, request: HttpRequest, form: Any, formset: Any, change: bool) -> None:
        if formset.model is not AgendaItem:
            super().save_formset(request, form, formset, change)
            return
        if not formset.has_changed():
            return
        # (position, row on the page, suggestion) of the rows kept: the agenda in order.
        rows = sorted(
            (f.cleaned_data.get("position") or 0, i, f.cleaned_data["suggestion"].pk)
            for i, f in enumerate(formset.forms)
            if f not in formset.deleted_forms and f.cleaned_data.get("suggestion") is not None
        )
        meeting_set_agenda(
            actor=staff_member(request),
            meeting_id=form.instance.pk,
            suggestion_ids=[suggestion for _, _, suggestion in rows],
        )
        # The service replaced the rows: the admin's own history message names none of them
        # (the audit log has the agenda before and after).
        formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []


@admin.register(AgendaItem)
class AgendaItemAdmin(ReadOnlyAdmin):
    """Agendas are edited on their meeting's page (through the same service as the API)."""

    list_display = ("meeting", "position", "suggestion")
    list_filter = ("meeting",)
    list_select_related = ("meeting", "suggestion")
    search_fields = ("meeting__title", "suggestion__title")
    ordering = ("-meeting__scheduled_for", "position", "id")


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
