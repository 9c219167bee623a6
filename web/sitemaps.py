"""sitemap.xml: the threads and ideas an anonymous visitor sees (Django's sitemaps
framework), read through the same documents as every page, as an anonymous visitor
whoever asks: hidden content and members' pages are never listed."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from asgiref.sync import async_to_sync
from django.contrib.sitemaps import Sitemap
from django.http import HttpRequest
from django.urls import reverse

from .queries import run

# A sitemap file holds at most 50,000 URLs (the protocol's limit).
MAX_URLS = 50_000


async def _all(name: str, field: str) -> list[dict[str, Any]]:
    request = HttpRequest()
    rows: list[dict[str, Any]] = []
    after = None
    while len(rows) < MAX_URLS:
        result = await run(request, name, {"after": after}, anonymous=True)
        connection = result.data.get(field) or {}
        rows += [edge["node"] for edge in connection.get("edges") or []]
        page_info = connection.get("pageInfo") or {}
        if not page_info.get("hasNextPage"):
            break
        after = page_info["endCursor"]
    return rows[:MAX_URLS]


class StaticSitemap(Sitemap):
    """The public pages that are not rows."""

    changefreq = "daily"

    def items(self) -> list[str]:
        return ["web:home", "web:cafe", "web:labo", "web:engagements"]

    def location(self, item: str) -> str:
        return reverse(item)


class ThreadSitemap(Sitemap):
    changefreq = "daily"

    def items(self) -> list[dict[str, Any]]:
        return async_to_sync(_all)("SitemapThreads", "threads")

    def location(self, item: dict[str, Any]) -> str:
        return reverse("web:thread", args=[item["id"]])

    def lastmod(self, item: dict[str, Any]) -> datetime:
        return datetime.fromisoformat(item["lastActivityAt"])


class IdeaSitemap(Sitemap):
    changefreq = "daily"

    def items(self) -> list[dict[str, Any]]:
        return async_to_sync(_all)("SitemapIdeas", "suggestions")

    def location(self, item: dict[str, Any]) -> str:
        return reverse("web:idea", args=[item["id"]])

    def lastmod(self, item: dict[str, Any]) -> datetime:
        return datetime.fromisoformat(item["updatedAt"])


SITEMAPS: dict[str, Any] = {"pages": StaticSitemap, "threads": ThreadSitemap, "ideas": IdeaSitemap}
