import django_filters
from django.utils.translation import gettext_lazy as _

from omvarld.audit.models import AuditAction, AuditChannel, AuditEntry


class AuditEntryFilterSet(django_filters.FilterSet):
    actor = django_filters.CharFilter(label=_("Actor"), field_name="actor_name", lookup_expr="iexact")
    action = django_filters.ChoiceFilter(label=_("Action"), choices=AuditAction.choices)
    channel = django_filters.ChoiceFilter(label=_("Channel"), choices=AuditChannel.choices)
    object_type = django_filters.CharFilter(label=_("Object type"))
    since = django_filters.DateFilter(
        label=_("From"),
        field_name="timestamp",
        lookup_expr="date__gte",
        help_text=_("A date written as YYYY-MM-DD, e.g. 2026-11-26."),
    )

    class Meta:
        model = AuditEntry
        fields = ["actor", "action", "channel", "object_type", "since"]
