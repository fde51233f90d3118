"""The policy engine's command line: ``omvarld assess | compare | prioritise | policy``.

Pure Python and quick to start: it never imports Django (``omvarld.__main__`` dispatches these
subcommands here before Django is loaded). Exit codes: 0 success, 2 invalid input or policy.

Date precedence: an engagement's own ``as_of`` wins; otherwise ``--as-of``; otherwise today.
Input is validated in full before anything is printed.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Mapping, Sequence
from datetime import date
from pathlib import Path
from typing import IO, Any

from omvarld.policy.engine import today
from omvarld.policy.errors import InputError, PolicyError, UnknownVersionError

EXIT_OK = 0
EXIT_INVALID = 2


def read_input(source: str, stdin: IO[str] | None = None) -> tuple[list[Any], bool]:
    """Read JSON from a file or ``-`` (stdin): ``(engagements, was_array)``. Raises InputError."""
    try:
        text = (stdin or sys.stdin).read() if source == "-" else Path(source).read_text(encoding="utf-8")
    except FileNotFoundError:
        raise InputError("", f"filen ”{source}” finns inte.") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError("", f"filen ”{source}” kan inte läsas ({exc.__class__.__name__}).") from None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(
            "", f"ogiltig JSON på rad {exc.lineno}, kolumn {exc.colno}: {_json_error_sv(exc.msg)}."
        ) from None
    if isinstance(data, list):
        return data, True
    return [data], False


def _json_error_sv(msg: str) -> str:
    known = {
        "Expecting value": "ett värde väntades",
        "Expecting property name enclosed in double quotes": "ett fältnamn inom citattecken väntades",
        "Expecting ',' delimiter": "ett kommatecken väntades",
        "Expecting ':' delimiter": "ett kolon väntades",
        "Extra data": "extra tecken efter JSON-värdet",
        "Unterminated string starting at": "en sträng avslutas inte",
    }
    for en, sv in known.items():
        if msg.startswith(en):
            return sv
    return msg


def _parse_as_of(text: str | None) -> date | None:
    if text is None:
        return None
    from omvarld.policy.interchange import parse_date

    return parse_date(text, "--as-of")


def prepare(items: list[Any], was_array: bool, as_of: date | None) -> list[tuple[Mapping[str, Any], date]]:
    """Validate every engagement and fix its assessment date; InputError names the index."""
    from omvarld.policy.engine import effective_date
    from omvarld.policy.interchange import validate_engagement

    default_day = as_of or today()
    out: list[tuple[Mapping[str, Any], date]] = []
    for i, item in enumerate(items):
        try:
            data = validate_engagement(item)
            out.append((data, effective_date(data, default_day)))
        except InputError as exc:
            raise (exc.at_index(i) if was_array else exc) from None
    return out


def assess_source(
    source: str, policy: str | None, as_of: date | None, stdin: IO[str] | None = None
) -> list[dict[str, Any]]:
    """Read, validate and assess ``source``: the assessments as dicts, in input order. This is the
    one code path of ``omvarld assess`` (the shared cases run through it)."""
    from omvarld.policy.engine import evaluate, resolve_version

    items, was_array = read_input(source, stdin)
    prepared = prepare(items, was_array, as_of)
    fixed = resolve_version(policy, as_of or today()) if policy else None
    results: list[dict[str, Any]] = []
    for data, day in prepared:
        version = fixed or resolve_version(None, day)
        results.append(evaluate(version, data, day).to_dict())
    return results


def _print_jsonl(rows: Sequence[Mapping[str, Any]], out: IO[str]) -> None:
    out.write("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows))


def _cmd_assess(args: argparse.Namespace, out: IO[str], stdin: IO[str] | None) -> int:
    rows = assess_source(args.file, args.policy, _parse_as_of(args.as_of), stdin)
    _print_jsonl(rows, out)
    return EXIT_OK


def _cmd_compare(args: argparse.Namespace, out: IO[str], stdin: IO[str] | None) -> int:
    from omvarld.policy.compare import compare_one
    from omvarld.policy.engine import resolve_version

    as_of = _parse_as_of(args.as_of)
    items, was_array = read_input(args.file, stdin)
    prepared = prepare(items, was_array, as_of)
    default_day = as_of or today()
    va = resolve_version(args.policy, default_day)
    vb = resolve_version(args.against, default_day)
    changes = []
    for i, (data, day) in enumerate(prepared):
        change = compare_one(data, i, va, vb, day, include_finding_only=args.all)
        if change is not None:
            changes.append(change)
    if args.format == "table":
        out.write(_table(changes, va.id, vb.id, len(prepared)))
    else:
        _print_jsonl([c.to_dict() for c in changes], out)
    return EXIT_OK


def _table(changes: list[Any], a: str, b: str, total: int) -> str:
    lines = [f"Jämförelse {a} → {b}: {len(changes)} av {total} ärenden ändras.", ""]
    for c in changes:
        d = c.to_dict()
        lines.append(f"[{d['index']}] {d['title'] or '(utan titel)'} ({d['kind']})")
        for key, label in (("outcome", "utfall"), ("decided_by", "beslutar"), ("requirements", "krav")):
            x, y = d["a"][key], d["b"][key]
            if key == "requirements":
                x, y = ", ".join(x) or "–", ", ".join(y) or "–"
            mark = "  *" if key in d["changed"] else "   "
            lines.append(f"{mark} {label}: {x} → {y}" if x != y else f"{mark} {label}: {x}")
        for f in d["findings"]:
            va = f["a"]["verdict"] if f["a"] else "gäller ej"
            vb = f["b"]["verdict"] if f["b"] else "gäller ej"
            lines.append(f"    - {f['rule']}: {va} → {vb}")
            for side, name in (("a", a), ("b", b)):
                if f[side]:
                    cites = ", ".join(ci["passage"] for ci in f[side]["citations"])
                    lines.append(f"        {name}: {f[side]['reason']} [{cites}]")
        lines.append("")
    return "\n".join(lines) + ("\n" if not lines[-1] else "")


def _cmd_prioritise(args: argparse.Namespace, out: IO[str], stdin: IO[str] | None) -> int:
    from omvarld.policy.prioritise import prioritise

    as_of = _parse_as_of(args.as_of)
    items, was_array = read_input(args.file, stdin)
    prepared = prepare(items, was_array, as_of)
    ranking = prioritise([d for d, _ in prepared], args.policy, as_of)
    _print_jsonl([p.to_dict() for p in ranking], out)
    return EXIT_OK


def _cmd_policy(args: argparse.Namespace, out: IO[str], err: IO[str]) -> int:
    from omvarld.policy.loader import list_versions, load_version

    if args.action == "list":
        for v in list_versions():
            end = v.effective_to.isoformat() if v.effective_to else "–"
            out.write(f"{v.id}\t{v.status}\t{v.effective_from.isoformat()}\t{end}\t{v.title}\n")
        return EXIT_OK
    if args.action == "show":
        if not args.id:
            err.write("Ange vilken policyversion som ska visas: omvarld policy show ID\n")
            return EXIT_INVALID
        out.write(json.dumps(describe(load_version(args.id)), ensure_ascii=False, indent=2) + "\n")
        return EXIT_OK
    return check(args.files, out, err)


def describe(version: Any) -> dict[str, Any]:
    """A readable JSON description of a version (``omvarld policy show``)."""
    info: dict[str, Any] = version.summary()
    info["parameters"] = {
        name: {
            "description": p.description,
            "values": [{"from": d.isoformat(), "value": v} for d, v in p.values],
            "note": p.note or None,
            "citations": [c.id for c in p.citations],
        }
        for name, p in version.parameters.items()
    }
    info["rules"] = [
        {
            "id": r.id,
            "title": r.title,
            "severity": r.severity,
            "applies_to": sorted(r.kinds),
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
    """Validate every shipped version (or the given files); also compare the shipped source copy with
    the shared seed when the project's ``../shared`` folder is present."""
    from omvarld.policy.loader import VERSIONS_DIR, load_file, shared_seed_mismatch

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
            err.write(f"FEL {path}: {exc}\n")
            continue
        out.write(f"OK  {v.id}: {len(v.rules)} regler, {len(v.passages)} citerade passager ({v.status})\n")
    mismatch = shared_seed_mismatch()
    if mismatch:
        failed = True
        err.write(f"FEL {mismatch}\n")
    return EXIT_INVALID if failed else EXIT_OK


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="omvarld", description="Omvärld: bedöm internationella engagemang mot stadens strategi."
    )
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("assess", help="bedöm ärenden (JSON-objekt eller -lista) och skriv JSON Lines")
    p.add_argument("--policy", help="policyversion (standard: den som gäller på bedömningsdagen)")
    p.add_argument("--as-of", dest="as_of", help="bedömningsdag ÅÅÅÅ-MM-DD för ärenden utan eget as_of")
    p.add_argument("file", metavar="FILE|-")

    p = sub.add_parser("compare", help="jämför bedömningen under två policyversioner")
    p.add_argument("--policy", required=True, help="version A")
    p.add_argument("--against", required=True, help="version B")
    p.add_argument("--all", action="store_true", help="ta med ärenden där bara skälen skiljer")
    p.add_argument("--as-of", dest="as_of")
    p.add_argument("--format", choices=("jsonl", "table"), default="jsonl")
    p.add_argument("file", metavar="FILE|-")

    p = sub.add_parser("prioritise", help="rangordna ärenden med en förklarad poäng")
    p.add_argument("--policy")
    p.add_argument("--as-of", dest="as_of")
    p.add_argument("file", metavar="FILE|-")

    p = sub.add_parser("policy", help="policyversioner: list, show ID, check [FILE …]")
    p.add_argument("action", choices=("list", "show", "check"))
    p.add_argument("id", nargs="?", help="versionens id (för show)")
    p.add_argument("files", nargs="*", help="policyfiler att kontrollera (för check; standard: alla)")
    return parser


def main(
    argv: list[str] | None = None,
    *,
    stdout: IO[str] | None = None,
    stderr: IO[str] | None = None,
    stdin: IO[str] | None = None,
) -> int:
    """Run the CLI; returns the exit code."""
    out = stdout or sys.stdout
    err = stderr or sys.stderr
    args = build_parser().parse_args(argv)
    if args.command == "policy" and args.action == "check" and args.id:
        args.files = [args.id, *args.files]
    try:
        if args.command == "assess":
            return _cmd_assess(args, out, stdin)
        if args.command == "compare":
            return _cmd_compare(args, out, stdin)
        if args.command == "prioritise":
            return _cmd_prioritise(args, out, stdin)
        return _cmd_policy(args, out, err)
    except InputError as exc:
        err.write(f"{exc}\n")
        return EXIT_INVALID
    except UnknownVersionError as exc:
        err.write(f"{exc}\n")
        return EXIT_INVALID
    except PolicyError as exc:
        err.write(f"Policyfilen är ogiltig: {exc}\n")
        return EXIT_INVALID


if __name__ == "__main__":
    sys.exit(main())
