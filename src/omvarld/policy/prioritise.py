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
    """An engagement's place in the ranking, its score and the terms it is made of (worded when first
    asked for: a re-assessment of the register keeps only the score)."""

    index: int
    rank: int
    score: float
    assessment: Assessment
    inputs: _Inputs
    _terms: list[Term] | None = None

    @property
    def terms(self) -> list[Term]:
        return _terms_of(self)

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


@dataclass(frozen=True, slots=True)
class _Inputs:
    """What an engagement's score is made of, read from its facts."""

    goals: int
    directions: int
    benefit: bool
    leading: bool
    holistic: bool
    share: float | None
    cost: float | None
    reference: float
    weights: Mapping[str, float]

    def values(self) -> tuple[tuple[str, float], ...]:
        """Each term's name and value (its points are ``weight × value``)."""
        return (
            ("goal_link", self.goals),
            ("direction", self.directions),
            ("benefit", 1.0 if self.benefit else 0.0),
            ("leading_partner", 1.0 if self.leading else 0.0),
            ("holistic_partner", 1.0 if self.holistic else 0.0),
            ("external_funding_share", self.share or 0.0),
            ("cost", min(self.cost / self.reference, 1.0) if self.cost is not None else 0.0),
        )

    def score(self) -> float:
        weights = self.weights
        return round(sum(round(float(weights.get(name, 0)) * value, 2) for name, value in self.values()), 2)


def _inputs(ctx: Context) -> _Inputs:
    weights: Mapping[str, float] = ctx.param("priority_weights") or {}
    return _Inputs(
        goals=len(set(ctx.get("goals") or [])),
        directions=len(set(ctx.get("directions") or [])),
        benefit=ctx.get("benefit") is not None,
        leading=ctx.get("leading_partner") is True,
        holistic=ctx.get("holistic_partner") is True,
        share=ctx.get("external_funding_share"),
        cost=ctx.get("cost_sek"),
        reference=float(weights.get("cost_reference_sek", 10_000_000)) or 1.0,
        weights=weights,
    )


def _explanation(inputs: _Inputs, name: str) -> str:
    if name == "goal_link":
        return f"{inputs.goals} av kommunfullmäktiges inriktningsmål."
    if name == "direction":
        return f"{inputs.directions} inriktning(ar)."
    if name == "benefit":
        return "Konkret nytta angiven." if inputs.benefit else "Ingen nytta angiven."
    if name == "leading_partner":
        return "Ledande partner." if inputs.leading else "Ingen ledande partner enligt stadens mått."
    if name == "holistic_partner":
        return (
            "Näringsliv eller akademi deltar."
            if inputs.holistic
            else "Varken näringsliv eller akademi som motpart."
        )
    if name == "external_funding_share":
        if inputs.share is None:
            return "Extern finansiering okänd."
        return f"Extern finansiering {round(inputs.share * 100)} % av kostnaden."
    if inputs.cost is None:
        return "Kostnad okänd."
    cost, reference = (
        f"{int(inputs.cost):,}".replace(",", " "),
        f"{int(inputs.reference):,}".replace(",", " "),
    )
    return f"Kostnad {cost} kr (andel av referensbeloppet {reference} kr, högst 1)."


def _worded(inputs: _Inputs) -> list[Term]:
    terms = []
    for name, value in inputs.values():
        weight = float(inputs.weights.get(name, 0))
        terms.append(
            Term(name, round(value, 4), weight, round(weight * value, 2), _explanation(inputs, name))
        )
    return terms


@dataclass(slots=True)
class Score:
    """An engagement's score and the terms it is made of (worded when first asked for), without its
    assessment: what a list already in the priorities' order shows of each engagement."""

    index: int
    score: float
    inputs: _Inputs
    _terms: list[Term] | None = None

    @property
    def terms(self) -> list[Term]:
        return _terms_of(self)


def _terms_of(scored: Priority | Score) -> list[Term]:
    if scored._terms is None:
        scored._terms = _worded(scored.inputs)
    return scored._terms


def scores(
    portfolio: Iterable[object], version: str | PolicyVersion | None = None, as_of: date | None = None
) -> list[Score]:
    """Each engagement's score, explained term by term, in the portfolio's order: as :func:`prioritise`
    scores it, without assessing it (the score reads only its own facts). For a list whose order is known
    already — a queue keeps each matter's place from its assessment — without the assessments' work."""
    default_day = as_of or today()
    made: list[Score] = []
    for i, (data, day) in enumerate(validated_portfolio(portfolio, default_day)):
        v = resolve_version(version, day)
        inputs = _inputs(Context(data, day, v.params_at(day), v))
        made.append(Score(i, inputs.score(), inputs))
    return made


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
    scored: list[tuple[int, Assessment, _Inputs, float]] = []
    for i, (data, day) in enumerate(validated_portfolio(portfolio, default_day)):
        v = resolve_version(version, day)
        ctx = Context(data, day, v.params_at(day), v)
        assessment = evaluate(v, data, day, context=ctx, explain=explain)
        inputs = _inputs(ctx)
        scored.append((i, assessment, inputs, inputs.score()))
    scored.sort(key=lambda s: (_OUTCOME_RANK[s[1].outcome], -s[3], s[0]))
    return [Priority(i, rank, score, a, inputs) for rank, (i, a, inputs, score) in enumerate(scored, 1)]
