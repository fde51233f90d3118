"""Signals that core sends to the apps above it, which it does not import (CONTRIBUTING.md, "Layers").

They are sent with ``send``, not ``send_robust``: a receiver's error reaches the sender, so that what must
happen (waiting out the writers, recording a restore) cannot be skipped without anyone knowing.
"""

from __future__ import annotations

from django.dispatch import Signal

# Sent by a restore once the maintenance flag is up and before the database is copied or replaced. A
# receiver returns once every write it guards that began before the flag has committed or rolled back
# (the audit log's writer: every audited write holds its chain's lock until it commits).
restore_starting = Signal()

# Sent by a restore after the database was replaced, while the flag is still up, if the restored schema is
# the current one. Keyword arguments: ``operator`` (who ran it), ``backup_name``, ``sha256`` and
# ``details`` (a dict of plain values describing the backup and where the previous database was kept).
# The audit log records the restore; the restore reports whether any receiver did.
database_restored = Signal()
