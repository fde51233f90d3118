"""Sources for every value (issue 6, point 4): the policy parameters are dated, as in OpenFisca, each
value carries the passage or decision that set it, ``null`` means "not in force", and a version file
that could be misread — a duplicate key, a fact reading a parameter the version does not define — is
refused when it is loaded.
"""

from __future__ import annotations

import io
import json
import shutil
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
import yaml
from tests.policy.conftest import base

from omvarld.policy import PolicyError, PolicyVersion, assess, list_versions, load_file
from omvarld.policy.cli import main
from omvarld.policy.loader import VERSIONS_DIR
from omvarld.policy.model import DatedValue, Parameter, ValueSource

VERSIONS = list_versions()
PLACEHOLDER = 10**12


def dated_values(version: PolicyVersion) -> Iterator[tuple[str, DatedValue]]:
    for name, parameter in version.parameters.items():
        for value in parameter.values:
            yield name, value


def numbers(value: object) -> Iterator[int | float]:
    if isinstance(value, bool):
        return
    if isinstance(value, int | float):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from numbers(item)
    elif isinstance(value, list | tuple):
        for item in value:
            yield from numbers(item)


# ---------------------------------------------------------------- every value has its source


@pytest.mark.parametrize("version", VERSIONS, ids=lambda v: v.id)
def test_every_dated_value_names_the_passage_or_the_decision_that_set_it(version: PolicyVersion) -> None:
    checked = 0
    for name, value in dated_values(version):
        source = value.source
        assert source.passage is not None or (source.decision or "").strip(), (name, value.valid_from)
        if source.passage is not None:
            assert version.passages.get(source.passage.id) == source.passage, (name, source.passage.id)
        shown = source.to_dict()
        assert "passage" in shown or "decision" in shown
        checked += 1
    assert checked >= len(version.parameters) >= 1


@pytest.mark.parametrize("path", sorted(VERSIONS_DIR.glob("*.yaml")), ids=lambda p: p.stem)
def test_every_value_written_in_a_version_file_has_a_source_of_its_own(path: Path) -> None:
    """The file as written, before an overlay is merged over its base."""
    document = yaml.safe_load(path.read_text(encoding="utf-8"))
    for name, spec in (document.get("parameters") or {}).items():
        for entry in spec["values"]:
            source = entry.get("source") or {}
            assert source.get("passage") or str(source.get("decision") or "").strip(), (path.stem, name)


@pytest.mark.parametrize("version", VERSIONS, ids=lambda v: v.id)
def test_no_parameter_holds_a_placeholder_number(version: PolicyVersion) -> None:
    found = [
        (name, n) for name, value in dated_values(version) for n in numbers(value.value) if n >= PLACEHOLDER
    ]
    assert not found, found


# ---------------------------------------------------------------- null means "not in force"


@pytest.mark.parametrize("version", VERSIONS, ids=lambda v: v.id)
def test_no_parameter_is_in_force_before_its_first_date(version: PolicyVersion) -> None:
    for name, parameter in version.parameters.items():
        first = parameter.values[0]
        assert parameter.at(first.valid_from - timedelta(days=1)) is None, name
        assert parameter.entry_at(first.valid_from - timedelta(days=1)) is None, name
        assert parameter.at(first.valid_from) == first.value, name


def test_a_null_value_ends_a_parameter_until_a_later_value_brings_it_back() -> None:
    source = ValueSource(decision="Kommunstyrelsens beslut (prov)")
    parameter = Parameter(
        "review_interval_years",
        "",
        (
            DatedValue(date(2010, 1, 1), 5, source),
            DatedValue(date(2015, 1, 1), None, source),
            DatedValue(date(2020, 1, 1), 3, source),
        ),
    )
    assert parameter.at(date(2009, 12, 31)) is None
    assert parameter.at(date(2010, 1, 1)) == 5
    assert parameter.at(date(2014, 12, 31)) == 5
    assert parameter.at(date(2015, 1, 1)) is None
    assert parameter.entry_at(date(2016, 6, 1)) == parameter.values[1]
    assert parameter.at(date(2019, 12, 31)) is None
    assert parameter.at(date(2020, 1, 1)) == 3


