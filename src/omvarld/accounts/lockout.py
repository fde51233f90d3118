"""Guessing is throttled three ways: per user name and address, per address, and per user name.

django-axes locks when any of its lockout parameters reaches one failure limit. One limit does not fit all
three: five failures for one name from one address is a person who forgot the password, while an
address shared by a whole office (NAT) or a name attacked from many addresses needs more room before it
locks everyone out. This handler gives each parameter its own limit (``OMVARLD_LOCKOUT_LIMITS``) by
scaling its failures to axes' single ``AXES_FAILURE_LIMIT``: a parameter with limit ``L`` and ``f``
failures counts as ``f * AXES_FAILURE_LIMIT // L``, which reaches the limit exactly when ``f >= L``.
"""

from __future__ import annotations

from typing import Any

from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_username, get_lockout_parameters
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Sum
from django.http import HttpRequest


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
