"""Running the outbox's tasks inside a test, as a `manage.py db_worker` process would.

`run_tasks()` claims and runs every ready task of the database backend, one by one, with the
worker's own `run_task` (so a task's success or failure is recorded as in production). The
worker's loop itself (`Worker.run`) is not used: it closes "old" database connections between
tasks, which would end the test's transaction.
"""

from __future__ import annotations

from django.db import transaction
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult

WORKER_ID = "tests"


def run_tasks(*, limit: int = 10_000) -> int:
    """Run ready tasks (those enqueued by tasks run meanwhile included) until none is left;
    return how many ran. Raises AssertionError past `limit` (a task enqueueing itself)."""
    worker = Worker(
        queue_names=["*"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id=WORKER_ID,
        excluded_queue_names=[],
    )
    ran = 0
    while True:
        with transaction.atomic():
            result = DBTaskResult.objects.ready().filter(backend_name="default").get_locked()
            if result is None:
                return ran
            result.claim(WORKER_ID)
        worker.run_task(result)
        ran += 1
        assert ran <= limit, f"more than {limit} tasks: one keeps enqueueing another"
