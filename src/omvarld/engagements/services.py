"""Writing the register: registering an engagement, changing it, submitting it for decision.

Every service takes the acting user (``None`` for the system itself), asks the permission point, checks
every value and reports every problem at once (an ``ApplicationError`` with a detail per field), and writes
through the audit helpers, so each change is in the log with its before and after.
"""

from __future__ import annotations

import datetime
import hashlib
import os
import re
from collections.abc import Collection, Mapping
from typing import Any, Final, cast

import puremagic
from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from omvarld import policy
from omvarld.accounts.permissions import Action, User, require_actor
from omvarld.audit import events
from omvarld.audit.events import AuditEvent
from omvarld.audit.services import create_with_audit, update_with_audit
from omvarld.core import dates
from omvarld.core.errors import ApplicationError, ErrorDetail
from omvarld.engagements import interchange, selectors, signals
from omvarld.engagements.followup.selectors import missing_travel_report
from omvarld.engagements.models import (
    Decision,
    DecisionOutcome,
    Direction,
    Document,
    Engagement,
    FundingSource,
    Goal,
    Kind,
    PolicyTexts,
    RegistrationCounter,
    Status,
    StoredAssessment,
)
from omvarld.engagements.stored_results import compact, passage_texts
from omvarld.organisation.models import Counterpart, Unit
from omvarld.organisation.services import counterpart_create, counterpart_draft, counterpart_problems
from omvarld.policy.interchange import MAX_SEK

# The values an officer sets (the register entry's own fields are set by the services).
TEXT_COLUMNS: Final = (
    "description",
    "travellers",
    "benefit",
    "subject_area",
    "mutual_benefit",
    "role",
    "special_reasons",
    "learning_objective",
    "plan_reference",
    "representative",
    "contribution",
)
# The choices of each choice column, as the model declares them (the columns are the interchange's).
CHOICE_COLUMNS: Final[dict[str, dict[str, Any]]] = {
    name: dict(cast(models.Field[Any, Any], Engagement._meta.get_field(name)).choices or ())
    for name in interchange.CHOICE_FIELDS
}
BOOL_COLUMNS: Final = interchange.BOOL_FIELDS
DATE_COLUMNS: Final = ("starts_on", "ends_on", "last_review")
LIST_COLUMNS: Final = ("affected_units", "responsible_units")
EDITABLE: Final = frozenset(
    {
        "kind",
        "title",
        "unit",
        "responsible",
        "counterpart",
        "goals",
        "directions",
        "affected_units",
        "responsible_units",
        "cost_sek",
        "funding",
        *TEXT_COLUMNS,
        *CHOICE_COLUMNS,
        *BOOL_COLUMNS,
        *DATE_COLUMNS,
    }
)
# The choices, read once (a TextChoices' ``values`` is a new list at every reading).
KINDS: Final = frozenset(Kind.values)
GOALS: Final = {goal: goal for goal in Goal.values}
DIRECTIONS: Final = {direction: direction for direction in Direction.values}
FUNDING_SOURCES: Final = frozenset(FundingSource.values)
OUTCOMES: Final = frozenset(DecisionOutcome.values)
# Matters in these states are still the officer's to change; a decided matter keeps what was decided on.
CHANGEABLE: Final = frozenset({Status.DRAFT, Status.SUBMITTED})


# --- Registration numbers ------------------------------------------------------------------------------


def registration_number(*, series: str, year: int, number: int) -> str:
    """The number as the register writes it (``OMVARLD_REGISTRATION_FORMAT``, e.g. ``INT-1137/2026``)."""
    template: str = settings.OMVARLD_REGISTRATION_FORMAT
    return template.format(series=series, number=number, year=year)


def take_number(*, series: str, year: int, count: int = 1) -> int:
    """The next number in the series and year. Call inside the transaction that stores the engagement:
    the counter's row stays locked until it commits, and a rollback gives the number back, so numbers
    are unique and leave no gap however many register at once.

    ``count`` takes that many consecutive numbers at once; the first is returned."""
    counter = number_counter(series=series, year=year)
    first = counter.last_number + 1
    counter.last_number += count
    counter.save(update_fields=["last_number"])
    return first


def number_counter(*, series: str, year: int) -> RegistrationCounter:
    """The counter of a series and year, locked until the caller's transaction ends: nobody else takes
    its numbers meanwhile. A bulk writer (an import) numbers its matters from it in memory and saves it
    once, before it commits (``take_number`` saves it at once)."""
    counter, _created = RegistrationCounter.objects.select_for_update().get_or_create(
        series=series, year=year
    )
    return counter


# --- Checking values -----------------------------------------------------------------------------------


def _choice_problem(field: str, value: str, choices: Any) -> ErrorDetail | None:
    if value and value not in choices:
        return ErrorDetail(
            _("“%(value)s” is not one of the choices: %(choices)s.")
            % {"value": value[:60], "choices": ", ".join(str(label) for label in choices.values())},
            field=field,
        )
    return None


