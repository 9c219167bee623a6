"""The staff's working pages (advisers and the committee), under `/equipe/`: one module per
area, like the rest of the code (`threads`: the support desk; `moderation`: the flag queue;
`suggestions`: Le Labo's triage and the committee's meetings being prepared; `committee`:
meetings, scoring and decisions; `stats`: the response-time figures).

Each page is open to the viewers holding one capability of `viewer.capabilities` (the
policies the API checks: `permissions/`); anyone else, an anonymous visitor included, gets
the site's 404, never a hint that the page exists. Writes go through the same GraphQL
mutations as the API (`web/documents/`), so services, audit and notifications are the same.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed

from ..pages import View, capable, not_found, page
from ..queries import run


def staff_page(capability: str, *, methods: tuple[str, ...] = ("GET",)) -> Callable[[View], Any]:
    """A staff page or action (an async view) open to the viewers whose
    `viewer.capabilities.<capability>` is true (e.g. `"canModerate"`), by the HTTP `methods`
    given. Anyone else gets the site's 404 page before anything runs (no document, no
    mutation), whatever the method: even a 405 would tell that the page exists. Then it is a
    page as `pages.page` makes it (session loaded, never cached)."""

    def decorate(view: View) -> Any:
        @wraps(view)
        async def gated(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            header = await run(request, "Header")
            if not capable(header, capability):
                return await not_found(request, header)
            if request.method not in methods:
                return HttpResponseNotAllowed(methods)
            return await view(request, *args, **kwargs)

        return page(gated)

    return decorate
