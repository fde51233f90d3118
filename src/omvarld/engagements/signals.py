"""Signals that the register sends to the apps above it, which it does not import (CONTRIBUTING.md,
"Layers"). Sent with ``send``: a receiver's error reaches the sender and undoes its transaction."""

from __future__ import annotations

from django.dispatch import Signal

# Sent by ``services.assessment_store`` inside the transaction that stores a matter's assessment, with
# ``assessment`` (the ``StoredAssessment``). Assessments written in bulk by the re-assessment send
# ``assessments_stored_in_bulk`` instead; the demo's send nothing (it rebuilds with ``omvarld citations``).
assessment_stored = Signal()

# Sent by ``reassess`` inside its transaction, once per batch written, with ``cited``: for each matter of the
# batch that got a new latest assessment, that assessment's id and the passages it cites
# (``policy.cases.cited_passages``).
assessments_stored_in_bulk = Signal()
