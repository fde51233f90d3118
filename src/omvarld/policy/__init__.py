"""Omvärld's policy engine: the International Strategy as versioned, cited, explainable rules.

Pure Python: nothing here imports Django. Public API::

    assess(facts, version=None, as_of=None) -> Assessment       # one engagement
    compare(portfolio, version_a, version_b, include_finding_only=False) -> list[Change]
    prioritise(portfolio, version=None, as_of=None) -> list[Priority]
    scores(portfolio, version=None, as_of=None) -> list[Score]  # each one's score, not assessed
    load_version(id) -> PolicyVersion;  list_versions() -> list[PolicyVersion]
    InputError (bad engagement; Swedish message and field path), PolicyError (bad policy file)

See docs/policy-engine.md for the policy file format and the evaluation order.
"""

from __future__ import annotations

from omvarld.policy.compare import Change, compare
from omvarld.policy.engine import Assessment, Finding, assess, outcome_of
from omvarld.policy.errors import InputError, PolicyError, UnknownVersionError
from omvarld.policy.loader import default_version, list_versions, load_file, load_version
from omvarld.policy.model import PolicyVersion
from omvarld.policy.prioritise import Priority, Score, prioritise, scores

__all__ = [
    "Assessment",
    "Change",
    "Finding",
    "InputError",
    "PolicyError",
    "PolicyVersion",
    "Priority",
    "Score",
    "UnknownVersionError",
    "assess",
    "compare",
    "default_version",
    "list_versions",
    "load_file",
    "load_version",
    "outcome_of",
    "prioritise",
    "scores",
]
