from __future__ import annotations

import time
from collections.abc import Callable

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.sessions.backends.base import SessionBase
from django.http import HttpRequest, HttpResponse

# When the current sign-in began (seconds since the epoch), kept in the session.
SIGNED_IN_AT = "omvarld_signed_in_at"
# When the session's idle timeout was last renewed (seconds since the epoch), kept in the session.
RENEWED_AT = "omvarld_renewed_at"


class AbsoluteSessionLifetimeMiddleware:
    """Ends a session a working day after sign-in, however active it has been.

    Django's own expiry is an idle timeout (renewed here, once a minute while the session is active);
    ASVS also asks for an absolute limit, so that a stolen session cookie stops working the same day. A
    signed-in session without a recorded start (one from before this rule) is ended too. Must come after
    the authentication and message middleware.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated:
            session = request.session
            now = time.time()
            started = session.get(SIGNED_IN_AT)
            lifetime = settings.OMVARLD_SESSION_ABSOLUTE_AGE.total_seconds()
            if not isinstance(started, int | float) or now - started > lifetime:
                logout(request)
                messages.info(request, "Du har varit inloggad en hel arbetsdag. Logga in igen.")
            else:
                renew_idle_timeout(session, now)
        return self.get_response(request)


def renew_idle_timeout(session: SessionBase, now: float) -> None:
    """Keep an active session from its idle timeout (``SESSION_COOKIE_AGE``): the session is saved with a
    new expiry when it was last renewed ``OMVARLD_SESSION_RENEWAL`` ago or more, not on every request
    (``SESSION_SAVE_EVERY_REQUEST`` would write the session table on every page view). The idle timeout
    then ends at most that much early."""
    renewed = session.get(RENEWED_AT)
    interval = settings.OMVARLD_SESSION_RENEWAL.total_seconds()
    if not isinstance(renewed, int | float) or not 0 <= now - renewed < interval:
        session[RENEWED_AT] = now  # marks the session modified: saved with a fresh expiry
