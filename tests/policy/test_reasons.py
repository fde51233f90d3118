"""Reasons a reader can trust (issue 6, point 3).

Every wording of every reason of every rule of every shipped version is rendered with representative
facts — engagements that drive each rule to each verdict and each wording (``every_wording``), the
project's cases, and real unit names — and every sentence and question is checked for the faults a
reader would stumble on: English words (value codes, field names, any snake_case identifier), doubled
or nested parentheses, run-on sentences, a placeholder word where a value was missing, a body named
twice, a question asked twice. A final test proves that every wording was reached, so that no wording
escapes the checks unseen. Passage ids are checked to be spelt as the words they name.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from tests.policy.engagements import case_inputs, every_wording

from omvarld.policy import Assessment, PolicyVersion, assess, list_versions
from omvarld.policy.interchange import FIELDS, question_for
from omvarld.policy.model import BODIES, VERDICTS, template_fields
from omvarld.policy.roles import ROLES

VERSIONS = list_versions()

# ---------------------------------------------------------------- the faults


def fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def _codes() -> set[str]:
    """The engine's own English vocabulary: field names, enumerated values, role ids, verdicts,
    outcomes — less the codes that are Swedish words as they stand."""
    codes: set[str] = set(ROLES) | set(VERDICTS) | set(BODIES) | {"approve", "reject", "incomplete"}
    for spec in FIELDS.values():
        codes.add(spec.name)
        codes.update(spec.values or {})
        for sub in spec.fields.values():
            codes.add(sub.name)
            codes.update(sub.values or {})
    swedish = {"region", "organisation", "moderator", "motion", "positionering", "verksamhetsutveckling"}
    swedish |= {"attraktiv", "kvalitet", "kostnadseffektiv", "kommunstyrelsen", "bolag", "bolagsstyrelse"}
    return codes - swedish


CODES = re.compile(
    r"(?<![\w-])(" + "|".join(sorted(map(re.escape, _codes()), key=len, reverse=True)) + r")(?![\w-])"
)
SNAKE_CASE = re.compile(r"\b[A-Za-z]+_[A-Za-z0-9_]+\b")
QUOTED = re.compile(r"”[^”]*”")
MISSING_VALUE = re.compile(r"\b(okänt|None|null|nan|undefined)\b|[{}]")
RUN_ON = re.compile(r"\s+[A-ZÅÄÖ]|[^\W\d_]")  # what follows a closing quote
BODY_WORDS = ("kommunstyrelsen", "kommunfullmaktige", "beredningen")


def faults(text: str, unit_name: str | None = None) -> list[str]:
    """What is wrong with a Swedish sentence shown to a reader (empty when nothing is). The user's own
    words, quoted ”…”, are not the engine's: they are left out of the word checks."""
    found: list[str] = []
    prose = QUOTED.sub("”…”", text)
    if CODES.search(prose):
        found.append(f"engelskt kodord {CODES.findall(prose)}")
    if SNAKE_CASE.search(prose):
        found.append(f"identifierare {SNAKE_CASE.findall(prose)}")
    depth = 0
    for ch in prose:
        depth += {"(": 1, ")": -1}.get(ch, 0)
        if depth > 1 or depth < 0:
            found.append("dubbla eller nästlade parenteser")
            break
    if re.search(r"\(\s*\)|\)\s*\(", prose):
        found.append("dubbla parenteser")
    if any(RUN_ON.match(text, quote.end()) for quote in QUOTED.finditer(text)):
        found.append("citat utan skiljetecken före nästa mening")
    if re.search(r"\.\s*\.|,\s*[.,]|;\s*[.;]", prose):
        found.append("dubbla skiljetecken")
    if not text.rstrip().endswith((".", "?", "!")):
        found.append("slutar utan punkt, frågetecken eller utropstecken")
    missing = MISSING_VALUE.search(prose)
    if missing:
        found.append(f"ett saknat värde visas som {missing.group(0)!r}")
    if re.search(r"(?<!\w)([^\W\d_]+) \1(?!\w)", prose, re.IGNORECASE):
        found.append("samma ord två gånger i rad")
    folded = fold(prose)
    for body in BODY_WORDS:
        if folded.count(body) > 1:
            found.append(f"{body} nämns två gånger")
    for match in re.finditer(r"([\w-]+)\s*\(([^()]*)\)", prose):
        outer, inner = fold(match.group(1)), fold(match.group(2))
        if len(outer) >= 4 and (outer in inner or inner in outer):
            found.append(f"samma organ nämns två gånger: {match.group(0)!r}")
    if unit_name and fold(text).count(fold(unit_name)) > 1:
        found.append(f"enhetens namn {unit_name!r} nämns två gånger")
    return found


