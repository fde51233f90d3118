"""What the strategy's pages show, made from the engine's objects and a what-if's result: labels in the
reader's language around the engine's Swedish reasons, and every passage with the link to its guideline."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Final

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from omvarld.engagements import labels
from omvarld.engagements.models import Kind, Outcome, Status
from omvarld.policy import load_version
from omvarld.policy.cases import Case, assessment_of, cases_citing
from omvarld.policy.model import PolicyVersion, Rule, display
from omvarld.policy.study import Guideline, guideline

TABLE_LABELS: Final = {
    "decision_authority": gettext_lazy("Who decides"),
    "documentation": gettext_lazy("What is documented"),
}
TERM_LABELS: Final = {
    "goal_link": gettext_lazy("The council's goals"),
    "direction": gettext_lazy("Directions"),
    "benefit": gettext_lazy("Concrete benefit"),
    "leading_partner": gettext_lazy("Leading partner"),
    "holistic_partner": gettext_lazy("Business or academia as partner"),
    "external_funding_share": gettext_lazy("External funding"),
    "cost": gettext_lazy("Cost"),
}


def guideline_url(passage_id: str) -> str | None:
    """The page of a passage's guideline, when a shipped version cites the passage (a draft's own passage,
    or one a version no longer has, has none)."""
    if guideline(passage_id) is None:
        return None
    return reverse("strategy:guideline", args=[passage_id])


def body_label(value: str) -> str:
    if value == "unit_body":
        return _("the unit's own committee or board")
    return labels.body_label(value)


def kinds_label(kinds: Iterable[str]) -> str:
    chosen = set(kinds)
    if chosen >= set(Kind.values):
        return _("every kind")
    return ", ".join(str(label).lower() for value, label in Kind.choices if value in chosen)


# --- A guideline's page --------------------------------------------------------------------------------


@dataclass
class CaseView:
    case: Case
    outcome: str
    outcome_label: str
    decided_by_label: str
    findings: list[dict[str, str]]


def example_cases(passage_id: str) -> list[CaseView]:
    """The shipped example cases whose assessment cites the passage, each with the findings that do."""
    shown = []
    for case in cases_citing(passage_id):
        assessment = assessment_of(case)
        findings = [
            {"rule": f.rule.title, "verdict": labels.verdict_label(f.verdict), "reason": f.reason}
            for f in assessment.findings
            if any(p.id == passage_id for p in f.passages)
        ]
        if not findings:
            findings = [
                {"rule": _("Who decides"), "verdict": "", "reason": assessment.decided_by_row()["label"]}
            ]
        shown.append(
            CaseView(
                case=case,
                outcome=assessment.outcome,
                outcome_label=_outcome_label(assessment.outcome),
                decided_by_label=body_label(assessment.decided_by),
                findings=findings,
            )
        )
    return shown


@dataclass
class RuleView:
    rule: Rule
    versions: tuple[str, ...]
    by_reason: bool
    kinds: str
    severity: str


def rules_of(found: Guideline) -> list[RuleView]:
    return [
        RuleView(
            rule=use.rule,
            versions=use.versions,
            by_reason=use.by_reason,
            kinds=kinds_label(use.rule.kinds),
            severity=_("blocking") if use.rule.blocking else _("advisory"),
        )
        for use in found.rules
    ]


@dataclass
class RowView:
    table: str
    label: str
    outcome: str
    """The body the row names, or the documentation it requires."""
    versions: tuple[str, ...]


def rows_of(found: Guideline) -> list[RowView]:
    return [
        RowView(
            table=str(TABLE_LABELS.get(use.table, use.table)),
            label=use.row.label,
            outcome=body_label(use.row.decides)
            if use.row.decides
            else ", ".join(labels.requirement_label(r) for r in use.row.requires),
            versions=use.versions,
        )
        for use in found.rows
    ]


@dataclass
class ValueView:
    name: str
    description: str
    value: str
    valid_from: str
    note: str
    versions: tuple[str, ...]


def values_of(found: Guideline) -> list[ValueView]:
    return [
        ValueView(
            name=use.parameter.name,
            description=use.parameter.description,
            value=display(use.value.value) if use.value.value is not None else _("not in force"),
            valid_from=use.value.valid_from.isoformat(),
            note=use.value.source.note,
            versions=use.versions,
        )
        for use in found.values
    ]


# --- A what-if's result --------------------------------------------------------------------------------


@dataclass
class PassageView:
    id: str
    section: str
    quote: str
    url: str | None


@dataclass
class SideView:
    verdict: str
    verdict_label: str
    reason: str
    passages: list[PassageView]


@dataclass
class FindingRow:
    rule: str
    title: str
    a: SideView | None
    b: SideView | None
    a_has_rule: bool
    b_has_rule: bool


@dataclass
class ChangeView:
    number: str
    title: str
    url: str
    kind: str
    unit: str
    status: str
    as_of: str
    outcome: tuple[str, str]
    outcome_labels: tuple[str, str]
    decided_by_labels: tuple[str, str]
    findings: list[FindingRow]


@dataclass
class GroupView:
    number: int
    outcome: tuple[str, str]
    outcome_labels: tuple[str, str]
    decided_by_labels: tuple[str, str]
    count: int


@dataclass
class ResultView:
    a: Mapping[str, Any]
    b: Mapping[str, Any]
    scope: str
    total: int
    changed: int
    requirements_only: int
    skipped: list[Mapping[str, Any]]
    skipped_count: int
    groups: list[GroupView]
    group: GroupView | None
    """The group the page shows, or None for all."""
    changes: list[ChangeView]
    shown: int
    """How many changes the page could show (of the group, or all)."""
    page: int
    pages: int
    first: int
    """The position of the page's first change among those shown (1, 26, …)."""
    extra: dict[str, Any] = field(default_factory=dict)


