from axes import apps as axes_apps
from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "omvarld.accounts"
    label = "accounts"
    verbose_name = _("Accounts")

    def ready(self) -> None:
        from omvarld.accounts import auth_events  # noqa: F401 - connects the sign-in receivers


class AxesConfig(axes_apps.AppConfig):
    """django-axes under a name that says what its records are (its admin heading was "Axes")."""

    default = False  # named in INSTALLED_APPS; "omvarld.accounts" stays AccountsConfig
    verbose_name = _("Sign-in attempts")
