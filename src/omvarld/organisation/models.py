from __future__ import annotations

from django.db import models
from django.db.models import Case, Value, When
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from omvarld import geo


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


class UnitQuerySet(models.QuerySet["Unit"]):
    def in_organisation_order(self) -> UnitQuerySet:
        """The units in the organisation's order (by type, see ``unit_type_rank``), then by name."""
        return self.order_by(unit_type_rank(), "name", "code")


class Unit(models.Model):
    """A body of the city: the council, the executive board, a committee, a district, a company …"""

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
    is_active = models.BooleanField(_("active"), default=True)

    objects = UnitQuerySet.as_manager()

    class Meta:
        verbose_name = _("unit")
        verbose_name_plural = _("units")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


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
        return reverse("organisation:counterpart_detail", args=[self.pk])

    @property
    def country_label(self) -> str:
        return country_label(self.country)
