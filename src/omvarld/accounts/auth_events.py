"""What happens when someone signs in, fails to, is locked out, or signs out.

Django and django-axes report authentication only through signals, whichever page or channel the sign-in
came through (the login page, the admin's login), so these receivers are the one place to act on it. They
stay thin: stamp the session, and call the audit service.
"""

from __future__ import annotations

import time
from typing import Any

from axes.helpers import get_client_ip_address
from axes.signals import user_locked_out
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver
from django.http import HttpRequest
from django.middleware.csrf import rotate_token

from omvarld.accounts.middleware import RENEWED_AT, SIGNED_IN_AT
from omvarld.accounts.models import User
from omvarld.audit import events
from omvarld.audit.services import audit_event

ANONYMOUS = "anonym"


def _address(request: HttpRequest | None) -> str | None:
    if request is None:
        return None
    address: str | None = getattr(request, "axes_ip_address", None) or get_client_ip_address(request)
    return address


def _account(username: str) -> tuple[User | None, str]:
    """The account a name refers to, if any, and the name as typed (cut, so the log cannot be flooded)."""
    typed = username[:150]
    return User.objects.filter(username__iexact=typed).first(), typed


@receiver(user_logged_in, dispatch_uid="omvarld.accounts.signed_in")
def signed_in(sender: Any, request: HttpRequest | None, user: User, **kwargs: Any) -> None:
    if request is not None and hasattr(request, "session"):
        # Signing in saves the session with a fresh expiry: its idle timeout is renewed from now.
        request.session[SIGNED_IN_AT] = request.session[RENEWED_AT] = time.time()
    audit_event(
        actor=user,
        event=events.AUTH_LOGIN_SUCCEEDED,
        object_id=str(user.pk),
        object_repr=user.get_username(),
        data={"address": _address(request)},
    )


@receiver(user_login_failed, dispatch_uid="omvarld.accounts.sign_in_failed")
def sign_in_failed(
    sender: Any, credentials: dict[str, Any], request: HttpRequest | None = None, **kwargs: Any
) -> None:
    # Django has already replaced the password in ``credentials`` with stars; only the name is kept.
    account, typed = _account(str(credentials.get("username") or ""))
    audit_event(
        actor=None,
        actor_name=ANONYMOUS,
        event=events.AUTH_LOGIN_FAILED,
        object_id=str(account.pk) if account else "",
        object_repr=typed,
        data={"address": _address(request), "account_exists": account is not None},
    )


@receiver(user_locked_out, dispatch_uid="omvarld.accounts.locked_out")
def locked_out(
    sender: Any, request: HttpRequest | None, username: str | None, ip_address: str | None, **kwargs: Any
) -> None:
    account, typed = _account(username or "")
    audit_event(
        actor=None,
        actor_name=ANONYMOUS,
        event=events.AUTH_LOCKED_OUT,
        object_id=str(account.pk) if account else "",
        object_repr=typed,
        data={"address": ip_address},
    )


@receiver(user_logged_out, dispatch_uid="omvarld.accounts.signed_out")
def signed_out(sender: Any, request: HttpRequest | None, user: User | None, **kwargs: Any) -> None:
    if request is not None:
        # Django renews the CSRF token at sign-in only. Renewed at sign-out too, a form left open in another
        # tab is not sent without a session (and lost on the way to the login page) but gets the stale-form
        # page (core.csrf), which keeps what was typed; nor does one session's token outlive it.
        rotate_token(request)
    if user is None:
        return
    audit_event(
        actor=user,
        event=events.AUTH_LOGGED_OUT,
        object_id=str(user.pk),
        object_repr=user.get_username(),
        data={"address": _address(request)},
    )
