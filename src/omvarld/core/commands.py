"""The base for Omvärld's own commands: the CLI channel in the audit log, and exit code 2 on refusal."""

from __future__ import annotations

import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from omvarld.core.context import Channel, channel
from omvarld.core.errors import ApplicationError


class OmvarldCommand(BaseCommand):
    def execute(self, *args: Any, **options: Any) -> str | None:
        with channel(Channel.CLI):
            try:
                return super().execute(*args, **options)
            except ApplicationError as error:
                self.stderr.write(f"Fel: {error}")
                sys.exit(2)
            except CommandError as error:
                self.stderr.write(f"Fel: {error}")
                sys.exit(2)
