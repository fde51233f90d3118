"""Writing the organisation: units and counterparts. Every change is audited."""

from __future__ import annotations

import csv
import datetime
import graphlib
import io
import re
import unicodedata
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Final

from django.db import transaction
from django.utils.translation import gettext as _

from omvarld import geo
from omvarld.accounts.permissions import Action, User, require_actor
from omvarld.audit import events
from omvarld.audit.services import audit_record, create_with_audit, snapshot, update_with_audit
from omvarld.core.csv_errors import csv_problem
from omvarld.core.errors import ApplicationError, ErrorDetail
from omvarld.core.references import delete_unreferenced, describe, protected_references
from omvarld.organisation.models import Counterpart, CounterpartType, Unit, UnitType, country_label

UNIT_COLUMNS = ("code", "name", "name_en", "type", "parent", "valid_from", "valid_to", "successor")
# Stockholm's organisation: the units in force today and, after them, those that ceased since 2008.
DEFAULT_UNITS_FILE = Path(__file__).resolve().parent / "data" / "stockholm.csv"
# The model's own limits, so that the loader refuses exactly what the database would.
_MAX_LENGTHS: dict[str, int | None] = {
    column: Unit._meta.get_field(column).max_length  # type: ignore[union-attr]
    for column in ("code", "name", "name_en", "type")
}
_MAX_LENGTHS["parent"] = _MAX_LENGTHS["successor"] = _MAX_LENGTHS["code"]
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
# No city's organisation is anywhere near this deep (Stockholm's is four levels); deeper is a broken file.
MAX_UNIT_LEVELS = 20
MAX_REPORTED_ERRORS = 100


@dataclass(frozen=True)
class LoadResult:
    created: int
    updated: int
    unchanged: int


def _text_problems(row: dict[str, str], row_number: int) -> list[ErrorDetail]:
    """What the model's fields would refuse: text that is too long, or that holds control characters."""
    errors = []
    for column in UNIT_COLUMNS:
        value = row[column]
        if any(unicodedata.category(character) == "Cc" for character in value):
            errors.append(
                ErrorDetail(
                    _(
                        "The text holds control characters (such as NUL or a line break); they are not "
                        "allowed."
                    ),
                    row=row_number,
                    column=column,
                )
            )
        limit = _MAX_LENGTHS.get(column)
        if limit is not None and len(value) > limit:
            errors.append(
                ErrorDetail(
                    _("The text is %(length)s characters long; at most %(limit)s are allowed.")
                    % {"length": len(value), "limit": limit},
                    row=row_number,
                    column=column,
                )
            )
    return errors


# A unit's code: what the register's numbers, links and filters carry (KS, MHN, KS-IB, SDN_1).
_CODE = re.compile(r"[\w-]+")


