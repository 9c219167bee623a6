"""HTTP: the GraphQL endpoint, the CSRF token for the front end, and a health check.

/graphql speaks GraphQL over HTTP as its specification says (graphql.github.io/graphql-over-
http; its reference implementation's audit suite, npm `graphql-http`, runs against the real
server in tests/api/core/test_http_server.py):

- responses are `application/graphql-response+json` when the Accept header prefers it, and
  `application/json` otherwise (no Accept, `*/*`, legacy clients);
- with `application/graphql-response+json`, a request error (a document that does not
  parse or validate, variables that cannot be coerced, no operation to run) is answered
  without `data`, with status 400 (403, 401 or 429 when every error says FORBIDDEN,
  UNAUTHENTICATED or RATE_LIMITED); with `application/json`, as the specification keeps for
  legacy clients, the same errors come with `"data": null` and status 200;
- everything refused before a GraphQL request exists (method, content type, body, CSRF,
  batching, ...) is one GraphQL error with `extensions.code`, as `application/json`, with
  the status the specification gives it: never Django's or Strawberry's HTML or plain text.
"""

from __future__ import annotations

import json
import logging
from contextvars import ContextVar
from typing import Any, NoReturn

import orjson
from asgiref.sync import sync_to_async
from cross_web import AsyncHTTPRequestAdapter, HTTPException
from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import RequestDataTooBig, SuspiciousOperation
from django.core.serializers.json import DjangoJSONEncoder
from django.db import DEFAULT_DB_ALIAS
from django.http import HttpRequest, HttpResponse, HttpResponseBase, JsonResponse
from django.middleware.csrf import CsrfViewMiddleware, get_token
from django.template.loader import render_to_string
from django.utils.cache import add_never_cache_headers, patch_vary_headers
from django.utils.log import log_response
from django.views import defaults
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import ensure_csrf_cookie
from django.views.decorators.http import require_GET
from graphql import GraphQLError
from strawberry.django.views import AsyncGraphQLView
from strawberry.http import GraphQLHTTPResponse, GraphQLRequestData
from strawberry.http.base import BaseRequestProtocol
from strawberry.schema.exceptions import CannotGetOperationTypeError, InvalidOperationTypeError
from strawberry.types import ExecutionResult
from strawberry.types.graphql import OperationType

from models.models import Member
from permissions.roles import ANONYMOUS, Viewer
from resolvers.health import health
from resolvers.request_context import request_id, request_id_for

from ..partners import PartnerRequest, bearer_token, open_partner_request
from . import public_cache, trusted_documents
from .context import Context
from .errors import INTERNAL_MESSAGE, coded
from .graphiql import graphiql_context
from .monitoring import count_refusal

logger = logging.getLogger("comptoir.graphql")
_DJANGO_JSON = DjangoJSONEncoder()

JSON = "application/json"
GRAPHQL_RESPONSE = "application/graphql-response+json"
# The media types /graphql answers in. On a tie (`*/*`, `application/*`, or both listed with
# the same quality) the first: application/json, what legacy clients understand.
RESPONSE_TYPES = (JSON, GRAPHQL_RESPONSE)
ALLOWED_METHODS = "GET, POST, OPTIONS"
# Status of a request error answered as application/graphql-response+json, by the code
# every error of the response carries; 400 otherwise.
REQUEST_ERROR_STATUS = {"FORBIDDEN": 403, "UNAUTHENTICATED": 401, "RATE_LIMITED": 429}

# The partner request being served, from `dispatch` to the context and the response.
_partner_request: ContextVar[PartnerRequest | None] = ContextVar(
    "comptoir_partner_request", default=None
)
# The media type negotiated for the request being served (None: none that /graphql speaks).
_response_type: ContextVar[str | None] = ContextVar("comptoir_response_type", default=JSON)


