"""Deciding: the body the strategy names decides, the secretary records it from the minutes, and a decision by
another body or against the assessment is a deviation with its reason. The workflow refuses moves out of
order."""

from __future__ import annotations

import datetime
import re
from typing import Any, ClassVar

import pytest
from django.db import connection, models
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from tests.bases import ALL_ROLES, CreatePageTests, ListPageTests, ResourceTests

from omvarld.accounts.models import Role
from omvarld.audit.models import AuditEntry
from omvarld.core.errors import ApplicationError, PermissionDenied
from omvarld.core.permissions import Action
from omvarld.engagements.followup.services import travel_report_file
from omvarld.engagements.models import Decision, Engagement, Kind, Status
from omvarld.engagements.selectors import QUEUE_ORDER
from omvarld.engagements.services import (
    decision_record,
    engagement_follow,
    engagement_register,
    engagement_submit,
    engagement_update,
    engagement_withdraw,
    is_deviation,
    next_steps,
)
from omvarld.engagements.views import QueueView
from omvarld.organisation.models import Unit
from omvarld.policy import prioritise

DAY = datetime.date(2026, 11, 20)


def _submitted(units: dict[str, Unit], unit: str = "MHN", **values: Any) -> Engagement:
    values.setdefault("kind", Kind.INVITATION)
    values.setdefault("title", "Inbjudan till klimatkonferens i Riga")
    # Registered a month before the decisions the tests record (dated DAY).
    values.setdefault("today", DAY - datetime.timedelta(days=30))
    engagement = engagement_register(actor=None, unit=units[unit], **values)
    engagement_submit(actor=None, engagement=engagement)
    engagement.refresh_from_db()
    return engagement


def _approvable(units: dict[str, Unit], unit: str = "MHN") -> Engagement:
    """A study trip the strategy supports, which its committee decides."""
    return _submitted(
        units,
        unit,
        kind=Kind.TRIP,
        title="Studieresa om klimatanpassning till Köpenhamn",
        goals=["attraktiv"],
        directions=["verksamhetsutveckling"],
        benefit="Erfarenheter av skyfallsplanering för Stockholms nya dagvattenstrategi",
        subject_area="klimatanpassning",
        travel_paid_by="city",
        accommodation_paid_by="city",
        hospitality_offered=False,
        role="deltagare",
        learning_objective="Hur Köpenhamn planerar för skyfall",
        cost_sek=20000,
    )


def test_a_submitted_matter_waits_for_the_body_the_assessment_names(units) -> None:
    engagement = _approvable(units)
    assert engagement.deciding_body == units["MHN"]
    ks_matter = _submitted(units, unit="KS-IB", title="Medlemskap i Eurocities", kind=Kind.MEMBERSHIP)
    assert ks_matter.deciding_body is not None
    assert ks_matter.deciding_body.code in {"KS", "KS-IB"}


def test_the_secretary_of_the_body_records_the_decision_and_it_is_audited(units, make_user) -> None:
    engagement = _approvable(units)
    secretary = make_user(Role.SECRETARY, "MHN")
    outcome = engagement.assessments.get().outcome
    decision = decision_record(
        actor=secretary,
        engagement=engagement,
        outcome="approved" if outcome == "approve" else "rejected",
        decided_on=DAY,
        minutes_reference="Protokoll 2026:14, § 7",
        deviation_reason="" if outcome in ("approve",) else "Nämnden gick emot rådet",
    )
    engagement.refresh_from_db()
    assert engagement.status == Status.DECIDED
    assert (decision.body, decision.expected_body, decision.recorded_by) == (
        units["MHN"],
        units["MHN"],
        secretary,
    )
    assert decision.assessment == engagement.assessments.get()
    assert AuditEntry.objects.filter(event="decision.recorded", actor=secretary).count() == 1
    decided = AuditEntry.objects.get(event="engagement.decided")
    assert decided.data == {"outcome": decision.outcome, "decided_by": "MHN"}


