"""The policy engine's command line: ``omvarld assess | compare | prioritise | policy``.

Pure Python and quick to start: it never imports Django (``omvarld.__main__`` dispatches these
subcommands here before Django is loaded). Exit codes: 0 success, 2 invalid input, arguments or
policy — always with a Swedish message, never a traceback.

Input is a JSON object, a JSON array (all or nothing: every engagement is validated before the first
is assessed, and every problem is reported), or JSON Lines (a ``.jsonl`` file, or ``--jsonl`` on
stdin): ``assess`` then streams, one output line per input line as it goes, and an input line that
cannot be assessed gives an error line naming it (exit 2 at the end).

Date precedence: an engagement's own ``as_of`` wins; otherwise ``--as-of``; otherwise today.
"""

from __future__ import annotations

import argparse
import contextlib
import errno
import io
import os
import re
import select
import sys
from collections.abc import Callable, Iterator, Sequence
from datetime import date
from pathlib import Path
from typing import IO, Any, NoReturn

import orjson

from omvarld.policy.errors import InputError, PolicyError, Problem, UnknownVersionError

EXIT_OK = 0
EXIT_INVALID = 2
JSONL_SUFFIXES = (".jsonl", ".ndjson")
_BOM = b"\xef\xbb\xbf"
_CHUNK = 1 << 16
_PIECES_PER_FLUSH = 16_384


class Refusal(Exception):
    """The command refuses its input or arguments; the message is Swedish."""


# ---------------------------------------------------------------- arguments, in Swedish

_ARGPARSE_SV: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern), sv)
    for pattern, sv in (
        (r"^the following arguments are required: (.*)$", r"dessa argument saknas: \1"),
        (r"^unrecognized arguments: (.*)$", r"okända argument: \1"),
        (
            r"^argument (.*?): invalid choice: (.*?) \(choose from (.*)\)$",
            r"argumentet \1: ogiltigt val \2 (välj bland \3)",
        ),
        (r"^argument (.*?): expected one argument$", r"argumentet \1 behöver ett värde"),
        (r"^argument (.*?): expected at most one argument$", r"argumentet \1 tar högst ett värde"),
        (r"^argument (.*?): expected at least one argument$", r"argumentet \1 behöver minst ett värde"),
        (r"^argument (.*?): expected (\d+) arguments?$", r"argumentet \1 behöver \2 värden"),
        (r"^argument (.*?): invalid (.*?) value: (.*)$", r"argumentet \1: ogiltigt värde \3"),
        (r"^argument (.*?): not allowed with argument (.*)$", r"argumentet \1 kan inte kombineras med \2"),
        (r"^argument (.*?): ignored explicit argument (.*)$", r"argumentet \1 tar inget värde (fick \2)"),
        (r"^ambiguous option: (.*?) could match (.*)$", r"flaggan \1 är tvetydig; den kan betyda \2"),
        (r"^one of the arguments (.*) is required$", r"ett av argumenten \1 krävs"),
        (r"^unexpected option string: (.*)$", r"oväntad flagga: \1"),
    )
)


def argparse_sv(message: str) -> str:
    """An argparse error message in Swedish."""
    for pattern, sv in _ARGPARSE_SV:
        if pattern.match(message):
            return pattern.sub(sv, message)
    return f"ogiltiga argument ({message})" if message.isascii() else message


class _SwedishHelp(argparse.HelpFormatter):
    def add_usage(self, usage: Any, actions: Any, groups: Any, prefix: str | None = None) -> None:
        # argparse passes prefix="" when it builds a subcommand's prog: keep that empty.
        super().add_usage(usage, actions, groups, "användning: " if prefix is None else prefix)