class Refusal(Exception):
    """A request /graphql refuses before it runs any GraphQL: answered as one GraphQL error
    with a code (`{"errors": [{"message", "extensions": {"code"}}]}`, no `data`), as
    application/json, with this HTTP status and these headers."""

    def __init__(
        self, status: int, code: str, message: str, *, headers: dict[str, str] | None = None
    ) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.headers = headers or {}

    def response(self) -> JsonResponse:
        """The refusal as the HTTP response /graphql sends."""
        response = _error_response(self.status, self.code, self.message)
        for name, value in self.headers.items():
            response[name] = value
        return response


class CommunityGraphQLView(AsyncGraphQLView[Context, None]):
    """/graphql: Strawberry's async view, with Comptoir's authentication (session and CSRF,
    or a partner's token), GraphQL-over-HTTP parsing and answers (module docstring), and
    GraphiQL for whom may have it."""

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
    ) -> HttpResponseBase:
        # Audit events and log lines of this request carry its id, which the first
        # middleware set (config/observability.py) from the proxy's when it sent one; the
        # view still makes one when it is served without that middleware.
        rid = request_id.get()
        token = None
        if not rid:
            rid = request_id_for(request.headers.get("X-Request-Id", ""))
            token = request_id.set(rid)
        try:
            response = await self._answer(request)
        except Refusal as refusal:
            response = refusal.response()
        except RequestDataTooBig:
            response = _too_large().response()
        except SuspiciousOperation as exc:
            # Django's refusals of a request it cannot read (e.g. too many query-string
            # fields), which it would answer with its HTML error page.
            response = _error_response(400, "BAD_USER_INPUT", f"Malformed request: {exc}")
        except HTTPException as exc:  # Strawberry's own refusals, should one come through
            response = _error_response(exc.status_code, "BAD_USER_INPUT", exc.reason)
        except Exception:
            logger.exception("Internal error answering %s %s", request.method, request.path)
            response = _error_response(500, "INTERNAL", INTERNAL_MESSAGE)
        finally:
            if token is not None:
                request_id.reset(token)
        response["X-Request-Id"] = rid
        # The media type (and GraphiQL's page) depend on Accept: a cache must key on it.
        patch_vary_headers(response, ("Accept",))
        if _carries_session(request):
            # A member's data, or a session changing hands: no cache may keep it.
            add_never_cache_headers(response)
        return response

    async def _answer(self, request: HttpRequest) -> HttpResponseBase:
        if request.method == "OPTIONS":
            response = HttpResponse()
            response["Allow"] = ALLOWED_METHODS
            return response
        if request.method not in ("GET", "POST"):
            raise Refusal(
                405,
                "BAD_USER_INPUT",
                f"/graphql does not answer {request.method}: send queries with GET or POST, "
                "mutations with POST.",
                headers={"Allow": ALLOWED_METHODS},
            )
        if request.method == "POST":
            # Before the CSRF check, which would parse a form body looking for its token.
            _check_content_type(request)
        secret = _bearer_secret(request)
        if secret is None:
            _check_csrf(request)
        negotiated = _response_type.set(_negotiate(request))
        try:
            if secret is not None:
                return await self._dispatch_partner(request, secret)
            # Known before `should_render_graphql_ide`, which cannot await.
            request.user = await request.auser()
            return await self.run(request=request)
        finally:
            _response_type.reset(negotiated)

    async def _dispatch_partner(self, request: HttpRequest, secret: str) -> HttpResponseBase:
        """A partner's request: the token is its only credential. A session cookie sent along
        is ignored (and needs no CSRF token: a cross-site page cannot set this header)."""
        partner = await sync_to_async(open_partner_request)(secret)
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
            return await self.run(request=request)
        finally:
            _partner_request.reset(served)

    async def parse_http_body(self, request: AsyncHTTPRequestAdapter) -> GraphQLRequestData:
        """The GraphQL-over-HTTP request: from the query string of a GET, from the JSON body
        of a POST (its content type is checked in `dispatch`). Anything else is refused."""
        django_request: HttpRequest = request.request  # type: ignore[attr-defined]
        if _response_type.get() is None:
            raise Refusal(
                406,
                "BAD_USER_INPUT",
                f"Not acceptable: /graphql answers {GRAPHQL_RESPONSE} or {JSON} (Accept).",
            )
        if django_request.method == "GET":
            params = _query_string_params(django_request)
        else:
            params = _json_body(django_request)
        # A `documentId` becomes its registered document; only those may run for visitors
        # and members when COMPTOIR_TRUSTED_DOCUMENTS_ONLY is on.
        may_send_any = _partner_request.get() is not None or bool(
            getattr(getattr(django_request, "user", None), "is_staff", False)
        )
        try:
            params = trusted_documents.request_params(params, may_send_any=may_send_any)
        except trusted_documents.DocumentRefused as refused:
            raise Refusal(refused.status, refused.code, refused.message) from None
        return _graphql_request(params)

    async def execute_single(
        self,
        request: HttpRequest,
        request_adapter: AsyncHTTPRequestAdapter,
        sub_response: HttpResponse,
        context: Context,
        root_value: None,
        request_data: GraphQLRequestData,
    ) -> ExecutionResult:
        # Anonymous visitors' and partners' queries of trusted documents: one execution per
        # second and cache (public_cache.py); a member never gets a kept answer.
        kept_as = public_cache.key_for(
            viewer=context.viewer,
            query=request_data.query,
            operation_name=request_data.operation_name,
            variables=request_data.variables,
            carries_session=_carries_session(request),
        )
        return await public_cache.execute(
            kept_as, lambda: self._execute(request_adapter, context, root_value, request_data)
        )

    async def _execute(
        self,
        request_adapter: AsyncHTTPRequestAdapter,
        context: Context,
        root_value: None,
        request_data: GraphQLRequestData,
    ) -> ExecutionResult:
        try:
            return await self.schema.execute(
                request_data.query,
                root_value=root_value,
                variable_values=request_data.variables,
                context_value=context,
                operation_name=request_data.operation_name,
                allowed_operation_types=OperationType.from_http(request_adapter.method),
                operation_extensions=request_data.extensions,
            )
        except InvalidOperationTypeError as exc:
            if exc.operation_type is OperationType.SUBSCRIPTION:
                raise Refusal(
                    400,
                    "BAD_USER_INPUT",
                    "Subscriptions are served over WebSocket on /graphql (the "
                    "graphql-transport-ws protocol), not over HTTP.",
                ) from None
            # GET allows queries only (a safe method must not change anything).
            raise Refusal(
                405,
                "BAD_USER_INPUT",
                "Mutations are not allowed over GET: send them with POST.",
                headers={"Allow": "POST"},
            ) from None
        except CannotGetOperationTypeError as exc:
            # A request error like a validation error: nothing ran.
            message = (
                f'The document has no operation named "{exc.operation_name}".'
                if exc.operation_name
                else "The document must hold one operation, or name the one to run in "
                "`operationName`."
            )
            error = GraphQLError(message, extensions={"code": "BAD_USER_INPUT"})
            return ExecutionResult(data=None, errors=[error])

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
        if _response_type.get() == GRAPHQL_RESPONSE and _is_request_error(result):
            # Nothing ran: a GraphQL response without `data` (GraphQL spec, "Response").
            del response["data"]
        partner = _partner_request.get()
        if partner is not None:
            # Every partner response says where its token stands.
            response["extensions"] = {**(response.get("extensions") or {}), **partner.extensions()}
        return response

    def encode_json(self, data: object) -> bytes:
        """`data` as compact UTF-8 JSON (RFC 8259 §8.1: characters as they are, no `\\u`
        escapes), by orjson; what it does not encode itself (dates, lazy translations,
        decimals) as Django's `DjangoJSONEncoder` does."""
        return orjson.dumps(
            data, default=_DJANGO_JSON.default, option=orjson.OPT_PASSTHROUGH_DATETIME
        )

    def create_response(
        self,
        response_data: GraphQLHTTPResponse | list[GraphQLHTTPResponse],
        sub_response: HttpResponse,
    ) -> HttpResponse:
        """The JSON response, in the negotiated media type, with the status the GraphQL-over-
        HTTP spec gives it; headers and cookies the resolvers set (sub_response) kept."""
        status = sub_response.status_code or 200
        if _response_type.get() == GRAPHQL_RESPONSE:
            content_type = f"{GRAPHQL_RESPONSE}; charset=utf-8"
            if isinstance(response_data, dict) and "data" not in response_data:
                status = _request_error_status(response_data)
        else:
            content_type = JSON
        response = HttpResponse(
            self.encode_json(response_data), status=status, content_type=content_type
        )
        for name, value in sub_response.items():
            if name.lower() != "content-type":
                response[name] = value
        response.cookies.update(sub_response.cookies)
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
    return bearer_token(request.headers.get("Authorization", ""))