def _outcome_label(value: str) -> str:
    try:
        return str(Outcome(value).label)
    except ValueError:
        return value


def _side(side: Mapping[str, Any] | None, passages: Mapping[str, Mapping[str, str]]) -> SideView | None:
    if side is None:
        return None
    return SideView(
        verdict=side["verdict"],
        verdict_label=labels.verdict_label(side["verdict"]),
        reason=side["reason"],
        passages=[
            PassageView(pid, passages[pid]["section"], passages[pid]["quote"], guideline_url(pid))
            for pid in side["passages"]
            if pid in passages
        ],
    )


def _change(change: Mapping[str, Any], passages: Mapping[str, Mapping[str, Mapping[str, str]]]) -> ChangeView:
    kinds, statuses = dict(Kind.choices), dict(Status.choices)
    a, b = change["a"], change["b"]
    return ChangeView(
        number=change["number"],
        title=change["title"],
        url=reverse("engagements:engagement_detail", args=[change["engagement"]]),
        kind=str(kinds.get(change["kind"], change["kind"])),
        unit=change["unit"],
        status=str(statuses.get(change["status"], change["status"])),
        as_of=change["as_of"],
        outcome=(a["outcome"], b["outcome"]),
        outcome_labels=(_outcome_label(a["outcome"]), _outcome_label(b["outcome"])),
        decided_by_labels=(body_label(a["decided_by"]), body_label(b["decided_by"])),
        findings=[
            FindingRow(
                rule=f["rule"],
                title=f["title"],
                a=_side(f["a"], passages["a"]),
                b=_side(f["b"], passages["b"]),
                a_has_rule=f["a_has_rule"],
                b_has_rule=f["b_has_rule"],
            )
            for f in change["findings"]
        ],
    )


PAGE_SIZE: Final = 25


def result_view(result: Mapping[str, Any], *, group: int | None, page: int) -> ResultView:
    """A page of a what-if's changes (of one group, or of all), ``PAGE_SIZE`` at a time."""
    groups = [
        GroupView(
            number=i,
            outcome=(g["outcome"][0], g["outcome"][1]),
            outcome_labels=(_outcome_label(g["outcome"][0]), _outcome_label(g["outcome"][1])),
            decided_by_labels=(body_label(g["decided_by"][0]), body_label(g["decided_by"][1])),
            count=g["count"],
        )
        for i, g in enumerate(result["groups"])
    ]
    chosen = groups[group] if group is not None and 0 <= group < len(groups) else None
    changes: Sequence[Mapping[str, Any]] = result["changes"]
    if chosen is not None:
        changes = [c for c in changes if c["group"] == chosen.number]
    pages = max(1, -(-len(changes) // PAGE_SIZE))
    page = min(max(page, 1), pages)
    start = (page - 1) * PAGE_SIZE
    return ResultView(
        a=result["a"],
        b=result["b"],
        scope=result["scope"],
        total=result["total"],
        changed=result["changed"],
        requirements_only=result["requirements_only"],
        skipped=result["skipped"],
        skipped_count=result["skipped_count"],
        groups=groups,
        group=chosen,
        changes=[_change(c, result["passages"]) for c in changes[start : start + PAGE_SIZE]],
        shown=len(changes),
        page=page,
        pages=pages,
        first=start + 1,
    )


# --- A draft's page ------------------------------------------------------------------------------------


@dataclass
class DraftDifferences:
    base: str
    added: list[Rule]
    changed: list[Rule]
    removed: list[Rule]


def draft_differences(version: PolicyVersion, base_id: str) -> DraftDifferences:
    """The rules a draft adds, words otherwise, or drops, against a shipped version."""
    base = load_version(base_id)
    mine = {rule.id: rule for rule in version.rules}
    theirs = {rule.id: rule for rule in base.rules}
    return DraftDifferences(
        base=base.id,
        added=[rule for rid, rule in mine.items() if rid not in theirs],
        changed=[
            rule
            for rid, rule in mine.items()
            if rid in theirs and (rule.spec != theirs[rid].spec or rule.citations != theirs[rid].citations)
        ],
        removed=[rule for rid, rule in theirs.items() if rid not in mine],
    )
