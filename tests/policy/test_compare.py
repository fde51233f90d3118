"""What if: comparing versions over a portfolio."""

from __future__ import annotations

import io
import json
import re
from pathlib import Path
from typing import Any

from tests.policy.conftest import base

from omvarld.policy import cases, compare
from omvarld.policy.cli import main

CASES_DIR = cases.CASES_DIR / "stockholm-2008"
# The sixteen public cases the policy catalogue's "what if" example speaks of.
PUBLIC = (
    "aid-fully-financed-by-sida",
    "communication-without-brand",
    "district-study-trip",
    "eu-policy-citywide",
    "eu-policy-unit-specific",
    "eu-project-without-plan-link",
    "eurocities-membership",
    "helsingfors-ict-partnership",
    "invitation-city-pays",
    "london-environment-agreement",
    "participant-invitation-paid-by-inviter",
    "riga-twin-city",
    "speaker-invitation-exception",
    "st-petersburg-cooperation",
    "suleimanya-motion",
    "unit-membership-review-overdue",
)
CASES = [CASES_DIR / f"{name}.json" for name in PUBLIC]


def portfolio() -> list[dict[str, Any]]:
    return [json.loads(p.read_text(encoding="utf-8"))["input"] for p in CASES]


def test_reservation_changes_exactly_suleimanya_st_petersburg_and_riga(tmp_path: Path) -> None:
    path = tmp_path / "portfolio.json"
    path.write_text(json.dumps(portfolio(), ensure_ascii=False), encoding="utf-8")
    out, err = io.StringIO(), io.StringIO()

    code = main(
        ["compare", "--policy", "stockholm-2008", "--against", "reservation-2008", str(path)],
        stdout=out,
        stderr=err,
    )

    assert code == 0, err.getvalue()
    changes = [json.loads(line) for line in out.getvalue().splitlines()]
    got = {(c["title"], c["a"]["outcome"], c["b"]["outcome"]) for c in changes}
    assert got == {
        ("Ett konkret demokratisamarbete med staden Suleimanya i irakiska Kurdistan", "reject", "incomplete"),
        ("Samarbetsavtal med S:t Petersburg", "reject", "approve"),
        ("Vänortsavtal med Riga", "reject", "approve"),
    }


def test_changed_findings_carry_both_reasons_and_both_citations() -> None:
    changes = compare(portfolio(), "stockholm-2008", "reservation-2008")
    suleimanya = next(c for c in changes if "Suleimanya" in (c.title or ""))
    diffs = {d.rule: d.to_dict() for d in suleimanya.findings}
    capitals = diffs["agreement.capitals_only"]
    assert capitals["a"]["verdict"] == "not_fulfilled"
    assert capitals["a"]["citations"]
    assert capitals["a"]["reason"]
    assert capitals["b"] is None
    aid = diffs["principle.aid_fully_financed"]
    assert aid["a"]["verdict"] == "not_fulfilled"
    financing = diffs["principle.aid_financing"]
    assert financing["a"] is None
    assert financing["b"]["verdict"] == "fulfilled"
    assert any(c["passage"] == "reservation.medfinansiering" for c in financing["b"]["citations"])


def test_finding_only_differences_are_listed_on_request() -> None:
    default = compare(portfolio(), "stockholm-2008", "reservation-2008")
    everything = compare(portfolio(), "stockholm-2008", "reservation-2008", include_finding_only=True)
    assert len(everything) > len(default)
    extra = [c for c in everything if not c.changed]
    assert extra
    assert all(c.findings for c in extra)
    titles = {c.title for c in extra}
    assert "Samarbetsavtal med London om miljöfrågor" in titles  # capitals rule gone, outcome the same


def test_comparing_a_version_with_itself_is_empty() -> None:
    assert compare(portfolio(), "stockholm-2008", "stockholm-2008", include_finding_only=True) == []


def test_historical_2000_policy_counts_non_prioritised_geography_against_a_proposal() -> None:
    trip = base(
        "agreement",
        agreement_type="cooperation",
        subject_area="miljö",
        mutual_benefit="Utbyte.",
        counterpart={"name": "Toronto", "type": "city", "city": "Toronto", "country": "CA"},
    )
    changes = compare([trip], "stockholm-2008", "stockholm-2000", include_finding_only=True)
    (change,) = changes
    geo = next(d for d in change.findings if d.rule == "priority.geography")
    assert geo.b is not None
    assert geo.b.verdict == "not_fulfilled"


def test_compare_table_format_is_readable(tmp_path: Path) -> None:
    path = tmp_path / "p.json"
    path.write_text(json.dumps(portfolio(), ensure_ascii=False), encoding="utf-8")
    out = io.StringIO()
    code = main(
        [
            "compare",
            "--policy",
            "stockholm-2008",
            "--against",
            "reservation-2008",
            "--format",
            "table",
            str(path),
        ],
        stdout=out,
        stderr=io.StringIO(),
    )
    assert code == 0
    text = out.getvalue()
    assert "3 av 16 ärenden ändras" in text
    assert "utfall: Strider mot strategin → Förenligt med strategin" in text
    assert "agreement.capitals_only: inte uppfyllt → gäller inte" in text
    # Worded as the memo words them: no codes of the JSON.
    assert not re.search(
        r"\b(reject|approve|incomplete|kommunfullmaktige|internationella_beredningen)\b", text
    )
    assert "(samarbetsavtal)" in text