def _error_response(
    status: int, code: str, message: str, *, extensions: dict[str, Any] | None = None
) -> JsonResponse:
    """A GraphQL-shaped refusal of the whole request: errors, and no data (counted in the
    metrics' errors by code)."""
    count_refusal(code)
    body: dict[str, Any] = {"errors": [{"message": message, "extensions": {"code": code}}]}
    if extensions:
        body["extensions"] = extensions
    return JsonResponse(body, status=status)


def _check_csrf(request: HttpRequest) -> None:
    """Django's CSRF check, for POSTs that carry a session cookie (Refusal 403 FORBIDDEN).

    A request without the session cookie has no ambient credentials to abuse, so anonymous
    reads and `login` need no token (a cross-site page cannot send the JSON body this
    endpoint requires without a CORS preflight, which it never grants). Once a session
    exists, every POST must echo the CSRF token, as Django's middleware would demand.
    """
    if request.method != "POST" or settings.SESSION_COOKIE_NAME not in request.COOKIES:
        return
    _CSRF.process_view(request, _csrf_checked_view, (), {})


def _csrf_checked_view(request: HttpRequest) -> HttpResponse:  # pragma: no cover - never called
    raise AssertionError


class _GraphQLCsrfCheck(CsrfViewMiddleware):
    """Django's CSRF check, refusing with a GraphQL error instead of Django's HTML page
    (which a GraphQL client cannot read)."""

    def _reject(self, request: HttpRequest, reason: str) -> NoReturn:
        refusal = Refusal(
            403,
            "FORBIDDEN",
            f"CSRF check failed: {reason} A POST with the session cookie must send the "
            "CSRF token (GET /auth/csrf/) in the X-CSRFToken header.",
        )
        # Logged as Django logs its own CSRF refusals.
        log_response(
            "Forbidden (%s): %s",
            reason,
            request.path,
            response=refusal.response(),
            request=request,
            logger=logging.getLogger("django.security.csrf"),
        )
        raise refusal