def _list_problems(field: str, value: Any, allowed: Mapping[str, Any]) -> list[ErrorDetail]:
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        return [ErrorDetail(_("Give a list of choices."), field=field)]
    unknown = [item for item in value if item not in allowed]
    if unknown:
        return [
            ErrorDetail(
                _("Unknown: %(unknown)s.") % {"unknown": ", ".join(f"“{item[:40]}”" for item in unknown[:5])},
                field=field,
            )
        ]
    return []


def _amount_problem(field: str, value: Any) -> ErrorDetail | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= MAX_SEK:
        return ErrorDetail(
            _("Give an amount in whole kronor from 0 to %(max)s.")
            % {"max": f"{MAX_SEK:,}".replace(",", " ")},
            field=field,
        )
    return None


def _problems(values: Mapping[str, Any], *, unit_codes: Collection[str] | None = None) -> list[ErrorDetail]:
    """Every problem of a complete set of values (an engagement as it would be stored). ``unit_codes``
    are the codes of every unit, when the caller has read them already (an import checks many)."""
    problems: list[ErrorDetail] = []
    kind, requested = values["kind"], values.get("requested_kind", "")
    if kind not in KINDS:
        problems.append(ErrorDetail(_("Choose the kind of engagement."), field="kind"))
        return problems
    if not values["title"].strip():
        problems.append(ErrorDetail(_("Enter a title."), field="title"))
    unit = values["unit"]
    if interchange.policy_unit(unit) is None:
        problems.append(
            ErrorDetail(
                _(
                    "%(unit)s cannot own an engagement: choose KS, a committee, a district committee, a "
                    "company, or a unit under one of them."
                )
                % {"unit": unit.name},
                field="unit",
            )
        )
    for field, choices in CHOICE_COLUMNS.items():
        problem = _choice_problem(field, values.get(field, ""), choices)
        if problem:
            problems.append(problem)
    if requested == Kind.REQUEST:
        problems.append(ErrorDetail(_("A request cannot ask for another request."), field="requested_kind"))
    problems += _list_problems("goals", values.get("goals", []), GOALS)
    problems += _list_problems("directions", values.get("directions", []), DIRECTIONS)
    for field in ("affected_units", "responsible_units"):
        codes = values.get(field, [])
        if not codes or not isinstance(codes, list):
            known: set[str] = set()
        elif unit_codes is not None:
            known = {code for code in codes if code in unit_codes}
        else:
            known = set(Unit.objects.filter(code__in=codes).values_list("code", flat=True))
        problems += _list_problems(field, codes, dict.fromkeys(known))
    cost = _amount_problem("cost_sek", values.get("cost_sek"))
    if cost:
        problems.append(cost)
    funding = values.get("funding", {})
    if not isinstance(funding, Mapping):
        problems.append(ErrorDetail(_("Give the funding as kronor by source."), field="funding"))
    else:
        for source, amount in funding.items():
            if source not in FUNDING_SOURCES:
                problems.append(
                    ErrorDetail(
                        _("Unknown source of funding “%(source)s”.") % {"source": source[:40]}, "funding"
                    )
                )
            elif problem := _amount_problem("funding", amount):
                problems.append(problem)
    for column in DATE_COLUMNS:
        day = values.get(column)
        if isinstance(day, datetime.date) and not dates.within_window(day):
            problems.append(ErrorDetail(dates.window_message(), field=column))
    starts, ends = values.get("starts_on"), values.get("ends_on")
    if starts and ends and ends < starts:
        problems.append(ErrorDetail(_("The engagement cannot end before it starts."), field="ends_on"))
    stated = (*TEXT_COLUMNS, *CHOICE_COLUMNS, *BOOL_COLUMNS, *DATE_COLUMNS, "cost_sek", *LIST_COLUMNS)
    for column in stated:
        if values.get(column) not in (None, "", []) and not interchange.column_applies(
            column, kind, requested
        ):
            problems.append(
                ErrorDetail(
                    _("This does not concern an engagement of the kind %(kind)s; leave it empty.")
                    % {"kind": Kind(kind).label},
                    field=column,
                )
            )
    return problems


def _cleaned(values: Mapping[str, Any]) -> dict[str, Any]:
    cleaned = dict(values)
    for column in (*TEXT_COLUMNS, "title"):
        if column in cleaned and isinstance(cleaned[column], str):
            cleaned[column] = cleaned[column].strip()
    funding = cleaned.get("funding")
    if isinstance(funding, Mapping):
        # A source paying nothing is not stated at all.
        cleaned["funding"] = {source: amount for source, amount in funding.items() if amount}
    return cleaned


def _refuse(problems: list[ErrorDetail]) -> ApplicationError:
    return ApplicationError(_("The engagement could not be saved."), details=problems)


