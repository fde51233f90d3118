"""Writing the strategy app's data: draft policy versions (audited) and the index of cited passages."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Mapping
from typing import Final

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext as _

from omvarld.accounts.permissions import Action, User, require_actor
from omvarld.audit import events
from omvarld.audit.services import create_with_audit, delete_with_audit
from omvarld.core import bulk
from omvarld.core.errors import ApplicationError, ErrorDetail
from omvarld.engagements.models import Engagement, StoredAssessment
from omvarld.engagements.stored_results import passage_of
from omvarld.policy import PolicyError
from omvarld.policy.loader import load_text
from omvarld.strategy.models import MatterCitations, PassageSet, PassageSetMember, PolicyDraft

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
    named = PolicyDraft.objects.filter(policy_id=version.id).first()
    if named is not None:
        # Two drafts of one id would read alike on the what-if page and in its exports.
        message = _(
            "A draft with the id %(id)s is kept already (%(draft)s): give this one an id of its own, or "
            "delete the other first."
        ) % {"id": version.id, "draft": named}
        raise ApplicationError(message, details=[ErrorDetail(message, "file")], code="conflict", status=409)
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
    table that named the deciding body (as ``policy.cases.cited_passages`` reads an assessment). A citation
    is its passage id, or (a result stored whole, before ``engagements.stored_results``) a dict naming it."""
    findings = result.get("findings")
    holders = [*(findings if isinstance(findings, list) else []), result.get("decided_by_row")]
    found = set()
    for holder in holders:
        for citation in holder.get("citations", []) if isinstance(holder, dict) else []:
            passage = passage_of(citation)
            if passage is not None:
                found.add(passage)
    return found


def passage_set_fingerprint(passages: Iterable[str]) -> str:
    """What identifies a set of passages: SHA-256 of its sorted ids, each on its own line."""
    return hashlib.sha256("\n".join(sorted(passages)).encode()).hexdigest()


def _passage_sets(sets: Iterable[frozenset[str]]) -> dict[frozenset[str], int]:
    """The id of each set of passages, stored where it is new. A set another transaction is storing at the
    same moment is waited for by its unique fingerprint, then found (``ignore_conflicts``)."""
    wanted = {passage_set_fingerprint(found): found for found in sets}
    ids = dict(PassageSet.objects.filter(fingerprint__in=wanted).values_list("fingerprint", "pk"))
    missing = [fingerprint for fingerprint in wanted if fingerprint not in ids]
    if missing:
        PassageSet.objects.bulk_create(
            [PassageSet(fingerprint=fingerprint) for fingerprint in missing], ignore_conflicts=True
        )
        new = dict(PassageSet.objects.filter(fingerprint__in=missing).values_list("fingerprint", "pk"))
        PassageSetMember.objects.bulk_create(
            [
                PassageSetMember(passage_set_id=new[fingerprint], passage=passage)
                for fingerprint in missing
                for passage in {passage[:80] for passage in wanted[fingerprint]}
            ],
            ignore_conflicts=True,
        )
        ids |= new
    return {wanted[fingerprint]: pk for fingerprint, pk in ids.items()}


def _index_matters(cited: Mapping[int, tuple[int, Iterable[str]]]) -> None:
    """Index each matter (``cited``: its id → its latest assessment's id and the passages that one cites)
    in place of what was indexed for it: one DELETE and one bulk insert."""
    if not cited:
        return
    sets = {
        engagement_id: found if isinstance(found, frozenset) else frozenset(found)
        for engagement_id, (_assessment_id, found) in cited.items()
    }
    set_ids = _passage_sets(set(sets.values()))
    bulk.delete_rows(MatterCitations, "engagement_id", list(cited))
    bulk.insert_rows(
        MatterCitations,
        ("engagement_id", "assessment_id", "passage_set_id"),
        [
            (engagement_id, assessment_id, set_ids[sets[engagement_id]])
            for engagement_id, (assessment_id, _found) in cited.items()
        ],
    )


def citations_index(*, assessment: StoredAssessment) -> None:
    """Index the passages a matter's newly stored assessment cites, in place of its earlier one's (called in
    the transaction that stores it, by ``receivers``)."""
    _index_matters({assessment.engagement_id: (assessment.pk, cited_in(assessment.result))})


def citations_index_batch(*, cited: Mapping[int, tuple[int, Iterable[str]]]) -> None:
    """Index a batch of matters whose new latest assessments were stored in bulk (the re-assessment), in
    place of their earlier ones': ``cited`` names each matter's new assessment and the passages it cites.
    Set-based, in the caller's transaction: a statement or two for the sets, one DELETE and one bulk
    insert (no query per matter). The same rows as ``citations_index`` for each one."""
    _index_matters(cited)


REBUILD_CHUNK: Final = 2000

Progress = Callable[[int, int], None]


def citations_rebuild(*, progress: Progress | None = None) -> int:
    """Build the index anew from every matter's latest stored assessment, a chunk of matters at a time,
    each chunk in its own transaction (for assessments stored in bulk, past ``citations_index``: the demo,
    an import). Returns the number of matters indexed."""
    total = Engagement.objects.count()
    done = indexed = 0
    last = 0
    MatterCitations.objects.all().delete()
    while True:
        ids = list(
            Engagement.objects.filter(pk__gt=last).order_by("pk").values_list("pk", flat=True)[:REBUILD_CHUNK]
        )
        if not ids:
            break
        last = ids[-1]
        latest: dict[int, tuple[int, set[str]]] = {}
        rows = (
            StoredAssessment.objects.filter(engagement_id__in=ids)
            .order_by("engagement_id", "-assessed_at", "-pk")
            .values_list("pk", "engagement_id", "result")
        )
        for pk, engagement_id, result in rows:
            if engagement_id not in latest:
                latest[engagement_id] = (pk, cited_in(result))
        with transaction.atomic():
            _index_matters(latest)
        indexed += len(latest)
        done += len(ids)
        if progress is not None:
            progress(done, total)
    return indexed