@pytest.mark.parametrize(
    ("text", "fault"),
    [
        ("Rollen som speaker är ingen väsentlig roll.", "engelskt kodord"),
        ("Medlemskapet gäller en citywide organisation.", "engelskt kodord"),
        ("Det framgår inte om bribery_assessment_done är angivet.", "identifierare"),
        ("Det framgår inte när last_review var.", "identifierare"),
        ("Motparten ”Nairobi” (Kenya (Östafrika)) ligger långt bort.", "nästlade parenteser"),
        ("Ärendet beslutas av nämnden (Miljö- och hälsoskyddsnämnden).", "samma organ"),
        ("Ärendet beslutas av kommunstyrelsen (Kommunstyrelsen).", "samma organ"),
        ("Synnerliga skäl anges: ”Huvudtalare” Undantaget beslutas av nämnden.", "citat utan skiljetecken"),
        ("Nyttan är angiven: ”x”..", "dubbla skiljetecken"),
        ("Nyttan är angiven. .", "dubbla skiljetecken"),
        ("Nyttan är angiven", "slutar utan punkt"),
        ("Kommunikationen utgår inte från varumärket okänt.", "saknat värde"),
        ("Motparten None är en region.", "saknat värde"),
        ("Det avgör om kommunstyrelsen beslutar; tills vidare anges kommunstyrelsen.", "två gånger"),
        ("Ärendet beslutas av av nämnden.", "samma ord två gånger"),
    ],
)
def test_the_fault_checks_find_the_faults_they_name(text: str, fault: str) -> None:
    assert any(fault in f for f in faults(text)), faults(text)


def test_a_sound_swedish_reason_has_no_faults() -> None:
    text = (
        "Motparten ”Greater London Authority” är styret för London, som är huvudstad i Storbritannien; "
        "ärendet beslutas av Miljö- och hälsoskyddsnämnden (enligt raden för nämndens eget arbete)."
    )
    assert faults(text) == []


# ---------------------------------------------------------------- rendering every wording


@dataclass(frozen=True)
class Rendered:
    version: str
    rule: str
    result: bool | None
    variant: int
    reason: str
    unit_name: str | None
    title: str | None


def _assessments() -> Iterator[Assessment]:
    inputs = every_wording() + [data for _, data in case_inputs()]
    for version in VERSIONS:
        for data in inputs:
            yield assess(data, version)


@pytest.fixture(scope="module")
def assessments() -> list[Assessment]:
    return list(_assessments())


@pytest.fixture(scope="module")
def rendered(assessments: list[Assessment]) -> list[Rendered]:
    out: list[Rendered] = []
    for a in assessments:
        unit = a.ctx.data.get("unit") or {}
        for f in a.findings:
            index = f.rule.reasons[f.result].variants.index(f.variant)
            out.append(Rendered(a.policy, f.rule.id, f.result, index, f.reason, unit.get("name"), a.title))
    return out


def test_every_reason_rendered_is_free_of_faults(rendered: list[Rendered]) -> None:
    seen: dict[tuple[str, str | None], Rendered] = {}
    for r in rendered:
        seen.setdefault((r.reason, r.unit_name), r)
    problems = {
        f"{r.version} {r.rule} [{r.result}, {r.variant}]: {r.reason}": found
        for r in seen.values()
        if (found := faults(r.reason, r.unit_name))
    }
    assert not problems, "\n".join(f"{k}\n    {v}" for k, v in problems.items())


def test_a_reason_that_decides_names_the_body_once_in_swedish(rendered: list[Rendered]) -> None:
    bodies = [r for r in rendered if r.rule == "organisation.unit_body" and r.result is True]
    assert {r.unit_name for r in bodies} >= {"Kommunstyrelsen", "Miljö- och hälsoskyddsnämnden"}
    for r in bodies:
        assert r.reason.startswith("Ärendet beslutas av "), r.reason
        named = r.reason.removeprefix("Ärendet beslutas av ").rstrip(".")
        assert "(" not in named
        if r.unit_name and ("nämnd" in r.unit_name or "styrelse" in r.unit_name):
            assert named in (r.unit_name, "kommunstyrelsen"), r.reason


