from __future__ import annotations

import sys
from pathlib import Path
from typing import IO, Any

from django.core.management.base import CommandParser
from django.utils.translation import gettext as _

from omvarld.core.commands import OmvarldCommand, gettext_lazy, write_error_reason
from omvarld.core.errors import ApplicationError, ErrorDetail
from omvarld.engagements import export
from omvarld.engagements.filtersets import EngagementFilterSet
from omvarld.engagements.models import Engagement

FILTERS = ("kind", "status", "unit", "outcome", "decided_by", "country", "counterpart", "year", "q")


class Command(OmvarldCommand):
    help = gettext_lazy(
        "Export the register: CSV, XLSX, JSON, or the policy engine's interchange facts (JSON Lines)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="what", required=True)
        register = sub.add_parser(
            "register", help=gettext_lazy("the engagements of the register, filtered as the list is")
        )
        register.add_argument("--format", choices=export.FORMATS, default="csv")
        register.add_argument(
            "--output", "-o", metavar="FILE", help=gettext_lazy("write to FILE (default: standard output)")
        )
        register.add_argument("--kind")
        register.add_argument("--status")
        register.add_argument("--unit", metavar="CODE")
        register.add_argument(
            "--outcome", help=gettext_lazy("approve, incomplete or reject (the latest assessment)")
        )
        register.add_argument(
            "--decided-by", dest="decided_by", metavar="CODE", help=gettext_lazy("the deciding body")
        )
        register.add_argument("--country", help=gettext_lazy("the counterpart's country, by name or code"))
        register.add_argument(
            "--counterpart", metavar="TEXT", help=gettext_lazy("part of the counterpart's name")
        )
        register.add_argument("--year")
        register.add_argument(
            "--q", metavar="TEXT", help=gettext_lazy("part of the title or registration number")
        )

    def handle(self, *args: Any, **options: Any) -> None:
        data = {name: options[name] for name in FILTERS if options.get(name) not in (None, "")}
        filterset = EngagementFilterSet(data, queryset=Engagement.objects.order_by("year", "number", "pk"))
        if not filterset.is_valid():
            details = [
                ErrorDetail(str(message), field=f"--{field}")
                for field, messages in filterset.errors.items()
                for message in messages
            ]
            raise ApplicationError(_("The filters could not be used."), details=details)
        queryset = filterset.qs
        fmt, output = options["format"], options.get("output")
        if output and Path(output).is_dir():
            raise ApplicationError(_("%(path)s is a folder, not a file.") % {"path": output})
        try:
            if fmt in export.TEXT_WRITERS:
                text = open(output, "w", encoding="utf-8", newline="") if output else None  # noqa: SIM115
                count = export.TEXT_WRITERS[fmt](queryset, text or sys.stdout)
                if text:
                    text.close()
            else:
                binary: IO[bytes] = open(output, "wb") if output else sys.stdout.buffer  # noqa: SIM115
                count = export.BINARY_WRITERS[fmt](queryset, binary)
                if output:
                    binary.close()
                else:
                    binary.flush()
        except BrokenPipeError:
            raise  # the reader of standard output went away (``… | head``): ``omvarld`` stops quietly
        except OSError as error:
            raise ApplicationError(
                _("Could not write %(path)s: %(reason)s")
                % {"path": output or "-", "reason": write_error_reason(error)}
            ) from error
        if output:
            self.stderr.write(
                _("%(count)s engagements written to %(path)s.") % {"count": count, "path": output}
            )
