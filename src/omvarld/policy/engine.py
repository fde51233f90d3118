"""Assessing one engagement under one policy version.

Evaluation order (see docs/policy-engine.md):

1. the input is validated (:func:`omvarld.policy.interchange.validate_engagement`);
2. the assessment date is fixed: the engagement's own ``as_of``, else the caller's, else today;
3. the parameters in force on that date are fixed;
4. each rule that applies to the kind, in file order: ``applicable_if`` must be true (unknown or
   false → not applicable, omitted); then ``require`` is evaluated three-valued and mapped to a verdict
   (true → fulfilled, false → ``on_false``, unknown → ``on_unknown``) with its Swedish reason;
5. the decision-authority table (first match) gives ``decided_by``; a row naming the unit body
   whose unit type is unknown falls back to the table's ``unknown_unit_fallback``;
6. requirements: every matching row of the documentation table (collect) and the ``requirements``
   of every applicable rule, in that order, without duplicates;
7. outcome: reject if a blocking finding is not fulfilled; else incomplete if a blocking finding
   needs information; else approve.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from omvarld.policy.conditions import Trace
from omvarld.policy.errors import InputError
from omvarld.policy.facts import FACTS, Context
from omvarld.policy.interchange import parse_date, validate_engagement
from omvarld.policy.model import PolicyVersion, Reason, Rule, TableRow

OUTCOMES = ("approve", "incomplete", "reject")


@dataclass(slots=True)
class Finding:
    """The verdict of one rule on one engagement, with its reason and the facts it read.

    The Swedish reason is rendered on first use (``compare`` rarely needs it)."""

    rule: Rule
    verdict: str
    result: bool | None
    ctx: Context
    trace: tuple[tuple[str, Any], ...]
    question: str | None = None
    field: str | None = None
    _reason: str | None = None

    @property
    def reason(self) -> str:
        if self._reason is None:
            self._reason = self.rule.reasons[self.result].render(self.ctx)
        return self._reason

    @property
    def reason_template(self) -> Reason:
        return self.rule.reasons[self.result]

    @property
    def severity(self) -> str:
        return self.rule.severity

    def citations(self) -> list[dict[str, str]]:
        return [p.citation() for p in self.rule.citations]

    def to_dict(self, *, include_trace: bool = False) -> dict[str, Any]:
        out: dict[str, Any] = {
            "rule": self.rule.id,
            "verdict": self.verdict,
            "severity": self.rule.severity,
            "reason": self.reason,
            "citations": self.citations(),
        }
        if self.verdict == "needs_info":
            out["question"] = self.question
            out["field"] = self.field
        if include_trace:
            out["trace"] = [{"fact": name, "value": _jsonable(value)} for name, value in self.trace]
        return out


def _jsonable(value: object) -> object:
    if value is None or isinstance(value, str | int | float | bool):
        return value
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


@dataclass(slots=True)
class Assessment:
    """The result of assessing one engagement under one policy version on one date."""

    kind: str
    title: str | None
    version: PolicyVersion
    as_of: date
    outcome: str
    decided_by: str
    authority_row: TableRow | None
    authority_fallback: bool
    findings: list[Finding]
    requirements: list[str]
    documentation_rows: list[TableRow]

    @property
    def policy(self) -> str:
        return self.version.id

    def finding(self, rule_id: str) -> Finding | None:
        for f in self.findings:
            if f.rule.id == rule_id:
                return f
        return None

    @property
    def questions(self) -> list[dict[str, str | None]]:
        return [
            {"rule": f.rule.id, "field": f.field, "question": f.question}
            for f in self.findings
            if f.verdict == "needs_info" and f.question
        ]

    def decided_by_row(self) -> dict[str, Any]:
        table = self.version.authority
        row = self.authority_row
        if row is None or self.authority_fallback:
            return {
                "table": table.name,
                "row": row.id if row else None,
                "label": "Okänd enhetstyp: reservorgan",
                "fallback": True,
                "citations": [p.citation() for p in table.fallback_citations],
            }
        return {
            "table": table.name,
            "row": row.id,
            "label": row.label,
            "citations": [p.citation() for p in row.citations],
        }

    def to_dict(self, *, include_trace: bool = False) -> dict[str, Any]:
        """The contract's JSON object, plus ``title``, ``as_of``, ``policy_hash``,
        ``decided_by_row`` and ``questions``."""
        return {
            "kind": self.kind,
            "policy": self.version.id,
            "outcome": self.outcome,
            "decided_by": self.decided_by,
            "findings": [f.to_dict(include_trace=include_trace) for f in self.findings],
            "requirements": list(self.requirements),
            "title": self.title,
            "as_of": self.as_of.isoformat(),
            "policy_hash": self.version.content_hash,
            "decided_by_row": self.decided_by_row(),
            "documentation_rows": [r.id for r in self.documentation_rows],
            "questions": self.questions,
        }


def outcome_of(findings: list[Finding]) -> str:
    """reject if a blocking finding is not fulfilled; else incomplete if one needs information."""
    incomplete = False
    for f in findings:
        if f.rule.severity != "blocking":
            continue
        if f.verdict == "not_fulfilled":
            return "reject"
        if f.verdict == "needs_info":
            incomplete = True
    return "incomplete" if incomplete else "approve"


def _root_cause(ctx: Context, name: str, depth: int = 0) -> str:
    """The most basic unknown fact behind the unknown fact ``name``."""
    for dep in FACTS[name].needs:
        if depth < 5 and ctx.get(dep) is None:
            return _root_cause(ctx, dep, depth + 1)
    return name


def _question(rule: Rule, trace: Trace, ctx: Context) -> tuple[str | None, str | None]:
    """The question to ask and the input field that answers it, for a ``needs_info`` finding."""
    if rule.question:
        return rule.question, rule.field
    unknown = [_root_cause(ctx, name) for name, value in trace if value is None]
    for name in unknown:
        spec = FACTS[name]
        if spec.question:
            return spec.question, spec.field or rule.field
    if unknown:
        return None, FACTS[unknown[0]].field or rule.field
    return None, rule.field


def evaluate(
    version: PolicyVersion,
    data: Mapping[str, Any],
    as_of: date,
    *,
    context: Context | None = None,
    reuse: tuple[frozenset[str], Assessment] | None = None,
) -> Assessment:
    """Assess an already validated engagement on ``as_of``.

    ``reuse`` = (rule ids, prior assessment): those rules are identical in the prior assessment's
    version and saw the same facts, so their findings are taken over instead of re-evaluated
    (``compare`` uses this)."""
    kind: str = data["kind"]
    ctx = context if context is not None else Context(data, as_of, version.params_at(as_of), version)
    findings: list[Finding] = []
    rule_requirements: list[str] = []
    shared: frozenset[str] = frozenset()
    prior: dict[str, Finding] = {}
    if reuse is not None:
        shared = reuse[0]
        prior = {f.rule.id: f for f in reuse[1].findings}
    for rule in version.rules_by_kind[kind]:
        if rule.id in shared:
            old = prior.get(rule.id)
            if old is not None:
                findings.append(
                    Finding(rule, old.verdict, old.result, ctx, old.trace, old.question, old.field)
                )
                rule_requirements.extend(rule.requirements)
            continue
        trace: Trace = []
        if rule.applicable_if is not None and rule.applicable_if(ctx, trace) is not True:
            continue
        result = rule.require(ctx, trace)
        if result is True:
            verdict = rule.on_true
        elif result is False:
            verdict = rule.on_false
        else:
            verdict = rule.on_unknown
        if verdict == "not_applicable":
            continue
        finding = Finding(rule, verdict, result, ctx, tuple(trace))
        if verdict == "needs_info":
            finding.question, finding.field = _question(rule, trace, ctx)
        findings.append(finding)
        rule_requirements.extend(rule.requirements)

    row = version.authority_row(ctx)
    fallback = False
    if row is None:
        decided_by = version.authority.fallback or "kommunstyrelsen"
        fallback = True
    elif row.decides == "unit_body":
        body = ctx.get("unit_body")
        if body is None:
            decided_by = version.authority.fallback or "kommunstyrelsen"
            fallback = True
        else:
            decided_by = body
    else:
        decided_by = row.decides or "kommunstyrelsen"

    requirements: list[str] = []
    doc_rows: list[TableRow] = []
    documentation = version.tables.get("documentation")
    if documentation is not None:
        for drow in documentation.rows_for(kind):
            if drow.matches(ctx):
                doc_rows.append(drow)
                for req in drow.requires:
                    if req not in requirements:
                        requirements.append(req)
    for req in rule_requirements:
        if req not in requirements:
            requirements.append(req)

    title = data.get("title")
    return Assessment(
        kind=kind,
        title=title if isinstance(title, str) else None,
        version=version,
        as_of=as_of,
        outcome=outcome_of(findings),
        decided_by=decided_by,
        authority_row=row,
        authority_fallback=fallback,
        findings=findings,
        requirements=requirements,
        documentation_rows=doc_rows,
    )


def today() -> date:
    """Today's date in Stockholm."""
    return datetime.now(tz=ZoneInfo("Europe/Stockholm")).date()