def engagement_values(values: Mapping[str, Any]) -> dict[str, Any]:
    """The values as registering or changing an engagement stores them: texts trimmed, a source of funding
    that pays nothing left out. For callers that check many engagements at once (an import)."""
    return _cleaned(values)


def engagement_problems(
    values: Mapping[str, Any],
    *,
    new_counterpart: Mapping[str, str] | None = None,
    stated: Mapping[str, Any] | None = None,
    unit_codes: Collection[str] | None = None,
) -> list[ErrorDetail]:
    """Every problem ``engagement_register`` would refuse an engagement with these complete, cleaned
    values for (``engagement_update``, given the values a change ``stated``), the counterpart to add
    included; the permission is the caller's to ask. For callers that check many engagements at once (an
    import), which pass the codes of every unit read once (``unit_codes``)."""
    return _problems(values, unit_codes=unit_codes) + _new_counterpart_problems(
        values if stated is None else stated, new_counterpart
    )


def _check_counterpart(counterpart: Counterpart | None) -> None:
    if counterpart is not None and counterpart.pk is None:
        raise ApplicationError.for_field("counterpart", _("Save the counterpart first."))


# --- Registering and changing --------------------------------------------------------------------------


def _new_counterpart_problems(values: Mapping[str, Any], new: Mapping[str, str] | None) -> list[ErrorDetail]:
    if not new:
        return []
    if values.get("counterpart") is not None:
        return [
            ErrorDetail(
                _("Choose a counterpart from the list or add a new one, not both."),
                field="new_counterpart_name",
            )
        ]
    found = counterpart_problems(
        name=new.get("name", ""), type=new.get("type", ""), country=new.get("country", "")
    )
    return [
        ErrorDetail(problem.message, field=f"new_counterpart_{problem.field}" if problem.field else None)
        for problem in found
    ]


def _counterpart_on_the_spot(actor: User | None, new: Mapping[str, str]) -> Counterpart:
    """The counterpart an officer added in the engagement's form: the one of that name in that country if
    the register has it already, else a new one, with its place resolved (in the same transaction)."""
    name, country = new.get("name", "").strip(), new.get("country", "").strip().upper()
    existing = Counterpart.objects.filter(name=name, country=country).first()
    if existing is not None:
        return existing
    return counterpart_create(
        actor=actor, name=name, type=new.get("type", ""), country=country, city=new.get("city", "")
    )


@transaction.atomic
def engagement_register(
    *,
    actor: User | None,
    kind: str,
    title: str,
    unit: Unit,
    series: str | None = None,
    today: datetime.date | None = None,
    new_counterpart: Mapping[str, str] | None = None,
    **values: Any,
) -> Engagement:
    """Register a new engagement as a draft, with the next registration number of its series and year.

    ``new_counterpart`` (name, type, country, city) adds the counterpart on the spot when it is not in the
    register yet; it is saved with the engagement or not at all."""
    unknown = sorted(set(values) - EDITABLE)
    if unknown:
        raise TypeError(f"engagement_register() got unknown fields: {', '.join(unknown)}")
    proposed = _cleaned({"kind": kind, "title": title, "unit": unit, **values})
    engagement = Engagement(**proposed)
    require_actor(actor, Action.CREATE, engagement)
    problems = _problems(proposed) + _new_counterpart_problems(proposed, new_counterpart)
    if problems:
        raise _refuse(problems)
    if new_counterpart:
        engagement.counterpart = _counterpart_on_the_spot(actor, new_counterpart)
    _check_counterpart(engagement.counterpart)
    series = series or settings.OMVARLD_REGISTRATION_SERIES
    year = (today or timezone.localdate()).year
    number = take_number(series=series, year=year)
    engagement.series, engagement.year, engagement.number = series, year, number
    engagement.registration_number = registration_number(series=series, year=year, number=number)
    engagement.registered_by_id = actor.pk if actor is not None and actor.is_authenticated else None
    if today is not None and today != timezone.localdate():
        # Entered afterwards: registered on its own day (at noon, for want of the hour).
        engagement.registered_at = timezone.make_aware(datetime.datetime.combine(today, datetime.time(12)))
    return create_with_audit(actor=actor, obj=engagement)


def _locked(engagement: Engagement) -> Engagement:
    """The engagement read again under a lock on its row (not on the unit's or counterpart's)."""
    return (
        Engagement.objects.select_for_update(of=("self",))
        .select_related("unit", "counterpart")
        .get(pk=engagement.pk)
    )


def _stale(engagement: Engagement) -> ApplicationError:
    return ApplicationError(
        _(
            "Someone else saved %(number)s while you were editing it. Your changes are not saved: compare "
            "them with the matter as it is now and save again."
        )
        % {"number": engagement.registration_number},
        details=[],
        code=STALE,
        status=409,
    )


STALE: Final = "stale"
"""The code of the refusal of a change made to a version of the matter that someone else has changed
since (``ApplicationError.code``)."""


