"""The Django admin is a read-only window: every change goes through services, and so into the audit log."""

from typing import Any

from django.contrib import admin
from django.db import models
from django.http import HttpRequest

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