# Wordings that no valid engagement can reach, each with the reason why. The test below proves that
# none of them is reached and that every other wording is.
UNREACHABLE: dict[tuple[str, bool | None], str] = {
    # A `require` of {fact: F} on a free text or list is unknown or true, never false: the loader's
    # default reason_false ("Villkoret är inte uppfyllt: …") cannot be shown.
    **{
        (rule, False): "require names a text or list fact: never false"
        for rule in (
            "principle.goal_link",
            "principle.concrete_benefit",
            "principle.direction",
            "development.subject_area",
            "development.learning_objective",
            "eu_project.plan_link",
            "monitoring.responsible_unit",
            "organisation.unit_body",
        )
    },
    # An amount is never negative once validated: "cost_sek ≥ 0" is never false.
    ("principle.aid_financing", False): "cost_sek ≥ 0 holds for every valid amount",
    # A `require` over facts that are never unknown (booleans, `known:` tests) is never unknown.
    ("principle.no_foreign_policy", None): "foreign_policy_stance is a boolean (absent means false)",
    ("principle.holistic", None): "applies only when the counterpart's type, its only fact, is known",
    ("principle.leading_partners", None): "unknown only while leading_city_population is not in force, "
    "and a version applies its first values even before it took effect",
    ("membership.scope_stated", None): "a `known:` test is never unknown",
    ("eu_policy.scope", None): "eu_scope_known is a boolean",
    ("request.requested_kind", None): "a `known:` test is never unknown",
    ("communication.brand", None): "brand_used is a boolean (absent means false)",
    ("invitation.bribery_check", None): "bribery_assessment_done is a boolean (absent means false)",
}
# The last, defensive wording of the capitals rule: every sovereign state in the geographic data has a
# capital, so "the capital is not in the city's geographic data" cannot be shown today.
UNREACHABLE_VARIANTS = {("agreement.capitals_only", None, 4): "every sovereign state has a known capital"}


def every_variant(version: PolicyVersion) -> Iterator[tuple[str, bool | None, int]]:
    for rule in version.rules:
        for result in (True, False, None):
            for index in range(len(rule.reasons[result].variants)):
                yield rule.id, result, index


def unreachable(rule: str, result: bool | None, index: int) -> bool:
    return (rule, result) in UNREACHABLE or (rule, result, index) in UNREACHABLE_VARIANTS


@pytest.mark.parametrize("version", VERSIONS, ids=lambda v: v.id)
def test_every_wording_of_every_rule_is_reached_and_checked(
    version: PolicyVersion, rendered: list[Rendered]
) -> None:
    reached = Counter((r.rule, r.result, r.variant) for r in rendered if r.version == version.id)
    expected = list(every_variant(version))
    missing = [key for key in expected if key not in reached and not unreachable(*key)]
    assert not missing, f"wordings no engagement reached (add one to every_wording): {missing}"
    wrongly_listed = [key for key in reached if unreachable(*key)]
    assert not wrongly_listed, f"listed as unreachable but reached: {wrongly_listed}"
    assert set(reached) <= set(expected)


def knows(a: Assessment, names: list[str]) -> bool:
    """Whether every fact or parameter ``names`` is known in the assessment."""
    params = a.version.parameters
    return all((a.ctx.params.get(n) if n in params else a.ctx.get(n)) is not None for n in names)


def test_the_unreachable_wordings_read_well_too(assessments: list[Assessment]) -> None:
    """Rendered directly, with the facts of an engagement the rule judges."""
    checked = 0
    for version in VERSIONS:
        rules = {rule.id: rule for rule in version.rules}
        for rule_id, result, index in every_variant(version):
            if not unreachable(rule_id, result, index):
                continue
            rule = rules[rule_id]
            template = rule.reasons[result].variants[index].template
            a = next(
                a
                for a in assessments
                if a.policy == version.id
                and a.kind in rule.kinds
                and knows(a, template_fields(template.text))
            )
            text = template.render(a.ctx)
            assert faults(text) == [], (version.id, rule_id, result, text)
            checked += 1
    assert checked >= len(UNREACHABLE) + len(UNREACHABLE_VARIANTS)


# ---------------------------------------------------------------- questions


def all_fields() -> Iterator[tuple[str, str | None]]:
    for name, spec in FIELDS.items():
        yield name, spec.question
        for sub, subspec in spec.fields.items():
            yield f"{name}.{sub}", subspec.question


def test_every_question_text_is_sound_swedish() -> None:
    questions = [q for _, q in all_fields() if q]
    for version in VERSIONS:
        for rule in version.rules:
            for result in (True, False, None):
                questions += [v.question for v in rule.reasons[result].variants if v.question]
    assert len(questions) > 30
    problems = {q: faults(q) for q in questions if faults(q)}
    assert not problems, problems


