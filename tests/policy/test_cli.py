"""The ``omvarld assess | compare | prioritise | policy`` command line."""

from __future__ import annotations

import io
import json
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from tests.policy.conftest import base

from omvarld.policy.cli import JSON_ERROR_FALLBACK, main


def run(argv: list[str], stdin: str | bytes | None = None) -> tuple[int, str, str]:
    """The CLI in process; ``stdin`` as text (a text stream) or bytes (a binary stream)."""
    out, err = io.StringIO(), io.StringIO()
    stream: io.StringIO | io.BytesIO | None = None
    if isinstance(stdin, bytes):
        stream = io.BytesIO(stdin)
    elif stdin is not None:
        stream = io.StringIO(stdin)
    code = main(argv, stdout=out, stderr=err, stdin=stream)
    return code, out.getvalue(), err.getvalue()


# English that must never reach the user (argparse's and orjson's own words among them).
ENGLISH = re.compile(
    r"(Traceback|usage:|the following arguments|unrecognized|invalid|expected|required|must|error:|"
    r"choose from|unexpected|character|No such file|directory|Permission|not valid|limit|empty)",
    re.IGNORECASE,
)


def refused(argv: list[str], stdin: str | bytes | None = None) -> str:
    """Run a command that must be refused: exit 2, nothing on stdout, a Swedish message on stderr."""
    code, out, err = run(argv, stdin)
    assert code == 2, (out, err)
    assert out == ""
    assert err.strip()
    assert_swedish(err)
    return err


def assert_swedish(text: str) -> None:
    prose = re.sub(r"”[^”]*”", "”…”", text)  # names of files, fields and values are quoted
    assert not ENGLISH.search(prose), f"English in {text!r}"


