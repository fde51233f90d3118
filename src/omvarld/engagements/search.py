"""The register's text search: the matters whose title or registration number holds a piece of text,
whatever its case (å, ä and ö included), for the list page, the API and the export alike
(``filtersets.EngagementFilterSet.search``).

Each database answers it from an index:

* **PostgreSQL**: ``icontains`` (``UPPER(col) LIKE UPPER('%text%')``), which the trigram GIN indexes of
  migration 0003 serve.
* **SQLite**: ``LIKE '%text%'`` can use no index, and folds the case of ASCII letters only. Migration
  0008_title_search keeps an FTS5 table with the trigram tokenizer (``engagements_search``) in step
  with the engagements table by triggers. A text of three characters or more is looked up in it as a
  phrase (its trigrams one after the other: exactly a piece of the text, case folded for every letter),
  first counting the matches up to ``FEW_MATCHES``. Fewer: the matches are read by their ids. More: the
  list is read in its order with ``LIKE``, which soon finds a page among so many. ``LIKE`` (and a text
  shorter than a trigram, which the index cannot find) is tried once for each way of writing the text's
  non-ASCII letters (``ö`` and ``Ö``), so that the meaning stays the same.

Django rebuilds an SQLite table to alter it (``ALTER TABLE`` can do little there), and dropping the old
table drops its triggers. ``repair_triggers`` runs after every ``migrate`` (``apps.EngagementsConfig``)
and puts back any that a migration took away, then rebuilds the index from the table.
"""

from __future__ import annotations

from itertools import product
from typing import TYPE_CHECKING, Any, Final

from django.db import connections
from django.db.models import ExpressionWrapper, F, IntegerField, Q, QuerySet
from django.db.models.expressions import RawSQL

if TYPE_CHECKING:
    from omvarld.engagements.models import Engagement

# Trigrams: a text shorter than this has none, and the FTS5 index cannot find it.
TRIGRAM: Final = 3

# The triggers that keep the FTS5 table ``engagements_search`` in step with the engagements table, as
# migration 0008_title_search made them. The FTS5 table keeps no copy of the text (its content is the
# engagements table's), so it is told what a row held before it changed.
TRIGGERS: Final = {
    "engagements_search_insert": """
        CREATE TRIGGER engagements_search_insert AFTER INSERT ON engagements_engagement
        BEGIN
            INSERT INTO engagements_search(rowid, title, registration_number)
            VALUES (new.id, new.title, new.registration_number);
        END""",
    "engagements_search_delete": """
        CREATE TRIGGER engagements_search_delete AFTER DELETE ON engagements_engagement
        BEGIN
            INSERT INTO engagements_search(engagements_search, rowid, title, registration_number)
            VALUES ('delete', old.id, old.title, old.registration_number);
        END""",
    "engagements_search_update": """
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
}
REBUILD: Final = "INSERT INTO engagements_search(engagements_search) VALUES ('rebuild')"
MATCHING: Final = "SELECT rowid FROM engagements_search WHERE engagements_search MATCH %s"
# How many match, up to a limit: FTS5 reads its lists of row ids lazily, so this stops at the limit.
COUNTING: Final = (
    "SELECT count(*) FROM (SELECT rowid FROM engagements_search WHERE engagements_search MATCH %s LIMIT %s)"
)
# Below this many matches the index is read; from it on, the list's order index with LIKE. At 100 000
# engagements (CPU time): reading 260 matches by their ids and sorting them takes 1 ms, 5 000 some 10 ms,
# 20 000 44 ms; LIKE, read in the list's order until the page and the capped count are found, takes
# 1 052 ÷ (share of rows that match) rows at 0.4 µs each: 8 ms at 5 000 matches, 3 ms at 20 000.
FEW_MATCHES: Final = 5_000
# LIKE is tried once for each spelling of the text's non-ASCII letters (``ö`` and ``Ö``): up to three
# such letters. A text with more and many matches is tested against the index instead.
MOST_SPELLINGS: Final = 8


def matching(queryset: QuerySet[Engagement], text: str) -> QuerySet[Engagement]:
    """The matters of ``queryset`` that hold ``text`` in their title or registration number, whatever its
    case."""
    connection = connections[queryset.db]
    if connection.vendor != "sqlite":
        return queryset.filter(Q(title__icontains=text) | Q(registration_number__icontains=text))
    spellings = _spellings(text)
    if len(text) >= TRIGRAM:
        # One FTS5 phrase: the text in double quotes, a double quote in it written twice.
        phrase = '"' + text.replace('"', '""') + '"'
        matched = RawSQL(MATCHING, [phrase])  # noqa: S611 - the text is a parameter
        with connection.cursor() as cursor:
            cursor.execute(COUNTING, [phrase, FEW_MATCHES])
            (found,) = cursor.fetchone()
        if found < FEW_MATCHES:
            # Each match read by its row id, then sorted (the list's page and count from one read).
            return queryset.filter(pk__in=matched)
        if len(spellings) > MOST_SPELLINGS:
            # The list's order read from its index, each row looked up among the matches; ``id + 0`` keeps
            # SQLite from reading every match by its id instead.
            searched_id = ExpressionWrapper(F("pk") + 0, output_field=IntegerField())
            return queryset.alias(searched_id=searched_id).filter(searched_id__in=matched)
    # Shorter than a trigram, or in many titles: LIKE, read in the list's order, finds a page soon.
    condition = Q()
    for spelling in spellings:
        condition |= Q(title__icontains=spelling) | Q(registration_number__icontains=spelling)
    return queryset.filter(condition)


def _spellings(text: str) -> list[str]:
    """``text`` with each non-ASCII letter in its small and its capital form (SQLite's ``LIKE`` folds ASCII
    letters itself): two spellings for each such letter, multiplied."""
    forms = [
        sorted({c, *(f for f in (c.lower(), c.upper()) if len(f) == 1)}) if not c.isascii() else [c]
        for c in text
    ]
    return ["".join(letters) for letters in product(*forms)]


def repair_triggers(*, using: str = "default", **_signal: Any) -> list[str]:
    """Put back the triggers of the SQLite search index that a migration took away (and then rebuild the
    index, which missed what changed meanwhile); the names of those put back. Nothing on PostgreSQL, or
    before migration 0008_title_search (or after it is reversed)."""
    connection = connections[using]
    if connection.vendor != "sqlite":
        return []
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT type, name FROM sqlite_master WHERE (type = 'table' AND name = %s) OR type = 'trigger'",
            ["engagements_search"],
        )
        present = {(kind, name) for kind, name in cursor.fetchall()}
        if ("table", "engagements_search") not in present:
            return []
        missing = [name for name in TRIGGERS if ("trigger", name) not in present]
        for name in missing:
            cursor.execute(TRIGGERS[name])
        if missing:
            cursor.execute(REBUILD)
    return missing
