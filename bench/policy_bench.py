"""Benchmark of the policy engine, each figure beside a yardstick measured in the same run.

    uv run python bench/policy_bench.py [--n 100000] [--stream 1000000] [--seed 2008] [--json FILE]

The machine is shared and noisy, so every speed is reported with the ratio to a yardstick timed in
the same process on the same engagements:

1. **bare evaluator** (``bench/bare.py``): the 2008 rules as a few plain functions over the same
   facts, no reasons, no citations — the yardstick for the engine. It must agree with the engine on
   every outcome and decision-maker; the run stops if it does not.
2. **engine**: ``evaluate`` on validated engagements; and ``assess`` (validation + evaluation).
3. **engine + JSON**: each assessment serialised as ``omvarld assess`` prints it.
4. **compare** stockholm-2008 → reservation-2008 over the portfolio.
5. **end to end**: ``omvarld assess`` as a subprocess over ``--stream`` engagements in JSON Lines
   (written to a temporary file), output to /dev/null: engagements per second and peak memory; beside
   it the yardstick "parse each line and print a bare verdict" over the same file.

Record the results, with the command and the machine, in docs/performance.md.
"""

from __future__ import annotations

import argparse
import gc
import os
import platform
import random
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import orjson

sys.path.insert(0, str(Path(__file__).parent))

import bare
from omvarld.policy import compare, load_version
from omvarld.policy.engine import evaluate, prepared
from omvarld.policy.interchange import COUNTERPART_TYPES, DIRECTIONS, GOALS, KINDS, UNIT_TYPES
from omvarld.policy.render import assessment_json

CITIES = [
    ("Riga", "LV"),
    ("Köpenhamn", "DK"),
    ("Helsingfors", "FI"),
    ("S:t Petersburg", "RU"),
    ("London", "GB"),
    ("Toronto", "CA"),
    ("Nairobi", "KE"),
    ("Bryssel", "BE"),
    ("Åbo", "FI"),
    ("Warszawa", "PL"),
    ("Suleimanya", "IQ"),
    ("Freiburg", "DE"),
    ("Göteborg", "SE"),
    ("Den Haag", "NL"),
    ("Taipei", "TW"),
    ("Jerusalem", "IL"),
    ("Mariehamn", "AX"),
]
ROLES = ["speaker", "talare", "deltagare", "participant", "moderator", "sitter i juryn", "jonglör", None]
REQUESTED = [k for k in KINDS if k != "request"]
DAY = date(2026, 11, 26)


