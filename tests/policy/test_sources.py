"""The source document: passages are verbatim, versions carry their metadata, no Django.

That the shipped source equals the public seed beside the project is checked by ``.ci/run`` (a byte
comparison) whenever that seed is there; the suite itself needs only the repository."""

from __future__ import annotations

import subprocess
import sys

import pytest

from omvarld.policy import list_versions
from omvarld.policy.loader import SOURCES_DIR, SourceText

SOURCE = SOURCES_DIR / "utl-2008-204.txt"


def test_the_shipped_source_is_the_decision_utlatande_2008_204() -> None:
    text = SOURCE.read_text(encoding="utf-8")
    assert "Utlåtande 2008:204" in text
    assert "Internationell strategi för Stockholms stad" in text


@pytest.mark.parametrize("version", list_versions(), ids=lambda v: v.id)
def test_every_passage_occurs_verbatim_in_the_source(version: object) -> None:
    source = SourceText(SOURCE.read_text(encoding="utf-8"))
    for passage in version.passages.values():  # type: ignore[attr-defined]
        assert source.contains(passage.text), passage.id


def test_versions_carry_metadata_and_registration_numbers() -> None:
    versions = {v.id: v for v in list_versions()}
    assert versions["stockholm-2008"].status == "in_force"
    assert versions["reservation-2008"].status == "alternative"
    assert versions["reservation-2008"].derives_from == "stockholm-2008"
    assert versions["stockholm-2000"].status == "historical"
    assert "stockholm-2000" in versions["stockholm-2008"].supersedes
    for v in versions.values():
        assert v.source["registration_numbers"] == ["Dnr 006-1137/2007", "Dnr 006-1637/2001"]
        assert len(v.content_hash) == 64


def test_parameters_are_dated_and_have_the_documented_defaults() -> None:
    v = {x.id: x for x in list_versions()}["stockholm-2008"]
    assert v.parameters["review_interval_years"].at(v.effective_from) == 4
    assert v.parameters["major_engagement_threshold_sek"].at(v.effective_from) == 10_000_000
    assert "speaker" in v.parameters["significant_roles"].at(v.effective_from)
    assert v.parameters["brand_text"].at(v.effective_from) == "Stockholm – The Capital of Scandinavia"


def test_policy_and_geo_never_import_django() -> None:
    code = (
        "import sys, omvarld.policy, omvarld.geo, omvarld.policy.cli;"
        "omvarld.policy.assess({'kind': 'agreement', 'counterpart': {'city': 'Riga', 'country': 'LV'}});"
        "assert 'django' not in sys.modules, sorted(m for m in sys.modules if m.startswith('django'))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
