"""Errors of the policy engine: bad input (Swedish, for users) and bad policy files (for developers)."""

from __future__ import annotations


class InputError(ValueError):
    """An engagement in the interchange format is invalid.

    ``field`` is the path of the offending field (``"counterpart.country"``, or ``"[2].cost_sek"``
    inside an array), ``message`` a Swedish sentence for the user. ``str(error)`` combines the two.
    """

    def __init__(self, field: str, message: str) -> None:
        self.field = field
        self.message = message
        super().__init__(self.__str__())

    def __str__(self) -> str:
        if self.field:
            return f"Ogiltig indata i fältet ”{self.field}”: {self.message}"
        return f"Ogiltig indata: {self.message}"

    def at_index(self, index: int) -> InputError:
        """The same error, located inside element ``index`` of an array."""
        path = f"[{index}].{self.field}" if self.field else f"[{index}]"
        return InputError(path, self.message)


class PolicyError(Exception):
    """A policy version file failed load-time validation. ``problems`` lists every problem found."""

    def __init__(self, source: str, problems: list[str]) -> None:
        self.source = source
        self.problems = problems
        lines = "\n".join(f"  - {p}" for p in problems)
        super().__init__(f"{source}: {len(problems)} problem(s) in the policy:\n{lines}")


class UnknownVersionError(LookupError):
    """No policy version with the requested id (or none in force on the requested date)."""
