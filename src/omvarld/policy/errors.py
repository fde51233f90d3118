"""Errors of the policy engine: bad input (Swedish, for users) and bad policy files (for developers)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Problem:
    """One problem of an engagement: the path of the field (``"counterpart.country"``; empty for the
    engagement as a whole), a Swedish sentence for the user and, in JSON Lines, the input line."""

    field: str
    message: str
    line: int | None = None

    def where(self) -> str:
        """Where the problem is, in Swedish: ``rad 3, fältet ”kind”``."""
        places = [] if self.line is None else [f"rad {self.line}"]
        if self.field:
            places.append(f"fältet ”{self.field}”")
        return ", ".join(places)

    def __str__(self) -> str:
        where = self.where()
        return f"{where}: {self.message}" if where else self.message

    def located(self, prefix: str) -> Problem:
        """The same problem inside element ``prefix`` of an array (``"[2]"``)."""
        if not self.field:
            return Problem(prefix, self.message, self.line)
        joiner = "" if self.field.startswith("[") else "."
        return Problem(f"{prefix}{joiner}{self.field}", self.message, self.line)

    def on_line(self, line: int) -> Problem:
        """The same problem on input line ``line`` (JSON Lines)."""
        return Problem(self.field, self.message, line)


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
            first = problems[0]
            if first.line is not None:
                place = f"på rad {first.line}" + (f", i fältet ”{first.field}”" if first.field else "")
                return f"Ogiltig indata {place}: {first.message}"
            return f"Ogiltig indata i {first}" if first.field else f"Ogiltig indata: {first}"
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
        super().__init__(f"{source}: {len(problems)} fel i policyn:\n{lines}")


class UnknownVersionError(LookupError):
    """No policy version with the requested id (or none in force on the requested date)."""