def _parse_units(text: str) -> tuple[list[dict[str, str]], dict[str, int]]:
    """Read and validate the whole file; report every problem with its row and column.

    Returns the rows and each unit's depth in the organisation (0 at the top).
    """
    if not text.strip():
        raise ApplicationError(_not_loaded(), details=[ErrorDetail(_("The file is empty."), row=1)])
    reader = csv.DictReader(io.StringIO(text))
    try:
        fieldnames = reader.fieldnames or []
        unknown = [column for column in fieldnames if column not in UNIT_COLUMNS]
        missing = [column for column in ("code", "name", "type") if column not in fieldnames]
        if unknown or missing:
            raise ApplicationError(
                _("The file lacks required columns.") if missing else _not_loaded(),
                details=[
                    ErrorDetail(
                        _("Unknown column %(column)s; the columns are %(columns)s.")
                        % {"column": repr(column[:40]), "columns": ", ".join(UNIT_COLUMNS)},
                        row=1,
                        column=column[:40],
                    )
                    for column in unknown
                ]
                + [
                    ErrorDetail(
                        _("The column %(column)s is missing.") % {"column": column}, row=1, column=column
                    )
                    for column in missing
                ],
            )
        rows: list[dict[str, str]] = []
        errors: list[ErrorDetail] = []
        seen: dict[str, int] = {}
        for raw in reader:
            # The line the record starts on: a quoted value may span lines (and is refused below).
            row_number = reader.line_num - sum(
                value.count("\n") for value in raw.values() if isinstance(value, str)
            )
            row = {column: (raw.get(column) or "").strip() for column in UNIT_COLUMNS}
            errors.extend(_text_problems(row, row_number))
            if raw.get(None):  # DictReader keeps the values past the heading under None
                errors.append(
                    ErrorDetail(
                        _("Row %(row)s has more values than the heading has columns.") % {"row": row_number},
                        row=row_number,
                    )
                )
            if not row["code"]:
                errors.append(ErrorDetail(_("The code must not be empty."), row=row_number, column="code"))
            elif not _CODE.fullmatch(row["code"]):
                errors.append(
                    ErrorDetail(
                        _("The code %(code)s may hold only letters, digits, - and _ (no spaces).")
                        % {"code": repr(row["code"][:40])},
                        row=row_number,
                        column="code",
                    )
                )
            elif row["code"] in seen:
                errors.append(
                    ErrorDetail(
                        _("The code %(code)s is already on row %(row)s.")
                        % {"code": row["code"], "row": seen[row["code"]]},
                        row=row_number,
                        column="code",
                    )
                )
            else:
                seen[row["code"]] = row_number
            if not row["name"]:
                errors.append(ErrorDetail(_("The name must not be empty."), row=row_number, column="name"))
            if row["type"] not in UnitType.values:
                errors.append(
                    ErrorDetail(
                        _("Unknown type %(type)s; the types allowed are %(types)s.")
                        % {"type": repr(row["type"][:40]), "types": ", ".join(UnitType.values)},
                        row=row_number,
                        column="type",
                    )
                )
            rows.append(row | {"_row": str(row_number)})
    except csv.Error as exc:
        raise ApplicationError(
            _not_loaded(),
            details=[
                ErrorDetail(
                    _("The file is not a valid CSV file (%(reason)s).") % {"reason": csv_problem(exc)},
                    row=reader.line_num + 1,
                )
            ],
        ) from exc
    known_codes = set(seen) | set(Unit.objects.values_list("code", flat=True))
    for row in rows:
        if row["parent"] and row["parent"] not in known_codes:
            errors.append(
                ErrorDetail(
                    _("The parent unit %(code)s does not exist.") % {"code": row["parent"][:40]},
                    row=int(row["_row"]),
                    column="parent",
                )
            )
        if row["parent"] and row["parent"] == row["code"]:
            errors.append(
                ErrorDetail(_("A unit cannot be its own parent."), row=int(row["_row"]), column="parent")
            )
    depths, hierarchy_errors = _hierarchy(rows)
    errors.extend(hierarchy_errors)
    errors.extend(_period_problems(rows))
    if errors:
        raise ApplicationError(_not_loaded(), details=_capped(errors))
    return rows, depths


def _date(value: str) -> datetime.date | None:
    """A date written YYYY-MM-DD, None for an empty cell; ValueError for anything else."""
    if not value:
        return None
    if not _ISO_DATE.fullmatch(value):
        raise ValueError(value)
    return datetime.date.fromisoformat(value)


def _wrong_date(value: str) -> str:
    return _("%(value)s is no date; write it YYYY-MM-DD, e.g. 2020-07-01.") % {"value": repr(value[:40])}


@dataclass(frozen=True)
class _Planned:
    """A unit as it will be: its parent's code, its period and its successor's code ("" for none)."""

    parent: str
    valid_from: datetime.date | None
    valid_to: datetime.date | None
    successor: str


