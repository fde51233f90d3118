"""Assessing one engagement under one policy version.

Evaluation order (see docs/policy-engine.md):

1. the input is validated (:func:`omvarld.policy.interchange.validate_engagement`);
2. the assessment date is fixed: the engagement's own ``as_of``, else the caller's, else today;
3. the parameters in force on that date are fixed;
4. each rule that applies to the kind — for a request, also each rule of the kind it asks for, except
   those about the life of an existing engagement — in file order: ``applicable_if`` must be true
   (unknown or false → not applicable, omitted); then ``require`` is evaluated three-valued and mapped
   to a verdict (true → fulfilled, false → ``on_false``, unknown → ``on_unknown``) with its reason;
5. the decision-authority table (first match; for a request, the rows of the kind it asks for too)
   gives ``decided_by``; a row naming the unit body whose unit type is unknown falls back to the
   table's ``unknown_unit_fallback``;
6. requirements: every matching row of the documentation table (collect) and the ``requirements``
   of every applicable rule, in that order, without duplicates;
7. outcome: reject if a blocking finding is not fulfilled; else incomplete if a blocking finding
   needs information; else approve;
8. warnings: the version applied outside its period of force, or an alternative never adopted.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import lru_cache
from typing import Any
from zoneinfo import ZoneInfo

import orjson

from omvarld.policy.errors import InputError
from omvarld.policy.facts import FACTS, Context
from omvarld.policy.interchange import engagement_problems, parse_date, question_for, validate_engagement
from omvarld.policy.jsonparts import finding_parts
from omvarld.policy.model import Passage, PolicyVersion, Rule, TableRow, Variant

OUTCOMES = ("approve", "incomplete", "reject")  # indexed by the plans' outcome code: 0, 1, 2
_MISSING: Any = object()


@dataclass(slots=True)
class Finding:
    """The verdict of one rule on one engagement, with its reason and the facts it read.

    The wording of the reason that applies, the sentence itself and the question are worked out on
    first use, unless the explaining plan already did (``compare`` rarely needs them)."""

    rule: Rule
    verdict: str
    result: bool | None
    ctx: Context
    _variant: Variant | None = None
    _reason: str | None = None
    _question: tuple[str | None, str | None] | None = field(default=None, repr=False)

    @property
    def variant(self) -> Variant:
        """The wording of the reason that applies."""
        if self._variant is None:
            self._variant = self.rule.reasons[self.result].variant(self.ctx)
        return self._variant

    @property
    def reason(self) -> str:
        if self._reason is None:
            self._reason = self.variant.template.render(self.ctx)
        return self._reason

    @property
    def severity(self) -> str:
        return self.rule.severity

    @property
    def passages(self) -> tuple[Passage, ...]:
        """The passages the finding rests on: the rule's, and those of the reason's wording."""
        extra = self.variant.citations
        return self.rule.citations + extra if extra else self.rule.citations

    def citations(self) -> list[dict[str, str]]:
        return [p.citation() for p in self.passages]

    @property
    def question(self) -> str | None:
        """For ``needs_info``: the question to ask."""
        return self._asked()[0]

    @property
    def field(self) -> str | None:
        """For ``needs_info``: the input field that answers the question (``None`` when no field does)."""
        return self._asked()[1]

    def _asked(self) -> tuple[str | None, str | None]:
        if self._question is None:
            self._question = (
                asked(self.rule, self.result, self.ctx, self.variant)
                if self.verdict == "needs_info"
                else (None, None)
            )
        return self._question

    @property
    def trace(self) -> list[tuple[str, Any]]:
        """The facts the rule's conditions read, with their values."""
        cache = self.ctx.cache
        return [(name, cache[name]) for name in self.rule.facts if name in cache]

    def to_dict(self, *, include_trace: bool = False) -> dict[str, Any]:
        out: dict[str, Any] = {
            "rule": self.rule.id,
            "verdict": self.verdict,
            "severity": self.rule.severity,
            "reason": self.reason,
            "citations": self.citations(),
        }
        if self.verdict == "needs_info":
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


def _root_cause(ctx: Context, name: str, depth: int = 0) -> str:
    """The most basic unknown fact behind the unknown fact ``name``."""
    for dep in FACTS[name].needs:
        if depth < 8 and ctx.get(dep) is None:
            return _root_cause(ctx, dep, depth + 1)
    return name


_question_of = lru_cache(maxsize=None)(question_for)


def asked(rule: Rule, result: bool | None, ctx: Context, variant: Variant) -> tuple[str | None, str | None]:
    """The question to ask and the input field that answers it, for a ``needs_info`` finding: the
    reason's own question; else that of the field behind the most basic unknown fact the rule read;
    else that of the rule's field."""
    own = variant.question
    if own:
        return own, None
    if result is None:
        cache = ctx.cache
        for name in rule.facts:
            if cache.get(name, _MISSING) is None:
                path = FACTS[_root_cause(ctx, name)].field
                asked = _question_of(path)
                if asked:
                    return asked, path
    return _question_of(rule.field), rule.field


