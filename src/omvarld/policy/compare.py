"""What if: re-assess a portfolio under two policy versions and list what changes.

Most of the work is shared: a fact whose declared parameters (and tables) have the same values in
both versions has the same value in both, so the second assessment starts from the first one's
facts; and a rule written identically in both versions, reading only such facts, keeps its finding.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from functools import cache
from typing import Any

from omvarld.policy.conditions import condition_facts
from omvarld.policy.engine import Assessment, Finding, evaluate, resolve_version, today, validated_portfolio
from omvarld.policy.facts import FACTS, Context, FactSpec, closure
from omvarld.policy.model import PolicyVersion


@dataclass(slots=True)
class FindingDiff:
    """One rule whose finding differs; ``a``/``b`` is ``None`` where the rule did not apply or does
    not exist in that version."""

    rule: str
    a: Finding | None
    b: Finding | None

    def to_dict(self) -> dict[str, Any]:
        def side(f: Finding | None) -> dict[str, Any] | None:
            if f is None:
                return None
            return {
                "verdict": f.verdict,
                "severity": f.severity,
                "reason": f.reason,
                "citations": f.citations(),
            }

        return {"rule": self.rule, "a": side(self.a), "b": side(self.b)}


@dataclass(slots=True)
class Change:
    """An engagement whose assessment differs between two versions."""

    index: int
    a: Assessment
    b: Assessment
    changed: list[str]
    findings: list[FindingDiff]

    @property
    def title(self) -> str | None:
        return self.a.title

    def to_dict(self) -> dict[str, Any]:
        def side(x: Assessment) -> dict[str, Any]:
            return {
                "policy": x.policy,
                "outcome": x.outcome,
                "decided_by": x.decided_by,
                "requirements": list(x.requirements),
            }

        return {
            "index": self.index,
            "title": self.a.title,
            "kind": self.a.kind,
            "changed": list(self.changed),
            "a": side(self.a),
            "b": side(self.b),
            "findings": [d.to_dict() for d in self.findings],
        }


def _same(x: Finding, y: Finding) -> bool:
    return (
        x.verdict == y.verdict
        and x.rule.severity == y.rule.severity
        and x.passages == y.passages
        and x.reason == y.reason
    )


def diff_findings(a: Assessment, b: Assessment) -> list[FindingDiff]:
    """Rules whose findings differ (verdict, severity, reason or citations), in a's then b's order."""
    fa = {f.rule.id: f for f in a.findings}
    fb = {f.rule.id: f for f in b.findings}
    out: list[FindingDiff] = []
    for rid in [*fa, *(r for r in fb if r not in fa)]:
        x, y = fa.get(rid), fb.get(rid)
        if x is None or y is None or not _same(x, y):
            out.append(FindingDiff(rid, x, y))
    return out


def _table_names(version: PolicyVersion, table: str, keys: tuple[str, ...]) -> set[str]:
    """The facts (or, with ``keys=("param",)``, the parameters) the conditions of a version's table
    name."""
    found = version.tables.get(table)
    if found is None:
        return set()
    return {name for row in found.rows for name in condition_facts(row.spec_when, keys)}


@cache
def depends_on(name: str, versions: tuple[PolicyVersion, ...]) -> tuple[frozenset[str], frozenset[str]]:
    """The parameters and tables the fact ``name`` reads under these versions: itself, through the facts
    it reads, and through the facts that the conditions of the tables it consults name."""

    def table_facts(spec: FactSpec) -> set[str]:
        return {f for t in spec.tables for v in versions for f in _table_names(v, t, ("fact", "known"))}

    facts = closure([name], also=table_facts)
    tables = frozenset(t for f in facts for t in FACTS[f].tables)
    direct = {p for t in tables for v in versions for p in _table_names(v, t, ("param",))}
    return frozenset(p for f in facts for p in FACTS[f].params) | direct, tables


@cache
def _reusable(
    versions: tuple[PolicyVersion, ...], differing_params: frozenset[str], differing_tables: frozenset[str]
) -> frozenset[str]:
    """The facts whose values cannot differ when only these parameters and tables differ."""
    out: set[str] = set()
    for name in FACTS:
        params, tables = depends_on(name, versions)
        if not (params & differing_params) and not (tables & differing_tables):
            out.add(name)
    return frozenset(out)


def _differences(va: PolicyVersion, vb: PolicyVersion, day: date) -> tuple[frozenset[str], frozenset[str]]:
    pa, pb = va.params_at(day), vb.params_at(day)
    params = frozenset(n for n in pa.keys() | pb.keys() if pa.get(n) != pb.get(n))
    ta, tb = va.document.get("tables") or {}, vb.document.get("tables") or {}
    tables = frozenset(n for n in ta.keys() | tb.keys() if ta.get(n) != tb.get(n))
    return params, tables


@cache
def _shared_rules(
    va: PolicyVersion, vb: PolicyVersion, differing_params: frozenset[str], differing_tables: frozenset[str]
) -> frozenset[str]:
    """Ids of rules written identically in both versions that read only reusable facts and equal
    parameters: given the same engagement they give the same verdict."""
    reusable = _reusable((va, vb), differing_params, differing_tables)
    rb = {r.id: r for r in vb.rules}
    return frozenset(
        r.id
        for r in va.rules
        if r.id in rb
        and r.spec == rb[r.id].spec
        and r.citations == rb[r.id].citations
        and all(f in reusable for f in r.facts)
        and not (set(r.params) & differing_params)
    )


def compare_one(
    data: Mapping[str, Any],
    index: int,
    va: PolicyVersion,
    vb: PolicyVersion,
    day: date,
    *,
    include_finding_only: bool = False,
) -> Change | None:
    """Compare one validated engagement."""
    ctx_a = Context(data, day, va.params_at(day), va)
    a = evaluate(va, data, day, context=ctx_a)
    differing = _differences(va, vb, day)
    reusable = _reusable((va, vb), *differing)
    ctx_b = Context(data, day, vb.params_at(day), vb)
    ctx_b.cache = {name: value for name, value in ctx_a.cache.items() if name in reusable}
    b = evaluate(vb, data, day, context=ctx_b, reuse=(_shared_rules(va, vb, *differing), a))
    changed = [
        name
        for name, x, y in (
            ("outcome", a.outcome, b.outcome),
            ("decided_by", a.decided_by, b.decided_by),
            ("requirements", sorted(a.requirements), sorted(b.requirements)),
        )
        if x != y
    ]
    if not changed and not include_finding_only:
        return None
    diffs = diff_findings(a, b)
    if not changed and not diffs:
        return None
    return Change(index, a, b, changed, diffs)


def compare(
    portfolio: Iterable[object],
    version_a: str | PolicyVersion,
    version_b: str | PolicyVersion,
    include_finding_only: bool = False,
    as_of: date | None = None,
) -> list[Change]:
    """Re-assess every engagement under both versions; return those whose outcome, decided_by or
    requirements change (and, with ``include_finding_only``, those where only findings differ).

    Each engagement's own ``as_of`` wins over ``as_of``, which wins over today. All or nothing: an
    invalid engagement raises :class:`InputError` naming its index.
    """
    default_day = as_of or today()
    va = resolve_version(version_a, default_day)
    vb = resolve_version(version_b, default_day)
    changes: list[Change] = []
    for i, (data, day) in enumerate(validated_portfolio(portfolio, default_day)):
        change = compare_one(data, i, va, vb, day, include_finding_only=include_finding_only)
        if change is not None:
            changes.append(change)
    return changes
