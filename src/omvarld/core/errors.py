"""The one error type that services raise.

Each channel maps it the same way: a form shows the message by the field, the API answers 400 with a
JSON problem body, the command line prints the message and exits with code 2.

Messages are English msgids passed through ``gettext`` where the error is raised, so that they reach the
user in the language of the request (Swedish unless they chose English; commands speak Swedish).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.translation import gettext as _


@dataclass(frozen=True)
class ErrorDetail:
    """One problem, placed as precisely as the input allows (a form field, or a file's row and column)."""

    message: str
    field: str | None = None
    row: int | None = None
    column: str | None = None

    def location(self) -> str:
        parts = []
        if self.row is not None:
            parts.append(_("row %(row)s") % {"row": self.row})
        if self.column:
            parts.append(_("column %(column)s") % {"column": self.column})
        elif self.field:
            parts.append(_("field %(field)s") % {"field": self.field})
        return ", ".join(parts)

    def __str__(self) -> str:
        where = self.location()
        return f"{where}: {self.message}" if where else self.message

    def as_dict(self) -> dict[str, object]:
        data: dict[str, object] = {"message": self.message}
        if self.field is not None:
            data["field"] = self.field
        if self.row is not None:
            data["row"] = self.row
        if self.column is not None:
            data["column"] = self.column
        return data


@dataclass
class ApplicationError(Exception):
    """A request that Omvärld refuses, with a message meant for the person who made it (translated)."""

    message: str
    details: list[ErrorDetail] = field(default_factory=list)
    code: str = "invalid"
    status: int = 400

    def __post_init__(self) -> None:
        super().__init__(self.message)

    def __str__(self) -> str:
        if not self.details:
            return self.message
        return self.message + "\n" + "\n".join(f"  - {detail}" for detail in self.details)

    @classmethod
    def for_field(cls, field_name: str, message: str) -> ApplicationError:
        return cls(message, details=[ErrorDetail(message, field=field_name)])


class PermissionDenied(ApplicationError):
    """The acting user may not do this. Raised by ``accounts.permissions.require``."""

    def __init__(self, message: str | None = None) -> None:
        super().__init__(
            message or _("You are not permitted to do this."), code="permission_denied", status=403
        )


class NotFound(ApplicationError):
    def __init__(self, message: str | None = None) -> None:
        super().__init__(
            message or _("What you are looking for does not exist."), code="not_found", status=404
        )