@transaction.atomic
def engagement_update(
    *,
    actor: User | None,
    engagement: Engagement,
    lock_version: int | None = None,
    new_counterpart: Mapping[str, str] | None = None,
    **values: Any,
) -> Engagement:
    """Change an engagement still in draft or submitted. ``lock_version`` is the version the editor
    started from: if someone else saved in between, the change is refused (409) and nothing is written.

    The changed values are stated in full for what they change; a submitted matter is assessed again."""
    unknown = sorted(set(values) - EDITABLE)
    if unknown:
        raise TypeError(f"engagement_update() got unknown fields: {', '.join(unknown)}")
    require_actor(actor, Action.CHANGE, engagement)
    engagement = _locked(engagement)
    if lock_version is not None and lock_version != engagement.lock_version:
        raise _stale(engagement)
    if engagement.status not in CHANGEABLE:
        raise ApplicationError(
            _("%(number)s has been decided and can no longer be changed.")
            % {"number": engagement.registration_number},
            code="conflict",
            status=409,
        )
    current = {name: getattr(engagement, name) for name in EDITABLE}
    proposed = _cleaned(current | values)
    moved = Engagement(**{**proposed, "pk": engagement.pk})
    # A move to another unit must be allowed in the unit it leaves and in the one it goes to.
    require_actor(actor, Action.CHANGE, moved)
    problems = _problems(proposed) + _new_counterpart_problems(values, new_counterpart)
    if problems:
        raise _refuse(problems)
    if new_counterpart:
        proposed["counterpart"] = _counterpart_on_the_spot(actor, new_counterpart)
    _check_counterpart(proposed.get("counterpart"))
    changed = {name: value for name, value in proposed.items() if value != current[name]}
    if not changed:
        return engagement
    update_with_audit(
        actor=actor, obj=engagement, values={**changed, "lock_version": engagement.lock_version + 1}
    )
    if engagement.status == Status.SUBMITTED:
        assessment_store(engagement=engagement)
    return engagement


# --- Assessing -----------------------------------------------------------------------------------------


def assess(engagement: Engagement, *, as_of: datetime.date | None = None) -> policy.Assessment:
    """The engagement assessed now under the policy in force (or on ``as_of``): nothing is stored."""
    return policy.assess(interchange.facts_of(engagement), as_of=as_of or timezone.localdate())


def assess_values(
    *, kind: str, values: Mapping[str, Any], as_of: datetime.date | None = None
) -> policy.Assessment:
    """What the strategy says of an engagement with these values, before anything is saved (the form's
    live assessment). Values the form could not read are left out: the engine asks for them."""
    known = {name: value for name, value in values.items() if name in EDITABLE and name != "kind"}
    draft = Engagement(kind=kind, title=known.pop("title", "") or "", **known)
    new = values.get("new_counterpart")
    if new and draft.counterpart is None:
        # A counterpart being added in the form counts as it will be saved: its city may be a capital.
        draft.counterpart = counterpart_draft(
            name=new.get("name", ""),
            type=new.get("type", ""),
            country=new.get("country", ""),
            city=new.get("city", ""),
        )
    return policy.assess(interchange.facts_of(draft), as_of=as_of or timezone.localdate())


# ``policy.prioritise`` ranks approvals first, then incomplete matters, then rejections, each by score.
QUEUE_OUTCOME_ORDER: Final = {"approve": 0, "incomplete": 1, "reject": 2}
QUEUE_BAND: Final = 100_000.0  # wider than any score, so that the outcome always comes first


def _place(priority: policy.Priority) -> float:
    return QUEUE_OUTCOME_ORDER[priority.assessment.outcome] * QUEUE_BAND - priority.score


def queue_position(facts: Mapping[str, Any]) -> float:
    """The matter's place in its queue as one number, lowest first, in ``policy.prioritise``'s order."""
    return _place(policy.prioritise([dict(facts)])[0])


# The latest stored assessment's values that the matter keeps (``assessment_store``).
LATEST_FIELDS: Final = (
    "queue_position",
    "deciding_body",
    "latest_as_of",
    "latest_outcome",
    "latest_decided_by",
)


def assessment_of(
    *,
    engagement: Engagement,
    day: datetime.date,
    facts: dict[str, Any],
    priority: policy.Priority,
    units: Mapping[str, Unit] | None = None,
) -> tuple[StoredAssessment, dict[str, Any]]:
    """The assessment to keep of an engagement (unsaved), made from its ``facts`` on ``day`` and the
    engine's ``priority`` of them, and the values the matter keeps of it (``LATEST_FIELDS``). ``units``
    by code, when the caller has read them already (an import keeps many). Its result names its citations
    by passage id (``stored_results``): whoever saves it keeps the version's texts (``policy_texts_keep``)."""
    result = priority.assessment
    stored = StoredAssessment(
        engagement=engagement,
        as_of=day,
        policy_version=result.version.id,
        policy_hash=result.version.content_hash,
        facts=facts,
        outcome=result.outcome,
        decided_by=result.decided_by or "",
        result=compact(result.to_dict()),
    )
    latest = {
        "queue_position": _place(priority),
        "deciding_body": deciding_unit(engagement, stored.decided_by, units=units),
        "latest_as_of": stored.as_of,
        "latest_outcome": stored.outcome,
        "latest_decided_by": stored.decided_by,
    }
    return stored, latest


