"""Assessments rendered for people and programs: JSON (fast, byte for byte equal to ``to_dict``) and a
Swedish memo (``omvarld assess --format text``).

The JSON writer is the streaming path's serialiser. Everything that is the same for every assessment
of a version — a finding's rule, verdict and severity, each passage's citation, each decision row — is
serialised once and reused; only what varies (reasons with facts in them, requirements, questions) is
serialised per assessment. ``tests/policy/test_render.py`` proves that the bytes decode to exactly
``Assessment.to_dict()``.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import orjson

from omvarld.policy.engine import Assessment, Finding
from omvarld.policy.facts import BODY_SV
from omvarld.policy.interchange import KIND_SV
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


_OPENINGS: dict[tuple[PolicyVersion, str, str, str], bytes] = {}
_MIDDLES: dict[tuple[PolicyVersion, date, str | None, bool, tuple[str, ...]], bytes] = {}
_CLOSINGS: dict[int, tuple[list[str], bytes]] = {}


def _opening(assessment: Assessment) -> bytes:
    """``{"kind", "policy", "outcome", "decided_by", "findings": [`` — one of a few hundred."""
    key = (assessment.version, assessment.kind, assessment.outcome, assessment.decided_by)
    found = _OPENINGS.get(key)
    if found is None:
        found = _OPENINGS[key] = (
            b'{"kind":' + _dumps(assessment.kind) + b',"policy":' + _dumps(assessment.version.id)
            + b',"outcome":' + _dumps(assessment.outcome) + b',"decided_by":'
            + _dumps(assessment.decided_by) + b',"findings":['
        )  # fmt: skip
    return found


def _middle(assessment: Assessment) -> bytes:
    """``"as_of", "policy_hash", "decided_by_row", "documentation_rows", "questions":`` — the same for
    every assessment of a version on a day with the same decision and documentation rows."""
    row = assessment.authority_row
    documentation = tuple(r.id for r in assessment.documentation_rows)
    key = (
        assessment.version,
        assessment.as_of,
        row.id if row is not None else None,
        assessment.authority_fallback,
        documentation,
    )
    found = _MIDDLES.get(key)
    if found is None:
        if len(_MIDDLES) > 100_000:
            _MIDDLES.clear()
        found = _MIDDLES[key] = (
            b',"as_of":' + _dumps(assessment.as_of.isoformat()) + b',"policy_hash":'
            + _dumps(assessment.version.content_hash) + b',"decided_by_row":' + _decided_by_row(assessment)
            + b',"documentation_rows":' + _dumps(list(documentation)) + b',"questions":'
        )  # fmt: skip
    return found


def _closing(warnings: list[str]) -> bytes:
    """``"warnings": […]}`` — the warnings list is shared by every assessment of a version on a day."""
    found = _CLOSINGS.get(id(warnings))
    if found is None or found[0] is not warnings:
        found = _CLOSINGS[id(warnings)] = (warnings, b',"warnings":' + _dumps(warnings) + b"}")
    return found[1]


_REQUIREMENTS: dict[tuple[str, ...], bytes] = {}
_QUESTIONS: dict[tuple[PolicyVersion, tuple[tuple[str, str | None, str | None], ...]], bytes] = {}


def _requirements(requirements: list[str]) -> bytes:
    """``], "requirements": […], "title":`` — one of a few dozen lists."""
    key = tuple(requirements)
    found = _REQUIREMENTS.get(key)
    if found is None:
        if len(_REQUIREMENTS) > 10_000:
            _REQUIREMENTS.clear()
        found = _REQUIREMENTS[key] = b'],"requirements":' + _dumps(requirements) + b',"title":'
    return found


def _questions(assessment: Assessment) -> bytes:
    """The open questions serialised: the same for every assessment with the same findings that need
    information (by rule, question and field), so kept by those."""
    asked = assessment.asked
    if not asked:
        return b"[]"
    key = (assessment.version, tuple([(rule.id, question, field) for rule, question, field in asked]))
    found = _QUESTIONS.get(key)
    if found is None:
        if len(_QUESTIONS) > 10_000:
            _QUESTIONS.clear()
        found = _QUESTIONS[key] = _dumps(assessment.questions)
    return found


def assessment_json_parts(assessment: Assessment, out: list[bytes] | None = None) -> list[bytes]:
    """The pieces of :func:`assessment_json`, to be written one after another (appended to ``out``
    when given, and returned). Most are the same objects for every assessment (a finding's citations,
    the decision row); a writer that joins many assessments' pieces at once copies each byte once."""
    if out is None:
        out = []
    out.append(_opening(assessment))
    out.extend(assessment.pieces)
    out.append(_requirements(assessment.requirements))
    out.append(_dumps(assessment.title))
    out.append(_middle(assessment))
    out.append(_questions(assessment))
    out.append(_closing(assessment.warnings))
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
    # A dash, not parentheses: sections have parentheses of their own ("Mina synpunkter (inbjudningar)").
    return f"”{citation['quote']}” – {citation['section']}"


def _support(citations: list[dict[str, str]], quoted: set[str]) -> list[str]:
    """The passages a finding rests on: quoted in full the first time, referred to after that."""
    lines = []
    for c in citations:
        if c["passage"] in quoted:
            lines.append(f"   Stöd: samma stycke som ovan – {c['section']}.")
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
    return "\n".join(line.translate(_ONE_LINE) for line in lines) + "\n"


# Every line of a memo is one line: text from the input (a title, a quoted answer) keeps no line break,
# carriage return or terminal control of its own, which could otherwise forge a line ("Utfall: …") or
# drive the reader's terminal. Each becomes a space.
_ONE_LINE = dict.fromkeys((*range(32), *range(127, 160), 8232, 8233), " ")


def problem_json(line: int, message: str, problems: list[dict[str, Any]]) -> bytes:
    """The JSON Lines record for an input line that could not be assessed."""
    return _dumps({"line": line, "error": message, "problems": problems})
