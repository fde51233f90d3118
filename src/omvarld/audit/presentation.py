"""The audit log as people read it: field labels, Ja/Nej, choice labels and names, in the reader's language.

An entry stores what a machine needs — field names, stored codes, ids of the objects a foreign key points
to. ``readable(entries)`` turns a page of entries into rows a person can read: each changed field under its
label (the model field's ``verbose_name``), each value as the interface shows it (a boolean as Ja/Nej, a
choice as its label, a foreign key as the name of the object, a time in local time), and the event's
data under its labels (``audit.events.DATA_LABELS``). It runs in the reader's language, and in a fixed
number of queries for a page: one per kind of object the page's foreign keys point to.

A name that differs by language follows the reader too: an object with an English name (``name_en``,
as units have) is named by it when the interface is in English.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from omvarld.audit.events import DATA_LABELS, EVENTS
from omvarld.audit.models import AuditEntry

EMPTY = "–"
# Stored with every snapshot but of no interest to a reader.
HIDDEN_FIELDS = frozenset({"id"})


@dataclass(frozen=True)
class Line:
    """One thing the entry says: a field or datum, with its value before and after (None: not there)."""

    label: str
    old: str | None = None
    new: str | None = None


@dataclass(frozen=True)
class Row:
    entry: AuditEntry
    lines: list[Line] = field(default_factory=list)


def _model(object_type: str) -> type[models.Model] | None:
    try:
        return apps.get_model(object_type)
    except (LookupError, ValueError):
        return None


def _field(model: type[models.Model] | None, name: str) -> models.Field[Any, Any] | None:
    if model is None:
        return None
    try:
        found = model._meta.get_field(name)
    except FieldDoesNotExist:
        return None
    return found if isinstance(found, models.Field) and found.concrete else None


def _related(model_field: models.Field[Any, Any] | None) -> type[models.Model] | None:
    if model_field is None or not model_field.many_to_one:
        return None
    related = model_field.related_model
    return related if isinstance(related, type) else None


def name_of(obj: models.Model) -> str:
    """An object's name for the reader: its English name in English, where it has one."""
    english = getattr(obj, "name_en", "")
    if english and (translation.get_language() or "").startswith("en"):
        return str(english)
    return str(obj)


def _names(entries: Sequence[AuditEntry]) -> dict[type[models.Model], dict[str, str]]:
    """The names of every object the page's foreign keys point to: one query per kind of object."""
    wanted: dict[type[models.Model], set[Any]] = defaultdict(set)
    for entry in entries:
        model = _model(entry.object_type)
        for values in (entry.before, entry.after, entry.data):
            for key, value in (values or {}).items():
                related = _related(_field(model, key))
                if related is not None and value is not None:
                    wanted[related].add(value)
    return {
        related: {str(obj.pk): name_of(obj) for obj in related._base_manager.filter(pk__in=ids)}
        for related, ids in wanted.items()
    }


def _plain_text(value: Any) -> str:
    if value is None or value == "" or value == []:
        return EMPTY
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if isinstance(value, list | tuple):
        return ", ".join(_plain_text(item) for item in value)
    if isinstance(value, dict):
        return ", ".join(f"{key}: {_plain_text(item)}" for key, item in value.items())
    return str(value)


def _moment(value: str, model_field: models.Field[Any, Any]) -> str:
    try:
        if isinstance(model_field, models.DateTimeField):
            moment = datetime.datetime.fromisoformat(value)
            if timezone.is_aware(moment):
                moment = timezone.localtime(moment)
            return date_format(moment, "Y-m-d H:i")
        return date_format(datetime.date.fromisoformat(value), "Y-m-d")
    except (TypeError, ValueError):
        return str(value)


