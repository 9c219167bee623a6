"""Every staff URL (web/staff/urls.py) as a path a visitor could type, any id in it."""

from __future__ import annotations

import re

from django.urls import URLPattern

from web.staff.urls import urlpatterns

# Any id: a real one or not, a visitor without the capability gets the same answer.
SOME_ID = "U3VnZ2VzdGlvbjox"


def _path(pattern: URLPattern) -> str:
    return "/equipe/" + re.sub(r"<(?:\w+:)?\w+>", SOME_ID, str(pattern.pattern))


STAFF_URL_NAMES = sorted(str(p.name) for p in urlpatterns if isinstance(p, URLPattern))
STAFF_PATHS = [_path(p) for p in urlpatterns if isinstance(p, URLPattern)]
