"""Fixtures for the policy engine tests (pure Python: no database, no Django)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from omvarld.policy import Assessment, assess
from omvarld.policy.loader import SOURCES_DIR, SourceText

AS_OF = "2026-11-26"

Engagement = dict[str, Any]
Make = Callable[..., Engagement]


def base(kind: str, **fields: Any) -> Engagement:
    """A well-formed engagement that fulfils the general principles; ``fields`` override."""
    data: Engagement = {
        "kind": kind,
        "title": f"Test: {kind}",
        "unit": {"code": "MHN", "name": "Miljö- och hälsoskyddsnämnden", "type": "namnd"},
        "goals": ["attraktiv"],
        "directions": ["verksamhetsutveckling"],
        "benefit": "Bättre service till stockholmarna.",
        "as_of": AS_OF,
    }
    data.update(fields)
    return {k: v for k, v in data.items() if v is not None}


@pytest.fixture
def make() -> Make:
    return base


@pytest.fixture(scope="session")
def source() -> SourceText:
    return SourceText((SOURCES_DIR / "utl-2008-204.txt").read_text(encoding="utf-8"))


def verdict(assessment: Assessment, rule: str) -> str:
    """The verdict of ``rule``; ``not_applicable`` when the rule gave no finding."""
    found = assessment.finding(rule)
    return found.verdict if found else "not_applicable"


def run(data: Engagement, version: str = "stockholm-2008") -> Assessment:
    return assess(data, version)
