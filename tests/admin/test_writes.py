"""The back office writes through the services of the API (DESIGN §8.15): the same action,
once through /graphql (or the management command, for partner tokens) and once through the
admin's forms and actions, writes the same audit events (actor, action, target, before and
after), and the admin refuses what the service refuses, with its message, writing nothing."""

from __future__ import annotations

import io
import re
from collections.abc import Callable, Mapping, Sequence
from datetime import datetime, timedelta
from typing import Any

import pytest
from django.core.management import call_command
from django.db.models import Model
from django.test import Client
from django.utils import timezone

from models.models import (
    AgendaItem,
    ApiToken,
    AuditEvent,
    CommitteeMeeting,
    Flag,
    FlagReason,
    Member,
    Post,
    SuggestionStatus,
    Thread,
    ThreadStatus,
    TokenScope,
)
from tests.admin.pages import admin_url, thread_form
from tests.factories import (
    AdviserFactory,
    CommitteeFactory,
    PostFactory,
    SuggestionFactory,
    ThreadFactory,
)
from tests.graphql import GraphQLClient, gid

pytestmark = pytest.mark.django_db

Event = tuple[Any, ...]


@pytest.fixture
def now(monkeypatch: pytest.MonkeyPatch) -> datetime:
    """One instant for both paths, so the instants they record compare equal."""
    frozen = timezone.now().replace(microsecond=0)
    monkeypatch.setattr(timezone, "now", lambda: frozen)
    return frozen


@pytest.fixture
def staff(db: None) -> Member:
    """An adviser who also runs the back office, acting through both."""
    return AdviserFactory.create(username="nadia", is_staff=True, is_superuser=True)


@pytest.fixture
def api(staff: Member) -> GraphQLClient:
    return GraphQLClient(staff)


@pytest.fixture
def back_office(staff: Member) -> Client:
    client = Client()
    client.force_login(staff)
    return client


def _mutate(api: GraphQLClient, document: str, variables: dict[str, Any]) -> dict[str, Any]:
    result = api(document, variables)
    assert "errors" not in result, result
    (payload,) = result["data"].values()
    assert payload["errors"] == [], payload
    return payload


def _events(run: Callable[[], object], targets: Mapping[Any, str]) -> list[Event]:
    """The audit events `run` writes, each target named by its label in `targets`."""
    first = AuditEvent.objects.order_by("-id").values_list("id", flat=True).first() or 0
    run()
    names = {(type(obj).__name__, str(obj.pk)): label for obj, label in targets.items()}
    return [
        (actor, action, names.get((kind, pk), f"{kind}:{pk}"), before, after)
        for actor, action, kind, pk, before, after in AuditEvent.objects.filter(id__gt=first)
        .order_by("id")
        .values_list("actor_id", "action", "target_type", "target_id", "before", "after")
    ]


def _messages(response: Any) -> list[str]:
    return [str(m) for m in response.context["messages"]]


def _change_thread(back_office: Client, thread: Thread, **changes: Any) -> None:
    response = back_office.post(
        admin_url(Thread, "change", thread.pk), thread_form(thread, **changes)
    )
    assert response.status_code == 302, response.context["adminform"].form.errors


def _act(back_office: Client, model: type[Model], action: str, rows: list[Model]) -> list[str]:
    response = back_office.post(
        admin_url(model, "changelist"),
        {"action": action, "_selected_action": [row.pk for row in rows]},
        follow=True,
    )
    assert response.status_code == 200
    return _messages(response)


# --- The café ------------------------------------------------------------------------------


def test_locking_and_unlocking_a_thread(
    api: GraphQLClient, back_office: Client, staff: Member, now: datetime
) -> None:
    through_api, in_admin = ThreadFactory.create(), ThreadFactory.create()

    def lock_api(verb: str) -> Callable[[], object]:
        document = (
            f"mutation($t: ID!) {{ {verb}(input: {{threadId: $t}}) {{ errors {{ code }} }} }}"
        )
        return lambda: _mutate(api, document, {"t": gid(through_api)})

    api_events = _events(lock_api("lockThread"), {through_api: "thread"}) + _events(
        lock_api("unlockThread"), {through_api: "thread"}
    )
    admin_events = _events(
        lambda: _change_thread(back_office, in_admin, is_locked="on"), {in_admin: "thread"}
    ) + _events(lambda: _change_thread(back_office, in_admin, is_locked=""), {in_admin: "thread"})
    assert (
        admin_events
        == api_events
        == [
            (staff.pk, "thread.lock", "thread", {"is_locked": False}, {"is_locked": True}),
            (staff.pk, "thread.unlock", "thread", {"is_locked": True}, {"is_locked": False}),
        ]
    )
    # Each back-office event carries the id of its own request (the X-Request-ID of its
    # response, config/observability.py), never another's.
    ids = AuditEvent.objects.filter(target_id=str(in_admin.pk)).values_list("request_id", flat=True)
    assert len(set(ids)) == 2
    assert all(re.fullmatch(r"[0-9a-f]{32}", rid) for rid in ids)


