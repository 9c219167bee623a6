"""The page's language: French, unless the visitor chose another one of LANGUAGES (Django's
`set_language` view keeps the choice in a cookie). The browser's Accept-Language is not
read: a page has one language for everyone who did not choose, crawlers included."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from asgiref.sync import iscoroutinefunction
from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.utils.decorators import sync_and_async_middleware


def _language(request: HttpRequest) -> str:
    chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
    if chosen in dict(settings.LANGUAGES):
        return chosen
    return settings.LANGUAGE_CODE


def _finish(request: HttpRequest, response: HttpResponse) -> HttpResponse:
    patch_vary_headers(response, ("Cookie",))
    response.headers.setdefault("Content-Language", translation.get_language())
    return response


@sync_and_async_middleware
def language_middleware(
    get_response: Callable[[HttpRequest], HttpResponse | Awaitable[HttpResponse]],
) -> Callable[[HttpRequest], HttpResponse | Awaitable[HttpResponse]]:
    if iscoroutinefunction(get_response):

        async def middleware(request: HttpRequest) -> HttpResponse:
            translation.activate(_language(request))
            request.LANGUAGE_CODE = translation.get_language()
            response = await get_response(request)
            return _finish(request, response)

        return middleware

    def sync_middleware(request: HttpRequest) -> HttpResponse:
        translation.activate(_language(request))
        request.LANGUAGE_CODE = translation.get_language()
        response = get_response(request)
        return _finish(request, response)  # type: ignore[arg-type]

    return sync_middleware
