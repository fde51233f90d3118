"""Benchmark of an import of an existing register, beside yardsticks measured in the same run.

    uv run python bench/import_bench.py --n 100000 --db sqlite [--json]
    uv run python bench/import_bench.py --n 100000 --db postgresql [--json]

The script makes a database of its own (SQLite: a file in a temporary folder; PostgreSQL: the database
``omvarld_import_bench``, dropped and created again), migrates it, loads the city's units, and writes a
CSV file of ``--n`` rows as an old register would hold them: every kind of engagement, owned by the city's
committees, districts and companies, with some 300 counterparts (named with their type, country and city,
so that the import adds them), registered over the years since 2009, and most of them decided (the
decision, its date, the body and the minutes, with a reason for a deviation), some submitted, the rest
drafts. Then, as a city-wide coordinator, it measures:

* ``parse``: reading the file alone (``reading.read_table``) — the first yardstick;
* ``dry_run``: reading and checking every row of the uploaded file (``tasks.run`` with ``dry_run``);
* ``import``: the import itself as a user starts it — the file uploaded, tried (the dry run above), then
  imported by the background job ``imports.run`` that ``omvarld worker --batch`` runs in a process of its
  own, as in production: all or nothing — checking, adding the counterparts, registering every matter
  with its number, its assessment, its decision and their audit entries. Its time is the job's own
  (started to finished); the worker's CPU and peak memory are reported beside it;
* ``again``: importing the same file a second time, which changes nothing;
* ``bulk_create``: the second yardstick, a bare ``bulk_create`` of the same engagement rows (the values
  the import stored, new numbers), with no check, no assessment, no decision and no audit entry, rolled
  back;
* ``services``: the register's services one row at a time (``engagement_register``, ``engagement_submit``,
  ``decision_record``) for the first ``--services-rows`` rows, rolled back, as the rate an import without
  its batched writer would have.

Each is timed once (a run of 100 000 rows takes minutes; the ratio is what counts on a shared machine).
Record the results, with the command and the machine, in docs/performance.md.
"""

from __future__ import annotations

import argparse
import csv
import datetime
import io
import os
import platform
import random
import secrets
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import orjson

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.worker import run_worker

SEED = 2008
PG_SERVER = "postgresql://postgres@127.0.0.1:5432/"
PG_NAME = "omvarld_import_bench"
FIRST_YEAR, LAST_YEAR = 2009, 2025
# A row's status: most of an old register is decided.
DECIDED, SUBMITTED = 0.6, 0.1
COLUMNS = (
    "Id", "Ärendeslag", "Rubrik", "Enhet", "Motpart", "Typ av motpart", "Land", "Stad", "Börjar", "Slutar",
    "Kostnad (kr)", "Finansiering: Staden (kr)", "Finansiering: EU (kr)", "Nytta för stockholmarna",
    "Inriktningsmål", "Inriktningar", "Sakområde", "Resan betalas av", "Logiet betalas av", "Representant",
    "Deltagande", "Registrerad", "Status", "Beslut", "Beslutsdatum", "Beslutande organ", "Protokoll",
    "Skäl för avvikelse",
)  # fmt: skip
# The kinds, each with what its rows say besides the common columns, and its share of the register.
KINDS: dict[str, tuple[float, dict[str, str]]] = {
    "Tjänsteresa": (0.30, {"Resan betalas av": "Staden", "Logiet betalas av": "Staden"}),
    "Inbjudan": (0.20, {"Resan betalas av": "Staden", "Logiet betalas av": "Staden"}),
    "Besök": (0.12, {"Resan betalas av": "Någon annan", "Logiet betalas av": "Någon annan"}),
    "Medlemskap": (0.10, {"Representant": "Förvaltningschefen", "Deltagande": "Aktivt"}),
    "EU-projekt": (0.08, {}),
    "Samarbetsavtal": (0.05, {}),
    "Arbete av biståndskaraktär": (0.04, {}),
    "EU-policybevakning": (0.04, {}),
    "Förfrågan om samarbete": (0.03, {}),
    "Internationell kommunikation": (0.04, {}),
}
PLACES = (
    ("DK", "Köpenhamn"), ("FI", "Helsingfors"), ("NO", "Oslo"), ("EE", "Tallinn"), ("LV", "Riga"),
    ("LT", "Vilnius"), ("DE", "Berlin"), ("DE", "Hamburg"), ("NL", "Amsterdam"), ("BE", "Bryssel"),
    ("FR", "Paris"), ("ES", "Barcelona"), ("PL", "Warszawa"), ("GB", "London"), ("AT", "Wien"),
)  # fmt: skip
BODIES = ("Stadsdelsnämnd", "Miljöförvaltning", "Stadsbyggnadskontor", "Näringslivskontor", "Universitet")
TOPICS = (
    "klimatanpassning", "kollektivtrafik", "äldreomsorg", "skolmåltider", "digitala tjänster",
    "avfallshantering", "stadsplanering", "integration", "bostadsbyggande", "vattenrening",
)  # fmt: skip


