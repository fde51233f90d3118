"""Signals that the register sends to the apps above it, which it does not import (CONTRIBUTING.md,
"Layers"). Sent with ``send``: a receiver's error reaches the sender and undoes its transaction."""

from __future__ import annotations

from django.dispatch import Signal

# Sent by ``services.assessment_store`` inside the transaction that stores a matter's assessment, with
# ``assessment`` (the ``StoredAssessment``). Assessments written in bulk (the demo) send nothing: whoever
# writes them so rebuilds what is derived from them (``omvarld citations``).
assessment_stored = Signal()
