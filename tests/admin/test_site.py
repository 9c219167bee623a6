"""The Django admin back office at /admin/: every model opens, integrity rules hold."""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from typing import Any

import pytest
from django.apps import apps
from django.contrib import admin
from django.contrib.admin.widgets import AutocompleteSelect, ForeignKeyRawIdWidget
from django.db.models import Model
from django.forms import ModelChoiceField
from django.http import HttpRequest
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils import timezone

from models.models import (
    AgendaItem,
    ApiToken,
    AuditChainHead,
    AuditEvent,
    Category,
    CommitteeMeeting,
    Counter,
    Decision,
    EmailDigest,
    Evaluation,
    Flag,
    FlagReason,
    Follow,
    Member,
    Notification,
    NotificationPreference,
    OutboxEvent,
    OutboxEventKind,
    Post,
    PostRevision,
    Role,
    StatusChange,
    Suggestion,
    SuggestionStatus,
    Thread,
    TokenScope,
    Vote,
    WebhookAttempt,
    WebhookDelivery,
    WebhookEndpoint,
)
from resolvers.services.notifications import DecisionPublished
from tests.admin.pages import admin_url, thread_form
from tests.factories import (
    CategoryFactory,
    DecisionFactory,
    PostFactory,
    SuggestionFactory,
    ThreadFactory,
    add_votes,
)

pytestmark = pytest.mark.django_db

ALL_MODELS: tuple[type[Model], ...] = (
    Member,
    Category,
    Thread,
    Post,
    PostRevision,
    Suggestion,
    StatusChange,
    Vote,
    Follow,
    CommitteeMeeting,
    AgendaItem,
    Evaluation,
    Decision,
    Notification,
    Flag,
    ApiToken,
    AuditEvent,
    OutboxEvent,
    WebhookEndpoint,
    WebhookDelivery,
    NotificationPreference,
    EmailDigest,
)
# Threads, replies and follows are the members' own, through the API; a meeting's agenda is
# set on its meeting's page.
ADDABLE: frozenset[type[Model]] = frozenset(
    {Member, Category, CommitteeMeeting, ApiToken, WebhookEndpoint}
)
# Written by the services (or, for the audit log, never rewritten): view only.
READ_ONLY: tuple[type[Model], ...] = (
    AgendaItem,
    Vote,
    Decision,
    StatusChange,
    AuditEvent,
    Notification,
    Evaluation,
    PostRevision,
    OutboxEvent,
    NotificationPreference,
    EmailDigest,
    WebhookDelivery,
)
SECRET = re.compile(r"[0-9a-f]{12}\.[A-Za-z0-9_-]{43}")


def _request(user: Member) -> HttpRequest:
    request = RequestFactory().get("/admin/")
    request.user = user
    return request


def _empty_inline_formsets(response: Any) -> dict[str, Any]:
    """Management-form data that submits no inline row (the inlines shown are read-only)."""
    data: dict[str, Any] = {}
    for inline in response.context["inline_admin_formsets"]:
        prefix = inline.formset.prefix
        data |= {
            f"{prefix}-TOTAL_FORMS": "0",
            f"{prefix}-INITIAL_FORMS": "0",
            f"{prefix}-MIN_NUM_FORMS": "0",
            f"{prefix}-MAX_NUM_FORMS": "1000",
        }
    return data


@pytest.fixture
def frozen_now(monkeypatch: pytest.MonkeyPatch) -> datetime:
    now = timezone.now()
    monkeypatch.setattr(timezone, "now", lambda: now)
    return now


