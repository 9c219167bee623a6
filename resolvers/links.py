"""Absolute links to the website, for what members read away from it (e-mails).

The website's URLs carry the API's global IDs (`cafe/sujets/<id>/`): `node_id` writes them
as `schema/core/ids.py::encode_id` does (base64 of "TypeName:pk"; a test holds the two
equal), since nothing below the schema imports it. Paths are reversed by the website's URL
names (`web:thread`, ...), and made absolute with `SITE_URL`, the address members reach
the site at (settings).
"""

from __future__ import annotations

import base64

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.urls import reverse


def node_id(type_name: str, pk: int) -> str:
    """The global ID of the row `pk` of the GraphQL type `type_name` ("Thread", ...)."""
    return base64.b64encode(f"{type_name}:{pk}".encode("ascii")).decode("ascii")


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
    path = reverse("web:thread", args=[node_id("Thread", thread_pk)])
    return site_url(path + (f"#post-{node_id('Post', post_pk)}" if post_pk else ""))


def idea_link(suggestion_pk: int, post_pk: int | None = None) -> str:
    """An idea's page (at one of its comments when `post_pk` is given)."""
    path = reverse("web:idea", args=[node_id("Suggestion", suggestion_pk)])
    return site_url(path + (f"#post-{node_id('Post', post_pk)}" if post_pk else ""))


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
