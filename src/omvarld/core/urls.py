"""The address of one object's page, made without resolving the URL patterns each time.

Django's ``reverse`` walks the URL patterns on every call (about 0.1 ms); a list of 50 matters with a link
each spent 5 ms of its page on it. ``object_url(name, pk)`` reverses the pattern once, with a marker in
place of the key, and then only puts the key in. The result is the same string ``reverse`` gives
(``tests/core/test_urls.py``): the cache is kept per pattern name, script prefix and URL configuration.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.urls import get_script_prefix, get_urlconf, reverse

# An integer no object's key is expected to be spelt inside a URL's fixed parts.
_MARKER = 918273645
_SPLIT: dict[tuple[str, str, Any], tuple[str, str] | None] = {}


def object_url(name: str, pk: int) -> str:
    """``reverse(name, args=[pk])`` for a pattern with one integer key."""
    key = (name, get_script_prefix(), get_urlconf() or settings.ROOT_URLCONF)
    parts = _SPLIT.get(key)
    if key not in _SPLIT:
        pieces = reverse(name, args=[_MARKER]).split(str(_MARKER))
        parts = _SPLIT[key] = (pieces[0], pieces[1]) if len(pieces) == 2 else None
    if parts is None or type(pk) is not int:
        return reverse(name, args=[pk])
    return f"{parts[0]}{pk}{parts[1]}"


@receiver(setting_changed)
def _forget(*, setting: str, **kwargs: Any) -> None:
    if setting in {"ROOT_URLCONF", "FORCE_SCRIPT_NAME"}:
        _SPLIT.clear()
