"""Reading the register, restricted to what the user may see."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Final

from django.apps import apps
from django.db.models import CharField, Count, Prefetch, Q, QuerySet, prefetch_related_objects
from django.db.models.functions import Cast

from omvarld.accounts.permissions import Action, User, can, restrict
from omvarld.audit.models import AuditEntry
from omvarld.audit.selectors import audit_entry_list
from omvarld.engagements.models import Decision, Document, Engagement, PolicyTexts, Status, StoredAssessment
from omvarld.engagements.stored_results import Passages, expanded, passage_texts
from omvarld.organisation.models import Unit

# The orders the register can be listed in: each ends in the primary key, so that every row has its own
# place and a page can start after one (keyset paging, ``core.pagination``); each has an index.
REGISTER_ORDERS: Final[dict[str, tuple[str, ...]]] = {
    "-number": ("-year", "-number", "-pk"),
    "number": ("year", "number", "pk"),
    "title": ("title", "pk"),
    "-title": ("-title", "-pk"),
}
DEFAULT_ORDER: Final = "-number"


def register_order(chosen: str | None) -> str:
    """The order a list asks for (its ``sort``), or the default for none or one not in ``REGISTER_ORDERS``
    (the filter form says why it is refused)."""
    return chosen if chosen is not None and chosen in REGISTER_ORDERS else DEFAULT_ORDER


def engagement_list(*, user: User, order: str = DEFAULT_ORDER) -> QuerySet[Engagement]:
    """The engagements the user may see, in one of ``REGISTER_ORDERS`` (newest number first unless asked),
    each with its unit, counterpart, deciding body and decision."""
    return (
        restrict(Engagement.objects.all(), user, Action.VIEW)
        .select_related("unit", "counterpart", "responsible", "deciding_body", "decision", "decision__body")
        .order_by(*REGISTER_ORDERS[order])
    )


def register_rows(*, user: User, order: str = DEFAULT_ORDER) -> QuerySet[Engagement]:
    """The register list's rows: as ``engagement_list``, joined only to the unit, the one other table the
    list shows. Each further join adds a model object per row: on a page of 50, the joins that only the
    detail page needs made the list about an eighth slower (bench/register_bench.py)."""
    return engagement_list(user=user, order=order).select_related(None).select_related("unit")


# What the register list and a queue show of a matter (engagement_list.html, queue.html) and the list pages
# it by (``REGISTER_ORDERS``).
LISTED_FIELDS: Final = (
    "registration_number", "title", "kind", "status", "latest_outcome", "year", "number", "unit__name",
)  # fmt: skip


# What a row of the register list is read as: a dict of the listed fields by these names (``values()``).
# A model object whose other fields are deferred took three times as long to make as its row took to read.
LISTED_VALUES: Final = ("pk", *LISTED_FIELDS)


def latest_assessment(*, engagement: Engagement) -> StoredAssessment | None:
    return engagement.assessments.first()  # newest first (Meta.ordering)


_PASSAGES: dict[str, Passages] = {}


def _passages_of(policy_hash: str) -> Passages:
    """The words behind a content hash (they never change, so they are kept once found): from the shipped
    version that has the hash, else from the texts kept when an assessment was stored under it."""
    found = _PASSAGES.get(policy_hash)
    if found is None:
        from omvarld import policy

        shipped = [v for v in policy.list_versions() if v.content_hash == policy_hash]
        if shipped:
            found = passage_texts(shipped[0])
        else:
            found = (
                PolicyTexts.objects.filter(policy_hash=policy_hash).values_list("passages", flat=True).first()
            )
            if found is None:
                return {}
        _PASSAGES[policy_hash] = found
    return found


def stored_result(stored: StoredAssessment) -> dict[str, Any]:
    """A stored assessment's result as the engine made it: its citations whole (``stored_results``)."""
    return expanded(stored.result, _passages_of(stored.policy_hash))


def decision_of(*, engagement: Engagement) -> Decision | None:
    decisions = Decision.objects.select_related("body", "expected_body", "recorded_by")
    return decisions.filter(engagement=engagement).first()


def _units_where(allowed: Callable[[Unit], bool]) -> QuerySet[Unit]:
    chosen = [unit.pk for unit in Unit.objects.in_organisation_order() if allowed(unit)]
    return Unit.objects.in_organisation_order().filter(pk__in=chosen)