class SwedishArgumentParser(argparse.ArgumentParser):
    """argparse with Swedish usage, help headings and error messages, that raises :class:`Refusal`
    instead of exiting."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", _SwedishHelp)
        kwargs.setdefault("add_help", False)
        super().__init__(*args, **kwargs)
        self._positionals.title = "argument"
        self._optionals.title = "flaggor"
        self.add_argument("-h", "--help", action="help", help="visa den här hjälpen och avsluta")

    def error(self, message: str) -> NoReturn:
        raise Refusal(f"{self.prog}: {argparse_sv(message)}\n{self.format_usage().rstrip()}")


# ---------------------------------------------------------------- reading input

_JSON_ERRORS_SV: tuple[tuple[str, str], ...] = (
    # orjson's messages, most specific first (the first that occurs in the message is used).
    ("unexpected end of data", "JSON-texten tar slut för tidigt"),
    ("EOF while parsing", "JSON-texten tar slut för tidigt"),
    ("input data is empty", "indata är tom"),
    ("zero-length, empty document", "indata är tom"),
    ("depth limit exceeded", "JSON-strukturen är för djupt nästlad (högst 1 024 nivåer)"),
    ("Recursion limit", "JSON-strukturen är för djupt nästlad (högst 1 024 nivåer)"),
    ("number is infinity", "ett tal är för stort"),
    ("number out of range", "ett tal är för stort"),
    ("no digit after sign", "ett minustecken utan siffror efter sig"),
    ("no digit after decimal point", "ett decimaltecken utan siffror efter sig"),
    ("no digit after exponent", "en exponent (e) utan siffror efter sig"),
    ("leading zero", "ett tal får inte börja med 0 (skriv 7, inte 07)"),
    ("invalid number", "ett ogiltigt tal"),
    ("trailing comma is not allowed", "ett kommatecken står före en avslutande klammer"),
    ("byte order mark", "texten börjar med en byte order mark (BOM); spara den som UTF-8 utan BOM"),
    ("not valid UTF-8", "texten är inte giltig UTF-8"),
    ("invalid UTF-8", "texten är inte giltig UTF-8"),
    ("invalid utf-8", "texten är inte giltig UTF-8"),
    ("surrogate", "texten innehåller ett ofullständigt Unicode-tecken (\\u-kod)"),
    ("invalid escape", "en ogiltig escape-sekvens (\\) i en sträng"),
    ("control character", "ett styrtecken i en sträng måste skrivas som \\u-kod"),
    ("expected ':'", "ett kolon väntades efter fältnamnet"),
    ("expected ',' or ']'", "ett kommatecken eller ] väntades"),
    ("expected ',' or '}'", "ett kommatecken eller } väntades"),
    ("expected a string key", "ett fältnamn inom dubbla citattecken väntades"),
    ("key must be a string", "ett fältnamn inom dubbla citattecken väntades"),
    (
        "expected a JSON value",
        "ett JSON-värde väntades (text skrivs inom dubbla citattecken, true, false och null med små "
        "bokstäver; NaN och Infinity finns inte i JSON)",
    ),
    ("invalid literal", "ett ogiltigt värde (true, false och null skrivs med små bokstäver)"),
    ("unexpected content after document", "extra tecken efter JSON-värdet"),
    ("trailing characters", "extra tecken efter JSON-värdet"),
    ("unexpected character", "ett oväntat tecken"),
)
JSON_ERROR_FALLBACK = "ett fel i JSON-syntaxen"


def json_error_sv(exc: orjson.JSONDecodeError) -> str:
    """A JSON parse error in Swedish, with its line and column."""
    text = str(exc)
    what = next((sv for en, sv in _JSON_ERRORS_SV if en in text), JSON_ERROR_FALLBACK)
    return f"ogiltig JSON på rad {exc.lineno}, kolumn {exc.colno}: {what}."


def _utf8_problem(data: bytes, *, one_line: bool = False) -> str | None:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as exc:
        if one_line:
            where = f"byte {exc.start + 1} på raden"
        else:
            start = data.rfind(b"\n", 0, exc.start) + 1
            where = f"rad {data.count(b'\n', 0, exc.start) + 1}, byte {exc.start - start + 1} på raden"
        return f"texten är inte giltig UTF-8 ({where}); spara filen som UTF-8."
    return None


def os_error_sv(exc: OSError) -> str:
    """What went wrong reading a file, in Swedish (``strerror`` is English)."""
    if isinstance(exc, FileNotFoundError):
        return "finns inte"
    if isinstance(exc, IsADirectoryError):
        return "är en katalog, inte en fil"
    if isinstance(exc, PermissionError):
        return "kan inte läsas: behörighet saknas"
    code = errno.errorcode.get(exc.errno or 0)
    return f"kan inte läsas (systemfel {code})" if code else "kan inte läsas"


def _describe(source: str) -> str:
    if source == "-":
        return "indata (standard in)"
    shown = source if len(source) <= 80 else source[:79] + "…"
    return f"filen ”{shown}”"


def open_input(source: str, stdin: IO[Any] | None) -> IO[bytes]:
    """The binary stream to read: the file, or standard input (a text stream given by a caller is read
    as UTF-8)."""
    if source == "-":
        stream: IO[Any] = stdin if stdin is not None else sys.stdin
        binary: IO[bytes] | None = getattr(stream, "buffer", None)
        if binary is not None:
            return binary
        if isinstance(stream.read(0), bytes):
            return stream
        text: str = stream.read()
        try:
            return io.BytesIO(text.encode("utf-8", "surrogateescape"))
        except UnicodeEncodeError:  # a lone surrogate: keep it, to be refused as invalid UTF-8
            return io.BytesIO(text.encode("utf-8", "surrogatepass"))
    try:
        return Path(source).open("rb")
    except OSError as exc:
        raise Refusal(f"{_describe(source)} {os_error_sv(exc)}.") from None


def _read_all(source: str, stdin: IO[Any] | None) -> bytes:
    stream = open_input(source, stdin)
    try:
        return stream.read()
    except OSError as exc:
        raise Refusal(f"{_describe(source)} {os_error_sv(exc)}.") from None
    finally:
        if source != "-":
            stream.close()


def parse_document(data: bytes, source: str) -> tuple[list[Any], bool]:
    """A whole JSON document: ``(engagements, was_array)``. Raises :class:`Refusal`."""
    if not data.strip():
        raise Refusal(f"{_describe(source)} är tom.")
    if data.startswith(_BOM):
        raise Refusal(
            f"{_describe(source)} börjar med en byte order mark (BOM); spara den som UTF-8 utan BOM."
        )
    try:
        value = orjson.loads(data)
    except orjson.JSONDecodeError as exc:
        raise Refusal(f"{_describe(source)}: {_utf8_problem(data) or json_error_sv(exc)}") from None
    if isinstance(value, list):
        if not value:
            raise Refusal(f"{_describe(source)} innehåller en tom lista: inga ärenden att bedöma.")
        return value, True
    return [value], False


def _line_value(raw: bytes, number: int) -> tuple[Any, Problem | None]:
    """One JSON Lines line parsed, or the problem that stops it."""
    if number == 1 and raw.startswith(_BOM):
        return None, Problem("", "raden börjar med en byte order mark (BOM); spara filen som UTF-8 utan BOM.")
    try:
        return orjson.loads(raw), None
    except orjson.JSONDecodeError as exc:
        bad_utf8 = _utf8_problem(raw, one_line=True)
        message = bad_utf8 or json_error_sv(exc).replace(f"på rad {exc.lineno}, kolumn", "i kolumn")
        return None, Problem("", message)


def _parsed(raw: bytes, number: int) -> Any:
    """One JSON Lines line parsed, or the :class:`Problem` that stops it."""
    value, problem = _line_value(raw, number)
    return problem if problem is not None else value


MAX_PROBLEMS = 1000
"""Reading all-or-nothing input stops collecting problems after this many."""


def read_portfolio(source: str, stdin: IO[Any] | None, jsonl: bool) -> tuple[list[Any], str]:
    """Every engagement of the input and how to locate a problem (``index`` in an array, ``line`` in
    JSON Lines, ``none`` for a single object). Raises :class:`Refusal`.

    JSON Lines are validated here, all or nothing: :class:`InputError` names every line that cannot
    be parsed and every problem of the lines that can."""
    data = _read_all(source, stdin)
    if not jsonl:
        document, was_array = parse_document(data, source)
        return document, "index" if was_array else "none"
    from omvarld.policy.interchange import engagement_problems

    items: list[Any] = []
    problems: list[Problem] = []
    for number, raw in enumerate(data.split(b"\n"), 1):
        if not raw.strip():
            continue
        value, problem = _line_value(raw, number)
        found = [problem] if problem is not None else engagement_problems(value)
        problems.extend(p.on_line(number) for p in found)
        if len(problems) > MAX_PROBLEMS:
            break
        items.append(value)
    if problems:
        raise InputError(problems)
    if not items:
        raise Refusal(f"{_describe(source)} är tom.")
    return items, "line"


# ---------------------------------------------------------------- writing output


class Output:
    """Buffered output of bytes to a binary stream, or of text to a text stream (tests)."""

    def __init__(self, stream: IO[Any]) -> None:
        self.binary: IO[bytes] | None = getattr(stream, "buffer", None)
        self.text = stream
        self.parts: list[bytes] = []
        self.size = 0  # bytes written with write()
        self.pieces = 0  # pieces written with write_parts()

    def write(self, data: bytes) -> None:
        self.parts.append(data)
        self.size += len(data)
        if self.size >= _CHUNK:
            self.flush()

    def write_parts(self, parts: list[bytes]) -> None:
        """Write pieces that are joined only when flushed (an assessment's JSON is many shared pieces:
        copying them once, into the flushed block, is what keeps the output fast)."""
        self.parts.extend(parts)
        # Counted in pieces, not bytes (counting bytes would cost a pass over them): a piece is a few
        # hundred bytes on average, so this flushes every few megabytes. A stream also flushes whenever
        # its input pauses (see numbered_lines), so answers never wait for a full buffer.
        self.pieces += len(parts)
        if self.pieces >= _PIECES_PER_FLUSH:
            self.flush()

    def flush(self) -> None:
        if not self.parts:
            return
        parts = self.parts
        self.size = self.pieces = 0
        if self.binary is not None:
            self.text.flush()
            self.binary.flush()
            fd = self._fd()
            if fd is not None:
                # Gathered by the kernel from the pieces themselves: no joined copy of them here.
                write_pieces(fd, parts)
            else:
                self.binary.write(b"".join(parts))
                self.binary.flush()
        else:
            self.text.write(b"".join(parts).decode("utf-8"))
            self.text.flush()
        parts.clear()

    def _fd(self) -> int | None:
        """The binary stream's file descriptor, when the pieces can be written to it directly."""
        if not hasattr(os, "writev") or self.binary is None:
            return None
        try:
            return self.binary.fileno()
        except (AttributeError, OSError, ValueError):  # io.UnsupportedOperation is an OSError
            return None


