"""config/settings.py as a deployment reads it: DEBUG off unless asked for, HTTPS, and a
`check --deploy` that sees the subclassed middlewares (config/checks.py)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.core.checks import WARNING

from config.checks import check_subclassed_middlewares, django_names

ROOT = Path(__file__).resolve().parents[1]
PRODUCTION = {
    "SECRET_KEY": "a-production-secret-key-of-more-than-fifty-characters-0123456789",
    "ALLOWED_HOSTS": "community.example",
    "SITE_URL": "https://community.example",
}
READ = (
    "DEBUG",
    "SECURE_SSL_REDIRECT",
    "SECURE_HSTS_SECONDS",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS",
    "SECURE_HSTS_PRELOAD",
    "SESSION_COOKIE_SECURE",
    "CSRF_COOKIE_SECURE",
    "SECURE_PROXY_SSL_HEADER",
)
EMAIL = (
    "EMAIL_BACKEND",
    "EMAIL_HOST",
    "EMAIL_PORT",
    "EMAIL_HOST_USER",
    "EMAIL_HOST_PASSWORD",
    "EMAIL_USE_TLS",
    "EMAIL_USE_SSL",
    "DEFAULT_FROM_EMAIL",
    "SITE_URL",
)


def _environment(**env: str) -> dict[str, str]:
    """The test process's environment without what configures Comptoir, plus `env`."""
    unset = {"DEBUG", "SECRET_KEY", "ALLOWED_HOSTS", "REDIS_URL", *EMAIL} | {
        name for name in os.environ if name.startswith(("SECURE_", "EMAIL_"))
    }
    return {
        **{k: v for k, v in os.environ.items() if k not in unset},
        "DJANGO_SETTINGS_MODULE": "config.settings",
        **env,
    }


def _run(args: list[str], **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        args, cwd=ROOT, env=_environment(**env), capture_output=True, text=True, timeout=120
    )


def _settings(names: tuple[str, ...] = READ, /, **env: str) -> dict[str, Any]:
    code = (
        "import json, django; django.setup(); from django.conf import settings; "
        f"print(json.dumps({{n: getattr(settings, n, None) for n in {names!r}}}))"
    )
    run = _run([sys.executable, "-c", code], **env)
    assert run.returncode == 0, run.stderr
    values: dict[str, Any] = json.loads(run.stdout)
    return values


def test_debug_is_off_when_unset() -> None:
    assert _settings(**PRODUCTION) == {
        "DEBUG": False,
        "SECURE_SSL_REDIRECT": True,
        "SECURE_HSTS_SECONDS": 31536000,
        "SECURE_HSTS_INCLUDE_SUBDOMAINS": True,
        "SECURE_HSTS_PRELOAD": True,
        "SESSION_COOKIE_SECURE": True,
        "CSRF_COOKIE_SECURE": True,
        "SECURE_PROXY_SSL_HEADER": None,
    }


@pytest.mark.parametrize("value", ["", "0", "off"])
def test_debug_off_by_any_name(value: str) -> None:
    assert _settings(DEBUG=value, **PRODUCTION)["DEBUG"] is False


def test_debug_on_for_the_laptop() -> None:
    assert _settings(DEBUG="1") == {
        "DEBUG": True,
        "SECURE_SSL_REDIRECT": False,
        "SECURE_HSTS_SECONDS": 0,
        "SECURE_HSTS_INCLUDE_SUBDOMAINS": False,
        "SECURE_HSTS_PRELOAD": False,
        "SESSION_COOKIE_SECURE": False,
        "CSRF_COOKIE_SECURE": False,
        "SECURE_PROXY_SSL_HEADER": None,
    }


def test_https_settings_from_the_environment() -> None:
    values = _settings(
        SECURE_SSL_REDIRECT="0",
        SECURE_HSTS_SECONDS="600",
        SECURE_HSTS_PRELOAD="0",
        SECURE_PROXY_SSL_HEADER="X-Forwarded-Proto",
        **PRODUCTION,
    )
    assert (
        values["SECURE_SSL_REDIRECT"],
        values["SECURE_HSTS_SECONDS"],
        values["SECURE_HSTS_PRELOAD"],
        values["SECURE_PROXY_SSL_HEADER"],
    ) == (False, 600, False, ["HTTP_X_FORWARDED_PROTO", "https"])


def test_without_debug_nor_secret_key_settings_refuse_to_start() -> None:
    run = _run([sys.executable, "manage.py", "check"])
    assert run.returncode == 1
    assert "ImproperlyConfigured: SECRET_KEY must be set when DEBUG is off." in run.stderr


def test_check_deploy_passes_with_the_production_settings() -> None:
    run = _run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "DEBUG"], **PRODUCTION
    )
    assert (run.returncode, run.stdout.strip(), run.stderr) == (
        0,
        "System check identified no issues (3 silenced).",
        "",
    )


