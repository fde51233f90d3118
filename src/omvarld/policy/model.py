"""The compiled, validated form of a policy version (built by :mod:`omvarld.policy.loader`)."""

from __future__ import annotations

import string
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Final

from omvarld.policy.conditions import Cond, Plan, compile_plan, compile_table
from omvarld.policy.facts import UNSET, Context
from omvarld.policy.jsonparts import finding_parts

STATUSES: Final = ("in_force", "alternative", "historical")
SEVERITIES: Final = ("blocking", "advisory")
VERDICTS: Final = ("fulfilled", "not_fulfilled", "needs_info", "not_applicable")
BODIES: Final = (
    "kommunfullmaktige",
    "kommunstyrelsen",
    "internationella_beredningen",
    "namnd",
    "bolagsstyrelse",
)


@dataclass(frozen=True, slots=True)
class Passage:
    """A verbatim passage of the source document, addressed by a stable id."""

    id: str
    section: str
    text: str

    def citation(self) -> dict[str, str]:
        return {"passage": self.id, "section": self.section, "quote": self.text}


@dataclass(frozen=True, slots=True)
class ValueSource:
    """What set a dated parameter value: a passage of the source document, or a decision (body, date,
    reference) — with a note when the value is a local reading of a text that gives no number."""

    passage: Passage | None = None
    decision: str | None = None
    note: str = ""

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        if self.passage is not None:
            out["passage"] = self.passage.id
            out["section"] = self.passage.section
        if self.decision is not None:
            out["decision"] = self.decision
        if self.note:
            out["note"] = self.note
        return out


@dataclass(frozen=True, slots=True)
class DatedValue:
    """A parameter's value from ``valid_from`` on; ``value`` ``None`` means "not in force"."""

    valid_from: date
    value: Any
    source: ValueSource


@dataclass(frozen=True, slots=True)
class Parameter:
    """A dated parameter, as in OpenFisca: ``values`` in date order, each with its source."""

    name: str
    description: str
    values: tuple[DatedValue, ...]
    note: str = ""

    def entry_at(self, day: date) -> DatedValue | None:
        """The dated value in force on ``day``; ``None`` before the first date."""
        current: DatedValue | None = None
        for entry in self.values:
            if entry.valid_from <= day:
                current = entry
            else:
                break
        return current

    def at(self, day: date) -> Any:
        """The value in force on ``day``; ``None`` when not in force (before the first date, or null)."""
        entry = self.entry_at(day)
        return entry.value if entry is not None else None


def display(value: object, *, quote: bool = False) -> str:
    """A value as Swedish text in a reason. ``quote``: the user's own free text, shown within ”…”
    without its closing punctuation (the template ends the sentence)."""
    if isinstance(value, str):
        if quote:
            return "”" + value.strip().rstrip(".!?;:, ") + "”"
        return value
    if value is None:
        return "okänt"
    if isinstance(value, bool):
        return "ja" if value else "nej"
    if isinstance(value, int | float):
        if float(value).is_integer():
            return f"{int(value):,}".replace(",", " ")
        return f"{value:,.2f}".replace(",", " ").replace(".", ",")
    if isinstance(value, list | tuple):
        items = [display(v, quote=quote) for v in value]
        if not items:
            return ""
        return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " och " + items[-1]
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def template_fields(template: str) -> list[str]:
    """The placeholder names of a ``str.format`` template."""
    return [name for _, name, _, _ in string.Formatter().parse(template) if name]


@dataclass(frozen=True, slots=True)
class Template:
    """A Swedish sentence with ``{name}`` placeholders (facts or parameters), split once at load time."""

    text: str
    parts: tuple[tuple[str, str | None, bool, bool], ...]
    """(literal, name, is_parameter, quote) — rendered as literal + the value of name."""
    json: bytes | None = None
    """The sentence as a JSON string, when it has no placeholders (serialised once)."""
    compiled: Callable[[Context], str] | None = None
    """The sentence as one function of the context (``conditions.compile_template``)."""

    def render(self, ctx: Context) -> str:
        if self.json is not None:
            return self.text
        if self.compiled is not None:
            return self.compiled(ctx)
        out: list[str] = []
        for literal, name, is_param, quote in self.parts:
            out.append(literal)
            if name is not None:
                value = ctx.params.get(name) if is_param else ctx.get(name)
                out.append(value if value.__class__ is str and not quote else display(value, quote=quote))
        return "".join(out)


@dataclass(frozen=True, slots=True, eq=False)
class Variant:
    """One wording of a reason: used when ``when`` holds (or has none). It may add citations, and ask a
    question of its own when no input field answers it (a contested capital)."""

    when: Cond | None
    template: Template
    citations: tuple[Passage, ...] = ()
    question: str | None = None
    spec_when: Any = None
    """The ``when`` condition as written (the compiled plan evaluates it inline)."""


