"""The strategy as study material (``omvarld.policy.study``): each guideline with what rests on it, and the
source text in paragraphs, each under its heading, searched word by word."""

from __future__ import annotations

import pytest

from omvarld.policy import list_versions
from omvarld.policy.study import SECTIONS, guideline, guidelines, read_source, source_document


def test_every_passage_of_every_shipped_version_is_a_guideline_found_in_the_source() -> None:
    cited = {p.id for version in list_versions() for p in version.passages.values()}
    found = guidelines()
    assert {g.id for g in found} == cited
    assert all(g.position >= 0 for g in found)
    assert [g.position for g in found] == sorted(g.position for g in found)  # in the document's order


def test_a_passage_shared_by_versions_has_the_same_words_in_each() -> None:
    seen: dict[str, str] = {}
    for version in list_versions():
        for passage in version.passages.values():
            assert seen.setdefault(passage.id, passage.text) == passage.text, passage.id


def test_a_guideline_knows_the_rules_rows_and_values_that_rest_on_it_and_in_which_versions() -> None:
    found = guideline("strategi.verksamhet.samarbetsavtal")
    assert found is not None
    assert found.versions == ("reservation-2008", "stockholm-2008")  # by effective date, then id
    rules = {use.rule.id: use.versions for use in found.rules}
    assert rules == {
        "agreement.specific_area_mutual_benefit": ("reservation-2008", "stockholm-2008"),
        "agreement.capitals_only": ("stockholm-2008",),  # the reservation drops it
    }
    assert [use.parameter.name for use in found.values] == ["general_subject_words"]
    authority = guideline("strategi.organisation.ks_beslutar")
    assert authority is not None
    assert {(use.table, use.row.id) for use in authority.rows} >= {
        ("decision_authority", "agreement"),
        ("decision_authority", "membership_citywide"),
    }


def test_a_rule_that_cites_a_passage_only_in_one_wording_of_its_reason_says_so() -> None:
    found = guideline("synpunkter.utrikespolitik")
    assert found is not None
    uses = {use.rule.id: use.by_reason for use in found.rules}
    assert uses == {"principle.no_foreign_policy": False, "agreement.capitals_only": True}


def test_an_unknown_passage_is_no_guideline() -> None:
    assert guideline("strategi.finns_inte") is None


def test_each_passage_lies_in_the_part_of_the_document_it_names() -> None:
    document = source_document()
    for found in guidelines():
        paragraphs = document.paragraphs_of(found.passage.text, found.passage.section)
        assert paragraphs, found.id
        assert all(found.id in p.passages for p in paragraphs)
        part = found.passage.section.split(" › ")[0]
        if part in ("Bilaga 2", "Bilaga 1", "Motion (2001:71)", "Beslut"):
            assert paragraphs[0].section.startswith(part), (found.id, paragraphs[0].section)


def test_the_document_is_read_into_its_parts_in_order() -> None:
    sections = list(dict.fromkeys(p.section for p in source_document().paragraphs))
    assert sections[0] == "Utlåtande 2008:204 RI"
    assert sections[1:] == [name for _, name in SECTIONS]


def test_paragraphs_end_at_short_lines_and_survive_page_breaks_and_hyphens() -> None:
    full = "Stockholms stads internationella arbete ska bidra till att verksamheterna upp-"
    text = "\n".join(
        [
            "Rubrik",
            "",
            "",
            "",
            full,
            "",
            "fyller inriktningsmålen och att staden långsiktigt uppnår sin vision, vilket",
            "",
            "",
            "",
            "",
            "även är ett mål för EU-",  # a page break after a full line, mid-sentence: the same paragraph
            "",
            "projekt i staden.",
            "",
            "Nästa stycke.",
        ]
    )
    document = read_source(text, [("Rubrik", "Del 1"), ("Nästa stycke.", "Del 2")])
    texts = [p.text for p in document.paragraphs]
    assert [p.section for p in document.paragraphs] == ["Del 1", "Del 1", "Del 2"]
    assert texts[1] == (
        "Stockholms stads internationella arbete ska bidra till att verksamheterna uppfyller "
        "inriktningsmålen och att staden långsiktigt uppnår sin vision, vilket även är ett mål för "
        "EU-projekt i staden."
    )
    assert texts[2] == "Nästa stycke."
    assert document.paragraphs[1].line == 5


def test_a_source_without_a_heading_the_sections_name_is_refused() -> None:
    with pytest.raises(ValueError, match="has no line 'Kommunstyrelsen föreslår"):
        read_source("Bara en rad.\n")
    with pytest.raises(ValueError, match="has no line 'Andra delen'"):
        read_source("Första delen\n\nText.\n", [("Första delen", "1"), ("Andra delen", "2")])


def test_search_finds_paragraphs_with_every_word_the_phrase_first_whatever_the_case() -> None:
    result = source_document().search("  Huvudstäder   SAMARBETSAVTAL ")
    assert result.words == ("huvudstäder", "samarbetsavtal")
    assert result.total == len(result.hits) >= 1
    hit = result.hits[0]
    assert hit.paragraph.section == "Bilaga 2 › 2) Verksamhetsutveckling"
    assert "strategi.verksamhet.samarbetsavtal" in hit.paragraph.passages
    assert "".join(text for text, _ in hit.pieces) == hit.paragraph.text
    assert {text.casefold() for text, match in hit.pieces if match} == {"huvudstäder", "samarbetsavtal"}
    phrase = source_document().search("konkret nytta")
    assert phrase.hits[0].phrase
    assert not phrase.hits[-1].phrase or phrase.total == len([h for h in phrase.hits if h.phrase])


def test_search_reads_words_joined_again_at_line_ends() -> None:
    assert source_document().search("enlighet med vad som anförts").total >= 1  # "enlig-/het" in the file
    assert source_document().search("EU-projekt").total >= 1  # "EU-/projekt": the hyphen is the word's


def test_search_limits_the_hits_it_shows_but_counts_them_all() -> None:
    result = source_document().search("staden", limit=3)
    assert len(result.hits) == 3
    assert result.total > 3


def test_an_empty_search_finds_nothing() -> None:
    assert source_document().search("   ").hits == ()
    assert source_document().search("xyzzy").total == 0
