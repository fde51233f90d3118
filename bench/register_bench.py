"""Benchmark of the register's pages, each figure beside a bare query of the same rows as the yardstick.

    uv run python bench/register_bench.py --n 100000 --db sqlite [--repeat 30] [--reuse] [--json]
    uv run python bench/register_bench.py --n 1000000 --db postgresql [--repeat 30] [--reuse] [--json]

The script makes a database of its own (SQLite: a file in a temporary folder; PostgreSQL: the database
``omvarld_bench``, dropped and created again), migrates it, loads the city's units as ``omvarld
load_units`` does, and fills it with ``--n`` engagements made from the demo's plan (``demo.demo_matters``):
the demo's kinds, titles, units and counterparts, in its proportions, spread over the demo's years. Each
row carries its template's real assessment (made once per template by the engine); the matters registered
after ``demo.DECIDED_UNTIL`` wait in the queues with a stored assessment, and the latest decided ones have
a stored assessment and a decision. With ``--reuse`` a database that already holds ``--n`` engagements is
measured as it is (filling a million rows on PostgreSQL takes minutes).

Then it measures the server time of each page in process, through Django's test client (the whole
middleware stack, the template rendered, a streamed export read to its end), as a city-wide coordinator
(and the first page also as an officer of one unit, whose list is restricted), interleaved with its
yardstick: ``Engagement.objects.filter(<the same filter>).order_by(<the same order>).values(<the columns
the page shows>)`` evaluated as a list. The median of ``--repeat`` runs of each is reported, with the
ratio, the number of queries a page makes, the time spent in their ``execute`` (``sql_ms``: on
PostgreSQL what of the page is the database's; SQLite and a streamed export produce rows while they are
fetched, which it leaves out) and the median CPU time of this process (``cpu_ms``: the steadier figure on
a busy machine). The machine is shared and noisy: the ratio is what counts.

Record the results, with the command and the machine, in docs/performance.md.
"""

from __future__ import annotations

import argparse
import datetime
import gc
import os
import platform
import random
import secrets
import statistics
import sys
import tempfile
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlencode

import orjson

if TYPE_CHECKING:
    from django.db.models import QuerySet
    from django.test import Client

    from omvarld.accounts.models import User

SEED = 2008
BATCH = 5000
PAGE_SIZE = 50  # EngagementListView.page_size
EXPORT_ROWS = 10_000
PG_SERVER = "postgresql://postgres@127.0.0.1:5432/"
PG_NAME = "omvarld_bench"
# Each demo counterpart also exists as a few namesakes in the same place (departments, agencies), so that
# the register has a few hundred counterparts; a namesake is judged as its original (same type and place).
NAMESAKES = ("Internationella kontoret", "Näringslivsavdelningen", "Miljöförvaltningen")
# The list's statuses of a matter decided in an earlier year (a share each), and of one not yet submitted.
PAST_STATUSES = {"closed": 0.5, "followed_up": 0.15, "carried_out": 0.15, "decided": 0.15, "withdrawn": 0.05}
# The columns the register list shows (engagement_list.html), and those the export writes (export.COLUMNS).
LIST_COLUMNS = ("pk", "registration_number", "title", "kind", "unit__name", "status", "latest_outcome")
EXPORT_COLUMNS = (
    "registration_number", "kind", "status", "title", "unit__code", "counterpart__name",
    "counterpart__country", "starts_on", "ends_on", "cost_sek", "funding", "latest_outcome",
    "latest_decided_by", "decision__outcome", "decision__decided_on", "decision__minutes_reference",
    "decision__deviation",
)  # fmt: skip
LIST_PAGES = (
    "first_page",
    "first_page_officer",
    "filtered_page",
    "deep_page",
    "search_title",
    "search_common",
    "search_number",
)


# --- The database ---------------------------------------------------------------------------------------