def test_a_secretary_of_another_body_may_not_record_the_decision(units, make_user) -> None:
    engagement = _approvable(units)
    with pytest.raises(PermissionDenied):
        decision_record(
            actor=make_user(Role.SECRETARY, "TN"),
            engagement=engagement,
            outcome="approved",
            decided_on=DAY,
            minutes_reference="Protokoll 2026:3, § 1",
        )
    assert not Decision.objects.exists()


@pytest.mark.parametrize("role", [Role.OFFICER, Role.READER])
def test_officers_and_readers_record_no_decision(units, make_user, role) -> None:
    engagement = _approvable(units)
    with pytest.raises(PermissionDenied):
        decision_record(
            actor=make_user(role, "MHN" if role in Role.unit_bound() else None),
            engagement=engagement,
            outcome="approved",
            decided_on=DAY,
            minutes_reference="Protokoll 2026:3, § 1",
        )


@pytest.mark.parametrize(
    ("outcome", "assessed", "other_body", "deviates"),
    [
        ("approved", "approve", False, False),
        ("rejected", "reject", False, False),
        ("rejected", "incomplete", False, False),
        ("approved", "reject", False, True),  # approving what the strategy does not support
        ("approved", "incomplete", False, True),
        ("rejected", "approve", False, True),  # rejecting what it supports: against the advice too
        ("approved", "approve", True, True),  # another body than the one the strategy names
    ],
)
def test_what_counts_as_a_deviation(units, outcome, assessed, other_body, deviates) -> None:
    expected = units["MHN"]
    body = units["TN"] if other_body else expected
    assert is_deviation(outcome=outcome, assessed=assessed, body=body, expected=expected) is deviates


def test_a_deviation_needs_its_reason_and_is_recorded_with_it(units) -> None:
    engagement = _approvable(units)
    arguments = {
        "actor": None,
        "engagement": engagement,
        "outcome": "approved",
        "decided_on": DAY,
        "minutes_reference": "KS protokoll 2026:20, § 3",
        "body": units["KS"],
    }
    with pytest.raises(ApplicationError) as refused:
        decision_record(**arguments)
    assert [detail.field for detail in refused.value.details] == ["deviation_reason"]
    assert Engagement.objects.get(pk=engagement.pk).status == Status.SUBMITTED
    decision = decision_record(**arguments, deviation_reason="KS tog ärendet av principiella skäl")
    assert (decision.deviation, decision.body, decision.expected_body) == (True, units["KS"], units["MHN"])


def test_every_problem_of_a_decision_is_reported_at_once(units) -> None:
    engagement = _approvable(units)
    with pytest.raises(ApplicationError) as refused:
        decision_record(
            actor=None,
            engagement=engagement,
            outcome="kanske",
            decided_on=datetime.date(2999, 1, 1),
            minutes_reference="  ",
        )
    assert [detail.field for detail in refused.value.details] == [
        "outcome",
        "minutes_reference",
        "decided_on",
    ]
    assert not Decision.objects.exists()


def test_a_decision_is_not_dated_before_the_matter_was_registered(units) -> None:
    engagement = _approvable(units)
    registered = timezone.localdate(engagement.registered_at)
    with pytest.raises(ApplicationError) as refused:
        decision_record(
            actor=None,
            engagement=engagement,
            outcome="approved",
            decided_on=registered - datetime.timedelta(days=1),
            minutes_reference="MHN 2026-11-20 § 12",
        )
    assert [detail.field for detail in refused.value.details] == ["decided_on"]
    assert registered.isoformat() in refused.value.details[0].message
    assert not Decision.objects.exists()
    decision = decision_record(
        actor=None,
        engagement=engagement,
        outcome="approved",
        decided_on=registered,
        minutes_reference="MHN 2026-11-20 § 12",
    )
    assert decision.decided_on == registered


