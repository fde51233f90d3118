"""The serialised parts of a finding, shared by the compiled plans and the JSON writer.

A finding is ``{"rule", "verdict", "severity", "reason", "citations"[, "field"]}``. For a rule,
verdict, wording of the reason and field, everything around the reason is the same bytes every time;
when the wording has no facts in it, so is the whole finding. Serialising each once is what makes
``omvarld assess`` fast: its citations quote the strategy verbatim and are most of its output.
"""

from __future__ import annotations

from typing import Any

import orjson

_dumps = orjson.dumps
# (id(rule), verdict, id(variant), field) -> (rule, variant, (head, tail, whole)); the objects are kept
# in the value and compared, so that an id reused after a version is freed can never match.
_PARTS: dict[tuple[int, str, int, str | None], tuple[Any, Any, tuple[bytes, bytes, bytes | None]]] = {}


def finding_parts(
    rule: Any, verdict: str, variant: Any, field: str | None
) -> tuple[bytes, bytes, bytes | None]:
    """``(head, tail, whole)``: the bytes before and after the reason, and the whole finding when its
    reason is the same sentence for every engagement (else ``None``)."""
    key = (id(rule), verdict, id(variant), field)
    hit = _PARTS.get(key)
    if hit is not None and hit[0] is rule and hit[1] is variant:
        return hit[2]
    head = (
        b'{"rule":' + _dumps(rule.id) + b',"verdict":' + _dumps(verdict) + b',"severity":'
        + _dumps(rule.severity) + b',"reason":'
    )  # fmt: skip
    passages = rule.citations + variant.citations
    tail = b',"citations":' + _dumps([p.citation() for p in passages])
    if verdict == "needs_info":
        tail += b',"field":' + _dumps(field)
    tail += b"}"
    constant = variant.template.json
    parts = (head, tail, head + constant + tail if constant is not None else None)
    _PARTS[key] = (rule, variant, parts)
    return parts
