"""The demo register: loaded through the services, the same every time, of every kind and outcome, once."""

from __future__ import annotations

import datetime
from collections import Counter

from omvarld.accounts.models import Role
from omvarld.engagements.demo import FIRST_YEAR, LAST_YEAR, demo_matters, load_demo_engagements
from omvarld.engagements.models import Document, Engagement, Kind, Status, StoredAssessment
from omvarld.engagements.services import engagement_register
from omvarld.organisation.models import Counterpart


def test_the_plan_is_the_same_every_time(units) -> None:
    first, second = demo_matters(units), demo_matters(units)
    assert first == second
    assert [matter.day for matter in first] == sorted(matter.day for matter in first)


def test_the_demo_loads_a_register_of_every_kind_year_and_outcome_once(units, make_user) -> None:
    officer = make_user(Role.OFFICER, "MHN")
    own = engagement_register(
        actor=officer, kind=Kind.TRIP, title="Egen resa", unit=units["MHN"], today=datetime.date(2026, 3, 2)
    )
    created = load_demo_engagements()
    demo = Engagement.objects.exclude(pk=own.pk)
    assert created == demo.count() >= 300
    assert set(demo.values_list("kind", flat=True)) == set(Kind.values)
    assert set(demo.values_list("year", flat=True)) == set(range(FIRST_YEAR, LAST_YEAR + 1))
    statuses = Counter(demo.values_list("status", flat=True))
    submitted = statuses[Status.SUBMITTED] + statuses[Status.DECIDED]
    assert submitted > 0.8 * created
    assert statuses[Status.DECIDED] > statuses[Status.SUBMITTED] > 0  # most decided, recent ones waiting
    assert statuses[Status.DRAFT] > 0
    # One assessment per submitted matter, made on the day it was registered.
    assessments = StoredAssessment.objects.select_related("engagement")
    assert assessments.count() == submitted
    assert all(stored.as_of.year == stored.engagement.year for stored in assessments)
    assert {stored.policy_version for stored in assessments} == {"stockholm-2008"}
    outcomes = Counter(assessments.values_list("outcome", flat=True))
    assert set(outcomes) == {"approve", "incomplete", "reject"}
    assert outcomes["approve"] > outcomes["incomplete"] > outcomes["reject"] > 0

    # What the strategy names is there, as the strategy judges it.
    motion = assessments.get(engagement__title__contains="Suleimanya")
    assert (motion.engagement.origin, motion.outcome, motion.decided_by) == (
        "motion",
        "reject",
        "kommunfullmaktige",
    )
    london = assessments.get(engagement__title="Samarbetsavtal med London om miljöfrågor")
    assert (london.outcome, london.engagement.counterpart.name) == ("approve", "Greater London Authority")
    for network in ("Eurocities", "Metropolis", "United Cities and Local Governments (UCLG)"):
        assert demo.filter(kind=Kind.MEMBERSHIP, counterpart__name=network).exists()
    assert demo.filter(kind=Kind.AID, funding__has_key="sida").exists()
    # A document with the London agreement, and a secret one, with its ground, with the motion.
    assert [d.secret for d in london.engagement.documents.all()] == [False]
    secret = motion.engagement.documents.get()
    assert (secret.secret, secret.secrecy_ground) == (True, "18 kap. 8 § OSL")

    # Loading again creates nothing, not even counterparts.
    def counts() -> tuple[int, ...]:
        return tuple(model.objects.count() for model in (Engagement, StoredAssessment, Counterpart, Document))

    before = counts()
    assert load_demo_engagements() == 0
    assert counts() == before


def test_the_demo_register_exported_as_facts_reproduces_every_stored_outcome_and_decider(
    units, tmp_path
) -> None:
    """The issue's acceptance check: ``omvarld export register --format interchange`` on the demo data,
    fed to ``omvarld assess``, gives every matter the outcome and deciding body stored with it."""
    import io
    import json

    from django.core.management import call_command

    from omvarld.policy.cli import main as policy_cli

    load_demo_engagements()
    path = tmp_path / "demo.jsonl"
    call_command("export", "register", "--format", "interchange", "--output", str(path))
    out, err = io.StringIO(), io.StringIO()
    assert policy_cli(["assess", str(path)], stdout=out, stderr=err) == 0, err.getvalue()
    assessed = [json.loads(line) for line in out.getvalue().splitlines()]
    engagements = list(Engagement.objects.order_by("year", "number", "pk"))
    assert len(assessed) == len(engagements) >= 300
    compared = 0
    for engagement, result in zip(engagements, assessed, strict=True):
        stored = engagement.assessments.order_by("-assessed_at", "-pk").first()
        assert result["title"] == engagement.title
        if stored is None:
            continue
        assert (result["outcome"], result["decided_by"], result["as_of"]) == (
            stored.outcome,
            stored.decided_by,
            stored.as_of.isoformat(),
        ), engagement.registration_number
        compared += 1
    assert compared == StoredAssessment.objects.count()


def test_the_demo_register_holds_decisions_and_deviations_and_matters_still_waiting(units) -> None:
    from omvarld.engagements.models import Decision

    load_demo_engagements()
    decisions = Decision.objects.all()
    assert decisions.count() > 200
    assert set(decisions.values_list("outcome", flat=True)) == {"approved", "rejected"}
    assert decisions.filter(deviation=True).exclude(deviation_reason="").exists()
    assert not decisions.filter(deviation=True, deviation_reason="").exists()
    assert Engagement.objects.filter(status=Status.SUBMITTED, deciding_body__isnull=False).exists()
    assert all(
        d.decided_on >= d.engagement.assessments.get().as_of for d in decisions.select_related("engagement")
    )