@pytest.fixture
def world(
    superuser: Member, customer: Member, adviser: Member, committee_member: Member, chair: Member
) -> dict[type[Model], Model]:
    """One row (at least) of every model, consistent with the database constraints."""
    now = timezone.now()
    category = CategoryFactory.create(name="Questions & support", slug="questions-support")
    thread = ThreadFactory.create(author=customer, category=category, title="Plafond de carte")
    post = PostFactory.create(thread=thread, author=adviser, is_official=True)
    revision = PostRevision.objects.create(post=post, body="Première version", edited_by=adviser)
    suggestion = SuggestionFactory.create(
        author=customer, title="Désactiver la publicité par courrier", status="UNDER_REVIEW"
    )
    add_votes(suggestion, [customer])
    status_change = StatusChange.objects.create(
        suggestion=suggestion,
        from_status=SuggestionStatus.SUBMITTED,
        to_status=SuggestionStatus.UNDER_REVIEW,
        actor=adviser,
        public_note="À l'étude.",
    )
    follow = Follow.objects.create(member=customer, suggestion=suggestion)
    meeting = CommitteeMeeting.objects.create(
        scheduled_for=now + timedelta(days=7), chair=chair, title="Comité de juin"
    )
    agenda_item = AgendaItem.objects.create(meeting=meeting, suggestion=suggestion, position=1)
    evaluation = Evaluation.objects.create(
        meeting=meeting,
        suggestion=suggestion,
        evaluator=committee_member,
        customer_benefit=5,
        technical_feasibility=4,
        cost=3,
        time_to_deliver=2,
    )
    decision = DecisionFactory.create(suggestion=suggestion, meeting=meeting, recorded_by=chair)
    notification = DecisionPublished.event(decision=decision, actor=chair).row(
        customer.pk, created_at=now
    )
    notification.save()
    flag = Flag.objects.create(reporter=customer, post=post, reason=FlagReason.SPAM)
    token = ApiToken.objects.create(
        partner="Agrégateur",
        prefix="0123456789ab",
        secret_hash=ApiToken.hash_secret("0123456789ab.secret"),
        scopes=[TokenScope.SUGGESTIONS_READ.value],
        expires_at=now + timedelta(days=30),
        created_by=superuser,
    )
    audit_event = AuditEvent.objects.create(
        actor=adviser, action="thread.assign", target_type="Thread", target_id=str(thread.pk)
    )
    outbox_event = OutboxEvent.objects.create(
        kind=OutboxEventKind.VOTE_COUNT_CHANGED, suggestion_id=suggestion.pk
    )
    endpoint = WebhookEndpoint.objects.create(
        token=token,
        url="https://partenaire.example/hooks",
        event_types=["vote_count.changed"],
        secret_salt=WebhookEndpoint.new_secret_salt(),
    )
    delivery = WebhookDelivery.objects.create(
        endpoint=endpoint, event=outbox_event, event_type="vote_count.changed", payload="{}"
    )
    WebhookAttempt.objects.create(delivery=delivery, status_code=500, latency_ms=12)
    preference = NotificationPreference.objects.create(
        member=customer, kind="THREAD_REPLY", delivery="DAILY_DIGEST"
    )
    digest = EmailDigest.objects.create(
        member=customer, day=timezone.localdate(), notification_count=3
    )
    return {
        Member: customer,
        Category: category,
        Thread: thread,
        Post: post,
        PostRevision: revision,
        Suggestion: suggestion,
        StatusChange: status_change,
        Vote: Vote.objects.get(suggestion=suggestion),
        Follow: follow,
        CommitteeMeeting: meeting,
        AgendaItem: agenda_item,
        Evaluation: evaluation,
        Decision: decision,
        Notification: notification,
        Flag: flag,
        ApiToken: token,
        AuditEvent: audit_event,
        OutboxEvent: outbox_event,
        WebhookEndpoint: endpoint,
        WebhookDelivery: delivery,
        NotificationPreference: preference,
        EmailDigest: digest,
    }


def test_every_community_model_is_registered() -> None:
    # But the rate-limit counters (the limits' own bookkeeping, hashed keys), the audit
    # chain's head (the chain's lock; the events are the evidence): no content; and a
    # webhook delivery's attempts, shown on its delivery's page.
    community_models = set(apps.get_app_config("community").get_models()) - {
        Counter,
        AuditChainHead,
        WebhookAttempt,
    }
    assert community_models == set(ALL_MODELS)
    assert {m for m in admin.site._registry if m in community_models} == set(ALL_MODELS)


def test_site_header(back_office: Client) -> None:
    response = back_office.get("/admin/")
    assert response.status_code == 200
    assert admin.site.site_header == "Comptoir — back office"
    assert admin.site.site_title == "Comptoir — back office"
    assert "Comptoir — back office" in response.content.decode()


