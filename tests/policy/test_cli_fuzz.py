"""Arbitrary JSON and arbitrary bytes, fed to ``assess``, ``compare`` and ``prioritise``: the command
line answers every input with exit 0 or 2 and never lets an exception escape ``main``."""

from __future__ import annotations

import io
import json
from collections.abc import Iterable, Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from omvarld.policy.cli import main
from omvarld.policy.interchange import FIELDS, KINDS, Field

FUZZ = settings(
    max_examples=150,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

COMMANDS = (
    ["assess"],
    ["assess", "--format", "text"],
    ["compare", "--policy", "stockholm-2008", "--against", "reservation-2008"],
    ["compare", "--policy", "stockholm-2008", "--against", "reservation-2008", "--format", "table", "--all"],
    ["prioritise"],
)

# ---------------------------------------------------------------- strategies

numbers = (
    st.integers()
    | st.integers(min_value=-(10**30), max_value=10**30)
    | st.sampled_from([10**400, -(10**400), 2**63, 2**64, 10**12, 10**12 + 1])
    | st.floats(allow_nan=True, allow_infinity=True)
)
scalars = st.none() | st.booleans() | numbers | st.text(max_size=20)
json_values = st.recursive(
    scalars,
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4)
    ),
    max_leaves=12,
)
dates = st.dates(date(1995, 1, 1), date(2035, 12, 31)).map(date.isoformat) | st.sampled_from(
    ["0001-01-01", "1900-01-01", "9999-12-31", "2008-06-30", "2008-07-01"]
)
UNKNOWN_NAMES = ["travel_payed_by", "contry", "Kind", "x" * 200, ""]
TEXTS = [
    "Riga",
    "Köpenhamn",
    "S:t Petersburg",
    "Den Haag",
    "talare",
    "speaker",
    "Moderator",
    "allmänt",
    "miljö",
]
COUNTRIES = ["LV", "SE", "NL", "RU", "PS", "TW", "XK", "US", "CN"]


def _valid(spec: Field) -> st.SearchStrategy[Any]:
    """A valid value for ``spec`` (``null`` and blanks included: they mean "not stated")."""
    found: st.SearchStrategy[Any]
    if spec.type == "enum" and spec.values:
        found = st.sampled_from(sorted(spec.values))
    elif spec.type == "list":
        found = st.lists(
            st.sampled_from(sorted(spec.values)) if spec.values else st.sampled_from(TEXTS), max_size=3
        )
    elif spec.type == "number":
        found = st.integers(0, 10**12) | st.floats(0, 1e12)
    elif spec.type == "bool":
        found = st.booleans()
    elif spec.type == "date":
        found = dates
    elif spec.type == "object":
        found = st.fixed_dictionaries({}, optional={name: _valid(f) for name, f in spec.fields.items()})
    elif spec.name == "country":
        found = st.sampled_from(COUNTRIES)
    else:
        found = st.sampled_from(TEXTS) | st.text(max_size=20)
    return found | st.sampled_from([None, ""]) if spec.type in ("text", "enum", "date") else found | st.none()


valid_engagements = st.fixed_dictionaries(
    {"kind": st.sampled_from(KINDS)},
    optional={name: _valid(spec) for name, spec in FIELDS.items() if name != "kind"},
)


@st.composite
def engagements(draw: st.DrawFn) -> dict[str, Any]:
    """Mostly valid engagements (so that the engine runs), a few with one field broken or unknown."""
    engagement = draw(valid_engagements)
    spoil = draw(st.sampled_from(["none", "none", "none", "value", "unknown", "nested"]))
    if spoil == "value":
        engagement[draw(st.sampled_from(sorted(FIELDS)))] = draw(json_values)
    elif spoil == "unknown":
        engagement[draw(st.sampled_from(UNKNOWN_NAMES))] = draw(json_values)
    elif spoil == "nested":
        engagement[draw(st.sampled_from(["unit", "counterpart"]))] = draw(
            st.dictionaries(
                st.sampled_from(["type", "country", "contry", "name", "code"]), json_values, max_size=3
            )
        )
    return engagement


documents = json_values | engagements() | st.lists(engagements() | json_values, max_size=4)
as_of_options = st.none() | dates


# ---------------------------------------------------------------- running


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("fuzz")


