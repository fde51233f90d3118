"""Reading a file to import: CSV in UTF-8 or Windows-1252, separated by semicolons, commas or tabs; Excel
workbooks read as values; rows numbered as a spreadsheet shows them; every limit a Swedish refusal."""

from __future__ import annotations

import datetime
import io
import re
import zipfile

import pytest
from openpyxl import Workbook

from omvarld.core.errors import ApplicationError
from omvarld.imports.reading import column_letter, delimiter, preview_table, read_table

ROWS = "Rubrik;Enhet;Kostnad\nStudieresa till Åbo;MHN;12 000\nMedlemskap i Eurocities;KS;180000\n"


def refusal(name: str, content: bytes) -> str:
    with pytest.raises(ApplicationError) as refused:
        read_table(name, content)
    assert refused.value.message == "Filen kunde inte läsas; ingenting har ändrats."
    return " ".join(detail.message for detail in refused.value.details)


@pytest.mark.parametrize(
    "content",
    [ROWS.encode("utf-8"), b"\xef\xbb\xbf" + ROWS.encode("utf-8")],
    ids=["UTF-8", "UTF-8 with a byte-order mark"],
)
def test_a_csv_file_in_utf8_is_read_with_or_without_its_byte_order_mark(content: bytes) -> None:
    table = read_table("register.csv", content)
    assert table.header == ["Rubrik", "Enhet", "Kostnad"]
    assert table.rows == [
        (2, ["Studieresa till Åbo", "MHN", "12 000"]),
        (3, ["Medlemskap i Eurocities", "KS", "180000"]),
    ]
    assert table.notices == []


def test_a_csv_file_in_windows_1252_is_read_and_the_user_is_told() -> None:
    table = read_table("register.csv", ROWS.encode("cp1252"))
    assert table.rows[0][1][0] == "Studieresa till Åbo"
    assert table.notices == [
        "Filen är inte i UTF-8: den lästes som Windows-1252 "
        "(det Excel sparar som ”CSV (semikolonavgränsad)”). "
        "Kontrollera att å, ä och ö ser rätt ut nedan; spara den som ”CSV UTF-8” för att vara säker."
    ]


def test_a_file_in_neither_encoding_is_refused() -> None:
    assert "varken text i UTF-8 eller i Windows-1252" in refusal("register.csv", b"Rubrik\n\x81\x8d\n")


@pytest.mark.parametrize(
    ("heading", "found"),
    [
        ("Rubrik;Enhet", ";"),
        ("Rubrik,Enhet", ","),
        ("Rubrik\tEnhet", "\t"),
        ('"Rubrik, kort";Enhet', ";"),
        ("Rubrik", ";"),
    ],
)
def test_the_separator_is_the_one_the_heading_uses(heading: str, found: str) -> None:
    assert delimiter(heading) == found


def test_rows_are_numbered_as_a_spreadsheet_shows_them() -> None:
    text = 'Rubrik,Beskrivning\nEtt,"två\nrader"\n,\nTre,\n'
    table = read_table("register.csv", text.encode())
    # The heading is row 1; a cell over two lines is one row; an empty row is left out but counted.
    assert table.rows == [(2, ["Ett", "två\nrader"]), (4, ["Tre", None])]


def test_a_broken_csv_file_is_refused_with_its_row() -> None:
    assert "Rad 3: filen är ingen giltig CSV-fil" in refusal("register.csv", b'Rubrik\nEtt\n"Tv\xc3\xa5"x\n')


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b'Rubrik\nEtt\n"Tv\xc3\xa5"x\n', 'ett citattecken (") i en cell måste dubbleras'),
        (b'Rubrik\nEtt\n"Tv\xc3\xa5', "filen tar slut inne i en cell som börjar med citattecken"),
        (b"Rubrik\n" + b"x" * 200_000 + b"\n", "en cell är längre än 131 072 tecken"),
    ],
)
def test_why_a_row_cannot_be_read_is_said_in_swedish(content: bytes, reason: str) -> None:
    said = refusal("register.csv", content)
    assert reason in said
    assert not re.search(r"expected|field limit|end of data", said)


def test_excels_line_naming_the_separator_is_read_and_not_counted() -> None:
    table = read_table("register.csv", b"sep=,\r\nRubrik;del,Enhet\r\nResa;kort,MHN\r\n")
    assert table.header == ["Rubrik;del", "Enhet"]
    assert table.rows == [(2, ["Resa;kort", "MHN"])]


def test_excels_unicode_text_is_read() -> None:
    table = read_table("register.csv", ("Rubrik\tEnhet\nStudieresa till Åbo\tMHN\n").encode("utf-16"))
    assert table.rows == [(2, ["Studieresa till Åbo", "MHN"])]


