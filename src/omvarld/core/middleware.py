from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.cache import add_never_cache_headers

from omvarld.core import maintenance
from omvarld.core.context import Channel, channel, request_scope
from omvarld.core.errors import ApplicationError


class RequestContextMiddleware:
    """Marks every request as arriving through the web or the API, for the audit log."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        with channel(Channel.API if request.path.startswith("/api/") else Channel.WEB), request_scope():
            return self.get_response(request)


class ApplicationErrorMiddleware:
    """Turns an ``ApplicationError`` that escapes a page view into an error page with its message.

    Forms catch the error themselves and show it by the field; this is the net for everything else, so a
    refusal is never a 500 and never a stack trace. The API maps errors in ``core.api`` instead.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if response.status_code == 405 and not response.streaming and not response.content:
            # Django's answer to a method a view does not take (a GET of a button's address) is empty.
            return self._method_not_allowed(request, response)
        return response

    @staticmethod
    def _method_not_allowed(request: HttpRequest, response: HttpResponse) -> HttpResponse:
        from django.utils.translation import gettext as _

        from omvarld.core.views import error_page

        page = error_page(
            request,
            405,
            _("This address only takes what a button on Omvärld's pages sends: go back and use the button."),
            code="method_not_allowed",
        )
        if response.has_header("Allow"):
            page["Allow"] = response["Allow"]
        return page

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not isinstance(exception, ApplicationError) or request.path.startswith("/api/"):
            return None
        if isinstance(exception, maintenance.MaintenanceInProgress):
            return maintenance_response(request)
        from omvarld.core.views import error_page

        return error_page(request, exception.status, exception.message)


class ExplicitLanguageMiddleware:
    """Swedish unless the user chose English with the language switch.

    A Swedish public service speaks Swedish to everyone by default; the browser's Accept-Language is
    ignored so that an English-language browser does not silently get the English interface. Must
    come before ``LocaleMiddleware``, which then reads only the language cookie.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request.META.pop("HTTP_ACCEPT_LANGUAGE", None)
        return self.get_response(request)


class NoStoreMiddleware:
    """Every page Omvärld renders is ``Cache-Control: no-store`` (and private, no-cache).

    Pages behind the login show what one person may see; neither the browser's history cache nor a proxy
    may keep them after the user signs out. The login page carries a CSRF token, so it is not cached
    either. Static files are served by whitenoise before this middleware and keep their long caching.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        add_never_cache_headers(response)
        return response


SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})


class MaintenanceMiddleware:
    """While a restore runs, every write request gets a 503 with ``Retry-After`` and changes nothing.

    Reads go on (they see the old database, then the restored one). The flag is a file all workers see
    (``core.maintenance``); this only answers early and clearly, the audit writer enforces it.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.method not in SAFE_METHODS and maintenance.current() is not None:
            return maintenance_response(request)
        return self.get_response(request)


def maintenance_response(request: HttpRequest) -> HttpResponse:
    from omvarld.core.api import is_api_request, problem_response

    message = maintenance.MaintenanceInProgress().message
    if is_api_request(request):
        response = problem_response(503, message, code="maintenance")
    else:
        response = render(request, "maintenance.html", {"message": message}, status=503)
    response["Retry-After"] = str(maintenance.RETRY_AFTER_SECONDS)
    return response
