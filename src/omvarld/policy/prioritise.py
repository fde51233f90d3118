"""Prioritisation: a transparent score, explained term by term.

The strategy "ska kunna användas för prioriteringar bland de engagemang som initieras på
verksamhetsnivå och de förfrågningar till internationellt samarbete som kommer från andra
regioner" (Bilaga 2 › Syfte). The score adds points for goal links, directions, a stated benefit, a
leading and a holistic partner and the external funding share, and subtracts points for cost; the
weights are the version's ``priority_weights`` parameter. Ranking is by outcome first (approve, then
incomplete, then reject), so a rejected engagement never ranks above an approved one, then by score
(higher first), then by input order.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from omvarld.policy.engine import Assessment, evaluate, resolve_version, today, validated_portfolio
from omvarld.policy.facts import Context
from omvarld.policy.model import PolicyVersion

_OUTCOME_RANK = {"approve": 0, "incomplete": 1, "reject": 2}


@dataclass(frozen=True, slots=True)
class Term:
    """One term of the score: ``points = weight × value``."""

    name: str
    value: float
    weight: float
    points: float
    explanation: str

    def to_dict(self) -> dict[str, Any]:
        return {
            "term": self.name,
            "value": self.value,
            "weight": self.weight,
            "points": self.points,
            "explanation": self.explanation,
        }


@dataclass(slots=True)
class Priority:
    """An engagement's place in the ranking, its score and the terms it is made of."""

    index: int
    rank: int
    score: float
    assessment: Assessment
    terms: list[Term]

    def to_dict(self) -> dict[str, Any]:
        return {
            "rank": self.rank,
            "index": self.index,
            "title": self.assessment.title,
            "kind": self.assessment.kind,
            "outcome": self.assessment.outcome,
            "score": self.score,
            "terms": [t.to_dict() for t in self.terms],
        }


def _terms(ctx: Context, weights: Mapping[str, float]) -> list[Term]:
    goals = ctx.get("goals") or []
    directions = ctx.get("directions") or []
    benefit = ctx.get("benefit") is not None
    leading = ctx.get("leading_partner") is True
    holistic = ctx.get("holistic_partner") is True
    share = ctx.get("external_funding_share")
    cost = ctx.get("cost_sek")
    reference = float(weights.get("cost_reference_sek", 10_000_000)) or 1.0
    cost_units = min(cost / reference, 1.0) if cost is not None else 0.0

    def term(name: str, value: float, explanation: str) -> Term:
        weight = float(weights.get(name, 0))
        return Term(name, round(value, 4), weight, round(weight * value, 2), explanation)

    return [
        term("goal_link", len(set(goals)), f"{len(set(goals))} av kommunfullmäktiges inriktningsmål."),
        term("direction", len(set(directions)), f"{len(set(directions))} inriktning(ar)."),
        term(
            "benefit",
            1.0 if benefit else 0.0,
            "Konkret nytta angiven." if benefit else "Ingen nytta angiven.",
        ),
        term(
            "leading_partner",
            1.0 if leading else 0.0,
            "Ledande partner." if leading else "Ingen ledande partner enligt stadens mått.",
        ),
        term(
            "holistic_partner",
            1.0 if holistic else 0.0,
            "Näringsliv eller akademi deltar."
            if holistic
            else "Varken näringsliv eller akademi som motpart.",
        ),
        term(
            "external_funding_share",
            share or 0.0,
            f"Extern finansiering {round((share or 0.0) * 100)} % av kostnaden."
            if share is not None
            else "Extern finansiering okänd.",
        ),
        term(
            "cost",
            cost_units,
            f"Kostnad {int(cost):,} kr (andel av referensbeloppet {int(reference):,} kr, högst 1).".replace(
                ",", " "
            )
            if cost is not None
            else "Kostnad okänd.",
        ),
    ]


def prioritise(
    portfolio: Iterable[object],
    version: str | PolicyVersion | None = None,
    as_of: date | None = None,
    *,
    explain: bool = False,
) -> list[Priority]:
    """Rank engagements (best first) with their score explained term by term.

    ``explain``: word and serialise each assessment's findings as it is made (``evaluate``), for a caller
    that will serialise every assessment (re-assessing a register stores each one's JSON)."""
    default_day = as_of or today()
    scored: list[tuple[int, Assessment, list[Term], float]] = []
    for i, (data, day) in enumerate(validated_portfolio(portfolio, default_day)):
        v = resolve_version(version, day)
        ctx = Context(data, day, v.params_at(day), v)
        assessment = evaluate(v, data, day, context=ctx, explain=explain)
        terms = _terms(ctx, ctx.param("priority_weights") or {})
        scored.append((i, assessment, terms, round(sum(t.points for t in terms), 2)))
    scored.sort(key=lambda s: (_OUTCOME_RANK[s[1].outcome], -s[3], s[0]))
    return [Priority(i, rank, score, a, terms) for rank, (i, a, terms, score) in enumerate(scored, 1)]
