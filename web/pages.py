"""The website's page plumbing, shared by the community's pages (`views`) and the staff's
(`staff`): the async page wrapper, forms sent back with their errors, rendering with the
header's viewer, the site's 404, paging links and small readers of documents' results."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from functools import wraps
from typing import Any, cast

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _

from . import page_cache
from .labels import LABELS, SUGGESTION_STATUS, THREAD_STATUS, error_message, vote_texts
from .queries import Result, document_ids, run

PAGE_SIZE = 20
# The documents the page's scripts send to /graphql by id (static/web/comptoir.js).
SCRIPT_DOCUMENTS = (
    "VoteForSuggestion",
    "WithdrawVote",
    "FollowSuggestion",
    "UnfollowSuggestion",
    "FollowThread",
    "UnfollowThread",
    "SimilarIdeas",
    "MarkNotificationsRead",
    # Subscriptions, over WebSocket: the live parts of pages.
    "LiveIdea",
    "LiveThread",
    "LiveNotifications",
)
View = Callable[..., Awaitable[HttpResponse]]


# --- Plumbing ---------------------------------------------------------------------------


def page(view: View) -> Callable[..., HttpResponse]:
    """An async page view: the session is loaded first (so that messages and CSRF work
    without blocking the event loop), members' pages are never cached, and with DEBUG on
    the response says how many GraphQL errors its documents received."""
    return _page(view, public=False)


def public_page(view: View) -> Callable[..., HttpResponse]:
    """A `page` that shows anonymous visitors only what everyone may read: theirs is kept
    for a second and served to the other anonymous visitors of that second (`page_cache`).
    Not for a page whose content depends on anything but its URL and language (a form's
    values, a token in the URL that opens something private)."""
    return _page(view, public=True)


def _page(view: View, *, public: bool) -> Callable[..., HttpResponse]:
    @wraps(view)
    async def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        user = await request.auser()
        key = page_cache.key_for(request, user) if public else None
        kept = await page_cache.kept(key) if key is not None else None
        if kept is not None:
            response = kept.response_for(request)
        elif key is not None:
            rendering = page_cache.rendering_to_keep.set(True)
            try:
                response = await view(request, *args, **kwargs)
            finally:
                page_cache.rendering_to_keep.reset(rendering)
            await page_cache.keep(key, request, response)
        else:
            response = await view(request, *args, **kwargs)
        if settings.DEBUG:
            response["X-Comptoir-GraphQL-Errors"] = str(getattr(request, "graphql_errors", 0))
        if user.is_authenticated:
            # A member's page: their name, their notifications, their votes.
            add_never_cache_headers(response)
        return response

    # Django serves async views as they are (the decorators above it keep them async).
    return cast(Callable[..., HttpResponse], wrapper)


@dataclass
class Form:
    """A form as sent back to its page: the values typed and the errors by field (`None`:
    the form as a whole)."""

    values: dict[str, str] = field(default_factory=dict)
    errors: dict[str | None, list[str]] = field(default_factory=dict)

    @classmethod
    def of(cls, request: HttpRequest, *names: str) -> Form:
        return cls(values={name: request.POST.get(name, "") for name in names})

    def add(self, code: str, field: str | None = None) -> None:
        self.errors.setdefault(field, []).append(error_message(code, field))

    def add_payload(self, result: Result, mutation: str, fields: tuple[str, ...]) -> bool:
        """The mutation's payload errors (by field), or its top-level errors (the form as a
        whole); True when there was any."""
        payload = result.data.get(mutation) or {}
        for error in payload.get("errors") or []:
            name = error.get("field")
            self.add(error["code"], name if name in fields else None)
        for error in result.errors:
            self.add(str((error.get("extensions") or {}).get("code", "INTERNAL")))
        if not result.data.get(mutation) and not self.errors:
            self.add("INTERNAL")
        return bool(self.errors)

    @property
    def general(self) -> list[str]:
        return self.errors.get(None, [])


def page_context(
    request: HttpRequest,
    result: Result,
    *,
    title: str,
    description: str = "",
    canonical: str | None = None,
    noindex: bool = False,
    **extra: Any,
) -> dict[str, Any]:
    ids = document_ids()
    return {
        "viewer": result.data.get("viewer"),
        "title": title,
        "description": description,
        "canonical": request.build_absolute_uri(canonical) if canonical else None,
        "noindex": noindex,
        # One token for the page's forms and meta tag, which the page cache swaps.
        "csrf_token": page_cache.page_csrf_token(request),
        "script_documents": {name: ids[name] for name in SCRIPT_DOCUMENTS},
        # What the live parts of a page show of a status (static/web/comptoir.js).
        "script_labels": {"suggestion_status": SUGGESTION_STATUS, "thread_status": THREAD_STATUS},
        "labels": LABELS,
        "vote_texts": vote_texts(),
        **extra,
    }


async def render_page(
    request: HttpRequest,
    template: str,
    result: Result,
    *,
    http_status: int = 200,
    **context: Any,
) -> HttpResponse:
    return render(request, template, page_context(request, result, **context), status=http_status)


async def not_found(request: HttpRequest, header: Result | None = None) -> HttpResponse:
    """The site's 404 page, with the header of `header` (the Header document's result)
    when the caller ran it already."""
    if header is None:
        header = await run(request, "Header")
    return await render_page(
        request,
        "web/error.html",
        header,
        http_status=404,
        title=_("Page not found"),
        noindex=True,
        heading=_("This page does not exist"),
        text=_("It may have been removed, or you may not see it."),
    )


def login_url(request: HttpRequest) -> str:
    return reverse("web:login") + "?" + urlencode({"next": request.get_full_path()})


def local_url(request: HttpRequest, target: str | None, default: str) -> str:
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return default


def paging(request: HttpRequest, size: int = PAGE_SIZE) -> dict[str, Any]:
    """`first`/`after` or `last`/`before` from the query string."""
    before = request.GET.get("before")
    if before:
        return {"last": size, "before": before}
    return {"first": size, "after": request.GET.get("after") or None}


def page_links(request: HttpRequest, page_info: dict[str, Any] | None) -> dict[str, str]:
    """Links to the previous and next pages, keeping the other parameters."""
    links: dict[str, str] = {}
    if not page_info:
        return links
    base: dict[str, str] = {
        k: str(v) for k, v in request.GET.items() if k not in ("after", "before")
    }
    if page_info.get("hasNextPage") and page_info.get("endCursor"):
        links["next"] = "?" + urlencode({**base, "after": page_info["endCursor"]})
    if page_info.get("hasPreviousPage") and page_info.get("startCursor"):
        links["previous"] = "?" + urlencode({**base, "before": page_info["startCursor"]})
    elif request.GET.get("after") or request.GET.get("before"):
        # Arrived from elsewhere (a cursor moved on): back to the first page.
        links["previous"] = "?" + urlencode(base) if base else "?"
    return links


def nodes(connection: dict[str, Any] | None) -> list[dict[str, Any]]:
    return [edge["node"] for edge in (connection or {}).get("edges") or []]


def viewer_of(result: Result) -> dict[str, Any] | None:
    viewer: dict[str, Any] | None = result.data.get("viewer")
    return viewer


def capable(result: Result, capability: str) -> bool:
    viewer = viewer_of(result) or {}
    return bool((viewer.get("capabilities") or {}).get(capability))


def thread_url(thread_id: str) -> str:
    return reverse("web:thread", args=[thread_id])


def idea_url(idea_id: str) -> str:
    return reverse("web:idea", args=[idea_id])
