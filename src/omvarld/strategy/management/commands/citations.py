from __future__ import annotations

from typing import Any

from omvarld.core.commands import OmvarldCommand
from omvarld.core.commands import gettext_lazy as _
from omvarld.strategy.services import citations_rebuild


class Command(OmvarldCommand):
    help = _(
        "Rebuild the index of the passages that each matter's latest stored assessment cites (the guideline "
        "pages list matters from it): after assessments were written in bulk, past the register's services."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        def progress(done: int, total: int) -> None:
            self.stdout.write(f"{done} av {total} ärenden genomgångna")

        indexed = citations_rebuild(progress=progress if options["verbosity"] > 1 else None)
        matters = "ärende" if indexed == 1 else "ärenden"
        done = f"Klart: {indexed} {matters} med en sparad bedömning indexerade."
        self.stdout.write(self.style.SUCCESS(done))
