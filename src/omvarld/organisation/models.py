from __future__ import annotations

import datetime

from django.db import models
from django.db.models import Case, F, Q, Value, When
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from omvarld import geo
from omvarld.core.urls import object_url


class UnitType(models.TextChoices):
    """The kinds of bodies in a Swedish municipality that take part in international work.

    Declared in the order the city presents its organisation; ``unit_type_rank`` sorts by it.
    """

    COUNCIL = "kommunfullmaktige", _("City council")
    EXECUTIVE_BOARD = "kommunstyrelsen", _("City executive board")
    PREPARATORY_BODY = "beredning", _("Preparatory body")
    ADMINISTRATION = "forvaltning", _("Administration")
    COMMITTEE = "namnd", _("Committee")
    DISTRICT_COMMITTEE = "stadsdelsnamnd", _("District committee")
    HOLDING_COMPANY = "koncernbolag", _("Holding company")
    COMPANY = "bolag", pgettext_lazy("unit type", "Company")
    REGIONAL_COMMITTEE = "regional_kommitte", _("Regional committee")
    REPRESENTATION_OFFICE = "representationskontor", _("Representation office")


def unit_type_rank() -> Case:
    """A unit's place in the organisation by its type: the order in which ``UnitType`` declares them.

    The council first, then the executive board and its bodies, the committees, the district committees,
    the companies, and the regional bodies: the order in which the city presents itself.
    """
    return Case(
        *[When(type=value, then=Value(rank)) for rank, value in enumerate(UnitType.values)],
        default=Value(len(UnitType.values)),
        output_field=models.IntegerField(),
    )


class UnitStatus(models.TextChoices):
    """Which units a list shows, for a date: those in force then, those that had ceased, or all."""

    CURRENT = "current", _("In force")
    ENDED = "ended", _("Ceased")
    ALL = "all", _("All, with history")


def in_force_on(day: datetime.date) -> Q:
    """The units in force on ``day``: begun by then (or since before the records) and not yet ended."""
    return (Q(valid_from__isnull=True) | Q(valid_from__lte=day)) & (
        Q(valid_to__isnull=True) | Q(valid_to__gte=day)
    )


class UnitQuerySet(models.QuerySet["Unit"]):
    def in_organisation_order(self) -> UnitQuerySet:
        """The units in the organisation's order (by type, see ``unit_type_rank``), then by name."""
        return self.order_by(unit_type_rank(), "name", "code")

    def in_force(self, day: datetime.date) -> UnitQuerySet:
        return self.filter(in_force_on(day))


class Unit(models.Model):
    """A body of the city: the council, the executive board, a committee, a district, a company …

    A unit carries the period it existed. A unit that ceased keeps existing, with its period and its
    successor (the unit it merged into), so that what was registered in its time keeps pointing to it and
    its history can be followed both ways (``successor``, ``predecessors``).
    """

    code = models.CharField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=200)
    name_en = models.CharField(_("name in English"), max_length=200, blank=True)
    type = models.CharField(_("type"), max_length=30, choices=UnitType.choices)
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("parent unit"),
    )
    valid_from = models.DateField(
        _("valid from"),
        null=True,
        blank=True,
        help_text=_("The first day the unit existed; empty if it existed before the records begin."),
    )
    valid_to = models.DateField(
        _("valid to"),
        null=True,
        blank=True,
        help_text=_("The last day the unit existed; empty while it exists."),
    )
    successor = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="predecessors",
        verbose_name=_("successor"),
        help_text=_("The unit it merged into when it ceased."),
    )

    objects = UnitQuerySet.as_manager()

    class Meta:
        verbose_name = _("unit")
        verbose_name_plural = _("units")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_from__isnull=True)
                | Q(valid_to__isnull=True)
                | Q(valid_from__lte=F("valid_to")),
                name="unit_ends_after_it_begins",
            ),
            models.CheckConstraint(
                condition=Q(successor__isnull=True) | Q(valid_to__isnull=False),
                name="unit_successor_when_ended",
            ),
            models.CheckConstraint(condition=~Q(successor=F("pk")), name="unit_not_its_own_successor"),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return object_url("organisation:unit_detail", self.pk)

    def is_in_force(self, day: datetime.date) -> bool:
        return (self.valid_from is None or self.valid_from <= day) and (
            self.valid_to is None or day <= self.valid_to
        )


def country_label(code: str) -> str:
    """The country's name in the reader's language (Swedish, or English), or the code if unknown."""
    language = "en" if (translation.get_language() or "").startswith("en") else "sv"
    return geo.country_name(code, lang=language) or code


class CounterpartType(models.TextChoices):
    CITY = "city", pgettext_lazy("counterpart type", "City")
    REGION = "region", _("Region")
    ORGANISATION = "organisation", _("Organisation")
    COMPANY = "company", pgettext_lazy("counterpart type", "Company")
    UNIVERSITY = "university", _("University")
    STATE_AGENCY = "state_agency", _("State agency")


class Counterpart(models.Model):
    """Someone the city works with abroad, placed in a city resolved against GeoNames."""

    name = models.CharField(_("name"), max_length=200)
    type = models.CharField(_("type"), max_length=20, choices=CounterpartType.choices)
    country = models.CharField(_("country"), max_length=2, help_text=_("ISO 3166-1 alpha-2 code"))
    city = models.CharField(_("city as written"), max_length=200, blank=True)
    geonameid = models.PositiveIntegerField(_("GeoNames id"), null=True, blank=True)
    city_name = models.CharField(_("city (GeoNames)"), max_length=200, blank=True)
    is_capital = models.BooleanField(_("capital"), null=True, blank=True)

    class Meta:
        verbose_name = _("counterpart")
        verbose_name_plural = _("counterparts")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["name", "country"], name="unique_counterpart_per_country"),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return object_url("organisation:counterpart_detail", self.pk)

    @property
    def country_label(self) -> str:
        return country_label(self.country)