def test_assigning_and_unassigning_a_thread(
    api: GraphQLClient, back_office: Client, staff: Member, adviser: Member, now: datetime
) -> None:
    through_api, in_admin = ThreadFactory.create(), ThreadFactory.create()
    document = (
        "mutation($t: ID!, $a: ID) { assignThread(input: {threadId: $t, adviserId: $a}) "
        "{ errors { code } } }"
    )
    api_events = _events(
        lambda: _mutate(api, document, {"t": gid(through_api), "a": gid(adviser)}),
        {through_api: "thread"},
    ) + _events(
        lambda: _mutate(api, document, {"t": gid(through_api), "a": None}),
        {through_api: "thread"},
    )
    admin_events = _events(
        lambda: _change_thread(back_office, in_admin, assigned_adviser=adviser.pk),
        {in_admin: "thread"},
    ) + _events(
        lambda: _change_thread(back_office, in_admin, assigned_adviser=""), {in_admin: "thread"}
    )
    assert (
        admin_events
        == api_events
        == [
            (
                staff.pk,
                "thread.assign",
                "thread",
                {"assigned_adviser": None},
                {"assigned_adviser": adviser.pk},
            ),
            (
                staff.pk,
                "thread.assign",
                "thread",
                {"assigned_adviser": adviser.pk},
                {"assigned_adviser": None},
            ),
        ]
    )


def test_closing_and_reopening_threads(
    api: GraphQLClient, back_office: Client, staff: Member, adviser: Member, now: datetime
) -> None:
    """Reopening answers as the API does: a question an adviser answered is ANSWERED."""
    pairs = []
    for _ in range(2):
        answered = ThreadFactory.create(kind="QUESTION", status=ThreadStatus.ANSWERED)
        answered.first_response_at = now - timedelta(hours=1)
        answered.save()
        PostFactory.create(thread=answered, author=adviser, is_official=True)
        pairs.append((answered, ThreadFactory.create(kind="DISCUSSION")))
    (api_question, api_discussion), (admin_question, admin_discussion) = pairs
    api_targets = {api_question: "question", api_discussion: "discussion"}
    admin_targets = {admin_question: "question", admin_discussion: "discussion"}

    def through_api(verb: str) -> Callable[[], object]:
        document = (
            f"mutation($t: ID!) {{ {verb}(input: {{threadId: $t}}) {{ errors {{ code }} }} }}"
        )
        return lambda: [
            _mutate(api, document, {"t": gid(t)}) for t in (api_question, api_discussion)
        ]

    def in_admin(action: str, expected: str) -> Callable[[], object]:
        def run() -> None:
            rows: list[Model] = [admin_question, admin_discussion]
            assert _act(back_office, Thread, action, rows) == [expected]

        return run

    api_events = _events(through_api("closeThread"), api_targets) + _events(
        through_api("reopenThread"), api_targets
    )
    admin_events = _events(
        in_admin("close_threads", "2 thread(s) closed."), admin_targets
    ) + _events(in_admin("reopen_threads", "2 thread(s) reopened."), admin_targets)

    def state(status: str) -> dict[str, Any]:
        return {"status": status, "accepted_post": None, "resolved_at": None}

    assert (
        admin_events
        == api_events
        == [
            (staff.pk, "thread.close", "question", state("ANSWERED"), state("CLOSED")),
            (staff.pk, "thread.close", "discussion", state("OPEN"), state("CLOSED")),
            (staff.pk, "thread.reopen", "question", state("CLOSED"), state("ANSWERED")),
            (staff.pk, "thread.reopen", "discussion", state("CLOSED"), state("OPEN")),
        ]
    )
    # Closing a closed thread again changes nothing, as a retried request does.
    closed = ThreadFactory.create(status=ThreadStatus.CLOSED)
    assert (
        _events(lambda: _act(back_office, Thread, "close_threads", [closed]), {closed: "closed"})
        == []
    )


