from __future__ import annotations

import datetime
from typing import Any

from django.core.management.base import CommandParser
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from omvarld.core.commands import OmvarldCommand, gettext_lazy
from omvarld.core.errors import ApplicationError
from omvarld.organisation.models import Unit
from omvarld.organisation.services import units_merge


def _period(unit: Unit) -> str:
    begin = unit.valid_from.isoformat() if unit.valid_from else "…"
    end = unit.valid_to.isoformat() if unit.valid_to else "…"
    return f"{begin} – {end}"


class Command(OmvarldCommand):
    help = gettext_lazy(
        "The organisation over time: merge units into their successor on a date (audited), show a unit."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="subcommand", required=True)
        merge = sub.add_parser(
            "merge",
            help=gettext_lazy(
                "end the units the day before DATE and record SUCCESSOR as what they merged into"
            ),
        )
        merge.add_argument(
            "codes", nargs="+", metavar="CODE", help=gettext_lazy("the codes of the units that merge")
        )
        merge.add_argument(
            "--into", required=True, metavar="SUCCESSOR", help=gettext_lazy("the code of the successor")
        )
        merge.add_argument(
            "--on",
            required=True,
            metavar="DATE",
            help=gettext_lazy("the successor's first day in their place, YYYY-MM-DD"),
        )
        show = sub.add_parser("show", help=gettext_lazy("a unit's period, place, successor and predecessors"))
        show.add_argument("code")

    def handle(self, *args: Any, **options: Any) -> None:
        getattr(self, f"_{options['subcommand']}")(options)

    def _unit(self, code: str) -> Unit:
        unit = Unit.objects.select_related("parent", "successor").filter(code=code).first()
        if unit is None:
            raise ApplicationError(
                _("The unit %(code)s does not exist (see omvarld load_units).") % {"code": code}
            )
        return unit

    def _merge(self, options: dict[str, Any]) -> None:
        try:
            day = datetime.date.fromisoformat(options["on"])
        except ValueError as exc:
            raise ApplicationError(
                _("%(value)s is no date; write it YYYY-MM-DD, e.g. 2020-07-01.")
                % {"value": repr(options["on"])}
            ) from exc
        units = [self._unit(code) for code in options["codes"]]
        successor = self._unit(options["into"])
        merged = units_merge(actor=None, units=units, successor=successor, on=day)
        last_day = day - datetime.timedelta(days=1)
        for unit in merged:
            self.stdout.write(
                _("%(code)s ceased after %(day)s and merged into %(successor)s.")
                % {"code": unit.code, "day": last_day.isoformat(), "successor": successor.code}
            )

    def _show(self, options: dict[str, Any]) -> None:
        unit = self._unit(options["code"])
        predecessors = ", ".join(
            f"{p.code} ({_period(p)})" for p in unit.predecessors.order_by("valid_to", "code")
        )
        lines = [
            f"{unit.code}  {unit.name}",
            f"  {capfirst(_('type'))}: {unit.get_type_display()}",
            f"  {capfirst(_('parent unit'))}: {unit.parent.code if unit.parent else '–'}",
            f"  {_('Period')}: {_period(unit)}",
            f"  {_('Merged into')}: {unit.successor.code if unit.successor else '–'}",
            f"  {_('Formed from')}: {predecessors or '–'}",
        ]
        self.stdout.write("\n".join(lines))
