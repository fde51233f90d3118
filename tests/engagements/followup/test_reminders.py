"""``omvarld remind``: the day's reminders by e-mail through Django's mail settings, one message per person,
each reminder once; ``--dry-run`` lists them and sends and keeps nothing."""

from __future__ import annotations

import datetime
import io
import socket

import pytest
from django.core import mail
from django.core.management import call_command
from tests.engagements.followup.matters import membership, trip

from omvarld.accounts.models import Role
from omvarld.audit.models import AuditEntry
from omvarld.engagements.followup.reminders import reminders_send
from omvarld.engagements.models import Engagement, Kind, Reminder, ReminderKind
from omvarld.engagements.services import engagement_register, engagement_submit
from omvarld.site.demo import load_demo

TODAY = "2026-11-27"


def _remind(*args: str) -> str:
    out = io.StringIO()
    call_command("remind", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def people(units, make_user):
    """An officer at MHN with an e-mail address, and a matter of each kind due at MHN."""
    officer = make_user(Role.OFFICER, "MHN", username="hanna")
    type(officer).objects.filter(pk=officer.pk).update(email="hanna@stockholm.example")
    trip(units["MHN"], title="Studieresa till Köpenhamn")
    membership(
        units["MHN"],
        title="Medlemskap i Eurocities",
        starts_on=datetime.date(2016, 2, 1),
        submitted_on=datetime.date(2021, 2, 1),
        decided_on=datetime.date(2021, 3, 1),
    )
    waiting = engagement_register(actor=None, kind=Kind.TRIP, title="Resa som väntar", unit=units["MHN"])
    engagement_submit(actor=None, engagement=waiting, as_of=datetime.date(2026, 8, 3))
    return officer


def test_the_demo_data_has_reminders_of_every_kind_and_the_second_run_sends_nothing(units) -> None:
    load_demo()
    entries = AuditEntry.objects.count()

    listed = _remind("--dry-run", "--today", TODAY)

    for kind in ReminderKind:
        assert f"  {kind.label}  " in listed, kind
    assert "Provkörning:" in listed
    assert "inget skickades" in listed
    assert mail.outbox == []
    assert not Reminder.objects.exists()
    assert AuditEntry.objects.count() == entries

    _remind("--today", TODAY)
    sent = len(mail.outbox)
    assert sent > 0
    assert {address for message in mail.outbox for address in message.to} <= {
        "handlaggare@stockholm.example",
        "samordnare@stockholm.example",
    }
    assert Reminder.objects.count() == listed.count("\n") - 1  # every line but the summary
    again = _remind("--today", TODAY)
    assert len(mail.outbox) == sent
    assert again.startswith("0 påminnelser skickades")


def test_running_twice_sends_nothing_the_second_time(people) -> None:
    first = _remind("--today", TODAY)

    assert len(mail.outbox) == 1  # one message for the one person, with all her reminders
    message = mail.outbox[0]
    assert message.to == ["hanna@stockholm.example"]
    assert message.subject == "Omvärld: 5 påminnelser"
    for line in (
        "Reserapporten ska lämnas senast 2026-06-09",
        "Medlemskapet ska omprövas senast 2025-03-01",
        "Har väntat på beslut sedan 2026-08-03",
        "Beviljat, men inte markerat som genomfört",
        "http://127.0.0.1:8000/register/",
    ):
        assert line in message.body, line
    assert "5 påminnelser skickades (1 e-postmeddelande)" in first
    assert Reminder.objects.count() == 5
    assert AuditEntry.objects.filter(event="reminder.sent", channel="cli").count() == 5

    second = _remind("--today", TODAY)

    assert len(mail.outbox) == 1
    assert Reminder.objects.count() == 5
    assert "0 påminnelser skickades" in second


def test_a_reminder_with_nobody_to_receive_it_is_listed_and_kept_for_later(units) -> None:
    trip(units["TN"], title="Trafiknämndens resa")  # no officer at TN, no coordinator: nobody

    listed = _remind("--today", TODAY)

    assert "Trafiknämndens resa  → ingen" in listed
    assert mail.outbox == []
    assert not Reminder.objects.exists()


def test_a_mail_server_that_cannot_be_reached_keeps_nothing_and_says_why(people, settings) -> None:
    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": port, "timeout": 2},
        }
    }
    with pytest.raises(SystemExit) as exit_code:
        _remind("--today", TODAY)
    assert exit_code.value.code == 2
    assert not Reminder.objects.exists()


def test_a_day_that_is_not_a_date_is_refused_with_exit_code_2(db, capsys) -> None:
    err = io.StringIO()
    with pytest.raises(SystemExit) as exit_code:
        call_command("remind", "--today", "27/11", stderr=err)
    assert exit_code.value.code == 2
    assert "Ange dagen som ÅÅÅÅ-MM-DD, inte ”27/11”." in err.getvalue()


def test_the_service_sends_the_same_as_the_command(people) -> None:
    result = reminders_send(today=datetime.date(2026, 11, 27), dry_run=True)
    assert len(result.planned) == 5
    assert {planned.due.engagement for planned in result.planned} <= set(Engagement.objects.all())
    assert result.sent == []
    assert result.messages == 1