def configure(db: str, folder: Path, reuse: bool) -> None:
    """Point Omvärld's settings at the bench's own database (made afresh unless reused) and set Django up."""
    folder.mkdir(parents=True, exist_ok=True)
    os.environ["OMVARLD_DATA_DIR"] = str(folder)
    os.environ["DJANGO_SETTINGS_MODULE"] = "omvarld.settings"
    os.environ["DEBUG"] = "false"
    os.environ["ALLOWED_HOSTS"] = "testserver"  # the test client's host
    os.environ.setdefault("OMVARLD_LOG_LEVEL", "WARNING")
    if db == "sqlite":
        path = folder / "register-bench.sqlite3"
        if not reuse:
            for suffix in ("", "-wal", "-shm"):
                Path(f"{path}{suffix}").unlink(missing_ok=True)
        os.environ["DATABASE_URL"] = f"sqlite:///{path}"
    else:
        import psycopg

        with psycopg.connect(f"{PG_SERVER}postgres", autocommit=True) as server:
            exists = server.execute("SELECT 1 FROM pg_database WHERE datname = %s", [PG_NAME]).fetchone()
            if exists and not reuse:
                server.execute(f"DROP DATABASE {PG_NAME} WITH (FORCE)")
            if not exists or not reuse:
                server.execute(f"CREATE DATABASE {PG_NAME}")
        os.environ["DATABASE_URL"] = f"{PG_SERVER}{PG_NAME}"

    import django

    django.setup()
    from django.test.utils import override_settings

    # Static files from the source tree: production serves a collected, hashed copy the bench has not made.
    override_settings(
        STORAGES={
            "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
            "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
        }
    ).enable()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


# --- Filling --------------------------------------------------------------------------------------------


@dataclass
class Template:
    """One matter of the demo's plan, with its engine assessment made once."""

    kind: str
    title: str
    unit_id: int
    day: datetime.date
    counterparts: list[int]  # the counterpart and its namesakes; empty when the matter has none
    values: dict[str, Any]
    facts: dict[str, Any] = field(default_factory=dict)
    outcome: str = ""
    decided_by: str = ""
    deciding_body_id: int | None = None
    queue_position: float | None = None
    policy_version: str = ""
    policy_hash: str = ""
    result: dict[str, Any] = field(default_factory=dict)


def _setup_organisation() -> tuple[User, User, str]:
    """The units (from the bundled file, as ``omvarld load_units`` does), a coordinator who sees
    everything and an officer of one committee; returns both and the officer's unit code."""
    from omvarld.accounts.models import Role
    from omvarld.accounts.models import User as UserModel
    from omvarld.accounts.services import role_assign, user_create
    from omvarld.organisation.models import Unit
    from omvarld.organisation.services import DEFAULT_UNITS_FILE, units_load_file

    if not Unit.objects.exists():
        units_load_file(actor=None, path=DEFAULT_UNITS_FILE)
    officer_unit = "MHN"  # a committee with engagements of most kinds in the demo
    users = {}
    for name, role, unit in (
        ("bench-coordinator", Role.COORDINATOR, None),
        ("bench-officer", Role.OFFICER, officer_unit),
    ):
        user = UserModel.objects.filter(username=name).first()
        if user is None:
            user = user_create(
                actor=None,
                username=name,
                password=secrets.token_urlsafe(),  # measured through force_login; nobody signs in
                check_password_strength=False,
            )
            role_assign(actor=None, user=user, role=role, unit=Unit.objects.get(code=unit) if unit else None)
        users[name] = user
    return users["bench-coordinator"], users["bench-officer"], officer_unit


def _counterparts() -> dict[str, list[int]]:
    """The demo's counterparts and their namesakes, by the demo's key."""
    from omvarld.engagements import demo
    from omvarld.engagements.demo_content import COUNTERPARTS
    from omvarld.organisation.models import Counterpart

    originals = demo._counterparts()  # creates the missing ones through the service (GeoNames resolved)
    existing = set(Counterpart.objects.values_list("name", "country"))
    namesakes = [
        Counterpart(
            name=f"{c.name}, {suffix}",
            type=c.type,
            country=c.country,
            city=c.city,
            geonameid=c.geonameid,
            city_name=c.city_name,
            is_capital=c.is_capital,
        )
        for c in originals.values()
        for suffix in NAMESAKES
        if (f"{c.name}, {suffix}", c.country) not in existing
    ]
    Counterpart.objects.bulk_create(namesakes)
    by_name = dict(Counterpart.objects.values_list("name", "pk"))
    return {
        key: [by_name[name], *(by_name[f"{name}, {suffix}"] for suffix in NAMESAKES)]
        for key, (name, *_rest) in COUNTERPARTS.items()
    }


