"""What the concurrency tests share: work started at once on real threads, one database
connection each (PostgreSQL: real transactions and row locks)."""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence

from django.db import connection


def run_in_threads(work: Sequence[Callable[..., object]]) -> list[BaseException]:
    """Run each job on its own thread, all released at once by a barrier; the exceptions
    they raised (reported to the test, never swallowed)."""
    barrier = threading.Barrier(len(work))
    failures: list[BaseException] = []

    def run(job: Callable[..., object]) -> None:
        try:
            barrier.wait()
            job()
        except BaseException as exc:  # reported to the test, never swallowed
            failures.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(job,)) for job in work]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert not any(t.is_alive() for t in threads), "a worker hung"
    return failures