_CSRF = _GraphQLCsrfCheck(_csrf_checked_view)


def _carries_session(request: HttpRequest) -> bool:
    """Whether the request came with a session cookie or its answer changes the session
    (`login`, `logout`): its response may hold a member's data."""
    if settings.SESSION_COOKIE_NAME in request.COOKIES:
        return True
    session = getattr(request, "session", None)
    return session is not None and bool(session.modified)


def _negotiate(request: HttpRequest) -> str | None:
    """The media type of the answer (RESPONSE_TYPES) the Accept header prefers; JSON when
    it is absent or blank; None when it allows neither."""
    if not request.headers.get("Accept", "").strip():
        return JSON
    preferred: str | None = request.get_preferred_type(RESPONSE_TYPES)
    return preferred


def _check_content_type(request: HttpRequest) -> None:
    """A POST's body must be JSON in UTF-8 (GraphQL over HTTP, "POST"); form encodings,
    which a cross-site page may send without a CORS preflight, are refused (415)."""
    charset = (request.content_params or {}).get("charset", "utf-8").lower()
    if request.content_type == JSON and charset in ("utf-8", "utf8"):
        return
    sent = request.headers.get("Content-Type", "")
    raise Refusal(
        415,
        "BAD_USER_INPUT",
        f"Unsupported Content-Type {sent!r}: POST a JSON body as {JSON} (UTF-8)."
        if sent
        else f"The POST has no Content-Type: send a JSON body as {JSON} (UTF-8).",
    )


