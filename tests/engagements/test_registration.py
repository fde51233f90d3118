"""Registration numbers: given at registration, unique and without gaps per series and year, even when many
register at once."""

from __future__ import annotations

import datetime
import threading

import pytest
from django.db import connection, transaction

from omvarld.engagements.models import Engagement, Kind, RegistrationCounter
from omvarld.engagements.services import engagement_register, registration_number, take_number

TODAY = datetime.date(2026, 11, 26)


def _register(units, title: str = "Inbjudan till Eurocities årsmöte", **values) -> Engagement:
    return engagement_register(
        actor=None, kind=Kind.INVITATION, title=title, unit=units["MHN"], today=TODAY, **values
    )


def test_numbers_follow_each_other_in_the_series_of_the_year(units) -> None:
    first, second = _register(units), _register(units)
    assert (first.registration_number, second.registration_number) == ("INT-1/2026", "INT-2/2026")
    assert (second.series, second.year, second.number) == ("INT", 2026, 2)


def test_a_new_year_starts_the_series_again(units) -> None:
    _register(units)
    engagement = engagement_register(
        actor=None, kind=Kind.TRIP, title="Studieresa", unit=units["MHN"], today=datetime.date(2027, 1, 2)
    )
    assert engagement.registration_number == "INT-1/2027"


def test_the_format_and_series_are_configured(units, settings) -> None:
    settings.OMVARLD_REGISTRATION_SERIES = "006"
    settings.OMVARLD_REGISTRATION_FORMAT = "Dnr {series}-{number}/{year}"
    assert _register(units).registration_number == "Dnr 006-1/2026"
    assert registration_number(series="006", number=1137, year=2007) == "Dnr 006-1137/2007"


def test_a_registration_that_fails_gives_its_number_back(units) -> None:
    _register(units)

    def register_and_fail() -> None:
        with transaction.atomic():
            take_number(series="INT", year=2026)
            raise RuntimeError("the rest of the registration failed")

    with pytest.raises(RuntimeError):
        register_and_fail()
    assert _register(units).registration_number == "INT-2/2026"


def test_a_refused_registration_takes_no_number(units) -> None:
    from omvarld.core.errors import ApplicationError

    with pytest.raises(ApplicationError):
        _register(units, title="   ")
    assert not RegistrationCounter.objects.exists()
    assert _register(units).number == 1


@pytest.mark.django_db(transaction=True)
def test_parallel_registrations_give_neither_a_duplicate_nor_a_gap(units) -> None:
    """Eight writers register at the same moment, each in its own connection and transaction.

    On PostgreSQL they really overlap, and only the lock on the counter's row keeps them apart. SQLite
    lets one writer at a time into the database (Omvärld begins its transactions IMMEDIATE), and the
    suite's shared in-memory database refuses a second writer instead of waiting, so this runs on
    PostgreSQL only.
    """
    if connection.vendor != "postgresql":
        pytest.skip("SQLite lets one writer in at a time; the overlap is tested on PostgreSQL")
    writers, each = 8, 5
    start = threading.Barrier(writers)
    failures: list[BaseException] = []

    def register() -> None:
        try:
            start.wait(timeout=30)
            for number in range(each):
                _register(units, title=f"Parallell {number}")
        except BaseException as error:
            failures.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=register) for _ in range(writers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)

    assert not failures, failures
    numbers = sorted(Engagement.objects.values_list("number", flat=True))
    assert numbers == list(range(1, writers * each + 1))
    assert RegistrationCounter.objects.get(series="INT", year=2026).last_number == writers * each
