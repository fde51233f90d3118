"""Reading imports, and the mapping a file's heading suggests, for a user."""

from __future__ import annotations

from django.db.models import QuerySet

from omvarld.accounts.permissions import Action, User, can, restrict
from omvarld.engagements.models import Engagement
from omvarld.imports import columns
from omvarld.imports.models import Import
from omvarld.imports.reading import Table, as_text
from omvarld.jobs.models import Job
from omvarld.jobs.selectors import job_list
from omvarld.organisation.models import Unit

# How many of a column's values are looked up to tell Omvärld's registration numbers from another's.
NUMBERS_LOOKED_UP = 20


def import_list(*, user: User) -> QuerySet[Import]:
    """The imports the user may see, newest first, with their unit and who uploaded them."""
    return restrict(Import.objects.all(), user, Action.VIEW).select_related("unit", "uploaded_by")


def import_jobs(*, user: User, record: Import) -> QuerySet[Job]:
    """The background jobs that ran the import (the latest first), those the user may see."""
    from omvarld.imports.jobs import RUN

    return job_list(user=user).filter(kind=RUN, params__import=record.pk)


def units_for_import(*, user: User, including: Unit | None = None) -> QuerySet[Unit]:
    """The units the user may import for (an officer: their own and those below), in the organisation's
    order; ``including`` a unit an import already has."""
    allowed = [
        unit.pk
        for unit in Unit.objects.in_organisation_order()
        if can(user, Action.CREATE, Import(unit=unit)) or (including is not None and unit.pk == including.pk)
    ]
    return Unit.objects.in_organisation_order().filter(pk__in=allowed)


def suggested_mapping(*, user: User | None, table: Table) -> dict[int, str]:
    """The field each column likely fills (``columns.guess``). A registration-number column whose values
    are none of the register's numbers (that the user may see) holds another register's numbers: it is
    read as the rows' own ids."""
    mapping = columns.guess(table.header)
    number_column = next((index for index, name in mapping.items() if name == "registration_number"), None)
    if number_column is None or "source_id" in mapping.values():
        return mapping
    values = [as_text(cells[number_column]) for _row, cells in table.rows if cells[number_column] is not None]
    looked_up = values[:NUMBERS_LOOKED_UP]
    matters = (
        Engagement.objects.all() if user is None else restrict(Engagement.objects.all(), user, Action.VIEW)
    )
    if looked_up and not matters.filter(registration_number__in=looked_up).exists():
        mapping[number_column] = "source_id"
    return mapping
