"""The audit trail: every staff action writes an AuditEvent in its own transaction, through
the API and through the back office; nobody edits or deletes one."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from django.contrib import admin
from django.db import connection
from django.db.utils import DatabaseError
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils import timezone

from models.models import (
    AgendaItem,
    AuditEvent,
    Category,
    CommitteeMeeting,
    Decision,
    Member,
    Role,
    Suggestion,
    SuggestionStatus,
    Thread,
)
from resolvers.services.audit import REDACTED
from schema import schema
from schema.core.ids import encode_id
from tests.conftest import GraphQLClient
from tests.factories import (
    AdviserFactory,
    CategoryFactory,
    PostFactory,
    SuggestionFactory,
    ThreadFactory,
    add_votes,
)

pytestmark = pytest.mark.django_db

S = SuggestionStatus
EVENT_FIELDS = ("actor_id", "action", "target_type", "target_id", "before", "after")


def _gid(obj: Any) -> str:
    return encode_id(type(obj).__name__, obj.pk)


def _iso(moment: datetime | None) -> str | None:
    return None if moment is None else moment.astimezone(UTC).isoformat()


class Staff:
    """A role-named client that keeps each response's request id."""

    def __init__(self, member: Member) -> None:
        self.member = member
        self.client = GraphQLClient(member)
        self.request_ids: list[str] = []

    def __call__(self, mutation: str, variables: dict[str, Any]) -> dict[str, Any]:
        response = self.client.post(mutation, variables)
        assert response.status_code == 200, response.content
        result: dict[str, Any] = response.json()
        assert "errors" not in result, result
        (payload,) = result["data"].values()
        assert payload["errors"] == [], payload
        self.request_ids.append(response["X-Request-Id"])
        return payload


def _events_since(first_id: int) -> list[tuple[Any, ...]]:
    return list(
        AuditEvent.objects.filter(id__gt=first_id)
        .order_by("id")
        .values_list(*EVENT_FIELDS, "request_id")
    )


def _last_event_id() -> int:
    return AuditEvent.objects.order_by("-id").values_list("id", flat=True).first() or 0


# --- Through the API --------------------------------------------------------------------