# --- Moderation ----------------------------------------------------------------------------


def test_resolving_flags(
    api: GraphQLClient,
    back_office: Client,
    staff: Member,
    customer: Member,
    other_customer: Member,
    now: datetime,
) -> None:
    """Hiding a reply resolves its open flags through the API; the back office resolves
    flags without hiding anything. Either way each flag is `flag.resolve`, alike."""
    hidden, kept = PostFactory.create(), PostFactory.create()

    def report(post: Post) -> list[Flag]:
        return [
            Flag.objects.create(reporter=reporter, post=post, reason=FlagReason.SPAM)
            for reporter in (customer, other_customer)
        ]

    api_flags, admin_flags = report(hidden), report(kept)
    document = (
        'mutation($id: ID!) { hideContent(input: {contentId: $id, reason: "Publicité"}) '
        "{ errors { code } } }"
    )
    api_events = _events(
        lambda: _mutate(api, document, {"id": gid(hidden)}),
        {hidden: "post", api_flags[0]: "first flag", api_flags[1]: "second flag"},
    )
    admin_events = _events(
        lambda: _act(back_office, Flag, "resolve_flags", list(admin_flags)),
        {admin_flags[0]: "first flag", admin_flags[1]: "second flag"},
    )
    resolved = {"resolved_at": now.isoformat(), "resolved_by": staff.pk}
    assert (
        admin_events
        == [e for e in api_events if e[1] == "flag.resolve"]
        == [
            (staff.pk, "flag.resolve", "first flag", None, resolved),
            (staff.pk, "flag.resolve", "second flag", None, resolved),
        ]
    )
    assert [e[1] for e in api_events] == ["content.hide", "flag.resolve", "flag.resolve"]
    assert set(Flag.objects.values_list("resolved_at", "resolved_by")) == {(now, staff.pk)}
    # Resolved flags stay as they are: a second click resolves (and audits) nothing.
    assert _act(back_office, Flag, "resolve_flags", list(admin_flags)) == [
        "0 flag(s) marked resolved."
    ]
    assert AuditEvent.objects.count() == 5


# --- The committee -------------------------------------------------------------------------


def _meeting_form(
    title: str, at: datetime, agenda: list[Model], items: Sequence[AgendaItem] = ()
) -> dict[str, Any]:
    """The add or change form of a meeting: `items` the rows it shows, `agenda` the
    suggestions it sends, in order."""
    local = timezone.localtime(at)
    prefix = "agenda_items"
    data: dict[str, Any] = {
        "title": title,
        "scheduled_for_0": local.strftime("%d/%m/%Y"),
        "scheduled_for_1": local.strftime("%H:%M:%S"),
        f"{prefix}-TOTAL_FORMS": str(max(len(agenda), len(items))),
        f"{prefix}-INITIAL_FORMS": str(len(items)),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }
    for i in range(max(len(agenda), len(items))):
        if i < len(items):
            data[f"{prefix}-{i}-id"] = items[i].pk
        if i < len(agenda):
            data |= {f"{prefix}-{i}-position": str(i), f"{prefix}-{i}-suggestion": agenda[i].pk}
        else:
            data |= {
                f"{prefix}-{i}-position": str(items[i].position),
                f"{prefix}-{i}-suggestion": items[i].suggestion_id,
                f"{prefix}-{i}-DELETE": "on",
            }
    return data


