"""The compiled, validated form of a policy version (built by :mod:`omvarld.policy.loader`)."""

from __future__ import annotations

import string
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Final

from omvarld.policy.conditions import Cond, Trace
from omvarld.policy.facts import Context

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
class Parameter:
    """A dated parameter: ``values`` holds ``(valid_from, value)`` pairs in date order."""

    name: str
    description: str
    values: tuple[tuple[date, Any], ...]
    citations: tuple[Passage, ...]
    note: str = ""

    def at(self, day: date) -> Any:
        """The value in force on ``day`` (the earliest one before the first date)."""
        current = self.values[0][1]
        for valid_from, value in self.values:
            if valid_from <= day:
                current = value
            else:
                break
        return current


def _display(value: object) -> str:
    if isinstance(value, str):
        return value
    if value is None:
        return "(uppgift saknas)"
    if isinstance(value, bool):
        return "ja" if value else "nej"
    if isinstance(value, int | float):
        if float(value).is_integer():
            return f"{int(value):,}".replace(",", " ")
        return f"{value:,.2f}".replace(",", " ").replace(".", ",")
    if isinstance(value, list | tuple):
        items = [_display(v) for v in value]
        return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " och " + items[-1]
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


class _Vars(dict[str, str]):
    """Template variables: facts first, then parameters, rendered for Swedish text."""

    __slots__ = ("ctx",)

    def __init__(self, ctx: Context) -> None:
        super().__init__()
        self.ctx = ctx

    def __missing__(self, key: str) -> str:
        if key in self.ctx.params:
            return _display(self.ctx.params[key])
        return _display(self.ctx.get(key))


def template_fields(template: str) -> list[str]:
    """The placeholder names of a ``str.format`` template."""
    return [name for _, name, _, _ in string.Formatter().parse(template) if name]


@dataclass(frozen=True, slots=True)
class Reason:
    """A Swedish reason: the first variant whose condition holds (or has none) is rendered."""

    variants: tuple[tuple[Cond | None, str], ...]
    source: str = ""

    def render(self, ctx: Context) -> str:
        scratch: Trace = []
        for cond, template in self.variants:
            if cond is None or cond(ctx, scratch) is True:
                if "{" not in template:
                    return template
                return template.format_map(_Vars(ctx))
        return ""


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
    question: str | None
    field: str | None
    spec: Mapping[str, Any]

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

    def matches(self, ctx: Context) -> bool:
        """Whether the row's condition holds (the kind is checked by :meth:`Table.rows_for`)."""
        if self.when is None:
            return True
        scratch: Trace = []
        return self.when(ctx, scratch) is True


@dataclass(frozen=True, slots=True)
class Table:
    """A decision table with a DMN-style hit policy: ``first`` (first match decides) or ``collect``."""

    name: str
    hit_policy: str
    rows: tuple[TableRow, ...]
    fallback: str | None = None
    fallback_citations: tuple[Passage, ...] = ()
    by_kind: Mapping[str, tuple[TableRow, ...]] = field(default_factory=dict)

    def rows_for(self, kind: str) -> tuple[TableRow, ...]:
        return self.by_kind.get(kind, ())


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
    rules_by_kind: dict[str, tuple[Rule, ...]] = field(default_factory=dict)
    _params_cache: dict[date, dict[str, Any]] = field(default_factory=dict, repr=False)

    def __repr__(self) -> str:
        return f"<PolicyVersion {self.id} ({self.status})>"

    def is_effective(self, day: date) -> bool:
        return self.effective_from <= day and (self.effective_to is None or day < self.effective_to)

    def params_at(self, day: date) -> dict[str, Any]:
        """All parameter values in force on ``day`` (cached per day)."""
        cached = self._params_cache.get(day)
        if cached is None:
            cached = {name: p.at(day) for name, p in self.parameters.items()}
            if len(self._params_cache) > 4096:
                self._params_cache.clear()
            self._params_cache[day] = cached
        return cached

    @property
    def authority(self) -> Table:
        return self.tables["decision_authority"]

    def authority_row(self, ctx: Context) -> TableRow | None:
        """The first row of the decision-authority table that matches (cached on the context)."""
        try:
            row: TableRow | None = ctx.cache["__authority_row"]
            return row
        except KeyError:
            pass
        found: TableRow | None = None
        for row in self.authority.rows_for(ctx.data["kind"]):
            if row.matches(ctx):
                found = row
                break
        ctx.cache["__authority_row"] = found
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