class _Organisation:
    """The organisation as it will be once a change is written, by unit code."""

    def __init__(self, units: dict[str, _Planned]) -> None:
        self.units = units
        self.children: dict[str, list[str]] = defaultdict(list)
        for code, planned in units.items():
            if planned.parent:
                self.children[planned.parent].append(code)

    @staticmethod
    def stored() -> dict[str, _Planned]:
        return {
            unit.code: _Planned(
                parent=unit.parent.code if unit.parent else "",
                valid_from=unit.valid_from,
                valid_to=unit.valid_to,
                successor=unit.successor.code if unit.successor else "",
            )
            for unit in Unit.objects.select_related("parent", "successor")
        }

    def in_force(self, code: str, day: datetime.date) -> bool:
        planned = self.units[code]
        return (planned.valid_from is None or planned.valid_from <= day) and (
            planned.valid_to is None or day <= planned.valid_to
        )

    def children_in_force(self, code: str, day: datetime.date) -> list[str]:
        return sorted(child for child in self.children.get(code, []) if self.in_force(child, day))

    def ending_problems(self, code: str) -> list[tuple[str, str]]:
        """What is wrong with how the unit ends, as (column, message): an end before its beginning, a
        successor that is not there the day after, units below it that go on."""
        planned = self.units[code]
        if planned.valid_to is None:
            if planned.successor:
                return [("successor", _("A unit has a successor only once it ends: give valid_to too."))]
            return []
        problems = []
        last_day = planned.valid_to
        next_day = last_day + datetime.timedelta(days=1)
        if planned.valid_from is not None and planned.valid_from > last_day:
            problems.append(
                (
                    "valid_to",
                    _("The unit would end on %(end)s, before it begins on %(begin)s.")
                    % {"end": last_day, "begin": planned.valid_from},
                )
            )
        successor = planned.successor
        if successor == code:
            problems.append(("successor", _("A unit cannot be its own successor.")))
        elif successor and successor not in self.units:
            problems.append(
                ("successor", _("The successor %(code)s does not exist.") % {"code": successor[:40]})
            )
        elif successor and not self.in_force(successor, next_day):
            problems.append(
                (
                    "successor",
                    _("The successor %(code)s is not in force on %(day)s, the day after the unit ends.")
                    % {"code": successor, "day": next_day},
                )
            )
        children = self.children_in_force(code, next_day)
        if children:
            problems.append(
                (
                    "valid_to",
                    _("Units below it go on after %(day)s: %(codes)s. End them or move them first.")
                    % {"day": last_day, "codes": ", ".join(children)},
                )
            )
        return problems


def _period_problems(rows: list[dict[str, str]]) -> list[ErrorDetail]:
    """The periods and successors in the file, checked against the organisation as it will be.

    An empty cell keeps what is stored: a file can give a unit its period or end it, never reopen it.
    """
    errors = []
    planned = _Organisation.stored()
    for row in rows:
        row_number = int(row["_row"])
        dates: dict[str, datetime.date | None] = {}
        for column in ("valid_from", "valid_to"):
            try:
                dates[column] = _date(row[column])
            except ValueError:
                errors.append(ErrorDetail(_wrong_date(row[column]), row=row_number, column=column))
                dates[column] = None
        stored = planned.get(row["code"])
        planned[row["code"]] = _Planned(
            parent=row["parent"],
            valid_from=dates["valid_from"] or (stored.valid_from if stored else None),
            valid_to=dates["valid_to"] or (stored.valid_to if stored else None),
            successor=row["successor"] or (stored.successor if stored else ""),
        )
    organisation = _Organisation(planned)
    for row in rows:
        errors.extend(
            ErrorDetail(message, row=int(row["_row"]), column=column)
            for column, message in organisation.ending_problems(row["code"])
        )
    return errors


def _not_loaded() -> str:
    return _("The file could not be loaded; nothing has been changed.")


def _capped(errors: list[ErrorDetail]) -> list[ErrorDetail]:
    """The first errors in file order; a file wrong on every row need not print every row."""
    errors = sorted(errors, key=lambda detail: detail.row or 0)
    if len(errors) <= MAX_REPORTED_ERRORS:
        return errors
    rest = len(errors) - MAX_REPORTED_ERRORS
    return [*errors[:MAX_REPORTED_ERRORS], ErrorDetail(_("… and %(rest)s errors more.") % {"rest": rest})]


def _hierarchy(rows: list[dict[str, str]]) -> tuple[dict[str, int], list[ErrorDetail]]:
    """Each unit's depth (0 at the top) in the organisation as it will be, and its cycles and too-deep rows.

    Iterative, and linear in the number of units: every unit's depth is computed once, so a chain of
    thousands of units neither recurses nor walks the chain again for each of its members.
    """
    parents = dict(Unit.objects.filter(parent__isnull=False).values_list("code", "parent__code"))
    parents.update({row["code"]: row["parent"] for row in rows})
    depths: dict[str, int] = {}
    in_cycle: set[str] = set()
    for row in rows:
        path: list[str] = []
        on_path: dict[str, int] = {}
        current = row["code"]
        while current and current not in depths and current not in in_cycle and current not in on_path:
            on_path[current] = len(path)
            path.append(current)
            current = parents.get(current, "")
        if current in on_path or current in in_cycle:
            in_cycle.update(path)  # in a cycle, or below one: no depth
            continue
        depth = depths[current] if current else -1
        for code in reversed(path):
            depth += 1
            depths[code] = depth
    errors = []
    for row in rows:
        code, row_number = row["code"], int(row["_row"])
        if code in in_cycle:
            errors.append(
                ErrorDetail(
                    _("The unit is part of a circle of parent units."), row=row_number, column="parent"
                )
            )
        elif depths.get(code, 0) >= MAX_UNIT_LEVELS:
            errors.append(
                ErrorDetail(
                    _(
                        "The unit lies %(levels)s levels down in the organisation; at most %(limit)s are "
                        "allowed."
                    )
                    % {"levels": depths[code] + 1, "limit": MAX_UNIT_LEVELS},
                    row=row_number,
                    column="parent",
                )
            )
    return depths, errors


