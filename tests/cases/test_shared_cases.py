"""Every public case in ../shared/cases/<policy-id>/*.json, through the same code path as
``omvarld assess`` (``omvarld.policy.cli.main``). The shared folder must exist: CI always has it."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import pytest

from omvarld.policy.cli import main

PROJECT_ROOT = Path(__file__).resolve().parents[2]
CASES_DIR = PROJECT_ROOT.parent / "shared" / "cases"
CASES = sorted(CASES_DIR.glob("*/*.json"))


def test_the_shared_cases_folder_exists_and_holds_cases() -> None:
    assert CASES_DIR.is_dir(), f"{CASES_DIR} is missing: the shared policy cases must be beside the project"
    assert len(CASES) >= 16


def run_cli(argv: list[str]) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(argv, stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


@pytest.mark.parametrize("path", CASES, ids=[f"{p.parent.name}/{p.stem}" for p in CASES])
def test_shared_case(path: Path, tmp_path: Path) -> None:
    case: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    policy = path.parent.name
    engagement = tmp_path / "engagement.json"
    engagement.write_text(json.dumps(case["input"], ensure_ascii=False), encoding="utf-8")

    code, out, err = run_cli(["assess", "--policy", policy, str(engagement)])

    assert code == 0, err
    lines = out.splitlines()
    assert len(lines) == 1
    result = json.loads(lines[0])
    expect = case["expect"]
    assert result["policy"] == policy
    assert result["outcome"] == expect["outcome"], result
    assert result["decided_by"] == expect["decided_by"], result
    verdicts = {f["rule"]: f["verdict"] for f in result["findings"]}
    for rule, want in expect.get("findings", {}).items():
        assert verdicts.get(rule, "not_applicable") == want, (rule, result)
    for requirement in expect.get("requirements_include", []):
        assert requirement in result["requirements"]
