"""The response-time figures of the support desk (advisers and the committee)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _

from ..pages import render_page
from ..queries import run
from . import staff_page


@staff_page("canViewSupportFigures")
async def support_figures(request: HttpRequest) -> HttpResponse:
    """First-response times and the share of questions resolved (`SupportFigures`)."""
    result = await run(request, "SupportFigures")
    support = (result.data.get("communityStats") or {}).get("support")
    return await render_page(
        request,
        "web/staff/stats/support_figures.html",
        result,
        title=_("Response times"),
        noindex=True,
        support=support,
    )
