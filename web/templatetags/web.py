"""Filters and tags of the website's templates: dates in Europe/Paris and numbers in the
reader's language, enum values in words, and the charts of "Nos engagements" as SVG."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django import template
from django.utils import timezone
from django.utils.formats import date_format, number_format
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

from ..labels import label as label_of

register = template.Library()


def _instant(value: Any) -> datetime | None:
    if isinstance(value, datetime):
        return value
    if not value:
        return None
    try:
        return datetime.fromisoformat(str(value))
    except ValueError:
        return None


@register.filter
def when(value: Any, style: str = "DATE_FORMAT") -> str:
    """An instant of the API (ISO 8601, UTC), in the bank's time zone and the reader's
    language: `DATE_FORMAT` (the default) or `DATETIME_FORMAT`."""
    instant = _instant(value)
    if instant is None:
        return ""
    return date_format(timezone.localtime(instant), style)


@register.simple_tag
def time_tag(value: Any, style: str = "DATE_FORMAT") -> SafeString:
    """`<time datetime="...">` around `when`."""
    instant = _instant(value)
    if instant is None:
        return SafeString("")
    return format_html('<time datetime="{}">{}</time>', instant.isoformat(), when(instant, style))


@register.filter
def num(value: Any, decimals: int | None = None) -> str:
    """A number with the reader's separators."""
    if value is None:
        return "–"
    return str(number_format(value, decimal_pos=decimals, force_grouping=True))


@register.filter
def percent(value: Any) -> str:
    """A share (0–1) as a percentage."""
    if value is None:
        return "–"
    # A no-break space: the sign never wraps away from its number.
    return str(number_format(round(float(value) * 100), force_grouping=True)) + "\u00a0%"


@register.filter
def label(value: Any, kind: str) -> str:
    """An enum value in the reader's words: `status|label:"suggestion_status"`."""
    return label_of(kind, value)


@register.filter
def get(mapping: Any, key: Any) -> Any:
    """`mapping[key]`, or None (template lookups cannot take a variable key)."""
    try:
        return mapping[key]
    except (KeyError, IndexError, TypeError):
        return None


@register.simple_tag
def bar_chart(rows: list[tuple[str, float]], title_id: str, desc_id: str) -> SafeString:
    """A bar chart of (label, value) rows as inline SVG, each label above its bar, drawn
    for a phone's width: `role="img"`, named by the elements `title_id` and `desc_id` of
    the page (the figure's caption and the table beside it carry the same numbers). No
    inline style: the page's CSP allows none."""
    if not rows:
        return SafeString("")
    width, value_room, label_height, bar_height, gap = 360, 56, 18, 18, 12
    row_height = label_height + bar_height + gap
    largest = max(value for _, value in rows) or 1

    def bar(value: float) -> int:
        return max(2, round((width - value_room) * value / largest))

    bars = format_html_join(
        "\n",
        '<g><text x="0" y="{}" class="chart-label">{}</text>'
        '<rect x="0" y="{}" width="{}" height="{}" class="chart-bar chart-bar-{}"></rect>'
        '<text x="{}" y="{}" class="chart-value">{}</text></g>',
        (
            (
                i * row_height + label_height - 5,
                name,
                i * row_height + label_height,
                bar(value),
                bar_height,
                i % 4,
                bar(value) + 6,
                i * row_height + label_height + bar_height - 4,
                num(value),
            )
            for i, (name, value) in enumerate(rows)
        ),
    )
    return format_html(
        '<svg class="chart" viewBox="0 0 {} {}" role="img" aria-labelledby="{} {}" '
        'focusable="false">{}</svg>',
        width,
        len(rows) * row_height,
        title_id,
        desc_id,
        bars,
    )


@register.simple_tag
def share_chart(share: float | None, title_id: str) -> SafeString:
    """A ring showing a share (0–1) as inline SVG, named by the element `title_id`."""
    if share is None:
        return SafeString("")
    circumference = 2 * 3.14159265 * 40
    filled = circumference * max(0.0, min(1.0, float(share)))
    return format_html(
        '<svg class="ring" viewBox="0 0 100 100" role="img" aria-labelledby="{}" '
        'focusable="false">'
        '<circle cx="50" cy="50" r="40" class="ring-track"></circle>'
        '<circle cx="50" cy="50" r="40" class="ring-fill" stroke-dasharray="{} {}" '
        'transform="rotate(-90 50 50)"></circle>'
        '<text x="50" y="56" text-anchor="middle" class="ring-text">{}</text></svg>',
        title_id,
        round(filled, 2),
        round(circumference, 2),
        percent(share),
    )
