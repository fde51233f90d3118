"""``omvarld assess`` over JSON Lines: one output line per input line, as it goes."""

from __future__ import annotations

import io
import json
import os
import selectors
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from tests.policy.conftest import base
from tests.policy.test_cli import assert_swedish, run

GOOD = [base("visit", title="ett"), base("aid", title="två"), base("trip", title="tre")]


def lines(*items: Any) -> str:
    return "".join(
        (item if isinstance(item, str) else json.dumps(item, ensure_ascii=False)) + "\n" for item in items
    )


def jsonl_file(tmp_path: Path, text: str | bytes, name: str = "in.jsonl") -> str:
    path = tmp_path / name
    path.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
    return str(path)


def records(out: str) -> list[dict[str, Any]]:
    return [json.loads(line) for line in out.splitlines()]


@pytest.mark.parametrize("suffix", ["in.jsonl", "in.ndjson", "IN.JSONL"])
def test_a_jsonl_file_gives_one_output_line_per_input_line_in_order(tmp_path: Path, suffix: str) -> None:
    code, out, err = run(["assess", jsonl_file(tmp_path, lines(*GOOD), suffix)])
    assert (code, err) == (0, "")
    assert [r["title"] for r in records(out)] == ["ett", "två", "tre"]


def test_jsonl_on_stdin_with_the_option() -> None:
    code, out, _ = run(["assess", "--jsonl", "-"], lines(*GOOD))
    assert code == 0
    assert [r["kind"] for r in records(out)] == ["visit", "aid", "trip"]


def test_bytes_on_stdin_and_a_last_line_without_newline_are_read() -> None:
    data = lines(*GOOD).rstrip("\n").encode("utf-8")
    code, out, _ = run(["assess", "--jsonl", "-"], data)
    assert code == 0
    assert [r["title"] for r in records(out)] == ["ett", "två", "tre"]


def test_crlf_line_ends_are_accepted(tmp_path: Path) -> None:
    code, out, _ = run(["assess", jsonl_file(tmp_path, lines(*GOOD).replace("\n", "\r\n"))])
    assert code == 0
    assert len(records(out)) == 3


def test_blank_lines_are_skipped_but_counted(tmp_path: Path) -> None:
    text = "\n" + lines(GOOD[0]) + "   \n\n" + lines("{bad") + "\t\n"
    code, out, err = run(["assess", jsonl_file(tmp_path, text)])
    assert code == 2
    first, second = records(out)
    assert first["title"] == "ett"
    assert second["line"] == 5  # the number of the line in the file, blank lines included
    assert err == "1 av 2 rader kunde inte bedömas (rad 5); se felmeddelandena i utdata.\n"


def test_a_bad_line_gives_an_error_line_and_the_good_lines_around_it_are_assessed(tmp_path: Path) -> None:
    text = lines(
        GOOD[0],
        "{bad json",
        {**base("trip"), "travel_payed_by": "city"},
        [1, 2],
        GOOD[1],
        base("trip", cost_sek=-1, goals="attraktiv"),
        GOOD[2],
    )
    code, out, err = run(["assess", jsonl_file(tmp_path, text)])
    assert code == 2
    out_lines = records(out)
    assert len(out_lines) == 7
    assert [r.get("title") for r in out_lines if "line" not in r] == ["ett", "två", "tre"]
    errors = {r["line"]: r for r in out_lines if "line" in r}
    assert sorted(errors) == [2, 3, 4, 6]
    for number, record in errors.items():
        assert set(record) == {"line", "error", "problems"}
        assert f"rad {number}" in record["error"]
        assert record["problems"]
        assert_swedish(record["error"])
    assert "ogiltig JSON i kolumn 2" in errors[2]["error"]
    assert errors[3]["problems"] == [
        {"field": "travel_payed_by", "message": "okänt fält; menar du ”travel_paid_by”?"}
    ]
    assert errors[4]["problems"] == [
        {"field": "", "message": "ett ärende ska vara ett JSON-objekt, inte en lista."}
    ]
    assert [p["field"] for p in errors[6]["problems"]] == ["goals", "cost_sek"]
    assert errors[6]["error"].startswith("Ogiltig indata (2 fel):\n  - rad 6, fältet ”goals”: ")
    assert err == "4 av 7 rader kunde inte bedömas (rad 2, 3, 4 och 6); se felmeddelandena i utdata.\n"
    assert_swedish(err)


def test_in_text_format_a_bad_line_is_a_swedish_paragraph(tmp_path: Path) -> None:
    code, out, _ = run(["assess", "--format", "text", jsonl_file(tmp_path, lines(GOOD[0], "[]", GOOD[1]))])
    assert code == 2
    assert out.count("Bedömning av ärendet") == 2
    assert "Ogiltig indata på rad 2: ett ärende ska vara ett JSON-objekt, inte en lista.\n" in out
    assert "{" not in out


