"""The worked example cases: an engagement each, with what the strategy says of it.

A case is a JSON file under ``cases/<policy-id>/``: ``input`` is an engagement in the interchange format,
``expect`` what its assessment under that policy must say (``outcome``, ``decided_by``, the verdicts of
named findings, requirements, warnings). The test suite runs every case through ``omvarld assess``
(``tests/cases/test_cases.py``); the strategy's study pages show each guideline's cases beside it. They ship
with the package so that the pages can read them wherever Omvärld is installed.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import orjson

from omvarld.policy.engine import Assessment, Finding, assess
from omvarld.policy.loader import PACKAGE_DIR
from omvarld.policy.model import Variant

CASES_DIR = PACKAGE_DIR / "cases"


@dataclass(frozen=True, eq=False)
class Case:
    """One example case: its name (the file's), the policy it is assessed under, and its engagement."""

    name: str
    policy: str
    input: Mapping[str, Any]
    expect: Mapping[str, Any]
    path: Path

    @property
    def title(self) -> str:
        return str(self.input.get("title") or self.name)


def read_case(path: Path) -> Case:
    data = orjson.loads(path.read_bytes())
    return Case(
        name=str(data.get("name") or path.stem),
        policy=path.parent.name,
        input=data["input"],
        expect=data["expect"],
        path=path,
    )


@cache
def list_cases() -> tuple[Case, ...]:
    """Every shipped case, by policy and name."""
    return tuple(read_case(path) for path in sorted(CASES_DIR.glob("*/*.json")))


@cache
def assessment_of(case: Case) -> Assessment:
    """The case assessed under its policy (what ``omvarld assess --policy`` says of it)."""
    return assess(case.input, case.policy)


# A finding's passages are its rule's and its wording's: kept by the wording (a ``Variant`` belongs to one
# rule's reason and is hashed by its identity), so that a re-assessment asks this once per wording, not
# once per matter and finding.
_PASSAGES_OF: dict[Variant, frozenset[str]] = {}


def cited_passages(assessment: Assessment) -> frozenset[str]:
    """The passages an assessment cites: by its findings, and by the row of the decision table that
    named the deciding body."""
    findings: list[Finding] | None = None
    cited: set[str] = set()
    for index, (rule, _verdict, _result, variant, _reason) in enumerate(assessment.rows):
        if variant is None:  # not worded yet (an assessment made without ``explain``)
            if findings is None:
                findings = assessment.findings
            variant = findings[index].variant
        ids = _PASSAGES_OF.get(variant)
        if ids is None:
            if len(_PASSAGES_OF) > 10_000:  # versions loaded again and again (drafts on the what-if page)
                _PASSAGES_OF.clear()
            ids = _PASSAGES_OF[variant] = frozenset(p.id for p in rule.citations + variant.citations)
        cited |= ids
    cited.update(passage.id for passage in assessment.decided_by_passages)
    return frozenset(cited)


def cases_citing(passage_id: str) -> list[Case]:
    """The cases whose assessment cites the passage, by policy and name."""
    return [case for case in list_cases() if passage_id in cited_passages(assessment_of(case))]
