"""What a form sent with a stale CSRF token gets (Django's ``CSRF_FAILURE_VIEW``).

Signing in rotates the CSRF token, so a form left open in another tab (the login page, a counterpart
form) carries a token that is no longer valid when it is sent. Instead of Django's bare 403 page the user
gets a Swedish page that says what happened and, when it is safe, the same form again with what they
typed and a fresh token, so that one more click sends it.

What is kept, and when:

- Only a post the browser itself marks as coming from this site (an ``Origin`` header naming this site)
  is echoed. A post from another site is what CSRF protection is for: its values are never shown back
  in a form that would carry a valid token, or one click on our page would send the other site's data.
- Only the fields of the form the view declares (``form_class``, or the login view's
  ``authentication_form``), read through their widgets; never a password or other secret field, never
  the token. The form is unbound, so nothing is validated or saved here.
- A form behind the login, sent by someone no longer signed in, is shown as text to copy rather than as a
  form that would only lead to the login page.
- A post of nothing but the token (the sign-out button) gets a button that sends it again.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django import forms
from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.mixins import AccessMixin
from django.contrib.auth.views import LogoutView
from django.core.exceptions import DisallowedHost, SuspiciousOperation
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import REASON_NO_CSRF_COOKIE
from django.shortcuts import render
from django.urls import Resolver404, resolve, reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

from omvarld.core.api import is_api_request, problem_response
from omvarld.core.sensitive import SECRET_FIELD_NAMES


@dataclass
class Retry:
    """What the failure page offers: the form again, or the kept values as text, or neither."""

    form: forms.BaseForm | None = None
    kept: list[tuple[str, str]] = field(default_factory=list)
    dropped_secret: bool = False
    is_login: bool = False
    needs_sign_in: bool = False
    # A post of nothing but the token (signing out): sending it again echoes nothing.
    resend: bool = False
    is_logout: bool = False


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """The page for a form whose CSRF check failed; a problem body on the API."""
    if is_api_request(request):
        return problem_response(
            403, _("The request lacked a valid CSRF token. Reload the page and try again."), code="csrf"
        )
    retry = _retry(request) if _sent_from_this_site(request) else Retry()
    user = getattr(request, "user", None)
    signed_in = user is not None and user.is_authenticated
    context = {
        "retry": retry,
        "action": request.get_full_path(),
        "next": _safe_next(request),
        "already_signed_in": retry.is_login and signed_in,
        "back": _same_site_referer(request) or reverse("home"),
        "cookies_missing": reason == REASON_NO_CSRF_COOKIE,
        "login_url": f"{reverse('login')}?next={request.path}",
    }
    return render(request, "csrf_failure.html", context, status=403)


def _own_origins(request: HttpRequest) -> set[str]:
    try:
        own = f"{request.scheme}://{request.get_host()}"
    except DisallowedHost:
        return set(settings.CSRF_TRUSTED_ORIGINS)
    return {own, *settings.CSRF_TRUSTED_ORIGINS}


def _sent_from_this_site(request: HttpRequest) -> bool:
    """Whether the browser says the post came from a page of this site (every current browser sends it)."""
    origin = request.META.get("HTTP_ORIGIN")
    return bool(origin) and origin in _own_origins(request)


def _safe_next(request: HttpRequest) -> str:
    try:
        target = request.POST.get("next") or request.GET.get("next") or ""
    except (OSError, SuspiciousOperation):
        return ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return ""


def _same_site_referer(request: HttpRequest) -> str:
    referer = request.META.get("HTTP_REFERER", "")
    try:
        host = request.get_host()
    except DisallowedHost:
        return ""
    if referer and url_has_allowed_host_and_scheme(
        referer, allowed_hosts={host}, require_https=request.is_secure()
    ):
        return referer
    return ""


def _view_form_class(request: HttpRequest) -> tuple[type[forms.BaseForm] | None, type | None]:
    """The form class the view at the posted address declares, and the view class."""
    try:
        match = resolve(request.path_info)
    except Resolver404:
        return None, None
    view_class = getattr(match.func, "view_class", None)
    if view_class is None:
        return None, None
    options: dict[str, Any] = getattr(match.func, "view_initkwargs", {})
    for name in ("authentication_form", "form_class"):
        candidate = options.get(name) or getattr(view_class, name, None)
        if isinstance(candidate, type) and issubclass(candidate, forms.BaseForm):
            return candidate, view_class
    return None, view_class


def _is_secret(name: str, form_field: forms.Field) -> bool:
    return isinstance(form_field.widget, forms.PasswordInput) or any(
        secret in name for secret in SECRET_FIELD_NAMES
    )


def _retry(request: HttpRequest) -> Retry:
    form_class, view_class = _view_form_class(request)
    if form_class is None:
        try:
            posted_nothing = set(request.POST) <= {"csrfmiddlewaretoken"}
        except (OSError, SuspiciousOperation):
            return Retry()
        if view_class is not None and posted_nothing:
            return Retry(resend=True, is_logout=issubclass(view_class, LogoutView))
        return Retry()
    try:
        blank = form_class()
        posted = request.POST
    except (TypeError, OSError, SuspiciousOperation):
        # A form that needs more than its initial values to be made, or a body that cannot be read.
        return Retry()
    values: dict[str, Any] = {}
    kept: list[tuple[str, str]] = []
    dropped_secret = False
    for name, form_field in blank.fields.items():
        value = form_field.widget.value_from_datadict(posted, request.FILES, blank.add_prefix(name))
        if value in (None, "", [], ()):
            continue
        if _is_secret(name, form_field):
            dropped_secret = True
            continue
        values[name] = value
        shown = ", ".join(map(str, value)) if isinstance(value, list | tuple) else str(value)
        kept.append((str(form_field.label or name), shown))
    is_login = issubclass(form_class, AuthenticationForm)
    user = getattr(request, "user", None)
    behind_login = view_class is not None and issubclass(view_class, AccessMixin)
    if behind_login and not (user is not None and user.is_authenticated):
        return Retry(kept=kept, dropped_secret=dropped_secret, needs_sign_in=True)
    form = form_class(initial=values)
    # The explanation above the form is what to read first: no field takes the focus on its own.
    for form_field in form.fields.values():
        form_field.widget.attrs.pop("autofocus", None)
    return Retry(form=form, kept=kept, dropped_secret=dropped_secret, is_login=is_login)