def templates() -> list[Template]:
    """The demo's plan, each matter assessed once by the engine as ``services.assessment_store`` does."""
    from omvarld import policy
    from omvarld.engagements import demo, interchange, services
    from omvarld.engagements.models import Engagement
    from omvarld.organisation.models import Counterpart, Unit

    units = {unit.code: unit for unit in Unit.objects.all()}
    counterparts = _counterparts()
    counterpart_objects = Counterpart.objects.in_bulk([ids[0] for ids in counterparts.values()])
    made = []
    for matter in demo.demo_matters(units):
        values = services._cleaned(matter.values)
        ids = counterparts[matter.counterpart] if matter.counterpart else []
        engagement = Engagement(
            kind=matter.kind, title=matter.title.strip(), unit=units[matter.unit], **values
        )
        if ids:
            engagement.counterpart = counterpart_objects[ids[0]]
        facts = interchange.facts_of(engagement, as_of=matter.day)
        result = policy.assess(facts)
        body = services.deciding_unit(engagement, result.decided_by or "")
        made.append(
            Template(
                kind=matter.kind,
                title=engagement.title,
                unit_id=units[matter.unit].pk,
                day=matter.day,
                counterparts=ids,
                values=values,
                facts=facts,
                outcome=result.outcome,
                decided_by=result.decided_by or "",
                deciding_body_id=body.pk if body else None,
                queue_position=services.queue_position(facts),
                policy_version=result.version.id,
                policy_hash=result.version.content_hash,
                result=result.to_dict(),
            )
        )
    return made


def _status(rng: random.Random, day: datetime.date) -> str:
    from omvarld.engagements import demo

    # As the demo: this year's and last year's matters are often drafts; those submitted after
    # DECIDED_UNTIL wait for a decision; the rest were decided and have moved on since.
    draft_share = {demo.LAST_YEAR: 0.4, demo.LAST_YEAR - 1: 0.2}.get(day.year, 0.04)
    if rng.random() < draft_share:
        return "draft"
    if day >= demo.DECIDED_UNTIL:
        return "submitted"
    if day.year == demo.LAST_YEAR:
        return "decided"
    return rng.choices(list(PAST_STATUSES), weights=list(PAST_STATUSES.values()))[0]


def fill(n: int, seed: int = SEED, log: Callable[[str], None] = print) -> dict[str, Any]:
    """Fill the register with ``n`` engagements made from the demo's plan; returns what was made."""
    from django.conf import settings
    from django.db import connection, transaction

    from omvarld.engagements import demo, services
    from omvarld.engagements.models import Decision, Engagement, RegistrationCounter, StoredAssessment

    started = time.perf_counter()
    plan = templates()
    rng = random.Random(seed)
    # The demo's years in its proportions; a row takes a template (kind, title, unit, counterpart, values)
    # in the demo's proportions too, and a day of its own in its year.
    per_year = Counter(t.day.year for t in plan)
    years = sorted(per_year)
    in_year = Counter(rng.choices(years, weights=[per_year[y] for y in years], k=n))
    series = settings.OMVARLD_REGISTRATION_SERIES
    waiting: list[tuple[int, Template, datetime.date]] = []
    decided: list[tuple[int, Template, datetime.date]] = []
    made = 0
    for year in years:
        count = in_year[year]
        last = demo.LAST_DAY if year == demo.LAST_YEAR else datetime.date(year, 12, 31)
        span = (last - datetime.date(year, 1, 1)).days
        days = sorted(
            datetime.date(year, 1, 1) + datetime.timedelta(days=rng.randint(0, span)) for _ in range(count)
        )
        with transaction.atomic():
            for start in range(0, count, BATCH):
                rows, kept = [], []
                for number, day in enumerate(days[start : start + BATCH], start=start + 1):
                    t = rng.choice(plan)
                    status = _status(rng, day)
                    assessed = status != "draft"
                    rows.append(
                        Engagement(
                            registration_number=services.registration_number(
                                series=series, year=year, number=number
                            ),
                            series=series,
                            year=year,
                            number=number,
                            kind=t.kind,
                            status=status,
                            title=t.title,
                            unit_id=t.unit_id,
                            counterpart_id=rng.choice(t.counterparts) if t.counterparts else None,
                            latest_as_of=day if assessed else None,
                            latest_outcome=t.outcome if assessed else "",
                            latest_decided_by=t.decided_by if assessed else "",
                            deciding_body_id=t.deciding_body_id if assessed else None,
                            queue_position=t.queue_position if assessed else None,
                            **t.values,
                        )
                    )
                    kept.append((t, day, status))
                Engagement.objects.bulk_create(rows)
                for row, (t, day, status) in zip(rows, kept, strict=True):
                    if status == "submitted":
                        waiting.append((row.pk, t, day))
                    elif status == "decided":
                        decided.append((row.pk, t, day))
            RegistrationCounter.objects.update_or_create(
                series=series, year=year, defaults={"last_number": count}
            )
        made += count
        log(f"  {year}: {count} engagements ({made}/{n}, {time.perf_counter() - started:.0f} s)")
    # Stored assessments: every waiting matter's (the queues and their detail pages read them), and the
    # latest decided matters' with their decisions.
    decided = decided[-min(len(waiting), 2000) :]
    with transaction.atomic():
        stored = StoredAssessment.objects.bulk_create(
            [
                StoredAssessment(
                    engagement_id=pk,
                    as_of=day,
                    policy_version=t.policy_version,
                    policy_hash=t.policy_hash,
                    facts=t.facts,
                    outcome=t.outcome,
                    decided_by=t.decided_by,
                    result=t.result,
                )
                for pk, t, day in [*waiting, *decided]
            ],
            batch_size=1000,
        )
        Decision.objects.bulk_create(
            [
                Decision(
                    engagement_id=pk,
                    assessment=assessment,
                    body_id=t.deciding_body_id or plan[0].unit_id,
                    expected_body_id=t.deciding_body_id,
                    outcome="approved" if t.outcome == "approve" else "rejected",
                    decided_on=day + datetime.timedelta(days=30),
                    minutes_reference=f"Protokoll {day.year}:{rng.randint(1, 20)}, § {rng.randint(1, 40)}",
                )
                for (pk, t, day), assessment in zip(decided, stored[len(waiting) :], strict=True)
            ],
            batch_size=1000,
        )
    if connection.vendor == "postgresql":
        # Statistics for the planner, and the visibility map for index-only scans (the capped counts).
        # VACUUM cannot run in a transaction (a test's); ANALYZE alone can.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE" if connection.in_atomic_block else "VACUUM ANALYZE")
    return {
        "fill_s": round(time.perf_counter() - started, 1),
        "templates": len(plan),
        "waiting": len(waiting),
        "decided_with_decision": len(decided),
    }