def test_utf16_without_its_mark_is_refused_with_how_to_save_it() -> None:
    said = refusal("register.csv", "Rubrik;Enhet\n".encode("utf-16-le"))
    assert "NUL-tecken" in said
    assert "CSV UTF-8" in said


def test_a_workbook_is_read_as_values_from_its_first_sheet() -> None:
    may, june = datetime.datetime(2024, 5, 2), datetime.datetime(2024, 6, 1)  # noqa: DTZ001 (no zone in a workbook)
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Inbjudningar"
    sheet.append(["Rubrik", "Börjar", "Kostnad", "Anteckning"])
    sheet.append(["Inbjudan till Oslo", may, 12000, '=HYPERLINK("http://x")'])
    sheet["D2"].data_type = "s"  # text that begins with "=", as a user typed it with a leading apostrophe
    sheet.append(["Inbjudan till Riga", datetime.date(2024, 6, 1), 9000.0, None])
    sheet["E3"] = "=1+1"  # a formula: read as the value it last had (none, in a file no program computed)
    workbook.create_sheet("Annat")
    content = io.BytesIO()
    workbook.save(content)

    table = read_table("inbjudningar.xlsx", content.getvalue())

    assert table.header == ["Rubrik", "Börjar", "Kostnad", "Anteckning"]
    assert table.rows[0] == (
        2,
        ["Inbjudan till Oslo", may, 12000, '=HYPERLINK("http://x")'],
    )
    assert table.rows[1][1][:3] == ["Inbjudan till Riga", june, 9000]
    assert table.notices == ["Bara Excelfilens första blad, Inbjudningar, läses in."]


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("register.txt", b"Rubrik\nEtt\n", "Bara Excelfiler (.xlsx) och CSV-filer (.csv) kan importeras."),
        ("register.csv", b"", "Filen är tom."),
        (
            "register.csv",
            b"\n\nRubrik\n",
            "Filen saknar rubrikrad: den första raden måste ange kolumnernas namn.",
        ),
        ("register.csv", b"Rubrik\n\n", "Filen har en rubrikrad men inga rader."),
        (
            "register.csv",
            b"Rubrik\nEtt;tv\xc3\xa5\n",
            "Rad 2 har värden efter den sista kolumnen som har en rubrik (A).",
        ),
        (
            "register.csv",
            b"Rubrik\nE\x00tt\n",
            "Filen innehåller NUL-tecken; den är ingen CSV-fil. Om Excel sparade den som ”Unicode-text”, "
            "spara den som ”CSV UTF-8” i stället.",
        ),
        ("register.xlsx", b"PK\x03\x04 not really", "Filen är ingen Excelfil (.xlsx) som går att läsa."),
    ],
)
def test_a_file_the_import_cannot_read_is_refused_in_swedish(name: str, content: bytes, message: str) -> None:
    assert refusal(name, content) == message


def test_the_limits_on_size_rows_and_columns(settings) -> None:
    settings.OMVARLD_IMPORT_MAX_BYTES = 2 * 1024 * 1024
    assert refusal("register.csv", b"Rubrik\n" + b"x" * (2 * 1024 * 1024)) == (
        "Filen är 2,0 MB; högst 2 MB kan importeras. Dela upp den i mindre filer."
    )
    settings.OMVARLD_IMPORT_MAX_ROWS = 3
    assert (
        refusal("register.csv", b"Rubrik\n1\n2\n3\n4\n")
        == "Filen har fler än 3 rader; dela upp den i mindre filer."
    )
    assert len(read_table("register.csv", b"Rubrik\n1\n2\n3\n").rows) == 3
    settings.OMVARLD_IMPORT_MAX_COLUMNS = 2
    assert refusal("register.csv", b"A;B;C\n1;2;3\n") == "Filen har 3 kolumner; högst 2 kan importeras."


def test_a_preview_reads_only_the_first_rows() -> None:
    content = ("Rubrik\n" + "".join(f"Ärende {n}\n" for n in range(100))).encode()
    assert [number for number, _cells in preview_table("register.csv", content, rows=5).rows] == [
        2,
        3,
        4,
        5,
        6,
    ]


def test_columns_are_named_by_their_letters() -> None:
    assert [column_letter(i) for i in (0, 1, 25, 26, 27, 701, 702)] == [
        "A",
        "B",
        "Z",
        "AA",
        "AB",
        "ZZ",
        "AAA",
    ]


def test_a_workbook_that_unpacks_to_far_more_than_it_holds_is_refused(settings) -> None:
    settings.OMVARLD_IMPORT_MAX_BYTES = 10_000
    content = io.BytesIO()
    with zipfile.ZipFile(content, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/sharedStrings.xml", b"0" * 1_000_000)
    assert len(content.getvalue()) < 10_000
    assert refusal("register.xlsx", content.getvalue()) == (
        "Excelfilen packas upp till långt mer än den rymmer; den kan inte importeras."
    )
