"""Re-assessing the register gives every matter waiting for a decision exactly what storing its assessment
one matter at a time gives it, and leaves decided matters and drafts as they were."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.db import transaction
from tests.factories import DecisionFactory, EngagementFactory

from omvarld import policy
from omvarld.accounts.models import Role
from omvarld.engagements import reassess
from omvarld.engagements.demo import load_demo_engagements
from omvarld.engagements.models import Engagement, Kind, PolicyTexts, Status, StoredAssessment
from omvarld.engagements.services import (
    assessment_store,
    engagement_register,
    engagement_submit,
    engagement_update,
)

# A day under a policy parameter's later value than the demo's matters were submitted under.
DAY = datetime.date(2026, 11, 27)
MATTER_FIELDS = ("queue_position", "deciding_body_id", "latest_as_of", "latest_outcome", "latest_decided_by")
STORED_FIELDS = (
    "engagement_id",
    "as_of",
    "policy_version",
    "policy_hash",
    "facts",
    "outcome",
    "decided_by",
    "result",
)


class Rollback(Exception):
    pass


def _what_is_stored(since: int) -> tuple[dict[int, tuple[Any, ...]], dict[int, tuple[Any, ...]]]:
    """The matters' latest assessment fields, and the assessments stored after ``since`` (by matter)."""
    matters = {row[0]: row[1:] for row in Engagement.objects.values_list("pk", *MATTER_FIELDS)}
    stored = {
        row[0]: row
        for row in StoredAssessment.objects.filter(pk__gt=since).order_by("pk").values_list(*STORED_FIELDS)
    }
    return matters, stored


def _one_at_a_time(since: int) -> tuple[dict[int, tuple[Any, ...]], dict[int, tuple[Any, ...]]]:
    for engagement in Engagement.objects.filter(status=Status.SUBMITTED).select_related(
        "unit", "counterpart"
    ):
        assessment_store(engagement=engagement, as_of=DAY)
    return _what_is_stored(since)


def _in_bulk(
    since: int, batch_size: int, processes: int | None = None
) -> tuple[dict[int, tuple[Any, ...]], dict[int, tuple[Any, ...]], Any]:
    done = reassess.reassess_register(actor=None, as_of=DAY, batch_size=batch_size, processes=processes)
    return (*_what_is_stored(since), done)


def _assessments_of_the_others() -> dict[int, list[int]]:
    """The stored assessments of each matter not waiting for a decision."""
    kept: dict[int, list[int]] = {}
    others = Engagement.objects.exclude(status=Status.SUBMITTED).values_list("pk", "assessments__pk")
    for pk, assessment in others.order_by("pk", "assessments__pk"):
        kept.setdefault(pk, []).append(assessment)
    return kept


def _rolled_back(work):
    kept = {}
    try:
        with transaction.atomic():
            kept["value"] = work()
            raise Rollback
    except Rollback:
        pass
    return kept["value"]


@pytest.mark.parametrize("processes", [0, 2], ids=["on a thread", "in two processes"])
def test_the_register_reassessed_in_bulk_is_what_storing_each_matter_gives(units, processes: int) -> None:
    """The demo's register, every matter of every kind assessed so far made to wait for a decision (the
    demo decides most), and its drafts and withdrawn matters left as they are; the batches assessed beside
    the writing on a thread, or in a pool of processes as a large register's are."""
    load_demo_engagements()
    Engagement.objects.exclude(status__in=[Status.DRAFT, Status.WITHDRAWN]).update(status=Status.SUBMITTED)
    untouched = _assessments_of_the_others()
    since = StoredAssessment.objects.order_by("pk").last().pk
    waiting = Engagement.objects.filter(status=Status.SUBMITTED).count()
    assert waiting > 300
    assert set(Engagement.objects.filter(status=Status.SUBMITTED).values_list("kind", flat=True)) == set(Kind)
    assert untouched

    expected_matters, expected_stored = _rolled_back(lambda: _one_at_a_time(since))
    # Batches smaller than the register, so that the keyset's steps are taken too.
    matters, stored, done = _in_bulk(since, batch_size=7, processes=processes)

    assert len(stored) == len(expected_stored) == waiting
    assert stored == expected_stored
    assert matters == expected_matters
    assert (done.total, done.assessed, done.skipped) == (waiting, waiting, 0)
    assert done.versions == {"stockholm-2008": waiting}
    # The words its citations name, kept once for the version's content.
    version = policy.load_version("stockholm-2008")
    assert PolicyTexts.objects.filter(policy_hash=version.content_hash).count() == 1
    # Drafts and withdrawn matters keep what they had.
    assert _assessments_of_the_others() == untouched
    assert set(done.as_data()) >= {
        "assessed",
        "changed_outcome",
        "changed_body",
        "skipped",
        "policy_versions",
    }


