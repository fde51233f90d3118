"""Deleting what something refers to is refused, and the refusal names what refers to it.

The check asks Django's relation metadata, so it finds every model whose foreign key protects the object
(``PROTECT`` or ``RESTRICT``), hidden reverse relations (``related_name="+"``) included — the register's
models as they come, here the test app's stand-in for them.
"""

from __future__ import annotations

import pytest
from django.utils import translation
from tests.testapp.models import Matter

from omvarld.audit.models import AuditEntry
from omvarld.core.errors import ApplicationError
from omvarld.core.references import delete_unreferenced, describe, protected_references
from omvarld.organisation.models import Counterpart, Unit
from omvarld.organisation.services import counterpart_create


@pytest.fixture
def eurocities(db: None) -> Counterpart:
    return counterpart_create(actor=None, name="Eurocities", type="organisation", country="BE")


def _refusal(references: str) -> str:
    return f"Refused: {references}."


def test_nothing_refers_to_a_new_counterpart_and_it_is_deleted(eurocities: Counterpart) -> None:
    assert protected_references(eurocities) == []
    delete_unreferenced(eurocities, refusal=_refusal)
    assert not Counterpart.objects.exists()


def test_a_protecting_reference_behind_a_hidden_relation_is_found_and_named(eurocities: Counterpart) -> None:
    Matter.objects.create(title="Medlemskap 2009", counterpart=eurocities)
    with pytest.raises(ApplicationError) as raised:
        delete_unreferenced(eurocities, refusal=_refusal)
    assert (raised.value.status, raised.value.code) == (409, "protected")
    assert raised.value.message == "Refused: 1 matter (Medlemskap 2009)."
    assert Counterpart.objects.filter(pk=eurocities.pk).exists()


def test_many_references_are_counted_and_a_few_named(eurocities: Counterpart) -> None:
    for year in range(2009, 2014):
        Matter.objects.create(title=f"Medlemskap {year}", counterpart=eurocities)
    assert describe(protected_references(eurocities)) == (
        "5 matters (Medlemskap 2009, Medlemskap 2010, Medlemskap 2011 …)"
    )


def test_a_unit_is_protected_by_every_kind_of_reference_at_once(units: dict[str, Unit]) -> None:
    mhn = units["MHN"]
    Matter.objects.create(title="Studieresa 2010", unit=mhn)
    kinds = {reference.model for reference in protected_references(mhn)}
    # The audit log's entries about the unit, and the matter: both keep the unit from being deleted.
    assert kinds == {AuditEntry, Matter}
    assert "1 loggpost" in describe(protected_references(mhn))
    with translation.override("en"):
        assert "1 audit entry" in describe(protected_references(mhn))