def test_a_draft_is_not_decided_and_a_decided_matter_not_again(units) -> None:
    draft = engagement_register(actor=None, kind=Kind.TRIP, title="Studieresa", unit=units["MHN"])
    with pytest.raises(ApplicationError) as refused:
        decision_record(
            actor=None,
            engagement=draft,
            outcome="approved",
            decided_on=DAY,
            minutes_reference="P 1",
            body=units["MHN"],
        )
    assert refused.value.status == 409
    engagement = _approvable(units)
    decision_record(
        actor=None,
        engagement=engagement,
        outcome="approved",
        decided_on=DAY,
        minutes_reference="P 2",
        deviation_reason="x",
    )
    with pytest.raises(ApplicationError) as again:
        decision_record(
            actor=None,
            engagement=engagement,
            outcome="rejected",
            decided_on=DAY,
            minutes_reference="P 3",
            deviation_reason="x",
        )
    assert again.value.status == 409
    assert "redan beslutat" in again.value.message


def test_a_decided_matter_keeps_the_assessment_it_was_decided_on(units) -> None:
    engagement = _approvable(units)
    decision = decision_record(
        actor=None,
        engagement=engagement,
        outcome="approved",
        decided_on=DAY,
        minutes_reference="P 2",
        deviation_reason="x",
    )
    with pytest.raises(ApplicationError):
        engagement_update(actor=None, engagement=engagement, cost_sek=1)
    assert engagement.assessments.count() == 1
    assert Decision.objects.get(pk=decision.pk).assessment.facts["cost_sek"] == 20000


def test_a_matter_not_yet_decided_is_withdrawn_and_keeps_its_number(units, make_user) -> None:
    officer = make_user(Role.OFFICER, "MHN")
    engagement = _approvable(units)
    engagement_withdraw(actor=officer, engagement=engagement)
    engagement.refresh_from_db()
    assert (engagement.status, engagement.registration_number) == (Status.WITHDRAWN, "INT-1/2026")
    assert AuditEntry.objects.filter(event="engagement.withdrawn", actor=officer).exists()
    with pytest.raises(ApplicationError) as refused:
        engagement_submit(actor=officer, engagement=engagement)
    assert refused.value.status == 409
    assert "återkallat" in refused.value.message


def _decided(units: dict[str, Unit], outcome: str) -> Engagement:
    engagement = _approvable(units)
    decision_record(
        actor=None,
        engagement=engagement,
        outcome=outcome,
        body=engagement.deciding_body,
        decided_on=DAY,
        minutes_reference="Protokoll 2026:14, § 7",
        deviation_reason="Nämnden gör en annan bedömning." if outcome == "rejected" else "",
    )
    engagement.refresh_from_db()
    return engagement


def test_an_approved_matter_is_carried_out_followed_up_and_closed_each_step_audited(units, make_user) -> None:
    officer = make_user(Role.OFFICER, "MHN")
    engagement = _decided(units, "approved")

    for step, event in [
        (Status.CARRIED_OUT, "engagement.carried_out"),
        (Status.FOLLOWED_UP, "engagement.followed_up"),
        (Status.CLOSED, "engagement.closed"),
    ]:
        assert next_steps(engagement) == [step]
        if step == Status.CLOSED:  # a journey is closed once its travel report is filed
            travel_report_file(actor=officer, engagement=engagement, benefit_achieved="Ny skyfallsmodell.")
        engagement_follow(actor=officer, engagement=engagement, to=step)
        engagement.refresh_from_db()
        assert engagement.status == step
        entry = AuditEntry.objects.filter(event=event, object_id=str(engagement.pk)).get()
        assert (entry.actor, entry.after["status"]) == (officer, step)
    assert next_steps(engagement) == []


def test_a_rejected_matter_is_closed_not_carried_out(units) -> None:
    engagement = _decided(units, "rejected")
    assert next_steps(engagement) == [Status.CLOSED]
    with pytest.raises(ApplicationError) as refused:
        engagement_follow(actor=None, engagement=engagement, to=Status.CARRIED_OUT)
    assert refused.value.status == 409
    engagement_follow(actor=None, engagement=engagement, to=Status.CLOSED)
    engagement.refresh_from_db()
    assert engagement.status == Status.CLOSED


