from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps


class CoreConfig(AppConfig):
    name = "omvarld.core"
    label = "core"
    verbose_name = "Omvärld"


class OmvarldAdminConfig(admin_apps.AdminConfig):
    """Django's admin app with Omvärld's site (``core.admin.OmvarldAdminSite``) as ``admin.site``."""

    default = False  # named in INSTALLED_APPS; "omvarld.core" stays CoreConfig
    default_site = "omvarld.core.admin.OmvarldAdminSite"
