"""Assessments rendered for people and programs: JSON (fast, byte for byte equal to ``to_dict``) and a
Swedish memo (``omvarld assess --format text``).

The JSON writer is the streaming path's serialiser. Everything that is the same for every assessment
of a version — a finding's rule, verdict and severity, each passage's citation, each decision row — is
serialised once and reused; only what varies (reasons with facts in them, requirements, questions) is
serialised per assessment. ``tests/policy/test_render.py`` proves that the bytes decode to exactly
``Assessment.to_dict()``.
"""

from __future__ import annotations

from typing import Any

import orjson

from omvarld.policy.engine import Assessment, Finding
from omvarld.policy.facts import BODY_SV
from omvarld.policy.interchange import KIND_SV
from omvarld.policy.model import PolicyVersion, Variant

_dumps = orjson.dumps


class _VersionJson:
    """The pre-serialised parts of one version's assessments.

    A finding is ``{"rule", "verdict", "severity", "reason", "citations"[, "field"]}``: for each rule,
    verdict, wording of the reason and field it is the same bytes around the reason, and when the
    wording has no facts in it the whole finding is the same bytes every time."""

    __slots__ = ("findings", "rows", "version")

    def __init__(self, version: PolicyVersion) -> None:
        self.version = version
        self.findings: dict[tuple[str, str, int, str | None], tuple[bytes, bytes, bytes | None]] = {}
        self.rows: dict[tuple[str | None, bool], bytes] = {}

    def finding(self, f: Finding, variant: Variant, field: str | None) -> bytes:
        key = (f.rule.id, f.verdict, id(variant), field)
        parts = self.findings.get(key)
        if parts is None:
            parts = self.findings[key] = self._parts(f, variant, field)
        head, tail, whole = parts
        if whole is not None:
            return whole
        return head + _dumps(variant.template.render(f.ctx)) + tail

    @staticmethod
    def _parts(f: Finding, variant: Variant, field: str | None) -> tuple[bytes, bytes, bytes | None]:
        rule = f.rule
        head = (
            b'{"rule":'
            + _dumps(rule.id)
            + b',"verdict":"'
            + f.verdict.encode()
            + b'","severity":"'
            + rule.severity.encode()
            + b'","reason":'
        )
        tail = b',"citations":' + _dumps([p.citation() for p in f.passages])
        if f.verdict == "needs_info":
            tail += b',"field":' + _dumps(field)
        tail += b"}"
        constant = variant.template.json
        return head, tail, (head + constant + tail) if constant is not None else None

    def row_of(self, assessment: Assessment) -> bytes:
        row = assessment.authority_row
        key = (row.id if row is not None else None, assessment.authority_fallback)
        cached = self.rows.get(key)
        if cached is None:
            cached = self.rows[key] = _dumps(assessment.decided_by_row())
        return cached


_CACHE: dict[int, _VersionJson] = {}


def _parts(version: PolicyVersion) -> _VersionJson:
    parts = _CACHE.get(id(version))
    if parts is None or parts.version is not version:
        parts = _CACHE[id(version)] = _VersionJson(version)
    return parts


def assessment_json(assessment: Assessment) -> bytes:
    """The assessment as compact JSON (UTF-8), equal to ``orjson.dumps(assessment.to_dict())``."""
    parts = _parts(assessment.version)
    finding = parts.finding
    findings: list[bytes] = []
    open_questions = False
    for f in assessment.findings:
        if f.verdict == "needs_info":
            open_questions = True
            findings.append(finding(f, f.variant, f.field))
        else:
            findings.append(finding(f, f.variant, None))
    version = assessment.version
    return b"".join(
        (
            b'{"kind":"',
            assessment.kind.encode(),
            b'","policy":',
            _dumps(version.id),
            b',"outcome":"',
            assessment.outcome.encode(),
            b'","decided_by":"',
            assessment.decided_by.encode(),
            b'","findings":[',
            b",".join(findings),
            b'],"requirements":',
            _dumps(assessment.requirements),
            b',"title":',
            _dumps(assessment.title),
            b',"as_of":"',
            assessment.as_of.isoformat().encode(),
            b'","policy_hash":"',
            version.content_hash.encode(),
            b'","decided_by_row":',
            parts.row_of(assessment),
            b',"documentation_rows":',
            _dumps([r.id for r in assessment.documentation_rows]),
            b',"questions":',
            _dumps(assessment.questions) if open_questions else b"[]",
            b',"warnings":',
            _dumps(assessment.warnings),
            b"}",
        )
    )