_IOV_MAX = 1024  # the pieces one writev takes (Linux and macOS allow 1024; POSIX at least 16)


def write_pieces(fd: int, parts: list[bytes]) -> None:
    """Write ``parts`` one after another to ``fd`` with ``os.writev``, resuming after a short write
    (a pipe that is full, or a descriptor a parent process left non-blocking)."""
    start, end = 0, len(parts)
    while start < end:
        batch = parts[start : start + _IOV_MAX]
        try:
            written = os.writev(fd, batch)
        except BlockingIOError:
            select.select([], [fd], [])
            continue
        if written == sum(map(len, batch)):
            start += len(batch)
            continue
        for piece in batch:  # skip what went out, keep the rest of the piece it stopped in
            if written < len(piece):
                break
            written -= len(piece)
            start += 1
        parts[start] = parts[start][written:]


def numbered_lines(stream: IO[bytes], before_read: Callable[[], None]) -> Iterator[tuple[int, bytes]]:
    """The lines of a binary stream, numbered from 1, without their newline.

    The stream is read in chunks of whatever is available (``read1``), and ``before_read`` runs before
    every read, which may wait for more input: the output of the lines read so far can be flushed
    there, so that a reader at the other end of a pipe gets each answer as soon as it can."""
    read: Callable[[int], bytes] = getattr(stream, "read1", None) or stream.read
    number = 0
    pending: list[bytes] = []  # the start of a line not yet ended
    while True:
        before_read()
        chunk = read(_CHUNK)
        if not chunk:
            break
        if b"\n" not in chunk:
            pending.append(chunk)
            continue
        lines = chunk.split(b"\n")
        if pending:
            pending.append(lines[0])
            lines[0] = b"".join(pending)
            pending.clear()
        tail = lines.pop()
        if tail:
            pending.append(tail)
        for raw in lines:
            number += 1
            yield number, raw
    if pending:
        yield number + 1, b"".join(pending)


