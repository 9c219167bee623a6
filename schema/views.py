"""HTTP: the GraphQL endpoint, the CSRF token for the front end, and a health check."""

from __future__ import annotations

import re
import uuid
from contextvars import ContextVar
from typing import Any

from asgiref.sync import sync_to_async
from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.middleware.csrf import CsrfViewMiddleware, get_token
from django.template.loader import render_to_string
from django.views.decorators.csrf import ensure_csrf_cookie
from django.views.decorators.http import require_GET
from strawberry.django.views import AsyncGraphQLView
from strawberry.http import GraphQLHTTPResponse
from strawberry.http.base import BaseRequestProtocol
from strawberry.types import ExecutionResult

from models.models import Member
from permissions.roles import ANONYMOUS, Viewer
from resolvers.request_context import request_id
from resolvers.services.api_tokens import api_token_authenticate, api_token_count_request

from .context import Context
from .errors import coded
from .graphiql import graphiql_context
from .partners import PartnerRequest

_REQUEST_ID = re.compile(r"[^A-Za-z0-9._-]")
# The partner request being served, from `dispatch` to the context and the response.
_partner_request: ContextVar[PartnerRequest | None] = ContextVar(
    "comptoir_partner_request", default=None
)


class CommunityGraphQLView(AsyncGraphQLView[Context, None]):
    graphql_ide = "graphiql"

    async def get_context(self, request: HttpRequest, response: HttpResponse) -> Context:
        partner = _partner_request.get()
        if partner is not None:
            viewer = Viewer(partner=partner.access)
            return Context(request=request, response=response, viewer=viewer)
        user = await request.auser()
        viewer = Viewer(user) if isinstance(user, Member) and user.is_active else ANONYMOUS
        return Context(request=request, response=response, viewer=viewer)

    async def dispatch(  # type: ignore[override]
        self, request: HttpRequest, *args: Any, **kwargs: Any
    ) -> Any:
        secret = _bearer_secret(request)
        if secret is None:
            rejection = _csrf_rejection(request)
            if rejection is not None:
                return rejection
        # Audit events of this request carry its id; a proxy's id is kept when it sends one.
        rid = _REQUEST_ID.sub("", request.headers.get("X-Request-Id", ""))[:64] or uuid.uuid4().hex
        request_id.set(rid)
        if secret is not None:
            response = await self._dispatch_partner(request, secret, *args, **kwargs)
        else:
            # Known before `should_render_graphql_ide`, which cannot await.
            request.user = await request.auser()
            response = await super().dispatch(request, *args, **kwargs)
        response["X-Request-Id"] = rid
        return response

    async def _dispatch_partner(
        self, request: HttpRequest, secret: str, *args: Any, **kwargs: Any
    ) -> Any:
        """A partner's request: the token is its only credential. A session cookie sent along
        is ignored (and needs no CSRF token: a cross-site page cannot set this header)."""
        partner = await sync_to_async(_open_partner_request)(secret)
        if partner is None:
            response = _error_response(
                401, "UNAUTHENTICATED", "The API token is unknown, malformed, expired or revoked."
            )
            response["WWW-Authenticate"] = 'Bearer error="invalid_token"'
            return response
        if partner.rate_limit.exceeded:
            status = partner.rate_limit
            response = _error_response(
                429,
                "RATE_LIMITED",
                f"Rate limit exceeded: {status.limit} requests per {status.window} seconds "
                f"for this token. Retry in {status.reset_seconds} s.",
                extensions=partner.extensions(),
            )
            response["Retry-After"] = str(status.reset_seconds)
            return response
        # Never the session's member, whoever's cookie came along.
        request.user = AnonymousUser()
        served = _partner_request.set(partner)
        try:
            return await super().dispatch(request, *args, **kwargs)
        finally:
            _partner_request.reset(served)

    async def process_result(
        self, request: HttpRequest, result: ExecutionResult
    ) -> GraphQLHTTPResponse:
        if result.errors:
            # An error raised by an extension's own hook (e.g. a syntax error found by the
            # parser cache) skips ErrorCodes: code it here, so every error has one.
            result.errors = [
                error if (error.extensions or {}).get("code") else coded(error)
                for error in result.errors
            ]
        response = await super().process_result(request, result)
        partner = _partner_request.get()
        if partner is not None:
            # Every partner response says where its token stands.
            response["extensions"] = {**(response.get("extensions") or {}), **partner.extensions()}
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

    async def render_graphql_ide(self, request: HttpRequest) -> HttpResponse:
        # Strawberry's GraphiQL page with Comptoir's example tabs (templates/graphql/).
        context = graphiql_context(debug=settings.DEBUG)
        return HttpResponse(render_to_string("graphql/graphiql.html", context, request=request))


def _bearer_secret(request: HttpRequest) -> str | None:
    """The token of an `Authorization: Bearer <token>` header (possibly empty: malformed);
    None when the request has no such header (other schemes are not ours: ignored)."""
    scheme, _, credentials = request.headers.get("Authorization", "").strip().partition(" ")
    if scheme.lower() != "bearer":
        return None
    return credentials.strip()


def _open_partner_request(secret: str) -> PartnerRequest | None:
    """Check the token and count the request against its limit, in one trip to a thread."""
    access = api_token_authenticate(secret=secret)
    if access is None:
        return None
    return PartnerRequest(
        access=access, rate_limit=api_token_count_request(token_id=access.token_id)
    )


def _error_response(
    status: int, code: str, message: str, *, extensions: dict[str, Any] | None = None
) -> JsonResponse:
    """A GraphQL-shaped refusal of the whole request: errors, and no data."""
    body: dict[str, Any] = {"errors": [{"message": message, "extensions": {"code": code}}]}
    if extensions:
        body["extensions"] = extensions
    return JsonResponse(body, status=status)


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