# --- Measuring ------------------------------------------------------------------------------------------


@dataclass
class Page:
    name: str
    url: str
    bare: Callable[[], object]
    rows: int
    user: str = "coordinator"


def _cursor(values: Iterable[Any]) -> str:
    from omvarld.core.pagination import encode_cursor

    return encode_cursor(list(values))


def _export_filter() -> tuple[dict[str, Any], int]:
    """The filter (a year, a kind, a unit, a year and a kind) whose list is closest above 10 000 rows
    (the largest, when none reaches it)."""
    from django.db.models import Count

    from omvarld.engagements.models import Engagement

    candidates: list[tuple[dict[str, Any], int]] = []
    for fields, names in ((("year",), ("year",)), (("kind",), ("kind",)), (("unit__code",), ("unit",)),
                          (("year", "kind"), ("year", "kind"))):  # fmt: skip
        for row in Engagement.objects.order_by().values(*fields).annotate(rows=Count("pk")):
            candidates.append(({name: row[f] for name, f in zip(names, fields, strict=True)}, row["rows"]))
    above = [c for c in candidates if c[1] >= EXPORT_ROWS]
    if above:
        return min(above, key=lambda c: (c[1], sorted(c[0].items())))
    return max(candidates, key=lambda c: (c[1], sorted(c[0].items())))


def _title_words() -> dict[str, set[str]]:
    """Each word of at least seven letters in the titles, with the titles it is in."""
    from omvarld.engagements.models import Engagement

    titles = Engagement.objects.order_by("title").values_list("title", flat=True).distinct()
    words: dict[str, set[str]] = defaultdict(set)
    for title in titles:
        for word in title.replace(",", " ").replace(":", " ").split():
            if len(word) >= 7 and word.isalpha():
                words[word.lower()].add(title)
    return words


def _search_word() -> str:
    """A word of at least seven letters that occurs in the title of one template only: a few titles in
    three hundred have it."""
    words = _title_words()
    return min((word for word, where in words.items() if len(where) == 1), default="stockholm")