def test_a_line_dated_before_every_version_is_an_error_line(tmp_path: Path) -> None:
    text = lines(GOOD[0], base("visit", as_of="1900-01-01"))
    code, out, _ = run(["assess", jsonl_file(tmp_path, text)])
    assert code == 2
    assert records(out)[1] == {
        "line": 2,
        "error": "Rad 2: Ingen policyversion gäller den 1900-01-01; ange en med --policy.",
        "problems": [],
    }
    code, out, _ = run(["assess", "--format", "text", jsonl_file(tmp_path, text)])
    assert "Rad 2: Ingen policyversion gäller den 1900-01-01" in out
    assert '"line"' not in out


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        (b"\xef\xbb\xbf" + json.dumps(base("visit")).encode(), "byte order mark (BOM)"),
        (b'{"kind": "visit", "title": "\xff"}', "inte giltig UTF-8 (byte 29 på raden)"),
        (b"[" * 5000 + b"]" * 5000, "för djupt nästlad"),
        (b'{"kind": "aid", "cost_sek": ' + b"9" * 400 + b"}", "ett tal är för stort"),
        (b"null", "inte null"),
        (b'"visit"', "inte text"),
    ],
)
def test_hostile_lines_are_error_lines(raw: bytes, message: str) -> None:
    good = json.dumps(base("visit")).encode()
    code, out, err = run(["assess", "--jsonl", "-"], raw + b"\n" + good + b"\n")
    assert code == 2
    bad, fine = records(out)
    assert bad["line"] == 1
    assert message in bad["error"]
    assert fine["kind"] == "visit"
    assert err.startswith("1 av 2 rader kunde inte bedömas (rad 1)")


def test_many_bad_lines_are_summarised_briefly() -> None:
    code, _, err = run(["assess", "--jsonl", "-"], "[]\n" * 25)
    assert code == 2
    assert err == (
        "25 av 25 rader kunde inte bedömas (rad 1, 2, 3, 4, 5, 6, 7, 8, 9, 10 med flera); "
        "se felmeddelandena i utdata.\n"
    )


def test_a_jsonl_file_of_blank_lines_is_empty(tmp_path: Path) -> None:
    code, out, err = run(["assess", jsonl_file(tmp_path, "\n \n\n")])
    assert (code, out) == (2, "")
    assert err.endswith("är tom.\n")


def test_compare_and_prioritise_take_jsonl_all_or_nothing() -> None:
    text = lines(GOOD[0], "{bad", GOOD[1], {"kind": "party"})
    for command in (
        ["compare", "--policy", "stockholm-2008", "--against", "reservation-2008"],
        ["prioritise"],
    ):
        code, out, err = run([*command, "--jsonl", "-"], text)
        assert (code, out) == (2, "")
        assert err.startswith("Ogiltig indata (2 fel):\n  - rad 2: ogiltig JSON i kolumn 2")
        assert "  - rad 4, fältet ”kind”: okänt ärendeslag ”party”" in err
        code, out, err = run([*command, "--jsonl", "-"], lines(*GOOD))
        assert (code, err) == (0, "")
    assert [r["title"] for r in records(out)] == ["ett", "två", "tre"]  # prioritise: all three ranked


def test_a_json_array_file_stays_all_or_nothing_naming_every_bad_element(tmp_path: Path) -> None:
    items = [GOOD[0], {**base("trip"), "travel_payed_by": "city"}, GOOD[1], base("party"), GOOD[2]]
    path = tmp_path / "in.json"
    path.write_text(json.dumps(items), encoding="utf-8")
    code, out, err = run(["assess", str(path)])
    assert code == 2
    assert out == ""
    assert err.startswith("Ogiltig indata (2 fel):")
    assert "fältet ”[1].travel_payed_by”: okänt fält; menar du ”travel_paid_by”?" in err
    assert "fältet ”[3].kind”: okänt ärendeslag ”party”" in err


def test_a_large_jsonl_file_is_assessed_line_by_line(tmp_path: Path) -> None:
    n = 3000  # more than one read chunk of input, and more than one flush of output
    code, out, err = run(
        ["assess", jsonl_file(tmp_path, lines(*(base("visit", title=f"nr {i}") for i in range(n))))]
    )
    assert (code, err) == (0, "")
    assert [r["title"] for r in records(out)] == [f"nr {i}" for i in range(n)]


def test_a_very_long_line_split_over_many_reads_is_one_line(tmp_path: Path) -> None:
    long = base("visit", title="x" * 9000, benefit="y" * 9000)
    text = lines(GOOD[0], long, GOOD[1]) * 20
    code, out, _ = run(["assess", jsonl_file(tmp_path, text)])
    assert code == 0
    titles = [r["title"] for r in records(out)]
    assert len(titles) == 60
    assert titles[1] == "x" * 9000