def _too_large() -> Refusal:
    limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    return Refusal(
        413, "QUERY_TOO_COMPLEX", f"The request body is larger than the limit of {limit} bytes."
    )


def _bad_request(message: str) -> Refusal:
    return Refusal(400, "BAD_USER_INPUT", message)


def _refuse_constant(name: str) -> NoReturn:
    raise ValueError(f"{name} is not JSON")


def _parse_json(text: str, what: str) -> Any:
    """`text` as strict JSON (no NaN or Infinity); a Refusal naming `what` otherwise."""
    try:
        return json.loads(text, parse_constant=_refuse_constant)
    except json.JSONDecodeError as exc:
        raise _bad_request(f"{what} is not valid JSON: {exc}.") from None
    except RecursionError:
        raise _bad_request(f"{what} is nested too deeply.") from None
    except ValueError as exc:
        # Python's own limits (a number of more than 4,300 digits) and NaN/Infinity.
        reason = str(exc) if "is not JSON" in str(exc) else "a number has too many digits"
        raise _bad_request(f"{what} is not valid JSON: {reason}.") from None


def _json_body(request: HttpRequest) -> dict[str, Any]:
    """The POST's body: a JSON object (the GraphQL-over-HTTP request's parameters)."""
    body = request.body  # RequestDataTooBig past DATA_UPLOAD_MAX_MEMORY_SIZE (Content-Length)
    if settings.DATA_UPLOAD_MAX_MEMORY_SIZE is not None and (
        len(body) > settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    ):
        # A chunked body has no Content-Length for Django to check first.
        raise _too_large()
    if not body.strip():
        raise _bad_request('The request body is empty: POST a JSON object {"query": "..."}.')
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        raise _bad_request("The request body is not UTF-8.") from None
    data = _parse_json(text, "The request body")
    if isinstance(data, list):
        raise _bad_request(
            "Batching is not supported: send one operation per request, as a JSON object."
        )
    if not isinstance(data, dict):
        raise _bad_request(
            f'The request body must be a JSON object {{"query": "..."}}, not {_kind(data)}.'
        )
    return data


def _query_string_params(request: HttpRequest) -> dict[str, Any]:
    """A GET's parameters (GraphQL over HTTP, "GET"): `variables` and `extensions` are JSON
    in the query string; an empty parameter counts as absent."""
    params: dict[str, Any] = {
        name: value for name, value in request.GET.dict().items() if value != ""
    }
    for name in ("variables", "extensions"):
        if name in params:
            params[name] = _parse_json(params[name], f"`{name}`")
    return params


def _graphql_request(params: dict[str, Any]) -> GraphQLRequestData:
    """The GraphQL-over-HTTP request's parameters, checked (Refusal 400); other keys are
    ignored, as the spec says, and `null` counts as absent."""
    query = params.get("query")
    if query is None or query == "":
        raise _bad_request("The request has no `query` (the GraphQL document to run).")
    if not isinstance(query, str):
        raise _bad_request(f"`query` must be a string, not {_kind(query)}.")
    operation_name = params.get("operationName")
    if not isinstance(operation_name, str | None):
        raise _bad_request(
            f"`operationName` must be a string or null, not {_kind(operation_name)}."
        )
    for name in ("variables", "extensions"):
        value = params.get(name)
        if not isinstance(value, dict | None):
            raise _bad_request(f"`{name}` must be an object or null, not {_kind(value)}.")
    return GraphQLRequestData(
        query=query,
        variables=params.get("variables"),
        operation_name=operation_name or None,
        extensions=params.get("extensions"),
    )