def test_every_staff_action_of_the_api_is_audited_with_its_request_id(
    adviser: Member, chair: Member, customer: Member, other_customer: Member
) -> None:
    julien, helene = Staff(adviser), Staff(chair)
    idea = SuggestionFactory.create(author=customer, title="Relevés en PDF")
    dup = SuggestionFactory.create(author=other_customer, title="Relevés PDF")
    add_votes(dup, [other_customer])
    thread = ThreadFactory.create(author=customer, kind="QUESTION")
    post = PostFactory.create(thread=thread, author=customer)
    start = _last_event_id()

    julien(
        "mutation($id: ID!) { changeSuggestionStatus(input: {suggestionId: $id, "
        'status: UNDER_REVIEW, publicNote: "À l\'étude."}) { errors { code } } }',
        {"id": _gid(idea)},
    )
    julien(
        "mutation($id: ID!, $o: ID!) { markSuggestionDuplicate(input: {suggestionId: $id, "
        "originalId: $o}) { errors { code } } }",
        {"id": _gid(dup), "o": _gid(idea)},
    )
    julien(
        "mutation($id: ID!) { changeSuggestionStatus(input: {suggestionId: $id, "
        "status: SHORTLISTED}) { errors { code } } }",
        {"id": _gid(idea)},
    )
    julien(
        'mutation($id: ID!) { hideContent(input: {contentId: $id, reason: "Hors sujet"}) '
        "{ errors { code } } }",
        {"id": _gid(post)},
    )
    post.refresh_from_db()
    hidden_at = _iso(post.hidden_at)
    julien(
        "mutation($id: ID!) { unhideContent(input: {contentId: $id}) { errors { code } } }",
        {"id": _gid(post)},
    )
    julien(
        "mutation($t: ID!, $a: ID!) { assignThread(input: {threadId: $t, adviserId: $a}) "
        "{ errors { code } } }",
        {"t": _gid(thread), "a": _gid(adviser)},
    )
    for verb in ("lockThread", "unlockThread", "closeThread", "reopenThread"):
        julien(
            f"mutation($t: ID!) {{ {verb}(input: {{threadId: $t}}) {{ errors {{ code }} }} }}",
            {"t": _gid(thread)},
        )
    when = (timezone.now() + timedelta(days=10)).replace(microsecond=0)
    scheduled = julien(
        "mutation($at: DateTime!) { scheduleCommitteeMeeting(input: {scheduledFor: $at, "
        'title: "Comité de juin"}) { meeting { id } errors { code } } }',
        {"at": when.isoformat()},
    )
    meeting = CommitteeMeeting.objects.get()
    assert scheduled["meeting"]["id"] == _gid(meeting)
    julien(
        "mutation($m: ID!, $s: [ID!]!) { setMeetingAgenda(input: {meetingId: $m, "
        "suggestionIds: $s}) { errors { code } } }",
        {"m": _gid(meeting), "s": [_gid(idea)]},
    )
    record = (
        "mutation($s: ID!, $m: ID!, $o: DecisionOutcome!, $p: String!, $r: String!) { "
        "recordDecision(input: {suggestionId: $s, meetingId: $m, outcome: $o, "
        "targetPeriod: $p, publicRationale: $r}) { decision { id } errors { code } } }"
    )
    helene(
        record, {"s": _gid(idea), "m": _gid(meeting), "o": "DEFERRED", "p": "", "r": "Plus tard."}
    )
    helene(record, {"s": _gid(idea), "m": _gid(meeting), "o": "RETAINED", "p": "2027 Q1", "r": ""})
    decision = Decision.objects.get()
    helene(
        "mutation($d: ID!) { publishDecision(input: {decisionId: $d}) { errors { code } } }",
        {"d": _gid(decision)},
    )
    decision.refresh_from_db()
    thread.refresh_from_db()

    a, c = adviser.pk, chair.pk
    rid = julien.request_ids
    hid = helene.request_ids
    thread_state = {"status": "OPEN", "accepted_post": None, "resolved_at": None}
    assert _events_since(start) == [
        (
            a,
            "suggestion.change_status",
            "Suggestion",
            str(idea.pk),
            {"status": "SUBMITTED"},
            {"status": "UNDER_REVIEW", "public_note": "À l'étude."},
            rid[0],
        ),
        (
            a,
            "suggestion.change_status",
            "Suggestion",
            str(dup.pk),
            {"status": "SUBMITTED"},
            {"status": "DUPLICATE", "public_note": "Fusionnée avec une autre idée."},
            rid[1],
        ),
        (
            a,
            "suggestion.mark_duplicate",
            "Suggestion",
            str(dup.pk),
            {"status": "SUBMITTED"},
            {"duplicate_of": idea.pk, "votes_moved": 1},
            rid[1],
        ),
        (
            a,
            "suggestion.change_status",
            "Suggestion",
            str(idea.pk),
            {"status": "UNDER_REVIEW"},
            {"status": "SHORTLISTED", "public_note": ""},
            rid[2],
        ),
        (
            a,
            "content.hide",
            "Post",
            str(post.pk),
            {"hidden_at": None, "hidden_by": None, "hidden_reason": ""},
            {"hidden_at": hidden_at, "hidden_by": a, "hidden_reason": "Hors sujet"},
            rid[3],
        ),
        (
            a,
            "content.unhide",
            "Post",
            str(post.pk),
            {"hidden_at": hidden_at, "hidden_by": a, "hidden_reason": "Hors sujet"},
            {"hidden_at": None, "hidden_by": None, "hidden_reason": ""},
            rid[4],
        ),
        (
            a,
            "thread.assign",
            "Thread",
            str(thread.pk),
            {"assigned_adviser": None},
            {"assigned_adviser": a},
            rid[5],
        ),
        (
            a,
            "thread.lock",
            "Thread",
            str(thread.pk),
            {"is_locked": False},
            {"is_locked": True},
            rid[6],
        ),
        (
            a,
            "thread.unlock",
            "Thread",
            str(thread.pk),
            {"is_locked": True},
            {"is_locked": False},
            rid[7],
        ),
        (
            a,
            "thread.close",
            "Thread",
            str(thread.pk),
            thread_state,
            {**thread_state, "status": "CLOSED"},
            rid[8],
        ),
        (
            a,
            "thread.reopen",
            "Thread",
            str(thread.pk),
            {**thread_state, "status": "CLOSED"},
            thread_state,
            rid[9],
        ),
        (
            a,
            "meeting.schedule",
            "CommitteeMeeting",
            str(meeting.pk),
            None,
            {"title": "Comité de juin", "scheduled_for": meeting.scheduled_for.isoformat()},
            rid[10],
        ),
        (
            a,
            "meeting.set_agenda",
            "CommitteeMeeting",
            str(meeting.pk),
            {"agenda": []},
            {"agenda": [idea.pk]},
            rid[11],
        ),
        (
            c,
            "decision.record",
            "Decision",
            str(decision.pk),
            None,
            {"suggestion": idea.pk, "outcome": "DEFERRED", "target_period": ""},
            hid[0],
        ),
        (
            c,
            "decision.record",
            "Decision",
            str(decision.pk),
            {"outcome": "DEFERRED", "target_period": ""},
            {"suggestion": idea.pk, "outcome": "RETAINED", "target_period": "2027 Q1"},
            hid[1],
        ),
        (
            c,
            "suggestion.change_status",
            "Suggestion",
            str(idea.pk),
            {"status": "SHORTLISTED"},
            {"status": "RETAINED", "public_note": "Retenue par le comité."},
            hid[2],
        ),
        (
            c,
            "decision.publish",
            "Decision",
            str(decision.pk),
            None,
            {"outcome": "RETAINED", "published_at": _iso(decision.published_at)},
            hid[2],
        ),
    ]
    # One id per request, as the response said.
    assert len(set(rid + hid)) == len(rid + hid)