def units_for_registration(*, user: User) -> QuerySet[Unit]:
    """The units the user may register engagements for, in the organisation's order."""
    return _units_where(lambda unit: can(user, Action.CREATE, Engagement(unit=unit)))


def deciding_bodies(*, user: User) -> QuerySet[Unit]:
    """The bodies the user may record decisions for (a secretary: their own), in the organisation's order."""
    return _units_where(lambda unit: can(user, Action.CREATE, Decision(body=unit)))


def body_by_code(*, code: str) -> Unit | None:
    """A deciding body (any unit) by its code; the whole organisation is visible to every role."""
    return Unit.objects.filter(code=code).first()


# A queue's order: by the place the strategy's priorities give each matter, then first come, first served.
QUEUE_ORDER: Final = ("queue_position", "pk")


def queue(*, user: User, body: Unit) -> QuerySet[Engagement]:
    """The submitted matters waiting for ``body`` to decide them, that the user may see, best first."""
    waiting = register_rows(user=user).filter(status=Status.SUBMITTED, deciding_body=body)
    return waiting.only(*LISTED_FIELDS, "queue_position").order_by(*QUEUE_ORDER)


def with_newest_facts(engagements: list[Engagement]) -> list[Engagement]:
    """``engagements`` with the facts of their assessments, newest first (``newest_assessments``), in one
    query: a queue's page explains its scores from them. The results (3 kB each) stay in the database."""
    newest_first = StoredAssessment.objects.only("engagement_id", "facts")  # Meta.ordering: newest first
    prefetch_related_objects(
        engagements, Prefetch("assessments", queryset=newest_first, to_attr="newest_assessments")
    )
    return engagements


def queues(*, user: User) -> list[tuple[Unit, int]]:
    """Each body with submitted matters waiting for it (that the user may see), and how many."""
    submitted = Engagement.objects.filter(status=Status.SUBMITTED, deciding_body__isnull=False)
    waiting = (
        restrict(submitted, user, Action.VIEW).values("deciding_body").annotate(count=Count("pk")).order_by()
    )
    counts = {row["deciding_body"]: row["count"] for row in waiting}
    bodies = Unit.objects.in_organisation_order().filter(pk__in=counts)
    return [(body, counts[body.pk]) for body in bodies]


def my_open_matters(*, user: User) -> QuerySet[Engagement]:
    """The matters the user is responsible for that are not yet decided."""
    return engagement_list(user=user).filter(
        responsible_id=user.pk, status__in=[Status.DRAFT, Status.SUBMITTED]
    )


def queues_to_decide(*, user: User) -> list[tuple[Unit, int]]:
    """The queues of the bodies whose decisions the user records (a secretary: their own body's)."""
    return [
        (body, count) for body, count in queues(user=user) if can(user, Action.CREATE, Decision(body=body))
    ]


def documents_of(*, user: User, engagement: Engagement) -> QuerySet[Document]:
    """The matter's documents that the user may see: a secret one only for those who handle the matter."""
    return restrict(engagement.documents.all(), user, Action.VIEW).select_related("filed_by")


def document_for(*, user: User, pk: int) -> Document | None:
    """One document, if the user may see it (and so its matter)."""
    visible = restrict(Document.objects.all(), user, Action.VIEW)
    return visible.select_related("engagement").filter(pk=pk).first()


# What is recorded with a matter and audited as an object of its own: its history includes their events.
RECORDED_WITH_A_MATTER: Final = ("decision", "document", "travelreport", "membershipreview", "lesson")


def matter_history(*, user: User, engagement: Engagement) -> QuerySet[AuditEntry]:
    """Everything the audit log holds about a matter that the user may see, newest first: the matter's
    own events and those of what was recorded with it (its decision, documents, travel report, reviews,
    lessons). One query, whatever the number of those."""
    entries = Q(object_type=Engagement._meta.label_lower, object_id=str(engagement.pk))
    for name in RECORDED_WITH_A_MATTER:
        model = apps.get_model("engagements", name)
        ids = model._base_manager.filter(engagement=engagement).annotate(key=Cast("pk", CharField()))
        entries |= Q(object_type=model._meta.label_lower, object_id__in=ids.values("key"))
    return audit_entry_list(user=user).filter(entries)
