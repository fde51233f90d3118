"""Registering, changing and submitting engagements: checked values, permissions, optimistic locking,
the stored assessment, and the audit log."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from omvarld import policy
from omvarld.accounts.models import Role
from omvarld.audit.models import AuditEntry
from omvarld.core.errors import ApplicationError, PermissionDenied
from omvarld.engagements.models import Engagement, Kind, Status, StoredAssessment
from omvarld.engagements.selectors import stored_result
from omvarld.engagements.services import engagement_register, engagement_submit, engagement_update

TODAY = datetime.date(2026, 11, 26)


def _register(units, actor=None, unit: str = "MHN", **values) -> Engagement:
    values.setdefault("kind", Kind.INVITATION)
    values.setdefault("title", "Inbjudan till klimatkonferens i Riga")
    return engagement_register(actor=actor, unit=units[unit], today=TODAY, **values)


def _fields(error: ApplicationError) -> list[str | None]:
    return [detail.field for detail in error.details]


# --- Registering ---


def test_an_officer_registers_a_draft_in_their_unit_and_it_is_audited(units, make_user) -> None:
    officer = make_user(Role.OFFICER, "MHN")
    engagement = _register(units, actor=officer, goals=["attraktiv"], cost_sek=15000)
    assert (engagement.status, engagement.registered_by, engagement.lock_version) == (
        Status.DRAFT,
        officer,
        1,
    )
    entry = AuditEntry.objects.get(event="engagement.created")
    assert (entry.actor, entry.unit, entry.after["registration_number"]) == (
        officer,
        units["MHN"],
        "INT-1/2026",
    )
    assert entry.after["goals"] == ["attraktiv"]


def test_a_matter_entered_afterwards_is_registered_on_its_own_day(units) -> None:
    earlier = engagement_register(
        actor=None, unit=units["MHN"], kind=Kind.TRIP, title="Resa", today=datetime.date(2012, 5, 3)
    )
    now = engagement_register(actor=None, unit=units["MHN"], kind=Kind.TRIP, title="Resa")

    assert timezone.localtime(earlier.registered_at).date() == datetime.date(2012, 5, 3)
    assert earlier.registration_number.endswith("/2012")
    assert timezone.localtime(now.registered_at).date() == timezone.localdate()


def test_an_officer_may_not_register_for_another_unit(units, make_user) -> None:
    with pytest.raises(PermissionDenied):
        _register(units, actor=make_user(Role.OFFICER, "MHN"), unit="TN")
    assert not Engagement.objects.exists()


def test_an_officer_registers_for_a_unit_below_their_own(units, make_user) -> None:
    officer = make_user(Role.OFFICER, "KS")
    assert _register(units, actor=officer, unit="KS-IB").unit == units["KS-IB"]


def test_a_reader_registers_nothing(units, make_user) -> None:
    with pytest.raises(PermissionDenied):
        _register(units, actor=make_user(Role.READER))


def test_every_problem_is_reported_at_once_and_nothing_is_stored(units) -> None:
    with pytest.raises(ApplicationError) as refused:
        _register(
            units,
            title=" ",
            goals=["världsfred"],
            travel_paid_by="the_king",
            cost_sek=-5,
            funding={"lotteriet": 100},
            starts_on=datetime.date(2026, 5, 2),
            ends_on=datetime.date(2026, 5, 1),
        )
    assert _fields(refused.value) == ["title", "travel_paid_by", "goals", "cost_sek", "funding", "ends_on"]
    assert "“världsfred”" in str(refused.value)
    assert not Engagement.objects.exists()
    assert not AuditEntry.objects.filter(object_type="engagements.engagement").exists()


@pytest.mark.parametrize(
    ("column", "day"),
    [
        ("starts_on", datetime.date(9999, 12, 1)),
        ("ends_on", datetime.date(9999, 12, 31)),
        ("ends_on", datetime.date(2200, 1, 1)),
        ("starts_on", datetime.date(1899, 12, 31)),
    ],
)
def test_a_day_outside_the_registers_window_is_refused_by_its_field(units, column, day) -> None:
    # A far end date ("until further notice" written as 9999-12-31) would leave no room for the due
    # dates worked out from it.
    with pytest.raises(ApplicationError) as refused:
        _register(units, kind=Kind.TRIP, **{column: day})
    assert _fields(refused.value) == [column]
    assert "1900-01-01" in str(refused.value.details[0].message)
    assert not Engagement.objects.exists()


def test_the_first_and_last_days_of_the_window_are_accepted(units) -> None:
    engagement = _register(
        units, kind=Kind.AGREEMENT, starts_on=datetime.date(1900, 1, 1), ends_on=datetime.date(2199, 12, 31)
    )
    assert engagement.ends_on == datetime.date(2199, 12, 31)


def test_a_value_that_does_not_concern_the_kind_is_refused_by_its_field(units) -> None:
    with pytest.raises(ApplicationError) as refused:
        _register(units, kind=Kind.MEMBERSHIP, title="Medlemskap i Eurocities", travel_paid_by="city")
    assert _fields(refused.value) == ["travel_paid_by"]
    assert "medlemskap" in refused.value.details[0].message.lower()


def test_a_unit_that_cannot_own_a_matter_is_refused(units) -> None:
    with pytest.raises(ApplicationError) as refused:
        _register(units, unit="SEU")
    assert _fields(refused.value) == ["unit"]
    assert "SEU-kommittén kan inte äga ett ärende" in refused.value.details[0].message


def test_a_source_that_pays_nothing_is_not_stated(units) -> None:
    assert _register(units, funding={"city": 1000, "eu": 0}).funding == {"city": 1000}


# --- Changing ---


def test_a_change_is_audited_with_before_and_after_and_moves_the_version_on(units, make_user) -> None:
    officer = make_user(Role.OFFICER, "MHN")
    engagement = _register(units, actor=officer)
    engagement_update(actor=officer, engagement=engagement, lock_version=1, travel_paid_by="city")
    engagement.refresh_from_db()
    assert (engagement.travel_paid_by, engagement.lock_version) == ("city", 2)
    entry = AuditEntry.objects.get(event="engagement.updated")
    assert (entry.before["travel_paid_by"], entry.after["travel_paid_by"]) == ("", "city")


def test_a_change_that_changes_nothing_writes_nothing(units) -> None:
    engagement = _register(units, cost_sek=100)
    engagement_update(actor=None, engagement=engagement, lock_version=1, cost_sek=100)
    engagement.refresh_from_db()
    assert engagement.lock_version == 1
    assert not AuditEntry.objects.filter(event="engagement.updated").exists()


def test_the_second_of_two_editors_is_refused_and_the_first_change_stands(units, make_user) -> None:
    first, second = make_user(Role.OFFICER, "MHN"), make_user(Role.OFFICER, "MHN")
    engagement = _register(units, actor=first)
    engagement_update(actor=first, engagement=engagement, lock_version=1, cost_sek=1000)
    with pytest.raises(ApplicationError) as refused:
        engagement_update(actor=second, engagement=engagement, lock_version=1, cost_sek=2000)
    assert refused.value.status == 409
    assert "Någon annan sparade INT-1/2026 medan du redigerade" in refused.value.message
    engagement.refresh_from_db()
    assert (engagement.cost_sek, engagement.lock_version) == (1000, 2)


def test_an_officer_may_not_move_a_matter_to_a_unit_outside_their_reach(units, make_user) -> None:
    officer = make_user(Role.OFFICER, "MHN")
    engagement = _register(units, actor=officer)
    with pytest.raises(PermissionDenied):
        engagement_update(actor=officer, engagement=engagement, unit=units["TN"])
    engagement.refresh_from_db()
    assert engagement.unit == units["MHN"]


def test_an_officer_may_not_change_another_units_matter(units, make_user) -> None:
    engagement = _register(units, unit="TN")
    with pytest.raises(PermissionDenied):
        engagement_update(actor=make_user(Role.OFFICER, "MHN"), engagement=engagement, cost_sek=1)


def test_a_decided_matter_is_not_changed(units) -> None:
    engagement = _register(units)
    Engagement.objects.filter(pk=engagement.pk).update(status=Status.DECIDED)
    with pytest.raises(ApplicationError) as refused:
        engagement_update(actor=None, engagement=engagement, cost_sek=1)
    assert refused.value.status == 409


# --- Submitting ---


def test_submitting_stores_the_assessment_and_records_its_outcome(units, make_user) -> None:
    officer = make_user(Role.OFFICER, "MHN")
    engagement = _register(
        units,
        actor=officer,
        goals=["attraktiv"],
        benefit="Lärdomar om klimatanpassning",
        travel_paid_by="inviter",
        accommodation_paid_by="inviter",
        role="talare",
    )
    engagement_submit(actor=officer, engagement=engagement)
    engagement.refresh_from_db()
    stored = StoredAssessment.objects.get(engagement=engagement)
    assert engagement.status == Status.SUBMITTED
    assert stored.policy_version == stored.result["policy"]
    assert stored.facts["travel_paid_by"] == "inviter"
    assert stored.outcome == stored.result["outcome"]
    # What is kept is what the engine says of the kept facts, whole once its citations are read back in
    # words; the row itself names each citation by its passage id.
    assert stored_result(stored) == policy.assess(stored.facts).to_dict()
    assert all(isinstance(c, str) for f in stored.result["findings"] for c in f["citations"])
    entry = AuditEntry.objects.get(event="engagement.submitted")
    assert entry.data == {
        "outcome": stored.outcome,
        "decided_by": stored.decided_by,
        "policy_version": stored.policy_version,
    }
    assert (entry.before["status"], entry.after["status"]) == ("draft", "submitted")


def test_a_change_to_a_submitted_matter_is_assessed_again(units) -> None:
    engagement = _register(units)
    engagement_submit(actor=None, engagement=engagement)
    engagement_update(actor=None, engagement=engagement, travel_paid_by="city")
    assessments = list(StoredAssessment.objects.filter(engagement=engagement).order_by("pk"))
    assert len(assessments) == 2
    assert "travel_paid_by" not in assessments[0].facts
    assert assessments[1].facts["travel_paid_by"] == "city"


def test_a_matter_is_submitted_once(units) -> None:
    engagement = _register(units)
    engagement_submit(actor=None, engagement=engagement)
    with pytest.raises(ApplicationError) as refused:
        engagement_submit(actor=None, engagement=engagement)
    assert refused.value.status == 409


def test_a_matter_submitted_as_of_a_past_day_keeps_that_days_assessment(units) -> None:
    engagement = _register(units, goals=["attraktiv"])
    engagement_submit(actor=None, engagement=engagement, as_of=datetime.date(2008, 6, 2))
    stored = StoredAssessment.objects.get(engagement=engagement)
    assert (stored.as_of, stored.facts["as_of"], stored.result["as_of"]) == (
        datetime.date(2008, 6, 2),
        "2008-06-02",
        "2008-06-02",
    )
    # The policy in force that day, not today's.
    assert stored.policy_version == "stockholm-2000"