# --- The database ---------------------------------------------------------------------------------------


def configure(db: str, folder: Path) -> None:
    """Point Omvärld's settings at the bench's own, new database and set Django up."""
    folder.mkdir(parents=True, exist_ok=True)
    os.environ["OMVARLD_DATA_DIR"] = str(folder)
    os.environ["DJANGO_SETTINGS_MODULE"] = "omvarld.settings"
    os.environ["DEBUG"] = "false"
    os.environ["OMVARLD_TASKS"] = "worker"  # the import is queued and run by ``omvarld worker``
    os.environ.setdefault("OMVARLD_LOG_LEVEL", "WARNING")
    if db == "sqlite":
        path = folder / "import-bench.sqlite3"
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        os.environ["DATABASE_URL"] = f"sqlite:///{path}"
    else:
        import psycopg

        with psycopg.connect(f"{PG_SERVER}postgres", autocommit=True) as server:
            server.execute(f"DROP DATABASE IF EXISTS {PG_NAME} WITH (FORCE)")
            server.execute(f"CREATE DATABASE {PG_NAME}")
        os.environ["DATABASE_URL"] = f"{PG_SERVER}{PG_NAME}"

    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def setup_organisation() -> Any:
    """The city's units and a city-wide coordinator, who imports."""
    from omvarld.accounts.models import Role
    from omvarld.accounts.services import role_assign, user_create
    from omvarld.organisation.services import DEFAULT_UNITS_FILE, units_load_file

    units_load_file(actor=None, path=DEFAULT_UNITS_FILE)
    coordinator = user_create(
        actor=None,
        username="samordnare",
        password=secrets.token_urlsafe(24),
        check_password_strength=False,
    )
    role_assign(actor=None, user=coordinator, role=Role.COORDINATOR, unit=None)
    return coordinator


# --- The file -------------------------------------------------------------------------------------------


def owning_units() -> list[str]:
    """The units that own matters: KS, the committees, the districts and the companies in force."""
    from omvarld.engagements.interchange import policy_unit
    from omvarld.organisation.models import Unit

    units = list(Unit.objects.filter(valid_to__isnull=True).select_related("parent"))
    return sorted(unit.code for unit in units if policy_unit(unit) is unit)


def register_file(n: int, units: list[str], seed: int = SEED) -> bytes:
    """A register of ``n`` rows (see the module)."""
    rng = random.Random(seed)
    counterparts = [
        (f"{city} {body}", "Universitet" if body == "Universitet" else "Stad", country, city)
        for country, city in PLACES
        for body in (*BODIES, "stad", "region", "näringsliv", "hamn", "kulturförvaltning")
    ] + [(f"Nätverket {topic}", "Organisation", "BE", "Bryssel") for topic in TOPICS] * 2
    kinds = list(KINDS)
    weights = [KINDS[kind][0] for kind in kinds]
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\n")
    writer.writerow(COLUMNS)
    for number in range(1, n + 1):
        kind = rng.choices(kinds, weights)[0]
        topic = rng.choice(TOPICS)
        year = rng.randint(FIRST_YEAR, LAST_YEAR)
        registered = datetime.date(year, rng.randint(1, 12), rng.randint(1, 28))
        starts = registered + datetime.timedelta(days=rng.randint(20, 120))
        counterpart = (
            rng.choice(counterparts)
            if kind not in ("EU-policybevakning", "Internationell kommunikation")
            else None
        )
        cost = rng.randrange(0, 400_000, 500)
        eu = cost // 2 if kind == "EU-projekt" else 0
        chance = rng.random()
        status = "Beslutat" if chance < DECIDED else "Inlämnat" if chance < DECIDED + SUBMITTED else "Utkast"
        decided = status == "Beslutat"
        decided_on = registered + datetime.timedelta(days=rng.randint(14, 60))
        row = {
            "Id": f"R-{number:07d}",
            "Ärendeslag": kind,
            "Rubrik": f"{kind} om {topic} ({number})",
            "Enhet": rng.choice(units),
            "Motpart": counterpart[0] if counterpart else "",
            "Typ av motpart": counterpart[1] if counterpart else "",
            "Land": counterpart[2] if counterpart else "",
            "Stad": counterpart[3] if counterpart else "",
            "Börjar": starts.isoformat(),
            "Slutar": (starts + datetime.timedelta(days=rng.randint(0, 4))).isoformat(),
            "Kostnad (kr)": str(cost),
            "Finansiering: Staden (kr)": str(cost - eu),
            "Finansiering: EU (kr)": str(eu) if eu else "",
            "Nytta för stockholmarna": f"Erfarenheter av {topic} för stadens verksamheter",
            "Inriktningsmål": rng.choice(("En attraktiv, trygg och växande stad", "Kvalitet och valfrihet")),
            "Inriktningar": "Verksamhetsutveckling",
            "Sakområde": topic.capitalize(),
            "Registrerad": registered.isoformat(),
            "Status": status if not decided else "",
            "Beslut": rng.choice(("Bifall", "Bifall", "Bifall", "Avslag")) if decided else "",
            "Beslutsdatum": decided_on.isoformat() if decided else "",
            "Protokoll": f"Protokoll {decided_on.year}:{rng.randint(1, 20)}, § {rng.randint(1, 40)}"
            if decided
            else "",
            "Skäl för avvikelse": "Beslutat före Omvärld, på det underlag som fanns då." if decided else "",
        }
        row.update(KINDS[kind][1])
        writer.writerow([row.get(column, "") for column in COLUMNS])
    return out.getvalue().encode("utf-8")