def policy_texts_keep(version: policy.PolicyVersion, *, kept: set[str] | None = None) -> None:
    """Keep the words of the passages that assessments made under ``version`` cite, once for its content
    hash (in the caller's transaction, beside the assessments that need them). Derived from the shipped
    version, which is audited where it is adopted: no audit entry of its own. ``kept``: the hashes a bulk
    writer has kept already in its transaction, which are not asked for again (and to which this one is
    added)."""
    if kept is not None and version.content_hash in kept:
        return
    PolicyTexts.objects.get_or_create(
        policy_hash=version.content_hash,
        defaults={"policy_version": version.id, "passages": passage_texts(version)},
    )
    if kept is not None:
        kept.add(version.content_hash)


def assessment_store(*, engagement: Engagement, as_of: datetime.date | None = None) -> StoredAssessment:
    """Assess the engagement and keep the assessment with its policy version, hash, facts and day; the
    matter then waits in the queue of the body the assessment names (``deciding_body``)."""
    day = as_of or timezone.localdate()
    facts = interchange.facts_of(engagement, as_of=day)
    # Prioritising assesses the matter too: one evaluation gives the assessment and the queue's place.
    priority = policy.prioritise([facts])[0]
    stored, latest = assessment_of(engagement=engagement, day=day, facts=facts, priority=priority)
    policy_texts_keep(priority.assessment.version)
    stored.save(force_insert=True)
    signals.assessment_stored.send(sender=StoredAssessment, assessment=stored)
    # Written beside the audited change that stores the assessment (submit, or a change of a submitted
    # matter): these are the assessment's own values, kept on the matter for the register's lists.
    Engagement.objects.filter(pk=engagement.pk).update(**latest)
    for name, value in latest.items():
        setattr(engagement, name, value)
    return stored


# --- The workflow --------------------------------------------------------------------------------------

# Where a matter may go from where it stands: draft → submitted → decided → carried out → followed up →
# closed; a matter not yet decided may be withdrawn, and a rejected one is closed.
NEXT: Final[dict[str, frozenset[str]]] = {
    Status.DRAFT: frozenset({Status.SUBMITTED, Status.WITHDRAWN}),
    Status.SUBMITTED: frozenset({Status.DECIDED, Status.WITHDRAWN}),
    Status.DECIDED: frozenset({Status.CARRIED_OUT, Status.CLOSED}),
    Status.CARRIED_OUT: frozenset({Status.FOLLOWED_UP}),
    Status.FOLLOWED_UP: frozenset({Status.CLOSED}),
    Status.CLOSED: frozenset(),
    Status.WITHDRAWN: frozenset(),
}

# The bodies the strategy names that are one unit of the city; a committee or a company board is the
# matter's own (the owning unit, or the one above it that the engine knows).
BODY_UNIT_CODES: Final[dict[str, str]] = {
    "kommunfullmaktige": "KF",
    "kommunstyrelsen": "KS",
    "internationella_beredningen": "KS-IB",
}


def may_move(engagement: Engagement, to: str) -> bool:
    """Whether the matter may go to ``to`` from where it stands. After a decision, an approved matter is
    carried out and a rejected one closed."""
    if to not in NEXT[engagement.status]:
        return False
    if engagement.status == Status.DECIDED:
        decision = Decision.objects.filter(engagement=engagement).values_list("outcome", flat=True).first()
        approved = decision == DecisionOutcome.APPROVED
        return to == (Status.CARRIED_OUT if approved else Status.CLOSED)
    return True


def _require_move(engagement: Engagement, to: str) -> None:
    if not may_move(engagement, to):
        raise ApplicationError(
            _("%(number)s is %(status)s and cannot become %(target)s.")
            % {
                "number": engagement.registration_number,
                "status": Status(engagement.status).label.lower(),
                "target": Status(to).label.lower(),
            },
            code="conflict",
            status=409,
        )


def require_decidable(engagement: Engagement) -> None:
    """Refuse (409) unless the matter waits for its decision: a draft is not decided, nor a matter twice."""
    if engagement.status == Status.DECIDED:
        raise ApplicationError(
            _("%(number)s has already been decided.") % {"number": engagement.registration_number},
            code="conflict",
            status=409,
        )
    _require_move(engagement, Status.DECIDED)