def test_the_steps_after_the_decision_keep_their_order(units) -> None:
    engagement = _decided(units, "approved")
    entries = AuditEntry.objects.count()
    for step in (Status.FOLLOWED_UP, Status.CLOSED):
        with pytest.raises(ApplicationError):
            engagement_follow(actor=None, engagement=engagement, to=step)
    engagement.refresh_from_db()
    assert engagement.status == Status.DECIDED
    assert AuditEntry.objects.count() == entries
    with pytest.raises(ApplicationError):
        engagement_follow(actor=None, engagement=_submitted(units), to=Status.CARRIED_OUT)


@pytest.mark.parametrize(
    ("role", "unit"), [(Role.READER, None), (Role.OFFICER, "TN"), (Role.SECRETARY, "TN")]
)
def test_only_those_who_may_change_the_matter_take_it_on(units, make_user, role, unit) -> None:
    engagement = _decided(units, "approved")
    with pytest.raises(PermissionDenied):
        engagement_follow(actor=make_user(role, unit), engagement=engagement, to=Status.CARRIED_OUT)
    engagement.refresh_from_db()
    assert engagement.status == Status.DECIDED


def test_the_officer_takes_the_matter_on_from_its_page(units, make_user) -> None:
    engagement = _decided(units, "approved")
    client = _client(make_user(Role.OFFICER, "MHN"))
    page = client.get(engagement.get_absolute_url()).text
    assert "Markera som genomfört" in page
    assert "Avsluta ärendet" not in page

    response = client.post(f"/register/{engagement.pk}/follow/carried_out/")

    assert response.status_code == 302
    engagement.refresh_from_db()
    assert engagement.status == Status.CARRIED_OUT
    assert "Markera som uppföljt" in client.get(engagement.get_absolute_url()).text
    assert client.post(f"/register/{engagement.pk}/follow/decided/").status_code == 404
    reader = _client(make_user(Role.READER))
    assert "Markera som uppföljt" not in reader.get(engagement.get_absolute_url()).text
    assert reader.post(f"/register/{engagement.pk}/follow/followed_up/").status_code == 403


# --- The pages, by the shared checks ---


def _submitted_in(unit: Unit) -> Engagement:
    """A study trip of ``unit`` submitted for decision, waiting in the queue of its own committee."""
    return _approvable({unit.code: unit}, unit.code)


class TestDecisionPage(CreatePageTests, ResourceTests):
    """Secretaries record the decisions of their own body, coordinators and administrators any body's;
    officers, readers and users without a role none."""

    model = Decision
    unit_field = "body"
    allowed: ClassVar = {
        Action.VIEW: ALL_ROLES,
        Action.CREATE: frozenset({Role.SECRETARY, Role.COORDINATOR, Role.ADMINISTRATOR}),
    }
    unit_scoped = frozenset({Role.OFFICER, Role.SECRETARY})
    invalid_message = "Det här fältet är obligatoriskt."

    @pytest.fixture(autouse=True)
    def _matter(self, units: dict[str, Unit]) -> None:
        self.matter = _submitted_in(units["MHN"])
        self.create_url = f"/register/{self.matter.pk}/decide/"

    def create_url_for(self, unit: Unit) -> str:
        return f"/register/{_submitted_in(unit).pk}/decide/"

    def event(self, verb: str) -> str:
        return "decision.recorded" if verb == "created" else super().event(verb)

    def valid_data(self) -> dict[str, Any]:
        return {
            "outcome": "approved",
            "decided_on": "2026-11-20",
            "minutes_reference": "Protokoll 2026:14, § 7",
            "body": self.matter.deciding_body_id,
            "deviation_reason": "Nämnden bedömde nyttan som tillräcklig.",
        }

    def invalid_data(self) -> dict[str, Any]:
        return {**self.valid_data(), "minutes_reference": ""}


