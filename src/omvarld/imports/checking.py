"""Checking a file row by row, and planning what importing it does — without writing anything.

Each row is read through its mapping, found in the register by its key, and checked exactly as the
register's services check what an officer types: the engagement form's fields (lengths), the services'
own checks of a registration or a change (``services.engagement_problems``), the permission point, the
counterpart's (``organisation.services``), and for a decided matter the checks of ``decision_record``
(``services.decision_problems``) on the assessment the matter will be decided on. Every problem is kept
with its row and column; the plan says, for each good row, whether it registers a new matter, changes one
(and how) or changes nothing.

A row is found in the register by, in turn:

1. its own id in the register it comes from (the column mapped to ``source_id``): a matter imported
   before under that id; otherwise it is new, and the id is kept with it (``ImportKey``);
2. its registration number in Omvärld (``registration_number``), which must be a matter the user may see;
3. failing both, by its kind, owning unit, title and start date together (the natural key): a matter
   with all four the same is the row's; none makes it new; two or more is an error.
"""

from __future__ import annotations

import datetime
import multiprocessing
import pickle
from collections import Counter, deque
from collections.abc import Callable, Generator, Iterable, Iterator, Mapping, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from typing import Any, Final

from django import forms
from django.db.models import Q, QuerySet
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from omvarld import policy
from omvarld.accounts.models import User as Account
from omvarld.accounts.permissions import Action, User, can, restrict, roles, units_reached
from omvarld.core import dates, workers
from omvarld.core.errors import ErrorDetail
from omvarld.core.filters import CountryField
from omvarld.engagements import interchange, services
from omvarld.engagements.forms import DecisionForm, EngagementForm
from omvarld.engagements.models import Decision, Engagement, FundingSource, Kind, Status
from omvarld.imports import columns
from omvarld.imports.columns import BY_NAME, Problem, Reader
from omvarld.imports.models import ImportKey
from omvarld.imports.reading import Cell, Table
from omvarld.organisation.models import Counterpart, CounterpartType, Unit
from omvarld.organisation.services import counterpart_draft

CREATE, UPDATE, UNCHANGED = "create", "update", "unchanged"
KINDS: Final = frozenset(Kind.values)
STATUSES: Final = frozenset(Status.values)
FUNDING_SOURCES: Final = tuple(FundingSource.values)
# Rows checked between two reports of progress, each step with the cyclic collector paused; an import
# writes what a step found before the next step's plans arrive.
CHECKED_PER_STEP: Final = 1000
# From this many rows on, a real run's rows are checked in a process of their own while the job's process
# writes the steps checked before (``OMVARLD_BULK_PROCESSES`` above 0): starting the process, with Django
# and the policy's compiled plans, takes a second or two.
CHECKED_APART_FROM: Final = 20_000
# Steps checked ahead of the writing, at most: bounds the plans held in memory.
STEPS_AHEAD: Final = 3
# What a new matter's stored assessment is made of, besides the matter.
STORED_FIELDS: Final = ("as_of", "policy_version", "policy_hash", "facts", "outcome", "decided_by", "result")
# The statuses an import can give a matter, in order; a matter further on is never taken back.
IMPORTABLE: Final = (Status.DRAFT, Status.SUBMITTED, Status.DECIDED)
RANK: Final[dict[str, int]] = {
    Status.DRAFT: 0,
    Status.SUBMITTED: 1,
    Status.DECIDED: 2,
    Status.CARRIED_OUT: 3,
    Status.FOLLOWED_UP: 4,
    Status.CLOSED: 5,
    Status.WITHDRAWN: 5,
}
# The fields whose values name something in the register, looked up for all rows at once.
LOOKED_UP: Final = ("registration_number", "source_id", "title", "counterpart", "responsible")
KEY_MAX_LENGTH: Final = ImportKey._meta.get_field("key").max_length or 200
# How many keys, titles or names one query looks up.
LOOKUP_CHUNK: Final = 500
# The services' names for what a form field or a counterpart's part is called in the mapping.
SERVICE_FIELDS: Final[dict[str, str]] = {
    "new_counterpart_name": "counterpart",
    "new_counterpart_type": "counterpart_type",
    "new_counterpart_country": "country",
    "new_counterpart_city": "city",
    "outcome": "decision",
}
# The column a problem is placed in when the file has none for its own field.
NEAREST: Final[dict[str, str]] = {
    "deviation_reason": "decision",
    "motivation": "decision",
    "body": "decision",
    "decided_on": "decision",
    "minutes_reference": "decision",
    "counterpart_type": "counterpart",
    "country": "counterpart",
    "city": "counterpart",
}
# What each field is called by the engagement's services when it is not the target's own name.
ENGAGEMENT_TARGETS: Final = frozenset(services.EDITABLE) - {"funding", "counterpart"}

Progress = Callable[[int, int, str | None], None]


@dataclass
class Options:
    """How the file is read: the field of each column read (by position), and what rows get that name
    no kind or owning unit."""

    mapping: dict[int, str]
    kind: str = ""
    unit: Unit | None = None


@dataclass
class Planned:
    """What importing one good row does."""

    row: int
    action: str
    engagement: Engagement | None = None  # the matter in the register, for a row that has one
    values: dict[str, Any] = field(default_factory=dict)  # new: every value; changed: the changed ones
    counterpart: tuple[str, str] | None = None  # a counterpart the import adds (name, country)
    key: str | None = None  # the file's own id, to keep with the matter
    registered_on: datetime.date | None = None
    lock_version: int | None = None
    # When the import submits the matter: the day it is assessed on, its facts and the engine's priority.
    submit_on: datetime.date | None = None
    facts: dict[str, Any] | None = None
    priority: policy.Priority | None = None
    # A new matter submitted: the assessment it is stored with and what it keeps of it (the values of
    # ``services.assessment_of``, the deciding body by id), made once, here.
    assessment: tuple[dict[str, Any], dict[str, Any]] | None = None
    decision: dict[str, Any] | None = None


