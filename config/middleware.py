"""Django's built-in middlewares, with their hooks run inline under ASGI.

Under ASGI, `MiddlewareMixin` runs every `process_request`, `process_response` and
`process_view` in a worker thread (`sync_to_async`): with the seven middlewares of this
stack, about fifteen thread hops per request, each a future handed across threads. Measured
on `{ __typename }` for a logged-in member, those hops were most of a request's cost.

The hooks of these middlewares do no I/O: they read headers and cookies, set attributes and
headers. Those that may, saving a changed session and storing the admin's messages into
it, still run in a thread. A hook that
touched the database on the event loop would not go unnoticed: Django raises
SynchronousOnlyOperation there. Under WSGI (and Django's test client) nothing changes.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from asgiref.sync import sync_to_async
from django.conf import settings
from django.contrib.auth.middleware import AuthenticationMiddleware as _Authentication
from django.contrib.messages.middleware import MessageMiddleware as _Messages
from django.contrib.sessions.middleware import SessionMiddleware as _Session
from django.http import HttpRequest, HttpResponseBase
from django.middleware.clickjacking import XFrameOptionsMiddleware as _XFrameOptions
from django.middleware.common import CommonMiddleware as _Common
from django.middleware.csrf import CsrfViewMiddleware as _Csrf
from django.middleware.security import SecurityMiddleware as _Security
from django.utils.deprecation import MiddlewareMixin


class _InlineHooks(MiddlewareMixin):
    """`MiddlewareMixin.__acall__` without the thread hops: the hooks run on the loop."""

    async def __acall__(self, request: HttpRequest) -> HttpResponseBase:
        response = None
        process_request = getattr(self, "process_request", None)
        if process_request is not None:
            response = process_request(request)
        response = response or await self.get_response(request)  # type: ignore[misc]
        process_response = getattr(self, "process_response", None)
        if process_response is not None:
            response = await self._respond(process_response, request, response)
        return response

    async def _respond(
        self,
        process_response: Callable[[HttpRequest, HttpResponseBase], HttpResponseBase],
        request: HttpRequest,
        response: HttpResponseBase,
    ) -> HttpResponseBase:
        return process_response(request, response)


class SecurityMiddleware(_InlineHooks, _Security):
    pass


class SessionMiddleware(_InlineHooks, _Session):
    async def _respond(
        self,
        process_response: Callable[[HttpRequest, HttpResponseBase], HttpResponseBase],
        request: HttpRequest,
        response: HttpResponseBase,
    ) -> HttpResponseBase:
        session = getattr(request, "session", None)
        if session is not None and (session.modified or settings.SESSION_SAVE_EVERY_REQUEST):
            # Saving writes the session row (and reads it when not loaded): a thread.
            return await sync_to_async(process_response, thread_sensitive=True)(request, response)
        return process_response(request, response)


class CommonMiddleware(_InlineHooks, _Common):
    pass


class CsrfViewMiddleware(_InlineHooks, _Csrf):
    def __init__(self, get_response: Any) -> None:
        super().__init__(get_response)
        if getattr(self, "async_mode", False):
            # The handler adapts each `process_view` to its mode: a coroutine function is
            # awaited as it is, a plain one would be sent to a thread.
            self.process_view = self._process_view_inline  # type: ignore[method-assign,assignment]

    async def _process_view_inline(
        self, request: HttpRequest, callback: Any, callback_args: Any, callback_kwargs: Any
    ) -> HttpResponseBase | None:
        return _Csrf.process_view(self, request, callback, callback_args, callback_kwargs)


class AuthenticationMiddleware(_InlineHooks, _Authentication):
    pass


class MessageMiddleware(_InlineHooks, _Messages):
    async def _respond(
        self,
        process_response: Callable[[HttpRequest, HttpResponseBase], HttpResponseBase],
        request: HttpRequest,
        response: HttpResponseBase,
    ) -> HttpResponseBase:
        storage = getattr(request, "_messages", None)
        if storage is not None and (storage.used or storage.added_new):
            # Storing messages (the admin's) writes them into the session, which may have
            # to be read first: a thread.
            return await sync_to_async(process_response, thread_sensitive=True)(request, response)
        return process_response(request, response)


class XFrameOptionsMiddleware(_InlineHooks, _XFrameOptions):
    pass
