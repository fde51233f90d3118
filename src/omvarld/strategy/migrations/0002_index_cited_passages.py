"""Index the passages that each matter's latest stored assessment cites (the guideline pages list the
matters from it), for the assessments stored before the index existed. ``omvarld citations`` does the
same at any time."""

from django.db import migrations

CHUNK = 2000


def cited_in(result):
    found = set()
    for finding in result.get("findings") or []:
        for citation in finding.get("citations") or []:
            if isinstance(citation.get("passage"), str):
                found.add(citation["passage"])
    for citation in (result.get("decided_by_row") or {}).get("citations") or []:
        if isinstance(citation.get("passage"), str):
            found.add(citation["passage"])
    return found


def index(apps, schema_editor):
    Engagement = apps.get_model("engagements", "Engagement")
    StoredAssessment = apps.get_model("engagements", "StoredAssessment")
    CitedPassage = apps.get_model("strategy", "CitedPassage")
    last = 0
    while True:
        ids = list(Engagement.objects.filter(pk__gt=last).order_by("pk").values_list("pk", flat=True)[:CHUNK])
        if not ids:
            return
        last = ids[-1]
        latest = {}
        rows = (
            StoredAssessment.objects.filter(engagement_id__in=ids)
            .order_by("engagement_id", "-assessed_at", "-pk")
            .values_list("pk", "engagement_id", "result")
        )
        for pk, engagement_id, result in rows:
            latest.setdefault(engagement_id, (pk, result))
        CitedPassage.objects.bulk_create(
            [
                CitedPassage(engagement_id=engagement_id, assessment_id=pk, passage=passage[:80])
                for engagement_id, (pk, result) in latest.items()
                for passage in sorted(cited_in(result if isinstance(result, dict) else {}))
            ],
            batch_size=5000,
        )


class Migration(migrations.Migration):
    dependencies = [("strategy", "0001_initial")]

    operations = [migrations.RunPython(index, migrations.RunPython.noop)]
