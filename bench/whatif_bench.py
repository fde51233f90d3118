"""Benchmark of the what-if (``strategy.whatif.run``) over a large register, beside the engine alone as the
yardstick.

    uv run python bench/whatif_bench.py --n 100000 --db sqlite [--repeat 3] [--reuse] [--json]
    uv run python bench/whatif_bench.py --n 1000000 --db postgresql [--repeat 1] [--reuse] [--json]

The register is made as ``bench/register_bench.py`` makes it (the demo's plan, in its proportions, over its
years; the matters awaiting a decision and the latest decided ones with a stored assessment, the others
with none), in a database of its own (SQLite: a file in a temporary folder; PostgreSQL: the database
``omvarld_whatif_bench``). Then, interleaved ``--repeat`` times:

- **run**: ``whatif.run`` comparing the whole register under ``stockholm-2008`` and ``reservation-2008``,
  as the page and a background job call it (reading the matters a chunk at a time, their stored facts or
  their facts as they stand, comparing, keeping what changes);
- **engine** (the yardstick): the engine's ``compare_one`` over the same facts, already in memory;
- **read**: reading those facts from the database a chunk at a time, as the run does, and nothing else.

Wall and CPU time (median), matters per second, the ratio of the run to the engine, the changes found and
the peak memory of the process. Record the result, with the command and the machine, in
docs/performance.md.
"""

from __future__ import annotations

import argparse
import platform
import resource
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import orjson

sys.path.insert(0, str(Path(__file__).parent))
import register_bench  # the register's bench, beside this file

PG_NAME = "omvarld_whatif_bench"
PARAMS = {"a": "stockholm-2008", "b": "reservation-2008", "scope": "all"}


def facts_in_memory() -> list[tuple[dict[str, Any], Any]]:
    """Every compared matter's facts and day, as the run reads them (``whatif._stored_facts`` and
    ``interchange.facts_of``), kept in memory for the yardstick."""
    from django.utils import timezone

    from omvarld.engagements import interchange
    from omvarld.organisation.models import Unit
    from omvarld.policy.engine import effective_date
    from omvarld.strategy import whatif

    ancestors = {unit.pk: unit for unit in Unit.objects.all()}
    today = timezone.localdate()
    found = []
    for rows in whatif._chunks(whatif.matters_in(actor=None, scope="all"), ancestors):
        stored = whatif._stored_facts(rows)
        for row in rows:
            facts = stored.get(row.pk) or interchange.facts_of(row, as_of=today, ancestors=ancestors)
            found.append((facts, effective_date(facts, today)))
    return found


def _timed(fn: Callable[[], object]) -> tuple[float, float, object]:
    wall, cpu = time.perf_counter(), time.process_time()
    value = fn()
    return (time.perf_counter() - wall) * 1000, (time.process_time() - cpu) * 1000, value


def measure(repeat: int, log: Callable[[str], None] = print) -> dict[str, Any]:
    from omvarld.policy import load_version
    from omvarld.policy.compare import compare_one
    from omvarld.strategy import whatif

    va, vb = load_version("stockholm-2008"), load_version("reservation-2008")
    log("reading the facts once for the yardstick …")
    portfolio = facts_in_memory()
    n = len(portfolio)

    def engine() -> int:
        changed = 0
        for i, (facts, day) in enumerate(portfolio):
            change = compare_one(facts, i, va, vb, day)
            if change is not None and ("outcome" in change.changed or "decided_by" in change.changed):
                changed += 1
        return changed

    from omvarld.organisation.models import Unit

    def read() -> int:
        chunks = whatif._chunks(whatif.matters_in(actor=None, scope="all"), Unit.objects.in_bulk())
        return sum(len(whatif._stored_facts(rows)) + len(rows) for rows in chunks)

    def run() -> dict[str, Any]:
        return whatif.run(actor=None, params=PARAMS, progress=whatif.no_progress)

    times: dict[str, list[tuple[float, float]]] = {"run": [], "engine": [], "read": []}
    result: dict[str, Any] = {}
    engine_changed = 0
    for round_ in range(repeat):
        for name, fn in (("engine", engine), ("read", read), ("run", run)):
            wall, cpu, value = _timed(fn)
            times[name].append((wall, cpu))
            if name == "run":
                result = value  # type: ignore[assignment]
            elif name == "engine":
                engine_changed = value  # type: ignore[assignment]
            log(f"  round {round_ + 1}: {name} {wall:,.0f} ms")
    assert result["changed"] == engine_changed, "the run and the engine must find the same changes"

    def median(name: str, index: int) -> float:
        return round(statistics.median(t[index] for t in times[name]), 1)

    figures = {
        name: {
            "median_ms": median(name, 0),
            "cpu_ms": median(name, 1),
            "per_s": round(n / (median(name, 0) / 1000)) if median(name, 0) else None,
        }
        for name in times
    }
    figures["run"]["ratio_to_engine"] = round(figures["run"]["median_ms"] / figures["engine"]["median_ms"], 2)
    return {
        "matters": n,
        "changed": result["changed"],
        "requirements_only": result["requirements_only"],
        "groups": len(result["groups"]),
        "result_json_mb": round(len(orjson.dumps(result)) / 2**20, 1),
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
        "figures": figures,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--n", type=int, default=100_000, help="engagements in the register")
    parser.add_argument("--db", choices=("sqlite", "postgresql"), default="sqlite")
    parser.add_argument("--repeat", type=int, default=3, help="timed rounds of the run and its yardsticks")
    parser.add_argument("--reuse", action="store_true", help="measure the database as it is, if it holds --n")
    parser.add_argument("--dir", type=Path, default=Path(tempfile.gettempdir()) / "omvarld-whatif-bench")
    parser.add_argument("--json", action="store_true", help="print one JSON object instead of the table")
    args = parser.parse_args()

    def log(text: str) -> None:
        print(text, file=sys.stderr if args.json else sys.stdout, flush=True)

    register_bench.PG_NAME = PG_NAME
    register_bench.configure(args.db, args.dir, args.reuse)
    from omvarld.engagements.models import Engagement

    register_bench._setup_organisation()
    filled: dict[str, Any] = {}
    if not (args.reuse and Engagement.objects.count() == args.n):
        log(f"filling {args.n} engagements …")
        filled = register_bench.fill(args.n, log=log)
    result = {
        "n": args.n,
        "db": args.db,
        "machine": f"{platform.machine()}, {platform.python_implementation()} {platform.python_version()}",
        "filled": filled,
        **measure(args.repeat, log),
    }
    if args.json:
        sys.stdout.write(orjson.dumps(result, option=orjson.OPT_INDENT_2).decode() + "\n")
        return
    log(f"\n{result['matters']} matters, {result['changed']} change outcome or deciding body "
        f"({result['groups']} groups; {result['requirements_only']} only their documentation); result "
        f"{result['result_json_mb']} MB as JSON; peak memory {result['peak_rss_mb']} MB")  # fmt: skip
    for name, figure in result["figures"].items():
        wall, cpu, rate = figure["median_ms"], figure["cpu_ms"], figure["per_s"]
        log(f"  {name:7} {wall:>12,.0f} ms  cpu {cpu:>12,.0f} ms  {rate:>9,} /s")
    log(f"  run ÷ engine: {result['figures']['run']['ratio_to_engine']}")


if __name__ == "__main__":
    main()