class VersionsByDay:
    """The policy version for each assessment day: ``fixed`` if given, else the one in force, looked
    up once per day."""

    def __init__(self, fixed: Any) -> None:
        self.fixed = fixed
        self.found: dict[date, Any] = {}

    def __call__(self, day: date) -> Any:
        if self.fixed is not None:
            return self.fixed
        version = self.found.get(day)
        if version is None:
            from omvarld.policy.engine import resolve_version

            version = self.found[day] = resolve_version(None, day)
        return version


def _parse_as_of(text: str | None) -> date | None:
    if text is None:
        return None
    from omvarld.policy.interchange import parse_date

    return parse_date(text, "--as-of")


def _is_jsonl(args: argparse.Namespace) -> bool:
    return bool(args.jsonl) or Path(args.file).suffix.lower() in JSONL_SUFFIXES


def _validated(args: argparse.Namespace, stdin: IO[Any] | None) -> list[tuple[Any, date]]:
    """The whole input validated, all or nothing (compare, prioritise, a JSON array to assess)."""
    from omvarld.policy.engine import effective_date, today, validated_portfolio

    items, locate = read_portfolio(args.file, stdin, _is_jsonl(args))
    default_day = _parse_as_of(args.as_of) or today()
    if locate == "line":  # validated as they were read
        return [(value, effective_date(value, default_day)) for value in items]
    return validated_portfolio(items, default_day, located=locate == "index")


