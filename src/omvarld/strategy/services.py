"""Writing the strategy app's data: draft policy versions (audited) and the index of cited passages."""

from __future__ import annotations

import datetime
import hashlib
import json
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Final

from django.core.files.uploadedfile import UploadedFile
from django.db import connection, transaction
from django.utils.translation import gettext as _

from omvarld.accounts.permissions import Action, User, require_actor
from omvarld.audit import events
from omvarld.audit.services import create_with_audit, delete_with_audit
from omvarld.core.errors import ApplicationError, ErrorDetail
from omvarld.engagements.models import Engagement, StoredAssessment
from omvarld.policy import PolicyError
from omvarld.policy.loader import load_text
from omvarld.strategy.models import CitedPassage, PolicyDraft

# A policy file is text: the shipped strategy is some 50 kB. A draft may be ten times larger, not more.
DRAFT_MAX_BYTES: Final = 512 * 1024
# How many of a refused draft's problems are shown (the loader finds them all).
PROBLEMS_SHOWN: Final = 50


def _draft_problems(upload: UploadedFile | None) -> tuple[list[ErrorDetail], bytes]:
    """What is wrong with the file as a file (present, not too large, UTF-8 text), and its bytes."""
    if upload is None:
        return [ErrorDetail(_("Choose the policy file (YAML) to upload."), field="file")], b""
    if not upload.size:
        return [ErrorDetail(_("The file is empty."), field="file")], b""
    if upload.size > DRAFT_MAX_BYTES:
        return [
            ErrorDetail(
                _("The file is %(size)s kB; a policy file may be at most %(limit)s kB.")
                % {"size": upload.size // 1024, "limit": DRAFT_MAX_BYTES // 1024},
                field="file",
            )
        ], b""
    upload.seek(0)
    raw = upload.read()
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError:
        return [ErrorDetail(_("The file is not plain text in UTF-8."), field="file")], b""
    return [], raw


@transaction.atomic
def policy_draft_upload(*, actor: User | None, upload: UploadedFile | None) -> PolicyDraft:
    """Keep a draft policy version for what-if comparisons, once the engine's loader has found nothing
    wrong with it. Every problem the loader finds is reported (in Swedish, by the place in the file) and
    nothing is kept. A draft may not take a shipped version's id and builds only on a shipped version; it
    is never applied to a matter."""
    require_actor(actor, Action.CREATE, PolicyDraft)
    problems, raw = _draft_problems(upload)
    if problems:
        raise ApplicationError(problems[0].message, details=problems)
    assert upload is not None  # noqa: S101 - _draft_problems refuses a missing file
    name = (upload.name or "utkast.yaml")[:200]
    try:
        version = load_text(raw, origin=name)
    except PolicyError as error:
        shown = error.problems[:PROBLEMS_SHOWN]
        details = [ErrorDetail(problem, field="file") for problem in shown]
        if len(error.problems) > PROBLEMS_SHOWN:
            details.append(
                ErrorDetail(
                    _("… and %(count)s problems more.") % {"count": len(error.problems) - PROBLEMS_SHOWN},
                    field="file",
                )
            )
        raise ApplicationError(
            _("The draft was not kept: the policy file has %(count)s problems.")
            % {"count": len(error.problems)},
            details=details,
        ) from None
    digest = hashlib.sha256(raw).hexdigest()
    same = PolicyDraft.objects.filter(sha256=digest).first()
    if same is not None:
        raise ApplicationError(
            _("This file is already kept as the draft %(draft)s.") % {"draft": same},
            details=[
                ErrorDetail(_("This file is already kept as the draft %(draft)s.") % {"draft": same}, "file")
            ],
            code="conflict",
            status=409,
        )
    draft = PolicyDraft(
        policy_id=version.id,
        title=version.title[:300],
        derives_from=version.derives_from or "",
        content=raw.decode("utf-8"),
        file_name=name,
        sha256=digest,
        uploaded_by_id=actor.pk if actor is not None and actor.is_authenticated else None,
    )
    return create_with_audit(actor=actor, obj=draft, event=events.POLICYDRAFT_CREATED)


@transaction.atomic
def policy_draft_delete(*, actor: User | None, draft: PolicyDraft) -> None:
    """Delete a draft: it is in no what-if any more (the audit log keeps what it said)."""
    require_actor(actor, Action.DELETE, draft)
    delete_with_audit(actor=actor, obj=draft, event=events.POLICYDRAFT_DELETED)


# --- The index of cited passages -----------------------------------------------------------------------


def cited_in(result: dict[str, object]) -> set[str]:
    """The passages a stored assessment's result cites: by its findings, and by the row of the decision
    table that named the deciding body (as ``policy.cases.cited_passages`` reads an assessment)."""
    found: set[str] = set()
    findings = result.get("findings")
    for finding in findings if isinstance(findings, list) else []:
        for citation in finding.get("citations", []) if isinstance(finding, dict) else []:
            if isinstance(citation, dict) and isinstance(citation.get("passage"), str):
                found.add(citation["passage"])
    row = result.get("decided_by_row")
    for citation in row.get("citations", []) if isinstance(row, dict) else []:
        if isinstance(citation, dict) and isinstance(citation.get("passage"), str):
            found.add(citation["passage"])
    return found


def _index(assessments: Iterable[tuple[int, int, dict[str, object]]]) -> list[CitedPassage]:
    return [
        CitedPassage(engagement_id=engagement_id, assessment_id=pk, passage=passage[:80])
        for pk, engagement_id, result in assessments
        for passage in sorted(cited_in(result))
    ]


def citations_index(*, assessment: StoredAssessment) -> None:
    """Index the passages a matter's newly stored assessment cites, in place of its earlier one's (called in
    the transaction that stores it, by ``receivers``)."""
    CitedPassage.objects.filter(engagement_id=assessment.engagement_id).delete()
    CitedPassage.objects.bulk_create(_index([(assessment.pk, assessment.engagement_id, assessment.result)]))


def citations_index_batch(*, cited: Mapping[int, Iterable[str]], assessed_at: datetime.datetime) -> None:
    """Index a batch of matters whose new latest assessments were stored in bulk at ``assessed_at`` (the
    re-assessment), in place of their earlier ones': ``cited`` names each matter's passages. Set-based, in
    the caller's transaction: one DELETE, and one INSERT … SELECT that finds each matter's new assessment
    by its matter and time (no query per matter). The same rows as ``citations_index`` for each one."""
    if not cited:
        return
    CitedPassage.objects.filter(engagement_id__in=list(cited)).delete()
    pairs = [
        [engagement_id, passage[:80]] for engagement_id, found in cited.items() for passage in sorted(found)
    ]
    if not pairs:
        return
    index, stored = CitedPassage._meta.db_table, StoredAssessment._meta.db_table
    at = connection.ops.adapt_datetimefield_value(assessed_at)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                f"""
                INSERT INTO {index} (engagement_id, assessment_id, passage)
                SELECT s.engagement_id, s.id, v.passage
                  FROM unnest(%s::bigint[], %s::text[]) AS v(engagement_id, passage)
                  JOIN {stored} AS s ON s.engagement_id = v.engagement_id AND s.assessed_at = %s
                """,  # noqa: S608 - table names from the models, values as parameters
                [[pair[0] for pair in pairs], [pair[1] for pair in pairs], at],
            )
        else:
            cursor.execute(
                f"""
                INSERT INTO {index} (engagement_id, assessment_id, passage)
                SELECT s.engagement_id, s.id, json_extract(v.value, '$[1]')
                  FROM json_each(%s) AS v
                  JOIN {stored} AS s ON s.engagement_id = json_extract(v.value, '$[0]') AND s.assessed_at = %s
                """,  # noqa: S608 - table names from the models, values as parameters
                [json.dumps(pairs), at],
            )


