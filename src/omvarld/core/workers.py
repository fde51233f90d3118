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

import django


def setup_django() -> None:
    """Set Django up in a new process of a pool, with the settings its parent uses (inherited through
    ``DJANGO_SETTINGS_MODULE``). The process never opens a database connection: it only computes."""
    django.setup()


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
