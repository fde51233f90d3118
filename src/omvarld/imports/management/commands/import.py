"""``omvarld import FILE``: import an existing register from a spreadsheet, or try it (``--dry-run``)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from django.core.management.base import CommandParser
from django.utils.translation import gettext as _

from omvarld.accounts.models import User
from omvarld.accounts.permissions import Action, can
from omvarld.core.commands import OmvarldCommand, gettext_lazy
from omvarld.core.errors import ApplicationError
from omvarld.engagements.models import Kind
from omvarld.imports import columns, services, tasks
from omvarld.imports.models import Import
from omvarld.imports.reading import read_table
from omvarld.organisation.models import Unit


class Command(OmvarldCommand):
    help = gettext_lazy(
        "Import an existing register (memberships, trips, agreements, invitations, any kind of engagement) "
        "from an Excel workbook (.xlsx) or a CSV file. All or nothing; importing the same file again "
        "changes nothing. --dry-run checks the file and reports every problem by row and column."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path, help=gettext_lazy("the file to import (.xlsx or .csv)"))
        parser.add_argument("--dry-run", action="store_true", help=gettext_lazy("check only: change nothing"))
        parser.add_argument(
            "--kind", choices=Kind.values, help=gettext_lazy("the kind of rows that name none")
        )
        parser.add_argument(
            "--unit", metavar="CODE", help=gettext_lazy("the owning unit of rows that name none")
        )
        parser.add_argument(
            "--map",
            action="append",
            default=[],
            metavar="COLUMN=FIELD",
            help=gettext_lazy(
                "read the column (its heading, or its letter) into the field, e.g. --map 'Dnr=source_id'; "
                "FIELD '-' leaves the column unread. Repeat for more columns."
            ),
        )
        parser.add_argument(
            "--user",
            metavar="USERNAME",
            help=gettext_lazy("import as this user (their permissions, their name in the log)"),
        )

    def handle(self, *args: Any, **options: Any) -> None:
        actor = self._actor(options.get("user"))
        path: Path = options["file"]
        name, content = tasks._read_path(str(path))
        table = read_table(name, content)
        params: dict[str, Any] = {"dry_run": options["dry_run"]}
        if options.get("kind"):
            params["kind"] = options["kind"]
        if actor is not None and not can(actor, Action.CREATE, Import):
            raise ApplicationError(
                _("%(user)s may not import: their roles give no right to.") % {"user": actor.get_username()}
            )
        if options.get("unit"):
            params["unit"] = self._unit(options["unit"]).code
        mapping = tasks.options_for(actor=actor, table=table, params={}, record=None).mapping
        mapping = self._adjusted(table.header, mapping, options["map"])
        params["mapping"] = {str(index): field for index, field in mapping.items()}
        self._show_mapping(table.header, mapping)
        for notice in table.notices:
            self.stderr.write(notice)
        if options["dry_run"]:
            outcome = tasks.run(actor=actor, params={**params, "path": str(path)})
        else:
            unit = Unit.objects.filter(code=params.get("unit", "")).first()
            if actor is not None and not can(actor, Action.CREATE, Import(unit=unit)):
                raise ApplicationError(
                    _("%(user)s imports only for their own units: name one of them with --unit.")
                    % {"user": actor.get_username()}
                )
            record = services.import_upload(
                actor=actor, file_name=name, content=content, unit=unit, kind=params.get("kind", "")
            )
            outcome = tasks.run(actor=actor, params={**params, "import": record.pk})
        if outcome["errors"]:
            raise ApplicationError(
                _("The file has problems; nothing has been changed."), details=tasks.errors_of(outcome)
            )
        counts = {key: outcome[key] for key in ("rows", "created", "updated", "unchanged")}
        if options["dry_run"]:
            self.stdout.write(
                _(
                    "Dry run: %(rows)s rows without problems; importing would register %(created)s new "
                    "matters, change %(updated)s and leave %(unchanged)s as they are. Nothing was changed."
                )
                % counts
            )
        else:
            self.stdout.write(
                _(
                    "Imported %(rows)s rows: %(created)s new matters, %(updated)s changed, %(unchanged)s "
                    "unchanged."
                )
                % counts
            )

    @staticmethod
    def _unit(written: str) -> Unit:
        """The unit ``--unit`` names: by its code or its name, whatever the case."""
        text = written.strip()
        found = list(Unit.objects.filter(code__iexact=text)[:2]) or list(
            Unit.objects.filter(name__iexact=text)[:2]
        )
        if len(found) == 1:
            return found[0]
        if found:
            raise ApplicationError(
                _("Several units are called “%(value)s”: write the unit's code.") % {"value": written[:60]}
            )
        raise ApplicationError(
            _("Unknown unit “%(value)s”: write its code (e.g. MHN) or its name.") % {"value": written[:60]}
        )

    def _actor(self, username: str | None) -> User | None:
        if not username:
            return None
        user = User.objects.filter(username=username, is_active=True).first()
        if user is None:
            raise ApplicationError(_("No user has the username “%(value)s”.") % {"value": username[:60]})
        return user

    def _adjusted(self, header: list[str], mapping: dict[int, str], changes: list[str]) -> dict[int, str]:
        adjusted = dict(mapping)
        letters = {columns.normalised(_letter(index)): index for index in range(len(header))}
        headings = {columns.normalised(heading): index for index, heading in enumerate(header) if heading}
        for change in changes:
            column, sep, field = change.rpartition("=")
            key = columns.normalised(column)
            index = headings.get(key, letters.get(key)) if sep else None
            if index is None:
                raise ApplicationError(
                    _("--map %(change)s names no column of the file; write COLUMN=FIELD.")
                    % {"change": change}
                )
            field = field.strip()
            if field in ("", "-"):
                adjusted.pop(index, None)
            elif field not in columns.BY_NAME:
                raise ApplicationError(
                    _("--map %(change)s: unknown field “%(field)s”; the fields are: %(fields)s.")
                    % {"change": change, "field": field, "fields": ", ".join(columns.BY_NAME)}
                )
            else:
                adjusted[index] = field
        return adjusted

    def _show_mapping(self, header: list[str], mapping: dict[int, str]) -> None:
        self.stderr.write(_("Columns read:"))
        for index, heading in enumerate(header):
            target = mapping.get(index)
            # The field's label, then its name for --map (a label may hold parentheses of its own).
            shown = (
                f"{columns.BY_NAME[target].label} – {target}" if target in columns.BY_NAME else _("not read")
            )
            self.stderr.write(f"  {_letter(index)} {heading or '—'}: {shown}")
        sys.stderr.flush()


def _letter(index: int) -> str:
    from omvarld.imports.reading import column_letter

    return column_letter(index)
