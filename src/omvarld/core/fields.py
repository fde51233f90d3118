"""Model fields of Omvärld's own."""

from __future__ import annotations

import json
from typing import Any

from django.db import models
from django.db.backends.base.base import BaseDatabaseWrapper


class JSONDocumentField(models.JSONField):
    """A JSON value kept whole as its text: ``text`` on PostgreSQL rather than ``jsonb``.

    For documents that are written whole and read whole and that no query looks inside — what the policy
    engine made of a matter, and the facts it read. ``jsonb`` parses each value as it is written and spells
    it out again as it is read: for an assessment of 3.5 kB that was four fifths of what the database
    did to store it (``docs/performance.md``, "Re-assessing the register"). SQLite keeps every JSON field
    as text already, so nothing changes there. In Python it is a ``JSONField`` like any other; to read a
    key in SQL, cast first: ``KeyTransform("key", Cast("field", models.JSONField()))``.
    """

    def db_type(self, connection: BaseDatabaseWrapper) -> str | None:
        if connection.vendor == "postgresql":
            return "text"
        return super().db_type(connection)

    def get_db_prep_value(self, value: Any, connection: BaseDatabaseWrapper, prepared: bool = False) -> Any:
        if connection.vendor != "postgresql":
            return super().get_db_prep_value(value, connection, prepared)
        if not prepared:
            value = self.get_prep_value(value)
        # The text itself, as the other databases are given it (not psycopg's ``Jsonb``, typed ``jsonb``).
        return json.dumps(value, cls=self.encoder)