def _kind(value: Any) -> str:
    """How JSON names the kind of `value`, for error messages."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "an array"
    return "an object"


def _is_request_error(result: ExecutionResult) -> bool:
    """Whether nothing was executed: no data, and no error at a field's path (GraphQL spec:
    request errors have none; field errors always have one)."""
    errors = result.errors or []
    return result.data is None and bool(errors) and all(error.path is None for error in errors)


def _request_error_status(response_data: GraphQLHTTPResponse) -> int:
    errors: list[dict[str, Any]] = response_data.get("errors") or []  # type: ignore[assignment]
    codes = {(error.get("extensions") or {}).get("code") for error in errors}
    if "INTERNAL" in codes:
        return 500
    if len(codes) == 1:
        return REQUEST_ERROR_STATUS.get(str(codes.pop()), 400)
    return 400


@require_GET
@never_cache
@ensure_csrf_cookie
def csrf_token_view(request: HttpRequest) -> JsonResponse:
    """The front end reads the token here and sends it back in the X-CSRFToken header on
    cookie-authenticated POSTs to /graphql."""
    return JsonResponse({"csrfToken": get_token(request)})


@require_GET
@never_cache
def healthz_view(request: HttpRequest) -> HttpResponse:
    """The balancer's health check (resolvers/health.py): 200 when the database and Redis
    (when REDIS_URL is set) answer, 503 otherwise (`"status": "error"`); a read replica that
    does not answer makes it `"degraded"`, still 200. With what each check found and the
    outbox lag (reported, never a reason for 503: a late task worker does not make this
    process unfit to serve). For example:

        {"status": "ok", "checks": {"database": "ok", "redis": "ok"},
         "outboxLagSeconds": 0}

    `outboxLagSeconds`: whole seconds since the oldest event no worker has dispatched was
    recorded (0 when none waits; null when the database cannot tell).
    A failed check says `"error"` and nothing more (the reason is logged, with the request
    id): anyone may call this URL."""
    state = health()
    lag = state.outbox_lag_seconds
    checks = {
        ("database" if alias == DEFAULT_DB_ALIAS else alias): "ok" if answered else "error"
        for alias, answered in state.databases.items()
    }
    if state.redis is not None:
        checks["redis"] = "ok" if state.redis else "error"
    body = {
        "status": state.status,
        "checks": checks,
        "outboxLagSeconds": None if lag is None else int(lag),
    }
    return JsonResponse(body, status=503 if state.status == "error" else 200)


# --- Errors raised before the view: JSON under /graphql, Django's pages elsewhere ----------


def _under_graphql(request: HttpRequest) -> bool:
    # `path_info`, not `get_host()` or anything the failing check may itself refuse.
    path = request.path_info
    return path == "/graphql" or path.startswith("/graphql/")


def bad_request_view(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """`handler400`: e.g. a Host header outside ALLOWED_HOSTS (`DisallowedHost`), raised by
    the middlewares before any view runs. Under /graphql, a GraphQL JSON error (DESIGN §5:
    every refusal on /graphql is one); elsewhere Django's own page."""
    if _under_graphql(request):
        return _error_response(400, "BAD_USER_INPUT", "The request is not valid.")
    return defaults.bad_request(request, exception or Exception())


def permission_denied_view(
    request: HttpRequest, exception: Exception | None = None
) -> HttpResponse:
    """`handler403`, as `bad_request_view` (FORBIDDEN)."""
    if _under_graphql(request):
        return _error_response(403, "FORBIDDEN", "You are not allowed to do this.")
    return defaults.permission_denied(request, exception or Exception())


def not_found_view(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """`handler404`, as `bad_request_view` (NOT_FOUND): e.g. `/graphql/` with a slash."""
    if _under_graphql(request):
        return _error_response(404, "NOT_FOUND", "Not found: the GraphQL endpoint is /graphql.")
    return defaults.page_not_found(request, exception or Exception())


def server_error_view(request: HttpRequest) -> HttpResponse:
    """`handler500`, as `bad_request_view` (INTERNAL, the message masked)."""
    if _under_graphql(request):
        return _error_response(500, "INTERNAL", "Internal server error.")
    return defaults.server_error(request)
