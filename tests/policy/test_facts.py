"""Facts declare what they read (issue 6, point 4), and ``compare`` may rely on it.

An instrumented context records, while a fact's function runs, every other fact it reads and every
parameter it reads. Compiled conditions and templates read the context's ``cache`` and ``params``
directly, not through ``get``; so the record is kept by the cache and the parameter mapping too, and a
read is charged to the fact whose function is running (the nearest such frame on the call stack).
Reads by no fact — the engine's own, a rule's conditions — are not charged. Each fact's function is
also called by itself, on a fresh context, for every engagement, so that every fact runs.
"""

from __future__ import annotations

import importlib
import shutil
import sys
from collections.abc import Iterator, Mapping
from datetime import date
from pathlib import Path
from types import CodeType, FrameType
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from tests.policy.engagements import case_inputs, engagements, every_wording

from omvarld.policy import PolicyVersion, list_versions, load_file
from omvarld.policy.compare import compare_one, depends_on
from omvarld.policy.conditions import condition_facts
from omvarld.policy.engine import evaluate, prepared
from omvarld.policy.facts import FACTS, Context, closure
from omvarld.policy.loader import VERSIONS_DIR

VERSIONS = list_versions()
DAY = date(2026, 11, 26)


def _fact_codes() -> dict[CodeType, str]:
    """Each fact function's code, by fact; the field facts share one function per type of field
    (they read only the engagement), so their code names no single fact."""
    codes: dict[CodeType, str] = {}
    for name, spec in FACTS.items():
        code = spec.fn.__code__
        codes[code] = "<a field fact>" if code in codes else name
    return codes


FACT_CODES = _fact_codes()


def running_fact() -> str | None:
    """The fact whose function is running (the nearest on the call stack), if any."""
    frame: FrameType | None = sys._getframe(2)
    while frame is not None:
        name = FACT_CODES.get(frame.f_code)
        if name is not None:
            return name
        frame = frame.f_back
    return None


class Reads:
    """What each fact was seen to read."""

    def __init__(self) -> None:
        self.facts: set[tuple[str, str]] = set()
        self.params: set[tuple[str, str]] = set()
        self.version: set[str] = set()

    def fact(self, name: str) -> None:
        reader = running_fact()
        if reader is not None and reader != name:
            self.facts.add((reader, name))

    def param(self, name: str) -> None:
        reader = running_fact()
        if reader is not None:
            self.params.add((reader, name))


class RecordingCache(dict[str, Any]):
    """The context's fact cache, recording each lookup (compiled conditions read it directly)."""

    def __init__(self, reads: Reads) -> None:
        super().__init__()
        self.reads = reads

    def get(self, name: str, default: Any = None) -> Any:  # type: ignore[override]
        self.reads.fact(name)
        return super().get(name, default)

    def __getitem__(self, name: str) -> Any:
        self.reads.fact(name)
        return super().__getitem__(name)


class RecordingParams(Mapping[str, Any]):
    """The parameters in force, recording each read."""

    def __init__(self, inner: Mapping[str, Any], reads: Reads) -> None:
        self.inner = inner
        self.reads = reads

    def __getitem__(self, name: str) -> Any:
        self.reads.param(name)
        return self.inner[name]

    def get(self, name: str, default: Any = None) -> Any:
        self.reads.param(name)
        return self.inner.get(name, default)

    def __contains__(self, name: object) -> bool:
        if isinstance(name, str):
            self.reads.param(name)
        return name in self.inner

    def __iter__(self) -> Iterator[str]:
        return iter(self.inner)

    def __len__(self) -> int:
        return len(self.inner)


class InstrumentedContext(Context):
    """A context that records what each fact reads: other facts (``get`` and the cache), parameters,
    and the version (through which a fact consults a decision table)."""

    __slots__ = ("_version", "reads")

    def __init__(self, data: Mapping[str, Any], as_of: date, version: PolicyVersion, reads: Reads) -> None:
        self.reads = reads
        super().__init__(data, as_of, RecordingParams(version.params_at(as_of), reads), version)
        self.cache = RecordingCache(reads)

    @property  # type: ignore[override]
    def version(self) -> PolicyVersion:
        reader = running_fact()
        if reader is not None:
            self.reads.version.add(reader)
        return self._version

    @version.setter
    def version(self, value: PolicyVersion) -> None:
        self._version = value

    def get(self, name: str) -> Any:
        self.reads.fact(name)
        return super().get(name)


def observe(reads: Reads, version: PolicyVersion, data: Mapping[str, Any], day: date) -> None:
    """Assess ``data`` with an instrumented context, then run every fact by itself on a fresh one."""
    evaluate(version, data, day, context=InstrumentedContext(data, day, version, reads))
    for spec in FACTS.values():
        spec.fn(InstrumentedContext(data, day, version, reads))


def table_reads(version: PolicyVersion, table: str) -> tuple[set[str], set[str]]:
    """The facts and parameters the conditions of a version's table name."""
    rows = (version.document.get("tables") or {}).get(table, {}).get("rows", [])
    whens = [row.get("when") for row in rows]
    return set(condition_facts(whens)), set(condition_facts(whens, ("param",)))


