"""Checking a file in a process of its own (a large file's real run): every step's plans and problems are
those the job's own process finds, wherever the checker hands over to that process, and the process never
asks the database."""

from __future__ import annotations

import dataclasses
from concurrent.futures import Future
from pathlib import Path
from typing import Any

import pytest
from django.db import connection
from django.db.models import Model

from omvarld.accounts.models import Role
from omvarld.core import workers
from omvarld.imports import checking, tasks
from omvarld.imports.checking import Checker, CheckingProcess, Step, checking_process
from omvarld.imports.reading import read_table
from omvarld.organisation.models import Unit

EXAMPLES = Path(__file__).resolve().parents[2] / "docs" / "examples"
pytestmark = pytest.mark.django_db


class ReadyAfter(Future[None]):
    """A process that the checker finds started only after it has asked ``asked`` times: so many steps
    are checked in the job's process before the rest go to the other."""

    def __init__(self, asked: int) -> None:
        super().__init__()
        self.asked = asked

    def done(self) -> bool:
        self.asked -= 1
        return self.asked < 0


def plain(value: Any) -> Any:
    """A plan as comparable data: a saved object by its model and id, an unsaved one by its values."""
    if isinstance(value, Model):
        if value.pk is not None:
            return (value._meta.label, value.pk)
        return (value._meta.label, plain(dict(vars(value)) | {"_state": None}))
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {field.name: plain(getattr(value, field.name)) for field in dataclasses.fields(value)}
    if isinstance(value, dict):
        return {key: plain(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [plain(item) for item in value]
    return value


def checker_of(name: str, actor: Any) -> Checker:
    path = EXAMPLES / name
    table = read_table(path.name, path.read_bytes())
    options = tasks.options_for(actor=actor, table=table, params={}, record=None)
    checker = Checker(actor=actor, table=table, options=options, for_writing=True)
    checker.look_up()
    return checker


def both_ways(name: str, actor: Any, handover: int) -> tuple[list[Step], list[Step]]:
    """The file's steps checked in this process, and checked apart with ``handover`` steps checked here
    before the rest go to the other process."""
    here = list(checker_of(name, actor).steps())
    started = checking_process()
    started.ready.result()
    apart = list(checker_of(name, actor).steps_apart(CheckingProcess(started.pool, ReadyAfter(handover))))
    return here, apart


@pytest.fixture
def small_steps(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(checking, "CHECKED_PER_STEP", 2)


@pytest.mark.usefixtures("small_steps")
def test_problems_are_found_apart_as_in_the_job_even_those_that_name_a_row_checked_before_the_handover(
    units,
) -> None:
    here, apart = both_ways("med-fel.csv", None, handover=1)

    assert len(here) == len(apart) > 2
    assert [step.checked for step in apart] == [step.checked for step in here]
    assert [plain(step.errors) for step in apart] == [plain(step.errors) for step in here]
    assert any("rad 2" in error.message for error in apart[-1].errors)  # a row checked here, named there


@pytest.mark.usefixtures("small_steps")
def test_new_matters_are_planned_apart_as_in_the_job_with_their_assessments_and_counterparts(units) -> None:
    here, apart = both_ways("medlemskap.csv", None, handover=1)

    assert plain(apart) == plain(here)
    planned = [row for step in apart for row in step.rows]
    assert {row.action for row in planned} == {checking.CREATE}
    assert sum(bool(step.new_counterparts) for step in apart) > 1  # each step names its own first
    assert any(row.assessment is not None and row.decision is not None for row in planned)


@pytest.mark.usefixtures("small_steps")
def test_an_officers_file_of_known_matters_is_checked_apart_with_the_officers_permissions(
    units, make_user
) -> None:
    coordinator, officer = make_user(Role.COORDINATOR), make_user(Role.OFFICER, "KS")
    tasks.run(actor=coordinator, params={"path": str(EXAMPLES / "medlemskap.csv")})

    here, apart = both_ways("medlemskap.csv", officer, handover=0)

    assert plain(apart) == plain(here)
    assert [row.action for step in apart for row in step.rows] == [checking.UNCHANGED] * 2
    refused = [error.message for step in apart for error in step.errors]
    assert refused
    assert all("hör till ett ärende som du inte får se eller ändra" in message for message in refused)


def test_a_process_that_refuses_queries_raises_on_the_first(units) -> None:
    wrappers = list(connection.execute_wrappers)
    try:
        workers.refuse_queries()
        with pytest.raises(workers.QueryInWorker):
            Unit.objects.count()
    finally:
        connection.execute_wrappers[:] = wrappers
    assert Unit.objects.count() == len(units)


@pytest.mark.parametrize(
    ("processes", "rows", "found", "apart"),
    [
        (2, 20_000, 0, True),
        (2, 19_999, 0, False),
        (2, 100_000, 80_000, True),
        (2, 100_000, 80_001, False),  # a file imported before: little to write
        (0, 100_000, 0, False),  # the operator keeps bulk work in the job's process
    ],
)
def test_a_file_is_checked_apart_by_default_when_it_has_many_new_rows_to_write(
    settings, processes, rows, found, apart
) -> None:
    settings.OMVARLD_BULK_PROCESSES = processes
    assert checking.CHECKED_APART_FROM == 20_000
    assert tasks.checked_apart(rows, found=found) is apart
