from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    name = "omvarld.audit"
    label = "audit"
    verbose_name = _("Audit log")

    def ready(self) -> None:
        from omvarld.audit import receivers  # noqa: F401 - connects the receivers of core's signals