# ---------------------------------------------------------------- assess


def _writer(args: argparse.Namespace) -> Callable[[Any], list[bytes]]:
    """The pieces to write for one assessment."""
    from omvarld.policy.render import assessment_json_parts, assessment_text

    if args.format == "text":
        return lambda a: [assessment_text(a).encode("utf-8")]

    def jsonl(assessment: Any) -> list[bytes]:
        parts = assessment_json_parts(assessment)
        parts.append(b"\n")
        return parts

    return jsonl


def _cmd_assess(args: argparse.Namespace, out: IO[Any], err: IO[Any], stdin: IO[Any] | None) -> int:
    from omvarld.policy.engine import evaluate, resolve_version, today

    as_of = _parse_as_of(args.as_of)
    default_day = as_of or today()
    versions = VersionsByDay(resolve_version(args.policy, default_day) if args.policy else None)
    if _is_jsonl(args):
        return _assess_stream(args, out, err, stdin, versions, default_day)
    write = _writer(args)
    separator = b"\n" if args.format == "text" else b""
    # All or nothing: every engagement valid and every day with a version before the first line out.
    jobs = [(versions(day), data, day) for data, day in _validated(args, stdin)]
    output = Output(out)
    for i, (version, data, day) in enumerate(jobs):
        if i and separator:
            output.write(separator)
        output.write_parts(write(evaluate(version, data, day, explain=True)))
    output.flush()
    return EXIT_OK


def _lines_named(numbers: list[int], total: int) -> str:
    """``rad 2, 3 och 4``: the first lines of ``total``."""
    shown = [str(n) for n in numbers]
    if total > len(shown):
        return f"rad {', '.join(shown)} med flera"
    if len(shown) == 1:
        return f"rad {shown[0]}"
    return f"rad {', '.join(shown[:-1])} och {shown[-1]}"


