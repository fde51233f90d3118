"""What if (``strategy.whatif.run``): the register under two policy versions, and what changes."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from tests.factories import PolicyDraftFactory
from tests.policy.drafts import draft_yaml
from tests.strategy.matters import agreement, counterpart, motion, submitted

from omvarld.accounts.models import Role
from omvarld.core.errors import ApplicationError
from omvarld.engagements.models import Engagement, Kind, Status, StoredAssessment
from omvarld.engagements.services import engagement_withdraw
from omvarld.organisation.models import Unit
from omvarld.strategy import whatif

RESERVATION = {"a": "stockholm-2008", "b": "reservation-2008", "scope": "all"}


class Recorder:
    def __init__(self) -> None:
        self.calls: list[tuple[int, int, str | None]] = []

    def __call__(self, done: int, total: int, message: str | None = None) -> None:
        self.calls.append((done, total, message))


def run(params: dict[str, Any] = RESERVATION, actor: Any = None) -> dict[str, Any]:
    return whatif.run(actor=actor, params=params, progress=whatif.no_progress)


@pytest.fixture
def register(units: dict[str, Unit]) -> dict[str, Engagement]:
    return {
        "hamburg": agreement(units["KS"], "hamburg"),
        "london": agreement(units["KS"], "london", title="Samarbetsavtal med London om miljö"),
        "motion": motion(units["KS"]),
        "draft": agreement(units["MHN"], "oslo", title="Avtal med Oslo", submit=False),
    }


def test_the_reservation_changes_the_motion_and_the_agreement_with_a_city_that_is_no_capital(
    register,
) -> None:
    result = run()
    assert (result["total"], result["changed"], result["skipped_count"]) == (4, 2, 0)
    changed = {change["number"]: change for change in result["changes"]}
    assert set(changed) == {register["hamburg"].registration_number, register["motion"].registration_number}
    hamburg = changed[register["hamburg"].registration_number]
    assert (hamburg["a"]["outcome"], hamburg["b"]["outcome"]) == ("reject", "approve")
    assert (hamburg["a"]["decided_by"], hamburg["b"]["decided_by"]) == ("kommunstyrelsen", "kommunstyrelsen")
    motion_change = changed[register["motion"].registration_number]
    assert (motion_change["a"]["outcome"], motion_change["b"]["outcome"]) == ("reject", "incomplete")
    assert motion_change["a"]["decided_by"] == "kommunfullmaktige"


def test_each_change_has_both_sides_findings_with_their_passages(register) -> None:
    result = run()
    [motion_change] = [c for c in result["changes"] if c["engagement"] == register["motion"].pk]
    findings = {f["rule"]: f for f in motion_change["findings"]}
    capitals = findings["agreement.capitals_only"]
    assert capitals["a"]["verdict"] == "not_fulfilled"
    assert "strategi.verksamhet.samarbetsavtal" in capitals["a"]["passages"]
    assert capitals["b"] is None
    assert not capitals["b_has_rule"]
    financing = findings["principle.aid_financing"]
    assert financing["a"] is None
    assert not financing["a_has_rule"]
    assert financing["b"]["verdict"] == "fulfilled"
    assert "reservation.medfinansiering" in financing["b"]["passages"]
    # The passages' words are kept once per side, for the page and the export to quote.
    assert result["passages"]["a"]["strategi.verksamhet.samarbetsavtal"]["quote"].startswith(
        "I enstaka fall tecknar Stockholms stad samarbetsavtal med andra huvudstäder"
    )
    assert "medfinansiering" in result["passages"]["b"]["reservation.medfinansiering"]["quote"]


def test_changes_are_grouped_by_what_changes_and_counted_largest_group_first(units, register) -> None:
    agreement(units["KS"], "hamburg", title="Ett andra avtal med Hamburg")
    result = run()
    assert [(g["outcome"], g["decided_by"], g["count"]) for g in result["groups"]] == [
        (["reject", "approve"], ["kommunstyrelsen", "kommunstyrelsen"], 2),
        (["reject", "incomplete"], ["kommunfullmaktige", "kommunfullmaktige"], 1),
    ]
    assert [c["group"] for c in result["changes"]] == [0, 0, 1]


def test_a_matter_is_compared_on_the_facts_its_stored_assessment_kept(units, register) -> None:
    """The stored facts and day, not the matter as it stands now: an agreement stored before its
    counterpart was renamed to a capital is still compared as it was assessed."""
    hamburg = register["hamburg"]
    stored = StoredAssessment.objects.get(engagement=hamburg)
    assert stored.facts["counterpart"]["city"] == "Hamburg"
    hamburg.counterpart = counterpart("oslo")
    hamburg.save(update_fields=["counterpart"])
    [change] = [c for c in run()["changes"] if c["engagement"] == hamburg.pk]
    assert change["as_of"] == stored.as_of.isoformat()
    assert change["a"]["outcome"] == "reject"


def test_a_draft_matter_is_compared_on_its_facts_today(units, register) -> None:
    draft = agreement(units["MHN"], "hamburg", title="Utkast om Hamburg", submit=False)
    [change] = [c for c in run()["changes"] if c["engagement"] == draft.pk]
    assert change["status"] == Status.DRAFT
    assert (change["a"]["outcome"], change["b"]["outcome"]) == ("reject", "approve")


def test_withdrawn_matters_are_left_out_and_the_awaiting_scope_takes_only_the_submitted(
    units, register
) -> None:
    engagement_withdraw(actor=None, engagement=register["hamburg"])
    assert {c["engagement"] for c in run()["changes"]} == {register["motion"].pk}
    Engagement.objects.filter(pk=register["motion"].pk).update(status=Status.DECIDED)
    waiting = run({**RESERVATION, "scope": "awaiting"})
    assert (waiting["total"], waiting["changed"]) == (1, 0)  # only London awaits a decision


def test_a_matter_whose_stored_facts_the_engine_no_longer_accepts_is_counted_not_compared(register) -> None:
    StoredAssessment.objects.filter(engagement=register["london"]).update(facts={"kind": "planet"})
    result = run()
    assert result["skipped_count"] == 1
    [skipped] = result["skipped"]
    assert skipped["number"] == register["london"].registration_number
    assert "planet" in skipped["problem"]
    assert result["changed"] == 2


WITHOUT_BRIBERY_CHECK = draft_yaml(
    "utan-mutprovning", "Strategin utan mutprövning", "invitation.bribery_check"
)


def test_a_change_of_documentation_requirements_only_is_counted_not_listed(units) -> None:
    """Without the bribery check, an invitation whose assessment was made keeps its outcome and deciding
    body; only the documentation it requires differs."""
    submitted(
        units["MHN"],
        Kind.INVITATION,
        "Inbjudan till en mottagning",
        goals=["attraktiv"],
        directions=["positionering"],
        benefit="Kontakter med investerare.",
        travel_paid_by="city",
        hospitality_offered=True,
        bribery_assessment_done=True,
    )
    draft = PolicyDraftFactory(policy_id="utan-mutprovning", content=WITHOUT_BRIBERY_CHECK)
    result = run({"a": "stockholm-2008", "b": draft.reference, "scope": "all"})
    assert (result["changed"], result["requirements_only"], result["changes"]) == (0, 1, [])


def test_the_officer_compares_nothing_and_the_coordinator_sees_the_whole_register(
    make_user, register
) -> None:
    with pytest.raises(ApplicationError) as refused:
        run(actor=make_user(Role.OFFICER, "KS"))
    assert refused.value.status == 403
    assert run(actor=make_user(Role.COORDINATOR))["total"] == 4


def test_a_draft_is_compared_and_marked_as_one(make_user, register) -> None:
    coordinator = make_user(Role.COORDINATOR)
    draft = PolicyDraftFactory(uploaded_by=coordinator)
    result = run({"a": "stockholm-2008", "b": draft.reference, "scope": "all"}, actor=coordinator)
    assert result["b"]["draft"] is True
    assert result["a"]["draft"] is False
    assert result["b"]["id"] == draft.policy_id
    assert "tillämpas aldrig på ett ärende" in result["b"]["label"]


@pytest.mark.parametrize(
    ("params", "field", "message"),
    [
        ({"a": "stockholm-2008", "b": "stockholm-2008"}, "b", "två olika policyversioner"),
        ({"a": "stockholm-2008", "b": "stockholm-2099"}, "b", "Välj en av policyversionerna i listan"),
        ({"a": "draft:999", "b": "stockholm-2008"}, "a", "Välj en av policyversionerna i listan"),
        ({"a": "draft:x", "b": "stockholm-2008"}, "a", "Välj en av policyversionerna i listan"),
        ({"b": "stockholm-2008"}, "a", "Välj versionen att jämföra från"),
        ({"a": "stockholm-2008", "b": "reservation-2008", "scope": "alla"}, "scope", "Välj vilka ärenden"),
    ],
)
def test_wrong_parameters_are_refused_in_swedish_before_the_register_is_read(
    params, field, message, register
) -> None:
    with CaptureQueriesContext(connection) as queries, pytest.raises(ApplicationError) as refused:
        run(params)
    assert not [q for q in queries.captured_queries if "engagements_" in q["sql"]]
    assert refused.value.status == 400
    assert [detail.field for detail in refused.value.details] == [field]
    assert message in refused.value.details[0].message


def test_someone_elses_draft_out_of_reach_is_no_version_to_compare(make_user, register) -> None:
    draft = PolicyDraftFactory()
    reader = make_user(Role.READER)
    assert run({"a": "stockholm-2008", "b": draft.reference}, actor=reader)["b"]["draft"]
    with pytest.raises(ApplicationError):
        run({"a": "stockholm-2008", "b": draft.reference}, actor=make_user(Role.OFFICER, "KS"))


def test_progress_is_reported_from_nothing_to_everything_a_chunk_at_a_time(
    units, register, monkeypatch
) -> None:
    monkeypatch.setattr(whatif, "CHUNK", 3)
    progress = Recorder()
    whatif.run(actor=None, params=RESERVATION, progress=progress)
    assert progress.calls[0][:2] == (0, 4)
    assert "stockholm-2008" in (progress.calls[0][2] or "")
    assert [call[:2] for call in progress.calls[1:]] == [(3, 4), (4, 4)]


def test_the_version_choices_are_the_shipped_versions_then_the_drafts_the_user_may_see(make_user) -> None:
    coordinator = make_user(Role.COORDINATOR)
    draft = PolicyDraftFactory()
    refs = [choice.ref for choice in whatif.version_choices(user=coordinator)]
    assert refs == ["stockholm-2000", "reservation-2008", "stockholm-2008", draft.reference]
    assert whatif.default_versions() == ("stockholm-2008", "reservation-2008")
