"""Who is acting, and through which channel, for the duration of one request or command.

Services take the acting user explicitly; the channel (web, api, cli, system) is ambient because it is a
property of how the call arrived, not of the business operation, and the audit log records it.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from contextvars import ContextVar
from enum import StrEnum
from typing import Any


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


_request_memo: ContextVar[dict[str, Any] | None] = ContextVar("omvarld_request_memo", default=None)


@contextlib.contextmanager
def request_scope() -> Iterator[None]:
    """One request's memo for :func:`once_per_request` (opened by ``RequestContextMiddleware``)."""
    token = _request_memo.set({})
    try:
        yield
    finally:
        _request_memo.reset(token)


def once_per_request[T](key: str, compute: Callable[[], T]) -> T:
    """``compute()`` once per request, or at every call outside one: for what a page reads several times
    and the request itself does not change (the units a page's two unit filters list)."""
    memo = _request_memo.get()
    if memo is None:
        return compute()
    if key not in memo:
        memo[key] = compute()
    value: T = memo[key]
    return value
