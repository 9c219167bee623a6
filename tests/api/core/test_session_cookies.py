"""The session cookie `login` sets: HttpOnly, SameSite=Lax, and Secure when DEBUG is off."""

from __future__ import annotations

import functools
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from models.models import Member
from tests.factories import PASSWORD
from tests.graphql import GraphQLClient

pytestmark = pytest.mark.django_db

COOKIE_SETTINGS = (
    "SESSION_COOKIE_SECURE",
    "SESSION_COOKIE_HTTPONLY",
    "SESSION_COOKIE_SAMESITE",
    "CSRF_COOKIE_SECURE",
    "CSRF_COOKIE_SAMESITE",
)
LOGIN = (
    'mutation($p: String!) { login(input: {username: "claire", password: $p}) { errors { code } } }'
)


@functools.cache
def _settings_with(debug: str) -> dict[str, Any]:
    """config/settings.py as a server started with DEBUG=<debug> reads it."""
    code = (
        "import json, django; django.setup(); from django.conf import settings; "
        f"print(json.dumps({{n: getattr(settings, n) for n in {COOKIE_SETTINGS!r}}}))"
    )
    env = {
        **os.environ,
        "DEBUG": debug,
        "SECRET_KEY": "x",
        "DJANGO_SETTINGS_MODULE": "config.settings",
    }
    out = subprocess.run(
        [sys.executable, "-c", code],
        cwd=Path(__file__).resolve().parents[3],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    values: dict[str, Any] = json.loads(out.stdout)
    return values


def test_production_settings_make_the_cookies_secure() -> None:
    assert _settings_with("0") == {
        "SESSION_COOKIE_SECURE": True,
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "CSRF_COOKIE_SECURE": True,
        "CSRF_COOKIE_SAMESITE": "Lax",
    }
    # On a laptop (plain http://127.0.0.1), a Secure cookie would never come back.
    assert _settings_with("1")["SESSION_COOKIE_SECURE"] is False


def test_the_login_response_sets_a_secure_cookie_when_debug_is_off(
    settings: Any, customer: Member
) -> None:
    production = _settings_with("0")
    settings.DEBUG = False
    for name, value in production.items():
        setattr(settings, name, value)
    client = GraphQLClient()
    response = client.post(LOGIN, {"p": PASSWORD}, **{"wsgi.url_scheme": "https"})
    assert response.json() == {"data": {"login": {"errors": []}}}
    session = response.cookies["sessionid"]
    assert (session["secure"], session["httponly"], session["samesite"]) == (True, True, "Lax")
    csrf = response.cookies["csrftoken"]
    assert (csrf["secure"], csrf["samesite"]) == (True, "Lax")
    # The header as the browser receives it.
    header = session.OutputString()
    assert "; Secure" in header
    assert "; HttpOnly" in header
    assert "; SameSite=Lax" in header