def _assess_stream(
    args: argparse.Namespace,
    out: IO[Any],
    err: IO[Any],
    stdin: IO[Any] | None,
    versions: VersionsByDay,
    default_day: date,
) -> int:
    """JSON Lines in, one line out per input line, as it goes; a bad line gives an error line."""
    from omvarld.policy.engine import effective_date, evaluate
    from omvarld.policy.interchange import certainly_valid, engagement_problems
    from omvarld.policy.render import assessment_json_parts, problem_json

    write = _writer(args)
    text = args.format == "text"
    stream = open_input(args.file, stdin)
    output = Output(out)
    bad: list[int] = []  # the first ten lines refused
    refused = seen = 0

    def refuse(number: int, message: str, problems: Sequence[Problem]) -> None:
        nonlocal refused
        refused += 1
        if len(bad) < 10:
            bad.append(number)
        if text:
            output.write(f"{message}\n\n".encode())
        else:
            found = [{"field": p.field, "message": p.message} for p in problems]
            output.write(problem_json(number, message, found) + b"\n")

    loads, parse_error, pending = orjson.loads, orjson.JSONDecodeError, output.parts
    try:
        for number, raw in numbered_lines(stream, output.flush):
            if not raw or raw.isspace():
                continue
            seen += 1
            try:
                value = loads(raw) if number > 1 else _parsed(raw, number)
            except parse_error:
                value = _parsed(raw, number)
            if value.__class__ is Problem or not certainly_valid(value):
                problems = [value] if value.__class__ is Problem else engagement_problems(value)
                if problems:
                    refuse(number, str(InputError(p.on_line(number) for p in problems)), problems)
                    continue
            try:
                day = effective_date(value, default_day)
                version = versions(day)
            except UnknownVersionError as exc:
                refuse(number, f"Rad {number}: {exc}", [])
                continue
            if text:
                output.write_parts(write(evaluate(version, value, day, explain=True)))
                output.write(b"\n")
                continue
            # The pieces go straight to the output's buffer (the loop that keeps a stream fast).
            assessment_json_parts(evaluate(version, value, day, explain=True), pending)
            pending.append(b"\n")
            if len(pending) >= _PIECES_PER_FLUSH:
                output.flush()
    except BrokenPipeError:
        raise
    except OSError as exc:
        raise Refusal(f"{_describe(args.file)} {os_error_sv(exc)}.") from None
    finally:
        output.flush()
        if args.file != "-":
            stream.close()
    if seen == 0:
        raise Refusal(f"{_describe(args.file)} är tom.")
    if refused:
        rows = "rad" if seen == 1 else "rader"
        err.write(
            f"{refused} av {seen} {rows} kunde inte bedömas ({_lines_named(bad, refused)}); "
            "se felmeddelandena i utdata.\n"
        )
        return EXIT_INVALID
    return EXIT_OK


# ---------------------------------------------------------------- compare, prioritise, policy


def _cmd_compare(args: argparse.Namespace, out: IO[Any], err: IO[Any], stdin: IO[Any] | None) -> int:
    from omvarld.policy.compare import compare_one
    from omvarld.policy.engine import resolve_version, today

    as_of = _parse_as_of(args.as_of)
    default_day = as_of or today()
    va = resolve_version(args.policy, default_day)
    vb = resolve_version(args.against, default_day)
    prepared = _validated(args, stdin)
    changes = []
    for i, (data, day) in enumerate(prepared):
        change = compare_one(data, i, va, vb, day, include_finding_only=args.all)
        if change is not None:
            changes.append(change)
    output = Output(out)
    if args.format == "table":
        output.write(_table(changes, va.id, vb.id, len(prepared)).encode("utf-8"))
    else:
        for c in changes:
            output.write(orjson.dumps(c.to_dict()) + b"\n")
    output.flush()
    return EXIT_OK


def _table(changes: list[Any], a: str, b: str, total: int) -> str:
    from omvarld.policy.facts import BODY_SV
    from omvarld.policy.render import KIND_SV, OUTCOME_SV, REQUIREMENT_SV, VERDICT_SV

    # The codes of the JSON worded as the memo words them.
    worded = {
        "outcome": lambda value: OUTCOME_SV.get(value, value),
        "decided_by": lambda value: BODY_SV.get(value, value),
        "requirements": lambda value: ", ".join(REQUIREMENT_SV.get(r, r) for r in value) or "–",
    }
    lines = [f"Jämförelse {a} → {b}: {len(changes)} av {total} ärenden ändras.", ""]
    for c in changes:
        d = c.to_dict()
        lines.append(f"[{d['index']}] {d['title'] or '(utan titel)'} ({KIND_SV.get(d['kind'], d['kind'])})")
        for key, label in (("outcome", "utfall"), ("decided_by", "beslutar"), ("requirements", "krav")):
            x, y = worded[key](d["a"][key]), worded[key](d["b"][key])
            mark = "  *" if key in d["changed"] else "   "
            lines.append(f"{mark} {label}: {x} → {y}" if x != y else f"{mark} {label}: {x}")
        for f in d["findings"]:
            va = VERDICT_SV[f["a"]["verdict"]].lower() if f["a"] else "gäller inte"
            vb = VERDICT_SV[f["b"]["verdict"]].lower() if f["b"] else "gäller inte"
            lines.append(f"    - {f['rule']}: {va} → {vb}")
            for side, name in (("a", a), ("b", b)):
                if f[side]:
                    cites = ", ".join(ci["passage"] for ci in f[side]["citations"])
                    lines.append(f"        {name}: {f[side]['reason']} [{cites}]")
        lines.append("")
    return "\n".join(lines) + ("\n" if not lines[-1] else "")


