"""What happens when someone signs in, fails to, is locked out, or signs out.

Django and django-axes report authentication only through signals, whichever page or channel the sign-in
came through (the login page, the admin's login), so these receivers are the one place to act on it. They
stay thin: stamp the session, and call the audit service.
"""

from __future__ import annotations

import time
from typing import Any

from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.http import HttpRequest

from omvarld.accounts.middleware import SIGNED_IN_AT


@receiver(user_logged_in, dispatch_uid="omvarld.accounts.session_start")
def stamp_session_start(sender: Any, request: HttpRequest | None, user: Any, **kwargs: Any) -> None:
    if request is not None and hasattr(request, "session"):
        request.session[SIGNED_IN_AT] = time.time()
