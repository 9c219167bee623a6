"""Partners' webhooks in the back office: endpoints registered through the services (the
signing secret shown once; URLs and event types checked on the form), deliveries listed with
their attempts and replayed."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import Client
from standardwebhooks import Webhook

from models.models import (
    AuditEvent,
    Member,
    OutboxEvent,
    TokenScope,
    WebhookDelivery,
    WebhookDeliveryStatus,
    WebhookEndpoint,
)
from resolvers.services.partners import webhook_endpoint_create
from resolvers.services.suggestions import suggestion_submit
from tests.admin.pages import admin_url
from tests.factories import issue_token
from tests.outbox import run_tasks
from tests.receiver import Receiver

pytestmark = pytest.mark.django_db

SECRET = re.compile(r"whsec_[A-Za-z0-9+/]{43}=")


@pytest.fixture
def local(settings: Any) -> None:
    settings.DEBUG = True
    settings.WEBHOOKS_ALLOW_PRIVATE_NETWORKS = True


def _messages(response: Any) -> list[str]:
    return [str(m) for m in response.context["messages"]]


@pytest.mark.usefixtures("local")
def test_an_endpoint_is_added_and_its_secret_shown_once(
    back_office: Client, superuser: Member, receiver: Receiver, customer: Member
) -> None:
    token, _ = issue_token(TokenScope.SUGGESTIONS_READ, partner="Presse")
    response = back_office.post(
        admin_url(WebhookEndpoint, "add"),
        {"token": token.pk, "url": receiver.url(), "event_types": ["suggestion.submitted"]},
        follow=True,
    )
    assert response.status_code == 200
    endpoint = WebhookEndpoint.objects.get()
    [shown] = [m for m in _messages(response) if SECRET.search(m)]
    match = SECRET.search(shown)
    assert match is not None
    secret = match.group()
    assert shown == (
        f"Signing secret of the webhook endpoint #{endpoint.pk} of Presse: {secret} — give it "
        "to the partner now, it will not be shown again."
    )
    assert (endpoint.token, endpoint.url, endpoint.event_types, endpoint.enabled) == (
        token,
        receiver.url(),
        ["suggestion.submitted"],
        True,
    )
    assert AuditEvent.objects.get().action == "webhook_endpoint.create"
    # Not on any page after that.
    page = back_office.get(admin_url(WebhookEndpoint, "change", endpoint.pk))
    assert secret not in page.content.decode()
    assert SECRET.search(page.content.decode()) is None
    # The secret shown is the one that signs.
    suggestion_submit(author=customer, title="Une idée", body="Pratique.")
    run_tasks()
    [request] = receiver.requests
    assert Webhook(secret).verify(request.body, request.headers)["type"] == "suggestion.submitted"


def test_the_form_refuses_private_addresses_and_event_types_out_of_scope(
    back_office: Client, settings: Any
) -> None:
    settings.DEBUG = False
    settings.WEBHOOKS_ALLOW_PRIVATE_NETWORKS = False
    token, _ = issue_token(TokenScope.SUGGESTIONS_READ, partner="Presse")
    response = back_office.post(
        admin_url(WebhookEndpoint, "add"),
        {
            "token": token.pk,
            "url": "https://169.254.169.254/latest/meta-data/",
            "event_types": ["suggestion.submitted", "decision.published"],
        },
    )
    assert response.status_code == 200
    assert response.context["adminform"].form.errors == {
        "url": [
            "Webhooks cannot be sent there: 169.254.169.254 resolves to an address that is "
            "not public."
        ],
        "event_types": [
            "The token's scopes (suggestions:read) do not open: decision.published (needs "
            "decisions:read)."
        ],
    }
    assert not WebhookEndpoint.objects.exists()


@pytest.mark.usefixtures("local")
def test_an_endpoint_is_disabled_and_enabled_on_its_page(
    back_office: Client, superuser: Member, receiver: Receiver
) -> None:
    token, _ = issue_token(TokenScope.SUGGESTIONS_READ, partner="Presse")
    endpoint = webhook_endpoint_create(
        token_id=token.pk, url=receiver.url(), event_types=["suggestion.submitted"], created_by=None
    ).endpoint
    form = {"token": token.pk, "url": receiver.url(), "event_types": ["suggestion.submitted"]}
    response = back_office.post(admin_url(WebhookEndpoint, "change", endpoint.pk), form)
    assert response.status_code == 302
    endpoint.refresh_from_db()
    assert (endpoint.enabled, endpoint.disabled_reason) == (False, "Disabled by staff.")
    back_office.post(admin_url(WebhookEndpoint, "change", endpoint.pk), {**form, "enabled": "on"})
    endpoint.refresh_from_db()
    assert endpoint.enabled
    changes = AuditEvent.objects.filter(action="webhook_endpoint.change").order_by("id")
    assert [(e.actor_id, e.before, e.after) for e in changes] == [
        (superuser.pk, {"enabled": True}, {"enabled": False}),
        (superuser.pk, {"enabled": False}, {"enabled": True}),
    ]


@pytest.mark.usefixtures("local")
def test_deliveries_are_listed_and_replayed_with_the_same_id(
    back_office: Client, superuser: Member, receiver: Receiver, customer: Member
) -> None:
    token, _ = issue_token(TokenScope.SUGGESTIONS_READ, partner="Presse")
    webhook_endpoint_create(
        token_id=token.pk, url=receiver.url(), event_types=["suggestion.submitted"], created_by=None
    )
    receiver.answer(500)
    suggestion_submit(author=customer, title="Une idée", body="Pratique.")
    run_tasks()
    delivery = WebhookDelivery.objects.get()
    listing = back_office.get(
        admin_url(WebhookDelivery, "changelist"), {"status__exact": "PENDING"}
    )
    assert listing.status_code == 200
    assert list(listing.context["cl"].result_list) == [delivery]
    page = back_office.get(admin_url(WebhookDelivery, "change", delivery.pk))
    assert page.status_code == 200
    assert "HTTP 500" in page.content.decode()

    # Replayed now, ahead of its queued retry, and answered 204 this time.
    response = back_office.post(
        admin_url(WebhookDelivery, "changelist"),
        {"action": "replay", "_selected_action": [delivery.pk]},
        follow=True,
    )
    assert _messages(response) == ["1 deliveries queued again."]
    run_tasks()
    delivery.refresh_from_db()
    assert delivery.status == WebhookDeliveryStatus.DELIVERED
    event = OutboxEvent.objects.get(kind="SUGGESTION_SUBMITTED")
    assert [r.headers["webhook-id"] for r in receiver.requests] == [str(event.pk)] * 2
    assert receiver.requests[0].body == receiver.requests[1].body
    assert AuditEvent.objects.filter(action="webhook_delivery.replay", actor=superuser).count() == 1


@pytest.mark.usefixtures("local")
def test_rotating_a_secret_shows_the_new_one_once(back_office: Client, receiver: Receiver) -> None:
    token, _ = issue_token(TokenScope.SUGGESTIONS_READ, partner="Presse")
    issued = webhook_endpoint_create(
        token_id=token.pk, url=receiver.url(), event_types=["suggestion.submitted"], created_by=None
    )
    response = back_office.post(
        admin_url(WebhookEndpoint, "changelist"),
        {"action": "rotate_secrets", "_selected_action": [issued.endpoint.pk]},
        follow=True,
    )
    shown, done = _messages(response)
    match = SECRET.search(shown)
    assert match is not None and match.group() != issued.secret
    assert match.group() == WebhookEndpoint.objects.get().signing_secret()
    assert done == "1 endpoint(s) given a new secret."
