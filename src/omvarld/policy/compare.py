"""What if: re-assess a portfolio under two policy versions and list what changes."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from omvarld.policy.engine import Assessment, Finding, evaluate, resolve_version, today, validated_portfolio
from omvarld.policy.facts import Context
from omvarld.policy.model import PolicyVersion

# Facts whose value depends on the version's tables, not only on the engagement and parameters.
_VERSION_DEPENDENT = ("decided_by_unit_body", "__authority_row")


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


def _same(x: Finding, y: Finding, same_facts: bool) -> bool:
    if x.verdict != y.verdict or x.rule.severity != y.rule.severity:
        return False
    if x.rule.citations != y.rule.citations:
        return False
    if same_facts and x.reason_template.source == y.reason_template.source:
        return True  # same template over the same facts and parameters: the same sentence
    return x.reason == y.reason


def diff_findings(a: Assessment, b: Assessment, *, same_facts: bool = False) -> list[FindingDiff]:
    """Rules whose findings differ (verdict, severity, reason or citations), in a's then b's order.
    ``same_facts``: both assessments saw the same facts and parameters (a shortcut, never a change
    of result)."""
    fa = {f.rule.id: f for f in a.findings}
    fb = {f.rule.id: f for f in b.findings}
    out: list[FindingDiff] = []
    for rid in [*fa, *(r for r in fb if r not in fa)]:
        x, y = fa.get(rid), fb.get(rid)
        if x is None or y is None or not _same(x, y, same_facts):
            out.append(FindingDiff(rid, x, y))
    return out


_SHARED_RULES: dict[tuple[PolicyVersion, PolicyVersion], frozenset[str]] = {}


def shared_rules(va: PolicyVersion, vb: PolicyVersion) -> frozenset[str]:
    """Ids of rules written identically in both versions (with identical tables): given the same
    facts and parameters, they give the same findings."""
    key = (va, vb)
    found = _SHARED_RULES.get(key)
    if found is None:
        if va.document.get("tables") != vb.document.get("tables"):
            found = frozenset()
        else:
            rb = {r.id: r for r in vb.rules}
            found = frozenset(
                r.id
                for r in va.rules
                if r.id in rb and r.spec == rb[r.id].spec and r.citations == rb[r.id].citations
            )
        _SHARED_RULES[key] = found
    return found


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
    params_a = va.params_at(day)
    ctx_a = Context(data, day, params_a, va)
    a = evaluate(va, data, day, context=ctx_a)
    params_b = vb.params_at(day)
    ctx_b = Context(data, day, params_b, vb)
    same_facts = params_a is params_b or params_a == params_b
    if same_facts:
        cache = dict(ctx_a.cache)
        for key in _VERSION_DEPENDENT:
            cache.pop(key, None)
        ctx_b.cache = cache
    reuse = (shared_rules(va, vb), a) if same_facts else None
    b = evaluate(vb, data, day, context=ctx_b, reuse=reuse)
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
    diffs = diff_findings(a, b, same_facts=same_facts)
    if not changed and not diffs:
        return None
    return Change(index, a, b, changed, diffs)


def compare(
    portfolio: Iterable[Mapping[str, Any]],
    version_a: str | PolicyVersion,
    version_b: str | PolicyVersion,
    include_finding_only: bool = False,
    as_of: date | None = None,
) -> list[Change]:
    """Re-assess every engagement under both versions; return those whose outcome, decided_by or
    requirements change (and, with ``include_finding_only``, those where only findings differ).

    Each engagement's own ``as_of`` wins over ``as_of``, which wins over today. Raises
    :class:`InputError` (naming the index) for an invalid engagement.
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