@pytest.fixture
def versions_dir(tmp_path: Path) -> Path:
    """The shipped version files, copied: an overlay is resolved from its own folder."""
    for path in VERSIONS_DIR.glob("*.yaml"):
        shutil.copy(path, tmp_path / path.name)
    return tmp_path


def write_overlay(folder: Path, version_id: str, parameters: dict[str, Any]) -> Path:
    document = {
        "id": version_id,
        "title": "Prov: en ändrad parameter",
        "status": "alternative",
        "effective_from": date(2008, 12, 3),
        "effective_to": None,
        "derives_from": "stockholm-2008",
        "source": {"document": "Prov", "registration_numbers": [], "file": "utl-2008-204.txt"},
        "parameters": parameters,
    }
    path = folder / f"{version_id}.yaml"
    path.write_text(yaml.safe_dump(document, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def test_a_parameter_set_to_null_is_not_in_force_from_that_date(versions_dir: Path) -> None:
    path = write_overlay(
        versions_dir,
        "utan-omprovning",
        {
            "review_interval_years": {
                "description": "Years within which a membership must be reviewed.",
                "values": [
                    {
                        "from": date(2008, 12, 3),
                        "value": 4,
                        "source": {"passage": "strategi.verksamhet.omprovning"},
                    },
                    {
                        "from": date(2030, 1, 1),
                        "value": None,
                        "source": {"decision": "Prov: intervallet upphävs."},
                    },
                ],
            }
        },
    )
    version = load_file(path)
    assert version.params_at(date(2029, 12, 31))["review_interval_years"] == 4
    assert version.params_at(date(2030, 1, 1))["review_interval_years"] is None
    membership = base("membership", scope="citywide", representative="R", contribution="C")

    def review(last: str, day: str) -> str:
        a = assess({**membership, "last_review": last, "as_of": day}, version)
        found = a.finding("membership.regular_review")
        assert found is not None
        return found.verdict

    assert review("2026-01-01", "2029-12-31") == "fulfilled"
    assert review("2020-01-01", "2029-12-31") == "needs_info"  # overdue while the interval is in force
    assert review("2029-06-01", "2030-01-01") == "needs_info"  # no interval in force: no fact either way


# ---------------------------------------------------------------- the dated change of unrecognised states


def test_palestine_is_recognised_from_30_october_2014() -> None:
    version = next(v for v in VERSIONS if v.id == "stockholm-2008")
    parameter = version.parameters["unrecognised_states"]
    assert "PS" in parameter.at(date(2014, 10, 29))
    assert "PS" not in parameter.at(date(2014, 10, 30))
    assert "TW" in parameter.at(date(2014, 10, 30))
    change = parameter.entry_at(date(2014, 10, 30))
    assert change is not None
    assert change.valid_from == date(2014, 10, 30)
    assert "2014" in (change.source.decision or "")


def capitals(city: str, day: str, version: str = "stockholm-2008") -> tuple[str, str]:
    counterpart = {"name": city, "type": "city", "city": city, "country": "PS"}
    data = base(
        "agreement",
        agreement_type="cooperation",
        subject_area="miljö",
        mutual_benefit="Utbyte.",
        counterpart=counterpart,
        as_of=day,
    )
    found = assess(data, version).finding("agreement.capitals_only")
    assert found is not None
    return found.verdict, found.reason


@pytest.mark.parametrize("day", ["2009-01-01", "2014-10-29"])
def test_before_the_recognition_no_palestinian_city_is_stated_to_be_a_capital_or_not(day: str) -> None:
    for city in ("Ramallah", "Östra Jerusalem", "Gaza"):
        found, reason = capitals(city, day)
        assert found == "needs_info"
        assert "erkänner inte Palestina som stat" in reason


@pytest.mark.parametrize("day", ["2014-10-30", "2026-11-26"])
def test_from_the_recognition_palestine_is_judged_as_a_state_with_a_contested_capital(day: str) -> None:
    assert capitals("Ramallah", day)[0] == "not_fulfilled"
    found, reason = capitals("Östra Jerusalem", day)
    assert found == "needs_info"
    assert "erkänner inte Östra Jerusalem som huvudstad" in reason


def test_the_2000_policy_knows_of_no_recognition() -> None:
    version = next(v for v in VERSIONS if v.id == "stockholm-2000")
    assert "PS" in version.parameters["unrecognised_states"].at(date(2008, 12, 2))
    assert len(version.parameters["unrecognised_states"].values) == 1


# ---------------------------------------------------------------- duplicate keys


def insert_after(text: str, anchor: str, new: str, *, after: str | None = None) -> tuple[str, int]:
    """``text`` with the line ``new`` inserted after the first line that starts with ``anchor`` (and
    follows the line ``after``, when given), and the 1-based number of the inserted line."""
    lines = text.split("\n")
    start = lines.index(after) if after is not None else 0
    at = next(i for i in range(start, len(lines)) if lines[i].startswith(anchor)) + 1
    lines.insert(at, new)
    return "\n".join(lines), at + 1


DUPLICATES = [
    # (where, the line the duplicate follows, the duplicate, a line before that one, the key)
    ("top level", "status: in_force", "status: historical", None, "status"),
    ("metadata", "effective_to: null", "effective_to: 2030-01-01", None, "effective_to"),
    ("a passage", '    section: "Beslut › punkt 6"', '    section: "Beslut › punkt 7"', None, "section"),
    ("a parameter", "    description: Years within", "    description: Twice.", None, "description"),
    ("a dated value", "        value: 4", "        value: 5", "  review_interval_years:", "value"),
    ("a rule", "    severity: blocking", "    severity: advisory", "  - id: principle.goal_link", "severity"),
    (
        "a reason variant",
        "      - when: {known: counterpart_name}",
        "        when: {fact: kind}",
        None,
        "when",
    ),
    (
        "a table row",
        "        decides: kommunfullmaktige",
        "        decides: kommunstyrelsen",
        None,
        "decides",
    ),
]


@pytest.mark.parametrize(
    ("where", "anchor", "line", "after", "key"), DUPLICATES, ids=[d[0] for d in DUPLICATES]
)
def test_a_duplicate_key_anywhere_is_refused_naming_the_key_and_its_line(
    tmp_path: Path, where: str, anchor: str, line: str, after: str | None, key: str
) -> None:
    text = (VERSIONS_DIR / "stockholm-2008.yaml").read_text(encoding="utf-8")
    broken, number = insert_after(text, anchor, line, after=after)
    path = tmp_path / "stockholm-2008.yaml"
    path.write_text(broken, encoding="utf-8")
    with pytest.raises(PolicyError) as info:
        load_file(path)
    message = str(info.value)
    assert f"nyckeln {key!r} förekommer två gånger" in message
    assert f"rad {number}," in message


def test_a_duplicate_key_in_a_flow_mapping_is_refused(tmp_path: Path) -> None:
    text = (VERSIONS_DIR / "stockholm-2008.yaml").read_text(encoding="utf-8")
    anchor = "        when: {fact: origin, eq: motion}"
    number = text.split("\n").index(anchor) + 1
    broken = text.replace(anchor, "        when: {fact: origin, eq: motion, fact: scope}", 1)
    path = tmp_path / "stockholm-2008.yaml"
    path.write_text(broken, encoding="utf-8")
    twice = rf"på rad {number}, kolumn \d+: nyckeln 'fact' förekommer två gånger"
    with pytest.raises(PolicyError, match=twice):
        load_file(path)


def test_a_duplicate_parameter_name_is_refused(tmp_path: Path) -> None:
    text = (VERSIONS_DIR / "stockholm-2008.yaml").read_text(encoding="utf-8")
    lines = text.split("\n")
    at = lines.index("rules:")
    lines[at:at] = ["  brand_text:", "    description: Again.", "    values: []", ""]
    path = tmp_path / "stockholm-2008.yaml"
    path.write_text("\n".join(lines), encoding="utf-8")
    twice = rf"på rad {at + 1}, kolumn \d+: nyckeln 'brand_text' förekommer två gånger"
    with pytest.raises(PolicyError, match=twice):
        load_file(path)


# ---------------------------------------------------------------- facts reading undefined parameters


def without_parameter(folder: Path, name: str) -> Path:
    document = yaml.safe_load((VERSIONS_DIR / "stockholm-2008.yaml").read_text(encoding="utf-8"))
    del document["parameters"][name]
    path = folder / "stockholm-2008.yaml"
    path.write_text(yaml.safe_dump(document, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("parameter", "fact"),
    [
        ("general_subject_words", "subject_area_is_specific"),
        ("significant_roles", "role_is_significant"),
        ("city_government_words", "region_city_government"),
        ("unrecognised_states", "capital_status"),  # read through counterpart_is_capital
        ("home_country", "counterpart_in_sweden"),
    ],
)
def test_a_version_whose_facts_read_a_parameter_it_does_not_define_is_refused(
    tmp_path: Path, parameter: str, fact: str
) -> None:
    with pytest.raises(PolicyError) as info:
        load_file(without_parameter(tmp_path, parameter))
    assert f"faktum {fact!r} läser parametern {parameter!r}, som versionen inte definierar" in str(info.value)


def test_the_same_version_with_the_parameter_defined_as_null_loads(tmp_path: Path) -> None:
    document = yaml.safe_load((VERSIONS_DIR / "stockholm-2008.yaml").read_text(encoding="utf-8"))
    document["parameters"]["significant_roles"]["values"].append(
        {"from": date(2030, 1, 1), "value": None, "source": {"decision": "Prov: undantaget upphävs."}}
    )
    path = tmp_path / "stockholm-2008.yaml"
    path.write_text(yaml.safe_dump(document, allow_unicode=True, sort_keys=False), encoding="utf-8")
    version = load_file(path)
    assert version.params_at(date(2030, 1, 1))["significant_roles"] is None
    speaker = base("invitation", travel_paid_by="inviter", role="talare", special_reasons="Talare.")
    before = assess({**speaker, "as_of": "2029-12-31"}, version).finding(
        "invitation.exception_special_reasons"
    )
    after = assess({**speaker, "as_of": "2030-01-01"}, version).finding(
        "invitation.exception_special_reasons"
    )
    assert before is not None
    assert before.verdict == "fulfilled"
    assert after is not None
    assert after.verdict == "needs_info"


def test_a_new_version_that_uses_a_fact_without_its_parameter_is_refused(tmp_path: Path) -> None:
    document = {
        "id": "liten",
        "title": "En liten version",
        "status": "alternative",
        "effective_from": date(2008, 12, 3),
        "source": {"file": "utl-2008-204.txt"},
        "passages": [{"id": "p", "section": "Beslut", "text": "Kommunstyrelsen föreslår kommunfullmäktige"}],
        "rules": [
            {
                "id": "roll",
                "applies_to": ["invitation"],
                "severity": "blocking",
                "require": {"fact": "travel_exception_sought"},
                "reason_true": "Ja.",
                "reason_unknown": "Okänt om rollen är väsentlig.",
                "citations": ["p"],
            }
        ],
        "tables": {
            "decision_authority": {
                "hit_policy": "first",
                "unknown_unit_fallback": "kommunstyrelsen",
                "fallback_citations": ["p"],
                "rows": [{"id": "alla", "kinds": "all", "decides": "kommunstyrelsen", "citations": ["p"]}],
            }
        },
    }
    path = tmp_path / "liten.yaml"
    path.write_text(yaml.safe_dump(document, allow_unicode=True, sort_keys=False), encoding="utf-8")
    with pytest.raises(PolicyError) as info:
        load_file(path)
    assert "faktum 'role_is_significant' läser parametern 'significant_roles'" in str(info.value)


# ---------------------------------------------------------------- omvarld policy show


@pytest.mark.parametrize("version", VERSIONS, ids=lambda v: v.id)
def test_policy_show_prints_every_value_with_its_source(version: PolicyVersion) -> None:
    out, err = io.StringIO(), io.StringIO()
    assert main(["policy", "show", version.id], stdout=out, stderr=err) == 0, err.getvalue()
    shown = json.loads(out.getvalue())["parameters"]
    assert set(shown) == set(version.parameters)
    for name, parameter in version.parameters.items():
        values = shown[name]["values"]
        assert len(values) == len(parameter.values)
        for printed, value in zip(values, parameter.values, strict=True):
            assert printed["from"] == value.valid_from.isoformat()
            assert printed["value"] == json.loads(json.dumps(value.value))
            source = printed["source"]
            if value.source.passage is not None:
                assert source["passage"] == value.source.passage.id
                assert source["section"] == value.source.passage.section
            else:
                assert "passage" not in source
            assert source.get("decision") == value.source.decision
            assert source.get("note", "") == value.source.note