def test_scheduling_a_meeting_and_setting_its_agenda(
    api: GraphQLClient, back_office: Client, staff: Member, chair: Member, now: datetime
) -> None:
    first, second, third = (
        SuggestionFactory.create(status=SuggestionStatus.SHORTLISTED) for _ in range(3)
    )
    at = now + timedelta(days=10)
    schedule = (
        "mutation($at: DateTime!) { scheduleCommitteeMeeting(input: {scheduledFor: $at, "
        'title: "Comité de juin"}) { meeting { id } errors { code } } }'
    )
    set_agenda = (
        "mutation($m: ID!, $s: [ID!]!) { setMeetingAgenda(input: {meetingId: $m, "
        "suggestionIds: $s}) { errors { code } } }"
    )

    def through_api() -> None:
        meeting_id = _mutate(api, schedule, {"at": at.isoformat()})["meeting"]["id"]
        _mutate(api, set_agenda, {"m": meeting_id, "s": [gid(second), gid(first)]})

    def in_admin() -> None:
        form = _meeting_form("Comité de juin", at, [second, first])
        response = back_office.post(admin_url(CommitteeMeeting, "add"), form)
        assert response.status_code == 302, response.context["adminform"].form.errors

    api_events = _events(through_api, {})
    admin_events = _events(in_admin, {})
    api_meeting, admin_meeting = CommitteeMeeting.objects.order_by("id")
    assert (admin_meeting.chair, admin_meeting.scheduled_for) == (chair, at)

    def named(events: list[Event], meeting: CommitteeMeeting) -> list[Event]:
        return [
            (*e[:2], "meeting" if e[2] == f"CommitteeMeeting:{meeting.pk}" else e[2], *e[3:])
            for e in events
        ]

    expected: list[Event] = [
        (
            staff.pk,
            "meeting.schedule",
            "meeting",
            None,
            {"title": "Comité de juin", "scheduled_for": at.isoformat()},
        ),
        (
            staff.pk,
            "meeting.set_agenda",
            "meeting",
            {"agenda": []},
            {"agenda": [second.pk, first.pk]},
        ),
    ]
    assert named(admin_events, admin_meeting) == named(api_events, api_meeting) == expected

    # A new agenda, once each way: `third` added first, `second` dropped.
    api_events = _events(
        lambda: _mutate(api, set_agenda, {"m": gid(api_meeting), "s": [gid(third), gid(first)]}),
        {api_meeting: "meeting"},
    )
    items = list(AgendaItem.objects.filter(meeting=admin_meeting))
    form = _meeting_form("Comité de juin", at, [third, first], items)
    for field in ("scheduled_for_0", "scheduled_for_1"):
        form.pop(field)  # read-only once scheduled

    def change_in_admin() -> None:
        response = back_office.post(admin_url(CommitteeMeeting, "change", admin_meeting.pk), form)
        assert response.status_code == 302, response.context["adminform"].form.errors

    admin_events = _events(change_in_admin, {admin_meeting: "meeting"})
    assert (
        admin_events
        == api_events
        == [
            (
                staff.pk,
                "meeting.set_agenda",
                "meeting",
                {"agenda": [second.pk, first.pk]},
                {"agenda": [third.pk, first.pk]},
            )
        ]
    )
    for meeting in (api_meeting, admin_meeting):
        assert list(
            AgendaItem.objects.filter(meeting=meeting).values_list("position", "suggestion")
        ) == [(0, third.pk), (1, first.pk)]


# --- Partner tokens ------------------------------------------------------------------------


def test_issuing_and_revoking_a_token(back_office: Client, staff: Member, now: datetime) -> None:
    """Tokens have no GraphQL mutation (partners are read-only): the other way in is the
    management commands, which call the same services."""
    expires_at = now + timedelta(days=90)

    def with_command() -> None:
        call_command(
            "create_api_token",
            "--partner=Comparateur Finance",
            "--scopes=stats:read,suggestions:read",
            "--expires-in=90",
            "--created-by=nadia",
            stdout=io.StringIO(),
        )

    def in_admin() -> None:
        local = timezone.localtime(expires_at)
        form = {
            "partner": "Comparateur Finance",
            "scopes": ["stats:read", "suggestions:read"],
            "expires_at_0": local.strftime("%d/%m/%Y"),
            "expires_at_1": local.strftime("%H:%M:%S"),
        }
        response = back_office.post(admin_url(ApiToken, "add"), form)
        assert response.status_code == 302, response.context["adminform"].form.errors

    command_events, admin_events = _events(with_command, {}), _events(in_admin, {})
    by_command, by_admin = ApiToken.objects.order_by("id")

    def issued(token: ApiToken) -> list[Event]:
        after = {
            "partner": "Comparateur Finance",
            "prefix": token.prefix,
            "scopes": [TokenScope.SUGGESTIONS_READ.value, TokenScope.STATS_READ.value],
            "expires_at": expires_at.isoformat(),
        }
        return [(staff.pk, "api_token.create", f"ApiToken:{token.pk}", None, after)]

    assert command_events == issued(by_command)
    assert admin_events == issued(by_admin)
    assert (by_admin.created_by, by_admin.created_at) == (by_command.created_by, now)

    def revoke_with_command() -> None:
        call_command(
            "revoke_api_token",
            f"--prefix={by_command.prefix}",
            "--revoked-by=nadia",
            stdout=io.StringIO(),
        )

    command_events = _events(revoke_with_command, {by_command: "token"})
    admin_events = _events(
        lambda: _act(back_office, ApiToken, "revoke_tokens", [by_admin]), {by_admin: "token"}
    )
    assert (
        admin_events
        == command_events
        == [(staff.pk, "api_token.revoke", "token", None, {"revoked_at": now.isoformat()})]
    )