# ---------------------------------------------------------------- streaming, as it goes


def _read_line(process: subprocess.Popen[bytes], timeout: float) -> bytes:
    """One line of the process's output, or a failure after ``timeout`` seconds (never a hang)."""
    assert process.stdout is not None
    selector = selectors.DefaultSelector()
    selector.register(process.stdout, selectors.EVENT_READ)
    data = b""
    try:
        while not data.endswith(b"\n"):
            if not selector.select(timeout):
                pytest.fail(f"no output line within {timeout} s (got {data!r})")
            chunk = os.read(process.stdout.fileno(), 1 << 16)
            if not chunk:
                break
            data += chunk
    finally:
        selector.close()
    return data


def test_assess_answers_each_line_before_the_next_is_written(tmp_path: Path) -> None:
    env = {**os.environ, "OMVARLD_DATA_DIR": str(tmp_path)}
    process = subprocess.Popen(
        [sys.executable, "-m", "omvarld", "assess", "--jsonl", "-"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
    )
    assert process.stdin is not None
    try:
        process.stdin.write(json.dumps(GOOD[0]).encode() + b"\n")
        process.stdin.flush()
        first = _read_line(process, timeout=30)
        assert json.loads(first)["title"] == "ett"

        process.stdin.write(b"[]\n")  # an error line streams too
        process.stdin.flush()
        assert json.loads(_read_line(process, timeout=30))["line"] == 2

        rest, err = process.communicate(json.dumps(GOOD[1]).encode() + b"\n", timeout=30)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    assert [json.loads(line)["title"] for line in rest.splitlines()] == ["två"]
    assert process.returncode == 2
    assert err.decode() == "1 av 3 rader kunde inte bedömas (rad 2); se felmeddelandena i utdata.\n"


def test_a_reader_that_goes_away_ends_the_stream_quietly(tmp_path: Path) -> None:
    path = jsonl_file(tmp_path, lines(*(base("visit") for _ in range(3000))))
    env = {**os.environ, "OMVARLD_DATA_DIR": str(tmp_path)}
    process = subprocess.Popen(
        [sys.executable, "-m", "omvarld", "assess", path],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
    )
    assert process.stdout is not None
    assert process.stderr is not None
    try:
        assert process.stdout.readline()
        process.stdout.close()
        err = process.stderr.read()
        process.wait(timeout=60)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    assert process.returncode == 0
    assert err == b""


def test_output_to_a_binary_stdout_is_bytes_of_utf8() -> None:
    out = io.TextIOWrapper(io.BytesIO(), encoding="utf-8")
    from omvarld.policy.cli import main

    code = main(
        ["assess", "--jsonl", "-"],
        stdout=out,
        stderr=io.StringIO(),
        stdin=io.BytesIO(lines(GOOD[1]).encode()),
    )
    assert code == 0
    out.flush()
    raw = out.buffer.getvalue()  # type: ignore[attr-defined]
    assert json.loads(raw)["title"] == "två"
    assert "två".encode() in raw


def test_pieces_go_out_whole_and_in_order_through_a_full_non_blocking_pipe() -> None:
    """A pipe holds 64 KiB: writing megabytes to a non-blocking one gives short writes and "would
    block", and every byte still arrives once, in order."""
    import threading

    from omvarld.policy.cli import write_pieces

    pieces = [bytes([65 + i % 26]) * (1 + i % 700) for i in range(5000)]
    expected = b"".join(pieces)
    read_end, write_end = os.pipe()
    os.set_blocking(write_end, False)
    received: list[bytes] = []

    def drain() -> None:
        while chunk := os.read(read_end, 4096):
            received.append(chunk)

    reader = threading.Thread(target=drain)
    reader.start()
    try:
        write_pieces(write_end, list(pieces))
    finally:
        os.close(write_end)
        reader.join(timeout=60)
        os.close(read_end)
    assert b"".join(received) == expected


def test_a_stream_through_a_pipe_equals_the_stream_in_process(tmp_path: Path) -> None:
    items = [base(kind, title=f"nr {i}") for i, kind in enumerate(["visit", "aid", "trip"] * 700)]
    path = jsonl_file(tmp_path, lines(*items))
    env = {**os.environ, "OMVARLD_DATA_DIR": str(tmp_path)}
    piped = subprocess.run(
        [sys.executable, "-m", "omvarld", "assess", "--as-of", "2026-11-26", path],
        capture_output=True,
        env=env,
        check=True,
    )
    code, out, _ = run(["assess", "--as-of", "2026-11-26", path])
    assert code == 0
    assert piped.stdout.decode("utf-8") == out
    assert len(out.splitlines()) == len(items)
