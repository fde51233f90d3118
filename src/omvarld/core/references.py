"""What refers to an object and keeps it from being deleted, asked of Django's relation metadata.

A model that must not lose what it points to declares its foreign key with ``on_delete=PROTECT`` (or
``RESTRICT``); the register's models point to counterparts and units that way. Services that delete ask
here first, so that the refusal names what refers to the object, in the reader's language, instead of
surfacing Django's ``ProtectedError``. A new model is found without any change here.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.db import models

from omvarld.core.errors import ApplicationError

PROTECTING = (models.PROTECT, models.RESTRICT)
# How many of the referring objects a refusal names; the count says how many there are.
NAMED = 3


@dataclass(frozen=True)
class References:
    """The objects of one model that refer to an object through a protecting foreign key."""

    model: type[models.Model]
    count: int
    names: tuple[str, ...]

    def __str__(self) -> str:
        meta = self.model._meta
        kind = meta.verbose_name if self.count == 1 else meta.verbose_name_plural
        names = ", ".join(self.names) + (" …" if self.count > len(self.names) else "")
        return f"{self.count} {kind} ({names})"


def _protecting_relations(model: type[models.Model]) -> list[models.ForeignObjectRel]:
    """The reverse relations whose foreign key protects ``model``'s rows, hidden ones (``related_name="+"``)
    included: the relations Django's deletion collector itself looks at."""
    return [
        relation
        for relation in model._meta.get_fields(include_hidden=True)
        if isinstance(relation, models.ForeignObjectRel)
        and relation.auto_created
        and not relation.concrete
        and (relation.one_to_many or relation.one_to_one)
        and relation.on_delete in PROTECTING
    ]


def protected_references(obj: models.Model) -> list[References]:
    """Everything that keeps ``obj`` from being deleted, one entry per referring model (one query each)."""
    found = []
    for relation in _protecting_relations(type(obj)):
        referring = relation.related_model._base_manager.filter(**{relation.field.name: obj})
        names = [str(item) for item in referring.order_by("pk")[: NAMED + 1]]
        if names:
            count = len(names) if len(names) <= NAMED else referring.count()
            found.append(References(relation.related_model, count, tuple(names[:NAMED])))
    return found


def describe(references: list[References]) -> str:
    """The references as one phrase: "2 matters (A, B), 1 audit entry (C)"."""
    return ", ".join(str(reference) for reference in references)


def delete_unreferenced(obj: models.Model, *, refusal: Callable[[str], str]) -> None:
    """Delete ``obj``, or refuse while anything refers to it through a protecting foreign key.

    ``refusal`` words the refusal, given the references as one phrase (``describe``). The refusal is a 409
    (a conflict with what the register holds). Call it inside the service's transaction, with the object's
    row locked, so that nothing comes to refer to it meanwhile.
    """
    references = protected_references(obj)
    if not references:
        try:
            obj.delete()
            return
        except (models.ProtectedError, models.RestrictedError) as exc:  # a relation this check missed
            items: list[models.Model] = list(
                getattr(exc, "protected_objects", None) or getattr(exc, "restricted_objects", None) or ()
            )
            references = [References(type(item), 1, (str(item),)) for item in items[:NAMED]]
    raise ApplicationError(refusal(describe(references)), code="protected", status=409)
