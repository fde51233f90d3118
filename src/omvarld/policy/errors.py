"""Errors of the policy engine: bad input (Swedish, for users) and bad policy files (for developers)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Problem:
    """One problem of an engagement: the path of the field (``"counterpart.country"``; empty for the
    engagement as a whole) and a Swedish sentence for the user."""

    field: str
    message: str

    def __str__(self) -> str:
        if self.field:
            return f"fältet ”{self.field}”: {self.message}"
        return self.message

    def located(self, prefix: str) -> Problem:
        """The same problem inside element ``prefix`` of an array (``"[2]"``) or a line."""
        if not self.field:
            return Problem(prefix, self.message)
        joiner = "" if self.field.startswith("[") else "."
        return Problem(f"{prefix}{joiner}{self.field}", self.message)


class InputError(ValueError):
    """Engagements in the interchange format are invalid: ``problems`` lists every problem found.

    ``InputError("cost_sek", "…")`` is a single problem. ``field`` and ``message`` are the first
    problem's; ``str(error)`` is the whole Swedish message, one problem per line.
    """

    MAX_SHOWN = 50

    def __init__(self, problems: Iterable[Problem] | str, message: str | None = None) -> None:
        if isinstance(problems, str):
            problems = [Problem(problems, message or "")]
        self.problems: list[Problem] = list(problems) or [Problem("", "ogiltig indata.")]
        super().__init__(self.__str__())

    @property
    def field(self) -> str:
        return self.problems[0].field

    @property
    def message(self) -> str:
        return self.problems[0].message

    def __str__(self) -> str:
        problems = self.problems
        if len(problems) == 1:
            return (
                f"Ogiltig indata i {problems[0]}" if problems[0].field else f"Ogiltig indata: {problems[0]}"
            )
        lines = [f"Ogiltig indata ({len(problems)} fel):"]
        lines.extend(f"  - {p}" for p in problems[: self.MAX_SHOWN])
        if len(problems) > self.MAX_SHOWN:
            lines.append(f"  … och {len(problems) - self.MAX_SHOWN} fel till.")
        return "\n".join(lines)

    def at_index(self, index: int) -> InputError:
        """The same problems, located inside element ``index`` of an array."""
        return InputError(p.located(f"[{index}]") for p in self.problems)


class PolicyError(Exception):
    """A policy version file failed load-time validation. ``problems`` lists every problem found."""

    def __init__(self, source: str, problems: list[str]) -> None:
        self.source = source
        self.problems = problems
        lines = "\n".join(f"  - {p}" for p in problems)
        super().__init__(f"{source}: {len(problems)} problem(s) in the policy:\n{lines}")


class UnknownVersionError(LookupError):
    """No policy version with the requested id (or none in force on the requested date)."""