def undeclared(reads: Reads, version: PolicyVersion) -> list[str]:
    """Every read that the reading fact did not declare. A fact that declares a table may read what
    the table's conditions name."""
    problems = []
    allowed_facts: dict[str, set[str]] = {}
    allowed_params: dict[str, set[str]] = {}
    for name, spec in FACTS.items():
        allowed_facts[name] = set(spec.reads)
        allowed_params[name] = set(spec.params)
        for table in spec.tables:
            facts, params = table_reads(version, table)
            allowed_facts[name] |= facts
            allowed_params[name] |= params
    allowed_facts["<a field fact>"] = set()
    allowed_params["<a field fact>"] = set()
    for reader, name in sorted(reads.facts):
        if name not in allowed_facts[reader]:
            problems.append(f"{reader} reads the fact {name}")
    for reader, name in sorted(reads.params):
        if name not in allowed_params[reader]:
            problems.append(f"{reader} reads the parameter {name}")
    for reader in sorted(reads.version):
        if reader == "<a field fact>" or not FACTS[reader].tables:
            problems.append(f"{reader} consults the version without declaring a table")
    return problems


# ---------------------------------------------------------------- the instrument itself


def test_the_instrument_charges_each_read_to_the_fact_that_made_it() -> None:
    version = next(v for v in VERSIONS if v.id == "stockholm-2008")
    data, day = prepared(
        {"kind": "invitation", "travel_paid_by": "inviter", "role": "talare", "cost_sek": 5}, DAY
    )
    reads = Reads()
    observe(reads, version, data, day)
    assert ("travel_exception_sought", "role_is_significant") in reads.facts
    assert ("role_is_significant", "role_kind") in reads.facts
    assert ("role_is_significant", "significant_roles") in reads.params
    assert ("cost_at_or_above_threshold", "major_engagement_threshold_sek") in reads.params
    assert "decided_by_unit_body" in reads.version
    # and a read a fact did not declare is reported
    reads.facts.add(("goals_sv", "benefit"))
    reads.params.add(("goals_sv", "brand_text"))
    reads.version.add("goals_sv")
    assert undeclared(reads, version) == [
        "goals_sv reads the fact benefit",
        "goals_sv reads the parameter brand_text",
        "goals_sv consults the version without declaring a table",
    ]


# ---------------------------------------------------------------- every fact reads only what it declares


def assert_declared(data: Mapping[str, Any]) -> None:
    for version in VERSIONS:
        item, day = prepared(data, DAY)
        reads = Reads()
        observe(reads, version, item, day)
        assert undeclared(reads, version) == [], (version.id, data)


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(engagements)
def test_facts_read_only_what_they_declare_on_any_engagement(data: dict[str, Any]) -> None:
    assert_declared(data)


def test_facts_read_only_what_they_declare_on_the_cases_and_every_wording() -> None:
    inputs = [data for _, data in case_inputs()] + every_wording()[::9]
    reads = {v.id: Reads() for v in VERSIONS}
    for data in inputs:
        item, day = prepared(data, DAY)
        for version in VERSIONS:
            observe(reads[version.id], version, item, day)
    for version in VERSIONS:
        assert undeclared(reads[version.id], version) == [], version.id
    # the engagements exercise the facts: most declared reads were seen
    seen = {pair for r in reads.values() for pair in r.facts}
    declared = {(name, dep) for name, spec in FACTS.items() for dep in spec.reads}
    assert len(seen & declared) >= 0.9 * len(declared), sorted(declared - seen)


def test_every_declared_need_is_among_the_reads_and_every_declaration_names_what_exists() -> None:
    parameters = {name for v in VERSIONS for name in v.parameters}
    for name, spec in FACTS.items():
        assert set(spec.needs) <= set(spec.reads), name
        assert set(spec.reads) <= set(FACTS), name
        assert name not in spec.reads, name
        assert set(spec.params) <= parameters, name
        assert set(spec.tables) <= {"decision_authority", "documentation"}, name


def test_what_a_fact_consults_through_a_table_is_among_the_parameters_compare_sees_it_depend_on() -> None:
    # A fact that consults a table (decided_by_unit_body) depends on whatever the table's conditions
    # read: compare follows the table to them, so no list of them is kept by hand.
    for version in VERSIONS:
        for name, spec in FACTS.items():
            if not spec.tables:
                continue
            declared, _ = depends_on(name, (version,))
            for table in spec.tables:
                facts, params = table_reads(version, table)
                through = {p for f in closure(sorted(facts)) for p in FACTS[f].params} | params
                assert through <= declared, (version.id, name, sorted(through - declared))


# ---------------------------------------------------------------- compare relies on the declarations