def effective_date(data: Mapping[str, Any], as_of: date | None) -> date:
    """The engagement's own ``as_of`` wins; then the caller's; then today."""
    own = parse_date(data.get("as_of"), "as_of")
    if own is not None:
        return own
    return as_of if as_of is not None else today()


def validated_portfolio(
    portfolio: Iterable[object], default_day: date
) -> list[tuple[Mapping[str, Any], date]]:
    """Validate every engagement of a portfolio, each with its assessment date.

    A bad engagement stops the whole run, and its error names its index in the portfolio."""
    items: list[tuple[Mapping[str, Any], date]] = []
    for index, item in enumerate(portfolio):
        try:
            data = validate_engagement(item)
            items.append((data, effective_date(data, default_day)))
        except InputError as exc:
            raise exc.at_index(index) from None
    return items


def resolve_version(version: str | PolicyVersion | None, day: date) -> PolicyVersion:
    from omvarld.policy.loader import default_version, load_version

    if isinstance(version, PolicyVersion):
        return version
    if version is None:
        return default_version(day)
    return load_version(version)


def assess(
    facts: Mapping[str, Any], version: str | PolicyVersion | None = None, as_of: date | None = None
) -> Assessment:
    """Validate ``facts`` (one engagement in the interchange format) and assess it.

    ``version`` is a version id, a loaded version, or ``None`` for the version in force on the
    assessment date. Raises :class:`~omvarld.policy.errors.InputError` for invalid input.
    """
    data = validate_engagement(facts)
    day = effective_date(data, as_of)
    return evaluate(resolve_version(version, day), data, day)