def _text(
    value: Any,
    model_field: models.Field[Any, Any] | None,
    names: Mapping[type[models.Model], Mapping[str, str]],
) -> str:
    """A stored value as the interface shows it."""
    if value is None or value == "" or model_field is None:
        return _plain_text(value)
    related = _related(model_field)
    if related is not None:
        return names.get(related, {}).get(str(value), str(value))
    if model_field.choices:
        labels = {str(key): label for key, label in model_field.flatchoices}
        return str(labels.get(str(value), value))
    if isinstance(model_field, models.DateField | models.DateTimeField) and isinstance(value, str):
        return _moment(value, model_field)
    return _plain_text(value)


def _label(key: str, model_field: models.Field[Any, Any] | None) -> str:
    if model_field is not None:
        return capfirst(str(model_field.verbose_name))
    if key in DATA_LABELS:
        return capfirst(str(DATA_LABELS[key]))
    return key


def _ordered_keys(model: type[models.Model] | None, keys: Iterable[str]) -> list[str]:
    """The model's field order first (as its forms show them), then whatever else was stored."""
    keys = [key for key in dict.fromkeys(keys) if key not in HIDDEN_FIELDS]
    order = {f.name: n for n, f in enumerate(model._meta.concrete_fields)} if model is not None else {}
    return sorted(keys, key=lambda key: (order.get(key, len(order)), key))


def _lines(
    entry: AuditEntry,
    names: Mapping[type[models.Model], Mapping[str, str]],
    worded: Mapping[tuple[str, str], Mapping[Any, str]],
) -> list[Line]:
    model = _model(entry.object_type)
    before, after = entry.before, entry.after
    lines: list[Line] = []
    shown: set[str] = set()
    if before is not None or after is not None:
        for key in _ordered_keys(model, [*(before or {}), *(after or {})]):
            old, new = (before or {}).get(key), (after or {}).get(key)
            if before is not None and after is not None and old == new:
                continue  # unchanged
            shown.add(key)
            if (before is None or after is None) and (old if before is not None else new) in (None, ""):
                continue  # a creation or deletion lists the values there were, not the empty ones
            model_field = _field(model, key)
            lines.append(
                Line(
                    label=_label(key, model_field),
                    old=_text(old, model_field, names) if before is not None else None,
                    new=_text(new, model_field, names) if after is not None else None,
                )
            )
    declared = EVENTS.get(entry.event)
    data = entry.data or {}
    for key in [*(declared.data if declared else ()), *data]:
        if key in shown or key not in data:
            continue
        model_field = _field(model, key)
        value = data[key]
        wording = worded.get((entry.event, key), {})
        text = wording[value] if isinstance(value, str | int) and value in wording else None
        lines.append(Line(label=_label(key, model_field), new=text or _text(value, model_field, names)))
        shown.add(key)
    return lines


# How an event's data names its values, where a code is stored (an outcome, a body's code): for each
# (event, key), a function from the values a page holds to their wording. The apps that write the events
# register them (``word_data``); a value without one is shown as it was stored.
Wording = Callable[[Collection[Any]], Mapping[Any, str]]
DATA_WORDINGS: dict[tuple[str, str], Wording] = {}


def word_data(event: str, key: str) -> Callable[[Wording], Wording]:
    """Register the decorated function as the wording of ``key`` in the data of ``event``."""

    def register(wording: Wording) -> Wording:
        DATA_WORDINGS[(event, key)] = wording
        return wording

    return register


def _worded(entries: Sequence[AuditEntry]) -> dict[tuple[str, str], Mapping[Any, str]]:
    """The page's data values in words: one call per (event, key) that has a wording (one query at most)."""
    wanted: dict[tuple[str, str], set[Any]] = defaultdict(set)
    for entry in entries:
        for key, value in (entry.data or {}).items():
            if (entry.event, key) in DATA_WORDINGS and isinstance(value, str | int):
                wanted[(entry.event, key)].add(value)
    return {pair: DATA_WORDINGS[pair](values) for pair, values in wanted.items()}


def readable(entries: Iterable[AuditEntry]) -> list[Row]:
    """A page of entries as rows a person reads, in the language active now."""
    page = list(entries)
    names, worded = _names(page), _worded(page)
    return [Row(entry=entry, lines=_lines(entry, names, worded)) for entry in page]
