"""A task worker inside the server process, for `make run` without Redis.

The outbox's deliveries are tasks of the database backend (`resolvers/tasks/`), run by
`manage.py db_worker` processes. Without REDIS_URL the channel layer is the process's memory:
a live event published by a worker in another process would reach nobody. So, with
TASK_WORKER_IN_PROCESS (on by default under DEBUG without REDIS_URL), the server's ASGI
lifespan (config/asgi.py) runs django-tasks-db's own `Worker` in a thread of the server
process, started from the server's event loop: a task that publishes on the channel layer
(`async_to_sync(layer.group_send)`) then runs the send on that loop, where the subscribers'
queues are.
"""

from __future__ import annotations

import asyncio
import logging
import os
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from asgiref.sync import sync_to_async
from django.conf import settings
from django.db import connections
from django_tasks_db.management.commands.db_worker import Worker

logger = logging.getLogger("comptoir.worker")

# Seconds to wait after the worker's loop failed (a database it could not reach, tables
# emptied under it) before it starts again.
RETRY_SECONDS = 1.0
# Seconds shutdown waits for the task being run to end.
STOP_SECONDS = 10.0


class InProcessWorker:
    """django-tasks-db's `Worker` (what `manage.py db_worker` runs) in one thread of the
    server process: every queue of the default backend, polled every TASK_WORKER_INTERVAL
    seconds when idle. A failure of its loop is logged and the loop starts again."""

    def __init__(self) -> None:
        self.worker = Worker(
            queue_names=["*"],
            interval=settings.TASK_WORKER_INTERVAL,
            batch=False,
            backend_name="default",
            startup_delay=False,
            max_tasks=None,
            worker_id=f"in-process-{os.getpid()}-{uuid.uuid4().hex[:8]}",
            excluded_queue_names=[],
        )
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="task-worker")
        self._done: asyncio.Future[None] | None = None

    def start(self) -> None:
        """Start the thread; call it from the server's event loop."""
        run = sync_to_async(self._run, thread_sensitive=False, executor=self._executor)
        self._done = asyncio.ensure_future(run())

    def _run(self) -> None:
        try:
            while self.worker.running:
                try:
                    self.worker.run()
                except Exception:
                    logger.exception("the in-process task worker failed; starting again")
                    time.sleep(RETRY_SECONDS)
        finally:
            connections.close_all()

    async def stop(self) -> None:
        """Let the task being run end (its loop then stops), within STOP_SECONDS."""
        self.worker.running = False
        if self._done is not None:
            try:
                await asyncio.wait_for(asyncio.shield(self._done), STOP_SECONDS)
            except TimeoutError:
                logger.warning("the in-process task worker did not stop in time")
        self._executor.shutdown(wait=False)


async def lifespan(scope: dict[str, Any], receive: Any, send: Any) -> None:
    """The ASGI lifespan protocol: the in-process worker starts with the server and stops
    with it (when TASK_WORKER_IN_PROCESS is on)."""
    worker: InProcessWorker | None = None
    while True:
        message = await receive()
        if message["type"] == "lifespan.startup":
            if settings.TASK_WORKER_IN_PROCESS:
                worker = InProcessWorker()
                worker.start()
            await send({"type": "lifespan.startup.complete"})
        elif message["type"] == "lifespan.shutdown":
            if worker is not None:
                await worker.stop()
            await send({"type": "lifespan.shutdown.complete"})
            return