class TestQueuePage(ListPageTests, ResourceTests):
    """A queue shows each role the waiting matters it may see: officers and secretaries their units'."""

    model = Engagement
    unit_field = "unit"
    allowed: ClassVar = {Action.VIEW: ALL_ROLES}
    unit_scoped = frozenset({Role.OFFICER, Role.SECRETARY})
    list_url = "/register/queues/KS/"

    def make(self, unit: Unit) -> Engagement:
        # Matters of many units wait for the executive board: a city-wide one of each.
        engagement = _submitted_in(unit)
        ks = Unit.objects.get(code="KS")
        Engagement.objects.filter(pk=engagement.pk).update(deciding_body=ks)
        return engagement

    def row_text(self, obj: models.Model) -> str:
        assert isinstance(obj, Engagement)
        return f"{obj.registration_number} {obj.title}"


# --- The pages ---


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_the_secretary_records_the_decision_through_the_form(units, make_user) -> None:
    engagement = _approvable(units)
    client = _client(make_user(Role.SECRETARY, "MHN"))
    page = client.get(engagement.get_absolute_url()).text
    assert f'href="/register/{engagement.pk}/decide/"' in page
    form = client.get(f"/register/{engagement.pk}/decide/")
    assert form.status_code == 200
    assert "Rådet enligt strategin" in form.text
    assert '<option value="">Välj ett organ</option>' in form.text  # no English "Select an option"
    outcome = engagement.assessments.get().outcome
    response = client.post(
        f"/register/{engagement.pk}/decide/",
        {
            "outcome": "approved",
            "decided_on": "2026-11-20",
            "minutes_reference": "Protokoll 2026:14, § 7",
            "body": units["MHN"].pk,
            "deviation_reason": "" if outcome == "approve" else "Nämnden bedömde nyttan som tillräcklig",
        },
    )
    assert response.status_code == 302, response.text
    page = client.get(response["Location"]).text
    assert "Beslutet om INT-1/2026 har registrerats." in page
    assert "Protokoll 2026:14, § 7" in page


def test_the_history_names_the_outcomes_and_bodies_it_stored_as_codes(units, make_user) -> None:
    engagement = _approvable(units)
    decision_record(
        actor=None,
        engagement=engagement,
        outcome="approved",
        decided_on=DAY,
        minutes_reference="Protokoll 2026:14, § 7",
        deviation_reason="Nämnden bedömde nyttan som tillräcklig",
    )
    page = _client(make_user(Role.READER)).get(engagement.get_absolute_url()).text
    history = page.split('id="history-heading"')[1]
    assert '<span class="changes__label">Utfall</span>: <ins>Bifall</ins>' in history
    body = '<span class="changes__label">Beslutande organ</span>: <ins>Miljö- och hälsoskyddsnämnden</ins>'
    assert body in history
    submitted = engagement.assessments.get().outcome
    assert submitted not in re.findall(r"<ins>([^<]*)</ins>", history)  # not the engine's code
    for code in ("approved", ">MHN<", "namnd"):
        assert code not in history


def test_a_decision_form_without_the_minutes_is_a_swedish_400_and_records_nothing(units, make_user) -> None:
    engagement = _approvable(units)
    response = _client(make_user(Role.SECRETARY, "MHN")).post(
        f"/register/{engagement.pk}/decide/",
        {"outcome": "approved", "decided_on": "2026-11-20", "minutes_reference": "", "body": units["MHN"].pk},
    )
    assert response.status_code == 400
    assert "Det här fältet är obligatoriskt." in response.text
    assert not Decision.objects.exists()


def test_the_decision_form_of_a_draft_or_a_decided_matter_says_why_it_cannot_be_used(
    units, make_user
) -> None:
    client = _client(make_user(Role.SECRETARY, "MHN"))
    draft = engagement_register(actor=None, kind=Kind.TRIP, title="Studieresa", unit=units["MHN"])
    response = client.get(f"/register/{draft.pk}/decide/")
    assert response.status_code == 409
    assert "kan inte bli beslutat" in response.text
    assert 'name="minutes_reference"' not in response.text
    decided = _approvable(units)
    decision_record(
        actor=None, engagement=decided, outcome="approved", decided_on=DAY, minutes_reference="Protokoll § 1"
    )
    response = client.get(f"/register/{decided.pk}/decide/")
    assert response.status_code == 409
    assert f"{decided.registration_number} är redan beslutat" in response.text


