"""Benchmark of re-assessing the register in a worker, beside yardsticks measured in the same run.

    uv run python bench/reassess_bench.py --n 100000 [--reuse] [--json]
    uv run python bench/reassess_bench.py --n 1000000 --copy-from omvarld_bench [--json]

The register is PostgreSQL's (the target is a city the size of Stockholm): the database
``omvarld_reassess_bench``, made as ``bench/register_bench.py`` makes its own (the demo's plan, seed 2008,
``--n`` engagements with their stored assessments), or copied from another such database with
``--copy-from`` (``omvarld_bench``, the register bench's million, is copied, never changed). Then every
matter is made to wait for a decision (status ``submitted``; the register bench decides most of them), so
that the re-assessment has ``--n`` matters to assess: what a re-assessment of the whole register costs.

Measured, in this order:

1. **the job in a worker**: ``jobs.services.job_start(kind="register.reassess")`` queues the job as a page
   or ``omvarld reassess`` does, and ``omvarld worker --batch`` runs it in a process of its own, as in
   production: the time from the job's start to its end (``Job.started_at`` to ``finished_at``, the worker's
   own time), the worker process's wall time and its peak memory;
2. **the bare engine** (yardstick): the same matters' facts on the same day, written to a JSON Lines file
   (not timed), read, decided and printed by ``bench/bare.py`` (the 2008 rules as plain functions) in a
   process of its own — what deciding the matters costs at the least in Python;
3. **a bare bulk UPDATE** (yardstick): one statement setting the same five columns of the same matters —
   what changing them costs the database at the least;
4. **a bare copy of the assessments** (yardstick): ``INSERT … SELECT`` of the assessments the job stored,
   inside the database — what storing them costs it at the least, with no client at all.

Steps 3 and 4 run in a transaction that is rolled back; the assessments the job stored are deleted after
(unless ``--keep``), so the database can be measured again with ``--reuse``. The ratio is the job's time
over the sum of the three yardsticks: the machine is shared and noisy, and the ratio is what compares
across runs. ``--phases N`` also runs the re-assessment in process over the first N matters (rolled
back) and reports where its time goes: reading, facts, engine, writing. ``--cpu N`` runs it over the first
N matters with its pool of processes (rolled back) and reports the CPU time of the job's process, of the
pool's processes and of the database's backend beside the wall time: on two cores they share the
processor, and their shares say where saving work pays.

Record the results, with the command and the machine, in docs/performance.md.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
sys.path.insert(0, str(ROOT))

from bench.worker import run_worker  # noqa: E402

from bench import register_bench  # noqa: E402

NAME = "omvarld_reassess_bench"
SERVER = register_bench.PG_SERVER


def copy_database(source: str, target: str, log: Callable[[str], None]) -> None:
    """``target`` made afresh as a copy of ``source``: as a template when nobody uses it, else by dump."""
    import psycopg

    with psycopg.connect(f"{SERVER}postgres", autocommit=True) as server:
        server.execute(f"DROP DATABASE IF EXISTS {target} WITH (FORCE)")
        try:
            server.execute(f"CREATE DATABASE {target} TEMPLATE {source}")
            log(f"  {target} copied from {source} as a template")
            return
        except psycopg.errors.ObjectInUse:
            server.execute(f"CREATE DATABASE {target}")
    log(f"  {source} is in use: copying it with pg_dump | pg_restore")
    dump = subprocess.Popen(["pg_dump", "-Fc", f"{SERVER}{source}"], stdout=subprocess.PIPE)  # noqa: S603, S607
    subprocess.run(  # noqa: S603
        ["pg_restore", "--no-owner", "-d", f"{SERVER}{target}"],  # noqa: S607
        stdin=dump.stdout,
        check=True,
    )
    if dump.wait() != 0:
        raise SystemExit(f"pg_dump of {source} failed")


def configure(database: str, folder: Path) -> None:
    """Omvärld's settings pointed at the bench's database, jobs queued for a worker; Django set up."""
    folder.mkdir(parents=True, exist_ok=True)
    os.environ["OMVARLD_DATA_DIR"] = str(folder)
    os.environ["DJANGO_SETTINGS_MODULE"] = "omvarld.settings"
    os.environ["DATABASE_URL"] = f"{SERVER}{database}"
    os.environ["OMVARLD_TASKS"] = "worker"
    os.environ.setdefault("OMVARLD_LOG_LEVEL", "WARNING")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def make_all_wait() -> int:
    """Every matter waits for a decision; the number of them."""
    from django.db import connection

    from omvarld.engagements.models import Engagement, Status

    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE engagements_engagement SET status = %s WHERE status <> %s", ["submitted", "submitted"]
        )
        # As a register that grew under its schema would be (each page as full as its fillfactor leaves
        # it, no dead rows): a copied register was filled with another build's storage settings.
        cursor.execute("VACUUM (FULL, ANALYZE) engagements_engagement")
        cursor.execute("VACUUM engagements_engagement")  # the visibility map, which a FULL leaves unset
    return Engagement.objects.filter(status=Status.SUBMITTED).count()


def server_settings() -> dict[str, str]:
    """The PostgreSQL server's version and the settings that bulk writing depends on."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT name, current_setting(name) FROM pg_settings WHERE name = ANY(%s) ORDER BY name",
            [["server_version", "shared_buffers", "max_wal_size", "checkpoint_timeout", "wal_compression"]],
        )
        return dict(cursor.fetchall())