Row = tuple[Rule, str, "bool | None", "Variant | None", "str | None"]
"""A finding as the compiled plan records it: (rule, verdict, result, variant, reason) — the last two
``None`` until worked out (the explaining plan works them out at once)."""
Asked = tuple[Rule, "str | None", "str | None"]
"""A finding that needs information: (rule, question, field)."""


@dataclass(slots=True)
class Assessment:
    """The result of assessing one engagement under one policy version on one date.

    The plan leaves the findings as rows, their serialised form as ``pieces`` and the open questions
    as ``asked``; :attr:`findings` makes :class:`Finding` objects of the rows on first use."""

    kind: str
    title: str | None
    version: PolicyVersion
    as_of: date
    outcome: str
    decided_by: str
    authority_row: TableRow | None
    authority_fallback: bool
    rows: list[Row]
    ctx: Context
    requirements: list[str]
    documentation_rows: list[TableRow]
    warnings: list[str]
    _pieces: list[bytes] | None = None
    _asked: list[Asked] | None = None
    _findings: list[Finding] | None = None

    @property
    def findings(self) -> list[Finding]:
        if self._findings is None:
            ctx = self.ctx
            open_questions = iter(self._asked) if self._asked is not None else None
            findings: list[Finding] = []
            for rule, verdict, result, variant, reason in self.rows:
                finding = Finding(rule, verdict, result, ctx, variant, reason)
                if verdict == "needs_info" and open_questions is not None:
                    _, question, field_ = next(open_questions)
                    finding._question = (question, field_)
                findings.append(finding)
            self._findings = findings
        return self._findings

    @property
    def pieces(self) -> list[bytes]:
        """The findings serialised, in pieces (``render.assessment_json`` joins them)."""
        if self._pieces is None:
            self._pieces, self._asked = self._explain()
        return self._pieces

    @property
    def asked(self) -> list[Asked]:
        """The findings that need information, each with its question and field."""
        if self._asked is None:
            self._pieces, self._asked = self._explain()
        return self._asked

    def _explain(self) -> tuple[list[bytes], list[Asked]]:
        """What the explaining plan gives (``pieces``, ``asked``), worked out from the findings."""
        pieces: list[bytes] = []
        asked: list[Asked] = []
        for f in self.findings:
            if pieces:
                pieces.append(b",")
            field_ = f.field if f.verdict == "needs_info" else None
            head, tail, whole = finding_parts(f.rule, f.verdict, f.variant, field_)
            pieces.extend((whole,) if whole is not None else (head, orjson.dumps(f.reason), tail))
            if f.verdict == "needs_info":
                asked.append((f.rule, f.question, field_))
        return pieces, asked

    @property
    def policy(self) -> str:
        return self.version.id

    def finding(self, rule_id: str) -> Finding | None:
        for f in self.findings:
            if f.rule.id == rule_id:
                return f
        return None

    @property
    def questions(self) -> list[dict[str, Any]]:
        """The open questions, each asked once, with the rules that ask it."""
        found: dict[tuple[str | None, str], dict[str, Any]] = {}
        for rule, question, field_ in self.asked:
            if not question:
                continue
            entry = found.get((field_, question))
            if entry is None:
                found[(field_, question)] = {
                    "rule": rule.id,
                    "rules": [rule.id],
                    "field": field_,
                    "question": question,
                }
            else:
                entry["rules"].append(rule.id)
        return list(found.values())

    @property
    def decided_by_passages(self) -> tuple[Passage, ...]:
        """The passages that the row naming the deciding body cites (the fallback's, when no row fits)."""
        row = self.authority_row
        if row is None or self.authority_fallback:
            return self.version.authority.fallback_citations
        return row.citations

    def decided_by_row(self) -> dict[str, Any]:
        table = self.version.authority
        row = self.authority_row
        citations = [p.citation() for p in self.decided_by_passages]
        if row is None or self.authority_fallback:
            return {
                "table": table.name,
                "row": row.id if row else None,
                "label": "Okänd enhetstyp: kommunstyrelsen tills vidare",
                "fallback": True,
                "citations": citations,
            }
        return {"table": table.name, "row": row.id, "label": row.label, "citations": citations}

    def to_dict(self, *, include_trace: bool = False) -> dict[str, Any]:
        """The contract's JSON object, plus ``title``, ``as_of``, ``policy_hash``, ``decided_by_row``,
        ``documentation_rows``, ``questions`` and ``warnings``."""
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
            "warnings": list(self.warnings),
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


