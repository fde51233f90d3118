"""What if: the register assessed under two policy versions, and the matters whose outcome or deciding body
would change.

**Which matters.** Every matter of the register that the user may see, except the withdrawn (``scope``
``all``), or only those awaiting a decision (``awaiting``). A matter with a stored assessment is compared
on the facts that assessment kept, on its own assessment date — what the register decided on, so that the
side of the version it was assessed under reproduces the stored outcome; a draft matter (none stored yet) on
its facts as they stand, today. Closed and decided matters are included: a what-if asks what a version
would have said of the register, and the strategy's own example, the Suleimanya motion, was decided in 2009.

**The computation** is ``run(*, actor, params, progress) -> result``: plain parameters in, a JSON-ready
result out, progress reported as it goes, so that it can run as a background job (the ``jobs`` app) as well
as in a request. Over a register of a million matters it reads the matters a chunk at a time, and keeps
only what changes.

**Drafts.** A version is a shipped one, named by its id (``omvarld policy list``), or a draft kept by
``services.policy_draft_upload``, named ``draft:<pk>``; a draft is compiled here, for the comparison only,
and the result says that it is one.
"""

from __future__ import annotations

import datetime
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Final, Protocol

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from omvarld.accounts.permissions import Action, User, require, restrict
from omvarld.core.errors import ApplicationError, ErrorDetail
from omvarld.engagements import interchange
from omvarld.engagements.models import Engagement, Status, StoredAssessment
from omvarld.organisation.models import Counterpart, Unit
from omvarld.policy import PolicyError, PolicyVersion, list_versions, load_version
from omvarld.policy.compare import Change, compare_one
from omvarld.policy.engine import Finding as EngineFinding
from omvarld.policy.engine import effective_date
from omvarld.policy.interchange import engagement_problems
from omvarld.policy.loader import load_text
from omvarld.strategy import selectors
from omvarld.strategy.models import PolicyDraft
from omvarld.strategy.resources import WHAT_IF

CHUNK: Final = 2000
DRAFT_PREFIX: Final = "draft:"
SCOPES: Final = {
    "all": gettext_lazy("Every matter in the register but the withdrawn"),
    "awaiting": gettext_lazy("The matters awaiting a decision"),
}
STATUS_LABELS: Final = {
    "in_force": gettext_lazy("in force"),
    "alternative": gettext_lazy("an alternative, never adopted"),
    "historical": gettext_lazy("historical"),
}
# The skipped matters named in a result (all are counted).
SKIPPED_NAMED: Final = 50


class Progress(Protocol):
    def __call__(self, done: int, total: int, message: str | None = None) -> None: ...


def no_progress(done: int, total: int, message: str | None = None) -> None:
    """For a caller that shows no progress (a page that runs the comparison while it answers)."""


# --- The versions to choose from --------------------------------------------------------------------------


@dataclass(frozen=True)
class VersionChoice:
    ref: str
    """``stockholm-2008``, or ``draft:12``."""
    id: str
    title: str
    status: str
    draft: bool

    @property
    def label(self) -> str:
        if self.draft:
            return _("Draft %(id)s – %(title)s (not adopted; never applied to a matter)") % {
                "id": self.id,
                "title": self.title,
            }
        return f"{self.id} – {self.title} ({STATUS_LABELS.get(self.status, self.status)})"


def shipped_choices() -> list[VersionChoice]:
    return [VersionChoice(v.id, v.id, v.title, v.status, False) for v in list_versions()]


def draft_choice(draft: PolicyDraft) -> VersionChoice:
    return VersionChoice(draft.reference, draft.policy_id, draft.title, "", True)


def version_choices(*, user: User) -> list[VersionChoice]:
    """The shipped versions (by effective date), then the drafts the user may see (newest first)."""
    return [*shipped_choices(), *(draft_choice(d) for d in selectors.draft_list(user=user))]


def default_versions() -> tuple[str, str]:
    """The version in force today against the first alternative to it (the reservation)."""
    versions = list_versions()
    today = timezone.localdate()
    in_force = next(
        (v.id for v in versions if v.status == "in_force" and v.is_effective(today)), versions[-1].id
    )
    other = next((v.id for v in versions if v.status == "alternative"), versions[0].id)
    return in_force, other


@lru_cache(maxsize=16)
def _compiled(content: str, origin: str) -> PolicyVersion:
    """A draft compiled (by its content: a kept draft never changes), for the comparison only."""
    return load_text(content.encode("utf-8"), origin=origin)