# --- 1. The job in a worker ----------------------------------------------------------------------------


def run_job(log: Callable[[str], None]) -> dict[str, Any]:
    from omvarld.engagements.jobs import REASSESS
    from omvarld.engagements.models import StoredAssessment
    from omvarld.jobs.models import JobStatus
    from omvarld.jobs.services import job_start

    last = StoredAssessment.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    job = job_start(None, kind=REASSESS, params={})
    worker = run_worker()
    job.refresh_from_db()
    if job.status != JobStatus.SUCCEEDED:
        raise SystemExit(f"the job {job.pk} ended {job.status}: {job.error}")
    seconds = (job.finished_at - job.started_at).total_seconds()
    log(
        f"  job {job.pk}: {job.result['assessed']} matters in {seconds:.1f} s "
        f"(worker process {worker['worker_process_s']:.1f} s)"
    )
    return {
        "job_s": round(seconds, 2),
        **worker,
        "assessed": job.result["assessed"],
        "changed_outcome": job.result["changed_outcome"],
        "changed_body": job.result["changed_body"],
        "stored_after": last,
    }


# --- 2. The bare engine --------------------------------------------------------------------------------


def facts_file(path: Path, day: Any) -> int:
    """The waiting matters' facts on ``day``, one line each, as the re-assessment reads them."""
    import orjson

    from omvarld.engagements import interchange, reassess
    from omvarld.organisation.models import Unit

    units = {unit.pk: unit for unit in Unit.objects.all()}
    counterparts = reassess._Counterparts()
    count = 0
    with path.open("wb") as out:
        for rows in reassess._batches(None, reassess.BATCH):
            counterparts.need({row[7] for row in rows if row[7] is not None})
            for row in rows:
                matter = reassess._Matter(row, units, counterparts)
                out.write(orjson.dumps(interchange.facts_of(matter, as_of=day, ancestors=units)) + b"\n")  # type: ignore[arg-type]
                count += 1
    return count


def bare_engine(path: Path) -> float:
    started = time.perf_counter()
    subprocess.run(  # noqa: S603 - this Python, the bench's own script
        [sys.executable, str(BENCH / "bare.py"), str(path)], cwd=ROOT, check=True, stdout=subprocess.DEVNULL
    )
    return time.perf_counter() - started


# --- 3 and 4. The database's own floor ------------------------------------------------------------------


def bare_database(day: Any, stored_after: int) -> tuple[float, float]:
    """One UPDATE of the waiting matters' five columns, and one INSERT … SELECT of the assessments the job
    stored, each timed, then rolled back."""
    from django.db import connection, transaction

    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE engagements_engagement")  # the job's old row versions: autovacuum's
    with transaction.atomic(), connection.cursor() as cursor:
        started = time.perf_counter()
        cursor.execute(
            "UPDATE engagements_engagement SET latest_as_of = %s, latest_outcome = latest_outcome, "
            "latest_decided_by = latest_decided_by, queue_position = queue_position + 0, "
            "deciding_body_id = deciding_body_id WHERE status = 'submitted'",
            [day],
        )
        update = time.perf_counter() - started
        started = time.perf_counter()
        cursor.execute(
            "INSERT INTO engagements_storedassessment (engagement_id, assessed_at, as_of, policy_version, "
            "policy_hash, facts, outcome, decided_by, result) SELECT engagement_id, now(), as_of, "
            "policy_version, policy_hash, facts, outcome, decided_by, result "
            "FROM engagements_storedassessment WHERE id > %s",
            [stored_after],
        )
        insert = time.perf_counter() - started
        transaction.set_rollback(True)
    return update, insert


