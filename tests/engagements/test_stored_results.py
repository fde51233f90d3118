"""A stored assessment names its citations by passage id, and reads back, in words, as the engine made it —
also after the policy version's file has changed, and for a result stored whole before this form."""

from __future__ import annotations

import copy
import datetime

import orjson
import pytest
from tests.factories import EngagementFactory

from omvarld import policy
from omvarld.engagements import interchange
from omvarld.engagements.demo import load_demo_engagements
from omvarld.engagements.models import Engagement, PolicyTexts, StoredAssessment
from omvarld.engagements.selectors import stored_result
from omvarld.engagements.services import assessment_store, policy_texts_keep
from omvarld.engagements.stored_results import compact, compact_json, expanded, passage_texts
from omvarld.policy.cases import assessment_of, list_cases
from omvarld.strategy.services import cited_in

DAY = datetime.date(2026, 11, 27)


def test_every_example_case_reads_back_whole_from_its_compact_form() -> None:
    for case in list_cases():
        assessment = assessment_of(case)
        made = assessment.to_dict()
        stored = compact(copy.deepcopy(made))
        for finding in stored["findings"]:
            assert all(isinstance(citation, str) for citation in finding["citations"])
        assert expanded(stored, passage_texts(assessment.version)) == made, case.name
        assert cited_in(stored) == cited_in(made)


@pytest.mark.django_db
def test_storing_keeps_the_versions_words_once() -> None:
    first = assessment_store(engagement=EngagementFactory(), as_of=DAY)
    assessment_store(engagement=EngagementFactory(), as_of=DAY)
    kept = PolicyTexts.objects.get()
    assert (kept.policy_hash, kept.policy_version) == (first.policy_hash, first.policy_version)
    version = policy.load_version(first.policy_version)
    assert kept.passages == passage_texts(version)
    policy_texts_keep(version)
    assert PolicyTexts.objects.count() == 1


@pytest.mark.django_db
def test_a_matter_keeps_the_quotes_it_was_assessed_with_when_the_versions_file_changes() -> None:
    stored = assessment_store(engagement=EngagementFactory(), as_of=DAY)
    # As if the version's file had been changed since: its assessments name a hash no shipped file has,
    # whose words only the kept texts hold.
    old_hash = "0" * 64
    cited = sorted(cited_in(stored.result))
    words = {pid: {"section": f"Avsnitt {pid}", "quote": f"Den gamla lydelsen av {pid}."} for pid in cited}
    PolicyTexts.objects.create(policy_hash=old_hash, policy_version=stored.policy_version, passages=words)
    StoredAssessment.objects.filter(pk=stored.pk).update(policy_hash=old_hash)
    stored.refresh_from_db()

    quotes = {
        citation["passage"]: citation["quote"]
        for finding in stored_result(stored)["findings"]
        for citation in finding["citations"]
    }

    assert quotes == {pid: words[pid]["quote"] for pid in quotes}
    assert set(quotes) <= set(cited)


@pytest.mark.django_db
def test_a_result_stored_whole_reads_as_it_is() -> None:
    stored = assessment_store(engagement=EngagementFactory(), as_of=DAY)
    whole = stored_result(stored)
    StoredAssessment.objects.filter(pk=stored.pk).update(result=whole)
    stored.refresh_from_db()
    assert stored_result(stored) == whole
    assert cited_in(stored.result) == cited_in(compact(copy.deepcopy(whole)))


def test_the_compact_json_of_an_assessment_is_its_compact_result() -> None:
    for case in list_cases():
        assessment = assessment_of(case)
        assert orjson.loads(compact_json(assessment)) == compact(assessment.to_dict()), case.name


@pytest.mark.django_db
def test_the_compact_json_of_every_demo_matter_is_its_compact_result(units) -> None:
    load_demo_engagements()
    facts = [interchange.facts_of(matter, as_of=DAY) for matter in Engagement.objects.all()]
    for priority in policy.prioritise(facts, explain=True):
        made = priority.assessment
        assert orjson.loads(compact_json(made)) == compact(made.to_dict())