def test_every_field_has_exactly_one_question_text() -> None:
    asked = [(path, q) for path, q in all_fields() if q]
    texts = Counter(q for _, q in asked)
    assert [q for q, n in texts.items() if n > 1] == [], "two fields share one question"


def test_every_open_question_is_asked_once_and_every_missing_fact_is_asked(
    assessments: list[Assessment],
) -> None:
    fields_asked: set[str] = set()
    for a in assessments:
        questions = a.questions
        texts = [q["question"] for q in questions]
        assert len(texts) == len(set(texts)), (a.title, texts)
        named = [q["field"] for q in questions if q["field"]]
        assert len(named) == len(set(named)), (a.title, questions)
        for f in a.findings:
            if f.verdict != "needs_info":
                continue
            assert f.question, (a.policy, f.rule.id, f.reason)
            assert f.question in texts
            if f.field is not None:
                fields_asked.add(f.field)
                assert question_for(f.field) == f.question or f.variant.question == f.question
    # the set asks about much of the format
    assert {
        "goals",
        "benefit",
        "role",
        "travel_paid_by",
        "scope",
        "requested_kind",
        "unit.type",
    } <= fields_asked


# ---------------------------------------------------------------- passage ids


def _words(text: str) -> list[str]:
    return re.findall(r"[a-z]+|[0-9]+", fold(text))


def _common_prefix(a: str, b: str) -> int:
    n = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        n += 1
    return n


# Id words that name no word of their passage, each with why it is right.
ID_WORDS_ALLOWED: dict[tuple[str, str], str] = {
    ("strategi.", "strategi"): "the document part: Bilaga 2, the strategy itself",
    ("strategi.mal.", "mal"): "short for the section 'Övergripande målsättningar'",
    ("strategi.organisation.ks_", "ks"): "KS, Kommunstyrelsen, which the passage names in full",
    ("slk2001.", "slk"): "SLK, stadsledningskontoret, whose 2001 statement the passage quotes",
    ("bilaga1.mhn.", "mhn"): "MHN, Miljö- och hälsoskyddsnämnden, named in full in the section",
    ("strategi.principer.malkoppling", "malkoppling"): "the passage's subject, the goal link",
    ("strategi.positionering.samverkan", "samverkan"): "the passage says 'samarbetar' (work together)",
    ("synpunkter.varumarket", "varumarket"): "the passage's 'samlat budskap' is the brand",
    ("slk2001.geografi", "geografi"): "the passage lists geographies (capitals, Europe, the Baltic)",
    ("slk2001.sakomraden", "sakomraden"): "the passage lists 'de prioriterade områdena'",
}


def misspelt_id_words(passage_id: str, text: str, section: str) -> list[str]:
    """The words of a passage id that do not occur in its text or section — diacritics folded, a
    shared prefix of at least five letters allowed ("omprovning" ~ "omprövas")."""
    known = set(_words(f"{text} {section}"))
    out = []
    for word in _words(passage_id.replace("_", " ").replace(".", " ")):
        if word in known or any(_common_prefix(word, w) >= 5 for w in known):
            continue
        if any(passage_id.startswith(prefix) and word == w for prefix, w in ID_WORDS_ALLOWED):
            continue
        out.append(word)
    return out


@pytest.mark.parametrize("version", VERSIONS, ids=lambda v: v.id)
def test_every_passage_id_is_spelt_as_the_words_it_names(version: PolicyVersion) -> None:
    wrong = {
        p.id: words
        for p in version.passages.values()
        if (words := misspelt_id_words(p.id, p.text, p.section))
    }
    assert not wrong, wrong


def test_the_id_check_catches_a_misspelt_id() -> None:
    passage = next(v for v in VERSIONS if v.id == "stockholm-2008").passages[
        "strategi.principer.fortroendeposter"
    ]
    assert misspelt_id_words(passage.id, passage.text, passage.section) == []
    assert misspelt_id_words("strategi.principer.forfattningsposter", passage.text, passage.section) == [
        "forfattningsposter"
    ]


def test_every_allowed_id_word_is_still_needed() -> None:
    used = set()
    for version in VERSIONS:
        for p in version.passages.values():
            known = set(_words(f"{p.text} {p.section}"))
            id_words = _words(p.id.replace("_", " ").replace(".", " "))
            for prefix, word in ID_WORDS_ALLOWED:
                named = p.id.startswith(prefix) and word in id_words
                if named and word not in known and not any(_common_prefix(word, w) >= 5 for w in known):
                    used.add((prefix, word))
    assert used == set(ID_WORDS_ALLOWED)