def deciding_unit(
    engagement: Engagement, decided_by: str, *, units: Mapping[str, Unit] | None = None
) -> Unit | None:
    """The unit that is the body the assessment names: KS, internationella beredningen or the council by
    their codes, and for a committee or a company board the matter's own. ``units`` by code (and, through
    their parents, the units above), when the caller has read them already."""
    code = BODY_UNIT_CODES.get(decided_by)
    if code is not None:
        return units.get(code) if units is not None else Unit.objects.filter(code=code).first()
    if decided_by in ("namnd", "bolagsstyrelse"):
        return interchange.policy_unit(engagement.unit)
    return None


@transaction.atomic
def engagement_submit(
    *, actor: User | None, engagement: Engagement, as_of: datetime.date | None = None
) -> Engagement:
    """Submit a draft for decision: it is assessed, and the assessment is kept with the matter, which then
    waits in the queue of the body the assessment names.

    ``as_of`` is the day it is assessed on (today when not given): a matter entered afterwards, such as
    the demo's history, keeps the assessment of the day it was submitted, under the policy then in force."""
    require_actor(actor, Action.CHANGE, engagement)
    engagement = _locked(engagement)
    if engagement.status == Status.SUBMITTED:
        raise ApplicationError(
            _("%(number)s has already been submitted.") % {"number": engagement.registration_number},
            code="conflict",
            status=409,
        )
    _require_move(engagement, Status.SUBMITTED)
    stored = assessment_store(engagement=engagement, as_of=as_of)
    update_with_audit(
        actor=actor,
        obj=engagement,
        values={"status": Status.SUBMITTED, "lock_version": engagement.lock_version + 1},
        event=events.ENGAGEMENT_SUBMITTED,
        data={
            "outcome": stored.outcome,
            "decided_by": stored.decided_by,
            "policy_version": stored.policy_version,
        },
    )
    return engagement


# The steps after the decision, each with its own event: ``engagement_follow``.
FOLLOWING_STEPS: Final[dict[str, AuditEvent]] = {
    Status.CARRIED_OUT: events.ENGAGEMENT_CARRIED_OUT,
    Status.FOLLOWED_UP: events.ENGAGEMENT_FOLLOWED_UP,
    Status.CLOSED: events.ENGAGEMENT_CLOSED,
}


@transaction.atomic
def engagement_follow(*, actor: User | None, engagement: Engagement, to: str) -> Engagement:
    """Take a decided matter on: an approved one is carried out, then followed up, then closed; a rejected
    one is closed. For those who may change the matter; each step is its own audit event.

    A matter whose assessment requires a travel report (an approved invitation or trip) is not closed
    without one (``engagements.followup``)."""
    if to not in FOLLOWING_STEPS:
        raise ValueError(f"engagement_follow() takes a matter to {sorted(FOLLOWING_STEPS)}, not {to!r}")
    require_actor(actor, Action.CHANGE, engagement)
    engagement = _locked(engagement)
    _require_move(engagement, to)
    if to == Status.CLOSED and missing_travel_report(engagement):
        raise ApplicationError(
            _(
                "%(number)s cannot be closed without its travel report: the strategy asks that the benefit "
                "of a journey be reported. File the travel report first."
            )
            % {"number": engagement.registration_number},
            code="conflict",
            status=409,
        )
    update_with_audit(
        actor=actor,
        obj=engagement,
        values={"status": to, "lock_version": engagement.lock_version + 1},
        event=FOLLOWING_STEPS[to],
    )
    return engagement


def next_steps(engagement: Engagement) -> list[str]:
    """The steps after the decision the matter may take now (``engagement_follow``), in order."""
    return [step for step in FOLLOWING_STEPS if may_move(engagement, step)]


@transaction.atomic
def engagement_withdraw(*, actor: User | None, engagement: Engagement) -> Engagement:
    """Withdraw a matter not yet decided. It keeps its number: the register has no gaps."""
    require_actor(actor, Action.CHANGE, engagement)
    engagement = _locked(engagement)
    _require_move(engagement, Status.WITHDRAWN)
    update_with_audit(
        actor=actor,
        obj=engagement,
        values={"status": Status.WITHDRAWN, "lock_version": engagement.lock_version + 1},
        event=events.ENGAGEMENT_WITHDRAWN,
    )
    return engagement


