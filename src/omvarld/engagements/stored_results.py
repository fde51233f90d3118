"""The form a stored assessment's result is kept in: its citations by passage id.

The engine's result quotes each passage it cites in full (``policy.Passage.citation``: passage, section,
quote) — most of its 10 kB of JSON, and the same words in every matter. A stored result names each
citation by its passage id only (``compact``); the words are kept once per policy version's content hash
(``models.PolicyTexts``) and put back when the result is read (``expanded``). A result stored before this
form (its citations whole) reads as it is.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Final

import orjson

from omvarld.policy.render import assessment_json_parts

Passages = Mapping[str, Mapping[str, str]]


def passage_of(citation: Any) -> str | None:
    """The passage a citation names: a stored citation is its id, a whole one a dict naming it."""
    if isinstance(citation, str):
        return citation
    if isinstance(citation, dict) and isinstance(citation.get("passage"), str):
        return citation["passage"]
    return None


def _compact_citations(holder: Any) -> None:
    """A finding's or the decision row's citations, each by its passage id (in place)."""
    if isinstance(holder, dict) and isinstance(holder.get("citations"), list):
        holder["citations"] = [passage_of(c) or c for c in holder["citations"]]


def compact(result: dict[str, Any]) -> dict[str, Any]:
    """The result as it is stored: each citation of a finding and of the decision row by its passage id
    (the result given is changed in place and returned)."""
    for finding in result.get("findings") or []:
        _compact_citations(finding)
    _compact_citations(result.get("decided_by_row"))
    return result


def _whole(citations: Any, passages: Passages) -> Any:
    if not isinstance(citations, list):
        return citations
    whole = []
    for citation in citations:
        if isinstance(citation, str):
            words = passages.get(citation)
            citation = (
                {"passage": citation, "section": "", "quote": ""}
                if words is None
                else {
                    "passage": citation,
                    "section": words["section"],
                    "quote": words["quote"],
                }
            )
        whole.append(citation)
    return whole


def expanded(result: dict[str, Any], passages: Passages) -> dict[str, Any]:
    """The stored result with each citation whole again (passage, section, quote), as the engine made it;
    a new dict (the stored one is left as it is)."""
    findings = [
        {**finding, "citations": _whole(finding["citations"], passages)}
        if isinstance(finding, dict) and "citations" in finding
        else finding
        for finding in result.get("findings") or []
    ]
    out = {**result, "findings": findings}
    row = result.get("decided_by_row")
    if isinstance(row, dict) and "citations" in row:
        out["decided_by_row"] = {**row, "citations": _whole(row["citations"], passages)}
    return out


def passage_texts(version: Any) -> dict[str, dict[str, str]]:
    """A policy version's passages as ``PolicyTexts`` keeps them."""
    return {pid: {"section": p.section, "quote": p.text} for pid, p in version.passages.items()}


# The engine's JSON pieces of an assessment (``policy.render.assessment_json_parts``) are shared bytes: a
# finding's, a decision row's. Each piece that holds citations is made compact once and kept, keyed by the
# piece itself (bytes keep their hash, and a shared piece is found by its identity before its kilobyte of
# quotes is compared). A piece without citations is itself; it is not kept (many, such as a title, are
# each assessment's own, and would only fill the memo and push the shared pieces out of it).
_COMPACT: dict[bytes, bytes] = {}
_CITED: Final = b'"citations":[{'


def _compacted(piece: bytes, assessment: Any) -> bytes:
    """A piece that holds citations, made compact (and kept)."""
    if piece.startswith((b'{"rule"', b',{"rule"')):  # a finding, whole: a JSON object of its own
        comma = piece[:1] == b","
        finding = orjson.loads(piece[1:] if comma else piece)
        _compact_citations(finding)
        compacted = (b"," if comma else b"") + orjson.dumps(finding)
    elif piece.startswith(b',"citations":'):  # the end of a finding, after its reason: ',"citations":[…]…}'
        tail = orjson.loads(b"{" + piece[1:])
        _compact_citations(tail)
        compacted = b"," + orjson.dumps(tail)[1:]
    else:  # the decision row, amid the assessment's other fields
        row = assessment.decided_by_passages
        whole = orjson.dumps([passage.citation() for passage in row])
        compacted = piece.replace(whole, orjson.dumps([passage.id for passage in row]))
    if len(_COMPACT) > 100_000:
        _COMPACT.clear()
    _COMPACT[piece] = compacted
    return compacted


def compact_json(assessment: Any) -> bytes:
    """``orjson.dumps(compact(assessment.to_dict()))``, made from the engine's own JSON pieces
    (``policy.render.assessment_json_parts``), each piece that holds citations made compact once."""
    out = []
    kept = _COMPACT.get
    for piece in assessment_json_parts(assessment):
        compacted = kept(piece)
        if compacted is None:
            compacted = _compacted(piece, assessment) if _CITED in piece else piece
        out.append(compacted)
    return b"".join(out)