def resolve(ref: str, *, user: User | None, field: str) -> tuple[PolicyVersion, VersionChoice]:
    """The version a what-if names: a shipped one by its id, or a draft the user may see by ``draft:<pk>``."""
    unknown = ApplicationError.for_field(field, _("Choose one of the policy versions in the list."))
    if ref.startswith(DRAFT_PREFIX):
        number = ref.removeprefix(DRAFT_PREFIX)
        if not number.isdigit() or len(number) > 18:
            raise unknown
        drafts = PolicyDraft.objects.all() if user is None else selectors.draft_list(user=user)
        draft = drafts.filter(pk=int(number)).first()
        if draft is None:
            raise unknown
        try:
            version = _compiled(draft.content, f"utkast {draft.policy_id}")
        except PolicyError as error:  # a draft kept under an engine that has since changed
            raise ApplicationError(
                _("The draft %(draft)s no longer passes the policy engine's checks: %(problem)s")
                % {"draft": draft, "problem": error.problems[0]},
                details=[ErrorDetail(problem, field=field) for problem in error.problems[:20]],
            ) from None
        return version, draft_choice(draft)
    choices = {choice.ref: choice for choice in shipped_choices()}
    if ref not in choices:
        raise unknown
    return load_version(ref), choices[ref]


# --- The computation ------------------------------------------------------------------------------------


def _side(choice: VersionChoice, version: PolicyVersion) -> dict[str, Any]:
    return {
        "ref": choice.ref,
        "id": version.id,
        "title": version.title,
        "status": version.status,
        "draft": choice.draft,
        "label": choice.label,
        "hash": version.content_hash,
    }


def matters_in(*, actor: User | None, scope: str) -> QuerySet[Engagement]:
    """The matters a what-if compares (see the module's docstring)."""
    matters = Engagement.objects.exclude(status=Status.WITHDRAWN)
    if actor is not None:
        matters = restrict(matters, actor, Action.VIEW)
    if scope == "awaiting":
        matters = matters.filter(status=Status.SUBMITTED)
    return matters


# What a what-if reads of a matter: what the result shows of it, and what the engine reads
# (``interchange.facts_of``) when no assessment is stored. A row of every column, with its unit and
# counterpart joined, took twice as long to read.
READ_FIELDS: Final = (
    "registration_number",
    "year",
    "number",
    "status",
    "kind",
    "title",
    "unit",
    "counterpart",
    "starts_on",
    "funding",
    *interchange.POLICY_COLUMNS,
)


def _chunks(matters: QuerySet[Engagement], units: Mapping[int, Unit]) -> Iterator[list[Engagement]]:
    """The matters by primary key, a chunk at a time (each a range of one index), each with its unit (from
    ``units``) and its counterpart (read once for the whole run)."""
    counterparts: dict[int, Counterpart] = {}
    last = 0
    while True:
        rows = list(matters.filter(pk__gt=last).order_by("pk").only(*READ_FIELDS)[:CHUNK])
        if not rows:
            return
        last = rows[-1].pk
        missing = {row.counterpart_id for row in rows} - counterparts.keys() - {None}
        counterparts.update(Counterpart.objects.in_bulk(missing))
        for row in rows:
            row.unit = units[row.unit_id]
            if row.counterpart_id is not None:
                row.counterpart = counterparts[row.counterpart_id]
        yield rows


def _stored_facts(rows: Iterable[Engagement]) -> dict[int, dict[str, Any]]:
    """The facts of each matter's latest stored assessment (its ``as_of`` among them), in one query."""
    found: dict[int, dict[str, Any]] = {}
    stored = (
        StoredAssessment.objects.filter(engagement_id__in=[row.pk for row in rows])
        .order_by("engagement_id", "-assessed_at", "-pk")
        .values_list("engagement_id", "facts")
    )
    for engagement_id, facts in stored:
        found.setdefault(engagement_id, facts)
    return found


def _finding(finding: EngineFinding | None, passages: dict[str, dict[str, str]]) -> dict[str, Any] | None:
    if finding is None:
        return None
    for passage in finding.passages:
        passages.setdefault(passage.id, {"section": passage.section, "quote": passage.text})
    return {
        "verdict": finding.verdict,
        "severity": finding.severity,
        "reason": finding.reason,
        "passages": [passage.id for passage in finding.passages],
    }


def _title(finding: EngineFinding | None, rule_id: str) -> str:
    return finding.rule.title if finding is not None else rule_id


def _side_of(assessment: Any) -> dict[str, Any]:
    return {
        "outcome": assessment.outcome,
        "decided_by": assessment.decided_by,
        "requirements": sorted(assessment.requirements),
    }


def _change(
    engagement: Engagement,
    day: datetime.date,
    change: Change,
    passages: dict[str, Any],
    rules: tuple[frozenset[str], frozenset[str]],
) -> dict[str, Any]:
    """A changed matter as the result keeps it. A side without a finding says whether its version has the
    rule at all (``a_has_rule``): a rule the version drops, or one that does not apply to the matter."""
    return {
        "engagement": engagement.pk,
        "number": engagement.registration_number,
        "year": engagement.year,
        "sequence": engagement.number,
        "title": engagement.title,
        "kind": engagement.kind,
        "status": engagement.status,
        "unit": engagement.unit.name,
        "as_of": day.isoformat(),
        "a": _side_of(change.a),
        "b": _side_of(change.b),
        "changed": list(change.changed),
        "findings": [
            {
                "rule": diff.rule,
                "title": _title(diff.a or diff.b, diff.rule),
                "a": _finding(diff.a, passages["a"]),
                "b": _finding(diff.b, passages["b"]),
                "a_has_rule": diff.rule in rules[0],
                "b_has_rule": diff.rule in rules[1],
            }
            for diff in change.findings
        ],
    }


