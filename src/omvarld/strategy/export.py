"""A what-if's result as a table: one row for each finding that differs, with both sides' verdicts, reasons
and passages; written by the register's export helpers (``engagements.export``), which neutralise what a
spreadsheet would run as a formula. The headings are Swedish, as the register's export's are."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from omvarld.policy.facts import BODY_SV
from omvarld.policy.render import OUTCOME_SV, VERDICT_SV


def _name(side: Mapping[str, Any]) -> str:
    return f"utkast {side['id']}" if side["draft"] else str(side["id"])


def headings(result: Mapping[str, Any]) -> list[str]:
    a, b = _name(result["a"]), _name(result["b"])
    return [
        "Diarienummer",
        "Rubrik",
        "Ärendeslag",
        "Enhet",
        "Status",
        "Bedömningsdag",
        f"Utfall ({a})",
        f"Utfall ({b})",
        f"Beslutande organ ({a})",
        f"Beslutande organ ({b})",
        "Regel",
        f"Bedömning ({a})",
        f"Skäl ({a})",
        f"Passager ({a})",
        f"Bedömning ({b})",
        f"Skäl ({b})",
        f"Passager ({b})",
    ]


def _passages(ids: list[str], known: Mapping[str, Mapping[str, str]]) -> str:
    return "\n".join(
        f"{pid} ({known[pid]['section']}): ”{known[pid]['quote']}”" for pid in ids if pid in known
    )


def rows(
    result: Mapping[str, Any], *, kind_labels: Mapping[str, str], status_labels: Mapping[str, str]
) -> Iterator[list[Any]]:
    """A row per differing finding of each changed matter (a matter with none: one row without a rule)."""
    passages = result["passages"]
    for change in result["changes"]:
        a, b = change["a"], change["b"]
        matter = [
            change["number"],
            change["title"],
            kind_labels.get(change["kind"], change["kind"]),
            change["unit"],
            status_labels.get(change["status"], change["status"]),
            change["as_of"],
            OUTCOME_SV.get(a["outcome"], a["outcome"]),
            OUTCOME_SV.get(b["outcome"], b["outcome"]),
            BODY_SV.get(a["decided_by"], a["decided_by"]),
            BODY_SV.get(b["decided_by"], b["decided_by"]),
        ]
        for finding in change["findings"] or [None]:
            if finding is None:
                yield [*matter, "", "", "", "", "", "", ""]
                continue
            sides: list[Any] = []
            for key in ("a", "b"):
                side = finding[key]
                if side is None:
                    sides.extend(["Gäller inte", "", ""])
                else:
                    sides.extend(
                        [
                            VERDICT_SV.get(side["verdict"], side["verdict"]),
                            side["reason"],
                            _passages(side["passages"], passages[key]),
                        ]
                    )
            yield [*matter, finding["rule"], *sides]
