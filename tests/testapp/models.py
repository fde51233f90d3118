"""A stand-in for the register's models, which come in the next issue.

A matter refers to the counterpart it is about and to the unit that registered it, protected from
deletion the way the register's models will be, so that the rules about deleting counterparts and
units are tested against a real referring model.
"""

from __future__ import annotations

from django.db import models

from omvarld.organisation.models import Counterpart, Unit


class Matter(models.Model):
    title = models.CharField(max_length=200)
    counterpart = models.ForeignKey(Counterpart, on_delete=models.PROTECT, null=True, related_name="+")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, null=True, related_name="+")

    class Meta:
        verbose_name = "matter"
        verbose_name_plural = "matters"

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return f"/test/matters/{self.pk}/"