@dataclass(frozen=True, slots=True)
class Reason:
    """A Swedish reason: the first variant whose condition holds (or has none) is rendered."""

    variants: tuple[Variant, ...]
    source: str = ""

    def variant(self, ctx: Context) -> Variant:
        variants = self.variants
        if len(variants) == 1:
            return variants[0]
        for variant in variants:
            if variant.when is None or variant.when(ctx) is True:
                return variant
        return self.variants[-1]

    def render(self, ctx: Context) -> str:
        return self.variant(ctx).template.render(ctx)


@dataclass(frozen=True, slots=True)
class Rule:
    """A guideline: where it applies, what it requires, how it is explained and cited."""

    id: str
    title: str
    kinds: frozenset[str]
    applicable_if: Cond | None
    require: Cond
    severity: str
    on_true: str
    on_false: str
    on_unknown: str
    reasons: Mapping[bool | None, Reason]
    citations: tuple[Passage, ...]
    requirements: tuple[str, ...]
    field: str | None
    spec: Mapping[str, Any]
    facts: tuple[str, ...] = ()
    """The facts its conditions name: those behind an unknown result."""
    params: tuple[str, ...] = ()
    """The parameters its conditions read directly (``{param: …}``)."""
    for_requests: bool = True
    """Whether the rule also judges a request for an engagement of its kinds; false for rules about the
    life of an existing engagement (its regular review)."""

    @property
    def blocking(self) -> bool:
        return self.severity == "blocking"


@dataclass(frozen=True, slots=True)
class TableRow:
    """A row of a decision table: matches ``kinds`` and ``when``; gives ``decides`` or ``requires``."""

    id: str
    label: str
    kinds: frozenset[str]
    when: Cond | None
    decides: str | None
    requires: tuple[str, ...]
    citations: tuple[Passage, ...]
    spec_when: Any = field(default=None, compare=False, hash=False)
    """The ``when`` condition as written (the compiled table evaluates it inline)."""

    def matches(self, ctx: Context) -> bool:
        """Whether the row's condition holds (the kind is checked by :meth:`Table.rows_for`)."""
        return self.when is None or self.when(ctx) is True


@dataclass(frozen=True, slots=True)
class Table:
    """A decision table with a DMN-style hit policy: ``first`` (first match decides) or ``collect``."""

    name: str
    hit_policy: str
    rows: tuple[TableRow, ...]
    fallback: str | None = None
    fallback_citations: tuple[Passage, ...] = ()
    by_kind: Mapping[tuple[str, str], tuple[TableRow, ...]] = field(default_factory=dict)
    compiled: dict[tuple[str, str], Callable[[Context], Any]] = field(
        default_factory=dict, compare=False, hash=False, repr=False
    )

    def evaluate(self, ctx: Context) -> Any:
        """The rows that hold for ``ctx``: with hit policy ``first`` the first (or ``None``), with
        ``collect`` a list of all — one compiled function per kind (``conditions.compile_table``)."""
        function = self.compiled.get((ctx.kind, ctx.subject_kind))
        if function is None:
            function = self.function(ctx.kind, ctx.subject_kind)
        return function(ctx)

    def function(self, kind: str, subject_kind: str) -> Callable[[Context], Any]:
        """The compiled table for ``kind`` (see :meth:`evaluate`)."""
        key = (kind, subject_kind)
        function = self.compiled.get(key)
        if function is None:
            rows = self.rows_for(*key)
            requested = f" → {subject_kind}" if subject_kind != kind else ""
            where = f"tabell {self.name!r} för {kind}{requested}"
            function = self.compiled[key] = compile_table(rows, {}, self.hit_policy == "first", where)
        return function

    def rows_for(self, kind: str, subject_kind: str | None = None) -> tuple[TableRow, ...]:
        """The rows for ``kind``, in table order; for a request, also those of the kind it asks for."""
        return self.by_kind.get((kind, subject_kind or kind), ())


Prepared = tuple[Plan, tuple[Rule, ...], "Callable[[Context], Any] | None"]