# --- Measuring ------------------------------------------------------------------------------------------


CPU: dict[str, float] = {}


def timed(fn: Callable[[], Any], name: str = "") -> tuple[Any, float]:
    """The result of ``fn`` and the seconds it took; the seconds of this process's CPU it took are kept in
    ``CPU`` under ``name`` (the steadier figure on a shared machine: the database's own work is left out
    on PostgreSQL, and waiting for the processor is left out everywhere)."""
    start, cpu = time.perf_counter(), time.process_time()
    result = fn()
    if name:
        CPU[name] = time.process_time() - cpu
    return result, time.perf_counter() - start


def bare_bulk_create() -> float:
    """The yardstick: the engagement rows the import stored, written again by a bare ``bulk_create`` under
    another series (no check, no assessment, no decision, no audit entry), and rolled back."""
    from django.db import transaction

    from omvarld.engagements.models import Engagement

    rows = list(Engagement.objects.values())
    copies = []
    for number, values in enumerate(rows, start=1):
        values = {**values, "series": "BARE", "number": number, "registration_number": f"BARE-{number}"}
        values.pop("id")
        copies.append(Engagement(**values))
    with transaction.atomic():
        _done, elapsed = timed(lambda: Engagement.objects.bulk_create(copies, batch_size=1000), "bulk_create")
        transaction.set_rollback(True)
    return elapsed


def services_rate(actor: Any, path: Path, rows: int) -> float:
    """Seconds per row through the register's services one row at a time (the checked plan of the first
    ``rows`` rows, written as a person would register, submit and decide each), rolled back."""
    from django.db import transaction

    from omvarld.engagements import services
    from omvarld.imports.checking import CREATE, Options, checked
    from omvarld.imports.reading import read_table
    from omvarld.imports.selectors import suggested_mapping
    from omvarld.organisation.models import Counterpart

    table = read_table(path.name, path.read_bytes())
    table.rows = table.rows[:rows]
    plan = checked(
        actor=actor,
        table=table,
        options=Options(mapping=suggested_mapping(user=actor, table=table)),
        keep_rows=True,
    )
    with transaction.atomic():
        start = time.perf_counter()
        for row in plan.rows:
            assert row.action == CREATE
            values = dict(row.values)
            new = plan.new_counterparts.get(row.counterpart) if row.counterpart else None
            if (
                new is not None
                and Counterpart.objects.filter(name=new["name"], country=new["country"]).exists()
            ):
                values["counterpart"] = Counterpart.objects.get(name=new["name"], country=new["country"])
                new = None
            engagement = services.engagement_register(
                actor=actor, today=row.registered_on, new_counterpart=new, **values
            )
            if row.submit_on is not None:
                services.engagement_submit(actor=actor, engagement=engagement, as_of=row.submit_on)
            if row.decision is not None:
                decision = row.decision
                services.decision_record(
                    actor=actor,
                    engagement=engagement,
                    outcome=decision["outcome"],
                    decided_on=decision["decided_on"],
                    minutes_reference=decision["minutes_reference"],
                    body=decision["body"],
                    deviation_reason=decision["deviation_reason"],
                )
        elapsed = time.perf_counter() - start
        transaction.set_rollback(True)
    return elapsed / max(len(plan.rows), 1)


