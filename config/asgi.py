"""ASGI entry point: `uvicorn config.asgi:application`.

- HTTP: Django (the website, /graphql, the back office, /healthz). Static files (the
  admin's, GraphiQL's, the website's) are served by WhiteNoise's middleware
  (config/middleware.py): from Django's finders under DEBUG, from STATIC_ROOT after
  `collectstatic` in production.
- WebSocket on /graphql: GraphQL subscriptions (graphql-transport-ws), behind Channels'
  session and authentication middleware (schema/core/websocket.py, docs/subscriptions.md).
  Any other WebSocket path is refused.
- Lifespan: the task worker run inside the server process when TASK_WORKER_IN_PROCESS is on
  (config/worker.py).
"""

import os
from typing import Any

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

# Django is set up first: the routing below imports models.
django_application = get_asgi_application()

from channels.auth import AuthMiddlewareStack  # noqa: E402
from channels.routing import ProtocolTypeRouter, URLRouter  # noqa: E402
from django.urls import path, re_path  # noqa: E402

from schema import schema  # noqa: E402
from schema.core.websocket import LiveConsumer  # noqa: E402

from .worker import lifespan  # noqa: E402


async def refuse_websocket(scope: dict[str, Any], receive: Any, send: Any) -> None:
    """A WebSocket handshake to a path that serves none: refused (HTTP 403)."""
    await receive()  # websocket.connect
    await send({"type": "websocket.close"})


application = ProtocolTypeRouter(
    {
        "http": django_application,
        "websocket": AuthMiddlewareStack(
            URLRouter(
                [
                    path("graphql", LiveConsumer.as_asgi(schema=schema)),
                    re_path(r"", refuse_websocket),  # type: ignore[arg-type]
                ]
            )
        ),
        "lifespan": lifespan,
    }
)