# ---------------------------------------------------------------- the Swedish memo

OUTCOME_SV = {
    "approve": "Förenligt med strategin",
    "incomplete": "Ofullständigt underlag: uppgifter saknas",
    "reject": "Strider mot strategin",
}
VERDICT_SV = {
    "fulfilled": "Uppfyllt",
    "not_fulfilled": "Inte uppfyllt",
    "needs_info": "Uppgifter saknas",
    "not_applicable": "Gäller inte",
}
REQUIREMENT_SV = {
    "minutes_entry": "redovisning i protokoll",
    "travel_report": "reserapport",
    "bribery_assessment": "mutbedömning",
    "membership_review": "regelbunden omprövning av medlemskapet",
}


def _body_sv(assessment: Assessment) -> str:
    row = assessment.authority_row
    if row is not None and row.decides == "unit_body" and not assessment.authority_fallback:
        findings = assessment.findings
        ctx = findings[0].ctx if findings else None
        if ctx is not None:
            named = ctx.get("unit_body_sv")
            if named:
                return str(named)
    return BODY_SV.get(assessment.decided_by, assessment.decided_by)


def _quote(citation: dict[str, str]) -> str:
    return f"”{citation['quote']}” ({citation['section']})"


def _support(citations: list[dict[str, str]], quoted: set[str]) -> list[str]:
    """The passages a finding rests on: quoted in full the first time, referred to after that."""
    lines = []
    for c in citations:
        if c["passage"] in quoted:
            lines.append(f"   Stöd: samma stycke som ovan ({c['section']}).")
        else:
            quoted.add(c["passage"])
            lines.append(f"   Stöd: {_quote(c)}")
    return lines


def _finding_lines(f: Finding, number: int, quoted: set[str]) -> list[str]:
    lines = [f"{number}. {f.rule.title}: {VERDICT_SV[f.verdict].lower()}.", f"   {f.reason}"]
    return lines + _support(f.citations(), quoted)


def assessment_text(assessment: Assessment) -> str:
    """A Swedish memo of the assessment: the outcome, who decides and by which row, every finding with
    its reason and quoted passage, the open questions, the requirements and any warnings."""
    version = assessment.version
    title = assessment.title or "(utan titel)"
    lines = [
        f"Bedömning av ärendet ”{title}” ({KIND_SV[assessment.kind]})",
        f"Enligt {version.title} [{version.id}], bedömningsdag {assessment.as_of.isoformat()}.",
        "",
        f"Utfall: {OUTCOME_SV[assessment.outcome]}.",
    ]
    row = assessment.decided_by_row()
    quoted: set[str] = set()
    lines.append(f"Beslutar: {_body_sv(assessment)}, enligt raden ”{row['label']}”.")
    lines.extend(_support(row["citations"], quoted))
    blocking = [f for f in assessment.findings if f.rule.blocking]
    groups = (
        ("Det som strider mot strategin", [f for f in blocking if f.verdict == "not_fulfilled"]),
        ("Det som behöver kompletteras", [f for f in blocking if f.verdict == "needs_info"]),
        ("Det som är uppfyllt", [f for f in blocking if f.verdict == "fulfilled"]),
        ("Råd (påverkar inte utfallet)", [f for f in assessment.findings if not f.rule.blocking]),
    )
    number = 0
    for heading, found in groups:
        if not found:
            continue
        lines.extend(["", f"{heading}:"])
        for f in found:
            number += 1
            lines.extend(_finding_lines(f, number, quoted))
    questions = assessment.questions
    if questions:
        lines.extend(["", "Frågor att besvara:"])
        lines.extend(f"- {q['question']}" for q in questions)
    if assessment.requirements:
        required = [REQUIREMENT_SV.get(r, r) for r in assessment.requirements]
        lines.extend(["", "Krav på dokumentation: " + ", ".join(required) + "."])
    if assessment.warnings:
        lines.extend(["", "Observera:"])
        lines.extend(f"- {w}" for w in assessment.warnings)
    return "\n".join(lines) + "\n"


def problem_json(line: int, message: str, problems: list[dict[str, Any]]) -> bytes:
    """The JSON Lines record for an input line that could not be assessed."""
    return _dumps({"line": line, "error": message, "problems": problems})
