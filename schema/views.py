"""HTTP: the GraphQL endpoint, the CSRF token for the front end, and a health check."""

from __future__ import annotations

import re
import uuid
from typing import Any

from django.conf import settings
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.middleware.csrf import CsrfViewMiddleware, get_token
from django.views.decorators.csrf import ensure_csrf_cookie
from django.views.decorators.http import require_GET
from strawberry.django.views import AsyncGraphQLView
from strawberry.http.base import BaseRequestProtocol

from models.models import Member
from permissions.roles import ANONYMOUS, Viewer
from resolvers.request_context import request_id

from .context import Context

_REQUEST_ID = re.compile(r"[^A-Za-z0-9._-]")


class CommunityGraphQLView(AsyncGraphQLView[Context, None]):
    graphql_ide = "graphiql"

    async def get_context(self, request: HttpRequest, response: HttpResponse) -> Context:
        user = await request.auser()
        viewer = Viewer(user) if isinstance(user, Member) and user.is_active else ANONYMOUS
        return Context(request=request, response=response, viewer=viewer)

    async def dispatch(  # type: ignore[override]
        self, request: HttpRequest, *args: Any, **kwargs: Any
    ) -> Any:
        rejection = _csrf_rejection(request)
        if rejection is not None:
            return rejection
        # Audit events of this request carry its id; a proxy's id is kept when it sends one.
        rid = _REQUEST_ID.sub("", request.headers.get("X-Request-Id", ""))[:64] or uuid.uuid4().hex
        request_id.set(rid)
        # Known before `should_render_graphql_ide`, which cannot await.
        request.user = await request.auser()
        response = await super().dispatch(request, *args, **kwargs)
        response["X-Request-Id"] = rid
        return response

    def should_render_graphql_ide(self, request: BaseRequestProtocol) -> bool:
        if not super().should_render_graphql_ide(request):
            return False
        # GraphiQL for everyone on a laptop (DEBUG); for staff only in production. Others get
        # the JSON API's answer instead of the IDE.
        if settings.DEBUG:
            return True
        user = getattr(request.request, "user", None)  # type: ignore[attr-defined]
        return bool(getattr(user, "is_staff", False))


def _csrf_rejection(request: HttpRequest) -> HttpResponse | None:
    """Django's CSRF check, for POSTs that carry a session cookie.

    A request without the session cookie has no ambient credentials to abuse, so anonymous
    reads and `login` need no token (a cross-site page cannot send the JSON body this
    endpoint requires without a CORS preflight, which it never grants). Once a session
    exists, every POST must echo the CSRF token, as Django's middleware would demand.
    """
    if request.method != "POST" or settings.SESSION_COOKIE_NAME not in request.COOKIES:
        return None
    return _CSRF.process_view(request, _csrf_checked_view, (), {})


def _csrf_checked_view(request: HttpRequest) -> HttpResponse:  # pragma: no cover - never called
    raise AssertionError


_CSRF = CsrfViewMiddleware(_csrf_checked_view)


@require_GET
@ensure_csrf_cookie
def csrf_token_view(request: HttpRequest) -> JsonResponse:
    """The front end reads the token here and sends it back in the X-CSRFToken header on
    cookie-authenticated POSTs to /graphql."""
    return JsonResponse({"csrfToken": get_token(request)})


@require_GET
def healthz_view(request: HttpRequest) -> HttpResponse:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})