def _common_word() -> str:
    """The word of at least seven letters in the most titles (the first of those in the alphabet)."""
    words = _title_words()
    return min(words, key=lambda word: (-len(words[word]), word), default="stockholm")


def pages(officer_unit: str) -> list[Page]:
    """The pages measured, each with its yardstick; reads the filled database to choose them."""
    from django.db.models import Count
    from django.db.models.fields.tuple_lookups import Tuple, TupleLessThan

    from omvarld.accounts.models import Role
    from omvarld.accounts.permissions import _reachable_units
    from omvarld.engagements import search, selectors
    from omvarld.engagements.models import Engagement, StoredAssessment
    from omvarld.engagements.selectors import DEFAULT_ORDER, REGISTER_ORDERS
    from omvarld.organisation.models import Unit

    order = REGISTER_ORDERS[DEFAULT_ORDER]
    e = Engagement.objects
    n = e.count()

    def listed(qs: QuerySet[Engagement], size: int = PAGE_SIZE) -> Callable[[], object]:
        return lambda: list(qs.order_by(*order).values(*LIST_COLUMNS)[:size])

    made: list[Page] = [Page("first_page", "/register/", listed(e.all()), min(n, PAGE_SIZE))]

    from omvarld.accounts.models import User

    officer = User.objects.get(username="bench-officer")
    reachable = _reachable_units(officer, Role.OFFICER)
    own = e.filter(unit__in=reachable)
    made.append(Page("first_page_officer", "/register/", listed(own), min(own.count(), PAGE_SIZE), "officer"))

    kind_status = e.filter(kind="trip", status="closed")
    made.append(
        Page(
            "filtered_page",
            "/register/?kind=trip&status=closed",
            listed(kind_status),
            min(kind_status.count(), 50),
        )
    )

    position = int(n * 0.9)
    deep_row = e.order_by(*order).values_list("year", "number", "pk")[position]
    after = _cursor(deep_row)
    deep = e.filter(TupleLessThan(Tuple("year", "number", "pk"), list(deep_row)))
    made.append(
        Page("deep_page", f"/register/?after={after}", listed(deep), min(n - position - 1, PAGE_SIZE))
    )

    # A word in a few titles, and one in many: the yardstick filters as the page does (``search.matching``:
    # on PostgreSQL the trigram indexes, on SQLite the FTS5 index).
    for name, word in (("search_title", _search_word()), ("search_common", _common_word())):
        by_word = search.matching(e.all(), word)
        made.append(
            Page(name, f"/register/?{urlencode({'q': word})}", listed(by_word), min(by_word.count(), 50))
        )
    number = e.order_by("pk").values_list("registration_number", flat=True)[n // 3]
    by_number = e.filter(registration_number=number)  # a whole number: found by its unique index
    made.append(
        Page("search_number", f"/register/?{urlencode({'q': number})}", listed(by_number), by_number.count())
    )

    # The queue of the body with the most matters waiting, and the detail page of one of them.
    busiest = (
        e.filter(status="submitted", deciding_body__isnull=False)
        .values_list("deciding_body", flat=True)
        .order_by()
        .annotate(waiting=Count("pk"))
        .order_by("-waiting", "deciding_body")
        .first()
    )
    if busiest is not None:
        body = Unit.objects.get(pk=busiest)
        waiting = e.filter(status="submitted", deciding_body=body)

        def queue_bare() -> object:
            # The first page of the queue in its order, and the facts of its matters' assessments.
            shown = list(waiting.order_by(*selectors.QUEUE_ORDER).values(*LIST_COLUMNS)[:PAGE_SIZE])
            facts = StoredAssessment.objects.filter(engagement_id__in=[row["pk"] for row in shown])
            return shown, list(facts.order_by("-assessed_at", "-pk").values("engagement_id", "facts"))

        made.append(Page("queue", f"/register/queues/{body.code}/", queue_bare, waiting.count()))
        pk = waiting.order_by("pk").values_list("pk", flat=True)[waiting.count() // 2]

        def detail_bare() -> object:
            row = list(e.filter(pk=pk).values())
            assessment = list(StoredAssessment.objects.filter(engagement_id=pk).values("result")[:1])
            return row, assessment

        made.append(Page("detail", f"/register/{pk}/", detail_bare, 1))

    where, rows = _export_filter()
    exported = e.filter(**{("unit__code" if k == "unit" else k): v for k, v in where.items()})
    made.append(
        Page(
            "export_csv",
            f"/register/export.csv?{urlencode(where)}",
            lambda: list(exported.order_by("year", "number", "pk").values(*EXPORT_COLUMNS)),
            rows,
        )
    )
    return made


def _get(client: Client, url: str) -> int:
    response = client.get(url)
    if response.status_code != 200:
        raise SystemExit(f"{url} answered {response.status_code}")
    body = b"".join(response.streaming_content) if response.streaming else response.content  # type: ignore[attr-defined]
    return len(body)


# The register's own tables: a query that reads one of them is the list's work; the others (the session,
# the user and their roles) are every page's.
REGISTER_TABLES = ("engagements_engagement", "engagements_storedassessment", "engagements_decision")


def _counted(client: Client, url: str) -> tuple[int, float, float]:
    """The number of queries a page makes, the time they take (ms, measured around each execute), and the
    time of those that read the register's own tables."""
    from django.db import connection

    times: list[tuple[float, bool]] = []

    def timed(execute: Callable[..., Any], sql: str, params: Any, many: bool, context: Any) -> Any:
        t = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            times.append((time.perf_counter() - t, any(table in sql for table in REGISTER_TABLES)))

    with connection.execute_wrapper(timed):
        _get(client, url)
    return (
        len(times),
        sum(spent for spent, _own in times) * 1000,
        sum(spent for spent, own in times if own) * 1000,
    )


def _ms(fn: Callable[[], object]) -> tuple[float, float]:
    """Wall time and this process's CPU time (ms): on a busy machine the CPU time of an SQLite page, whose
    queries run in the process, is the steadier figure; PostgreSQL's work is in the server's processes."""
    t, cpu = time.perf_counter(), time.process_time()
    fn()
    return (time.perf_counter() - t) * 1000, (time.process_time() - cpu) * 1000


def measure(
    officer_unit: str, repeat: int = 30, log: Callable[[str], None] = print, warm: int = 2, counted: int = 3
) -> dict[str, Any]:
    """Each page's median server time beside its yardstick's (after ``warm`` runs of each), its queries
    and their time (the median of ``counted`` runs), and the N+1 check."""
    from django.test import Client

    from omvarld.accounts.models import User
    from omvarld.engagements.models import Engagement
    from omvarld.engagements.selectors import DEFAULT_ORDER, REGISTER_ORDERS

    clients = {}
    for role, name in (("coordinator", "bench-coordinator"), ("officer", "bench-officer")):
        clients[role] = Client()
        clients[role].force_login(User.objects.get(username=name))
    chosen = pages(officer_unit)
    results: dict[str, Any] = {}
    for page in chosen:
        client = clients[page.user]
        for _ in range(warm):  # warm the caches, the templates and the database's pages
            _get(client, page.url)
            page.bare()
        times, bare_times = [], []
        gc.collect()
        # Interleaved, so that the page and its yardstick share the machine's noise.
        for _ in range(repeat):
            times.append(_ms(lambda c=client, u=page.url: _get(c, u)))
            bare_times.append(_ms(page.bare))
        runs = [_counted(client, page.url) for _ in range(counted)]
        median = statistics.median(wall for wall, _cpu in times)
        bare = statistics.median(wall for wall, _cpu in bare_times)
        cpu, bare_cpu = statistics.median(c for _w, c in times), statistics.median(c for _w, c in bare_times)
        results[page.name] = {
            "url": page.url,
            "rows": page.rows,
            "median_ms": round(median, 2),
            "bare_median_ms": round(bare, 2),
            "ratio": round(median / bare, 2) if bare else None,
            "cpu_ms": round(cpu, 2),
            "bare_cpu_ms": round(bare_cpu, 2),
            "queries": runs[0][0],
            "sql_ms": round(statistics.median(run[1] for run in runs), 2),
            "register_sql_ms": round(statistics.median(run[2] for run in runs), 2),
        }
        page_result = results[page.name]
        log(f"  {page.name}: {page_result['median_ms']} ms, bare {page_result['bare_median_ms']} ms")

    # The same number of queries for a page of 10 rows and one of 50 (of 100): the last rows of the list.
    order = REGISTER_ORDERS[DEFAULT_ORDER]
    n = Engagement.objects.count()
    checks = {}
    for rows in (10, 100):
        if n > rows:
            cursor_row = Engagement.objects.order_by(*order).values_list("year", "number", "pk")[n - rows - 1]
            checks[f"queries_{rows}"] = _counted(
                clients["coordinator"], f"/register/?after={_cursor(cursor_row)}"
            )[0]
    return {"pages": results, **checks}


def targets(result: dict[str, Any]) -> dict[str, bool]:
    """The issue's targets for every list page: under 50 ms, and within 2 × its bare query — read two
    ways, both reported: the page's own queries of the register (``register_sql_ms``, measured on
    PostgreSQL, where the database works apart from the process) against the bare query, and the whole
    page (rendering, session, roles) against it; and the same number of queries for 10 and 100 rows."""
    met = {}
    for name in LIST_PAGES:
        page = result["pages"].get(name)
        if page:
            met[f"{name}_under_50_ms"] = page["median_ms"] < 50
            if result.get("db") == "postgresql":
                met[f"{name}_register_queries_within_2x"] = (
                    page["register_sql_ms"] <= 2 * page["bare_median_ms"]
                )
            met[f"{name}_whole_page_within_2x"] = page["ratio"] is not None and page["ratio"] <= 2
    if "queries_10" in result and "queries_100" in result:
        met["same_queries_10_100"] = result["queries_10"] == result["queries_100"]
    return met


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--n", type=int, default=100_000, help="engagements in the register")
    parser.add_argument("--db", choices=("sqlite", "postgresql"), default="sqlite")
    parser.add_argument("--repeat", type=int, default=30, help="timed runs of each page and yardstick")
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument(
        "--reuse", action="store_true", help="measure the bench database as it is if it holds --n engagements"
    )
    parser.add_argument("--dir", type=Path, default=Path(tempfile.gettempdir()) / "omvarld-register-bench",
                        help="the data folder (and the SQLite file)")  # fmt: skip
    parser.add_argument("--json", action="store_true", help="print one JSON object instead of the table")
    args = parser.parse_args()

    def log(text: str) -> None:
        print(text, file=sys.stderr if args.json else sys.stdout, flush=True)

    configure(args.db, args.dir, args.reuse)
    from omvarld.engagements.models import Engagement

    _coordinator, _officer, officer_unit = _setup_organisation()
    result: dict[str, Any] = {
        "n": args.n,
        "db": args.db,
        "machine": f"{platform.machine()} {platform.processor() or ''}".strip(),
        "python": platform.python_version(),
        "cpus": os.cpu_count(),
        "load_average": round(os.getloadavg()[0], 2),
        "repeat": args.repeat,
    }
    existing = Engagement.objects.count()
    if existing == args.n and args.reuse:
        log(f"reusing the bench database with {existing} engagements")
    else:
        if existing:
            raise SystemExit(
                f"the bench database holds {existing} engagements, not {args.n}: run without --reuse"
            )
        log(f"filling {args.n} engagements ({args.db})")
        result["fill"] = fill(args.n, args.seed, log)
    result.update(measure(officer_unit, args.repeat, log))
    result["targets_met"] = targets(result)
    if args.json:
        sys.stdout.write(orjson.dumps(result, option=orjson.OPT_INDENT_2).decode() + "\n")
        return
    print(f"\n{args.n:,} engagements on {args.db}; {result['machine']}, {result['cpus']} cpus, "
          f"python {result['python']}, load {result['load_average']}; median of {args.repeat}")  # fmt: skip
    print(
        f"{'page':<20} {'rows':>6} {'median ms':>10} {'bare ms':>9} {'ratio':>6} {'queries':>8} {'sql ms':>8}"
        f" {'reg sql':>8} {'cpu ms':>8} {'bare cpu':>8}"
    )
    for name, page in result["pages"].items():
        print(
            f"{name:<20} {page['rows']:>6} {page['median_ms']:>10.2f} {page['bare_median_ms']:>9.2f} "
            f"{page['ratio'] or 0:>6.2f} {page['queries']:>8} {page['sql_ms']:>8.2f}"
            f" {page['register_sql_ms']:>8.2f} {page['cpu_ms']:>8.2f} {page['bare_cpu_ms']:>8.2f}"
        )
    print(f"queries with 10 rows: {result.get('queries_10')}, with 100 rows: {result.get('queries_100')}")
    for name, met in result["targets_met"].items():
        print(f"target {name}: {'met' if met else 'NOT met'}")


if __name__ == "__main__":
    main()