def forget_stored(stored_after: int) -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        # The index of cited passages points at the latest assessments, the job's among them.
        cursor.execute("DELETE FROM strategy_mattercitations WHERE assessment_id > %s", [stored_after])
        cursor.execute("DELETE FROM engagements_storedassessment WHERE id > %s", [stored_after])
        cursor.execute("VACUUM ANALYZE engagements_storedassessment")


# --- Where the time goes ---------------------------------------------------------------------------------


def _first_batches(
    batches: Callable[[Any, int], Iterator[Any]], n: int, read: Callable[[float], None] | None = None
) -> Callable[[Any, int], Iterator[Any]]:
    """``reassess._batches`` cut short after the batches holding the first ``n`` matters; ``read`` is told
    the time each batch took to read."""

    def first(actor: Any, size: int) -> Iterator[Any]:
        seen, rows = 0, batches(actor, size)
        while seen < n:
            started = time.perf_counter()
            batch = next(rows, None)
            if read is not None:
                read(time.perf_counter() - started)
            if batch is None:
                return
            seen += len(batch)
            yield batch

    return first


def phases(n: int) -> dict[str, float]:
    """The re-assessment in process over the first ``n`` matters (rolled back), its time by phase."""
    from django.db import transaction

    from omvarld.engagements import interchange, reassess

    spent = {"read": 0.0, "facts": 0.0, "engine": 0.0, "serialise": 0.0, "write": 0.0}

    def timed(name: str, function: Callable[..., Any]) -> Callable[..., Any]:
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            started = time.perf_counter()
            try:
                return function(*args, **kwargs)
            finally:
                spent[name] += time.perf_counter() - started

        return wrapper

    def read(seconds: float) -> None:
        spent["read"] += seconds

    patches = {
        (reassess, "_batches"): _first_batches(reassess._batches, n, read),
        (interchange, "facts_of"): timed("facts", interchange.facts_of),
        (reassess, "_assessed"): timed("engine", reassess._assessed),
        (reassess, "compact_json"): timed("serialise", reassess.compact_json),
        (reassess, "_writer"): lambda: timed("write", original_writer()),
    }
    original_writer = reassess._writer
    saved = {key: getattr(*key) for key in patches}
    for (module, name), value in patches.items():
        setattr(module, name, value)
    try:
        with transaction.atomic():
            started = time.perf_counter()
            done = reassess.reassess_register(actor=None, processes=0)
            total = time.perf_counter() - started
            transaction.set_rollback(True)
    finally:
        for (module, name), value in saved.items():
            setattr(module, name, value)
    spent["rest"] = total - sum(spent.values())
    return {"matters": done.assessed, "total_s": round(total, 2)} | {
        f"{name}_s": round(value, 2) for name, value in spent.items()
    }


