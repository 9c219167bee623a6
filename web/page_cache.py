"""The anonymous visitors' pages, kept for one second: most of a community's readers are
not logged in, and every one of them opening the Labo within the same second gets the same
page. Rendering it is most of its cost (about 20 ms of CPU for the Labo's twenty cards,
its data coming from the shared cache of public answers), so the rendered page is kept,
for `COMPTOIR_PUBLIC_CACHE_SECONDS` like those answers, in the same cache (Redis when
REDIS_URL is set, process memory otherwise). A page that will be kept runs its documents
on data of now, not on kept answers (`rendering_to_keep`): a change reaches anonymous
readers of a kept page at most that bound later, as it does on /graphql.

Only the public pages (`pages.public_page`: home, café, threads, Labo, ideas,
engagements, search, profiles) are kept and served, and only for a GET by a visitor with
no session cookie (a member, someone logging in, or anyone with a message waiting has one:
messages live in the session), keyed by the page's absolute URL (scheme, host, path and
query string) and language. What is kept: a 200 answer whose documents answered no error,
that neither set a cookie, wrote the session nor queued a message, and that no one marked
private or `no-store`, with the headers its view set (the middleware's are added to each
response as usual).

The one part of a page that belongs to its visitor is the CSRF token of its forms and of
its `csrf-token` meta tag (Django masks it anew for every response, and it must match the
visitor's own CSRF cookie): a kept page stores the token it was rendered with, and each
visitor it is served to gets that token replaced by their own (`get_token`, which also
sets their cookie when they have none).
"""

from __future__ import annotations

import hashlib
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser
from django.core.cache import cache, caches
from django.core.cache.backends.locmem import LocMemCache
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.utils import translation
from django.utils.cache import get_max_age

KEY_PREFIX = "comptoir:public-page:"

# True while a page that will be kept renders: its documents then skip the public cache.
rendering_to_keep: ContextVar[bool] = ContextVar("rendering_to_keep", default=False)


@dataclass(frozen=True)
class KeptPage:
    """A rendered page as kept: its body (bytes), its headers (name, value) as the view
    set them, and the masked CSRF token the body was rendered with."""

    body: bytes
    headers: tuple[tuple[str, str], ...]
    csrf_token: str

    def response_for(self, request: HttpRequest) -> HttpResponse:
        """The page for `request`'s visitor: their own CSRF token in place of the kept one."""
        body = self.body.replace(self.csrf_token.encode(), page_csrf_token(request).encode())
        response = HttpResponse(body)
        for name, value in self.headers:
            response[name] = value
        return response


def page_csrf_token(request: HttpRequest) -> str:
    """The CSRF token of `request`'s page: one masked token for every form and the meta tag
    of one response (Django's `csrf` context processor would mask it again for each
    template context), remembered so that the page can be kept without it."""
    token: str | None = getattr(request, "_page_csrf_token", None)
    if token is None:
        token = get_token(request)
        request._page_csrf_token = token  # type: ignore[attr-defined]
    return token


def key_for(request: HttpRequest, user: AbstractBaseUser | AnonymousUser) -> str | None:
    """The cache key of `request`'s page, or None when it may be neither served from the
    cache nor kept in it (module docstring)."""
    if (
        settings.COMPTOIR_PUBLIC_CACHE_SECONDS <= 0
        or request.method != "GET"
        or user.is_authenticated
        or settings.SESSION_COOKIE_NAME in request.COOKIES
    ):
        return None
    where = "\n".join((translation.get_language(), request.build_absolute_uri()))
    return KEY_PREFIX + hashlib.sha256(where.encode()).hexdigest()


def _in_process() -> bool:
    """The cache is this process's memory: read and written on the event loop (a dict
    lookup under a lock) instead of through a thread, as Django's `aget` would."""
    return isinstance(caches["default"], LocMemCache)


async def kept(key: str) -> KeptPage | None:
    """The page kept under `key` while fresh, or None."""
    page: Any = cache.get(key) if _in_process() else await cache.aget(key)
    return page if isinstance(page, KeptPage) else None


async def keep(key: str, request: HttpRequest, response: HttpResponse) -> None:
    """Keep `response` under `key` when it may be served to other visitors (module
    docstring); otherwise do nothing."""
    token: str | None = getattr(request, "_page_csrf_token", None)
    cache_control = response.get("Cache-Control", "")
    errors: int = getattr(request, "graphql_errors", 0)
    session = getattr(request, "session", None)
    queued = getattr(request, "_messages", None)
    if (
        token is None
        or response.status_code != 200
        or (session is not None and session.modified)
        or (queued is not None and queued.added_new)
        or response.streaming
        or bool(response.cookies)
        or errors
        or "private" in cache_control
        or "no-store" in cache_control
        or get_max_age(response) == 0
    ):
        return
    page = KeptPage(body=response.content, headers=tuple(response.items()), csrf_token=token)
    timeout = settings.COMPTOIR_PUBLIC_CACHE_SECONDS
    if _in_process():
        cache.set(key, page, timeout=timeout)
    else:
        await cache.aset(key, page, timeout=timeout)
