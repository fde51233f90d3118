"""Cheaper changes to the register's rows, for re-assessing it in bulk (``engagements.reassess``).

* Three indexes fewer to write on every change of a matter: the foreign keys ``unit`` and
  ``deciding_body`` lose their own indexes (``engagement_unit_order`` and ``engagement_queue`` begin with
  them), and the registration number is unique by a constraint instead of ``unique=True`` (on PostgreSQL
  that also made a ``LIKE 'prefix%'`` index that nothing asks for: the search uses the trigram index).
* PostgreSQL only: the engagement table keeps half of each page free (``fillfactor = 50``), so that a
  change that leaves the indexed columns as they were — a re-assessment that keeps the matter's place and
  body, a change of its description — is written beside the old row in the same page and touches none of
  its sixteen indexes (a heap-only tuple). Measured on 100 000 waiting matters: the re-assessment's UPDATE
  18 s → 2.1 s; the table takes about twice the room (see docs/performance.md). It applies to the pages
  written from now on; ``VACUUM FULL engagements_engagement`` rewrites a register that is already large.
* PostgreSQL only, where the server has LZ4: the assessments' facts and results (about 8 kB of JSON each)
  are compressed with LZ4 rather than the default pglz, several times faster to write and to read.
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

FILLFACTOR = 50


def _has_lz4(schema_editor):
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(
            "SELECT 1 FROM pg_settings WHERE name = 'default_toast_compression' AND 'lz4' = ANY(enumvals)"
        )
        return cursor.fetchone() is not None


def _storage_forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f"ALTER TABLE engagements_engagement SET (fillfactor = {FILLFACTOR})")
    if _has_lz4(schema_editor):
        for column in ("facts", "result"):
            schema_editor.execute(
                f"ALTER TABLE engagements_storedassessment ALTER COLUMN {column} SET COMPRESSION lz4"
            )


def _storage_backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("ALTER TABLE engagements_engagement RESET (fillfactor)")
    if _has_lz4(schema_editor):
        for column in ("facts", "result"):
            schema_editor.execute(
                f"ALTER TABLE engagements_storedassessment ALTER COLUMN {column} SET COMPRESSION DEFAULT"
            )


class Migration(migrations.Migration):
    dependencies = [
        ("engagements", "0008_title_search"),
        ("organisation", "0002_unit_periods_and_successors"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AlterField(
            model_name="engagement",
            name="deciding_body",
            field=models.ForeignKey(
                blank=True,
                db_index=False,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="matters_to_decide",
                to="organisation.unit",
                verbose_name="deciding body",
            ),
        ),
        migrations.AlterField(
            model_name="engagement",
            name="registration_number",
            field=models.CharField(max_length=40, verbose_name="registration number"),
        ),
        migrations.AlterField(
            model_name="engagement",
            name="unit",
            field=models.ForeignKey(
                db_index=False,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="engagements",
                to="organisation.unit",
                verbose_name="owning unit",
            ),
        ),
        migrations.AddConstraint(
            model_name="engagement",
            constraint=models.UniqueConstraint(
                fields=("registration_number",), name="one_engagement_per_registration"
            ),
        ),
        migrations.RunPython(_storage_forwards, _storage_backwards, elidable=False),
    ]