def _group_key(change: Mapping[str, Any]) -> tuple[str, str, str, str]:
    a, b = change["a"], change["b"]
    return (a["outcome"], b["outcome"], a["decided_by"], b["decided_by"])


def parameters(params: Mapping[str, Any]) -> tuple[str, str, str]:
    a, b, scope = params.get("a"), params.get("b"), params.get("scope") or "all"
    problems = []
    if not isinstance(a, str) or not a:
        problems.append(ErrorDetail(_("Choose the version to compare from."), field="a"))
    if not isinstance(b, str) or not b:
        problems.append(ErrorDetail(_("Choose the version to compare with."), field="b"))
    if scope not in SCOPES:
        problems.append(ErrorDetail(_("Choose which matters to compare."), field="scope"))
    if problems:
        raise ApplicationError(problems[0].message, details=problems)
    if a == b:
        raise ApplicationError.for_field("b", _("Choose two different policy versions to compare."))
    return str(a), str(b), str(scope)


def run(*, actor: User | None, params: Mapping[str, Any], progress: Progress) -> dict[str, Any]:
    """Compare the register under the versions ``params["a"]`` and ``params["b"]`` (a shipped id or
    ``draft:<pk>``), for ``params["scope"]`` (``all`` or ``awaiting``): every matter the actor may see whose
    outcome or deciding body changes, grouped and counted, each with the findings that differ and their
    passages on both sides. ``actor`` None is the system itself (a command), which sees every matter.

    Refuses (``ApplicationError``, Swedish) before reading the register when the parameters are wrong or the
    actor may not run a what-if; a matter whose stored facts the engine no longer accepts is counted and
    named among ``skipped``, not compared."""
    if actor is not None:
        require(actor, Action.VIEW, WHAT_IF)
    a_ref, b_ref, scope = parameters(params)
    va, a_choice = resolve(a_ref, user=actor, field="a")
    vb, b_choice = resolve(b_ref, user=actor, field="b")
    matters = matters_in(actor=actor, scope=scope)
    total = matters.count()
    progress(0, total, _("Comparing %(a)s with %(b)s.") % {"a": va.id, "b": vb.id})
    ancestors = {unit.pk: unit for unit in Unit.objects.all()}
    today = timezone.localdate()
    passages: dict[str, dict[str, Any]] = {"a": {}, "b": {}}
    rules = (frozenset(rule.id for rule in va.rules), frozenset(rule.id for rule in vb.rules))
    changes: list[dict[str, Any]] = []
    skipped: list[dict[str, Any]] = []
    skipped_count = requirements_only = done = 0
    for rows in _chunks(matters, ancestors):
        stored = _stored_facts(rows)
        for engagement in rows:
            facts = stored.get(engagement.pk) or interchange.facts_of(
                engagement, as_of=today, ancestors=ancestors
            )
            problems = engagement_problems(facts)
            if problems:
                skipped_count += 1
                if len(skipped) < SKIPPED_NAMED:
                    skipped.append(
                        {
                            "engagement": engagement.pk,
                            "number": engagement.registration_number,
                            "problem": str(problems[0]),
                        }
                    )
                continue
            day = effective_date(facts, today)
            change = compare_one(facts, engagement.pk, va, vb, day)
            if change is None:
                continue
            if "outcome" not in change.changed and "decided_by" not in change.changed:
                requirements_only += 1
                continue
            changes.append(_change(engagement, day, change, passages, rules))
        done += len(rows)
        progress(done, total, None)
    counted = Counter(_group_key(change) for change in changes)
    keys = sorted(counted, key=lambda key: (-counted[key], key))
    number_of = {key: i for i, key in enumerate(keys)}
    for found in changes:
        found["group"] = number_of[_group_key(found)]
    changes.sort(key=lambda c: (c["group"], -c["year"], -c["sequence"], -c["engagement"]))
    return {
        "a": _side(a_choice, va),
        "b": _side(b_choice, vb),
        "scope": scope,
        "total": total,
        "changed": len(changes),
        "requirements_only": requirements_only,
        "skipped": skipped,
        "skipped_count": skipped_count,
        "groups": [
            {"outcome": [key[0], key[1]], "decided_by": [key[2], key[3]], "count": counted[key]}
            for key in keys
        ],
        "changes": changes,
        "passages": passages,
    }