def _writing_order(rows: list[dict[str, str]], depths: dict[str, int]) -> list[dict[str, str]]:
    """The rows in an order that writes a unit's parent and successor, when they are in the file, before
    the unit, so that each unit is written, and audited, once in its final state."""
    by_code = {row["code"]: row for row in rows}
    shallowest_first = sorted(rows, key=lambda row: depths[row["code"]])
    graph = {
        row["code"]: {row[column] for column in ("parent", "successor") if row[column] in by_code}
        for row in shallowest_first
    }
    try:
        return [by_code[code] for code in graphlib.TopologicalSorter(graph).static_order()]
    except graphlib.CycleError:
        # Parents and successors in a circle (A below B, B merged into C, C below A): the parents still
        # come first, and a successor written later is linked afterwards.
        return shallowest_first


@transaction.atomic
def units_load(*, actor: User | None, text: str) -> LoadResult:
    """Create or update the units in a CSV file (columns code, name, name_en, type, parent, and optionally
    valid_from, valid_to and successor).

    All or nothing: if any row is wrong, nothing is written and every error is reported with its row and
    column. Units missing from the file are left as they are, since cases may refer to them; an empty
    date or successor keeps what is stored, so a file never reopens a unit that ended.
    """
    require_actor(actor, Action.CREATE, Unit)
    require_actor(actor, Action.CHANGE, Unit)
    rows, depths = _parse_units(text)
    existing = {unit.code: unit for unit in Unit.objects.select_for_update()}
    created: set[str] = set()
    updated: set[str] = set()
    deferred: list[tuple[str, str]] = []
    for row in _writing_order(rows, depths):
        parent = existing[row["parent"]] if row["parent"] else None
        unit = existing.get(row["code"])
        values: dict[str, object] = {
            "name": row["name"],
            "name_en": row["name_en"],
            "type": row["type"],
            "parent": parent,
        }
        # An empty cell keeps what is stored: a file never reopens a unit that ended.
        for column in ("valid_from", "valid_to"):
            day = _date(row[column])
            if day is not None:
                values[column] = day
        if row["successor"] in existing:
            values["successor"] = existing[row["successor"]]
        elif row["successor"]:
            deferred.append((row["code"], row["successor"]))
        if unit is None:
            unit = create_with_audit(actor=actor, obj=Unit(code=row["code"], **values))
            existing[unit.code] = unit
            created.add(unit.code)
        elif update_with_audit(actor=actor, obj=unit, values=values):
            updated.add(unit.code)
    # A successor that came into being later in the file is linked once it exists.
    for code, successor in deferred:
        if update_with_audit(actor=actor, obj=existing[code], values={"successor": existing[successor]}):
            updated.add(code)
    updated -= created
    return LoadResult(
        created=len(created), updated=len(updated), unchanged=len(rows) - len(created) - len(updated)
    )


def units_load_file(*, actor: User | None, path: Path) -> LoadResult:
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError as exc:
        raise ApplicationError(_("The file %(path)s does not exist.") % {"path": path}) from exc
    except IsADirectoryError as exc:
        raise ApplicationError(_("%(path)s is a folder, not a CSV file.") % {"path": path}) from exc
    except PermissionError as exc:
        raise ApplicationError(
            _("The file %(path)s may not be read (permission is lacking).") % {"path": path}
        ) from exc
    except UnicodeDecodeError as exc:
        raise ApplicationError(_("The file %(path)s is not UTF-8 encoded text.") % {"path": path}) from exc
    except OSError as exc:
        raise ApplicationError(
            _("The file %(path)s could not be read: %(reason)s.")
            % {"path": path, "reason": exc.strerror or exc}
        ) from exc
    return units_load(actor=actor, text=text)