@pytest.mark.parametrize("model", ALL_MODELS, ids=lambda m: m.__name__)
def test_changelist_lists_the_rows(
    back_office: Client, world: dict[type[Model], Model], model: type[Model]
) -> None:
    response = back_office.get(admin_url(model, "changelist"))
    assert response.status_code == 200
    expected = model._default_manager.count()
    assert expected >= 1
    assert response.context["cl"].result_count == expected


@pytest.mark.parametrize("model", ALL_MODELS, ids=lambda m: m.__name__)
def test_change_page_opens(
    back_office: Client, world: dict[type[Model], Model], model: type[Model]
) -> None:
    response = back_office.get(admin_url(model, "change", world[model].pk))
    assert response.status_code == 200


@pytest.mark.parametrize("model", ALL_MODELS, ids=lambda m: m.__name__)
def test_add_page_only_where_adding_is_allowed(
    back_office: Client, world: dict[type[Model], Model], model: type[Model]
) -> None:
    response = back_office.get(admin_url(model, "add"))
    assert response.status_code == (200 if model in ADDABLE else 403)


@pytest.mark.parametrize("url", ["/admin/", "/admin/community/suggestion/"])
def test_customer_is_sent_to_the_login_page(customer: Member, url: str) -> None:
    client = Client()
    client.force_login(customer)
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"] == f"/admin/login/?next={url}"


@pytest.mark.parametrize("model", READ_ONLY, ids=lambda m: m.__name__)
def test_read_only_models_cannot_be_added_changed_or_deleted(
    back_office: Client,
    superuser: Member,
    world: dict[type[Model], Model],
    model: type[Model],
) -> None:
    model_admin = admin.site._registry[model]
    request = _request(superuser)
    obj = world[model]
    assert model_admin.has_add_permission(request) is False
    assert model_admin.has_change_permission(request, obj) is False
    assert model_admin.has_delete_permission(request, obj) is False
    assert model_admin.has_view_permission(request, obj) is True
    assert back_office.post(admin_url(model, "change", obj.pk), {}).status_code == 403
    assert back_office.post(admin_url(model, "delete", obj.pk), {"post": "yes"}).status_code == 403
    assert model._default_manager.filter(pk=obj.pk).exists()


def test_members_tokens_and_webhook_endpoints_are_never_deleted(
    back_office: Client, superuser: Member, world: dict[type[Model], Model]
) -> None:
    request = _request(superuser)
    for model in (Member, ApiToken, WebhookEndpoint):
        assert admin.site._registry[model].has_delete_permission(request, world[model]) is False
        url = admin_url(model, "delete", world[model].pk)
        assert back_office.post(url, {"post": "yes"}).status_code == 403


def test_member_foreign_keys_use_autocomplete_or_raw_id(
    superuser: Member, world: dict[type[Model], Model]
) -> None:
    """Never a <select> of every member: check every editable form the admin builds."""
    request = _request(superuser)
    checked: set[tuple[str, str]] = set()
    for model, model_admin in admin.site._registry.items():
        if model not in ALL_MODELS:
            continue
        obj = world[model]
        form_classes = []
        if model_admin.has_add_permission(request):
            form_classes.append(model_admin.get_form(request))
        if model_admin.has_change_permission(request, obj):
            form_classes.append(model_admin.get_form(request, obj, change=True))
            form_classes += [
                inline.get_formset(request, obj).form
                for inline in model_admin.get_inline_instances(request, obj)
                if inline.has_change_permission(request, obj)
            ]
        for form_class in form_classes:
            for name, field in form_class.base_fields.items():
                if (
                    isinstance(field, ModelChoiceField)
                    and field.queryset is not None
                    and field.queryset.model is Member
                ):
                    widget = getattr(field.widget, "widget", field.widget)
                    assert isinstance(widget, AutocompleteSelect | ForeignKeyRawIdWidget), (
                        f"{model.__name__}.{name}"
                    )
                    checked.add((model.__name__, name))
    # A meeting's chair is the committee's, set by scheduling it; replies and follows are
    # read-only.
    assert checked == {("Thread", "author"), ("Thread", "assigned_adviser")}


