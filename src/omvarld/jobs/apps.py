from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules
from django.utils.translation import gettext_lazy as _


class JobsConfig(AppConfig):
    name = "omvarld.jobs"
    label = "jobs"
    verbose_name = _("Background jobs")

    def ready(self) -> None:
        # Each app declares its kinds of job in its own ``jobs.py`` (``jobs.registry``).
        autodiscover_modules("jobs")