def citations_index_assessments(*, assessments: Sequence[StoredAssessment]) -> None:
    """Index assessments saved in bulk (an import's new matters), each its matter's latest: one DELETE and
    bulk INSERTs, in the caller's transaction."""
    if not assessments:
        return
    CitedPassage.objects.filter(engagement_id__in=[a.engagement_id for a in assessments]).delete()
    CitedPassage.objects.bulk_create(
        _index([(a.pk, a.engagement_id, a.result) for a in assessments]), batch_size=5000
    )


REBUILD_CHUNK: Final = 2000

Progress = Callable[[int, int], None]


def citations_rebuild(*, progress: Progress | None = None) -> int:
    """Build the index anew from every matter's latest stored assessment, a chunk of matters at a time,
    each chunk in its own transaction (for assessments stored in bulk, past ``citations_index``: the demo,
    an import). Returns the number of matters indexed."""
    total = Engagement.objects.count()
    done = indexed = 0
    last = 0
    CitedPassage.objects.all().delete()
    while True:
        ids = list(
            Engagement.objects.filter(pk__gt=last).order_by("pk").values_list("pk", flat=True)[:REBUILD_CHUNK]
        )
        if not ids:
            break
        last = ids[-1]
        latest: dict[int, tuple[int, int, dict[str, object]]] = {}
        rows = (
            StoredAssessment.objects.filter(engagement_id__in=ids)
            .order_by("engagement_id", "-assessed_at", "-pk")
            .values_list("pk", "engagement_id", "result")
        )
        for pk, engagement_id, result in rows:
            latest.setdefault(engagement_id, (pk, engagement_id, result))
        with transaction.atomic():
            CitedPassage.objects.filter(engagement_id__in=ids).delete()
            CitedPassage.objects.bulk_create(_index(latest.values()), batch_size=5000)
        indexed += len(latest)
        done += len(ids)
        if progress is not None:
            progress(done, total)
    return indexed