def test_decided_matters_keep_the_assessment_they_were_decided_on(units) -> None:
    decided = DecisionFactory(engagement__unit=units["MHN"]).engagement
    Engagement.objects.filter(pk=decided.pk).update(status=Status.DECIDED)
    waiting = EngagementFactory(unit=units["MHN"])
    engagement_submit(actor=None, engagement=waiting, as_of=DAY)
    done = reassess.reassess_register(actor=None, as_of=DAY)
    assert done.assessed == 1
    assert (decided.assessments.count(), waiting.assessments.count()) == (1, 2)


def test_a_matter_whose_outcome_changes_is_counted(units) -> None:
    engagement = engagement_register(
        actor=None, unit=units["MHN"], kind=Kind.TRIP, title="Studieresa till Riga", today=DAY
    )
    engagement_submit(actor=None, engagement=engagement, as_of=DAY)
    # Its stored outcome is made to differ from what the engine says of it today.
    Engagement.objects.filter(pk=engagement.pk).update(latest_outcome="approve", deciding_body=units["TN"])
    done = reassess.reassess_register(actor=None, as_of=DAY)
    assert (done.assessed, done.changed_outcome, done.changed_body) == (1, 1, 1)
    engagement.refresh_from_db()
    assert engagement.latest_outcome == "incomplete"
    assert engagement.assessments.count() == 2


def test_progress_is_told_batch_by_batch(units) -> None:
    for number in range(5):
        engagement = EngagementFactory(unit=units["MHN"], title=f"Inbjudan {number}")
        engagement_submit(actor=None, engagement=engagement, as_of=DAY)
    told: list[tuple[int, int]] = []
    reassess.reassess_register(
        actor=None, as_of=DAY, batch_size=2, progress=lambda d, t, m=None: told.append((d, t))
    )
    assert told == [(0, 5), (2, 5), (4, 5), (5, 5)]


def test_an_actor_reassesses_only_the_matters_they_may_change(units, make_user) -> None:
    own = EngagementFactory(unit=units["MHN"])
    other = EngagementFactory(unit=units["TN"])
    for engagement in (own, other):
        engagement_submit(actor=None, engagement=engagement, as_of=DAY)
    officer = make_user(Role.OFFICER, "MHN")
    done = reassess.reassess_register(actor=officer, as_of=DAY)
    assert done.assessed == 1
    assert (own.assessments.count(), other.assessments.count()) == (2, 1)


@pytest.mark.django_db(transaction=True)
def test_a_matter_saved_meanwhile_keeps_the_assessment_its_change_stored(units) -> None:
    """Between reading a batch and writing it, an officer's change stored a newer assessment: the bulk
    write leaves that matter alone (its lock_version moved on) and counts it as skipped."""
    engagement = engagement_register(actor=None, unit=units["MHN"], kind=Kind.TRIP, title="Resa", today=DAY)
    engagement_submit(actor=None, engagement=engagement, as_of=DAY)
    original = reassess._batches

    def batches_with_a_change_in_between(actor, size):
        for batch in original(actor, size):
            engagement_update(actor=None, engagement=engagement, title="Resa till Tallinn")
            yield batch

    reassess._batches = batches_with_a_change_in_between
    try:
        done = reassess.reassess_register(actor=None, as_of=DAY)
    finally:
        reassess._batches = original
    assert (done.assessed, done.skipped) == (0, 1)
    latest = engagement.assessments.first()
    assert latest.facts["title"] == "Resa till Tallinn"
    assert engagement.assessments.count() == 2