def test_an_action_that_fails_leaves_no_event(
    chair: Member, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The event is written in the action's transaction: what rolls back the one rolls back
    the other."""
    idea = SuggestionFactory.create(status=S.SHORTLISTED)
    decision = Decision.objects.create(
        suggestion=idea, outcome="RETAINED", target_period="2027 Q1", recorded_by=chair
    )

    def broken(**_: Any) -> None:
        raise RuntimeError("the notification queue is down")

    monkeypatch.setattr("resolvers.services.committee.notify", broken)
    result = GraphQLClient(chair)(
        "mutation($d: ID!) { publishDecision(input: {decisionId: $d}) { errors { code } } }",
        {"d": _gid(decision)},
    )
    assert result["errors"][0]["extensions"] == {"code": "INTERNAL"}
    decision.refresh_from_db()
    idea.refresh_from_db()
    assert (decision.published_at, idea.status) == (None, S.SHORTLISTED)
    assert AuditEvent.objects.count() == 0


def test_customers_actions_are_not_staff_actions(customer_client: GraphQLClient) -> None:
    customer_client(
        'mutation { submitSuggestion(input: {title: "Virements instantanés gratuits", '
        'body: "Sans frais, comme ailleurs."}) { errors { code } } }'
    )
    assert Suggestion.objects.count() == 1
    assert AuditEvent.objects.count() == 0


# --- Through the back office ------------------------------------------------------------


@pytest.fixture
def superuser(db: None) -> Member:
    return AdviserFactory.create(username="admin", is_staff=True, is_superuser=True)


@pytest.fixture
def back_office(superuser: Member) -> Client:
    client = Client()
    client.force_login(superuser)
    return client


def _url(model: type[Any], view: str, *args: object) -> str:
    return reverse(f"admin:community_{model._meta.model_name}_{view}", args=args)


def _member_form(member: Member, **changes: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "username": member.username,
        "display_name": member.display_name,
        "role": member.role,
        "customer_number": member.customer_number or "",
        "is_committee_chair": "on" if member.is_committee_chair else "",
        "first_name": member.first_name,
        "last_name": member.last_name,
        "email": member.email,
        "is_active": "on" if member.is_active else "",
        "is_staff": "on" if member.is_staff else "",
        "is_superuser": "on" if member.is_superuser else "",
        "groups": [],
        "user_permissions": [],
    }
    data.update(changes)
    return {k: v for k, v in data.items() if v != ""}


def test_a_role_change_in_the_admin_is_audited(
    back_office: Client, superuser: Member, adviser: Member
) -> None:
    response = back_office.post(
        _url(Member, "change", adviser.pk),
        _member_form(adviser, is_staff="on", display_name="Julien M.", email="j@bank.test"),
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    adviser.refresh_from_db()
    assert (adviser.is_staff, adviser.display_name) == (True, "Julien M.")
    assert list(AuditEvent.objects.order_by("id").values_list(*EVENT_FIELDS)) == [
        (
            superuser.pk,
            "member.change_role",
            "Member",
            str(adviser.pk),
            {"is_staff": False},
            {"is_staff": True},
        ),
        (
            superuser.pk,
            "member.admin_change",
            "Member",
            str(adviser.pk),
            # Personal data: that it changed, never its value.
            {"display_name": "Julien (conseiller)", "email": REDACTED},
            {"display_name": "Julien M.", "email": REDACTED},
        ),
    ]


def test_every_role_field_is_a_role_change(
    back_office: Client, superuser: Member, committee_member: Member
) -> None:
    changes = {
        "role": Role.ADVISER,
        "is_committee_chair": "",
        "is_staff": "on",
        "is_superuser": "on",
        "is_active": "",
    }
    form = _member_form(committee_member, is_committee_chair="on")
    form.pop("is_committee_chair")
    form.update({k: v for k, v in changes.items() if v})
    form.pop("is_active")
    response = back_office.post(_url(Member, "change", committee_member.pk), form)
    assert response.status_code == 302, response.context["adminform"].form.errors
    event = AuditEvent.objects.get()
    assert (event.action, event.before, event.after) == (
        "member.change_role",
        {"role": "COMMITTEE", "is_staff": False, "is_superuser": False, "is_active": True},
        {"role": "ADVISER", "is_staff": True, "is_superuser": True, "is_active": False},
    )


def test_saving_a_member_unchanged_writes_nothing(back_office: Client, adviser: Member) -> None:
    response = back_office.post(_url(Member, "change", adviser.pk), _member_form(adviser))
    assert response.status_code == 302
    assert AuditEvent.objects.count() == 0


def test_a_refused_change_writes_nothing(
    back_office: Client, chair: Member, committee_member: Member
) -> None:
    # A second chair: the form refuses it (the database's single-chair index).
    response = back_office.post(
        _url(Member, "change", committee_member.pk),
        _member_form(committee_member, is_committee_chair="on"),
    )
    assert response.status_code == 200
    assert AuditEvent.objects.count() == 0


def test_a_member_added_in_the_admin_is_audited(back_office: Client, superuser: Member) -> None:
    response = back_office.post(
        _url(Member, "add"),
        {
            "username": "paul",
            "usable_password": "false",
            "display_name": "Paul (conseiller)",
            "role": Role.ADVISER,
            "email": "paul@bank.test",
        },
    )
    assert response.status_code == 302
    paul = Member.objects.get(username="paul")
    assert list(AuditEvent.objects.values_list(*EVENT_FIELDS)) == [
        (
            superuser.pk,
            "member.admin_add",
            "Member",
            str(paul.pk),
            None,
            {
                "username": "paul",
                "display_name": "Paul (conseiller)",
                "role": "ADVISER",
                "customer_number": REDACTED,
                "is_committee_chair": False,
                "email": REDACTED,
            },
        )
    ]


def test_setting_a_password_in_the_admin_is_audited_without_it(
    back_office: Client, superuser: Member, customer: Member
) -> None:
    url = reverse("admin:auth_user_password_change", args=(customer.pk,))
    response = back_office.post(
        url,
        {
            "usable_password": "true",
            "password1": "un tout nouveau mot de passe 9",
            "password2": "un tout nouveau mot de passe 9",
        },
    )
    assert response.status_code == 302
    assert list(AuditEvent.objects.values_list(*EVENT_FIELDS)) == [
        (
            superuser.pk,
            "member.set_password",
            "Member",
            str(customer.pk),
            None,
            {"usable_password": True},
        )
    ]
    assert "nouveau" not in json.dumps(list(AuditEvent.objects.values("before", "after")))


def test_back_office_edits_of_content_are_audited(
    back_office: Client, superuser: Member, customer: Member, adviser: Member
) -> None:
    """A plain field is a generic edit; locking and assigning are the API's services, with
    their own events (after the generic one: the plain fields are saved first)."""
    category = CategoryFactory.create(name="Questions & support", slug="questions")
    thread = ThreadFactory.create(author=customer, category=category, title="Carte bloquée")
    url = _url(Thread, "change", thread.pk)
    form = {
        "category": category.pk,
        "kind": thread.kind,
        "title": "Carte bloquée à l'étranger",
        "body": thread.body,
        "author": customer.pk,
        "assigned_adviser": adviser.pk,
        "is_locked": "on",
    }
    response = back_office.post(url, form)
    assert response.status_code == 302, response.context["adminform"].form.errors
    thread.refresh_from_db()
    assert (thread.title, thread.assigned_adviser, thread.is_locked) == (
        "Carte bloquée à l'étranger",
        adviser,
        True,
    )
    target = ("Thread", str(thread.pk))
    assert list(AuditEvent.objects.order_by("id").values_list(*EVENT_FIELDS)) == [
        (
            superuser.pk,
            "thread.admin_change",
            *target,
            {"title": "Carte bloquée"},
            {"title": "Carte bloquée à l'étranger"},
        ),
        (
            superuser.pk,
            "thread.assign",
            *target,
            {"assigned_adviser": None},
            {"assigned_adviser": adviser.pk},
        ),
        (superuser.pk, "thread.lock", *target, {"is_locked": False}, {"is_locked": True}),
    ]


def test_a_suggestions_text_corrected_in_the_admin_is_audited(
    back_office: Client, superuser: Member, customer: Member
) -> None:
    suggestion = SuggestionFactory.create(author=customer, title="Relevés", body="Mon IBAN FR76")
    url = _url(Suggestion, "change", suggestion.pk)
    data = {
        f"{prefix}-{key}": value
        for prefix in ("status_changes", "decisions")
        for key, value in (
            ("TOTAL_FORMS", "0"),
            ("INITIAL_FORMS", "0"),
            ("MIN_NUM_FORMS", "0"),
            ("MAX_NUM_FORMS", "1000"),
        )
    }
    response = back_office.post(url, data | {"title": "Relevés", "body": "Mon IBAN (retiré)"})
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert list(AuditEvent.objects.values_list(*EVENT_FIELDS)) == [
        (
            superuser.pk,
            "suggestion.edit",
            "Suggestion",
            str(suggestion.pk),
            {"body": "Mon IBAN FR76"},
            {"body": "Mon IBAN (retiré)"},
        )
    ]
    # The same text again writes nothing.
    response = back_office.post(url, data | {"title": "Relevés", "body": "Mon IBAN (retiré)"})
    assert response.status_code == 302
    assert AuditEvent.objects.count() == 1


def test_agenda_rows_edited_inline_go_through_the_agenda_service(
    back_office: Client, superuser: Member, chair: Member
) -> None:
    """The inline rows are the agenda `setMeetingAgenda` sets: one `meeting.set_agenda`
    event with the agenda before and after, in the order of the positions."""
    now = timezone.now().replace(microsecond=0)
    meeting = CommitteeMeeting.objects.create(
        title="Comité de mars", chair=chair, scheduled_for=now + timedelta(days=3), created_at=now
    )
    kept = SuggestionFactory.create(status=S.SHORTLISTED)
    dropped = SuggestionFactory.create(status=S.SHORTLISTED)
    added = SuggestionFactory.create(status=S.SHORTLISTED)
    item_kept = AgendaItem.objects.create(meeting=meeting, suggestion=kept, position=1)
    item_dropped = AgendaItem.objects.create(meeting=meeting, suggestion=dropped, position=2)
    prefix = "agenda_items"
    response = back_office.post(
        _url(CommitteeMeeting, "change", meeting.pk),
        {
            "title": meeting.title,
            f"{prefix}-TOTAL_FORMS": "3",
            f"{prefix}-INITIAL_FORMS": "2",
            f"{prefix}-MIN_NUM_FORMS": "0",
            f"{prefix}-MAX_NUM_FORMS": "1000",
            f"{prefix}-0-id": item_kept.pk,
            f"{prefix}-0-meeting": meeting.pk,
            f"{prefix}-0-position": "2",
            f"{prefix}-0-suggestion": kept.pk,
            f"{prefix}-1-id": item_dropped.pk,
            f"{prefix}-1-meeting": meeting.pk,
            f"{prefix}-1-position": "2",
            f"{prefix}-1-suggestion": dropped.pk,
            f"{prefix}-1-DELETE": "on",
            f"{prefix}-2-meeting": meeting.pk,
            f"{prefix}-2-position": "1",
            f"{prefix}-2-suggestion": added.pk,
        },
    )
    assert response.status_code == 302, [
        (f.formset.errors, f.formset.non_form_errors())
        for f in response.context["inline_admin_formsets"]
    ] + [response.context["adminform"].form.errors]
    assert list(
        AgendaItem.objects.filter(meeting=meeting).values_list("position", "suggestion")
    ) == [(0, added.pk), (1, kept.pk)]
    assert list(AuditEvent.objects.values_list(*EVENT_FIELDS)) == [
        (
            superuser.pk,
            "meeting.set_agenda",
            "CommitteeMeeting",
            str(meeting.pk),
            {"agenda": [kept.pk, dropped.pk]},
            {"agenda": [added.pk, kept.pk]},
        )
    ]


def test_deletions_in_the_back_office_are_audited(
    back_office: Client, superuser: Member, customer: Member
) -> None:
    first = CategoryFactory.create(name="Discussions", slug="discussions", position=2)
    second = CategoryFactory.create(name="Hors sujet", slug="hors-sujet", position=3)
    response = back_office.post(
        _url(Category, "changelist"),
        {"action": "delete_selected", "_selected_action": [first.pk, second.pk], "post": "yes"},
    )
    assert response.status_code == 302
    thread = ThreadFactory.create(author=customer, title="Doublon à supprimer")
    response = back_office.post(_url(Thread, "delete", thread.pk), {"post": "yes"})
    assert response.status_code == 302
    assert not Thread.objects.filter(pk=thread.pk).exists()
    events = list(AuditEvent.objects.order_by("id").values_list(*EVENT_FIELDS))
    assert [e[:4] for e in events] == [
        (superuser.pk, "category.admin_delete", "Category", str(first.pk)),
        (superuser.pk, "category.admin_delete", "Category", str(second.pk)),
        (superuser.pk, "thread.admin_delete", "Thread", str(thread.pk)),
    ]
    assert events[0][4] == {
        "name": "Discussions",
        "slug": "discussions",
        "description": first.description,
        "position": 2,
        "accepts_threads": first.accepts_threads,
    }
    assert events[2][4]["title"] == "Doublon à supprimer"
    assert events[2][4]["author"] == customer.pk
    assert all(e[5] is None for e in events)


def test_list_editable_changes_are_audited(back_office: Client, superuser: Member) -> None:
    category = CategoryFactory.create(name="Le Labo", slug="labo", position=3)
    response = back_office.post(
        _url(Category, "changelist"),
        {
            "form-TOTAL_FORMS": "1",
            "form-INITIAL_FORMS": "1",
            "form-MIN_NUM_FORMS": "0",
            "form-MAX_NUM_FORMS": "1000",
            "form-0-id": category.pk,
            "form-0-position": "1",
            "_save": "Save",
        },
    )
    assert response.status_code == 302
    assert list(AuditEvent.objects.values_list(*EVENT_FIELDS)) == [
        (
            superuser.pk,
            "category.admin_change",
            "Category",
            str(category.pk),
            {"position": 3},
            {"position": 1},
        )
    ]


# --- Read-only, append-only -------------------------------------------------------------


@pytest.fixture
def event(adviser: Member) -> AuditEvent:
    thread = ThreadFactory.create()
    return AuditEvent.objects.create(
        actor=adviser, action="thread.lock", target_type="Thread", target_id=str(thread.pk)
    )


def test_the_admin_shows_the_log_and_nothing_more(
    back_office: Client, superuser: Member, event: AuditEvent
) -> None:
    model_admin = admin.site._registry[AuditEvent]
    request = RequestFactory().get("/admin/")
    request.user = superuser
    assert model_admin.has_view_permission(request, event) is True
    assert model_admin.has_add_permission(request) is False
    assert model_admin.has_change_permission(request, event) is False
    assert model_admin.has_delete_permission(request, event) is False
    assert model_admin.get_actions(request) == {}
    assert back_office.get(_url(AuditEvent, "changelist")).status_code == 200
    page = back_office.get(_url(AuditEvent, "change", event.pk))
    assert page.status_code == 200
    assert b'type="submit"' not in page.content.split(b'id="content-main"')[1].split(b"</form>")[0]
    assert back_office.get(_url(AuditEvent, "add")).status_code == 403
    assert (
        back_office.post(_url(AuditEvent, "change", event.pk), {"action": "x"}).status_code == 403
    )
    assert (
        back_office.post(_url(AuditEvent, "delete", event.pk), {"post": "yes"}).status_code == 403
    )
    event.refresh_from_db()
    assert event.action == "thread.lock"


def test_the_application_cannot_rewrite_an_event(event: AuditEvent) -> None:
    event.action = "thread.unlock"
    with pytest.raises(PermissionError):
        event.save()
    with pytest.raises(PermissionError):
        event.delete()
    with pytest.raises(PermissionError):
        AuditEvent.objects.filter(pk=event.pk).update(action="x")
    with pytest.raises(PermissionError):
        AuditEvent.objects.filter(pk=event.pk).delete()
    assert AuditEvent.objects.get(pk=event.pk).action == "thread.lock"


@pytest.mark.postgres_only
def test_the_database_refuses_raw_rewrites(event: AuditEvent) -> None:
    for statement in (
        "UPDATE community_auditevent SET action = 'x' WHERE id = %s",
        "DELETE FROM community_auditevent WHERE id = %s",
    ):
        with pytest.raises(DatabaseError), connection.cursor() as cursor:
            cursor.execute("SAVEPOINT raw")
            try:
                cursor.execute(statement, [event.pk])
            finally:
                cursor.execute("ROLLBACK TO SAVEPOINT raw")
    assert AuditEvent.objects.get(pk=event.pk).action == "thread.lock"


def test_the_api_exposes_no_way_to_write_the_log() -> None:
    mutations = schema.get_type_by_name("Mutation")
    assert mutations is not None
    names = [f.name for f in mutations.fields]  # type: ignore[union-attr]
    assert not [n for n in names if "audit" in n.lower()]
    assert schema.get_type_by_name("AuditEvent") is None
