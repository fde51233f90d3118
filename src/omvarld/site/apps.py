from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SiteConfig(AppConfig):
    """The site as a whole: the start page, the navigation and the demo, above every other app.

    Labelled ``omvarld_site`` so that it never clashes with ``django.contrib.sites`` (label ``sites``).
    """

    name = "omvarld.site"
    label = "omvarld_site"
    verbose_name = _("Site")
