"""The ``omvarld assess | compare | prioritise | policy`` command line."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from tests.policy.conftest import base

from omvarld.policy.cli import main


def run(argv: list[str], stdin: str | None = None) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(argv, stdout=out, stderr=err, stdin=io.StringIO(stdin) if stdin is not None else None)
    return code, out.getvalue(), err.getvalue()


def write(tmp_path: Path, data: Any, name: str = "in.json") -> str:
    path = tmp_path / name
    path.write_text(data if isinstance(data, str) else json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return str(path)


def test_assess_prints_one_json_line_for_one_object(tmp_path: Path) -> None:
    code, out, err = run(["assess", write(tmp_path, base("visit"))])
    assert code == 0, err
    (line,) = out.splitlines()
    result = json.loads(line)
    assert list(result)[:6] == ["kind", "policy", "outcome", "decided_by", "findings", "requirements"]
    assert result["policy"] == "stockholm-2008"
    assert "ä" in out or "å" in out  # ensure_ascii=False: Swedish letters stay readable


def test_assess_an_array_prints_json_lines_in_input_order(tmp_path: Path) -> None:
    items = [base("visit", title="ett"), base("communication", title="två"), base("trip", title="tre")]
    code, out, _ = run(["assess", write(tmp_path, items)])
    assert code == 0
    assert [json.loads(line)["title"] for line in out.splitlines()] == ["ett", "två", "tre"]


def test_assess_reads_stdin_with_dash() -> None:
    code, out, _ = run(["assess", "-"], stdin=json.dumps([base("visit"), base("aid")]))
    assert code == 0
    assert [json.loads(line)["kind"] for line in out.splitlines()] == ["visit", "aid"]


def test_bad_json_exits_2_with_a_swedish_message_and_prints_nothing() -> None:
    code, out, err = run(["assess", "-"], stdin='{"kind": "visit",')
    assert code == 2
    assert out == ""
    assert "ogiltig JSON" in err


def test_unknown_kind_names_the_field_and_the_index_and_prints_nothing() -> None:
    code, out, err = run(
        ["assess", "-"], stdin=json.dumps([base("visit"), {**base("visit"), "kind": "party"}])
    )
    assert code == 2
    assert out == ""
    assert "[1].kind" in err
    assert "okänt ärendeslag" in err


@pytest.mark.parametrize(
    ("field", "value", "path"),
    [
        ("cost_sek", "mycket", "cost_sek"),
        ("brand_used", "ja", "brand_used"),
        ("goals", "attraktiv", "goals"),
        ("goals", ["attraktiv", "snygg"], "goals[1]"),
        ("counterpart", {"country": "XX"}, "counterpart.country"),
        ("unit", {"type": 3}, "unit.type"),
        ("last_review", "1 juni 2019", "last_review"),
        ("travel_paid_by", "kommunen", "travel_paid_by"),
    ],
)
def test_wrong_types_exit_2_naming_the_field(field: str, value: Any, path: str) -> None:
    code, out, err = run(["assess", "-"], stdin=json.dumps(base("visit", **{field: value})))
    assert code == 2
    assert out == ""
    assert f"”{path}”" in err
    assert err.startswith("Ogiltig indata")


def test_missing_kind_and_non_object_are_input_errors() -> None:
    assert run(["assess", "-"], stdin="{}")[0] == 2
    code, _, err = run(["assess", "-"], stdin="[1]")
    assert code == 2
    assert "[0]" in err


def test_bad_as_of_option_exits_2(tmp_path: Path) -> None:
    code, out, err = run(["assess", "--as-of", "2026-02-30", write(tmp_path, base("visit"))])
    assert code == 2
    assert out == ""
    assert "--as-of" in err


def test_as_of_precedence_engagement_then_option_then_today(tmp_path: Path) -> None:
    own = base("visit", as_of="2010-01-01")
    other = base("visit")
    other.pop("as_of")
    code, out, _ = run(["assess", "--as-of", "2020-05-05", write(tmp_path, [own, other])])
    assert code == 0
    assert [json.loads(line)["as_of"] for line in out.splitlines()] == ["2010-01-01", "2020-05-05"]


def test_default_policy_is_the_one_in_force_on_the_assessment_date(tmp_path: Path) -> None:
    old = base("visit", as_of="2005-01-01")
    code, out, _ = run(["assess", write(tmp_path, [old, base("visit")])])
    assert code == 0
    assert [json.loads(line)["policy"] for line in out.splitlines()] == ["stockholm-2000", "stockholm-2008"]


def test_unknown_policy_exits_2(tmp_path: Path) -> None:
    code, out, err = run(["assess", "--policy", "stockholm-1999", write(tmp_path, base("visit"))])
    assert code == 2
    assert out == ""
    assert "Okänd policyversion" in err


def test_missing_file_exits_2() -> None:
    code, _, err = run(["assess", "/nonexistent/x.json"])
    assert code == 2
    assert "finns inte" in err


def test_policy_check_exits_0() -> None:
    code, out, err = run(["policy", "check"])
    assert code == 0, err
    assert "OK  stockholm-2008" in out


def test_policy_list_and_show() -> None:
    code, out, _ = run(["policy", "list"])
    assert code == 0
    ids = [line.split("\t")[0] for line in out.splitlines()]
    assert {"stockholm-2008", "reservation-2008", "stockholm-2000"} <= set(ids)
    code, out, _ = run(["policy", "show", "reservation-2008"])
    assert code == 0
    shown = json.loads(out)
    assert shown["derives_from"] == "stockholm-2008"
    assert "agreement.capitals_only" not in {r["id"] for r in shown["rules"]}
    assert shown["source"]["registration_numbers"] == ["Dnr 006-1137/2007", "Dnr 006-1637/2001"]


def test_prioritise_ranks_with_terms(tmp_path: Path) -> None:
    code, out, _ = run(["prioritise", write(tmp_path, [base("communication"), base("visit")])])
    assert code == 0
    rows = [json.loads(line) for line in out.splitlines()]
    assert [r["kind"] for r in rows] == ["visit", "communication"]
    assert rows[0]["terms"]


def test_the_cli_module_runs_without_django_and_starts_quickly(tmp_path: Path) -> None:
    path = write(tmp_path, base("visit"))
    code = (
        "import sys, omvarld.policy.cli as c; rc = c.main(['assess', sys.argv[1]]);"
        "assert 'django' not in sys.modules, 'django was imported'; sys.exit(rc)"
    )
    done = subprocess.run([sys.executable, "-c", code, path], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["kind"] == "visit"
