from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "omvarld.core"
    label = "core"
    verbose_name = "Omvärld"