@dataclass
class Plan:
    rows: list[Planned] = field(default_factory=list)
    errors: list[ErrorDetail] = field(default_factory=list)
    # The counterparts to add, by (name, country), as the first row that names each gives them.
    new_counterparts: dict[tuple[str, str], dict[str, str]] = field(default_factory=dict)
    total: int = 0
    # The good rows by what importing them does, kept or not (a real run keeps few: ``add``).
    actions: Counter[str] = field(default_factory=Counter)

    def add(self, planned: Planned, *, keep: bool = True) -> None:
        self.actions[planned.action] += 1
        if keep:
            self.rows.append(planned)

    def count(self, action: str) -> int:
        return self.actions[action]


@dataclass
class Step:
    """What checking a step of the file's rows found: the plans of its good rows, the problems of the
    others, and the counterparts to add that its rows name first (each is added before its first row)."""

    checked: int  # the rows checked so far, this step's included
    rows: list[Planned] = field(default_factory=list)
    errors: list[ErrorDetail] = field(default_factory=list)
    new_counterparts: dict[tuple[str, str], dict[str, str]] = field(default_factory=dict)


class _Row:
    """One row being checked: its values by field, and its problems, each placed in its column."""

    def __init__(self, number: int, table: Table, columns_of: Mapping[str, int]) -> None:
        self.number = number
        self.table = table
        self.columns_of = columns_of
        self.values: dict[str, Any] = {}
        self.unreadable: set[str] = set()
        self.errors: list[ErrorDetail] = []

    def column(self, target: str | None) -> str | None:
        if target is None:
            return None
        target = SERVICE_FIELDS.get(target, target)
        if target == "funding":
            target = next((name for name in self.columns_of if name.startswith(columns.FUNDING_PREFIX)), "")
        index = self.columns_of.get(target)
        if index is None and target in NEAREST:
            index = self.columns_of.get(NEAREST[target])
        return self.table.column_name(index) if index is not None else None

    def error(self, message: str, target: str | None = None) -> None:
        self.errors.append(ErrorDetail(message, row=self.number, column=self.column(target)))

    def sorted_errors(self) -> list[ErrorDetail]:
        """The row's problems from its first column to its last (those of no column last)."""
        order = {self.table.column_name(index): index for index in range(len(self.table.header))}
        return sorted(self.errors, key=lambda error: order.get(error.column or "", len(order)))

    def given(self, target: str) -> bool:
        """Whether the row has a value for ``target`` (an empty cell of a mapped column has none)."""
        return self.values.get(target) not in (None, "", [])


