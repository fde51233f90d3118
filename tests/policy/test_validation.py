"""Load-time validation: broken policy documents fail fast with clear messages."""

from __future__ import annotations

import copy
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from omvarld.policy import PolicyError, load_file
from omvarld.policy.facts import FACTS
from omvarld.policy.loader import VERSIONS_DIR, SourceText, compile_document

Doc = dict[str, Any]


@pytest.fixture(scope="module")
def good() -> Doc:
    doc: Doc = yaml.safe_load((VERSIONS_DIR / "stockholm-2008.yaml").read_text(encoding="utf-8"))
    return doc


def broken(good: Doc, change: Callable[[Doc], None]) -> str:
    doc = copy.deepcopy(good)
    change(doc)
    with pytest.raises(PolicyError) as info:
        compile_document(doc, origin="test.yaml")
    return str(info.value)


def rule(doc: Doc, rule_id: str) -> dict[str, Any]:
    found: dict[str, Any] = next(r for r in doc["rules"] if r["id"] == rule_id)
    return found


def test_the_shipped_document_compiles(good: Doc) -> None:
    assert compile_document(good, origin="ok").id == "stockholm-2008"


def test_unknown_fact_is_rejected(good: Doc) -> None:
    msg = broken(good, lambda d: rule(d, "principle.goal_link").update(require={"fact": "council_goalz"}))
    assert "regel 'principle.goal_link'.require: okänt faktum 'council_goalz'" in msg


def test_unknown_parameter_is_rejected(good: Doc) -> None:
    msg = broken(good, lambda d: rule(d, "principle.goal_link").update(require={"param": "nope"}))
    assert "okänd parameter 'nope'" in msg


def test_unknown_name_in_a_reason_template_is_rejected(good: Doc) -> None:
    msg = broken(good, lambda d: rule(d, "principle.goal_link").update(reason_true="Mål: {goalz}."))
    assert "mallen nämner ett okänt faktum eller en okänd parameter 'goalz'" in msg


def test_citation_to_a_missing_passage_is_rejected(good: Doc) -> None:
    msg = broken(good, lambda d: rule(d, "communication.brand").update(citations=["strategi.finns_inte"]))
    assert "regel 'communication.brand': citerar passagen 'strategi.finns_inte', som inte finns" in msg


def test_guideline_without_citation_is_rejected(good: Doc) -> None:
    msg = broken(good, lambda d: rule(d, "communication.brand").pop("citations"))
    assert "regel 'communication.brand': saknar citat" in msg


def test_passage_not_in_the_source_is_rejected(good: Doc) -> None:
    def change(d: Doc) -> None:
        d["passages"][0]["text"] = "Staden ska ha en egen utrikespolitik."

    msg = broken(good, change)
    assert "texten förekommer inte ordagrant i källtexten" in msg


def test_authority_table_without_a_row_for_some_kind_is_rejected(good: Doc) -> None:
    def change(d: Doc) -> None:
        rows = d["tables"]["decision_authority"]["rows"]
        rows[:] = [r for r in rows if r["id"] != "membership_scope_unknown"]

    msg = broken(good, change)
    assert "ingen rad gäller varje ärende av slaget 'membership'" in msg


def test_unknown_kind_severity_and_body_are_rejected(good: Doc) -> None:
    def change(d: Doc) -> None:
        rule(d, "communication.brand").update(applies_to=["broschyr"], severity="fatal")
        d["tables"]["decision_authority"]["rows"][0]["decides"] = "riksdagen"

    msg = broken(good, change)
    assert "okända ärendeslag ['broschyr']" in msg
    assert "severity måste vara ett av" in msg
    assert "decides måste vara ett av" in msg


def test_malformed_condition_and_duplicate_rule_are_rejected(good: Doc) -> None:
    def change(d: Doc) -> None:
        rule(d, "principle.goal_link").update(require={"fact": "goals", "approximately": 3})
        d["rules"].append(copy.deepcopy(rule(d, "communication.brand")))

    msg = broken(good, change)
    assert "väntas en jämförelse" in msg
    assert "id förekommer två gånger" in msg


def test_all_problems_are_reported_together(good: Doc) -> None:
    def change(d: Doc) -> None:
        rule(d, "principle.goal_link").update(require={"fact": "x1"})
        rule(d, "principle.direction").update(require={"fact": "x2"})

    msg = broken(good, change)
    assert "'x1'" in msg
    assert "'x2'" in msg
    assert "2 fel i policyn" in msg


def test_broken_file_and_overlay_fail_through_load_file(tmp_path: Path) -> None:
    (tmp_path / "base-x.yaml").write_text(
        (VERSIONS_DIR / "stockholm-2008.yaml")
        .read_text(encoding="utf-8")
        .replace("id: stockholm-2008", "id: base-x"),
        encoding="utf-8",
    )
    overlay = tmp_path / "over-x.yaml"
    overlay.write_text(
        "id: over-x\ntitle: t\nstatus: alternative\neffective_from: 2009-01-01\nderives_from: base-x\n"
        "remove_rules: [no.such.rule]\n",
        encoding="utf-8",
    )
    with pytest.raises(PolicyError, match=r"grundversionen har ingen regel 'no\.such\.rule'"):
        load_file(overlay)
    missing_base = tmp_path / "lost.yaml"
    missing_base.write_text("id: lost\nderives_from: nowhere\n", encoding="utf-8")
    with pytest.raises(PolicyError, match="okänd version 'nowhere'"):
        load_file(missing_base)
    bad_yaml = tmp_path / "bad.yaml"
    bad_yaml.write_text("id: [unclosed\n", encoding="utf-8")
    with pytest.raises(PolicyError, match="ogiltig YAML"):
        load_file(bad_yaml)


def test_policy_check_reports_a_broken_file(tmp_path: Path) -> None:
    import io

    from omvarld.policy.cli import main

    path = tmp_path / "stockholm-2008.yaml"
    path.write_text(
        (VERSIONS_DIR / "stockholm-2008.yaml")
        .read_text(encoding="utf-8")
        .replace("fact: brand_used", "fact: brand_usedd"),
        encoding="utf-8",
    )
    err = io.StringIO()
    assert main(["policy", "check", str(path)], stdout=io.StringIO(), stderr=err) == 2
    assert "okänt faktum 'brand_usedd'" in err.getvalue()


def test_every_fact_dependency_is_a_registered_fact() -> None:
    for spec in FACTS.values():
        assert set(spec.needs) <= set(FACTS), spec.name


@pytest.mark.parametrize(
    ("source", "passage", "found"),
    [
        ("godkänns i enlig-\n\nhet med vad", "godkänns i enlighet med vad", True),
        ("deltar i eller driver EU-\n\nprojekt ska", "driver EU-projekt ska", True),
        ("Staden  har\n ingen\tegen", "Staden har ingen egen", True),
        ("Staden har ingen egen", "Staden har en egen", False),
    ],
)
def test_source_matching_normalises_whitespace_and_line_end_hyphens(
    source: str, passage: str, found: bool
) -> None:
    assert SourceText(source).contains(passage) is found
