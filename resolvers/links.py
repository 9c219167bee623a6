"""Absolute links to the website, for what members read away from it (e-mails).

The website's URLs carry the API's global IDs (`cafe/sujets/<id>/`), spelled below the
schema by `resolvers.ids.global_id`. Paths are reversed by the website's URL names
(`web:thread`, ...), and made absolute with `SITE_URL`, the address members reach the site
at (settings).
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.urls import reverse

from .ids import global_id


def site_url(path: str) -> str:
    """`path` (absolute, from "/") on the website, as members reach it: `SITE_URL` (scheme,
    host and an optional prefix, no trailing slash) before it. Raises ImproperlyConfigured
    when SITE_URL is not set (production must say where the site is)."""
    base = settings.SITE_URL.rstrip("/")
    if not base:
        raise ImproperlyConfigured("SITE_URL must be set for links in e-mails.")
    return base + path


def thread_link(thread_pk: int, post_pk: int | None = None) -> str:
    """A café thread's page (at one of its replies when `post_pk` is given)."""
    path = reverse("web:thread", args=[global_id("Thread", thread_pk)])
    return site_url(path + (f"#post-{global_id('Post', post_pk)}" if post_pk else ""))


def idea_link(suggestion_pk: int, post_pk: int | None = None) -> str:
    """An idea's page (at one of its comments when `post_pk` is given)."""
    path = reverse("web:idea", args=[global_id("Suggestion", suggestion_pk)])
    return site_url(path + (f"#post-{global_id('Post', post_pk)}" if post_pk else ""))


def notifications_link() -> str:
    """The member's notifications page."""
    return site_url(reverse("web:notifications"))


def email_preferences_link() -> str:
    """The member's page for choosing their e-mails."""
    return site_url(reverse("web:email_preferences"))


def unsubscribe_link(token: str) -> str:
    """The one-click unsubscribe URL of an e-mail (RFC 8058): GET shows a confirmation,
    POST unsubscribes."""
    return site_url(reverse("web:email_unsubscribe", args=[token]))
