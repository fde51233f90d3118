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
from omvarld.policy.jsonparts import finding_parts
from omvarld.policy.model import PolicyVersion

_dumps = orjson.dumps


_ROWS: dict[tuple[int, str | None, bool], tuple[PolicyVersion, bytes]] = {}


def _decided_by_row(assessment: Assessment) -> bytes:
    """The decision row serialised, once per version and row."""
    version, row = assessment.version, assessment.authority_row
    key = (id(version), row.id if row is not None else None, assessment.authority_fallback)
    hit = _ROWS.get(key)
    if hit is not None and hit[0] is version:
        return hit[1]
    data = _dumps(assessment.decided_by_row())
    _ROWS[key] = (version, data)
    return data


def assessment_json(assessment: Assessment) -> bytes:
    """The assessment as compact JSON (UTF-8), equal to ``orjson.dumps(assessment.to_dict())``."""
    return b"".join(assessment_json_parts(assessment))


def assessment_json_parts(assessment: Assessment) -> list[bytes]:
    """The pieces of :func:`assessment_json`, to be written one after another. Most are the same
    objects for every assessment (a finding's citations, the decision row); a writer that joins many
    assessments' pieces at once copies each byte once."""
    ctx = assessment.ctx
    asked = assessment.asked()
    fields = {id(row): field for row, _, field in asked} if asked else None
    version = assessment.version
    out: list[bytes] = [
        b'{"kind":"',
        assessment.kind.encode(),
        b'","policy":',
        _dumps(version.id),
        b',"outcome":"',
        assessment.outcome.encode(),
        b'","decided_by":"',
        assessment.decided_by.encode(),
        b'","findings":[',
    ]
    append = out.append
    first = True
    for row in assessment.rows:
        if not first:
            append(b",")
        first = False
        rule, verdict, _, variant, whole = row
        if whole is not None:
            append(whole)
            continue
        field = fields.get(id(row)) if fields is not None and verdict == "needs_info" else None
        head, tail, constant = finding_parts(rule, verdict, variant, field)
        if constant is not None:
            append(constant)
        else:
            append(head)
            append(_dumps(variant.template.render(ctx)))
            append(tail)
    out.extend(
        (
            b'],"requirements":',
            _dumps(assessment.requirements),
            b',"title":',
            _dumps(assessment.title),
            b',"as_of":"',
            assessment.as_of.isoformat().encode(),
            b'","policy_hash":"',
            version.content_hash.encode(),
            b'","decided_by_row":',
            _decided_by_row(assessment),
            b',"documentation_rows":',
            _dumps([r.id for r in assessment.documentation_rows]),
            b',"questions":',
            _dumps(assessment.questions) if asked else b"[]",
            b',"warnings":',
            _dumps(assessment.warnings),
            b"}",
        )
    )
    return out


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
