"""Logs (config/logs.py, config/observability.py): JSON lines with the request id in
production, readable lines under DEBUG, and no personal data either way."""

from __future__ import annotations

import json
import logging
import os
import subprocess
import sys
from typing import Any

import pytest
from django.db import IntegrityError, transaction

from config.logs import WITHHELD, JsonFormatter, RequestIdFilter, TextFormatter
from resolvers.request_context import request_id
from tests.factories import CustomerFactory

from .servers import BASE_DIR, running

pytestmark = pytest.mark.django_db

LOGIN = (
    "mutation($u: String!, $p: String!) { login(input: {username: $u, password: $p}) { "
    "errors { code } } }"
)


def _json_lines(text: str) -> list[dict[str, Any]]:
    lines = [line for line in text.splitlines() if line.startswith("{")]
    return [json.loads(line) for line in lines]


@pytest.mark.django_db(transaction=True)
def test_a_server_in_production_logs_json_lines_with_the_request_id() -> None:
    with running() as server:
        answer = server.graphql(
            LOGIN,
            {"u": "claire.martin@example.test", "p": "hunter2"},
            **{"X-Request-ID": "edge-7"},
        )
        assert answer == {"data": {"login": {"errors": [{"code": "INVALID_CREDENTIALS"}]}}}
        status, response, _ = server.request(
            "GET", "/cafe/inconnu/?email=claire.martin@example.test"
        )
        assert status == 404
        not_found_id = response.getheader("X-Request-ID")
        output = server.output()
    records = _json_lines(output)
    # Every line of the server is JSON once Django is set up: uvicorn's own messages too.
    assert not [line for line in output.splitlines() if "comptoir" in line and line[0] != "{"]
    access = [r for r in records if r["logger"] == "comptoir.access"]
    for record in access:
        assert record.pop("time").endswith("Z")
        assert isinstance(record.pop("duration_ms"), float)
    assert access[-2:] == [
        {
            "level": "INFO",
            "logger": "comptoir.access",
            "message": "POST graphql 200",
            "method": "POST",
            "route": "graphql",
            "status": 200,
            "request_id": "edge-7",
        },
        {
            "level": "INFO",
            "logger": "comptoir.access",
            "message": "GET unmatched 404",
            "method": "GET",
            "route": "unmatched",
            "status": 404,
            "request_id": not_found_id,
        },
    ]
    # Django's own line about the 404 (logged once the response left the middlewares)
    # carries the same id, and the path without its query string.
    (not_found,) = [r for r in records if r["logger"] == "django.request"]
    del not_found["time"]
    assert not_found == {
        "level": "WARNING",
        "logger": "django.request",
        "message": "Not Found: /cafe/inconnu/",
        "status_code": 404,
        "request_id": not_found_id,
    }
    # uvicorn's access log (the client's address and the full URL) is silenced.
    assert not [r for r in records if r["logger"] == "uvicorn.access"]
    assert "example.test" not in output
    assert "hunter2" not in output


def _record(message: str, exc_info: Any = None) -> logging.LogRecord:
    record = logging.getLogger("comptoir.test").makeRecord(
        "comptoir.test", logging.ERROR, __file__, 1, message, (), exc_info
    )
    RequestIdFilter().filter(record)
    return record


def test_a_database_errors_text_is_withheld_from_tracebacks() -> None:
    # In variables: a traceback quotes the source lines, not the values passed.
    taken = {"username": "claire", "email": "claire.martin@example.test"}
    CustomerFactory.create(**taken)
    try:
        with transaction.atomic():
            CustomerFactory.create(**taken)
    except IntegrityError:
        record = _record("Could not save", exc_info=sys.exc_info())
    formatted = json.loads(JsonFormatter().format(record))
    assert formatted["message"] == "Could not save"
    trace = formatted["exc_info"]
    assert trace.startswith("Traceback (most recent call last):\n")
    assert f"django.db.utils.IntegrityError: {WITHHELD}" in trace
    assert "claire" not in trace
    # The same in readable lines.
    assert "claire" not in TextFormatter().format(record)


def test_other_errors_keep_their_message() -> None:
    try:
        raise ValueError("a page size of -1")
    except ValueError:
        record = _record("Bad page", exc_info=sys.exc_info())
    formatted = json.loads(JsonFormatter().format(record))
    assert formatted["exc_info"].endswith("ValueError: a page size of -1")


def test_records_carry_the_request_id_while_a_request_is_served() -> None:
    token = request_id.set("edge-9")
    try:
        inside = _record("inside")
    finally:
        request_id.reset(token)
    outside = _record("outside")
    as_json = json.loads(JsonFormatter().format(inside))
    assert (as_json["message"], as_json["request_id"]) == ("inside", "edge-9")
    assert "request_id" not in json.loads(JsonFormatter().format(outside))
    text = TextFormatter().format(inside)
    assert text.endswith(" ERROR comptoir.test [edge-9] inside")
    assert TextFormatter().format(outside).endswith(" ERROR comptoir.test [-] outside")


def _log_format(**env: str) -> str:
    run = subprocess.run(
        [
            sys.executable,
            "-c",
            "import django; django.setup(); from django.conf import settings; "
            "print(settings.LOG_FORMAT, settings.LOGGING['handlers']['console']['formatter'])",
        ],
        cwd=BASE_DIR,
        env={
            **{k: v for k, v in os.environ.items() if k not in {"DEBUG", "LOG_FORMAT"}},
            "DJANGO_SETTINGS_MODULE": "config.settings",
            "SECRET_KEY": "a-production-secret-key-of-more-than-fifty-characters-0123456789",
            **env,
        },
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode == 0, run.stderr
    return run.stdout.strip()


def test_json_in_production_text_on_a_laptop_unless_asked() -> None:
    assert _log_format() == "json json"
    assert _log_format(DEBUG="1") == "text text"
    assert _log_format(DEBUG="1", LOG_FORMAT="json") == "json json"
    assert _log_format(LOG_FORMAT="text") == "text text"