def decision_problems(
    *, decision: Decision, assessed: str, registered_on: datetime.date | None = None
) -> tuple[bool, list[ErrorDetail]]:
    """Whether ``decision`` (its values trimmed) deviates from the strategy's advice, on an assessment
    whose outcome was ``assessed``, and what is wrong with it: the checks ``decision_record`` makes of the
    values themselves (the body's presence and the permission are the caller's). A matter registered on
    ``registered_on`` cannot have been decided before it."""
    problems: list[ErrorDetail] = []
    deviation = False
    outcome, body = decision.outcome, decision.body
    if outcome not in OUTCOMES:
        problems.append(ErrorDetail(_("Choose approved or rejected."), field="outcome"))
    if not decision.minutes_reference:
        problems.append(
            ErrorDetail(_("Give the minutes the decision is recorded in."), field="minutes_reference")
        )
    if decision.decided_on > timezone.localdate():
        problems.append(ErrorDetail(_("A decision cannot be dated in the future."), field="decided_on"))
    elif registered_on is not None and decision.decided_on < registered_on:
        problems.append(
            ErrorDetail(
                _("The decision cannot be dated before the matter was registered (%(day)s).")
                % {"day": registered_on.isoformat()},
                field="decided_on",
            )
        )
    if body is not None and outcome in OUTCOMES:
        deviation = is_deviation(
            outcome=outcome, assessed=assessed, body=body, expected=decision.expected_body
        )
        if deviation and not decision.deviation_reason:
            problems.append(
                ErrorDetail(
                    _(
                        "This decision deviates from the strategy's advice (another body, or against the "
                        "assessment): give the reason."
                    ),
                    field="deviation_reason",
                )
            )
    return deviation, problems


def is_deviation(*, outcome: str, assessed: str, body: Unit, expected: Unit | None) -> bool:
    """A decision deviates when another body than the one the strategy names takes it, or when it goes
    against the assessment: approving what the strategy does not support, or rejecting what it does."""
    if expected is not None and body.pk != expected.pk:
        return True
    if outcome == DecisionOutcome.APPROVED:
        return assessed != "approve"
    return assessed == "approve"


@transaction.atomic
def decision_record(
    *,
    actor: User | None,
    engagement: Engagement,
    outcome: str,
    decided_on: datetime.date,
    minutes_reference: str,
    body: Unit | None = None,
    motivation: str = "",
    deviation_reason: str = "",
) -> Decision:
    """Record the decision on a submitted matter, taken on its latest stored assessment.

    ``body`` is the body that decided; by default the one the assessment names. A deviation (another
    body, or a decision against the assessment) needs its reason."""
    engagement = _locked(engagement)
    stored = selectors.latest_assessment(engagement=engagement)
    expected = engagement.deciding_body
    body = body or expected
    problems: list[ErrorDetail] = []
    if body is None:
        problems.append(ErrorDetail(_("Choose the body that decided."), field="body"))
    decision = Decision(
        engagement=engagement,
        assessment=stored,
        body=body,
        expected_body=expected,
        outcome=outcome,
        decided_on=decided_on,
        minutes_reference=minutes_reference.strip(),
        motivation=motivation.strip(),
        deviation_reason=deviation_reason.strip(),
        recorded_by_id=actor.pk if actor is not None and actor.is_authenticated else None,
    )
    if body is not None:
        require_actor(actor, Action.CREATE, decision)
    require_decidable(engagement)
    if stored is None:  # a submitted matter always has one; kept as a guard for data loaded otherwise
        raise ApplicationError(
            _("The matter has no stored assessment to decide on."), code="conflict", status=409
        )
    decision.deviation, found = decision_problems(
        decision=decision,
        assessed=stored.outcome,
        registered_on=timezone.localdate(engagement.registered_at),
    )
    problems += found
    if problems:
        raise ApplicationError(_("The decision could not be recorded."), details=problems)
    create_with_audit(actor=actor, obj=decision, event=events.DECISION_RECORDED)
    update_with_audit(
        actor=actor,
        obj=engagement,
        values={"status": Status.DECIDED, "lock_version": engagement.lock_version + 1},
        event=events.ENGAGEMENT_DECIDED,
        data={"outcome": decision.outcome, "decided_by": body.code if body else ""},
    )
    return decision


# --- Documents -----------------------------------------------------------------------------------------

# What may be filed, by the name's ending: the type the content must show (puremagic's reading of its
# first bytes; Office and OpenDocument files are zip files it looks inside), or None for plain text,
# which has no signature and must be UTF-8 without NUL bytes.
DOCUMENT_TYPES: Final[dict[str, tuple[str, str | None]]] = {
    ".pdf": ("application/pdf", ".pdf"),
    ".docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", ".docx"),
    ".xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", ".xlsx"),
    ".pptx": ("application/vnd.openxmlformats-officedocument.presentationml.presentation", ".pptx"),
    ".odt": ("application/vnd.oasis.opendocument.text", ".odt"),
    ".ods": ("application/vnd.oasis.opendocument.spreadsheet", ".ods"),
    ".png": ("image/png", ".png"),
    ".jpg": ("image/jpeg", ".jpg"),
    ".jpeg": ("image/jpeg", ".jpg"),
    ".txt": ("text/plain", None),
    ".csv": ("text/csv", None),
}
# OSL's chapter and section, as officers write them: "15 kap. 1 §", "21 kap 3a §", "OSL 15:1".
_OSL_GROUND = re.compile(
    r"^\s*(?:OSL\s+)?(?:(?P<chapter>\d{1,2})\s*kap\.?\s*(?P<section>\d{1,2}\s?[a-z]?)\s*§"
    r"|(?P<chapter2>\d{1,2})\s*:\s*(?P<section2>\d{1,2}[a-z]?))\s*(?:OSL)?\s*$",
    re.IGNORECASE,
)