@pytest.mark.parametrize(
    ("model_name", "field_name", "term", "expected"),
    [
        ("thread", "author", "claire", ["customer"]),
        ("thread", "assigned_adviser", "", ["superuser", "adviser"]),
    ],
)
def test_member_autocomplete_offers_only_members_who_fit(
    back_office: Client,
    request: pytest.FixtureRequest,
    model_name: str,
    field_name: str,
    term: str,
    expected: list[str],
) -> None:
    for name in ("customer", "adviser", "committee_member", "chair"):
        request.getfixturevalue(name)
    params = {
        "app_label": "community",
        "model_name": model_name,
        "field_name": field_name,
        "term": term,
    }
    response = back_office.get(reverse("admin:autocomplete"), params)
    assert response.status_code == 200
    members = [request.getfixturevalue(name) for name in expected]
    assert response.json()["results"] == [{"id": str(m.pk), "text": str(m)} for m in members]


def test_thread_assigned_adviser_must_be_an_adviser(
    back_office: Client, superuser: Member, customer: Member, adviser: Member
) -> None:
    thread = ThreadFactory.create(author=customer)
    url = admin_url(Thread, "change", thread.pk)
    response = back_office.post(url, thread_form(thread, assigned_adviser=customer.pk))
    assert response.status_code == 200
    assert list(response.context["adminform"].form.errors) == ["assigned_adviser"]
    thread.refresh_from_db()
    assert thread.assigned_adviser is None

    response = back_office.post(url, thread_form(thread, assigned_adviser=adviser.pk))
    assert response.status_code == 302
    thread.refresh_from_db()
    assert thread.assigned_adviser == adviser
    # Assigned by the API's service: its event, not a generic edit.
    assert list(AuditEvent.objects.values_list("actor", "action", "before", "after")) == [
        (
            superuser.pk,
            "thread.assign",
            {"assigned_adviser": None},
            {"assigned_adviser": adviser.pk},
        )
    ]


def test_the_thread_workflow_is_read_only_in_its_form(
    back_office: Client, customer: Member, adviser: Member
) -> None:
    """Status and accepted answer move through the API's workflow (or the close and reopen
    actions): posted values are ignored."""
    thread = ThreadFactory.create(author=customer, kind="QUESTION")
    post = PostFactory.create(thread=thread, author=adviser, is_official=True)
    form = thread_form(thread, status="RESOLVED", accepted_post=post.pk, resolved_at_0="")
    response = back_office.post(admin_url(Thread, "change", thread.pk), form)
    assert response.status_code == 302
    thread.refresh_from_db()
    assert (thread.status, thread.accepted_post, thread.resolved_at) == ("OPEN", None, None)
    assert AuditEvent.objects.count() == 0


def test_suggestion_vote_count_and_status_are_read_only(
    back_office: Client, world: dict[type[Model], Model]
) -> None:
    suggestion = Suggestion.objects.get(pk=world[Suggestion].pk)
    url = admin_url(Suggestion, "change", suggestion.pk)
    data = _empty_inline_formsets(back_office.get(url)) | {
        "title": "Désactiver la publicité papier",
        "body": "Je ne lis jamais ces courriers.",
        "public_response": "Retenue !",
        "target_period": "2027 Q1",
        "hidden_at_0": "",
        "hidden_at_1": "",
        "hidden_by": "",
        "hidden_reason": "",
        # Not form fields: the admin must ignore them.
        "vote_count": "999",
        "status": SuggestionStatus.RETAINED,
    }
    response = back_office.post(url, data)
    assert response.status_code == 302
    suggestion.refresh_from_db()
    assert suggestion.title == "Désactiver la publicité papier"
    assert suggestion.vote_count == 1
    assert suggestion.status == SuggestionStatus.UNDER_REVIEW
    # Written by publishing the committee's decision only.
    assert (suggestion.public_response, suggestion.target_period) == ("", "")
    assert StatusChange.objects.filter(suggestion=suggestion).count() == 1