@pytest.fixture(scope="module")
def versions_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The shipped versions copied beside the overlays below (an overlay's base is found beside it)."""
    folder = tmp_path_factory.mktemp("versions")
    for path in VERSIONS_DIR.glob("*.yaml"):
        shutil.copy(path, folder / path.name)
    return folder


def overlay(folder: Path, version_id: str, parameter: str, value: object) -> PolicyVersion:
    """A version deriving from stockholm-2008 that changes one parameter from its start."""
    base = load_file(folder / "stockholm-2008.yaml")
    spec = base.document["parameters"][parameter]
    document = {
        "id": version_id,
        "title": f"Prov: {parameter} ändrad",
        "status": "alternative",
        "effective_from": date(2008, 12, 3),
        "effective_to": None,
        "derives_from": "stockholm-2008",
        "source": {"document": "Prov", "registration_numbers": [], "file": "utl-2008-204.txt"},
        "parameters": {
            parameter: {
                "description": spec["description"],
                "values": [{"from": date(2008, 12, 3), "value": value, "source": {"decision": "Prov."}}],
            }
        },
    }
    path = folder / f"{version_id}.yaml"
    path.write_text(yaml.safe_dump(document, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return load_file(path)


def finding_view(a: Any) -> list[tuple[str, str, str, list[dict[str, str]]]]:
    return [(f.rule.id, f.verdict, f.reason, f.citations()) for f in a.findings]


def assert_compare_agrees(va: PolicyVersion, vb: PolicyVersion, inputs: list[dict[str, Any]]) -> int:
    """``compare_one`` gives, for each engagement, what assessing it under each version gives."""
    changed = 0
    for index, data in enumerate(inputs):
        item, day = prepared(data, DAY)
        a, b = evaluate(va, item, day), evaluate(vb, item, day)
        change = compare_one(item, index, va, vb, day, include_finding_only=True)
        if change is None:
            assert (a.outcome, a.decided_by, a.requirements) == (b.outcome, b.decided_by, b.requirements), (
                data
            )
            assert finding_view(a) == finding_view(b), data
            continue
        changed += 1
        assert change.a.to_dict() == a.to_dict(), data
        assert change.b.to_dict() == b.to_dict(), data
    return changed


@pytest.fixture(scope="module")
def stockholm_2008(versions_dir: Path) -> PolicyVersion:
    return load_file(versions_dir / "stockholm-2008.yaml")


@pytest.fixture(scope="module")
def interval_2(versions_dir: Path) -> PolicyVersion:
    return overlay(versions_dir, "intervall-2", "review_interval_years", 2)


def test_compare_reuses_what_a_changed_review_interval_cannot_touch(
    stockholm_2008: PolicyVersion, interval_2: PolicyVersion
) -> None:
    compare_module = importlib.import_module("omvarld.policy.compare")  # the package exports compare()
    differing = compare_module._differences(stockholm_2008, interval_2, DAY)
    assert differing == (frozenset({"review_interval_years"}), frozenset())
    reusable = compare_module._reusable((stockholm_2008, interval_2), *differing)
    touched = set(FACTS) - reusable
    assert touched == {"membership_review_due", "membership_review_current", "membership_review_due_today"}
    assert {"counterpart_place", "capital_status", "role_kind", "decided_by_unit_body"} <= reusable
    shared = compare_module._shared_rules(stockholm_2008, interval_2, *differing)
    assert "membership.regular_review" not in shared
    assert {"principle.goal_link", "agreement.capitals_only", "invitation.city_pays_travel"} <= shared


def test_compare_with_a_changed_review_interval_agrees_with_assessing_under_each_version(
    stockholm_2008: PolicyVersion, interval_2: PolicyVersion
) -> None:
    inputs = [data for _, data in case_inputs()] + every_wording()[::3]
    assert assert_compare_agrees(stockholm_2008, interval_2, inputs) >= 5  # reviews 2 to 4 years old


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=engagements)
def test_compare_with_a_changed_review_interval_agrees_on_any_engagement(
    stockholm_2008: PolicyVersion, interval_2: PolicyVersion, data: dict[str, Any]
) -> None:
    assert_compare_agrees(stockholm_2008, interval_2, [data])


@pytest.mark.parametrize(
    ("parameter", "value"),
    [
        # The decision table's is_major reads the threshold: a 7 MSEK EU project goes to KS under B.
        ("major_engagement_threshold_sek", 5_000_000),
        # The decision table's travel_exception_sought reads the significant roles.
        ("significant_roles", ["keynote_speaker", "speaker"]),
        ("leading_city_population", 5_000_000),
        ("general_subject_words", ["allmänt"]),
    ],
)
def test_compare_with_a_changed_parameter_agrees_with_assessing_under_each_version(
    versions_dir: Path, stockholm_2008: PolicyVersion, parameter: str, value: object
) -> None:
    va = stockholm_2008
    vb = overlay(versions_dir, f"prov-{parameter.replace('_', '-')}", parameter, value)
    inputs = [data for _, data in case_inputs()] + every_wording()[::3]
    unit = {"code": "MHN", "name": "Miljö- och hälsoskyddsnämnden", "type": "namnd"}
    inputs.append({"kind": "eu_project", "unit": unit, "cost_sek": 7_000_000, "as_of": "2026-11-26"})
    inputs.append({"kind": "invitation", "unit": unit, "travel_paid_by": "inviter", "role": "moderator"})
    assert_compare_agrees(va, vb, inputs)