def generate(n: int, seed: int) -> list[dict[str, Any]]:
    """``n`` deterministic engagements over every kind, with gaps, every counterpart type, Swedish and
    English roles, and the second reading's fields."""
    rng = random.Random(seed)
    out: list[dict[str, Any]] = []
    for i in range(n):
        kind = KINDS[i % len(KINDS)]
        city, country = rng.choice(CITIES)
        e: dict[str, Any] = {
            "kind": kind,
            "title": f"Ärende {i}",
            "unit": {"code": f"U{i % 40}", "name": "Enhet", "type": rng.choice(UNIT_TYPES)},
            "goals": rng.sample(GOALS, rng.randint(0, 2)),
            "directions": rng.sample(DIRECTIONS, rng.randint(0, 2)),
            "benefit": rng.choice(["Bättre service.", "", None]),
            "subject_area": rng.choice(["miljö", "IT", "allmänt samarbete", None]),
            "counterpart": {
                "name": city,
                "type": rng.choice(COUNTERPART_TYPES),
                "city": city,
                "country": country,
            },
            "cost_sek": rng.choice([None, 0, 50_000, 2_000_000, 12_000_000]),
            "external_funding_sek": rng.choice([None, 0, 50_000, 2_000_000]),
            "aid_character": rng.random() < 0.1,
            "foreign_policy_stance": rng.random() < 0.02,
            "as_of": "2026-11-26",
        }
        if kind in ("membership", "eu_policy", "request"):
            e["scope"] = rng.choice(["citywide", "unit_specific", None])
            e["responsible_units"] = rng.choice([["MHN"], []])
            e["affected_units"] = rng.choice([["MHN"], ["MHN", "TN"], []])
        if kind in ("membership", "request"):
            e["representative"] = rng.choice(["Borgarrådet", None])
            e["contribution"] = rng.choice(["Arbetsgrupp.", None])
            e["participation"] = rng.choice(["active", "passive", None])
            e["start_date"] = rng.choice(["2010-01-01", "2024-05-01", None])
            e["last_review"] = rng.choice(["2019-06-01", "2022-11-26", "2024-01-01", "2027-01-01", None])
        if kind in ("agreement", "request"):
            e["agreement_type"] = rng.choice(["cooperation", "twin_city"])
            e["mutual_benefit"] = rng.choice(["Utbyte.", None])
        if kind == "request":
            e["origin"] = rng.choice(["external", "motion", None])
            e["requested_kind"] = rng.choice([*REQUESTED, None])
        if kind in ("invitation", "trip", "visit", "request"):
            e["travel_paid_by"] = rng.choice(["city", "inviter", "other", "none", None])
            e["accommodation_paid_by"] = rng.choice(["city", "inviter", None, None])
            e["role"] = rng.choice(ROLES)
            e["special_reasons"] = rng.choice(["Huvudtalare.", None])
            e["bribery_assessment_done"] = rng.random() < 0.5
            e["hospitality_offered"] = rng.random() < 0.3
            e["learning_objective"] = rng.choice(["Lära av X.", None])
        if kind in ("eu_project", "request"):
            e["plan_reference"] = rng.choice(["VP 3.1", None])
        if kind in ("communication", "request"):
            e["brand_used"] = rng.random() < 0.7
        out.append({k: v for k, v in e.items() if v is not None})
    return out


def timed(fn: Callable[[], object], repeat: int = 3) -> float:
    """The best of ``repeat`` runs (the least disturbed by other work on the machine)."""
    best = float("inf")
    for _ in range(repeat):
        gc.collect()
        t = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - t)
    return best


def write_jsonl(path: Path, n: int, seed: int) -> None:
    chunk = 50_000
    with path.open("wb") as f:
        for start in range(0, n, chunk):
            part = generate(min(chunk, n - start), seed + start)
            f.write(b"".join(orjson.dumps(e) + b"\n" for e in part))


