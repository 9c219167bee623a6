"""The page's language: French, unless the visitor chose another one of LANGUAGES (Django's
`set_language` view keeps the choice in a cookie). The browser's Accept-Language is not
read: a page has one language for everyone who did not choose, crawlers included."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from asgiref.sync import iscoroutinefunction, markcoroutinefunction
from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import translation
from django.utils.cache import patch_vary_headers


def _language(request: HttpRequest) -> str:
    chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
    if chosen in dict(settings.LANGUAGES):
        return chosen
    return settings.LANGUAGE_CODE


def _activate(request: HttpRequest) -> None:
    translation.activate(_language(request))
    request.LANGUAGE_CODE = translation.get_language()


def _finish(request: HttpRequest, response: HttpResponse) -> HttpResponse:
    patch_vary_headers(response, ("Cookie",))
    response.headers.setdefault("Content-Language", translation.get_language())
    return response


class LanguageMiddleware:
    """Activates the page's language (module docstring), on the event loop under ASGI."""

    sync_capable = True
    async_capable = True

    def __init__(
        self, get_response: Callable[[HttpRequest], HttpResponse | Awaitable[HttpResponse]]
    ) -> None:
        self.get_response = get_response
        self.is_async = iscoroutinefunction(get_response)
        if self.is_async:
            markcoroutinefunction(self)

    def __call__(self, request: HttpRequest) -> HttpResponse | Awaitable[HttpResponse]:
        if self.is_async:
            return self.__acall__(request)
        _activate(request)
        return _finish(request, self.get_response(request))  # type: ignore[arg-type]

    async def __acall__(self, request: HttpRequest) -> HttpResponse:
        _activate(request)
        response = await self.get_response(request)  # type: ignore[misc]
        return _finish(request, response)
