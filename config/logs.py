"""Logs: one JSON object per line in production, human-readable lines on a laptop.

`LOG_FORMAT=json` (the default when DEBUG is off) writes each record as JSON through
python-json-logger: `time` (UTC, ISO 8601), `level`, `logger`, `message`, `request_id` when
the record was logged while a request was served (the `X-Request-ID` the client or the
balancer sent, or one made up; config/observability.py), the record's extra fields (the
access log's `method`, `route`, `status`, `duration_ms`), and `exc_info` for an exception.
`LOG_FORMAT=text` (the default under DEBUG: `make run`, the tests) writes
`<time> <level> <logger> [<request id>] <message>`.

No personal data (DESIGN §7; docs/deployment.md, "Logs"): the access log names the URL
pattern, never the path or the query string; no client address, no member, e-mail,
username or token is logged; the HTTP request object Django attaches to its own records is
left out (its text holds the query string); and a database error's text, which quotes the
row's values (`Key (email)=(...) already exists`), is withheld from tracebacks: its type
and frames are logged, not its message.
"""

from __future__ import annotations

import logging
import traceback
from datetime import UTC, datetime
from types import TracebackType
from typing import Any

from pythonjsonlogger.core import RESERVED_ATTRS
from pythonjsonlogger.json import JsonFormatter as _JsonFormatter

from resolvers.request_context import request_id

WITHHELD = "(message withheld: a database error quotes the values of rows)"
# The loggers that LOG_LEVEL sets: `comptoir.*`, and those named after a module of ours (the
# task workers' `resolvers.tasks.webhooks`, ...).
PROJECT_LOGGERS = ("comptoir", "config", "web", "schema", "resolvers", "permissions", "models")
# The attribute of an HttpRequest that holds its id (set by config/observability.py).
REQUEST_ID_ATTRIBUTE = "comptoir_request_id"


class RequestIdFilter(logging.Filter):
    """Gives every record the id of the request being served (`request_id`, empty outside
    a request): the same id as the response's `X-Request-ID` and the audit events'."""

    def filter(self, record: logging.LogRecord) -> bool:
        # Django logs a 4xx or 5xx response after the middlewares returned it, out of the
        # request's context, but with the request attached.
        record.request_id = request_id.get() or getattr(
            getattr(record, "request", None), REQUEST_ID_ATTRIBUTE, ""
        )
        return True


def _is_database_error(error: BaseException | None) -> bool:
    """Whether the error or one it comes from is the database's (psycopg's, sqlite3's)."""
    # Imported here: the settings import this module to build LOGGING.
    from django.db import Error as DatabaseError

    seen: set[int] = set()
    while error is not None and id(error) not in seen:
        seen.add(id(error))
        module = type(error).__module__.split(".")[0]
        if isinstance(error, DatabaseError) or module in ("psycopg", "sqlite3"):
            return True
        error = error.__cause__ or error.__context__
    return False


def format_exception(
    exc_info: tuple[type[BaseException], BaseException, TracebackType | None]
    | tuple[None, None, None],
) -> str:
    """The traceback as Python prints it; for a database error, its frames and the types of
    the exceptions in its chain, without their messages."""
    kind, error, tb = exc_info
    if kind is None or error is None or not _is_database_error(error):
        return "".join(traceback.format_exception(kind, error, tb)).rstrip("\n")
    chain: list[BaseException] = []
    current: BaseException | None = error
    while current is not None and current not in chain:
        chain.append(current)
        current = current.__cause__ or current.__context__
    lines = ["Traceback (most recent call last):\n", *traceback.format_tb(tb)]
    for item in chain:
        lines.append(f"{type(item).__module__}.{type(item).__qualname__}: {WITHHELD}\n")
    return "".join(lines).rstrip("\n")


class JsonFormatter(_JsonFormatter):
    """python-json-logger's formatter with Comptoir's fields (module docstring)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(
            "{asctime}{levelname}{name}{message}",
            style="{",
            rename_fields={"asctime": "time", "levelname": "level", "name": "logger"},
            # `request`: Django's HttpRequest on its own records (its text holds the query
            # string); `taskName`: asyncio's, on Python 3.12 and later.
            reserved_attrs=[*RESERVED_ATTRS, "request", "taskName", "color_message"],
        )

    def formatTime(self, record: logging.LogRecord, datefmt: str | None = None) -> str:
        moment = datetime.fromtimestamp(record.created, tz=UTC)
        return moment.isoformat(timespec="milliseconds").replace("+00:00", "Z")

    def formatException(self, ei: Any) -> str:
        return format_exception(ei)

    def process_log_record(self, log_data: dict[str, Any]) -> dict[str, Any]:
        if not log_data.get("request_id"):
            log_data.pop("request_id", None)
        return log_data


class TextFormatter(logging.Formatter):
    """`<time> <level> <logger> [<request id>] <message>`, tracebacks as in JSON."""

    def __init__(self) -> None:
        super().__init__("%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s")

    def format(self, record: logging.LogRecord) -> str:
        if not getattr(record, "request_id", ""):
            record.request_id = "-"
        return super().format(record)

    def formatException(self, ei: Any) -> str:
        return format_exception(ei)


def logging_config(*, log_format: str, level: str) -> dict[str, Any]:
    """The LOGGING setting: records of Comptoir's loggers (`PROJECT_LOGGERS`) from `level` up,
    everyone else's from WARNING, in `log_format` (`json` or `text`), on standard error.

    In JSON, Comptoir's access log (`comptoir.access`, one INFO line per request) replaces
    uvicorn's, which names the client's address and the full URL: `uvicorn.access` is
    silenced, and uvicorn's own messages go out as JSON too. In text (a laptop), uvicorn's
    access lines stay and Comptoir's are off."""
    json_format = log_format == "json"
    config: dict[str, Any] = {
        "version": 1,
        "disable_existing_loggers": False,
        "filters": {"request_id": {"()": "config.logs.RequestIdFilter"}},
        "formatters": {
            "json": {"()": "config.logs.JsonFormatter"},
            "text": {"()": "config.logs.TextFormatter"},
        },
        "handlers": {
            "console": {
                "class": "logging.StreamHandler",
                "formatter": "json" if json_format else "text",
                "filters": ["request_id"],
            }
        },
        "root": {"handlers": ["console"], "level": "WARNING"},
        "loggers": {
            # Comptoir's own loggers: named `comptoir.*`, or after their module.
            **{name: {"level": level} for name in PROJECT_LOGGERS},
            # Under LOG_LEVEL: INFO writes it, WARNING silences it (a benchmark's servers).
            "comptoir.access": {"level": level if json_format else "WARNING"},
        },
    }
    if json_format:
        config["loggers"].update(
            {
                "uvicorn": {"handlers": ["console"], "level": "INFO", "propagate": False},
                "uvicorn.error": {"level": "INFO"},
                "uvicorn.access": {"handlers": [], "level": "WARNING", "propagate": False},
            }
        )
    return config
