from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class EngagementsConfig(AppConfig):
    name = "omvarld.engagements"
    label = "engagements"
    verbose_name = _("Register")

    def ready(self) -> None:
        from omvarld.engagements import audit_wording  # noqa: F401 - registers the audit log's wordings
        from omvarld.engagements.search import repair_triggers

        # A migration that rebuilds the engagements table on SQLite drops the search index's triggers.
        post_migrate.connect(repair_triggers, sender=self, dispatch_uid="engagements.search.repair")