def _cmd_prioritise(args: argparse.Namespace, out: IO[Any], err: IO[Any], stdin: IO[Any] | None) -> int:
    from omvarld.policy.prioritise import prioritise

    prepared = _validated(args, stdin)
    ranking = prioritise([d for d, _ in prepared], args.policy, _parse_as_of(args.as_of))
    output = Output(out)
    for p in ranking:
        output.write(orjson.dumps(p.to_dict()) + b"\n")
    output.flush()
    return EXIT_OK


def _cmd_policy(args: argparse.Namespace, out: IO[Any], err: IO[Any], stdin: IO[Any] | None) -> int:
    from omvarld.policy.loader import list_versions, load_version

    if args.action == "list":
        for v in list_versions():
            end = v.effective_to.isoformat() if v.effective_to else "–"
            out.write(f"{v.id}\t{v.status}\t{v.effective_from.isoformat()}\t{end}\t{v.title}\n")
        return EXIT_OK
    if args.action == "show":
        if not args.id:
            raise Refusal("ange vilken policyversion som ska visas: omvarld policy show ID")
        out.write(orjson.dumps(describe(load_version(args.id)), option=orjson.OPT_INDENT_2).decode() + "\n")
        return EXIT_OK
    return check(args.files, out, err)


def describe(version: Any) -> dict[str, Any]:
    """A readable JSON description of a version (``omvarld policy show``)."""
    info: dict[str, Any] = version.summary()
    info["parameters"] = {
        name: {
            "description": p.description,
            "values": [
                {"from": v.valid_from.isoformat(), "value": v.value, "source": v.source.to_dict()}
                for v in p.values
            ],
        }
        for name, p in version.parameters.items()
    }
    info["rules"] = [
        {
            "id": r.id,
            "title": r.title,
            "severity": r.severity,
            "applies_to": sorted(r.kinds),
            "for_requests": r.for_requests,
            "citations": [c.id for c in r.citations],
        }
        for r in version.rules
    ]
    info["tables"] = {
        name: {
            "hit_policy": t.hit_policy,
            "rows": [
                {"id": row.id, "label": row.label, "decides": row.decides, "requires": list(row.requires)}
                for row in t.rows
            ],
        }
        for name, t in version.tables.items()
    }
    info["passages"] = [p.citation() for p in version.passages.values()]
    return info


def check(files: Sequence[str] | None, out: IO[str], err: IO[str]) -> int:
    """Validate every shipped version (or the given files)."""
    from omvarld.policy.loader import VERSIONS_DIR, load_file

    paths = [Path(f) for f in files] if files else sorted(VERSIONS_DIR.glob("*.yaml"))
    failed = False
    for path in paths:
        try:
            v = load_file(path)
        except PolicyError as exc:
            failed = True
            err.write(f"FEL {exc}\n")
            continue
        except OSError as exc:
            failed = True
            err.write(f"FEL {path}: {os_error_sv(exc)}\n")
            continue
        out.write(f"OK  {v.id}: {len(v.rules)} regler, {len(v.passages)} citerade passager ({v.status})\n")
    return EXIT_INVALID if failed else EXIT_OK


# ---------------------------------------------------------------- the parser


