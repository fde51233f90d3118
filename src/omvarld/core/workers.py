"""What a process of a bulk job's pool runs first (``engagements.reassess``).

The pool starts its processes afresh ("spawn": a fork of a process with open database connections and
threads would share them). Such a process sets Django up before it reads its first task, whose arguments
hold model instances, so this module imports nothing of the project's models.
"""

from __future__ import annotations

import django


def setup_django() -> None:
    """Set Django up in a new process of a pool, with the settings its parent uses (inherited through
    ``DJANGO_SETTINGS_MODULE``). The process never opens a database connection: it only computes."""
    django.setup()