def test_check_deploy_still_sees_what_the_silenced_checks_would() -> None:
    # Django's middleware-dependent checks run again on the subclasses' Django classes.
    run = _run(
        [sys.executable, "manage.py", "check", "--deploy"],
        SECURE_HSTS_SECONDS="0",
        SECURE_SSL_REDIRECT="0",
        **PRODUCTION,
    )
    assert run.returncode == 0
    found = sorted(
        line.split(")")[0].split("(")[1] for line in run.stderr.splitlines() if ": (" in line
    )
    assert found == ["comptoir.security.W004", "comptoir.security.W008"], run.stderr


@pytest.mark.parametrize(
    ("site_url", "found"), [("", "comptoir.W101"), ("http://community.example", "comptoir.W102")]
)
def test_check_deploy_wants_an_https_site_url_for_e_mails(site_url: str, found: str) -> None:
    run = _run(
        [sys.executable, "manage.py", "check", "--deploy"], **{**PRODUCTION, "SITE_URL": site_url}
    )
    assert run.returncode == 0
    assert [
        line.split(")")[0].split("(")[1] for line in run.stderr.splitlines() if ": (" in line
    ] == [found], run.stderr


def test_e_mail_settings_come_from_the_environment() -> None:
    values = _settings(
        EMAIL,
        EMAIL_HOST="smtp.bank.example",
        EMAIL_PORT="587",
        EMAIL_HOST_USER="comptoir",
        EMAIL_HOST_PASSWORD="secret",
        EMAIL_USE_TLS="1",
        DEFAULT_FROM_EMAIL="Comptoir <communaute@bank.example>",
        **PRODUCTION,
    )
    assert [values[k] for k in EMAIL] == [
        "django.core.mail.backends.smtp.EmailBackend",
        "smtp.bank.example",
        587,
        "comptoir",
        "secret",
        True,
        False,
        "Comptoir <communaute@bank.example>",
        "https://community.example",
    ]
    # On a laptop (DEBUG on, no EMAIL_HOST), e-mails are printed, and link to the local site.
    laptop = _settings(EMAIL, DEBUG="1")
    assert [laptop[k] for k in ("EMAIL_BACKEND", "SITE_URL")] == [
        "django.core.mail.backends.console.EmailBackend",
        "http://127.0.0.1:8000",
    ]


def test_our_middlewares_are_named_by_the_django_classes_they_derive_from() -> None:
    assert django_names(settings.MIDDLEWARE) == [
        "config.observability.RequestObservabilityMiddleware",
        "django.middleware.security.SecurityMiddleware",
        "config.middleware.WhiteNoiseMiddleware",
        "config.middleware.CSPMiddleware",
        "django.contrib.sessions.middleware.SessionMiddleware",
        "web.middleware.LanguageMiddleware",
        "config.middleware.CommonMiddleware",
        "django.middleware.csrf.CsrfViewMiddleware",
        "config.middleware.AuthenticationMiddleware",
        "config.middleware.MessageMiddleware",
        "django.middleware.clickjacking.XFrameOptionsMiddleware",
    ]


def test_a_missing_middleware_is_still_reported(settings: Any) -> None:
    settings.MIDDLEWARE = [
        m
        for m in settings.MIDDLEWARE
        if m not in ("config.middleware.CsrfViewMiddleware", "config.middleware.SecurityMiddleware")
    ]
    found = [(m.id, m.level) for m in check_subclassed_middlewares(None)]
    assert found == [
        ("comptoir.security.W001", WARNING),
        ("comptoir.security.W003", WARNING),
    ]


def test_a_plain_pytest_runs_with_debug_on() -> None:
    # pyproject's pytest `env` (pytest-env) sets DEBUG before pytest-django loads the
    # settings: without it, and without a SECRET_KEY, they would refuse to load.
    run = _run(
        [
            str(Path(sys.executable).parent / "pytest"),
            "-q",
            "-p",
            "no:cacheprovider",
            "tests/test_settings.py::test_the_suite_itself_runs_with_debug_on",
        ]
    )
    assert run.returncode == 0, run.stdout + run.stderr
    assert "1 passed" in run.stdout


def test_the_suite_itself_runs_with_debug_on() -> None:
    assert os.environ["DEBUG"] == "1"
    # (Django's test runner turns settings.DEBUG off while tests run; the settings module
    # was read with DEBUG on: no HTTPS redirect, the development key.)
    assert settings.SECURE_SSL_REDIRECT is False


def test_a_deployment_may_name_its_own_trusted_documents_manifest(tmp_path: Path) -> None:
    code = (
        "import django; django.setup(); from django.conf import settings; "
        "print(settings.COMPTOIR_TRUSTED_DOCUMENTS_MANIFEST)"
    )
    own = tmp_path / "manifest.json"
    named = _run(
        [sys.executable, "-c", code], DEBUG="1", COMPTOIR_TRUSTED_DOCUMENTS_MANIFEST=str(own)
    )
    default = _run([sys.executable, "-c", code], DEBUG="1")
    assert (named.stdout, default.stdout) == (
        f"{own}\n",
        f"{ROOT / 'web' / 'documents' / 'manifest.json'}\n",
    )