@transaction.atomic
def units_merge(
    *, actor: User | None, units: Sequence[Unit], successor: Unit, on: datetime.date
) -> list[Unit]:
    """Merge ``units`` into ``successor`` on ``on``, the first day the successor stands in their place.

    A merger is a change with history, not an edit: each merged unit ends the day before (``valid_to``)
    and records its successor, and keeps existing with that period, so that what was registered in its
    time keeps pointing to it and its history can be followed to the successor and back. Refused, with
    nothing changed, when a unit has ended already or begins later, is the successor itself, still has
    units below it that go on, or when the successor is not in force on ``on``.
    """
    require_actor(actor, Action.CHANGE, Unit)
    if not units:
        raise ApplicationError.for_field("units", _("Name at least one unit to merge."))
    ids = {unit.pk for unit in units} | {successor.pk}
    locked = {unit.pk: unit for unit in Unit.objects.select_for_update().filter(pk__in=ids)}
    merged = sorted(
        (locked[unit.pk] for unit in {unit.pk: unit for unit in units}.values()), key=lambda u: u.code
    )
    successor = locked[successor.pk]
    last_day = on - datetime.timedelta(days=1)
    errors = []
    planned = _Organisation.stored()
    for unit in merged:
        if unit.pk == successor.pk:
            errors.append(
                ErrorDetail(_("%(code)s cannot merge into itself.") % {"code": unit.code}, field="units")
            )
            continue
        if unit.valid_to is not None:
            errors.append(
                ErrorDetail(
                    _("%(code)s ceased already on %(day)s.") % {"code": unit.code, "day": unit.valid_to},
                    field="units",
                )
            )
            continue
        planned[unit.code] = _Planned(
            parent=planned[unit.code].parent,
            valid_from=unit.valid_from,
            valid_to=last_day,
            successor=successor.code,
        )
    organisation = _Organisation(planned)
    if not errors:
        if not organisation.in_force(successor.code, on):
            errors.append(
                ErrorDetail(
                    _("The successor %(code)s is not in force on %(day)s; give it its period first.")
                    % {"code": successor.code, "day": on},
                    field="successor",
                )
            )
        for unit in merged:
            problems = [
                message
                for column, message in organisation.ending_problems(unit.code)
                if column != "successor"
            ]
            errors.extend(
                ErrorDetail(_("%(code)s: %(problem)s") % {"code": unit.code, "problem": message}, field="on")
                for message in problems
            )
    if errors:
        raise ApplicationError(_("The units could not be merged; nothing has been changed."), details=errors)
    for unit in merged:
        update_with_audit(
            actor=actor,
            obj=unit,
            values={"valid_to": last_day, "successor": successor},
            event=events.UNIT_MERGED,
        )
    return merged


def _resolve_place(*, country: str, city: str) -> tuple[int | None, str, bool | None]:
    """Resolve the counterpart's city against GeoNames; unknown cities are kept as written, unresolved."""
    if not city:
        return None, "", None
    place = geo.resolve_city(city, country)
    if place is None:
        return None, "", None
    return place.geonameid, place.name, place.is_capital


HIDDEN_CHARACTERS: Final = (
    r"\x00-\x1f\x7f-\x9f\u00ad\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff"
)
"""What a name may not hold, as a regular expression's character class (the API's schema declares the
same): control characters (NUL, a line break, ESC) and the invisible ones of formatting (a soft hyphen,
a zero-width space, a direction mark, a byte-order mark)."""
_HIDDEN = re.compile(f"[{HIDDEN_CHARACTERS}]")


def _validate_counterpart(*, name: str, type: str, country: str) -> list[ErrorDetail]:
    errors = []
    if not _HIDDEN.sub("", name).strip():
        errors.append(ErrorDetail(_("Enter a name."), field="name"))
    elif _HIDDEN.search(name):
        errors.append(
            ErrorDetail(
                _(
                    "The name holds control or invisible characters (such as a line break or a zero-width "
                    "space)."
                ),
                field="name",
            )
        )
    if type not in CounterpartType.values:
        errors.append(ErrorDetail(_("Unknown type “%(type)s”.") % {"type": type}, field="type"))
    if not geo.is_valid_country(country):
        errors.append(
            ErrorDetail(
                _("“%(country)s” is no country code according to ISO 3166-1 (such as DK).")
                % {"country": country},
                field="country",
            )
        )
    return errors


