"""SQLite only: a full-text index of the engagements' titles and registration numbers, for the register's
text search (``engagements.search``).

``LIKE '%word%'`` can use no index, so on SQLite every search read every row. This makes an FTS5 table
(``engagements_search``) with the trigram tokenizer (SQLite 3.34 or newer; the case of every letter
folded, å/ä/ö included) that holds no copy of the text (its content is the engagements table's) and is
kept in step with it by three triggers; the rows already there are indexed once (``rebuild``). On PostgreSQL it does nothing: the trigram GIN indexes
of 0003 serve the search there.

Self-contained on purpose: the SQL is written out here, not imported, so that later changes to
``engagements.search`` (which repairs the triggers after a migration that rebuilds the table) do not
change what this migration did.
"""

import sqlite3

from django.db import migrations

FORWARD = [
    """
    CREATE VIRTUAL TABLE engagements_search USING fts5(
        title, registration_number,
        content='engagements_engagement', content_rowid='id',
        tokenize='trigram case_sensitive 0'
    )""",
    """
    CREATE TRIGGER engagements_search_insert AFTER INSERT ON engagements_engagement
    BEGIN
        INSERT INTO engagements_search(rowid, title, registration_number)
        VALUES (new.id, new.title, new.registration_number);
    END""",
    """
    CREATE TRIGGER engagements_search_delete AFTER DELETE ON engagements_engagement
    BEGIN
        INSERT INTO engagements_search(engagements_search, rowid, title, registration_number)
        VALUES ('delete', old.id, old.title, old.registration_number);
    END""",
    """
    CREATE TRIGGER engagements_search_update
    AFTER UPDATE OF id, title, registration_number ON engagements_engagement
    WHEN old.id IS NOT new.id OR old.title IS NOT new.title
        OR old.registration_number IS NOT new.registration_number
    BEGIN
        INSERT INTO engagements_search(engagements_search, rowid, title, registration_number)
        VALUES ('delete', old.id, old.title, old.registration_number);
        INSERT INTO engagements_search(rowid, title, registration_number)
        VALUES (new.id, new.title, new.registration_number);
    END""",
    # The rows already registered.
    "INSERT INTO engagements_search(engagements_search) VALUES ('rebuild')",
]

BACKWARD = [
    "DROP TRIGGER IF EXISTS engagements_search_update",
    "DROP TRIGGER IF EXISTS engagements_search_delete",
    "DROP TRIGGER IF EXISTS engagements_search_insert",
    "DROP TABLE IF EXISTS engagements_search",
]


class SQLiteOnly(migrations.RunSQL):
    """``RunSQL`` that runs on SQLite only (forwards and backwards); elsewhere it does nothing."""

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "sqlite":
            if sqlite3.sqlite_version_info < (3, 34):
                raise RuntimeError(
                    f"The register's search needs SQLite 3.34 or newer (FTS5's trigram tokenizer); "
                    f"this Python has SQLite {sqlite3.sqlite_version}. Use PostgreSQL, or a Python built "
                    "with a newer SQLite (Debian 12 and uv's Pythons have one)."
                )
            super().database_forwards(app_label, schema_editor, from_state, to_state)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "sqlite":
            super().database_backwards(app_label, schema_editor, from_state, to_state)


class Migration(migrations.Migration):
    dependencies = [
        ("engagements", "0007_travel_reports_reviews_and_reminders"),
    ]

    operations = [
        SQLiteOnly(FORWARD, BACKWARD),
    ]
