"""The strategy's pages that are no model, as the permission point knows them (``accounts.permissions``
``RULES``): its study material, and a what-if across the whole register."""

from __future__ import annotations

from typing import Final

from omvarld.core.permissions import Resource

# The guidelines, their cases and the source text: every role.
GUIDELINES: Final = Resource("strategy.guideline")
# The register assessed under two policy versions: the city-wide roles.
WHAT_IF: Final = Resource("strategy.whatif")
