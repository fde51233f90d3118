"""What the bulk jobs' batches run in (``engagements.reassess``, ``imports``): a process of a pool, set up
first, and a batch's work without the cyclic garbage collector.

The pool starts its processes afresh ("spawn": a fork of a process with open database connections and
threads would share them). Such a process sets Django up before it reads its first task, whose arguments
hold model instances, so this module imports nothing of the project's models.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import django


def setup_django() -> None:
    """Set Django up in a new process of a pool, with the settings its parent uses (inherited through
    ``DJANGO_SETTINGS_MODULE``). The process never opens a database connection: it only computes, and a
    query would be an error (``refuse_queries``)."""
    django.setup()
    refuse_queries()


class QueryInWorker(RuntimeError):
    """A process of a pool asked the database: its work was meant to be given everything it reads."""


def _refuse(execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
    raise QueryInWorker(f"A process of a pool may not query the database: {sql[:200]}")


def refuse_queries() -> None:
    """Make any query of this process an error. A pool's process has no transaction of the job's: it
    would read the register as committed, not as the job has it, and in the tests not at all."""
    from django.db import connections

    for connection in connections.all(initialized_only=False):
        if _refuse not in connection.execute_wrappers:
            connection.execute_wrappers.append(_refuse)


@contextmanager
def cyclic_gc_paused() -> Iterator[None]:
    """Run a batch's work with Python's cyclic garbage collector paused.

    A batch makes a few hundred thousand objects (the matters, their facts, assessments and JSON) that
    all live until it ends; the collector, started every 2 000 new objects, would walk them again and
    again: a fifth to a third of a re-assessment's engine time. Reference counting frees what it frees
    as ever; the few cycles left are collected once the collector resumes after the batch. Nested or
    already paused (by the caller, or by a test), it leaves the collector as it found it."""
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()
