"""The serialised parts of a finding, shared by the compiled plans and the JSON writer.

A finding is ``{"rule", "verdict", "severity", "reason", "citations"[, "field"]}``. For a rule,
verdict, wording of the reason and field, everything around the reason is the same bytes every time;
when the wording has no facts in it, so is the whole finding. Serialising each once is what makes
``omvarld assess`` fast: its citations quote the strategy verbatim and are most of its output.
"""

from __future__ import annotations

import weakref
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


# ---------------------------------------------------------------- memoised findings
# A reason with facts in it is worded from a handful of values that repeat across engagements (a
# counterpart type, the goals, an amount): the explaining plan keeps each finding's sentence and bytes
# keyed by exactly those values, so that a repeated finding costs one lookup instead of wording and
# serialising it again.

KEYABLE: frozenset[type] = frozenset({str, int, float, type(None)})
"""The classes of values that may key a memo. ``bool`` is left out: ``True == 1`` but they are worded
differently (ja / 1); an ``int`` and a ``float`` that are equal are worded alike."""

MEMO_BUDGET = 24 << 20
"""Bytes that every memo together may hold (about; keys are not counted) before all are emptied."""


class Memo(dict[Any, tuple[str, bytes, bytes]]):
    """One finding's memo: (values) -> (sentence, the finding's JSON, the same after a comma)."""

    __slots__ = ("__weakref__",)


_MEMOS: weakref.WeakValueDictionary[int, Memo] = weakref.WeakValueDictionary()
_held = 0


def new_memo() -> Memo:
    memo = Memo()
    _MEMOS[len(_MEMOS) and max(_MEMOS) + 1] = memo
    return memo


def remember(memo: Memo, key: Any, entry: tuple[str, bytes, bytes]) -> tuple[str, bytes, bytes]:
    """Keep ``entry`` under ``key``; when the memos together would exceed :data:`MEMO_BUDGET`, empty
    them all first (varied free text must not make a long stream grow without bound)."""
    global _held
    size = len(entry[0]) * 4 + len(entry[1]) * 2 + 200
    if _held + size > MEMO_BUDGET:
        for other in list(_MEMOS.values()):
            other.clear()
        _held = 0
    memo[key] = entry
    _held += size
    return entry


def memo_size() -> int:
    """Bytes the memos hold (as :func:`remember` counts them)."""
    return _held


def finding_entry(head: bytes, tail: bytes, sentence: str) -> tuple[str, bytes, bytes]:
    """(sentence, the finding's JSON, a comma and the finding's JSON)."""
    whole = head + _dumps(sentence) + tail
    return sentence, whole, b"," + whole
