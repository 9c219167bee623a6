"""Django's built-in middlewares (and django-csp's, WhiteNoise's), with their hooks run
inline under ASGI.

Under ASGI, `MiddlewareMixin` runs every `process_request`, `process_response` and
`process_view` in a worker thread (`sync_to_async`): with the seven middlewares of this
stack, about fifteen thread hops per request, each a future handed across threads. Measured
on `{ __typename }` for a logged-in member, those hops were most of a request's cost.

What these hooks do on an API request is CPU only: read headers and cookies, set attributes
and headers. Where a hook may read or write more, it still runs in a thread: saving a
changed session, storing the admin's messages into it, and checking the CSRF token of a
form POST (which reads the request body: the admin's). A hook that touched the database on
the event loop would not go unnoticed: Django raises SynchronousOnlyOperation there. Under
WSGI (and Django's test client) nothing changes.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from functools import partial
from typing import IO, Any

from asgiref.sync import iscoroutinefunction, markcoroutinefunction, sync_to_async
from csp.middleware import CSPMiddleware as _CSP
from django.conf import settings
from django.contrib import auth
from django.contrib.auth.middleware import AuthenticationMiddleware as _Authentication
from django.contrib.auth.models import AnonymousUser
from django.contrib.messages.middleware import MessageMiddleware as _Messages
from django.contrib.sessions.middleware import SessionMiddleware as _Session
from django.http import HttpRequest, HttpResponseBase
from django.middleware.clickjacking import XFrameOptionsMiddleware as _XFrameOptions
from django.middleware.common import CommonMiddleware as _Common
from django.middleware.csrf import CsrfViewMiddleware as _Csrf
from django.middleware.security import SecurityMiddleware as _Security
from django.utils.deprecation import MiddlewareMixin
from whitenoise.middleware import WhiteNoiseMiddleware as _WhiteNoise

# Requests Django's CSRF check lets through without looking for a token.
SAFE_METHODS = ("GET", "HEAD", "OPTIONS", "TRACE")


class _InlineHooks(MiddlewareMixin):
    """`MiddlewareMixin.__acall__` without the thread hops: the hooks run on the loop, but
    `process_response` in a thread when `_response_needs_thread` says so."""

    async def __acall__(self, request: HttpRequest) -> HttpResponseBase:
        response = None
        process_request = getattr(self, "process_request", None)
        if process_request is not None:
            response = process_request(request)
        response = response or await self.get_response(request)  # type: ignore[misc]
        process_response = getattr(self, "process_response", None)
        if process_response is None:
            return response
        if self._response_needs_thread(request):
            return await sync_to_async(process_response, thread_sensitive=True)(request, response)
        result: HttpResponseBase = process_response(request, response)
        return result

    def _response_needs_thread(self, request: HttpRequest) -> bool:
        return False


class SecurityMiddleware(_InlineHooks, _Security):
    pass


class SessionMiddleware(_InlineHooks, _Session):
    def _response_needs_thread(self, request: HttpRequest) -> bool:
        # Saving writes the session row (and reads it first when it was never loaded).
        session = getattr(request, "session", None)
        return session is not None and (session.modified or settings.SESSION_SAVE_EVERY_REQUEST)


class CommonMiddleware(_InlineHooks, _Common):
    pass


class CsrfViewMiddleware(_InlineHooks, _Csrf):
    def __init__(self, get_response: Any) -> None:
        super().__init__(get_response)
        if getattr(self, "async_mode", False):
            # The handler adapts each `process_view` to its mode: a coroutine function is
            # awaited as it is, a plain one would be sent to a thread.
            self.process_view = self._process_view_async  # type: ignore[method-assign,assignment]

    async def _process_view_async(
        self, request: HttpRequest, callback: Any, callback_args: Any, callback_kwargs: Any
    ) -> HttpResponseBase | None:
        args = (self, request, callback, callback_args, callback_kwargs)
        if getattr(callback, "csrf_exempt", False) or request.method in SAFE_METHODS:
            # Decided without reading the body: /graphql (which checks its own token) and
            # every GET.
            return _Csrf.process_view(*args)
        # A form POST: the token may be in the body, which must be read and parsed (an
        # upload may go to disk), and a refusal renders a template. A thread.
        return await sync_to_async(_Csrf.process_view, thread_sensitive=True)(*args)


class AuthenticationMiddleware(_InlineHooks, _Authentication):
    """Django's, with `request.auser()` reading the session and then its member in one
    thread hop (Django's `aget_user` takes one for each)."""

    def process_request(self, request: HttpRequest) -> None:
        super().process_request(request)
        request.auser = partial(_auser, request)


async def _auser(request: HttpRequest) -> Any:
    """The request's user (a `Member` or `AnonymousUser`), as `django.contrib.auth.get_user`
    finds it: the session's user id and backend, the member, the session's hash of the
    password checked; kept on the request for later calls, sync and async."""
    if not hasattr(request, "_acached_user"):
        if request.session.session_key is None:
            # No session cookie: an anonymous visitor, known without a thread or a query.
            user: Any = AnonymousUser()
        else:
            user = await sync_to_async(auth.get_user, thread_sensitive=True)(request)
        request._acached_user = request._cached_user = user  # type: ignore[attr-defined]
    return request._acached_user  # type: ignore[attr-defined]


class MessageMiddleware(_InlineHooks, _Messages):
    def _response_needs_thread(self, request: HttpRequest) -> bool:
        # Storing messages (the admin's) writes them into the session, which may have to
        # be read first.
        storage = getattr(request, "_messages", None)
        return storage is not None and bool(storage.used or storage.added_new)


class XFrameOptionsMiddleware(_InlineHooks, _XFrameOptions):
    pass


class CSPMiddleware(_InlineHooks, _CSP):
    """django-csp's Content-Security-Policy header (settings.CONTENT_SECURITY_POLICY), with
    the nonce of the response's inline scripts; CPU only."""


class WhiteNoiseMiddleware(_WhiteNoise):
    """WhiteNoise's static files, without a thread hop for every other request.

    WhiteNoise's middleware is synchronous: in an ASGI stack Django would run it, and the
    whole stack below it, through `sync_to_async`/`async_to_sync` on every request. Here a
    request outside STATIC_URL costs one string comparison; a static file is looked up in
    WhiteNoise's table (on disk under DEBUG, in a thread) and its body read in a thread,
    in blocks, as an async iterator (Django would otherwise read a file response whole, in
    one thread hop, with a warning).
    """

    sync_capable = True
    async_capable = True
    block_size = 256 * 1024

    def __init__(self, get_response: Any) -> None:
        super().__init__(get_response)
        self.async_mode = iscoroutinefunction(get_response)
        if self.async_mode:
            markcoroutinefunction(self)

    def __call__(self, request: HttpRequest) -> Any:
        if self.async_mode:
            return self.__acall__(request)
        return super().__call__(request)

    async def __acall__(self, request: HttpRequest) -> HttpResponseBase:
        path = request.path_info
        if not path.startswith(self.static_prefix):
            return await self.get_response(request)
        if self.autorefresh:
            static_file = await sync_to_async(self.find_file, thread_sensitive=False)(path)
        else:
            static_file = self.files.get(path)
        if static_file is None:
            return await self.get_response(request)
        response = await sync_to_async(self.serve, thread_sensitive=False)(static_file, request)
        file = getattr(response, "file_to_stream", None)
        if file is not None:
            response.streaming_content = self._blocks(file)
        return response

    async def _blocks(self, file: IO[bytes]) -> AsyncIterator[bytes]:
        read = sync_to_async(file.read, thread_sensitive=False)
        while block := await read(self.block_size):
            yield block