def _evaluate_rules(
    version: PolicyVersion,
    ctx: Context,
    rows: list[Row],
    requirements: list[str],
    reuse: tuple[frozenset[str], Assessment],
) -> int:
    """The rules one by one — what the compiled plan does, written plainly — taking over the verdicts
    of ``reuse``'s shared rules (``compare``). Returns the outcome code as the plan does."""
    shared, prior_assessment = reuse
    prior = {row[0].id: row for row in prior_assessment.rows}
    outcome = 0
    for rule in version.rules_for(ctx.kind, ctx.subject_kind):
        if rule.id in shared:
            old = prior.get(rule.id)
            if old is None:
                continue
            verdict, result = old[1], old[2]
        else:
            if rule.applicable_if is not None and rule.applicable_if(ctx) is not True:
                continue
            result = rule.require(ctx)
            verdicts = {True: rule.on_true, False: rule.on_false, None: rule.on_unknown}
            verdict = verdicts[result]
            if verdict == "not_applicable":
                continue
        rows.append((rule, verdict, result, None, None))
        requirements.extend(rule.requirements)
        if rule.blocking and verdict == "not_fulfilled":
            outcome = 2
        elif rule.blocking and verdict == "needs_info" and outcome == 0:
            outcome = 1
    return outcome


def evaluate(
    version: PolicyVersion,
    data: Mapping[str, Any],
    as_of: date,
    *,
    context: Context | None = None,
    reuse: tuple[frozenset[str], Assessment] | None = None,
    explain: bool = False,
) -> Assessment:
    """Assess an already validated engagement on ``as_of``.

    ``explain``: word and serialise every finding now (what ``omvarld assess`` prints); otherwise
    that is done on first use. ``reuse`` = (rule ids, prior assessment): those rules are identical in
    the prior assessment's version and read only facts with the same values, so their verdicts are
    taken over instead of re-evaluated (``compare`` uses this)."""
    params, warnings = version.day(as_of)
    ctx = context if context is not None else Context(data, as_of, params, version)
    kind, subject = ctx.kind, ctx.subject_kind
    rows: list[Row] = []
    rule_requirements: list[str] = []
    pieces: list[bytes] = []
    open_questions: list[Asked] = []
    plan, lifecycle, documentation = version.prepared(kind, subject, explain and reuse is None)
    if reuse is None:
        outcome = plan(ctx, rows, rule_requirements, pieces, open_questions)
    else:
        outcome = _evaluate_rules(version, ctx, rows, rule_requirements, reuse)
        explain = False
    # A request carries the requirements of the rules about the life of what it asks for.
    for rule in lifecycle:
        if rule.applicable_if is None or rule.applicable_if(ctx) is True:
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

    doc_rows: list[TableRow] = documentation(ctx) if documentation is not None else []
    if doc_rows:
        # The documentation rows' requirements first, then the rules', each once.
        requirements = list(
            dict.fromkeys([req for drow in doc_rows for req in drow.requires] + rule_requirements)
        )
    else:
        requirements = list(dict.fromkeys(rule_requirements))

    title = data.get("title")
    return Assessment(
        kind,
        title if title.__class__ is str or isinstance(title, str) else None,
        version,
        as_of,
        OUTCOMES[outcome],
        decided_by,
        row,
        fallback,
        rows,
        ctx,
        requirements,
        doc_rows,
        warnings,
        pieces if explain else None,
        open_questions if explain else None,
    )


def today() -> date:
    """Today's date in Stockholm."""
    return datetime.now(tz=ZoneInfo("Europe/Stockholm")).date()


@lru_cache(maxsize=4096)
def _date_of(text: str) -> date | None:
    return parse_date(text, "as_of")


def effective_date(data: Mapping[str, Any], as_of: date | None) -> date:
    """The engagement's own ``as_of`` wins; then the caller's; then today."""
    stated = data.get("as_of")
    own = _date_of(stated) if stated.__class__ is str else parse_date(stated, "as_of")
    if own is not None:
        return own
    return as_of if as_of is not None else today()


def prepared(item: object, default_day: date) -> tuple[Mapping[str, Any], date]:
    """One engagement validated, with its assessment date; :class:`InputError` with every problem."""
    data = validate_engagement(item)
    return data, effective_date(data, default_day)


def validated_portfolio(
    portfolio: Iterable[object], default_day: date, *, located: bool = True
) -> list[tuple[Mapping[str, Any], date]]:
    """Validate every engagement of a portfolio, each with its assessment date.

    All or nothing: if any engagement is invalid, one :class:`InputError` lists the problems of every
    invalid engagement, each located by its index (``[2].cost_sek``) unless ``located`` is false (a
    single object)."""
    items: list[tuple[Mapping[str, Any], date]] = []
    errors: list[InputError] = []
    for index, item in enumerate(portfolio):
        problems = engagement_problems(item)
        if problems:
            error = InputError(problems)
            errors.append(error.at_index(index) if located else error)
            if sum(len(e.problems) for e in errors) > 1000:
                break
        elif not errors and isinstance(item, Mapping):
            items.append((item, effective_date(item, default_day)))
    if errors:
        raise InputError(p for e in errors for p in e.problems)
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
    data, day = prepared(facts, as_of or today())
    return evaluate(resolve_version(version, day), data, day)