class Checker:
    """Checks a table's rows against the register as it is now, for ``actor`` (None: the system)."""

    def __init__(
        self, *, actor: User | None, table: Table, options: Options, for_writing: bool = False
    ) -> None:
        self.actor = actor
        # For an import's writer, each new matter's plan carries the assessment it is stored with; a dry
        # run only needs the verdict its decision is checked against.
        self.for_writing = for_writing
        self.table = table
        self.options = options
        self.today = timezone.localdate()
        self.columns_of = {target: index for index, target in options.mapping.items()}
        units = list(Unit.objects.all())
        self.units_by_id = {unit.pk: unit for unit in units}
        for unit in units:  # the units above each one, from memory (the engine's unit facts read them)
            if unit.parent_id is not None:
                unit.parent = self.units_by_id[unit.parent_id]
        self.units_by_code = {unit.code: unit for unit in units}
        # A unit that may own matters, in place of one a row names wrongly, so that the rest is checked.
        self.stand_in = next((unit for unit in units if interchange.policy_unit(unit) is unit), None)
        self.unit_spellings: dict[str, list[Unit]] = {}
        for unit in units:
            for spelling in {columns.normalised(unit.code), columns.normalised(unit.name)} | (
                {columns.normalised(unit.name_en)} if unit.name_en else set()
            ):
                self.unit_spellings.setdefault(spelling, []).append(unit)
        self._make_forms()
        # The counterparts to add, by (name, country), as the first row that names each gives them.
        self.new_counterparts: dict[tuple[str, str], dict[str, str]] = {}
        self.step: Step | None = None
        self.seen: dict[tuple[str, Any], int] = {}
        self.versions: dict[datetime.date, policy.PolicyVersion] = {}
        self.may_register: dict[int, bool] = {}
        self.counterpart_drafts: dict[tuple[str, str], Counterpart] = {}

    def _make_forms(self) -> None:
        # What reads and checks a row's values the way the register's forms do (made once, never pickled).
        self.reader = Reader()
        self.forms: dict[str, EngagementForm] = {}
        self.decision_form = DecisionForm(bodies=Unit.objects.none())
        self.country_field = CountryField(required=False)

    def __getstate__(self) -> dict[str, Any]:
        """The checker as a process of its own receives it (``steps_apart``): what it has read of the
        register and of the rows checked so far, without the forms and the policy's versions (made again
        there) and without the file's rows (sent a step at a time)."""
        state = {
            name: value
            for name, value in self.__dict__.items()
            if name not in ("reader", "forms", "decision_form", "country_field", "versions")
        }
        state["versions"] = {}  # compiled plans stay where they were compiled; loaded again there
        table = self.table
        state["table"] = Table(table.file_name, table.header, [], list(table.notices))
        return state

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__dict__.update(state)
        self._make_forms()

    # --- The mapping as a whole ---

    def mapping_problems(self) -> list[ErrorDetail]:
        problems = []
        mapped = self.options.mapping
        for index, name in sorted(mapped.items()):
            if name not in BY_NAME or not 0 <= index < len(self.table.header):
                problems.append(
                    ErrorDetail(
                        _("Column %(column)s cannot be read into “%(field)s”.")
                        % {"column": self.table.column_name(index), "field": name[:40]}
                    )
                )
        by_target: dict[str, list[int]] = {}
        for index, name in sorted(mapped.items()):
            by_target.setdefault(name, []).append(index)
        for name, indexes in by_target.items():
            if len(indexes) > 1 and name in BY_NAME:
                problems.append(
                    ErrorDetail(
                        _("Several columns are read into %(field)s: %(columns)s. Choose one.")
                        % {
                            "field": BY_NAME[name].label,
                            "columns": ", ".join(self.table.column_name(i) for i in indexes),
                        }
                    )
                )
        targets = set(mapped.values())
        if "title" not in targets:
            problems.append(
                ErrorDetail(_("No column is read into %(field)s.") % {"field": BY_NAME["title"].label})
            )
        if "kind" not in targets and not self.options.kind:
            problems.append(
                ErrorDetail(_("No column is read into the kind, and no kind is chosen for the whole file."))
            )
        if "unit" not in targets and self.options.unit is None:
            problems.append(
                ErrorDetail(
                    _("No column is read into the owning unit, and no unit is chosen for the whole file.")
                )
            )
        if self.options.kind and self.options.kind not in KINDS:
            problems.append(ErrorDetail(_("Choose the kind of engagement.")))
        if targets & set(columns.DECISION_TARGETS):
            for needed in ("decision", "decided_on", "minutes_reference"):
                if needed not in targets:
                    problems.append(
                        ErrorDetail(
                            _("A decision is read from the file: a column must be read into %(field)s too.")
                            % {"field": BY_NAME[needed].label}
                        )
                    )
        return problems

    # --- The rows ---

    def check(self, progress: Progress | None = None, *, keep_rows: bool = False) -> Plan:
        """Every row's problems (after the mapping's: none is checked while the mapping has one), and what
        the good rows do — counted, and with ``keep_rows`` each one's plan."""
        plan = Plan(total=len(self.table.rows), errors=self.mapping_problems())
        if plan.errors:
            return plan
        self.look_up()
        for step in self.steps():
            plan.errors.extend(step.errors)
            for planned in step.rows:
                plan.add(planned, keep=keep_rows)
            if progress is not None:
                progress(step.checked, plan.total, checked_message(step.checked, plan.total))
        plan.new_counterparts = self.new_counterparts
        return plan

    def steps(self) -> Generator[Step]:
        """The file's rows checked a step at a time, in order, in this process (after ``look_up``)."""
        for span, checked in self._spans():
            yield self.check_rows(span, checked=checked)

    def _spans(self) -> Iterator[tuple[list[tuple[int, list[Cell]]], int]]:
        """The file's rows a step at a time, each with the number of rows checked once it is."""
        rows = self.table.rows
        for start in range(0, len(rows), CHECKED_PER_STEP):
            span = rows[start : start + CHECKED_PER_STEP]
            yield span, start + len(span)

    def steps_apart(self, process: CheckingProcess) -> Generator[Step]:
        """``steps``, checked in a process of their own (``checking_process``) while the caller works on
        the steps it has. Until that process has started, steps are checked here; then the checker travels
        to it, pickled — with what ``look_up`` read of the register and the user's roles (the process may
        not query the database: ``workers.setup_django``) and the rows checked so far (a row is checked
        against the rows before it) — and each following step's rows go to it, in order, and their plans
        come back; at most ``STEPS_AHEAD`` wait. The process is shut down when the steps end."""
        try:
            spans = self._spans()
            here: list[Step] = []
            while not process.ready.done() and (step_rows := next(spans, None)) is not None:
                here.append(self.check_rows(step_rows[0], checked=step_rows[1]))
            if self.actor is not None:  # what the permission point reads of the user, read here once
                for role in roles(self.actor):
                    units_reached(self.actor, role)
            state = pickle.dumps(self, protocol=pickle.HIGHEST_PROTOCOL)
            pool = process.pool
            adopted = pool.submit(_adopt, state, translation.get_language())
            pending: deque[Future[Step]] = deque()

            def submit() -> None:
                step_rows = next(spans, None)
                if step_rows is not None:
                    pending.append(pool.submit(_check_rows, *step_rows))

            for _ahead in range(STEPS_AHEAD):
                submit()
            yield from here
            del here
            adopted.result()  # raises what went wrong there, if anything did
            while pending:
                step = pending.popleft().result()
                submit()
                yield step
        finally:
            process.shutdown()

    def check_rows(self, rows: Sequence[tuple[int, list[Cell]]], *, checked: int) -> Step:
        """A step of rows, checked against the register and the rows before them. What is kept of a good
        row is its plan, without what only checking needed; the cyclic collector is paused meanwhile
        (``workers.cyclic_gc_paused``): the plans grow with the step, and it would walk them again and
        again."""
        step = self.step = Step(checked=checked)
        with workers.cyclic_gc_paused():
            for number, cells in rows:
                row = self._read(number, cells)
                planned = self._plan(row)
                if row.errors:
                    step.errors.extend(row.sorted_errors())
                elif planned is not None:
                    if planned.action == UNCHANGED and planned.key is None:
                        # Counted, and nothing else: its matter need not travel with it.
                        planned = Planned(row=planned.row, action=UNCHANGED)
                    planned.facts = planned.priority = None
                    step.rows.append(planned)
        self.step = None
        return step

    def _read(self, number: int, cells: list[Cell]) -> _Row:
        """The row's cells, each read as its field's value (a cell that cannot be is a problem)."""
        row = _Row(number, self.table, self.columns_of)
        for index, name in self.options.mapping.items():
            target = BY_NAME[name]
            cell = cells[index]
            try:
                row.values[name] = self._value(target, cell)
            except Problem as problem:
                row.unreadable.add(name)
                row.error(str(problem), name)
        return row

    def _value(self, target: columns.Target, cell: Cell) -> Any:
        kind = target.holds
        if kind in (columns.TEXT, columns.KEY, columns.UNIT, columns.USER):
            return columns.text(cell)
        if kind == columns.DATE:
            return columns.date(cell)
        if kind == columns.AMOUNT:
            return columns.amount(cell)
        if kind == columns.BOOL:
            return columns.yes_no(cell)
        if kind == columns.COUNTRY:
            written = columns.text(cell)
            try:
                return self.country_field.clean(written)
            except forms.ValidationError as error:
                raise Problem(" ".join(error.messages)) from None
        if kind in (columns.CHOICE, columns.KIND, columns.STATUS, columns.OUTCOME):
            return self.reader.choice(cell, target)
        if kind == columns.LIST:
            return self.reader.items(cell, target)
        if kind == columns.UNITS:
            found = []
            for item in self.reader.items(cell, target):
                units = self.unit_spellings.get(columns.normalised(item), [])
                found.append(units[0].code if len(units) == 1 else item)
            return found
        raise AssertionError(kind)

    # --- What is in the register already, looked up for every row at once ---

    def _visible(self) -> QuerySet[Engagement]:
        # Every relation a row's check reads of its matter (``services.EDITABLE``'s among them), in the
        # same query: a matter's responsible officer read apart was a query a row when a file came again.
        matters = Engagement.objects.select_related(
            "unit", "counterpart", "responsible", "decision", "deciding_body"
        )
        return matters if self.actor is None else restrict(matters, self.actor, Action.VIEW)

    def look_up(self) -> None:
        """Read what the rows refer to, for all of them at once: the matters their registration numbers,
        ids and (for rows with neither) titles name, the counterparts and the users. Before ``steps``."""

        def chunks(values: Iterable[str]) -> Iterable[list[str]]:
            listed = sorted(set(values))
            for start in range(0, len(listed), LOOKUP_CHUNK):
                yield listed[start : start + LOOKUP_CHUNK]

        named: dict[str, set[str]] = {name: set() for name in LOOKED_UP}
        read = [name for name in LOOKED_UP if name in self.columns_of]
        for _number, cells in self.table.rows:
            texts = {name: columns.text(cells[self.columns_of[name]]) for name in read}
            keyed = texts.get("source_id") or texts.get("registration_number")
            for name, value in texts.items():
                if value and (name != "title" or not keyed):
                    named[name].add(value)
        numbers, keys, titles = named["registration_number"], named["source_id"], named["title"]
        names, usernames = named["counterpart"], named["responsible"]
        self.by_number: dict[str, Engagement] = {}
        for chunk in chunks(numbers):
            for matter in self._visible().filter(registration_number__in=chunk):
                self.by_number[matter.registration_number] = matter
        self.by_key: dict[str, ImportKey] = {}
        self.key_matters: dict[int, Engagement] = {}
        for chunk in chunks(keys):
            found = list(ImportKey.objects.filter(key__in=chunk))
            self.by_key.update((key.key, key) for key in found)
            matters = self._visible().filter(pk__in={key.engagement_id for key in found})
            self.key_matters.update((matter.pk, matter) for matter in matters)
        # The natural key: rows with neither id nor registration number are looked up by their title.
        self.by_title: dict[str, list[Engagement]] = {}
        for chunk in chunks(title for title in titles if title):
            for matter in self._visible().filter(title__in=chunk):
                self.by_title.setdefault(matter.title, []).append(matter)
        self.counterparts: dict[str, list[Counterpart]] = {}
        for chunk in chunks(names):
            for counterpart in Counterpart.objects.filter(name__in=chunk):
                self.counterparts.setdefault(counterpart.name, []).append(counterpart)
        self.users: dict[str, Account] = {}
        for chunk in chunks(usernames):
            for user in Account.objects.filter(Q(username__in=chunk) | Q(email__in=chunk)):
                self.users[user.username] = user
                if user.email:
                    self.users.setdefault(user.email, user)

    def matters_found(self) -> int:
        """How many matters in the register ``look_up`` found that the rows name (by id, registration
        number or title): a file of those changes little, and is best checked where it was read."""
        return (
            len(self.key_matters)
            + len(self.by_number)
            + sum(len(matters) for matters in self.by_title.values())
        )

    # --- One row ---

    def _seen(self, row: _Row, kind: str, value: Any, message: str, target: str | None) -> bool:
        """Whether the same value was on an earlier row (then the row has the problem)."""
        earlier = self.seen.get((kind, value))
        if earlier is not None:
            row.error(message % {"row": earlier}, target)
            return True
        self.seen[(kind, value)] = row.number
        return False

    def _unit(self, row: _Row, target: str, written: str) -> Unit | None:
        units = self.unit_spellings.get(columns.normalised(written), [])
        if len(units) == 1:
            return units[0]
        if units:
            row.error(
                _("Several units are called “%(value)s”: write the unit's code.") % {"value": written[:60]},
                target,
            )
        else:
            row.error(
                _("Unknown unit “%(value)s”: write its code (e.g. MHN) or its name.")
                % {"value": written[:60]},
                target,
            )
        return None

    def _form(self, kind: str) -> EngagementForm:
        if kind not in self.forms:
            self.forms[kind] = EngagementForm(kind=kind, units=Unit.objects.none())
        return self.forms[kind]

    def _length(self, row: _Row, target: str, field_: forms.Field | None, value: Any) -> None:
        """What the form's field refuses in a text it would accept the kind of (its length, NUL)."""
        if field_ is None or value in (None, ""):
            return
        try:
            field_.clean(value)
        except forms.ValidationError as error:
            row.unreadable.add(target)
            for message in error.messages:
                row.error(message, target)

    def _existing(self, row: _Row) -> tuple[Engagement | None, str | None]:
        """The matter in the register the row's key finds, and the id to keep with it when it is new."""
        matter: Engagement | None = None
        new_key: str | None = None
        if row.given("source_id"):
            key = row.values["source_id"]
            if len(key) > KEY_MAX_LENGTH:
                row.error(
                    _("The id is %(length)s characters long; at most %(limit)s are allowed.")
                    % {"length": len(key), "limit": KEY_MAX_LENGTH},
                    "source_id",
                )
            elif not self._seen(row, "id", key, _("The same id is on row %(row)s."), "source_id"):
                known = self.by_key.get(key)
                if known is None:
                    new_key = key
                elif known.engagement_id not in self.key_matters:
                    row.error(
                        _("The id %(key)s belongs to a matter you may not see or change.")
                        % {"key": key[:60]},
                        "source_id",
                    )
                else:
                    matter = self.key_matters[known.engagement_id]
        if row.given("registration_number"):
            number = row.values["registration_number"]
            if not self._seen(
                row,
                "number",
                number,
                _("The same registration number is on row %(row)s."),
                "registration_number",
            ):
                found = self.by_number.get(number)
                if found is None:
                    row.error(
                        _(
                            "No matter you may see has the registration number %(number)s. A number from "
                            "another register is read as the row's own id."
                        )
                        % {"number": number[:60]},
                        "registration_number",
                    )
                elif matter is not None and matter.pk != found.pk:
                    row.error(
                        _("The id %(key)s was imported as %(number)s, not as this registration number.")
                        % {"key": row.values["source_id"][:60], "number": matter.registration_number},
                        "registration_number",
                    )
                else:
                    matter = found
        return matter, new_key

    def _by_natural_key(
        self, row: _Row, kind: str, unit: Unit, title: str, starts_on: datetime.date | None
    ) -> Engagement | None:
        natural = (kind, unit.pk, title, starts_on)
        if self._seen(
            row,
            "natural",
            natural,
            _(
                "The same kind, owning unit, title and start date are on row %(row)s. Give the rows an id "
                "column to tell them apart."
            ),
            "title",
        ):
            return None
        same = [
            matter
            for matter in self.by_title.get(title, [])
            if (matter.kind, matter.unit_id, matter.starts_on) == (kind, unit.pk, starts_on)
        ]
        if len(same) > 1:
            row.error(
                _(
                    "Several matters in the register have this kind, owning unit, title and start date: "
                    "%(numbers)s. Give the registration number of the one meant."
                )
                % {"numbers": ", ".join(matter.registration_number for matter in same[:5])},
                "title",
            )
            return None
        return same[0] if same else None

    def _counterpart(
        self, row: _Row
    ) -> tuple[Counterpart | None, dict[str, str] | None, tuple[str, str] | None]:
        """The row's counterpart: one in the register (by name, and country when given), or one to add
        (its values, and its key), or none."""
        name = row.values.get("counterpart", "").strip()
        country = row.values.get("country", "") if "country" not in row.unreadable else ""
        city = row.values.get("city", "").strip()
        type_ = row.values.get("counterpart_type", "")
        if not name:
            if country or city or type_:
                row.error(
                    _("Give the counterpart's name, or leave its country, city and type empty."),
                    "counterpart",
                )
            return None, None, None
        self._length(row, "counterpart", self._form(Kind.INVITATION).fields["new_counterpart_name"], name)
        self._length(row, "city", self._form(Kind.INVITATION).fields["new_counterpart_city"], city)
        known = self.counterparts.get(name, [])
        if country:
            known = [counterpart for counterpart in known if counterpart.country == country]
        elif len(known) > 1:
            row.error(
                _("Several counterparts are called %(name)s: give the country.") % {"name": name[:60]},
                "country",
            )
            return None, None, None
        if known:
            return known[0], None, None
        if "country" in row.unreadable:
            return None, None, None
        key = (name, country)
        new = self.new_counterparts.get(key) or {
            "name": name,
            "type": type_,
            "country": country,
            "city": city,
        }
        if not new["type"] and not row.unreadable & {"counterpart_type"}:
            row.error(
                _("%(name)s is not among the counterparts yet: give its type (%(types)s) to add it.")
                % {"name": name[:60], "types": columns.choice_labels(CounterpartType)},
                "counterpart_type" if "counterpart_type" in self.columns_of else "counterpart",
            )
        return None, new, key

    def _plan(self, row: _Row) -> Planned | None:
        """The row's plan, or None when it has a problem (every problem found is on the row)."""
        known_problems = len(row.errors)
        matter, new_key = self._existing(row)
        key_failed = len(row.errors) > known_problems
        # The kind and the owning unit: the row's, else the matter's, else the whole file's.
        kind = row.values.get("kind", "")
        if kind and kind not in KINDS:
            row.error(
                _("Unknown kind “%(value)s”; the kinds are: %(kinds)s.")
                % {"value": kind[:40], "kinds": columns.choice_labels(Kind)},
                "kind",
            )
            kind = ""
        elif not kind and "kind" not in row.unreadable:
            kind = matter.kind if matter else self.options.kind
            if not kind:
                row.error(_("Give the kind of engagement, or choose one for the whole file."), "kind")
        unit: Unit | None = None
        if row.given("unit"):
            unit = self._unit(row, "unit", row.values["unit"])
        else:
            unit = matter.unit if matter else self.options.unit
            if unit is None:
                row.error(_("Give the owning unit, or choose one for the whole file."), "unit")
        values: dict[str, Any] = {"kind": kind, "unit": unit}
        form = self._form(kind) if kind else None
        for name, value in row.values.items():
            if name in ENGAGEMENT_TARGETS and name not in ("kind", "unit", "responsible"):
                if form is not None and name not in row.unreadable and BY_NAME[name].holds == columns.TEXT:
                    self._length(row, name, form.fields.get(name), value)
                values[name] = value
        if "responsible" in row.values:
            written = row.values["responsible"]
            values["responsible"] = self.users.get(written) if written else None
            if written and values["responsible"] is None:
                row.error(_("No user has the username “%(value)s”.") % {"value": written[:60]}, "responsible")
        elif matter is None and self.actor is not None and self.actor.is_authenticated:
            values["responsible"] = self.actor  # as the register's form makes its officer responsible
        funding = {
            name.removeprefix(columns.FUNDING_PREFIX): row.values[name]
            for name in self.columns_of
            if name.startswith(columns.FUNDING_PREFIX) and name not in row.unreadable
        }
        if funding:
            # The sources the file names are as it says; the others keep what the matter has.
            kept = {s: a for s, a in (matter.funding if matter else {}).items() if s not in funding}
            given = {s: a for s, a in funding.items() if a is not None} | kept
            values["funding"] = {s: given[s] for s in FUNDING_SOURCES if s in given}
        new_counterpart: dict[str, str] | None = None
        counterpart_key: tuple[str, str] | None = None
        if "counterpart" in self.columns_of:
            values["counterpart"], new_counterpart, counterpart_key = self._counterpart(row)
        if not kind:
            return None
        if key_failed or unit is None:
            if matter is None and unit is None and self.stand_in is not None:
                # The rest of the row is still checked as a new matter's, with a unit in its place.
                problems = services.engagement_problems(
                    services.engagement_values({"title": "", **values, "unit": self.stand_in}),
                    new_counterpart=new_counterpart,
                    unit_codes=self.units_by_code,
                )
                self._refused(
                    row, [problem for problem in problems if problem.field != "unit"], new_counterpart
                )
            return None
        if matter is None and not row.given("source_id") and not row.given("registration_number"):
            title = values.get("title", "").strip()
            if title:
                matter = self._by_natural_key(row, kind, unit, title, values.get("starts_on"))
        planned = Planned(row=row.number, action=UNCHANGED, engagement=matter, key=new_key)
        if matter is None:
            self._plan_new(row, planned, values, new_counterpart)
        else:
            self._plan_change(row, planned, matter, values, new_counterpart)
        if row.errors:
            return None
        if new_counterpart is not None and counterpart_key is not None:
            if counterpart_key not in self.new_counterparts:
                self.new_counterparts[counterpart_key] = new_counterpart
                if self.step is not None:
                    self.step.new_counterparts[counterpart_key] = new_counterpart
            planned.counterpart = counterpart_key
        return planned

    def _refused(
        self, row: _Row, problems: list[ErrorDetail], new_counterpart: Mapping[str, str] | None
    ) -> None:
        for problem in problems:
            # A counterpart to add without a type has been told so already, in the row's own words.
            if (
                problem.field == "new_counterpart_type"
                and new_counterpart
                and not new_counterpart.get("type")
            ):
                continue
            row.error(problem.message, problem.field)

    def _plan_new(
        self, row: _Row, planned: Planned, values: dict[str, Any], new_counterpart: dict[str, str] | None
    ) -> None:
        """A new matter, checked as ``engagement_register`` checks it; submitted or decided if the row
        says so, on the day it was registered."""
        proposed = services.engagement_values({"title": "", **values})
        if not self._may_register(proposed["unit"]):
            row.error(
                _("You may not register engagements for %(unit)s.") % {"unit": proposed["unit"].name}, "unit"
            )
            return
        problems = services.engagement_problems(
            proposed, new_counterpart=new_counterpart, unit_codes=self.units_by_code
        )
        self._refused(row, problems, new_counterpart)
        registered_on = row.values.get("registered_on")
        if registered_on is not None and registered_on > self.today:
            row.error(_("A matter cannot be registered in the future."), "registered_on")
        elif registered_on is not None and not dates.within_window(registered_on):
            row.error(dates.window_message(), "registered_on")
        status = self._status(row, None)
        if row.errors:
            return
        planned.action = CREATE
        planned.values = proposed
        # A decided matter without its day of registration is registered on the day it was decided.
        planned.registered_on = registered_on or (
            row.values.get("decided_on") if status == Status.DECIDED else None
        )
        if status in (Status.SUBMITTED, Status.DECIDED):
            draft = Engagement(**proposed)
            if new_counterpart is not None:
                draft.counterpart = self._counterpart_draft(new_counterpart)
            self._assess(planned, draft, planned.registered_on or self.today)
            if status == Status.DECIDED:
                self._plan_decision(row, planned, draft)
            if self.for_writing:
                planned.assessment = self._stored(planned, draft)

    def _plan_change(
        self,
        row: _Row,
        planned: Planned,
        matter: Engagement,
        values: dict[str, Any],
        new_counterpart: dict[str, str] | None,
    ) -> None:
        """A matter in the register: changed as ``engagement_update`` changes it (only what differs; a
        decided matter not at all), then taken on to the status the row gives, never back."""
        current = {name: getattr(matter, name) for name in services.EDITABLE}
        stated = {name: value for name, value in values.items() if name in services.EDITABLE}
        proposed = services.engagement_values(current | stated)
        changed = {name for name, value in proposed.items() if value != current[name]}
        if new_counterpart is not None:
            changed.add("counterpart")
        status = self._status(row, matter)
        if row.errors:
            return
        if changed:
            moved = Engagement(**{**proposed, "pk": matter.pk})
            if self.actor is not None and not (
                can(self.actor, Action.CHANGE, matter) and can(self.actor, Action.CHANGE, moved)
            ):
                row.error(
                    _("You may not change %(number)s.") % {"number": matter.registration_number},
                    "unit" if "unit" in changed else None,
                )
                return
            if matter.status not in services.CHANGEABLE:
                for name in sorted(changed):
                    row.error(
                        _("%(number)s has been decided and can no longer be changed.")
                        % {"number": matter.registration_number},
                        name,
                    )
            else:
                problems = services.engagement_problems(
                    proposed, new_counterpart=new_counterpart, stated=stated, unit_codes=self.units_by_code
                )
                self._refused(row, problems, new_counterpart)
                if row.errors:
                    return
                planned.action = UPDATE
                # A counterpart to add is added first, and then stated like one in the register.
                planned.values = {name: proposed[name] for name in changed}
                planned.lock_version = matter.lock_version
        if status is None or RANK[status] <= RANK[matter.status]:
            if status == Status.DECIDED and RANK[matter.status] >= RANK[Status.DECIDED]:
                self._compare_decision(row, matter)
            return
        planned.action = UPDATE
        planned.registered_on = matter.registered_at.astimezone(timezone.get_current_timezone()).date()
        after = Engagement(**{**proposed, "pk": matter.pk})
        if new_counterpart is not None:
            after.counterpart = self._counterpart_draft(new_counterpart)
        if matter.status == Status.DRAFT:
            # Submitted on the day it was registered, as the matter would have been.
            self._assess(planned, after, planned.registered_on)
        elif changed:
            # A submitted matter that changes is assessed again, today (``engagement_update``), and is
            # decided on that assessment; the import does not submit it again.
            self._assess(planned, after, self.today)
            planned.submit_on = None
        if status == Status.DECIDED:
            self._plan_decision(row, planned, after if planned.priority is not None else matter)

    def _status(self, row: _Row, matter: Engagement | None) -> str | None:
        """The status the row asks for (None: as it is), checked against what an import can do."""
        wanted = row.values.get("status", "")
        decided = any(row.given(name) for name in columns.DECISION_TARGETS)
        if wanted and wanted not in STATUSES:
            row.error(
                _("Unknown status “%(value)s”; an import registers drafts, submitted and decided matters.")
                % {"value": wanted[:40]},
                "status",
            )
            return None
        if wanted and wanted not in IMPORTABLE and (matter is None or matter.status != wanted):
            row.error(
                _("A matter can be imported as a draft, submitted or decided, not as %(status)s.")
                % {"status": Status(wanted).label.lower()},
                "status",
            )
            return None
        if decided and wanted in (Status.DRAFT, Status.SUBMITTED):
            row.error(
                _("The row has a decision, but the status %(status)s.")
                % {"status": Status(wanted).label.lower()},
                "status",
            )
            return None
        if wanted == Status.DECIDED and not decided:
            row.error(_("A decided matter needs its decision, its date and its minutes."), "decision")
            return None
        if decided:
            return Status.DECIDED
        return wanted or None

    def _assess(self, planned: Planned, engagement: Engagement, day: datetime.date) -> None:
        """The assessment the matter will be submitted with: as ``assessment_store`` makes it, under the
        version in force on ``day`` (looked up once a day)."""
        facts = interchange.facts_of(engagement, as_of=day, ancestors=self.units_by_id)
        version = self.versions.get(day)
        if version is None:
            version = self.versions[day] = policy.default_version(day)
        planned.facts = facts
        planned.priority = policy.prioritise([facts], version=version)[0]
        planned.submit_on = day

    def _stored(self, planned: Planned, engagement: Engagement) -> tuple[dict[str, Any], dict[str, Any]]:
        """The assessment a new matter is stored with, as values (``assessment_of``'s): the writer needs
        no engine, and they travel from the checker's process as plain data."""
        facts, priority, day = planned.facts, planned.priority, planned.submit_on
        if facts is None or priority is None or day is None:
            raise RuntimeError("Only an assessed matter has an assessment to store.")
        stored, latest = services.assessment_of(
            engagement=engagement, day=day, facts=facts, priority=priority, units=self.units_by_code
        )
        body = latest["deciding_body"]
        latest["deciding_body"] = body.pk if body is not None else None
        return {name: getattr(stored, name) for name in STORED_FIELDS}, latest

    def _may_register(self, unit: Unit) -> bool:
        """Whether the user may register a matter owned by ``unit`` (the permission point reads only the
        unit of a new matter, so it is asked once a unit)."""
        if self.actor is None:
            return True
        if unit.pk not in self.may_register:
            self.may_register[unit.pk] = can(self.actor, Action.CREATE, Engagement(unit=unit))
        return self.may_register[unit.pk]

    def _counterpart_draft(self, values: Mapping[str, str]) -> Counterpart:
        """The counterpart a row adds, as it will be saved (its place resolved once)."""
        key = (values["name"], values["country"])
        if key not in self.counterpart_drafts:
            self.counterpart_drafts[key] = counterpart_draft(**values)
        return self.counterpart_drafts[key]

    def _plan_decision(self, row: _Row, planned: Planned, engagement: Engagement) -> None:
        """The decision the row records, checked as ``decision_record`` checks it, on the assessment the
        matter will be decided on."""
        if planned.priority is not None:
            assessed = planned.priority.assessment.outcome
            expected = services.deciding_unit(
                engagement, planned.priority.assessment.decided_by or "", units=self.units_by_code
            )
        else:
            assessed, expected = engagement.latest_outcome, engagement.deciding_body
        decided_on = row.values.get("decided_on")
        body = self._unit(row, "body", row.values["body"]) if row.given("body") else expected
        if row.given("body") and body is None:
            return
        if body is None:
            row.error(_("Choose the body that decided."), "body")
            return
        if decided_on is None:
            row.error(_("Give the day of the decision."), "decided_on")
            return
        decision = Decision(
            body=body,
            expected_body=expected,
            outcome=row.values.get("decision", ""),
            decided_on=decided_on,
            minutes_reference=row.values.get("minutes_reference", "").strip(),
            motivation=row.values.get("motivation", "").strip(),
            deviation_reason=row.values.get("deviation_reason", "").strip(),
        )
        for name in ("minutes_reference", "motivation", "deviation_reason"):
            self._length(row, name, self.decision_form.fields[name], getattr(decision, name))
        if self.actor is not None and not can(self.actor, Action.CREATE, decision):
            row.error(_("You may not record decisions for %(body)s.") % {"body": body.name}, "body")
            return
        deviation, problems = services.decision_problems(
            decision=decision, assessed=assessed, registered_on=planned.registered_on
        )
        for problem in problems:
            row.error(problem.message, problem.field)
        planned.decision = {
            "outcome": decision.outcome,
            "decided_on": decided_on,
            "body": body,
            "expected": expected,
            "minutes_reference": decision.minutes_reference,
            "motivation": decision.motivation,
            "deviation_reason": decision.deviation_reason,
            "deviation": deviation,
        }

    def _compare_decision(self, row: _Row, matter: Engagement) -> None:
        """A decided matter's decision as the row gives it must be the one recorded: an import never
        changes a decision."""
        recorded = getattr(matter, "decision", None)
        if recorded is None:
            return
        body_code = row.values.get("body", "")
        body = self._unit(row, "body", body_code) if body_code else None
        if body_code and body is None:
            return
        given = {
            "decision": row.values.get("decision", ""),
            "decided_on": row.values.get("decided_on"),
            # No body named is the body the strategy names, as ``decision_record`` takes it.
            "body": body.pk if body is not None else recorded.expected_body_id,
            "minutes_reference": row.values.get("minutes_reference", "").strip(),
            "motivation": row.values.get("motivation", "").strip(),
            "deviation_reason": row.values.get("deviation_reason", "").strip(),
        }
        kept = {
            "decision": recorded.outcome,
            "decided_on": recorded.decided_on,
            "body": recorded.body_id,
            "minutes_reference": recorded.minutes_reference,
            "motivation": recorded.motivation,
            "deviation_reason": recorded.deviation_reason,
        }
        for name, value in given.items():
            if name in self.columns_of and value != kept[name]:
                row.error(
                    _("%(number)s was decided otherwise; an import cannot change a decision.")
                    % {"number": matter.registration_number},
                    name,
                )


