"""Who is acting, and through which channel, for the duration of one request or command.

Services take the acting user explicitly; the channel (web, api, cli, system) is ambient because it is a
property of how the call arrived, not of the business operation, and the audit log records it.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from contextvars import ContextVar
from enum import StrEnum


class Channel(StrEnum):
    WEB = "web"
    API = "api"
    CLI = "cli"
    SYSTEM = "system"


_channel: ContextVar[Channel] = ContextVar("omvarld_channel", default=Channel.SYSTEM)


def current_channel() -> Channel:
    return _channel.get()


@contextlib.contextmanager
def channel(value: Channel) -> Iterator[None]:
    token = _channel.set(value)
    try:
        yield
    finally:
        _channel.reset(token)
