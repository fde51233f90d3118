from __future__ import annotations

import time
from collections.abc import Callable

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse

# When the current sign-in began (seconds since the epoch), kept in the session.
SIGNED_IN_AT = "omvarld_signed_in_at"


class AbsoluteSessionLifetimeMiddleware:
    """Ends a session a working day after sign-in, however active it has been.

    Django's own expiry is an idle timeout (renewed on every request); ASVS also asks for an absolute
    limit, so that a stolen session cookie stops working the same day. A signed-in session without a
    recorded start (one from before this rule) is ended too. Must come after the authentication and
    message middleware.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated:
            started = request.session.get(SIGNED_IN_AT)
            lifetime = settings.OMVARLD_SESSION_ABSOLUTE_AGE.total_seconds()
            if not isinstance(started, int | float) or time.time() - started > lifetime:
                logout(request)
                messages.info(request, "Du har varit inloggad en hel arbetsdag. Logga in igen.")
        return self.get_response(request)