# --- What the services refuse, the back office refuses -------------------------------------


@pytest.fixture
def committee_staff(db: None) -> Client:
    """Staff whose role is not an adviser's: the back office opens, the advisers' actions
    stay refused, as through the API."""
    member = CommitteeFactory.create(username="philippe", is_staff=True, is_superuser=True)
    client = Client()
    client.force_login(member)
    return client


def test_a_refused_change_saves_nothing_of_the_form(committee_staff: Client) -> None:
    thread = ThreadFactory.create(title="Carte bloquée")
    url = admin_url(Thread, "change", thread.pk)
    response = committee_staff.post(
        url, thread_form(thread, title="Autre titre", is_locked="on"), follow=True
    )
    assert response.redirect_chain == [(url, 302)]
    assert _messages(response) == ["Nothing was saved. Only advisers may do this."]
    thread.refresh_from_db()
    assert (thread.title, thread.is_locked) == ("Carte bloquée", False)
    assert AuditEvent.objects.count() == 0


def test_refused_actions_say_why_row_by_row(
    committee_staff: Client, customer: Member, back_office: Client
) -> None:
    thread = ThreadFactory.create(title="Virement bloqué")
    assert _act(committee_staff, Thread, "close_threads", [thread]) == [
        "Virement bloqué: Only the thread's author or an adviser closes it.",
        "0 thread(s) closed.",
    ]
    flag = Flag.objects.create(reporter=customer, post=PostFactory.create(), reason="SPAM")
    assert _act(committee_staff, Flag, "resolve_flags", [flag]) == ["Only advisers may do this."]
    thread.refresh_from_db()
    flag.refresh_from_db()
    assert (thread.status, flag.resolved_at) == (ThreadStatus.OPEN, None)
    assert AuditEvent.objects.count() == 0


def test_the_agenda_takes_shortlisted_suggestions_only(
    back_office: Client, chair: Member, now: datetime
) -> None:
    meeting = CommitteeMeeting.objects.create(
        title="Comité de mars", chair=chair, scheduled_for=now + timedelta(days=3)
    )
    shortlisted = SuggestionFactory.create(status=SuggestionStatus.SHORTLISTED)
    submitted = SuggestionFactory.create(title="Relevés en PDF", status=SuggestionStatus.SUBMITTED)
    form = _meeting_form("Comité d'avril", meeting.scheduled_for, [shortlisted, submitted])
    url = admin_url(CommitteeMeeting, "change", meeting.pk)
    response = back_office.post(url, form, follow=True)
    assert _messages(response) == [
        "Nothing was saved. « Relevés en PDF » is not shortlisted (Proposée)."
    ]
    meeting.refresh_from_db()
    assert meeting.title == "Comité de mars"
    assert not AgendaItem.objects.exists()
    assert AuditEvent.objects.count() == 0


@pytest.mark.parametrize("days", [-2, 365 * 3 + 2], ids=["past", "beyond the horizon"])
def test_a_meeting_is_scheduled_within_the_window(
    back_office: Client, chair: Member, now: datetime, days: int
) -> None:
    url = admin_url(CommitteeMeeting, "add")
    response = back_office.post(
        url, _meeting_form("Comité", now + timedelta(days=days), []), follow=True
    )
    assert response.redirect_chain == [(url, 302)]
    (message,) = _messages(response)
    assert message.startswith("Nothing was saved. A meeting is scheduled from today to 1095 days")
    assert not CommitteeMeeting.objects.exists()
    assert AuditEvent.objects.count() == 0


def test_threads_are_assigned_to_active_advisers(back_office: Client) -> None:
    thread = ThreadFactory.create()
    gone = AdviserFactory.create(username="parti", is_active=False)
    response = back_office.post(
        admin_url(Thread, "change", thread.pk),
        thread_form(thread, assigned_adviser=gone.pk),
        follow=True,
    )
    assert _messages(response) == ["Nothing was saved. Threads are assigned to active advisers."]
    thread.refresh_from_db()
    assert thread.assigned_adviser is None
    assert AuditEvent.objects.count() == 0