def import_in_worker(actor: Any, record: Any) -> dict[str, Any]:
    """The import as the page starts it (``services.import_start``: the job ``imports.run``), run by
    ``omvarld worker --batch`` in a process of its own when jobs are queued (the bench's setting): the
    job's own time, the worker's CPU and memory. Where jobs run at once (the tests), it runs here."""
    from omvarld.imports import services
    from omvarld.jobs.models import JobStatus

    job, started_s = timed(lambda: services.import_start(actor=actor, record=record), "import")
    job.refresh_from_db()
    figures: dict[str, Any] = {"in_worker": job.status == JobStatus.QUEUED}
    if figures["in_worker"]:
        worker = run_worker()
        CPU["import"] = worker.pop("worker_cpu_s")
        figures |= worker
        job.refresh_from_db()
    if job.status != JobStatus.SUCCEEDED:
        raise SystemExit(f"the import's job {job.pk} ended {job.status}: {job.error}")
    seconds = (job.finished_at - job.started_at).total_seconds() if figures["in_worker"] else started_s
    return figures | {"job_s": round(seconds, 4), "cpu_s": round(CPU["import"], 2)}


def measure(
    actor: Any, n: int, folder: Path, services_rows: int, log: Callable[[str], None]
) -> dict[str, Any]:
    from django.db import connection

    from omvarld.audit.chain import chain_verify
    from omvarld.audit.models import AuditEntry
    from omvarld.engagements.models import Decision, Engagement
    from omvarld.imports import services, tasks
    from omvarld.imports.reading import read_table

    path = folder / "register.csv"
    content, made_s = timed(lambda: register_file(n, owning_units()))
    path.write_bytes(content)
    log(f"file: {n} rows, {len(content) / 2**20:.1f} MB, made in {made_s:.1f} s")
    services_s = services_rate(actor, path, services_rows) if services_rows else None
    if services_s is not None:
        log(f"services, one row at a time: {services_s * 1000:.1f} ms a row")
    table, parse_s = timed(lambda: read_table(path.name, path.read_bytes()), "parse")
    log(f"parse: {parse_s:.2f} s")
    del table
    record = services.import_upload(actor=actor, file_name=path.name, content=path.read_bytes())
    dry, dry_s = timed(
        lambda: tasks.run(actor=actor, params={"import": record.pk, "dry_run": True}), "dry_run"
    )
    assert not dry["errors"], dry["errors"][:5]
    log(f"dry run: {dry_s:.1f} s")
    record.refresh_from_db()
    worker = import_in_worker(actor, record)
    import_s = worker["job_s"]
    log(f"import, the job in a worker: {import_s:.1f} s ({worker})")
    assert Engagement.objects.count() == n, Engagement.objects.count()
    entries = AuditEntry.objects.count()
    decided = Decision.objects.count()
    again, again_s = timed(lambda: tasks.run(actor=actor, params={"path": str(path)}), "again")
    assert (again["created"], again["updated"], again["unchanged"]) == (0, 0, n), again
    assert AuditEntry.objects.count() == entries
    log(f"the same file again: {again_s:.1f} s, nothing changed")
    bulk_s = bare_bulk_create()
    log(f"bare bulk_create of the same rows: {bulk_s:.1f} s")
    intact = chain_verify().intact
    return {
        "db": connection.vendor,
        "rows": n,
        "file_mb": round(len(content) / 2**20, 1),
        "matters": Engagement.objects.count(),
        "decided": decided,
        "audit_entries": entries,
        "parse_s": round(parse_s, 4),
        "dry_run_s": round(dry_s, 4),
        "import_s": round(import_s, 4),
        "import_worker": worker,
        "again_s": round(again_s, 4),
        "bulk_create_s": round(bulk_s, 4),
        "services_ms_per_row": round(services_s * 1000, 2) if services_s is not None else None,
        "cpu_s": {name: round(seconds, 2) for name, seconds in CPU.items()},
        "rows_per_s": round(n / import_s),
        "import_to_parse": round(import_s / parse_s, 1),
        "import_to_bulk_create": round(import_s / bulk_s, 1),
        "import_to_bulk_create_cpu": round(CPU["import"] / CPU["bulk_create"], 1),
        "services_to_import": round(services_s * n / import_s, 1) if services_s is not None else None,
        "under_two_minutes": import_s < 120,
        "audit_chain_intact": intact,
        "python": platform.python_version(),
        "machine": f"{platform.machine()}, {os.cpu_count()} cores",
    }


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--n", type=int, default=100_000, help="rows in the file")
    parser.add_argument("--db", choices=("sqlite", "postgresql"), default="sqlite")
    parser.add_argument("--services-rows", type=int, default=500, help="rows written one by one (0: none)")
    parser.add_argument("--folder", type=Path, default=None, help="where the database and file go")
    parser.add_argument("--json", action="store_true", help="print one JSON object with the figures")
    options = parser.parse_args()
    folder = options.folder or Path(tempfile.mkdtemp(prefix="omvarld-import-bench-"))
    log = (lambda text: print(text, file=sys.stderr)) if options.json else print
    configure(options.db, folder)
    actor = setup_organisation()
    result = measure(actor, options.n, folder, options.services_rows, log)
    print(orjson.dumps(result, option=orjson.OPT_INDENT_2).decode() if options.json else result)


if __name__ == "__main__":
    main()
