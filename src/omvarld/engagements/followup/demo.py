"""Demo data for following matters up: the decided matters of the demo register carried out, followed up
and closed as far as their time allows, travel reports with lessons on most past journeys, and reviews of
the memberships in force — with some left undone, so that ``omvarld remind`` and the calendar have
overdue reports and reviews, matters waiting too long and decisions not carried out to show.

Everything goes through the services, as the system, on the demo's own days (``LAST_DAY`` is its "now"),
with one ``random.Random`` so that every load is the same.
"""

from __future__ import annotations

import datetime
import random
from typing import Final

from django.db import transaction

from omvarld.engagements.demo import LAST_DAY
from omvarld.engagements.demo_content import FOLLOWUPS
from omvarld.engagements.followup.selectors import (
    UNDER_WAY,
    journey_end,
    last_review_of,
    requires_report,
    review_schedule,
)
from omvarld.engagements.followup.services import membership_review_record, review_body, travel_report_file
from omvarld.engagements.models import (
    Decision,
    DecisionOutcome,
    Engagement,
    Kind,
    MembershipReview,
    ReviewDecision,
    Status,
    TravelReport,
)
from omvarld.engagements.services import engagement_follow

SEED: Final = 2010
# Of the matters of the last year: the share not marked as carried out, and of the journeys the share
# without their travel report; of the memberships, the share that lapses at each review (left overdue)
# and the share left at a review.
FORGOTTEN_SHARE: Final = 0.35
UNREPORTED_SHARE: Final = 0.3
LAPSE_SHARE: Final = 0.12
LEAVE_SHARE: Final = 0.05
# A matter that ended before this day is closed (its report filed); later ones are still open.
CLOSED_UNTIL: Final = datetime.date(2025, 6, 30)
LEAVING: Final = "Medlemskapet ger inte den nytta som avgiften motsvarar, och staden har inte varit aktiv."
REPORT_DAYS: Final = 30
# The steps that close an approved matter from where it stands.
TO_CLOSE: Final[dict[str, tuple[str, ...]]] = {
    Status.DECIDED: (Status.CARRIED_OUT, Status.FOLLOWED_UP, Status.CLOSED),
    Status.CARRIED_OUT: (Status.FOLLOWED_UP, Status.CLOSED),
    Status.FOLLOWED_UP: (Status.CLOSED,),
}

ACHIEVED: Final = (
    "delegationen tog med sig konkreta arbetssätt som nu prövas i förvaltningens verksamhetsplan.",
    "kontakterna har lett till ett fortsatt utbyte på tjänstemannanivå och en gemensam workshop.",
    "lärdomarna har redovisats för nämnden och ingår i underlaget till nästa års budget.",
    "resan bekräftade att Stockholms arbete ligger långt fram; några delar tas ändå med hem.",
    "två av metoderna har redan förts in i rutinerna; en tredje utreds vidare.",
)
LESSONS: Final = (
    "Inom {subject} har {place} kortare väg mellan politiskt beslut och genomförande; pröva en "
    "liknande beredning i Stockholm.",
    "{place} följer upp {subject} med några få nyckeltal som redovisas öppet varje kvartal.",
    "Ett gemensamt ansvar mellan förvaltningarna för {subject} sparar tid; det kräver en tydlig ägare.",
    "Brukarnas och invånarnas synpunkter samlas in digitalt och återkopplas inom en månad i {place}.",
    "Upphandlingen inom {subject} görs tillsammans med grannkommunerna; det ger lägre priser.",
    "Förbered frågor till värdarna i förväg: de mest användbara svaren kom i de små samtalen.",
    "Ta med någon från verksamheten, inte bara ledningen: det är där lärdomarna omsätts.",
    "{place} visar att en pilot i liten skala gör det lättare att få stöd för en större förändring.",
)
REVIEW_BENEFITS: Final = (
    "Medlemskapet har gett jämförelser och kontakter som använts i stadens eget utvecklingsarbete.",
    "Nätverkets rapporter har använts i två av nämndens ärenden den senaste perioden.",
    "Staden har fått tidig kännedom om EU:s förslag på området och kunnat lämna synpunkter.",
)


def _days(count: int) -> datetime.timedelta:
    return datetime.timedelta(days=count)


def _follow(engagement: Engagement, *steps: str) -> None:
    for step in steps:
        engagement_follow(actor=None, engagement=engagement, to=step)


def _place(engagement: Engagement) -> str:
    counterpart = engagement.counterpart
    return (counterpart.city_name or counterpart.name) if counterpart is not None else "värdstaden"


def _actual_costs(engagement: Engagement, rng: random.Random) -> dict[str, int]:
    planned = engagement.funding or {"city": engagement.cost_sek or rng.randint(8, 40) * 1000}
    return {
        source: int(round(amount * rng.uniform(0.8, 1.15), -2))
        for source, amount in planned.items()
        if amount
    }


def _lessons(engagement: Engagement, rng: random.Random) -> list[str]:
    subject = engagement.subject_area or "verksamheten"
    chosen = rng.sample(LESSONS, rng.randint(1, 3))
    return [text.format(subject=subject, place=_place(engagement)) for text in chosen]


def _report(engagement: Engagement, end: datetime.date, rng: random.Random) -> None:
    """File the journey's report on a day after it ended: most on time, some late."""
    filed = min(end + _days(rng.randint(3, 45)), LAST_DAY)
    promised = (engagement.benefit or "Erfarenheter för stadens verksamhet").rstrip(".")
    travel_report_file(
        actor=None,
        engagement=engagement,
        benefit_achieved=f"{promised}: {rng.choice(ACHIEVED)}",
        summary=f"Program med möten och studiebesök hos {_place(engagement)}. {rng.choice(FOLLOWUPS)}",
        actual_costs=_actual_costs(engagement, rng),
        lessons=_lessons(engagement, rng),
        today=filed,
    )


