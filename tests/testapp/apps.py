from django.apps import AppConfig


class TestAppConfig(AppConfig):
    """Models that exist only for the tests (installed by ``tests/settings.py``, never in production).

    The matter is the register's stand-in: it belongs to a unit, and officers and secretaries see only
    the matters of their own units, so the shared test bases (``tests/bases.py``) have a unit-scoped
    resource to prove that a list leaves out, and a detail page refuses with 404, what lies outside the
    user's units.
    """

    name = "tests.testapp"
    label = "testapp"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from omvarld.accounts.models import Role
        from omvarld.accounts.permissions import RULES, UNIT_FIELDS, Action, Scope

        RULES["testapp.matter"] = {
            Action.VIEW: {
                Role.OFFICER: Scope.OWN_UNIT,
                Role.SECRETARY: Scope.OWN_UNIT,
                Role.COORDINATOR: Scope.ANY,
                Role.READER: Scope.ANY,
                Role.ADMINISTRATOR: Scope.ANY,
            },
        }
        UNIT_FIELDS["testapp.matter"] = "unit"