def secrecy_ground(text: str) -> str | None:
    """The OSL chapter and section in ``text``, written the one way (``15 kap. 1 § OSL``), or None."""
    found = _OSL_GROUND.match(text)
    if found is None:
        return None
    chapter = found["chapter"] or found["chapter2"]
    section = (found["section"] or found["section2"]).replace(" ", "").lower()
    return f"{int(chapter)} kap. {section} § OSL"


def _file_problems(upload: UploadedFile | None, *, limit: int) -> tuple[list[ErrorDetail], str]:
    """What is wrong with an uploaded file, and its type when nothing is."""
    if upload is None:
        return [ErrorDetail(_("Choose the file to file."), field="file")], ""
    name = upload.name or ""
    ending = os.path.splitext(name)[1].lower()
    if ending not in DOCUMENT_TYPES:
        allowed = ", ".join(sorted({e.lstrip(".").upper() for e in DOCUMENT_TYPES}))
        return [
            ErrorDetail(
                _("Files of this type cannot be filed. Allowed: %(types)s.") % {"types": allowed}, "file"
            )
        ], ""
    if upload.size is None or upload.size == 0:
        return [ErrorDetail(_("The file is empty."), field="file")], ""
    if upload.size > limit:
        return [
            ErrorDetail(
                _("The file is %(size)s MB; at most %(limit)s MB can be filed.")
                % {"size": f"{upload.size / 2**20:.1f}".replace(".", ","), "limit": limit // 2**20},
                field="file",
            )
        ], ""
    content_type, signature = DOCUMENT_TYPES[ending]
    upload.seek(0)
    head = upload.read(1 << 20)
    upload.seek(0)
    if signature is None:
        readable = b"\x00" not in head
        try:
            # The first mebibyte may end inside a character: only the last three bytes may be cut.
            head.decode("utf-8") if len(head) < 1 << 20 else head[:-3].decode("utf-8", errors="strict")
        except UnicodeDecodeError:
            readable = False
        if not readable:
            return [ErrorDetail(_("The file is not plain text in UTF-8."), field="file")], ""
        return [], content_type
    try:
        found = puremagic.from_stream(upload)
    except puremagic.PureError:
        found = ""
    finally:
        upload.seek(0)
    if found != signature:
        return [
            ErrorDetail(
                _("The file's content is not a %(type)s file, whatever its name says.")
                % {"type": ending.lstrip(".").upper()},
                field="file",
            )
        ], ""
    return [], content_type


@transaction.atomic
def document_file(
    *,
    actor: User | None,
    engagement: Engagement,
    upload: UploadedFile | None,
    title: str = "",
    secret: bool = False,
    secrecy_ground_text: str = "",
) -> Document:
    """File a document with a matter. The file's size and type are checked (by its content, not only its
    name); a secret document names its ground in OSL. The file is written to the storage first and
    removed again if the row cannot be saved, so nothing is left half-filed."""
    document = Document(engagement=engagement, secret=secret)
    document.filed_by_id = actor.pk if actor is not None and actor.is_authenticated else None
    require_actor(actor, Action.CREATE, document)
    problems, content_type = _file_problems(upload, limit=settings.OMVARLD_DOCUMENT_MAX_BYTES)
    title = (title or "").strip()
    if not title and upload is not None:
        title = os.path.splitext(os.path.basename(upload.name or ""))[0].strip()
    if not title:
        problems.append(ErrorDetail(_("Give the document a title."), field="title"))
    elif len(title) > 200:
        problems.append(ErrorDetail(_("The title may be at most 200 characters."), field="title"))
    ground = ""
    if secret:
        ground = secrecy_ground(secrecy_ground_text or "") or ""
        if not ground:
            problems.append(
                ErrorDetail(
                    _("Give the chapter and section of OSL that make the document secret, e.g. 15 kap. 1 §."),
                    field="secrecy_ground",
                )
            )
    elif (secrecy_ground_text or "").strip():
        problems.append(
            ErrorDetail(_("Only a secret document has a ground for secrecy."), field="secrecy_ground")
        )
    if problems or upload is None:
        raise ApplicationError(_("The document could not be filed."), details=problems)
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    document.title = title
    document.file_name = os.path.basename(upload.name or "")[:200]
    document.content_type = content_type
    document.size = upload.size or 0
    document.sha256 = digest.hexdigest()
    document.secrecy_ground = ground
    document.file.save(document.file_name, upload, save=False)
    stored_name = document.file.name or ""
    try:
        create_with_audit(actor=actor, obj=document, event=events.DOCUMENT_CREATED, data={"secret": secret})
    except BaseException:
        # The row was not saved: the file goes too. (Should a caller's own transaction roll back later,
        # the file stays behind under its random name, found by no row and served by no view.)
        document.file.storage.delete(stored_name)
        raise
    return document
