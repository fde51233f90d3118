from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StrategyConfig(AppConfig):
    """The strategy itself on the web: its guidelines as study material, what-if comparisons of policy
    versions across the register, and the prioritisation of what waits for a decision."""

    name = "omvarld.strategy"
    label = "strategy"
    verbose_name = _("Strategy")

    def ready(self) -> None:
        from omvarld.strategy import receivers  # noqa: F401 - connects the receiver of the register's signal
