"""Guessing is throttled three ways: per user name and address, per address, and per user name.

django-axes locks when any of its lockout parameters reaches one failure limit. One limit does not fit all
three: five failures for one name from one address is a person who forgot the password, while an
address shared by a whole office (NAT) or a name attacked from many addresses needs more room before it
locks everyone out. This handler gives each parameter its own limit (``OMVARLD_LOCKOUT_LIMITS``) by
scaling its failures to axes' single ``AXES_FAILURE_LIMIT``: a parameter with limit ``L`` and ``f``
failures counts as ``f * AXES_FAILURE_LIMIT // L``, which reaches the limit exactly when ``f >= L``.

The locked-out user is told when the lock ends (``TieredLockoutHandler.locked_until``): axes forgets a
failure record a cool-off period after its last failure, so a parameter stays locked until enough of its
newest records have aged out to bring its failures under its limit.
"""

from __future__ import annotations

import math
from datetime import datetime
from typing import Any

from axes.handlers.database import AxesDatabaseHandler
from axes.handlers.proxy import AxesProxyHandler
from axes.helpers import get_client_username, get_cool_off, get_lockout_parameters
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Sum
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone


def _key(parameter: str | list[str]) -> tuple[str, ...]:
    return (parameter,) if isinstance(parameter, str) else tuple(parameter)


class TieredLockoutHandler(AxesDatabaseHandler):
    def get_failures(self, request: HttpRequest, credentials: dict[str, Any] | None = None) -> int:
        limits: dict[tuple[str, ...], int] = settings.OMVARLD_LOCKOUT_LIMITS
        scale: int = settings.AXES_FAILURE_LIMIT
        parameters = get_lockout_parameters(request, credentials)
        attempt_sets = self.get_user_attempts(request, credentials)
        worst = 0
        for parameter, attempts in zip(parameters, attempt_sets, strict=True):
            failures = attempts.aggregate(total=Sum("failures_since_start"))["total"] or 0
            worst = max(worst, failures * scale // limits[_key(parameter)])
        return worst

    def locked_until(
        self, request: HttpRequest, credentials: dict[str, Any] | None = None
    ) -> datetime | None:
        """When the lock on this request's name and address ends, or ``None`` if nothing locks it.

        Axes also counts a failure made while locked (``AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT``
        is on), which moves the end: the answer holds as long as nobody tries again.
        """
        cool_off = get_cool_off(request)
        if cool_off is None:
            return None
        limits: dict[tuple[str, ...], int] = settings.OMVARLD_LOCKOUT_LIMITS
        parameters = get_lockout_parameters(request, credentials)
        attempt_sets = self.get_user_attempts(request, credentials)
        ends: list[datetime] = []
        for parameter, attempts in zip(parameters, attempt_sets, strict=True):
            limit = limits[_key(parameter)]
            counted = 0
            newest_first = attempts.order_by("-attempt_time").values_list(
                "failures_since_start", "attempt_time"
            )
            for failures, attempt_time in newest_first:
                counted += failures
                if counted >= limit:
                    # This record and the older ones keep the count at the limit; it ages out last.
                    ends.append(attempt_time + cool_off)
                    break
        return max(ends, default=None)

    def reset_user_attempts(self, request: HttpRequest, credentials: dict[str, Any] | None = None) -> int:
        """After a successful sign-in, forget only that name's failures from that address.

        Axes would also forget every failure from the address and for the name, so that anyone with one
        valid account could wipe the address's count between guesses at other names.
        """
        username = get_client_username(request, credentials)
        deleted, _ = AccessAttempt.objects.filter(
            username=username,
            ip_address=request.axes_ip_address,  # type: ignore[attr-defined]
        ).delete()
        return deleted


def when_to_try_again(until: datetime, now: datetime) -> dict[str, Any]:
    """How the lockout page words the end of a lock: the time and the wait, and the day when it is not today.

    A lock of minutes can end after midnight; "at 00:01" alone would then read as a time already past.
    """
    local_until = timezone.localtime(until)
    days_ahead = (local_until.date() - timezone.localtime(now).date()).days
    return {
        "until": local_until,
        "day": {0: "today", 1: "tomorrow"}.get(days_ahead, "later"),
        "minutes": math.ceil((until - now).total_seconds() / 60),
    }


def lockout_response(
    request: HttpRequest,
    original_response: HttpResponse | None = None,
    credentials: dict[str, Any] | None = None,
) -> HttpResponse:
    """The page a locked-out sign-in gets (``AXES_LOCKOUT_CALLABLE``): when to try again, and the way back.

    429 with ``Retry-After``, so that scripts know when to come back as well.
    """
    handler = AxesProxyHandler.get_implementation()
    until = handler.locked_until(request, credentials) if isinstance(handler, TieredLockoutHandler) else None
    now = timezone.now()
    cool_off = get_cool_off(request)
    context: dict[str, Any] = {
        "cool_off_minutes": math.ceil(cool_off.total_seconds() / 60) if cool_off else None,
        "login_url": request.get_full_path(),
    }
    seconds = None
    if until is not None and until > now:
        seconds = math.ceil((until - now).total_seconds())
        context.update(when_to_try_again(until, now))
    response = render(request, settings.AXES_LOCKOUT_TEMPLATE, context, status=429)
    if seconds is not None:
        response["Retry-After"] = str(seconds)
    return response
