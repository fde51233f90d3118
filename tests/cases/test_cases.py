"""Every policy case through the same code path as ``omvarld assess`` (``omvarld.policy.cli.main``).

A case is a JSON file under ``<policy-id>/``: ``input`` is an engagement in the interchange
format, ``expect`` what the assessment under that policy must say — ``outcome`` and ``decided_by``
equal, each named finding's ``verdict`` equal (a rule without a finding is ``not_applicable``), each of
``requirements_include`` present and each of ``requirements_exclude`` absent, and, when given,
``warnings`` (true: at least one; false: none).

The project's own cases ship with the policy engine, in ``src/omvarld/policy/cases`` (the strategy's
study pages show them beside the guidelines they touch: ``omvarld.policy.cases``).
``OMVARLD_EXTRA_CASES`` may name more folders of cases in the same layout (separated by ``:``); CI points
it at the public cases when they are present beside the project, so that new public cases are checked as
they appear.
"""

from __future__ import annotations

import io
import json
import os
from pathlib import Path
from typing import Any

import pytest

from omvarld.policy.cases import CASES_DIR
from omvarld.policy.cli import main

DATA = CASES_DIR
EXTRA = [Path(p) for p in os.environ.get("OMVARLD_EXTRA_CASES", "").split(":") if p]


def _cases() -> list[Path]:
    found = sorted(DATA.glob("*/*.json"))
    for folder in EXTRA:
        found.extend(sorted(folder.glob("*/*.json")))
    return found


CASES = _cases()


def test_the_project_holds_its_own_cases() -> None:
    own = list(DATA.glob("*/*.json"))
    assert len(own) >= 16
    for folder in EXTRA:
        assert folder.is_dir(), f"OMVARLD_EXTRA_CASES names {folder}, which is not a folder"


def run_cli(argv: list[str]) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(argv, stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


@pytest.mark.parametrize(
    "path", CASES, ids=[f"{p.parent.parent.name}/{p.parent.name}/{p.stem}" for p in CASES]
)
def test_case(path: Path, tmp_path: Path) -> None:
    case: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    policy = path.parent.name
    engagement = tmp_path / "engagement.json"
    engagement.write_text(json.dumps(case["input"], ensure_ascii=False), encoding="utf-8")

    code, out, err = run_cli(["assess", "--policy", policy, str(engagement)])

    assert code == 0, err
    (line,) = out.splitlines()
    result = json.loads(line)
    expect = case["expect"]
    assert result["policy"] == policy
    assert result["outcome"] == expect["outcome"], result
    assert result["decided_by"] == expect["decided_by"], result
    verdicts = {f["rule"]: f["verdict"] for f in result["findings"]}
    for rule, want in expect.get("findings", {}).items():
        assert verdicts.get(rule, "not_applicable") == want, (rule, result)
    for requirement in expect.get("requirements_include", []):
        assert requirement in result["requirements"], result["requirements"]
    for requirement in expect.get("requirements_exclude", []):
        assert requirement not in result["requirements"], result["requirements"]
    if "warnings" in expect:
        assert bool(result["warnings"]) is expect["warnings"], result["warnings"]