def _journey(engagement: Engagement, decision: Decision, rng: random.Random) -> None:
    """A journey that needs a travel report: carried out once it has ended, reported, and closed when it
    lies far enough back. Of the recent ones, some still lack their report, and a few are not even
    marked as carried out."""
    end = max(journey_end(engagement) or decision.decided_on, decision.decided_on)
    if end + _days(REPORT_DAYS) > LAST_DAY:
        return  # still ahead, or its report not yet due
    recent = end > CLOSED_UNTIL
    if recent and rng.random() < FORGOTTEN_SHARE:
        return
    _follow(engagement, Status.CARRIED_OUT)
    if recent and rng.random() < UNREPORTED_SHARE:
        return
    _report(engagement, end, rng)
    if not recent:
        _follow(engagement, Status.FOLLOWED_UP, Status.CLOSED)


def _other(engagement: Engagement, decision: Decision, rng: random.Random) -> None:
    """Any other approved matter: carried out (a few recent ones are forgotten), and closed once it has
    ended; a membership stays under way until it is left."""
    if decision.decided_on > CLOSED_UNTIL and rng.random() < FORGOTTEN_SHARE:
        return
    _follow(engagement, Status.CARRIED_OUT)
    end = journey_end(engagement)
    if engagement.kind != Kind.MEMBERSHIP and end is not None and end <= CLOSED_UNTIL:
        _follow(engagement, Status.FOLLOWED_UP, Status.CLOSED)


def _decided() -> list[tuple[Engagement, Decision]]:
    matters = Engagement.objects.filter(status=Status.DECIDED, registered_by__isnull=True)
    decisions = {
        decision.engagement_id: decision for decision in Decision.objects.select_related("assessment")
    }
    return [(engagement, decisions[engagement.pk]) for engagement in matters.order_by("year", "number", "pk")]


def _carry_out_and_report(rng: random.Random) -> None:
    for engagement, decision in _decided():
        if decision.outcome == DecisionOutcome.REJECTED:
            if decision.decided_on <= CLOSED_UNTIL:
                _follow(engagement, Status.CLOSED)
        elif requires_report(decision):
            _journey(engagement, decision, rng)
        else:
            _other(engagement, decision, rng)


def _current_memberships() -> list[Engagement]:
    """The latest approved matter of each membership (by its counterpart), under way; the earlier ones are
    the reviews before it, closed."""
    latest: dict[int | None, Engagement] = {}
    approved = Engagement.objects.filter(
        kind=Kind.MEMBERSHIP,
        status__in=UNDER_WAY,
        decision__outcome=DecisionOutcome.APPROVED,
        registered_by__isnull=True,
    ).order_by("decision__decided_on", "pk")
    for engagement in approved:
        earlier = latest.get(engagement.counterpart_id)
        if earlier is not None:
            _follow(earlier, *TO_CLOSE[earlier.status])
        latest[engagement.counterpart_id] = engagement
    return list(latest.values())


def _review_once(engagement: Engagement, decision: Decision, rng: random.Random) -> bool:
    """Review the membership on a day shortly before its review is due; False when none is due by
    ``LAST_DAY`` (or the membership lapses here, its review left overdue). A passive membership is left."""
    schedule = review_schedule(
        engagement, today=LAST_DAY, decided_on=decision.decided_on, reviewed_on=last_review_of(engagement)
    )
    if schedule is None or schedule.due_on > LAST_DAY or rng.random() < LAPSE_SHARE:
        return False
    day = max(schedule.due_on - _days(rng.randint(0, 120)), schedule.since + _days(1))
    body = review_body(engagement, today=day)
    leave = engagement.participation == "passive" or rng.random() < LEAVE_SHARE
    membership_review_record(
        actor=None,
        engagement=engagement,
        reviewed_on=day,
        benefit_seen=f"{engagement.benefit} {rng.choice(REVIEW_BENEFITS)}".strip(),
        contribution_made=engagement.contribution
        or "Staden har tagit del av utskicken men inte haft något eget uppdrag i organisationen.",
        fee_sek=engagement.cost_sek or 50_000,
        decision=ReviewDecision.LEAVE if leave else ReviewDecision.CONTINUE,
        minutes_reference=f"{body.name if body else 'Kommunstyrelsen'}, protokoll {day.year}:"
        f"{rng.randint(1, 20)}, § {rng.randint(1, 40)}",
        motivation=LEAVING if leave else "",
        today=day,
    )
    return not leave


def _review(engagement: Engagement, rng: random.Random) -> None:
    """Review a membership in force every time its review falls due, until it lapses or is left."""
    decision = Decision.objects.get(engagement=engagement)
    for _ in range(10):
        if not _review_once(engagement, decision, rng):
            return


@transaction.atomic
def load_demo_followup() -> int:
    """Follow up the demo register, once: nothing is done when any travel report or membership review is
    already there. Returns how many reports and reviews were made."""
    if TravelReport.objects.exists() or MembershipReview.objects.exists():
        return 0
    if not Engagement.objects.filter(registered_by__isnull=True, status=Status.DECIDED).exists():
        return 0
    rng = random.Random(SEED)  # noqa: S311 - demo data, not security
    _carry_out_and_report(rng)
    for engagement in _current_memberships():
        engagement.refresh_from_db()
        if engagement.status in UNDER_WAY:
            _review(engagement, rng)
    return TravelReport.objects.count() + MembershipReview.objects.count()
