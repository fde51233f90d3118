"""A what-if's result as a table: one row for each finding that differs, with both sides' verdicts, reasons
and passages; written by the register's export helpers (``engagements.export``), which neutralise what a
spreadsheet would run as a formula. The headings are Swedish, as the register's export's are."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from omvarld.engagements.labels import body_label, outcome_label, verdict_label


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
            outcome_label(a["outcome"]),
            outcome_label(b["outcome"]),
            body_label(a["decided_by"]),
            body_label(b["decided_by"]),
        ]
        for finding in change["findings"] or [None]:
            if finding is None:
                yield [*matter, "", "", "", "", "", "", ""]
                continue
            sides: list[Any] = []
            for key in ("a", "b"):
                side = finding[key]
                if side is None:
                    sides.extend([verdict_label("not_applicable"), "", ""])
                else:
                    sides.extend(
                        [
                            verdict_label(side["verdict"]),
                            side["reason"],
                            _passages(side["passages"], passages[key]),
                        ]
                    )
            yield [*matter, finding["rule"], *sides]
