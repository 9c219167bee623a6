"""The endpoint as deployed: through Django's ASGI handler, the middlewares in async mode.

The other API tests go through Django's test client (WSGI, middlewares in sync mode). Here,
`AsyncClient` drives the ASGI handler, where config/middleware.py runs the middlewares'
hooks on the event loop: sessions, CSRF and security headers must behave as under WSGI, and
the thread hops a request costs are pinned like query counts.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
from asgiref import sync
from asgiref.sync import async_to_sync
from django.http import HttpRequest, HttpResponse
from django.test import AsyncClient
from django.urls import include, path

from models.models import Member
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db

LOGIN = (
    'mutation($p: String!) { login(input: {username: "claire", password: $p}) { '
    "viewer { displayName } errors { code } } }"
)
VIEWER = "{ viewer { displayName } }"
LOGOUT = "mutation { logout(input: {}) { errors { code } } }"


def _post(client: AsyncClient, query: str, variables: Any = None, **headers: str) -> Any:
    body = json.dumps({"query": query, "variables": variables or {}})
    return async_to_sync(client.post)(
        "/graphql", body, content_type="application/json", headers=headers
    )


@pytest.fixture
def hops() -> Iterator[list[str]]:
    """The sync functions sent to a thread (`sync_to_async`) while the test runs."""
    sent: list[str] = []
    original = sync.SyncToAsync.__call__

    async def counting(self: sync.SyncToAsync[Any, Any], *args: Any, **kwargs: Any) -> Any:
        sent.append(getattr(self.func, "__qualname__", type(self.func).__qualname__))
        return await original(self, *args, **kwargs)

    sync.SyncToAsync.__call__ = counting  # type: ignore[method-assign]
    try:
        yield sent
    finally:
        sync.SyncToAsync.__call__ = original  # type: ignore[method-assign]


def test_login_session_and_csrf_over_asgi(customer: Member) -> None:
    client = AsyncClient(enforce_csrf_checks=True)
    before = async_to_sync(client.get)("/auth/csrf/").json()["csrfToken"]
    response = _post(client, LOGIN, {"p": PASSWORD})
    assert response.json() == {
        "data": {"login": {"viewer": {"displayName": "Claire"}, "errors": []}}
    }
    # The session was saved (in a thread: the one hook that writes) and its cookie set.
    assert response.cookies["sessionid"].value
    csrf = response.cookies["csrftoken"].value
    # Logging in rotates the CSRF token (the middleware's response hook sets the cookie).
    assert csrf and csrf != before
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "Cookie" in response["Vary"]

    # The next request is the member's, once it echoes the CSRF token.
    assert _post(client, VIEWER, X_CSRFToken=csrf).json() == {
        "data": {"viewer": {"displayName": "Claire"}}
    }
    refused = _post(client, VIEWER)
    assert refused.status_code == 403

    # Logging out empties the session: its cookie is deleted.
    response = _post(client, LOGOUT, X_CSRFToken=csrf)
    assert response.json() == {"data": {"logout": {"errors": []}}}
    assert response.cookies["sessionid"].value == ""
    assert _post(client, VIEWER, X_CSRFToken=csrf).json() == {"data": {"viewer": None}}


def test_thread_hops_per_request(customer: Member, hops: list[str]) -> None:
    client = AsyncClient()
    # Django's ASGI handler sends the request_started receivers and the response's close
    # (request_finished) to a thread; no middleware hook goes there.
    django_own = ["Signal.asend.<locals>.sync_send", "HttpResponseBase.close"]
    assert _post(client, "{ __typename }").json() == {"data": {"__typename": "Query"}}
    assert hops == django_own

    client.force_login(customer)
    hops.clear()
    assert _post(client, VIEWER).json() == {"data": {"viewer": {"displayName": "Claire"}}}
    # A member's request adds one: the session, then its member (`request.auser()`).
    assert hops == [django_own[0], "get_user", django_own[1]]


def test_the_admin_and_its_messages_over_asgi() -> None:
    # An admin change stores a message into the session on its way out (in a thread), and
    # the next page shows it.
    from django.urls import reverse

    from models.models import Category
    from tests.factories import AdviserFactory

    staff = AdviserFactory.create(username="admin", is_staff=True, is_superuser=True)
    client = AsyncClient()
    client.force_login(staff)
    form = {
        "name": "Épargne",
        "slug": "epargne",
        "description": "Livrets, assurance vie",
        "position": "4",
        "accepts_threads": "on",
    }
    response = async_to_sync(client.post)(reverse("admin:community_category_add"), form)
    assert response.status_code == 302
    category = Category.objects.get()
    page = async_to_sync(client.get)(response["Location"])
    assert page.status_code == 200
    assert f"{category}" in page.content.decode()
    assert "a été ajouté avec succès" in page.content.decode()


def _form_view(request: HttpRequest) -> HttpResponse:
    return HttpResponse(f"posted {request.POST['name']}")


# A plain form view, CSRF-protected by the middleware alone (the admin's views protect
# themselves again with `csrf_protect`, /graphql checks its own token).
urlpatterns = [path("form/", _form_view), path("", include("config.urls"))]


@pytest.mark.urls(__name__)
def test_csrf_of_form_posts_over_asgi() -> None:
    client = AsyncClient(enforce_csrf_checks=True)
    token = async_to_sync(client.get)("/auth/csrf/").json()["csrfToken"]
    refused = async_to_sync(client.post)("/form/", {"name": "Claire"})
    assert refused.status_code == 403
    # The token read from the form's body (the middleware parses it, in a thread).
    accepted = async_to_sync(client.post)(
        "/form/", {"name": "Claire", "csrfmiddlewaretoken": token}
    )
    assert (accepted.status_code, accepted.content) == (200, b"posted Claire")