@dataclass(eq=False)
class PolicyVersion:
    """One policy version, validated and compiled."""

    id: str
    title: str
    status: str
    effective_from: date
    effective_to: date | None
    supersedes: tuple[str, ...]
    derives_from: str | None
    source: Mapping[str, Any]
    passages: Mapping[str, Passage]
    parameters: Mapping[str, Parameter]
    rules: tuple[Rule, ...]
    tables: Mapping[str, Table]
    content_hash: str
    path: str
    document: Mapping[str, Any]
    rules_by_kind: dict[tuple[str, str], tuple[Rule, ...]] = field(default_factory=dict)
    lifecycle_by_kind: dict[str, tuple[Rule, ...]] = field(default_factory=dict)
    _params_cache: dict[date, dict[str, Any]] = field(default_factory=dict, repr=False)
    _warnings_cache: dict[date, list[str]] = field(default_factory=dict, repr=False)
    _plans: dict[tuple[str, str, bool], Plan] = field(default_factory=dict, repr=False)
    _prepared: dict[tuple[str, str, bool], Prepared] = field(default_factory=dict, repr=False)
    _days: dict[date, tuple[dict[str, Any], list[str]]] = field(default_factory=dict, repr=False)

    def __repr__(self) -> str:
        return f"<PolicyVersion {self.id} ({self.status})>"

    def is_effective(self, day: date) -> bool:
        return self.effective_from <= day and (self.effective_to is None or day < self.effective_to)

    def rules_for(self, kind: str, subject_kind: str) -> tuple[Rule, ...]:
        """The rules that judge an engagement of ``kind``; for a request, those of the kind it asks for
        as well (in file order, once each)."""
        return self.rules_by_kind[(kind, subject_kind)]

    def plan(self, kind: str, subject_kind: str, *, explain: bool = False) -> Plan:
        """The compiled evaluation of :meth:`rules_for` (see :func:`conditions.compile_plan`); with
        ``explain`` it also words and serialises the findings."""
        key = (kind, subject_kind, explain)
        plan = self._plans.get(key)
        if plan is None:
            where = f"{self.id} {kind}" + (f" → {subject_kind}" if subject_kind != kind else "")
            rules = self.rules_for(kind, subject_kind)
            plan = compile_plan(rules, self.parameters, finding_parts, display, where, explain=explain)
            self._plans[key] = plan
        return plan

    def prepared(self, kind: str, subject_kind: str, explain: bool) -> Prepared:
        """What assessing an engagement of ``kind`` needs, looked up once: (plan, the lifecycle rules
        a request carries the requirements of, the documentation table's function or ``None``)."""
        key = (kind, subject_kind, explain)
        found = self._prepared.get(key)
        if found is None:
            documentation = self.tables.get("documentation")
            found = self._prepared[key] = (
                self.plan(kind, subject_kind, explain=explain),
                self.lifecycle_rules(subject_kind) if subject_kind != kind else (),
                documentation.function(kind, subject_kind) if documentation is not None else None,
            )
        return found

    def day(self, day: date) -> tuple[dict[str, Any], list[str]]:
        """(:meth:`params_at`, :meth:`warnings`) of ``day``."""
        found = self._days.get(day)
        if found is None:
            if len(self._days) > 4096:
                self._days.clear()
            found = self._days[day] = (self.params_at(day), self.warnings(day))
        return found

    def lifecycle_rules(self, kind: str) -> tuple[Rule, ...]:
        """The rules of ``kind`` about the life of an existing engagement (not applied to a request for
        one, though a request carries their requirements)."""
        return self.lifecycle_by_kind.get(kind, ())

    def warnings(self, day: date) -> list[str]:
        """Swedish warnings about applying this version on ``day``: outside its period of force, or an
        alternative that was never adopted. The list is shared: do not change it."""
        cached = self._warnings_cache.get(day)
        if cached is None:
            if len(self._warnings_cache) > 4096:
                self._warnings_cache.clear()
            cached = self._warnings_cache[day] = self._warnings(day)
        return cached

    def _warnings(self, day: date) -> list[str]:
        out: list[str] = []
        if self.status == "alternative":
            out.append(
                f"{self.id} är ett alternativ som aldrig har antagits; bedömningen visar vad som skulle "
                "gälla om det hade antagits."
            )
        if day < self.effective_from:
            out.append(
                f"{self.id} gäller från {self.effective_from.isoformat()}, men bedömningsdagen "
                f"{day.isoformat()} ligger före det."
            )
        elif self.effective_to is not None and day >= self.effective_to:
            out.append(
                f"{self.id} gällde till {self.effective_to.isoformat()}, men bedömningsdagen "
                f"{day.isoformat()} ligger efter det."
            )
        return out

    def params_at(self, day: date) -> dict[str, Any]:
        """All parameter values in force on ``day`` (cached per day). A version applied to a day before
        it took effect (it says so in its warnings) applies the values it took effect with."""
        cached = self._params_cache.get(day)
        if cached is None:
            effective = max(day, self.effective_from)
            cached = {name: p.at(effective) for name, p in self.parameters.items()}
            if len(self._params_cache) > 4096:
                self._params_cache.clear()
            self._params_cache[day] = cached
        return cached

    @property
    def authority(self) -> Table:
        return self.tables["decision_authority"]

    def authority_row(self, ctx: Context) -> TableRow | None:
        """The first row of the decision-authority table that matches (cached on the context)."""
        cached = ctx.authority
        if cached is not UNSET:
            known: TableRow | None = cached
            return known
        found: TableRow | None = self.authority.evaluate(ctx)
        ctx.authority = found
        return found

    def summary(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "title": self.title,
            "status": self.status,
            "effective_from": self.effective_from.isoformat(),
            "effective_to": self.effective_to.isoformat() if self.effective_to else None,
            "supersedes": list(self.supersedes),
            "derives_from": self.derives_from,
            "source": dict(self.source),
            "hash": self.content_hash,
            "rules": len(self.rules),
            "passages": len(self.passages),
        }