def checked_message(done: int, total: int) -> str:
    return _("Checked %(done)s of %(total)s rows") % {"done": done, "total": total}


def checked(
    *,
    actor: User | None,
    table: Table,
    options: Options,
    progress: Progress | None = None,
    keep_rows: bool = False,
) -> Plan:
    """The plan for importing ``table``, with every problem of every row (``Checker.check``)."""
    return Checker(actor=actor, table=table, options=options).check(progress, keep_rows=keep_rows)


@dataclass
class CheckingProcess:
    """A process to check a file's rows in (``Checker.steps_apart``), and whether it has started."""

    pool: ProcessPoolExecutor
    ready: Future[None]

    def shutdown(self, *, wait: bool = True) -> None:
        self.pool.shutdown(wait=wait, cancel_futures=True)


def checking_process() -> CheckingProcess:
    """A process to check a file's rows in, started now: starting it (Python, Django, the policy in force)
    takes a second or two, which the caller spends reading the register and checking rows itself."""
    pool = ProcessPoolExecutor(
        1, mp_context=multiprocessing.get_context("spawn"), initializer=workers.setup_django
    )
    return CheckingProcess(pool, pool.submit(_warm))


# --- In the checker's own process (``Checker.steps_apart``) ---------------------------------------------

_adopted: Checker | None = None


def _warm() -> None:
    """The checker's process is ready when the policy in force is loaded (its plans are compiled)."""
    policy.default_version(timezone.localdate())


def _adopt(state: bytes, language: str | None) -> None:
    """The first task of the checker's process: the checker, and the language its messages are in."""
    global _adopted  # the one checker of this process, for the steps that follow
    if language:
        translation.activate(language)
    _adopted = pickle.loads(state)  # noqa: S301 - pickled by the job's own process, a moment ago


def _check_rows(rows: Sequence[tuple[int, list[Cell]]], checked: int) -> Step:
    if _adopted is None:
        raise RuntimeError("The checker's process was given rows before its checker.")
    return _adopted.check_rows(rows, checked=checked)
