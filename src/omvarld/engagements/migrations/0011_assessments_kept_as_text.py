"""A stored assessment's facts and result are kept as their JSON text (``core.fields.JSONDocumentField``):
``text`` on PostgreSQL instead of ``jsonb``, which parsed each value as it was written and spelt it out again
as it was read, though no query looks inside them.

PostgreSQL: one statement changes both columns (one rewrite of the table), and their LZ4 compression
(migration 0009) is set again after it. SQLite keeps JSON as text already: only the model's state changes
there, and the table is not rebuilt.
"""

from django.db import migrations

import omvarld.core.fields

TABLE = "engagements_storedassessment"
COLUMNS = ("facts", "result")


def _has_lz4(schema_editor):
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(
            "SELECT 1 FROM pg_settings WHERE name = 'default_toast_compression' AND 'lz4' = ANY(enumvals)"
        )
        return cursor.fetchone() is not None


def _retype(schema_editor, sql_type):
    if schema_editor.connection.vendor != "postgresql":
        return
    changes = ", ".join(
        f"ALTER COLUMN {column} TYPE {sql_type} USING {column}::{sql_type}" for column in COLUMNS
    )
    schema_editor.execute(f"ALTER TABLE {TABLE} {changes}")
    if _has_lz4(schema_editor):
        for column in COLUMNS:
            schema_editor.execute(f"ALTER TABLE {TABLE} ALTER COLUMN {column} SET COMPRESSION lz4")


def _as_text(apps, schema_editor):
    _retype(schema_editor, "text")


def _as_jsonb(apps, schema_editor):
    _retype(schema_editor, "jsonb")


class Migration(migrations.Migration):
    dependencies = [
        ("engagements", "0010_policy_texts"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="storedassessment",
                    name="facts",
                    field=omvarld.core.fields.JSONDocumentField(verbose_name="facts"),
                ),
                migrations.AlterField(
                    model_name="storedassessment",
                    name="result",
                    field=omvarld.core.fields.JSONDocumentField(verbose_name="result"),
                ),
            ],
            database_operations=[migrations.RunPython(_as_text, _as_jsonb)],
        ),
    ]
