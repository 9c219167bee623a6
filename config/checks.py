"""Django's security checks for the middlewares config/middleware.py subclasses, and
Comptoir's own deployment checks (SITE_URL, for e-mails).

`manage.py check --deploy` finds Django's SecurityMiddleware, CsrfViewMiddleware and
XFrameOptionsMiddleware by their dotted names in settings.MIDDLEWARE. Comptoir lists
subclasses of them (their hooks run on the event loop), so Django's presence checks
(security.W001, W002, W003) misfire, and every check that only applies when one of them is
installed (HSTS, SSL redirect, nosniff, referrer and opener policies, X-Frame-Options:
DENY, a Secure CSRF cookie) silently passes. settings.SILENCED_SYSTEM_CHECKS silences the
three presence checks; this module runs all of these checks again with each listed
middleware named by the Django class it derives from, and reports what they find under
`comptoir.<Django's id>` (e.g. `comptoir.security.W004`).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from django.conf import settings
from django.core.checks import CheckMessage, Tags, register
from django.core.checks.security import base, csrf
from django.test.utils import override_settings
from django.utils.module_loading import import_string

# The middlewares Django's checks look for, by the name they look for.
CHECKED_MIDDLEWARES = (
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
)

# Django's checks that look at settings.MIDDLEWARE (django/core/checks/security/).
DJANGO_CHECKS: tuple[Callable[..., Sequence[CheckMessage]], ...] = (
    base.check_security_middleware,
    base.check_xframe_options_middleware,
    base.check_sts,
    base.check_sts_include_subdomains,
    base.check_sts_preload,
    base.check_content_type_nosniff,
    base.check_ssl_redirect,
    base.check_xframe_deny,
    base.check_referrer_policy,
    base.check_cross_origin_opener_policy,
    csrf.check_csrf_middleware,
    csrf.check_csrf_cookie_secure,
)


def django_names(middleware: Sequence[str]) -> list[str]:
    """settings.MIDDLEWARE with each subclass of a middleware in CHECKED_MIDDLEWARES named
    by that Django class; other entries unchanged."""
    checked = {name: import_string(name) for name in CHECKED_MIDDLEWARES}
    names = []
    for entry in middleware:
        cls = import_string(entry)
        names.append(
            next(
                (name for name, django_cls in checked.items() if issubclass(cls, django_cls)),
                entry,
            )
        )
    return names


@register(Tags.security, deploy=True)
def check_subclassed_middlewares(app_configs: Any, **kwargs: Any) -> list[CheckMessage]:
    """Django's middleware-dependent security checks, run as if settings.MIDDLEWARE named
    Django's classes; their messages under `comptoir.<id>`."""
    with override_settings(MIDDLEWARE=django_names(settings.MIDDLEWARE)):
        found = [message for check in DJANGO_CHECKS for message in check(app_configs)]
    return [
        CheckMessage(
            message.level,
            message.msg,
            hint=message.hint,
            obj=message.obj,
            id=f"comptoir.{message.id}",
        )
        for message in found
    ]


@register(deploy=True)
def check_site_url(app_configs: Any, **kwargs: Any) -> list[CheckMessage]:
    """E-mails link to the website and carry a one-click unsubscribe URL (RFC 8058), which
    mail clients use only over HTTPS: SITE_URL must say where the site is, in https."""
    from django.core.checks import Warning

    if not settings.SITE_URL:
        return [
            Warning(
                "SITE_URL is not set: e-mails to members cannot link to the website, and "
                "are not sent.",
                hint="Set SITE_URL to the address members reach the site at (https://...).",
                id="comptoir.W101",
            )
        ]
    if not settings.SITE_URL.startswith("https://"):
        return [
            Warning(
                "SITE_URL is not https: mail clients ignore a one-click unsubscribe URL "
                "that is not HTTPS (RFC 8058).",
                id="comptoir.W102",
            )
        ]
    return []
