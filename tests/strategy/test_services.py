"""The strategy app's services: draft policy versions (checked by the engine's loader, audited) and the
index of the passages that the register's assessments cite."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from tests.factories import DRAFT_YAML, PolicyDraftFactory
from tests.strategy.matters import agreement, motion

from omvarld.accounts.models import Role
from omvarld.audit.models import AuditEntry
from omvarld.core.errors import ApplicationError
from omvarld.engagements.models import StoredAssessment
from omvarld.engagements.services import engagement_update
from omvarld.policy import UnknownVersionError, load_version
from omvarld.policy.cases import cited_passages
from omvarld.policy.loader import VERSIONS_DIR
from omvarld.strategy.models import MatterCitations, PassageSet, PassageSetMember, PolicyDraft
from omvarld.strategy.services import (
    DRAFT_MAX_BYTES,
    citations_rebuild,
    cited_in,
    passage_set_fingerprint,
    policy_draft_delete,
    policy_draft_upload,
)


def upload(content: str | bytes, name: str = "utkast.yaml") -> SimpleUploadedFile:
    raw = content.encode() if isinstance(content, str) else content
    return SimpleUploadedFile(name, raw, content_type="text/yaml")


def refusal(actor, file) -> ApplicationError:
    drafts, entries = PolicyDraft.objects.count(), AuditEntry.objects.count()
    with pytest.raises(ApplicationError) as refused:
        policy_draft_upload(actor=actor, upload=file)
    assert PolicyDraft.objects.count() == drafts
    assert AuditEntry.objects.count() == entries
    return refused.value


# --- Drafts ---------------------------------------------------------------------------------------------


def test_a_coordinator_uploads_a_draft_that_the_engine_accepts_and_it_is_audited(make_user) -> None:
    coordinator = make_user(Role.COORDINATOR)
    draft = policy_draft_upload(actor=coordinator, upload=upload(DRAFT_YAML.format(id="utan-varumarke")))
    assert (draft.policy_id, draft.derives_from, draft.uploaded_by) == (
        "utan-varumarke",
        "stockholm-2008",
        coordinator,
    )
    assert draft.title == "Strategin utan kravet på varumärket"
    entry = AuditEntry.objects.get(event="policydraft.created")
    assert (entry.object_id, entry.actor_id, entry.channel) == (str(draft.pk), coordinator.pk, "system")
    assert entry.after["content"] == draft.content  # the log keeps what the draft said


def test_a_draft_never_becomes_a_version_that_applies(make_user, units) -> None:
    PolicyDraftFactory(policy_id="utan-varumarke")
    with pytest.raises(UnknownVersionError):
        load_version("utan-varumarke")
    # A matter stored after the upload is assessed under the version in force, as before.
    matter = agreement(units["KS"], "london", title="Avtal med London")
    assert StoredAssessment.objects.get(engagement=matter).policy_version == "stockholm-2008"


def test_every_problem_the_loader_finds_is_reported_in_swedish_and_nothing_is_kept(make_user) -> None:
    broken = DRAFT_YAML.format(id="trasig").replace("status: alternative", "status: kanske") + (
        "rules:\n  - id: principle.ny\n    applies_to: [broschyr]\n    severity: blocking\n"
        "    require: {fact: council_goalz}\n"
    )
    error = refusal(make_user(Role.COORDINATOR), upload(broken))
    assert error.message.startswith("Utkastet sparades inte: policyfilen har ")
    messages = [detail.message for detail in error.details]
    assert all(detail.field == "file" for detail in error.details)
    assert any("status måste vara in_force, alternative eller historical" in m for m in messages)
    assert any("okända ärendeslag ['broschyr']" in m for m in messages)
    assert any("okänt faktum 'council_goalz'" in m for m in messages)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"id: [unclosed\n", "ogiltig YAML på rad 2, kolumn 1"),
        (b"", "Filen är tom."),
        (b"id: \xff\xfe\n", "Filen är inte vanlig text i UTF-8."),
        (b"x" * (DRAFT_MAX_BYTES + 1), "en policyfil får vara högst 512 kB"),
        ((VERSIONS_DIR / "stockholm-2008.yaml").read_bytes(), "'stockholm-2008' är en antagen versions id"),
    ],
)
def test_a_file_that_is_no_acceptable_policy_file_is_refused(make_user, content: bytes, message: str) -> None:
    error = refusal(make_user(Role.COORDINATOR), upload(content))
    assert message in " ".join(detail.message for detail in error.details)


def test_no_file_is_refused(make_user) -> None:
    assert (
        refusal(make_user(Role.COORDINATOR), None).details[0].message
        == "Välj policyfilen (YAML) att ladda upp."
    )


def test_the_same_file_twice_is_a_conflict(make_user) -> None:
    draft = PolicyDraftFactory(policy_id="utan-varumarke")
    error = refusal(make_user(Role.COORDINATOR), upload(draft.content))
    assert error.status == 409
    assert "utan-varumarke" in error.details[0].message


def test_another_file_with_a_kept_drafts_id_is_a_conflict(make_user) -> None:
    coordinator = make_user(Role.COORDINATOR)
    kept = policy_draft_upload(actor=coordinator, upload=upload(DRAFT_YAML.format(id="mitt-utkast")))
    other = DRAFT_YAML.format(id="mitt-utkast").replace("title:", "title: Ett annat", 1)
    error = refusal(coordinator, upload(other, name="annat.yaml"))
    assert error.status == 409
    assert "mitt-utkast" in error.details[0].message
    assert PolicyDraft.objects.get() == kept


@pytest.mark.parametrize("role", [Role.OFFICER, Role.SECRETARY, Role.READER, None])
def test_only_coordinators_and_administrators_upload_drafts(make_user, role) -> None:
    user = make_user(role, "MHN" if role in Role.unit_bound() else None)
    assert refusal(user, upload(DRAFT_YAML.format(id="x-1"))).status == 403


def test_deleting_a_draft_is_audited_and_refused_to_a_reader(make_user) -> None:
    draft = PolicyDraftFactory()
    with pytest.raises(ApplicationError):
        policy_draft_delete(actor=make_user(Role.READER), draft=draft)
    assert PolicyDraft.objects.filter(pk=draft.pk).exists()
    policy_draft_delete(actor=make_user(Role.ADMINISTRATOR), draft=draft)
    assert not PolicyDraft.objects.filter(pk=draft.pk).exists()
    entry = AuditEntry.objects.get(event="policydraft.deleted")
    assert entry.before["policy_id"] == draft.policy_id


# --- The index of cited passages ------------------------------------------------------------------------


def _index_rows() -> set[tuple[int, int, str]]:
    """The index as (matter, its indexed assessment, passage), one row per passage cited."""
    return set(
        MatterCitations.objects.filter(passage_set__members__isnull=False).values_list(
            "engagement_id", "assessment_id", "passage_set__members__passage"
        )
    )


def _indexed(engagement_id: int) -> set[str]:
    return {p for e, _a, p in _index_rows() if e == engagement_id}


def _index_stale(matter, assessment, passage: str) -> None:
    """Index ``passage`` for the matter, as if an earlier assessment had cited it."""
    stale = PassageSet.objects.create(fingerprint=passage_set_fingerprint([passage]))
    PassageSetMember.objects.create(passage_set=stale, passage=passage)
    MatterCitations.objects.update_or_create(
        engagement=matter, defaults={"assessment": assessment, "passage_set": stale}
    )


def test_storing_an_assessment_indexes_the_passages_it_cites(units) -> None:
    matter = motion(units["KS"])
    stored = StoredAssessment.objects.get(engagement=matter)
    assert _indexed(matter.pk) == cited_in(stored.result)
    assert {"strategi.verksamhet.samarbetsavtal", "strategi.principer.bistand", "beslut.forslag"} <= _indexed(
        matter.pk
    )  # beslut.forslag: the decision row that sends a motion to the council


def test_only_the_latest_assessment_of_a_matter_is_indexed(units) -> None:
    matter = agreement(units["KS"], "hamburg")
    first = StoredAssessment.objects.get(engagement=matter)
    _index_stale(matter, first, "bara.den.forsta")
    # A submitted matter that changes is assessed anew; what its first assessment cited goes.
    engagement_update(actor=None, engagement=matter, benefit="Bättre hamnar och renare vatten.")
    latest = StoredAssessment.objects.filter(engagement=matter).first()
    assert latest is not None
    assert StoredAssessment.objects.filter(engagement=matter).count() == 2
    assert latest.pk != first.pk
    assert _indexed(matter.pk) == cited_in(latest.result)
    assert "bara.den.forsta" not in _indexed(matter.pk)
    assert MatterCitations.objects.get(engagement=matter).assessment_id == latest.pk


def test_matters_that_cite_the_same_passages_share_one_stored_set(units) -> None:
    first, second = agreement(units["KS"], "hamburg"), agreement(units["KS"], "london")
    assert _indexed(first.pk) == _indexed(second.pk)
    indexed = MatterCitations.objects.filter(engagement__in=[first, second])
    sets = indexed.values_list("passage_set", flat=True)
    assert len(set(sets)) == 1
    (shared,) = set(sets)
    assert PassageSet.objects.get(pk=shared).fingerprint == passage_set_fingerprint(_indexed(first.pk))


def test_the_index_reads_an_assessment_as_the_example_cases_are_read() -> None:
    from omvarld.policy import assess

    result = assess(
        {
            "kind": "request",
            "origin": "motion",
            "requested_kind": "agreement",
            "title": "Motion",
            "unit": {"code": "KS", "name": "Kommunstyrelsen", "type": "kommunstyrelsen"},
        },
        "stockholm-2008",
    )
    assert cited_in(result.to_dict()) == cited_passages(result)


def test_rebuilding_the_index_gives_what_storing_gave(units) -> None:
    matters = [
        motion(units["KS"]),
        agreement(units["KS"], "hamburg"),
        agreement(units["MHN"], "oslo", submit=False),
    ]
    before = _index_rows()
    MatterCitations.objects.all().delete()
    _index_stale(matters[0], StoredAssessment.objects.first(), "stale")
    calls: list[tuple[int, int]] = []
    assert citations_rebuild(progress=lambda done, total: calls.append((done, total))) == 2
    assert _index_rows() == before
    assert calls == [(3, 3)]


def test_the_citations_command_rebuilds_the_index(units) -> None:
    import io

    from django.core.management import call_command

    matter = motion(units["KS"])
    MatterCitations.objects.all().delete()
    out = io.StringIO()
    call_command("citations", stdout=out)
    assert "Klart: 1 ärende med en sparad bedömning indexerade." in out.getvalue()
    assert _indexed(matter.pk)


# --- The index after assessments stored in bulk ------------------------------------------------------------


def _as_one_by_one() -> set[tuple[int, int, str]]:
    """The index as storing each matter's latest assessment by itself would leave it: what rebuilding it
    from the latest assessments gives (``test_rebuilding_the_index_gives_what_storing_gave``)."""
    kept = list(MatterCitations.objects.values_list("engagement_id", "assessment_id", "passage_set_id"))
    citations_rebuild()
    rebuilt = _index_rows()
    MatterCitations.objects.all().delete()
    MatterCitations.objects.bulk_create(
        MatterCitations(engagement_id=e, assessment_id=a, passage_set_id=p) for e, a, p in kept
    )
    return rebuilt


def test_a_reassessment_keeps_the_index_as_assessing_one_by_one_would(units) -> None:
    from omvarld.engagements import reassess

    matters = [motion(units["KS"]), agreement(units["KS"], "hamburg"), agreement(units["KS"], "london")]
    draft = agreement(units["MHN"], "oslo", submit=False)
    first = {m.pk: StoredAssessment.objects.get(engagement=m).pk for m in matters}

    done = reassess.reassess_register(actor=None, batch_size=2)

    assert done.assessed == 3
    indexed = _index_rows()
    assert indexed == _as_one_by_one()
    assert {e for e, _a, _p in indexed} == {m.pk for m in matters}
    assert draft.pk not in {e for e, _a, _p in indexed}
    # Each matter's new assessment is the one indexed, not the one it was submitted with.
    assert all(a != first[e] for e, a, _p in indexed)
    assert {"strategi.verksamhet.samarbetsavtal", "beslut.forslag"} <= {
        p for e, _a, p in indexed if e == matters[0].pk
    }


def test_an_import_keeps_the_index_as_assessing_one_by_one_would(units) -> None:
    from pathlib import Path

    from omvarld.imports import tasks
    from omvarld.imports.services import import_upload

    examples = Path(__file__).resolve().parents[2] / "docs" / "examples"
    content = (examples / "medlemskap.csv").read_bytes()
    record = import_upload(actor=None, file_name="medlemskap.csv", content=content)

    tasks.run(actor=None, params={"import": record.pk})

    indexed = _index_rows()
    assert indexed
    assert indexed == _as_one_by_one()
