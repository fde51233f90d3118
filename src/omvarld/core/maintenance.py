"""Maintenance mode: while a restore runs, the site refuses every write.

The state is a flag file in the data folder (``OMVARLD_DATA_DIR``), not a variable in a process: every
gunicorn worker, thread and command on the machine sees it. Two places read it:

* ``MaintenanceMiddleware`` answers every non-safe request (POST, PUT, PATCH, DELETE) with a 503 page, or a
  problem body on the API, and ``Retry-After``, before anything is done;
* the audit log's writer (``audit.services``) checks it again inside each write transaction, under the
  chain's lock, so a request that passed the middleware just before the flag appeared, or a command, cannot
  commit a change that the restore would then silently replace.

The process that holds the flag (the restore) may still write: it records the restore in the audit log.
With several machines serving one database, the data folder must be shared between them for this to hold.
"""

from __future__ import annotations

import contextlib
import datetime
import json
import os
import secrets
import socket
from collections.abc import Iterator
from contextvars import ContextVar
from dataclasses import asdict, dataclass
from pathlib import Path

from django.conf import settings
from django.utils.translation import gettext as _

from omvarld.core.errors import ApplicationError

FLAG_FILE_NAME = "maintenance.json"
# What ``Retry-After`` tells clients: a restore of a municipal register takes seconds to minutes.
RETRY_AFTER_SECONDS = 60

_held_token: ContextVar[str | None] = ContextVar("omvarld_maintenance_token", default=None)


@dataclass(frozen=True)
class Maintenance:
    reason: str
    started: str
    host: str
    pid: int
    token: str


class MaintenanceInProgress(ApplicationError):
    def __init__(self) -> None:
        super().__init__(
            _(
                "Omvärld is being restored from a backup right now and accepts no changes. Nothing has "
                "been saved; try again in a while."
            ),
            code="maintenance",
            status=503,
        )


def flag_path() -> Path:
    return Path(settings.DATA_DIR) / FLAG_FILE_NAME


def current() -> Maintenance | None:
    """The maintenance in progress, or None. A flag that cannot be read still counts: writes stay refused."""
    path = flag_path()
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return Maintenance(**data)
    except FileNotFoundError:
        return None
    except (OSError, ValueError, TypeError):
        return Maintenance(reason="okänd", started="", host="", pid=0, token="")


def refuse_writes_during_maintenance() -> None:
    """Raise ``MaintenanceInProgress`` while another process holds the maintenance flag."""
    active = current()
    if active is not None and active.token != _held_token.get():
        raise MaintenanceInProgress()


@contextlib.contextmanager
def maintenance(reason: str) -> Iterator[Maintenance]:
    """Hold the maintenance flag for the duration of the block; refuse if someone else holds it."""
    path = flag_path()
    state = Maintenance(
        reason=reason,
        started=datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        host=socket.gethostname(),
        pid=os.getpid(),
        token=secrets.token_hex(16),
    )
    try:
        # O_EXCL: of two restores started at once, exactly one gets the flag.
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
    except FileExistsError as exc:
        other = current()
        since = (
            _(" since %(started)s (process %(pid)s on %(host)s)")
            % {"started": other.started, "pid": other.pid, "host": other.host}
            if other and other.pid
            else ""
        )
        raise ApplicationError(
            _(
                "A restore is already running%(since)s. If no restore is running, delete %(path)s and try "
                "again. The database is unchanged."
            )
            % {"since": since, "path": path}
        ) from exc
    with os.fdopen(descriptor, "w", encoding="utf-8") as stream:
        json.dump(asdict(state), stream)
    token = _held_token.set(state.token)
    try:
        yield state
    finally:
        _held_token.reset(token)
        path.unlink(missing_ok=True)