def _input_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--as-of", dest="as_of", metavar="DATUM", help="bedömningsdag ÅÅÅÅ-MM-DD för ärenden utan eget as_of"
    )
    p.add_argument(
        "--jsonl", action="store_true", help="indata är JSON Lines, ett ärende per rad (standard för .jsonl)"
    )
    p.add_argument(
        "file",
        metavar="FIL",
        help="en JSON-fil (ett ärende eller en lista), en .jsonl-fil, eller - för standard in",
    )


def build_parser() -> SwedishArgumentParser:
    parser = SwedishArgumentParser(
        prog="omvarld", description="Omvärld: bedöm internationella engagemang mot stadens strategi."
    )
    sub = parser.add_subparsers(
        dest="command", required=True, metavar="KOMMANDO", parser_class=SwedishArgumentParser
    )

    p = sub.add_parser(
        "assess", help="bedöm ärenden mot strategin", description="Bedöm ärenden mot strategin."
    )
    p.add_argument(
        "--policy", metavar="ID", help="policyversion (standard: den som gäller på bedömningsdagen)"
    )
    p.add_argument(
        "--format",
        choices=("jsonl", "text"),
        default="jsonl",
        help="jsonl (standard) eller text: en svensk promemoria",
    )
    _input_arguments(p)

    p = sub.add_parser("compare", help="jämför bedömningen under två policyversioner")
    p.add_argument("--policy", required=True, metavar="A", help="version A")
    p.add_argument("--against", required=True, metavar="B", help="version B")
    p.add_argument("--all", action="store_true", help="ta med ärenden där bara skälen skiljer")
    p.add_argument(
        "--format", choices=("jsonl", "table"), default="jsonl", help="jsonl (standard) eller table"
    )
    _input_arguments(p)

    p = sub.add_parser("prioritise", help="rangordna ärenden med en förklarad poäng")
    p.add_argument("--policy", metavar="ID", help="policyversion")
    _input_arguments(p)

    p = sub.add_parser("policy", help="policyversioner: list, show ID, check [FIL …]")
    p.add_argument(
        "action", choices=("list", "show", "check"), metavar="ÅTGÄRD", help="list, show eller check"
    )
    p.add_argument("id", nargs="?", metavar="ID", help="versionens id (för show)")
    p.add_argument(
        "files", nargs="*", metavar="FIL", help="policyfiler att kontrollera (för check; standard: alla)"
    )
    return parser


_COMMANDS = {
    "assess": _cmd_assess,
    "compare": _cmd_compare,
    "prioritise": _cmd_prioritise,
    "policy": _cmd_policy,
}


def main(
    argv: list[str] | None = None,
    *,
    stdout: IO[Any] | None = None,
    stderr: IO[Any] | None = None,
    stdin: IO[Any] | None = None,
) -> int:
    """Run the CLI; returns the exit code."""
    out = stdout or sys.stdout
    err = stderr or sys.stderr
    try:
        try:
            with contextlib.redirect_stdout(out):  # --help prints to sys.stdout
                args = build_parser().parse_args(argv)
        except SystemExit as exc:  # --help printed its text
            return int(exc.code or 0)
        if args.command == "policy" and args.action == "check" and args.id:
            args.files = [args.id, *args.files]
        return _COMMANDS[args.command](args, out, err, stdin)
    except Refusal as exc:
        err.write(f"{exc}\n")
    except (InputError, UnknownVersionError) as exc:
        err.write(f"{exc}\n")
    except PolicyError as exc:
        err.write(f"Policyfilen är ogiltig: {exc}\n")
    except BrokenPipeError:  # the reader went away (… | head): stop quietly
        _silence(out)
        return EXIT_OK
    except KeyboardInterrupt:
        err.write("Avbrutet.\n")
        return 130
    return EXIT_INVALID


def _silence(out: IO[Any]) -> None:
    if out is sys.stdout:
        silence_stdout()


def silence_stdout() -> None:
    """After a broken pipe on standard output (``… | head``), point it at /dev/null, so that the
    interpreter's last flush at exit does not complain of the reader that went away."""
    with contextlib.suppress(OSError, ValueError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)


if __name__ == "__main__":
    sys.exit(main())
