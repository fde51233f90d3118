"""The documentation: its examples run, it names every field and rule, it lists every command, and it
links only inside the repository."""

from __future__ import annotations

import io
import json
import re
from pathlib import Path
from typing import Any

import pytest

from omvarld.__main__ import COMMANDS
from omvarld.policy import list_versions
from omvarld.policy.cli import main
from omvarld.policy.interchange import FIELDS

ROOT = Path(__file__).resolve().parents[2]
POLICY_DOC = ROOT / "docs" / "policy-engine.md"
DOCS = sorted([ROOT / "README.md", ROOT / "CONTRIBUTING.md", *(ROOT / "docs").rglob("*.md")])
LINK = re.compile(r"\[[^\]]*\]\(([^)]+)\)")
JSON_BLOCK = re.compile(r"```json\n(.*?)\n```", re.S)


def examples() -> list[dict[str, Any]]:
    found = []
    for block in JSON_BLOCK.findall(POLICY_DOC.read_text(encoding="utf-8")):
        data = json.loads(block)
        if isinstance(data, dict) and {"input", "expect"} <= set(data):
            found.append(data)
    return found


def test_the_policy_engine_page_has_examples() -> None:
    assert len(examples()) >= 4


@pytest.mark.parametrize("example", examples(), ids=lambda e: e["input"].get("title", "?"))
def test_every_example_of_the_policy_engine_page_says_what_it_shows(
    example: dict[str, Any], tmp_path: Path
) -> None:
    path = tmp_path / "engagement.json"
    path.write_text(json.dumps(example["input"], ensure_ascii=False), encoding="utf-8")
    out, err = io.StringIO(), io.StringIO()

    code = main(["assess", str(path)], stdout=out, stderr=err)

    assert code == 0, err.getvalue()
    result = json.loads(out.getvalue())
    expect = example["expect"]
    assert (result["outcome"], result["decided_by"]) == (expect["outcome"], expect["decided_by"])
    verdicts = {f["rule"]: f["verdict"] for f in result["findings"]}
    for rule, verdict in expect.get("findings", {}).items():
        assert verdicts.get(rule, "not_applicable") == verdict, rule
    for requirement in expect.get("requirements_include", []):
        assert requirement in result["requirements"]


def test_the_policy_engine_page_documents_every_input_field_and_value() -> None:
    text = POLICY_DOC.read_text(encoding="utf-8")
    table_rows = [line for line in text.splitlines() if line.startswith("| `")]
    for name, spec in FIELDS.items():
        row = next((r for r in table_rows if r.startswith(f"| `{name}` |")), None)
        assert row is not None, name
        for value in spec.values or ():
            assert f"`{value}`" in row, (name, value)
        for sub, sub_spec in spec.fields.items():
            sub_row = next((r for r in table_rows if r.startswith(f"| `{name}.{sub}` |")), None)
            assert sub_row is not None, f"{name}.{sub}"
            for value in sub_spec.values or ():
                assert f"`{value}`" in sub_row, (f"{name}.{sub}", value)


def test_the_policy_engine_page_documents_every_rule_and_decision_row() -> None:
    text = POLICY_DOC.read_text(encoding="utf-8")
    for version in list_versions():
        for rule in version.rules:
            assert f"`{rule.id}`" in text, (version.id, rule.id)
        for row in version.authority.rows:
            if version.id != "stockholm-2000":
                assert f"`{row.id}`" in text, (version.id, row.id)


def test_the_readme_lists_every_command() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for name in COMMANDS:
        assert f"`omvarld {name}" in readme, name


@pytest.mark.parametrize("doc", DOCS, ids=lambda p: str(p.relative_to(ROOT)))
def test_documents_link_only_inside_the_repository(doc: Path) -> None:
    text = doc.read_text(encoding="utf-8")
    assert "/".join(("..", "shared")) not in text  # the public material beside a checkout is not ours
    for target in LINK.findall(text):
        assert not re.match(r"[a-z]+://", target), target
        path = (doc.parent / target.split("#")[0]).resolve()
        assert path.is_relative_to(ROOT), target
        assert path.exists(), target


TEST_REFERENCE = re.compile(r"`([\w/]+\.py)::(\w+)`")


def test_every_test_the_security_page_names_exists() -> None:
    """``docs/security.md`` proves its claims by naming tests (``file::test`` under ``tests/``); a name
    left behind by a renamed or removed test would prove nothing."""
    text = (ROOT / "docs" / "security.md").read_text(encoding="utf-8")
    references = TEST_REFERENCE.findall(text)
    assert len(references) > 20
    missing = []
    for file, name in references:
        path = ROOT / "tests" / file
        source = path.read_text(encoding="utf-8") if path.is_file() else ""
        if not re.search(rf"^\s*(def|class) {name}\b", source, re.M):
            missing.append(f"{file}::{name}")
    assert not missing, missing
