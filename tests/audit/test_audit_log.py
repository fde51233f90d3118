"""Every change through a service writes exactly one audit entry with who, when, channel, before and after."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from omvarld.accounts.models import Role
from omvarld.audit.models import AuditAction, AuditEntry
from omvarld.core.context import Channel, channel
from omvarld.core.errors import ApplicationError
from omvarld.organisation.models import Unit
from omvarld.organisation.services import counterpart_create, counterpart_update


@pytest.fixture
def officer(make_user):
    return make_user(Role.OFFICER, "MHN", username="hanna")


def test_creating_through_a_service_writes_one_entry_with_the_after_values(officer) -> None:
    before_count = AuditEntry.objects.count()
    with channel(Channel.WEB):
        counterpart = counterpart_create(
            actor=officer, name="Riga stad", type="city", country="LV", city="Riga"
        )
    entries = AuditEntry.objects.filter(object_type="organisation.counterpart", object_id=str(counterpart.pk))
    assert AuditEntry.objects.count() == before_count + 1
    entry = entries.get()
    assert entry.action == AuditAction.CREATE
    assert entry.actor == officer
    assert entry.actor_name == "hanna"
    assert entry.channel == "web"
    assert entry.before is None
    assert entry.after["name"] == "Riga stad"
    assert entry.after["is_capital"] is True
    assert entry.timestamp.utcoffset().total_seconds() == 0


def test_changing_through_a_service_records_exactly_the_before_and_after(officer) -> None:
    counterpart = counterpart_create(
        actor=officer, name="Tallinna linn", type="city", country="EE", city="Tallinn"
    )
    count = AuditEntry.objects.count()
    with channel(Channel.API):
        counterpart_update(
            actor=officer,
            counterpart=counterpart,
            name="Tallinns stad",
            type="city",
            country="EE",
            city="Tallinn",
        )
    assert AuditEntry.objects.count() == count + 1
    entry = AuditEntry.objects.latest("id")
    assert entry.action == AuditAction.UPDATE
    assert entry.channel == "api"
    assert entry.before["name"] == "Tallinna linn"
    assert entry.after["name"] == "Tallinns stad"
    assert entry.changed_fields() == [("name", "Tallinna linn", "Tallinns stad")]


def test_a_change_that_changes_nothing_writes_no_entry(officer) -> None:
    counterpart = counterpart_create(
        actor=officer, name="Oslo kommune", type="city", country="NO", city="Oslo"
    )
    count = AuditEntry.objects.count()
    counterpart_update(
        actor=officer, counterpart=counterpart, name="Oslo kommune", type="city", country="NO", city="Oslo"
    )
    assert AuditEntry.objects.count() == count


def test_a_refused_change_writes_nothing(officer) -> None:
    count = AuditEntry.objects.count()
    with pytest.raises(ApplicationError):
        counterpart_create(actor=officer, name="Ingenstans", type="city", country="XX", city="Ingenstans")
    assert AuditEntry.objects.count() == count


def test_a_command_line_change_is_recorded_as_the_cli_channel(db) -> None:
    call_command("load_units", verbosity=0)
    channels = set(AuditEntry.objects.values_list("channel", flat=True))
    assert channels == {"cli"}
    assert (
        AuditEntry.objects.filter(object_type="organisation.unit", action="create").count()
        == Unit.objects.count()
    )


def test_passwords_never_enter_the_log(make_user) -> None:
    user = make_user(Role.READER)
    entry = AuditEntry.objects.get(object_type="accounts.user", object_id=str(user.pk))
    assert "password" not in entry.after
    assert user.password not in str(entry.after)


def test_entries_cannot_be_changed_or_deleted(officer) -> None:
    counterpart_create(actor=officer, name="Vilnius", type="city", country="LT", city="Vilnius")
    entry = AuditEntry.objects.latest("id")
    entry.object_repr = "tampered"
    with pytest.raises(RuntimeError):
        entry.save()
    with pytest.raises(RuntimeError):
        entry.delete()
    assert AuditEntry.objects.get(pk=entry.pk).object_repr == "Vilnius"


def test_the_admin_offers_no_way_to_change_the_log(admin_client) -> None:
    counterpart_create(actor=None, name="Vilnius", type="city", country="LT", city="Vilnius")
    entry = AuditEntry.objects.latest("id")
    assert admin_client.get("/admin/audit/auditentry/add/").status_code == 403
    assert (
        admin_client.post(f"/admin/audit/auditentry/{entry.pk}/delete/", {"post": "yes"}).status_code == 403
    )
    assert AuditEntry.objects.filter(pk=entry.pk).exists()