def run_child(argv: list[str], stdin_path: Path | None = None) -> tuple[float, float, int]:
    """Wall time, peak RSS (MB) and exit code of a child process writing to /dev/null."""
    code = (
        "import resource, subprocess, sys, time;"
        "t = time.perf_counter();"
        "p = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL);"
        "w = time.perf_counter() - t;"
        "print(w, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024, p.returncode)"
    )
    done = subprocess.run(  # noqa: S603 - our own interpreter and commands
        [sys.executable, "-c", code, *argv], capture_output=True, text=True, check=True
    )
    wall, rss, rc = done.stdout.split()
    return float(wall), float(rss), int(rc)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=100_000, help="engagements for the in-process figures")
    parser.add_argument("--stream", type=int, default=1_000_000, help="engagements for the end-to-end run")
    parser.add_argument("--seed", type=int, default=2008)
    parser.add_argument("--json", type=Path, help="also write the figures to this JSON file")
    args = parser.parse_args()
    results: dict[str, Any] = {
        "machine": f"{platform.machine()} {platform.processor() or ''}".strip(),
        "python": platform.python_version(),
        "cpus": os.cpu_count(),
        "load_average": os.getloadavg()[0],
        "n": args.n,
        "stream": args.stream,
    }

    t = time.perf_counter()
    version = load_version("stockholm-2008")
    load_version("reservation-2008")
    portfolio = generate(args.n, args.seed)
    items = [prepared(e, DAY) for e in portfolio]
    for data, day in items[:2000]:  # warm the geography index and the caches
        evaluate(version, data, day)
        bare.assess(data, day)
    results["warm_up_s"] = round(time.perf_counter() - t, 2)

    # 1. the yardstick agrees with the engine
    disagree = 0
    for data, day in items:
        a = evaluate(version, data, day)
        if (a.outcome, a.decided_by) != bare.assess(data, day):
            disagree += 1
    if disagree:
        raise SystemExit(f"the bare evaluator disagrees with the engine on {disagree} engagements")

    n = len(items)

    # Each loop throws its results away, as a stream does: keeping 100 000 assessments alive would time
    # the garbage collector, not the engine.
    def run_bare() -> None:
        for data, day in items:
            bare.assess(data, day)

    def run_engine() -> None:
        for data, day in items:
            evaluate(version, data, day)

    def run_assess() -> None:
        for e in portfolio:
            evaluate(version, *prepared(e, DAY))

    def run_json() -> None:
        for data, day in items:
            assessment_json(evaluate(version, data, day, explain=True))

    bare_s = timed(run_bare)
    engine_s = timed(run_engine)
    assess_s = timed(run_assess)
    json_s = timed(run_json)
    compare_s = timed(lambda: compare(portfolio, "stockholm-2008", "reservation-2008", as_of=DAY), repeat=1)
    results.update(
        bare_per_s=round(n / bare_s),
        engine_per_s=round(n / engine_s),
        engine_ratio=round(engine_s / bare_s, 2),
        assess_per_s=round(n / assess_s),
        assess_ratio=round(assess_s / bare_s, 2),
        json_per_s=round(n / json_s),
        json_ratio=round(json_s / bare_s, 2),
        compare_s=round(compare_s, 2),
        compare_ratio=round(compare_s / bare_s, 2),
    )

    # 5. end to end, streaming
    if args.stream:
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "portfolio.jsonl"
            write_jsonl(path, args.stream, args.seed)
            size_mb = path.stat().st_size / 1e6
            bare_wall, bare_rss, _ = run_child(
                [sys.executable, str(Path(__file__).parent / "bare.py"), str(path)]
            )
            wall, rss, rc = run_child([sys.executable, "-m", "omvarld", "assess", str(path)])
            if rc not in (0, 2):
                raise SystemExit(f"omvarld assess exited with {rc}")
        results.update(
            stream_input_mb=round(size_mb),
            stream_per_s=round(args.stream / wall),
            stream_s=round(wall, 1),
            stream_peak_mb=round(rss),
            stream_bare_per_s=round(args.stream / bare_wall),
            stream_ratio=round(wall / bare_wall, 2),
            stream_bare_peak_mb=round(bare_rss),
        )
    results["peak_mb_in_process"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)

    r = results
    print(f"machine: {r['machine']}, {r['cpus']} cpus, python {r['python']}, load {r['load_average']:.1f}")
    print(f"engagements: {n} in process (seed {args.seed}); warm-up {r['warm_up_s']} s")
    print(f"bare evaluator (yardstick):   {r['bare_per_s']:>9,} /s")
    print(f"engine (evaluate):            {r['engine_per_s']:>9,} /s   {r['engine_ratio']:.2f} × bare")
    print(f"assess (validate + evaluate): {r['assess_per_s']:>9,} /s   {r['assess_ratio']:.2f} × bare")
    print(f"engine + JSON output:         {r['json_per_s']:>9,} /s   {r['json_ratio']:.2f} × bare")
    print(f"compare 2008 → reservation:   {r['compare_s']:>9} s    {r['compare_ratio']:.2f} × bare")
    if args.stream:
        print(
            f"omvarld assess, {args.stream:,} JSON Lines ({r['stream_input_mb']} MB): "
            f"{r['stream_per_s']:,} /s ({r['stream_s']} s), peak {r['stream_peak_mb']} MB; "
            f"bare pipeline {r['stream_bare_per_s']:,} /s, peak {r['stream_bare_peak_mb']} MB; "
            f"ratio {r['stream_ratio']:.2f}"
        )
    if args.json:
        args.json.write_bytes(orjson.dumps(results, option=orjson.OPT_INDENT_2))


if __name__ == "__main__":
    main()
