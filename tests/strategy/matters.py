"""Matters for the strategy's tests, registered and submitted through the register's services: agreements
with a capital and with a city that is none, and the Suleimanya motion, as the demo has them."""

from __future__ import annotations

import datetime
from typing import Any

from omvarld.engagements.models import Engagement, Kind
from omvarld.engagements.services import engagement_register, engagement_submit
from omvarld.organisation.models import Counterpart, Unit
from omvarld.organisation.services import counterpart_create

PLACES = {
    "hamburg": ("Freie und Hansestadt Hamburg", "DE", "Hamburg"),
    "london": ("Greater London Authority", "GB", "London"),
    "suleimanya": ("Suleimanya", "IQ", "Suleimanya"),
    "oslo": ("Oslo kommune", "NO", "Oslo"),
}
DAY = datetime.date(2017, 11, 20)


def counterpart(key: str) -> Counterpart:
    name, country, city = PLACES[key]
    found = Counterpart.objects.filter(name=name).first()
    if found is not None:
        return found
    kind = "region" if key == "london" else "city"
    return counterpart_create(actor=None, name=name, type=kind, country=country, city=city)


def submitted(unit: Unit, kind: str, title: str, *, submit: bool = True, **values: Any) -> Engagement:
    engagement = engagement_register(actor=None, kind=kind, title=title, unit=unit, today=DAY, **values)
    if submit:
        engagement_submit(actor=None, engagement=engagement, as_of=DAY)
        engagement.refresh_from_db()
    return engagement


def agreement(
    unit: Unit, place: str = "hamburg", *, title: str | None = None, submit: bool = True
) -> Engagement:
    """A cooperation agreement that fulfils every rule but, with a city that is no capital, the capitals
    rule: rejected under the 2008 strategy, approved under the reservation."""
    return submitted(
        unit,
        Kind.AGREEMENT,
        title or f"Samarbetsavtal med {PLACES[place][2]} om hamnutveckling",
        submit=submit,
        counterpart=counterpart(place),
        agreement_type="cooperation",
        goals=["attraktiv"],
        directions=["verksamhetsutveckling"],
        benefit="Bättre hamnar för stockholmarna.",
        subject_area="hamnutveckling",
        mutual_benefit="Utbyte om hamnutveckling i båda städerna.",
    )


def motion(unit: Unit) -> Engagement:
    """The Suleimanya motion (2001:71): rejected under the strategy on the capitals and full-financing
    grounds, no longer under the reservation (where it lacks only a council goal)."""
    return submitted(
        unit,
        Kind.REQUEST,
        "Motion (2001:71) om ett konkret demokratisamarbete med staden Suleimanya i irakiska Kurdistan",
        counterpart=counterpart("suleimanya"),
        origin="motion",
        requested_kind=Kind.AGREEMENT,
        agreement_type="cooperation",
        directions=["verksamhetsutveckling"],
        benefit="Stöd till demokratiutveckling och utbyte av kunskap om lokal demokrati.",
        subject_area="demokrati",
        mutual_benefit="Erfarenhetsutbyte om lokal demokrati.",
        aid_character=True,
        cost_sek=500_000,
        funding={"city": 500_000},
    )
