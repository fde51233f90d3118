"""Benchmark of the policy engine: assessments per second and the time of ``compare``.

    uv run python bench/policy_bench.py [--n 100000] [--seed 2008]

Generates ``n`` deterministic engagements across all kinds (seeded), then measures on one core:
1. ``assess`` (validation + evaluation) per second;
2. the same including ``to_dict()`` and JSON serialisation (what ``omvarld assess`` prints);
3. ``compare`` stockholm-2008 → reservation-2008 over all of them.
Record results in docs/performance.md.
"""

from __future__ import annotations

import argparse
import json
import platform
import random
import time
from datetime import date
from typing import Any

from omvarld.policy import assess, compare, load_version
from omvarld.policy.interchange import COUNTERPART_TYPES, DIRECTIONS, GOALS, KINDS, UNIT_TYPES

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
]


def generate(n: int, seed: int) -> list[dict[str, Any]]:
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
            "subject_area": rng.choice(["miljö", "IT", None]),
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
        if kind in ("membership", "eu_policy"):
            e["scope"] = rng.choice(["citywide", "unit_specific", None])
            e["representative"] = rng.choice(["Borgarrådet", None])
            e["contribution"] = rng.choice(["Arbetsgrupp", None])
            e["last_review"] = rng.choice(["2019-06-01", "2024-01-01", None])
            e["responsible_units"] = rng.choice([["MHN"], []])
            e["affected_units"] = rng.choice([["MHN"], ["MHN", "TN"], []])
        if kind in ("agreement", "request"):
            e["agreement_type"] = rng.choice(["cooperation", "twin_city"])
            e["mutual_benefit"] = rng.choice(["Utbyte.", None])
            e["origin"] = rng.choice(["external", "motion"])
            e["requested_kind"] = "agreement"
        if kind in ("invitation", "trip", "visit"):
            e["travel_paid_by"] = rng.choice(["city", "inviter", "other", None])
            e["role"] = rng.choice(["speaker", "participant", "moderator", None])
            e["special_reasons"] = rng.choice(["Huvudtalare.", None])
            e["bribery_assessment_done"] = rng.random() < 0.5
            e["hospitality_offered"] = rng.random() < 0.3
            e["learning_objective"] = rng.choice(["Lära av X.", None])
        if kind == "eu_project":
            e["plan_reference"] = rng.choice(["VP 3.1", None])
        if kind == "communication":
            e["brand_used"] = rng.random() < 0.7
        out.append(e)
    return out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=2008)
    args = parser.parse_args()

    t0 = time.perf_counter()
    version = load_version("stockholm-2008")
    load_version("reservation-2008")
    assess({"kind": "agreement", "counterpart": {"city": "Riga", "country": "LV"}}, version)  # geo index
    warm = time.perf_counter() - t0
    portfolio = generate(args.n, args.seed)
    day = date(2026, 11, 26)

    t = time.perf_counter()
    outcomes: dict[str, int] = {}
    for e in portfolio:
        a = assess(e, version, day)
        outcomes[a.outcome] = outcomes.get(a.outcome, 0) + 1
    assess_s = time.perf_counter() - t

    t = time.perf_counter()
    for e in portfolio:
        json.dumps(assess(e, version, day).to_dict(), ensure_ascii=False)
    json_s = time.perf_counter() - t

    t = time.perf_counter()
    changes = compare(portfolio, "stockholm-2008", "reservation-2008", as_of=day)
    compare_s = time.perf_counter() - t

    print(f"machine: {platform.machine()} {platform.processor() or ''} python {platform.python_version()}")
    print(f"engagements: {args.n} (seed {args.seed}); outcomes: {outcomes}")
    print(f"load + warm-up (versions, geo index): {warm:.2f} s")
    print(f"assess:               {args.n / assess_s:,.0f} /s ({assess_s:.2f} s)")
    print(f"assess + JSON output: {args.n / json_s:,.0f} /s ({json_s:.2f} s)")
    print(f"compare 2008 → reservation: {compare_s:.2f} s, {len(changes)} changed")


if __name__ == "__main__":
    main()