def test_an_officer_is_offered_no_decision_form(units, make_user) -> None:
    engagement = _approvable(units)
    client = _client(make_user(Role.OFFICER, "MHN"))
    assert f'href="/register/{engagement.pk}/decide/"' not in client.get(engagement.get_absolute_url()).text


def test_the_queue_of_a_body_ranks_its_matters_with_the_reasons(units, make_user) -> None:
    first = _approvable(units)
    second = _approvable(units)
    other = _submitted(units, title="Inbjudan till Metropolis årsmöte")  # internationella beredningen's
    client = _client(make_user(Role.SECRETARY, "MHN"))
    queues = client.get("/register/queues/").text
    assert 'href="/register/queues/MHN/"' in queues
    page = client.get("/register/queues/MHN/").text
    assert f"{first.registration_number} {first.title}" in page
    assert f"{second.registration_number} {second.title}" in page
    assert other.title not in page
    assert "Poäng" in page
    assert f'href="/register/{first.pk}/decide/"' in page


def test_a_queue_is_kept_in_the_order_the_strategys_priorities_give(units) -> None:
    matters = [
        _approvable(units),
        _submitted(units, kind=Kind.TRIP, title="Resa utan underlag"),
        _submitted(
            units,
            kind=Kind.TRIP,
            title="Resa med EU-finansiering",
            goals=["attraktiv", "kvalitet"],
            directions=["verksamhetsutveckling", "positionering"],
            benefit="Metoder för äldreomsorgen",
            funding={"eu": 30000},
            cost_sek=30000,
        ),
    ]
    facts = [matter.assessments.get().facts for matter in matters]
    by_strategy = [matters[priority.index].pk for priority in prioritise(facts)]

    in_queue = [
        engagement.pk
        for engagement in Engagement.objects.filter(pk__in=[m.pk for m in matters]).order_by(*QUEUE_ORDER)
    ]

    assert in_queue == by_strategy


def test_a_long_queue_is_shown_a_page_at_a_time_with_its_ranks(units, make_user, monkeypatch) -> None:
    monkeypatch.setattr(QueueView, "page_size", 2)
    for _ in range(5):
        _approvable(units)
    client = _client(make_user(Role.SECRETARY, "MHN"))

    page = client.get("/register/queues/MHN/").text
    assert "5 ärenden matchar." in page
    assert '<ol class="queue" start="1">' in page
    following = re.search(r'href="\?([^"]*)" rel="next"', page)
    assert following is not None
    second = client.get("/register/queues/MHN/?" + following.group(1).replace("&amp;", "&")).text
    assert '<ol class="queue" start="3">' in second
    assert second.count('class="queue"') == 1


def test_a_queue_page_reads_as_many_queries_for_six_matters_as_for_two(units, make_user, monkeypatch) -> None:
    monkeypatch.setattr(QueueView, "page_size", 4)  # six matters: a page and a link to the next
    client = _client(make_user(Role.SECRETARY, "MHN"))

    def queries_for(matters: int) -> int:
        while Engagement.objects.filter(status=Status.SUBMITTED).count() < matters:
            _approvable(units)
        client.get("/register/queues/MHN/")  # the session and the caches settled
        with CaptureQueriesContext(connection) as queries:
            page = client.get("/register/queues/MHN/").text
        assert page.count("<details><summary>") == min(matters, 4)
        return len(queries)

    assert queries_for(2) == queries_for(6)


def test_an_unknown_queue_is_a_404(make_user) -> None:
    assert _client(make_user(Role.READER)).get("/register/queues/FINNS-INTE/").status_code == 404