def _duplicate(*, name: str, country: str) -> ApplicationError:
    """A counterpart of that name in that country exists: a conflict with the register, not bad input."""
    message = _("There is already a counterpart called %(name)s in %(country)s.") % {
        "name": name.strip(),
        "country": country_label(country),
    }
    return ApplicationError(
        message, details=[ErrorDetail(message, field="name")], code="conflict", status=409
    )


def counterpart_problems(*, name: str, type: str, country: str) -> list[ErrorDetail]:
    """What is wrong with a new counterpart's values (by the fields ``name``, ``type``, ``country``)."""
    return _validate_counterpart(name=name, type=type, country=country.strip().upper())


def counterpart_draft(*, name: str, type: str, country: str, city: str = "") -> Counterpart:
    """An unsaved counterpart with its place resolved: what would be saved (the live assessment of a form
    that adds one reads it). The values are taken as they are; ``counterpart_create`` checks them."""
    country = country.strip().upper()
    geonameid, city_name, is_capital = _resolve_place(country=country, city=city.strip())
    return Counterpart(
        name=name.strip(),
        type=type,
        country=country,
        city=city.strip(),
        geonameid=geonameid,
        city_name=city_name,
        is_capital=is_capital,
    )


@transaction.atomic
def counterpart_create(
    *, actor: User | None, name: str, type: str, country: str, city: str = ""
) -> Counterpart:
    require_actor(actor, Action.CREATE, Counterpart)
    country = country.strip().upper()
    errors = _validate_counterpart(name=name, type=type, country=country)
    if errors:
        raise ApplicationError(_("The counterpart could not be saved."), details=errors)
    if Counterpart.objects.filter(name__iexact=name.strip(), country=country).exists():
        raise _duplicate(name=name, country=country)
    return create_with_audit(
        actor=actor, obj=counterpart_draft(name=name, type=type, country=country, city=city)
    )


@transaction.atomic
def counterpart_update(
    *, actor: User | None, counterpart: Counterpart, name: str, type: str, country: str, city: str = ""
) -> Counterpart:
    require_actor(actor, Action.CHANGE, counterpart)
    counterpart = Counterpart.objects.select_for_update().get(pk=counterpart.pk)
    country = country.strip().upper()
    errors = _validate_counterpart(name=name, type=type, country=country)
    if errors:
        raise ApplicationError(_("The counterpart could not be saved."), details=errors)
    # The same name written otherwise ("racepart", "RACEPART") is the same counterpart.
    clash = Counterpart.objects.filter(name__iexact=name.strip(), country=country).exclude(pk=counterpart.pk)
    if clash.exists():
        raise _duplicate(name=name, country=country)
    geonameid, city_name, is_capital = _resolve_place(country=country, city=city.strip())
    update_with_audit(
        actor=actor,
        obj=counterpart,
        values={
            "name": name.strip(),
            "type": type,
            "country": country,
            "city": city.strip(),
            "geonameid": geonameid,
            "city_name": city_name,
            "is_capital": is_capital,
        },
    )
    return counterpart


def _undeletable(name: str, references: str) -> str:
    return _(
        "The counterpart %(name)s cannot be deleted while anything refers to it: %(references)s. Remove or "
        "change those first."
    ) % {"name": name, "references": references}


def counterpart_deletion_refusal(*, counterpart: Counterpart) -> str | None:
    """Why the counterpart cannot be deleted now (what refers to it), or None: what a confirmation page
    says before the user asks. ``counterpart_delete`` checks again, under a lock."""
    references = protected_references(counterpart)
    return _undeletable(counterpart.name, describe(references)) if references else None


@transaction.atomic
def counterpart_delete(*, actor: User | None, counterpart: Counterpart) -> None:
    """Delete a counterpart nothing refers to; while anything does (the register's matters), refuse (409)
    and name what refers to it."""
    require_actor(actor, Action.DELETE, counterpart)
    counterpart = Counterpart.objects.select_for_update().get(pk=counterpart.pk)
    name = counterpart.name
    # The entry is written first, while the object still has its id; a refusal rolls both back.
    audit_record(
        actor=actor,
        event=events.COUNTERPART_DELETED,
        obj=counterpart,
        before=snapshot(counterpart),
        after=None,
    )
    delete_unreferenced(counterpart, refusal=lambda references: _undeletable(name, references))
