from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "omvarld.accounts"
    label = "accounts"
    verbose_name = _("Accounts")

    def ready(self) -> None:
        from omvarld.accounts import auth_events  # noqa: F401 - connects the sign-in receivers
