"""The ``omvarld`` command: Django's command line with Omvärld's settings.

``assess``, ``compare``, ``policy`` and ``prioritise`` go straight to the policy engine's own command
line without loading Django, so that they start fast and need no database.
"""

from __future__ import annotations

import os
import sys

POLICY_COMMANDS = frozenset({"assess", "compare", "policy", "prioritise"})
POLICY_HELP = """
[policy] (no database; see `omvarld assess --help`)
    assess
    compare
    policy
    prioritise
"""


def main(argv: list[str] | None = None) -> int:
    args = list(sys.argv if argv is None else argv)
    if len(args) > 1 and args[1] in POLICY_COMMANDS:
        from omvarld.policy.cli import main as policy_main

        return policy_main(args[1:])

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "omvarld.settings")
    from omvarld.env import ConfigurationError

    try:
        from django.core.management import execute_from_command_line

        execute_from_command_line(["omvarld", *args[1:]])
        if len(args) < 2 or (len(args) == 2 and args[1] in {"help", "--help", "-h"}):
            print(POLICY_HELP)
    except ConfigurationError as exc:
        print(f"omvarld: felaktig konfiguration: {exc}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