def encode(document: Any, ascii_only: bool) -> bytes:
    """JSON text of a Python value (NaN, Infinity and huge integers included, as Python writes them);
    a lone surrogate becomes invalid UTF-8, as a badly encoded file would be."""
    return json.dumps(document, ensure_ascii=ascii_only).encode("utf-8", "surrogatepass")


WAYS = st.sampled_from(["file", "bytes", "text"])
"""How the input reaches the command: as a file, as bytes on stdin, or as text on stdin."""


def invocations(
    commands: Iterable[list[str]], data: bytes, folder: Path, way: str, jsonl: bool
) -> Iterator[tuple[list[str], Any]]:
    if way == "file":
        path = folder / ("in.jsonl" if jsonl else "in.json")
        path.write_bytes(data)
    flag = ["--jsonl"] if jsonl else []
    for command in commands:
        if way == "file":
            yield [*command, str(path)], None
        elif way == "bytes":
            yield [*command, *flag, "-"], io.BytesIO(data)
        else:
            yield [*command, *flag, "-"], io.StringIO(data.decode("utf-8", "surrogateescape"))


def check(
    data: bytes,
    folder: Path,
    way: str,
    *,
    commands: Iterable[list[str]] = COMMANDS,
    jsonl: bool = False,
    as_of: str | None = None,
) -> None:
    """Every command on ``data``: exit 0 with JSON Lines out, or exit 2 with a message."""
    options = ["--as-of", as_of] if as_of else []
    for argv, stdin in invocations([[*c, *options] for c in commands], data, folder, way, jsonl):
        out, err = io.StringIO(), io.StringIO()
        code = main(argv, stdout=out, stderr=err, stdin=stdin)  # an exception fails the test
        assert code in (0, 2), (argv, data[:200], err.getvalue())
        event(f"{argv[0]}: exit {code}")  # --hypothesis-show-statistics shows how often each is reached
        assert "Traceback" not in err.getvalue()
        if code == 2:
            assert err.getvalue().strip(), (argv, data[:200])
        if code == 0 and "--format" not in argv:
            # JSON Lines end at "\n" only: a text may hold U+2028 or \x1c, which splitlines() splits on.
            for line in out.getvalue().split("\n")[:-1]:
                json.loads(line)


# ---------------------------------------------------------------- properties


@FUZZ
@given(document=documents, ascii_only=st.booleans(), as_of=as_of_options, way=WAYS)
def test_arbitrary_json_gives_exit_0_or_2(
    document: Any, ascii_only: bool, as_of: str | None, way: str, folder: Path
) -> None:
    check(encode(document, ascii_only), folder, way, as_of=as_of)


@FUZZ
@given(
    document=engagements() | st.lists(engagements(), min_size=1, max_size=3), as_of=as_of_options, way=WAYS
)
def test_engagement_shaped_input_gives_exit_0_or_2(
    document: Any, as_of: str | None, way: str, folder: Path
) -> None:
    check(encode(document, ascii_only=False), folder, way, as_of=as_of)


SPECIAL_BYTES = [
    b"",
    b" ",
    b"\xef\xbb\xbf",
    b"\xef\xbb\xbf{}",
    b"[" * 3000,
    b"1" * 5000,
    b"\n\n",
    b"\xff",
    b"{}\n[]",
]


@FUZZ
@given(data=st.binary(max_size=200) | st.sampled_from(SPECIAL_BYTES), way=WAYS, jsonl=st.booleans())
def test_arbitrary_bytes_give_exit_0_or_2(data: bytes, way: str, jsonl: bool, folder: Path) -> None:
    check(data, folder, way, commands=(COMMANDS[0], COMMANDS[2], COMMANDS[4]), jsonl=jsonl)


@FUZZ
@given(
    lines=st.lists(
        st.one_of(
            engagements().map(lambda e: encode(e, ascii_only=False)),
            engagements().map(lambda e: encode(e, ascii_only=False)),
            json_values.map(lambda v: encode(v, ascii_only=True)),
            st.binary(max_size=40).filter(lambda b: b"\n" not in b),
            st.just(b""),
        ),
        max_size=5,
    ),
    ending=st.sampled_from([b"\n", b"\r\n"]),
    as_of=as_of_options,
    way=WAYS,
)
def test_arbitrary_json_lines_give_exit_0_or_2(
    lines: list[bytes], ending: bytes, as_of: str | None, way: str, folder: Path
) -> None:
    check(ending.join(lines), folder, way, jsonl=True, as_of=as_of)
