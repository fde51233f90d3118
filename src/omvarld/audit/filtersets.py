"""The audit log's filters, usable without knowing how the log is stored: kinds of object and events by
their names, the actor by any part of a name or user name, a range of dates."""

from __future__ import annotations

import django_filters
from django.db.models import Q, QuerySet
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from omvarld.audit import events
from omvarld.audit.models import AuditChannel, AuditEntry, object_type_label
from omvarld.core.filters import TextFilter


def object_type_choices() -> list[tuple[str, str]]:
    """Every kind of object an event is declared for, by its name in the reader's language."""
    kinds = {declared.object_type for declared in events.EVENTS.values()}
    return sorted(((kind, str(object_type_label(kind)).capitalize()) for kind in kinds), key=lambda c: c[1])


def event_choices() -> list[tuple[str, list[tuple[str, str | Promise]]]]:
    return events.choices()


class AuditEntryFilterSet(django_filters.FilterSet):
    actor = TextFilter(
        label=_("Actor"),
        method="search_actor",
        help_text=_("Part of a name or user name, e.g. Hanna or handl."),
    )
    object_type = django_filters.ChoiceFilter(label=_("Kind of object"), choices=object_type_choices)
    event = django_filters.ChoiceFilter(label=_("Event"), choices=event_choices)
    channel = django_filters.ChoiceFilter(label=_("Channel"), choices=AuditChannel.choices)
    since = django_filters.DateFilter(
        label=_("From"),
        field_name="timestamp",
        lookup_expr="date__gte",
        help_text=_("A date written as YYYY-MM-DD, e.g. 2026-11-26."),
    )
    until = django_filters.DateFilter(
        label=_("To"),
        field_name="timestamp",
        lookup_expr="date__lte",
        help_text=_("The last day to include, written the same way."),
    )

    class Meta:
        model = AuditEntry
        fields = ["actor", "object_type", "event", "channel", "since", "until"]

    def search_actor(self, queryset: QuerySet[AuditEntry], name: str, value: str) -> QuerySet[AuditEntry]:
        """Every word must be part of the actor's user name (as recorded), first name or last name."""
        for word in value.split():
            matches = Q()
            # SQLite compares only ASCII letters without regard to case ("åsa" would miss "Åsa"), so the
            # word is also tried as written in lower case, capitals and with a capital first letter.
            for variant in {word, word.lower(), word.upper(), word.capitalize()}:
                matches |= (
                    Q(actor_name__icontains=variant)
                    | Q(actor__username__icontains=variant)
                    | Q(actor__first_name__icontains=variant)
                    | Q(actor__last_name__icontains=variant)
                )
            queryset = queryset.filter(matches)
        return queryset
