"""The Django admin is a read-only window: every change goes through services, and so into the audit log."""

from typing import Any

from django.contrib import admin
from django.db import models
from django.http import HttpRequest
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from omvarld.core.errors import PermissionDenied
from omvarld.core.sensitive import touches_secret


class ReadOnlyAdmin[M: models.Model](admin.ModelAdmin[M]):
    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def lookup_allowed(self, lookup: str, value: str, request: HttpRequest | None = None) -> bool:
        # Django allows any lookup on a model's own fields from the list's query string; on a password
        # that is an oracle (``?password__startswith=argon2$argon2id$v=19$m=…``) that reads the hash one
        # character at a time. Django's own UserAdmin guards ``password``; this guards every secret field,
        # also through relations (``?actor__password__startswith=`` on the audit log).
        if touches_secret(lookup):
            return False
        return super().lookup_allowed(lookup, value, request)  # type: ignore[arg-type]


class OmvarldAdminSite(admin.AdminSite):
    """The admin as Omvärld's: its name, and no password change behind the audited services.

    Django's admin lets a signed-in staff user change their own password on ``/admin/password_change/``;
    that would write a password with no audit entry and without ending the account's other sessions.
    Passwords are changed with ``omvarld user password`` (``accounts.services.user_set_password``).
    """

    site_header = _("Omvärld administration")
    site_title = _("Omvärld administration")
    index_title = _("Read-only overview")

    def password_change(self, request: HttpRequest, extra_context: dict[str, Any] | None = None) -> Any:
        raise PermissionDenied(gettext("Passwords are changed with the command omvarld user password."))
