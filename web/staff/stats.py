"""The response-time figures of the support desk (advisers and the committee)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from ..pages import render_page
from ..queries import run
from . import staff_page

# Weeks shown: a quarter, enough to see a trend and few enough to read on a phone.
WEEKS = 13


@staff_page("canViewSupportFigures")
async def support_figures(request: HttpRequest) -> HttpResponse:
    """First-response times and the share of questions resolved, since the beginning and
    for each of the last WEEKS weeks (`SupportFigures.weekly`): charts, and the same numbers
    in a table."""
    result = await run(request, "ResponseTimes", {"weeks": WEEKS})
    support: dict[str, Any] = (result.data.get("communityStats") or {}).get("support") or {}
    weeks = [
        {**week, "label": date_format(date.fromisoformat(week["weekStart"]), "j M")}
        for week in support.get("weekly") or []
    ]
    return await render_page(
        request,
        "web/staff/stats/support_figures.html",
        result,
        title=_("Response times"),
        noindex=True,
        support=support,
        weeks=weeks,
        median_rows=[(w["label"], w["medianFirstResponseHours"] or 0) for w in weeks],
        resolved_rows=[(w["label"], round((w["resolvedShare"] or 0) * 100)) for w in weeks],
    )