def write(tmp_path: Path, data: Any, name: str = "in.json") -> str:
    path = tmp_path / name
    path.write_text(data if isinstance(data, str) else json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return str(path)


def test_assess_prints_one_json_line_for_one_object(tmp_path: Path) -> None:
    code, out, err = run(["assess", write(tmp_path, base("visit"))])
    assert code == 0, err
    (line,) = out.splitlines()
    result = json.loads(line)
    assert list(result)[:6] == ["kind", "policy", "outcome", "decided_by", "findings", "requirements"]
    assert result["policy"] == "stockholm-2008"
    assert "ä" in out or "å" in out  # ensure_ascii=False: Swedish letters stay readable


def test_assess_an_array_prints_json_lines_in_input_order(tmp_path: Path) -> None:
    items = [base("visit", title="ett"), base("communication", title="två"), base("trip", title="tre")]
    code, out, _ = run(["assess", write(tmp_path, items)])
    assert code == 0
    assert [json.loads(line)["title"] for line in out.splitlines()] == ["ett", "två", "tre"]


def test_assess_reads_stdin_with_dash() -> None:
    code, out, _ = run(["assess", "-"], stdin=json.dumps([base("visit"), base("aid")]))
    assert code == 0
    assert [json.loads(line)["kind"] for line in out.splitlines()] == ["visit", "aid"]


def test_bad_json_exits_2_with_a_swedish_message_and_prints_nothing() -> None:
    code, out, err = run(["assess", "-"], stdin='{"kind": "visit",')
    assert code == 2
    assert out == ""
    assert "ogiltig JSON" in err


def test_unknown_kind_names_the_field_and_the_index_and_prints_nothing() -> None:
    code, out, err = run(
        ["assess", "-"], stdin=json.dumps([base("visit"), {**base("visit"), "kind": "party"}])
    )
    assert code == 2
    assert out == ""
    assert "[1].kind" in err
    assert "okänt ärendeslag" in err


@pytest.mark.parametrize(
    ("field", "value", "path"),
    [
        ("cost_sek", "mycket", "cost_sek"),
        ("brand_used", "ja", "brand_used"),
        ("goals", "attraktiv", "goals"),
        ("goals", ["attraktiv", "snygg"], "goals[1]"),
        ("counterpart", {"country": "XX"}, "counterpart.country"),
        ("unit", {"type": 3}, "unit.type"),
        ("last_review", "1 juni 2019", "last_review"),
        ("travel_paid_by", "kommunen", "travel_paid_by"),
    ],
)
def test_wrong_types_exit_2_naming_the_field(field: str, value: Any, path: str) -> None:
    code, out, err = run(["assess", "-"], stdin=json.dumps(base("visit", **{field: value})))
    assert code == 2
    assert out == ""
    assert f"”{path}”" in err
    assert err.startswith("Ogiltig indata")


def test_missing_kind_and_non_object_are_input_errors() -> None:
    assert run(["assess", "-"], stdin="{}")[0] == 2
    code, _, err = run(["assess", "-"], stdin="[1]")
    assert code == 2
    assert "[0]" in err


def test_bad_as_of_option_exits_2(tmp_path: Path) -> None:
    code, out, err = run(["assess", "--as-of", "2026-02-30", write(tmp_path, base("visit"))])
    assert code == 2
    assert out == ""
    assert "--as-of" in err


def test_as_of_precedence_engagement_then_option_then_today(tmp_path: Path) -> None:
    own = base("visit", as_of="2010-01-01")
    other = base("visit")
    other.pop("as_of")
    code, out, _ = run(["assess", "--as-of", "2020-05-05", write(tmp_path, [own, other])])
    assert code == 0
    assert [json.loads(line)["as_of"] for line in out.splitlines()] == ["2010-01-01", "2020-05-05"]


def test_default_policy_is_the_one_in_force_on_the_assessment_date(tmp_path: Path) -> None:
    old = base("visit", as_of="2005-01-01")
    code, out, _ = run(["assess", write(tmp_path, [old, base("visit")])])
    assert code == 0
    assert [json.loads(line)["policy"] for line in out.splitlines()] == ["stockholm-2000", "stockholm-2008"]


def test_unknown_policy_exits_2(tmp_path: Path) -> None:
    code, out, err = run(["assess", "--policy", "stockholm-1999", write(tmp_path, base("visit"))])
    assert code == 2
    assert out == ""
    assert "Okänd policyversion" in err


def test_missing_file_exits_2() -> None:
    code, _, err = run(["assess", "/nonexistent/x.json"])
    assert code == 2
    assert "finns inte" in err


def test_policy_check_exits_0() -> None:
    code, out, err = run(["policy", "check"])
    assert code == 0, err
    assert "OK  stockholm-2008" in out


def test_policy_list_and_show() -> None:
    code, out, _ = run(["policy", "list"])
    assert code == 0
    ids = [line.split("\t")[0] for line in out.splitlines()]
    assert {"stockholm-2008", "reservation-2008", "stockholm-2000"} <= set(ids)
    code, out, _ = run(["policy", "show", "reservation-2008"])
    assert code == 0
    shown = json.loads(out)
    assert shown["derives_from"] == "stockholm-2008"
    assert "agreement.capitals_only" not in {r["id"] for r in shown["rules"]}
    assert shown["source"]["registration_numbers"] == ["Dnr 006-1137/2007", "Dnr 006-1637/2001"]


def test_prioritise_ranks_with_terms(tmp_path: Path) -> None:
    code, out, _ = run(["prioritise", write(tmp_path, [base("communication"), base("visit")])])
    assert code == 0
    rows = [json.loads(line) for line in out.splitlines()]
    assert [r["kind"] for r in rows] == ["visit", "communication"]
    assert rows[0]["terms"]


def test_the_cli_module_runs_without_django_and_starts_quickly(tmp_path: Path) -> None:
    path = write(tmp_path, base("visit"))
    code = (
        "import sys, omvarld.policy.cli as c; rc = c.main(['assess', sys.argv[1]]);"
        "assert 'django' not in sys.modules, 'django was imported'; sys.exit(rc)"
    )
    done = subprocess.run([sys.executable, "-c", code, path], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["kind"] == "visit"


# ---------------------------------------------------------------- refusals: exit 2, Swedish, no traceback


def test_an_empty_file_says_that_the_file_is_empty(tmp_path: Path) -> None:
    assert refused(["assess", write(tmp_path, "")]).endswith("är tom.\n")


@pytest.mark.parametrize("stdin", ["", b""])
def test_empty_stdin_says_that_the_input_is_empty(stdin: str | bytes) -> None:
    assert refused(["assess", "-"], stdin) == "indata (standard in) är tom.\n"


@pytest.mark.parametrize("command", [["assess"], ["prioritise"], ["assess", "--jsonl"]])
def test_a_whitespace_only_file_is_empty(tmp_path: Path, command: list[str]) -> None:
    assert "är tom" in refused([*command, write(tmp_path, " \n\t\r\n  \n")])


def test_a_directory_given_as_file_is_refused(tmp_path: Path) -> None:
    assert "är en katalog, inte en fil" in refused(["assess", str(tmp_path)])
    assert "är en katalog, inte en fil" in refused(["assess", "--jsonl", str(tmp_path)])


def test_a_missing_file_argument_is_refused_in_swedish() -> None:
    err = refused(["assess"])
    assert err.startswith("omvarld assess: dessa argument saknas: FIL\nanvändning: omvarld assess ")
    assert "användning: användning" not in err


def test_an_unknown_option_is_refused_in_swedish() -> None:
    err = refused(["assess", "--bogus", "x.json"])
    assert "okända argument: --bogus" in err
    assert "användning: omvarld" in err


def test_an_invalid_format_choice_is_refused_in_swedish() -> None:
    err = refused(["assess", "--format", "xml", "x.json"])
    assert "argumentet --format: ogiltigt val 'xml' (välj bland 'jsonl', 'text')" in err


def test_an_unknown_command_and_no_command_are_refused_in_swedish() -> None:
    assert "ogiltigt val 'frob'" in refused(["frob"])
    assert "dessa argument saknas: KOMMANDO" in refused([])


def test_an_option_without_its_value_is_refused_in_swedish() -> None:
    assert "argumentet --policy behöver ett värde" in refused(["assess", "x.json", "--policy"])


def test_help_is_swedish_and_goes_to_the_given_stdout() -> None:
    code, out, err = run(["assess", "--help"])
    assert (code, err) == (0, "")
    assert out.startswith("användning: omvarld assess [-h]")
    assert "flaggor:" in out
    assert "visa den här hjälpen och avsluta" in out
    assert_swedish(out)


@pytest.mark.parametrize(
    "document",
    ["[" * 10_000 + "]" * 10_000, '{"kind": "visit", "title": ' + "[" * 10_000 + "]" * 10_000 + "}"],
)
def test_json_nested_10000_deep_is_refused(document: str) -> None:
    assert "för djupt nästlad" in refused(["assess", "-"], document)


def test_an_integer_of_5000_digits_is_refused() -> None:
    assert "ett tal är för stort" in refused(["assess", "-"], "1" * 5000)


def test_a_cost_of_400_nines_is_refused(tmp_path: Path) -> None:
    document = '{"kind": "aid", "cost_sek": ' + "9" * 400 + "}"
    assert "ett tal är för stort" in refused(["assess", write(tmp_path, document)])


def test_a_cost_of_twenty_nines_parses_but_is_refused_as_unreasonable() -> None:
    err = refused(["assess", "-"], '{"kind": "aid", "cost_sek": ' + "9" * 20 + "}")
    assert "fältet ”cost_sek”: är orimligt stort" in err


def test_a_300_letter_policy_is_refused_without_echoing_it_whole(tmp_path: Path) -> None:
    err = refused(["assess", "--policy", "a" * 300, write(tmp_path, base("visit"))])
    assert err.startswith("Okänd policyversion ”aaa")
    assert "a" * 100 not in err


def test_a_byte_order_mark_is_refused_from_a_file(tmp_path: Path) -> None:
    path = tmp_path / "bom.json"
    path.write_bytes(b"\xef\xbb\xbf" + json.dumps(base("visit")).encode())
    assert "byte order mark (BOM)" in refused(["assess", str(path)])


@pytest.mark.parametrize("stdin", [b"\xef\xbb\xbf" + json.dumps(base("visit")).encode(), "\ufeff{}"])
def test_a_byte_order_mark_is_refused_on_stdin(stdin: str | bytes) -> None:
    assert "byte order mark (BOM)" in refused(["assess", "-"], stdin)


INVALID_UTF8 = b'{"kind": "visit", "title": "\xff"}'


def test_invalid_utf8_is_refused_from_a_file(tmp_path: Path) -> None:
    path = tmp_path / "latin1.json"
    path.write_bytes(INVALID_UTF8)
    err = refused(["assess", str(path)])
    assert "texten är inte giltig UTF-8 (rad 1, byte 29 på raden)" in err


def test_invalid_utf8_is_refused_on_stdin() -> None:
    assert "texten är inte giltig UTF-8 (rad 1, byte 29 på raden)" in refused(["assess", "-"], INVALID_UTF8)


def test_invalid_utf8_on_a_later_line_is_located_on_that_line() -> None:
    err = refused(["assess", "-"], b'[\n  {"kind": "visit",\n   "title": "\xe5"}]')
    assert "texten är inte giltig UTF-8 (rad 3, byte 14 på raden)" in err


@pytest.mark.parametrize("surrogate", [chr(0xD800), chr(0xDCFF)])
def test_a_lone_surrogate_in_a_text_stdin_is_refused_as_invalid_utf8(surrogate: str) -> None:
    err = refused(["assess", "-"], '{"kind": "visit", "title": "' + surrogate + '"}')
    assert "texten är inte giltig UTF-8" in err


@pytest.mark.parametrize(
    ("document", "where", "what"),
    [
        ('{"kind": "visit"', "rad 1, kolumn 17", "tar slut för tidigt"),
        ('{\n  "kind": "visit",\n}', "rad 2, kolumn 18", "ett kommatecken står före en avslutande klammer"),
        ("[1,]", "rad 1, kolumn 3", "ett kommatecken står före en avslutande klammer"),
        ("{'kind': 'visit'}", "rad 1, kolumn 2", "ett fältnamn inom dubbla citattecken väntades"),
        ('{"kind": "aid", "cost_sek": NaN}', "rad 1, kolumn 29", "NaN och Infinity finns inte i JSON"),
        ('{"kind": "aid", "cost_sek": Infinity}', "rad 1, kolumn 29", "ett JSON-värde väntades"),
        ("visit", "rad 1, kolumn 1", "ett JSON-värde väntades"),
        ('{"kind": "visit", "brand_used": True}', "rad 1, kolumn 33", "ett JSON-värde väntades"),
        ('{"kind": "visit", "brand_used": tru}', "rad 1, kolumn 33", "true, false och null"),
        ('{"kind": "visit"} {"kind": "aid"}', "rad 1, kolumn 19", "extra tecken efter JSON-värdet"),
        ('{"kind": "visit"}\n{"kind": "aid"}', "rad 2, kolumn 1", "extra tecken efter JSON-värdet"),
        ('{"kind" "visit"}', "rad 1, kolumn 9", "ett kolon väntades efter fältnamnet"),
        ('{"kind": "visit" "title": "x"}', "rad 1, kolumn 18", "ett kommatecken eller } väntades"),
        ("[1 2]", "rad 1, kolumn 4", "ett kommatecken eller ] väntades"),
        ('"\\x"', "rad 1, kolumn 2", "en ogiltig escape-sekvens"),
        ('"\x01"', "rad 1, kolumn 2", "ett styrtecken i en sträng"),
        ('"\\ud800"', "rad 1, kolumn 2", "ett ofullständigt Unicode-tecken"),
        ('"\\udc00"', "rad 1, kolumn 2", "ett ofullständigt Unicode-tecken"),
        ("[-]", "rad 1, kolumn 3", "ett minustecken utan siffror"),
        ("[1.]", "rad 1, kolumn 4", "ett decimaltecken utan siffror"),
        ("[1e]", "rad 1, kolumn 4", "en exponent (e) utan siffror"),
        ("[01]", "rad 1, kolumn 2", "ett tal får inte börja med 0"),
        ("1e999", "rad 1, kolumn 1", "ett tal är för stort"),
        ("/* kommentar */ {}", "rad 1, kolumn 1", "ett JSON-värde väntades"),
    ],
)
def test_every_json_parse_error_is_swedish_with_line_and_column(document: str, where: str, what: str) -> None:
    err = refused(["assess", "-"], document)
    assert err.startswith(f"indata (standard in): ogiltig JSON på {where}: ")
    assert what in err
    assert JSON_ERROR_FALLBACK not in err


def test_a_json_parse_error_in_a_file_names_the_file(tmp_path: Path) -> None:
    path = write(tmp_path, '{"kind": "visit",')
    assert refused(
        ["compare", "--policy", "stockholm-2008", "--against", "reservation-2008", path]
    ).startswith(f"filen ”{path}”: ogiltig JSON på rad 1, kolumn 18")


def test_an_unreadable_file_is_refused_in_swedish(tmp_path: Path) -> None:
    path = Path(write(tmp_path, base("visit")))
    path.chmod(0)
    try:
        if path.open("rb"):  # root reads anything: nothing to prove then
            pytest.skip("the file is readable anyway (running as root)")
    except PermissionError:
        assert "kan inte läsas: behörighet saknas" in refused(["assess", str(path)])
    finally:
        path.chmod(0o600)


def test_policy_check_of_a_missing_file_is_swedish() -> None:
    code, _, err = run(["policy", "check", "/nonexistent/x.yaml"])
    assert code == 2
    assert err == "FEL /nonexistent/x.yaml: finns inte\n"


def test_an_engagement_before_every_version_is_refused_before_any_output(tmp_path: Path) -> None:
    items = [base("visit") for _ in range(3000)] + [base("visit", as_of="1900-01-01")]
    assert refused(["assess", write(tmp_path, items)]) == (
        "Ingen policyversion gäller den 1900-01-01; ange en med --policy.\n"
    )


# ---------------------------------------------------------------- the text memo


def test_assess_format_text_prints_a_swedish_memo(tmp_path: Path) -> None:
    case = base(
        "agreement",
        agreement_type="twin_city",
        title="Vänortsavtal med Riga",
        benefit=None,
        counterpart={"name": "Rigas stad", "type": "city", "city": "Riga", "country": "LV"},
    )
    path = write(tmp_path, case)
    code, memo, err = run(["assess", "--format", "text", path])
    assert (code, err) == (0, "")
    assert memo.startswith("Bedömning av ärendet ”Vänortsavtal med Riga” (samarbetsavtal)\n")
    assert "\nUtfall: " in memo
    assert "\nBeslutar: " in memo
    _, out, _ = run(["assess", path])
    assessment = json.loads(out)
    assert assessment["findings"]
    for finding in assessment["findings"]:
        assert finding["reason"] in memo
        for citation in finding["citations"]:
            assert f"– {citation['section']}" in memo
    quotes = {c["quote"] for f in assessment["findings"] for c in f["citations"]}
    assert all(f"Stöd: ”{quote}”" in memo for quote in quotes)
    for question in assessment["questions"]:
        assert question["question"] in memo
    codes = (
        r"\b(not_fulfilled|fulfilled|needs_info|not_applicable|approve|reject|incomplete|blocking|advisory)\b"
    )
    assert not re.search(codes, memo)
    assert not re.search(r"\b(twin_city|cooperation|city|agreement|goals|benefit|namnd)\b", memo)


def test_the_memo_keeps_the_inputs_text_on_its_own_line(tmp_path: Path) -> None:
    # A title or answer with line breaks or terminal controls could forge a line of the memo.
    forged = "Resa\n\nUtfall: Förenligt med strategin.\r\x1b[2JBeslutar: nämnden\u2028slut"
    case = base("trip", title=forged, subject_area="klimat\nUtfall: godkänt")
    code, memo, _ = run(["assess", "--format", "text", write(tmp_path, case)])
    assert code == 0
    assert memo.count("\nUtfall: ") == 1
    assert "\x1b" not in memo
    assert "\r" not in memo
    assert "\u2028" not in memo
    assert memo.startswith(
        "Bedömning av ärendet ”Resa  Utfall: Förenligt med strategin.  [2JBeslutar: nämnden slut”"
    )
    assert not any(line.startswith(("Utfall: godkänt", "Beslutar: nämnden")) for line in memo.splitlines())


def test_format_text_separates_the_memos_of_an_array(tmp_path: Path) -> None:
    code, memo, _ = run(["assess", "--format", "text", write(tmp_path, [base("visit"), base("aid")])])
    assert code == 0
    assert memo.count("Bedömning av ärendet") == 2
    assert "\n\nBedömning av ärendet ”Test: aid”" in memo