def _backend_cpu_s(pid: int) -> float | None:
    """The CPU time (user and system) of a PostgreSQL backend process, when the server runs on this
    machine (``/proc``); ``None`` otherwise."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def cpu_split(n: int) -> dict[str, float | None]:
    """The re-assessment in process over the first ``n`` matters (rolled back), with the pool the job would
    use for the whole register (a thread for a small one): the CPU time of this process, of the pool's
    processes and of the database's backend beside the wall time. On two cores the three share the
    processor, so the sum over the wall time says how busy it was kept, and each share where saving work
    would pay."""
    import resource

    from django.db import connection, transaction

    from omvarld.engagements import reassess

    original_batches = reassess._batches

    def backend_cpu_s() -> float | None:
        if connection.vendor != "postgresql":
            return None  # SQLite works in this process
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_backend_pid()")
            return _backend_cpu_s(cursor.fetchone()[0])

    def used(who: int) -> float:
        usage = resource.getrusage(who)
        return usage.ru_utime + usage.ru_stime

    reassess._batches = _first_batches(original_batches, n)
    try:
        own, pool = used(resource.RUSAGE_SELF), used(resource.RUSAGE_CHILDREN)
        server = backend_cpu_s()
        with transaction.atomic():
            started = time.perf_counter()
            done = reassess.reassess_register(actor=None)  # a pool, or a thread, as the job decides
            wall = time.perf_counter() - started
            server_after = backend_cpu_s()
            transaction.set_rollback(True)
        # The pool's processes are reaped when it shuts down, so their time is the children's by now.
        own, pool = used(resource.RUSAGE_SELF) - own, used(resource.RUSAGE_CHILDREN) - pool
    finally:
        reassess._batches = original_batches
    server_s = round(server_after - server, 2) if server is not None and server_after is not None else None
    return {
        "matters": done.assessed,
        "wall_s": round(wall, 2),
        "job_process_cpu_s": round(own, 2),
        "pool_cpu_s": round(pool, 2),
        "server_backend_cpu_s": server_s,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--n", type=int, default=100_000, help="engagements in the register")
    parser.add_argument("--database", default=NAME, help=f"the bench's own database (default {NAME})")
    parser.add_argument("--copy-from", metavar="DATABASE", help="copy this register instead of filling one")
    parser.add_argument("--reuse", action="store_true", help="measure the database as it is")
    parser.add_argument("--keep", action="store_true", help="keep the assessments the job stored")
    parser.add_argument("--phases", type=int, default=0, metavar="N", help="also time the phases over N")
    parser.add_argument(
        "--cpu", type=int, default=0, metavar="N", help="also split the CPU time over N (job, pool, server)"
    )
    parser.add_argument(
        "--dir", type=Path, default=Path(tempfile.gettempdir()) / "omvarld-reassess-bench", help="data folder"
    )
    parser.add_argument("--json", action="store_true", help="print one JSON object instead of the lines")
    args = parser.parse_args()
    if args.database in {args.copy_from, register_bench.PG_NAME}:
        raise SystemExit("The bench changes its database: give it one of its own (--database).")

    def log(text: str) -> None:
        print(text, file=sys.stderr, flush=True)

    log(f"The register in {args.database}:")
    if args.copy_from and not args.reuse:
        copy_database(args.copy_from, args.database, log)
    elif not args.reuse:
        import psycopg

        with psycopg.connect(f"{SERVER}postgres", autocommit=True) as server:
            server.execute(f"DROP DATABASE IF EXISTS {args.database} WITH (FORCE)")
            server.execute(f"CREATE DATABASE {args.database}")
    configure(args.database, args.dir)
    from django.utils import timezone

    from omvarld.engagements.models import Engagement

    if not args.reuse and not args.copy_from:
        register_bench._setup_organisation()
        register_bench.fill(args.n, log=log)
    waiting = make_all_wait()
    log(f"  {Engagement.objects.count()} engagements, {waiting} waiting for a decision")

    day = timezone.localdate()
    result: dict[str, Any] = {
        "n": waiting,
        "machine": f"{platform.node()} ({os.cpu_count()} CPU, Python {platform.python_version()})",
        "load_before": round(os.getloadavg()[0], 2),
        "postgresql": server_settings(),
    }
    log("The job in a worker:")
    result |= run_job(log)
    log("The yardsticks:")
    with tempfile.TemporaryDirectory() as scratch:
        path = Path(scratch) / "facts.jsonl"
        facts_file(path, day)
        result["bare_engine_s"] = round(bare_engine(path), 2)
    update, insert = bare_database(day, result["stored_after"])
    result["bare_update_s"], result["bare_insert_s"] = round(update, 2), round(insert, 2)
    yardstick = result["bare_engine_s"] + result["bare_update_s"] + result["bare_insert_s"]
    result["yardstick_s"] = round(yardstick, 2)
    result["ratio"] = round(result["job_s"] / yardstick, 2)
    result["per_second"] = round(result["assessed"] / result["job_s"])
    log(
        f"  bare engine {result['bare_engine_s']} s, bare UPDATE {update:.1f} s, bare INSERT {insert:.1f} s: "
        f"{yardstick:.1f} s"
    )
    if not args.keep:
        forget_stored(result["stored_after"])
    if args.phases:
        log(f"Where the time goes, in process over {args.phases} matters:")
        result["phases"] = phases(args.phases)
        log(f"  {result['phases']}")
    if args.cpu:
        log(f"The processor's time, in process over {args.cpu} matters with the pool:")
        result["cpu"] = cpu_split(args.cpu)
        log(f"  {result['cpu']}")
    result["load_after"] = round(os.getloadavg()[0], 2)
    if args.json:
        print(json.dumps(result, indent=2))
    else:
        log(
            f"Re-assessed {result['assessed']} matters in {result['job_s']} s ({result['per_second']} /s), "
            f"{result['ratio']} × the yardsticks ({result['yardstick_s']} s); "
            f"worker peak {result['worker_peak_mb']} MB"
        )


if __name__ == "__main__":
    main()
