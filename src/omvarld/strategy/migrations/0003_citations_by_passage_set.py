"""The index of cited passages keeps one row a matter (its latest assessment and the set of passages that
assessment cites, each set stored once) instead of one row a passage: a re-assessment of a million matters
wrote some thirteen million rows into five indexes before. The rows indexed so far are carried over."""

import hashlib

import django.db.models.deletion
from django.db import migrations, models

CHUNK = 20000


def carry_over(apps, schema_editor):
    """Each matter's indexed rows (read in the matter's order, so memory stays that of a chunk) become one
    row naming its set of passages."""
    CitedPassage = apps.get_model("strategy", "CitedPassage")
    PassageSet = apps.get_model("strategy", "PassageSet")
    PassageSetMember = apps.get_model("strategy", "PassageSetMember")
    MatterCitations = apps.get_model("strategy", "MatterCitations")
    sets = {}
    pending = []

    def add(engagement_id, assessment_id, passages):
        found = frozenset(passages)
        if found not in sets:
            fingerprint = hashlib.sha256("\n".join(sorted(found)).encode()).hexdigest()
            sets[found] = PassageSet.objects.create(fingerprint=fingerprint).pk
            PassageSetMember.objects.bulk_create(
                PassageSetMember(passage_set_id=sets[found], passage=passage) for passage in found
            )
        pending.append(
            MatterCitations(
                engagement_id=engagement_id, assessment_id=assessment_id, passage_set_id=sets[found]
            )
        )
        if len(pending) >= CHUNK:
            MatterCitations.objects.bulk_create(pending)
            pending.clear()

    rows = CitedPassage.objects.order_by("engagement_id", "assessment_id").values_list(
        "engagement_id", "assessment_id", "passage"
    )
    current, passages = None, set()
    for engagement_id, assessment_id, passage in rows.iterator(chunk_size=CHUNK):
        if current is not None and current[0] != engagement_id:
            add(*current, passages)
            passages = set()
        current = (engagement_id, assessment_id)
        passages.add(passage)
    if current is not None:
        add(*current, passages)
    MatterCitations.objects.bulk_create(pending)


class Migration(migrations.Migration):
    dependencies = [
        ("engagements", "0009_room_for_bulk_changes"),
        ("strategy", "0002_index_cited_passages"),
    ]

    operations = [
        migrations.CreateModel(
            name="PassageSet",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("fingerprint", models.CharField(max_length=64, unique=True, verbose_name="fingerprint")),
            ],
            options={
                "verbose_name": "set of cited passages",
                "verbose_name_plural": "sets of cited passages",
            },
        ),
        migrations.CreateModel(
            name="PassageSetMember",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("passage", models.CharField(max_length=80, verbose_name="passage")),
                (
                    "passage_set",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="members",
                        to="strategy.passageset",
                        verbose_name="set of cited passages",
                    ),
                ),
            ],
            options={
                "verbose_name": "cited passage",
                "verbose_name_plural": "cited passages",
                "constraints": [
                    models.UniqueConstraint(fields=("passage", "passage_set"), name="one_passage_per_set")
                ],
            },
        ),
        migrations.CreateModel(
            name="MatterCitations",
            fields=[
                (
                    "engagement",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        primary_key=True,
                        related_name="+",
                        serialize=False,
                        to="engagements.engagement",
                        verbose_name="engagement",
                    ),
                ),
                (
                    "assessment",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="engagements.storedassessment",
                        verbose_name="assessment",
                    ),
                ),
                (
                    "passage_set",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="strategy.passageset",
                        verbose_name="set of cited passages",
                    ),
                ),
            ],
            options={
                "verbose_name": "passages a matter cites",
                "verbose_name_plural": "passages matters cite",
            },
        ),
        migrations.RunPython(carry_over, migrations.RunPython.noop),
        migrations.DeleteModel(name="CitedPassage"),
    ]
