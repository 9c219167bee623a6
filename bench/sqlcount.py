"""Counts the SQL statements of each request, in bench mode only.

Every statement a Django connection sends through its cursors (what `django_assert_num_queries`
and `CaptureQueriesContext` count) passes an execute wrapper that adds one to the counter of
the current request; the counter is a list in a context variable, so the threads that
`sync_to_async` runs a query in (which copy the request's context) add to the same one. The
response carries the total in an `X-Bench-SQL` header. Transaction control (`BEGIN`,
`COMMIT`, savepoints) does not go through cursors and is not counted, as in the tests.

Used by Comptoir's bench entry point (`bench.comptoir_asgi`) and by the graphene-django
peer (WSGI); the floor counts its own statements. Imports only Django.
"""

from __future__ import annotations

import contextvars
from collections.abc import Awaitable, Callable, Iterable
from typing import Any

HEADER = "X-Bench-SQL"

_current: contextvars.ContextVar[list[int] | None] = contextvars.ContextVar(
    "bench_sql_counter", default=None
)


def _count(execute: Callable[..., Any], sql: str, params: Any, many: bool, context: Any) -> Any:
    counter = _current.get()
    if counter is not None:
        counter[0] += 1
    return execute(sql, params, many, context)


def _on_connection(sender: Any, connection: Any, **kwargs: Any) -> None:
    # Called each time a connection (re)connects, pooled or not: add the wrapper once.
    if _count not in connection.execute_wrappers:
        connection.execute_wrappers.append(_count)


def install() -> None:
    from django.db.backends.signals import connection_created

    connection_created.connect(_on_connection, dispatch_uid="bench-sql-count")


Scope = dict[str, Any]
Receive = Callable[[], Awaitable[dict[str, Any]]]
Send = Callable[[dict[str, Any]], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]


def asgi(app: ASGIApp) -> ASGIApp:
    async def counted(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await app(scope, receive, send)
            return
        counter = [0]
        token = _current.set(counter)

        async def send_with_count(message: dict[str, Any]) -> None:
            if message["type"] == "http.response.start":
                headers = [*message.get("headers", []), (b"x-bench-sql", b"%d" % counter[0])]
                message = {**message, "headers": headers}
            await send(message)

        try:
            await app(scope, receive, send_with_count)
        finally:
            _current.reset(token)

    return counted


WSGIApp = Callable[[dict[str, Any], Callable[..., Any]], Iterable[bytes]]


def wsgi(app: WSGIApp) -> WSGIApp:
    def counted(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        counter = [0]
        token = _current.set(counter)

        def start_with_count(status: str, headers: list[tuple[str, str]], exc_info: Any = None):
            headers.append((HEADER, str(counter[0])))
            return start_response(status, headers, exc_info)

        try:
            return app(environ, start_with_count)
        finally:
            _current.reset(token)

    return counted
