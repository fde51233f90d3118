from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    """The roles of the people who use Omvärld (see GLOSSARY.md)."""

    OFFICER = "officer", _("Officer")
    SECRETARY = "secretary", _("Committee secretary")
    COORDINATOR = "coordinator", _("International coordinator")
    READER = "reader", _("Reader / auditor")
    ADMINISTRATOR = "administrator", _("Administrator")

    @classmethod
    def unit_bound(cls) -> frozenset[Role]:
        """Roles held in a particular unit; the others are city-wide."""
        return frozenset({cls.OFFICER, cls.SECRETARY})


class User(AbstractUser):
    """A person who signs in. What they may do comes from their role assignments."""

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["username"]

    def __str__(self) -> str:
        return self.get_full_name() or self.username


class RoleAssignment(models.Model):
    """One role held by one user, in one unit for officers and secretaries, city-wide for the rest."""

    user = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="role_assignments", verbose_name=_("user")
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    unit = models.ForeignKey(
        "organisation.Unit",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="role_assignments",
        verbose_name=_("unit"),
    )

    class Meta:
        verbose_name = _("role assignment")
        verbose_name_plural = _("role assignments")
        ordering = ["user__username", "role"]
        constraints = [
            models.UniqueConstraint(fields=["user", "role", "unit"], name="unique_role_per_unit"),
            models.UniqueConstraint(
                fields=["user", "role"], condition=models.Q(unit__isnull=True), name="unique_citywide_role"
            ),
            models.CheckConstraint(
                condition=(
                    models.Q(role__in=["officer", "secretary"], unit__isnull=False)
                    | (~models.Q(role__in=["officer", "secretary"]) & models.Q(unit__isnull=True))
                ),
                name="unit_iff_unit_bound_role",
            ),
        ]

    def __str__(self) -> str:
        label = Role(self.role).label
        return f"{self.user}: {label}" + (f" ({self.unit})" if self.unit_id else "")


def unit_model() -> type[models.Model]:
    """The model a role is held in (``organisation.Unit``), reached through the foreign key that names it.

    ``accounts`` sits below ``organisation`` in the layering (CONTRIBUTING.md, "Layers"): like its foreign
    key, it refers to the unit table by its label and imports none of organisation's code.
    """
    related = RoleAssignment._meta.get_field("unit").related_model
    assert isinstance(related, type), related  # noqa: S101 - resolved once the apps are loaded
    return related