def test_editing_a_suggestion_edits_its_discussions_copy(
    back_office: Client, world: dict[type[Model], Model]
) -> None:
    """A discussion thread opens with a copy of its suggestion's title and text; staff who
    edit the suggestion (to take an IBAN out, say) leave no former words behind."""
    suggestion = Suggestion.objects.get(pk=world[Suggestion].pk)
    discussion = ThreadFactory.create(
        suggestion=suggestion, title=suggestion.title, body="Mon IBAN FR76 3000 6000 0112"
    )
    url = admin_url(Suggestion, "change", suggestion.pk)
    data = _empty_inline_formsets(back_office.get(url)) | {
        "title": "Relevés sans publicité",
        "body": "Mon IBAN (retiré par la modération)",
        "public_response": "",
        "target_period": "",
        "hidden_at_0": "",
        "hidden_at_1": "",
        "hidden_by": "",
        "hidden_reason": "",
    }
    assert back_office.post(url, data).status_code == 302
    discussion.refresh_from_db()
    assert (discussion.title, discussion.body) == (
        "Relevés sans publicité",
        "Mon IBAN (retiré par la modération)",
    )


def test_suggestion_change_page_shows_status_history(
    back_office: Client, world: dict[type[Model], Model]
) -> None:
    response = back_office.get(admin_url(Suggestion, "change", world[Suggestion].pk))
    history = [
        inline
        for inline in response.context["inline_admin_formsets"]
        if inline.opts.model is StatusChange
    ]
    assert len(history) == 1
    assert [form.original for form in history[0]] == [world[StatusChange]]
    assert "À l&#x27;étude." in response.content.decode()


def test_member_added_through_the_admin(back_office: Client) -> None:
    data = {
        "username": "nadia",
        "usable_password": "true",
        "password1": "un mot de passe solide 42",
        "password2": "un mot de passe solide 42",
        "display_name": "Nadia",
        "role": Role.CUSTOMER,
        "customer_number": "C99000001",
        "email": "nadia@example.test",
    }
    response = back_office.post(admin_url(Member, "add"), data)
    assert response.status_code == 302
    member = Member.objects.get(username="nadia")
    assert (member.role, member.display_name, member.customer_number, member.is_staff) == (
        Role.CUSTOMER,
        "Nadia",
        "C99000001",
        False,
    )
    assert member.check_password("un mot de passe solide 42")


def test_member_add_enforces_the_customer_number_rule(back_office: Client) -> None:
    data = {
        "username": "paul",
        "usable_password": "false",
        "display_name": "Paul (conseiller)",
        "role": Role.ADVISER,
        "customer_number": "C99000002",
    }
    response = back_office.post(admin_url(Member, "add"), data)
    assert response.status_code == 200
    assert response.context["adminform"].form.non_field_errors() == [
        "La contrainte « member_customer_number_iff_customer » n’est pas respectée."
    ]
    assert not Member.objects.filter(username="paul").exists()


def _token_form(expires_at: datetime, scopes: list[str]) -> dict[str, Any]:
    local = timezone.localtime(expires_at)
    return {
        "partner": "Comparateur Finance",
        "scopes": scopes,
        "expires_at_0": local.strftime("%d/%m/%Y"),
        "expires_at_1": local.strftime("%H:%M:%S"),
    }


def test_api_token_is_created_with_a_hash_and_the_secret_shown_once(
    back_office: Client, superuser: Member, frozen_now: datetime
) -> None:
    expires_at = (frozen_now + timedelta(days=90)).replace(microsecond=0)
    scopes = [TokenScope.DECISIONS_READ.value, TokenScope.SUGGESTIONS_READ.value]
    response = back_office.post(
        admin_url(ApiToken, "add"), _token_form(expires_at, scopes), follow=True
    )
    assert response.status_code == 200

    token = ApiToken.objects.get()
    shown = [str(m) for m in response.context["messages"] if SECRET.search(str(m))]
    assert len(shown) == 1
    assert shown[0].endswith("copy it now, it will not be shown again.")
    match = SECRET.search(shown[0])
    assert match is not None
    secret = match.group()
    assert secret.startswith(f"{token.prefix}.")
    assert re.fullmatch(r"[0-9a-f]{64}", token.secret_hash)
    assert token.secret_hash == ApiToken.hash_secret(secret)
    assert (token.partner, token.scopes, token.expires_at) == (
        "Comparateur Finance",
        # Declaration order, whatever order the form sent.
        [TokenScope.SUGGESTIONS_READ.value, TokenScope.DECISIONS_READ.value],
        expires_at,
    )
    assert (token.created_by, token.created_at, token.revoked_at) == (superuser, frozen_now, None)
    event = AuditEvent.objects.get(action="api_token.create")
    assert (event.actor, event.target_type, event.target_id) == (
        superuser,
        "ApiToken",
        str(token.pk),
    )
    assert event.after == {
        "partner": "Comparateur Finance",
        "prefix": token.prefix,
        "scopes": ["suggestions:read", "decisions:read"],
        "expires_at": expires_at.isoformat(),
    }

    # Never again: neither the list nor the token's page shows the secret or its hash.
    for url in (admin_url(ApiToken, "changelist"), admin_url(ApiToken, "change", token.pk)):
        page = back_office.get(url).content.decode()
        assert secret not in page
        assert token.secret_hash not in page
        assert token.prefix in page


@pytest.mark.parametrize(
    ("days", "scopes", "field"),
    [(-1, ["stats:read"], "expires_at"), (30, [], "scopes"), (30, ["admin:all"], "scopes")],
)
def test_api_token_add_rejects_bad_input(
    back_office: Client, days: int, scopes: list[str], field: str
) -> None:
    expires_at = timezone.now() + timedelta(days=days)
    response = back_office.post(admin_url(ApiToken, "add"), _token_form(expires_at, scopes))
    assert response.status_code == 200
    assert list(response.context["adminform"].form.errors) == [field]
    assert ApiToken.objects.count() == 0


def test_revoke_action_revokes_only_tokens_still_active(
    back_office: Client, superuser: Member, frozen_now: datetime
) -> None:
    earlier = frozen_now - timedelta(days=3)

    def token(prefix: str, revoked_at: datetime | None) -> ApiToken:
        return ApiToken.objects.create(
            partner="Agrégateur",
            prefix=prefix,
            secret_hash=ApiToken.hash_secret(f"{prefix}.secret"),
            scopes=[TokenScope.STATS_READ.value],
            created_at=earlier - timedelta(days=1),
            expires_at=frozen_now + timedelta(days=30),
            revoked_at=revoked_at,
        )

    active, already_revoked, untouched = token("a1", None), token("b2", earlier), token("c3", None)
    response = back_office.post(
        admin_url(ApiToken, "changelist"),
        {"action": "revoke_tokens", "_selected_action": [active.pk, already_revoked.pk]},
        follow=True,
    )
    assert response.status_code == 200
    assert [str(m) for m in response.context["messages"]] == ["1 token(s) revoked."]
    for t in (active, already_revoked, untouched):
        t.refresh_from_db()
    assert (active.revoked_at, already_revoked.revoked_at, untouched.revoked_at) == (
        frozen_now,
        earlier,
        None,
    )
    assert active.is_active() is False
    assert list(
        AuditEvent.objects.values_list("actor", "action", "target_type", "target_id", "after")
    ) == [
        (
            superuser.pk,
            "api_token.revoke",
            "ApiToken",
            str(active.pk),
            {"revoked_at": frozen_now.isoformat()},
        )
    ]


def test_resolve_action_marks_open_flags_resolved(
    back_office: Client,
    superuser: Member,
    adviser: Member,
    customer: Member,
    other_customer: Member,
    frozen_now: datetime,
) -> None:
    post = PostFactory.create()
    earlier = frozen_now - timedelta(hours=5)
    open_flag = Flag.objects.create(reporter=customer, post=post, reason=FlagReason.ABUSE)
    resolved = Flag.objects.create(
        reporter=other_customer,
        post=post,
        reason=FlagReason.SPAM,
        resolved_at=earlier,
        resolved_by=adviser,
    )
    response = back_office.post(
        admin_url(Flag, "changelist"),
        {"action": "resolve_flags", "_selected_action": [open_flag.pk, resolved.pk]},
        follow=True,
    )
    assert response.status_code == 200
    assert [str(m) for m in response.context["messages"]] == ["1 flag(s) marked resolved."]
    open_flag.refresh_from_db()
    resolved.refresh_from_db()
    assert (open_flag.resolved_at, open_flag.resolved_by) == (frozen_now, superuser)
    assert (resolved.resolved_at, resolved.resolved_by) == (earlier, adviser)
    assert list(AuditEvent.objects.values_list("action", "target_id")) == [
        ("flag.resolve", str(open_flag.pk))
    ]
