"""The register's background jobs (``omvarld.jobs.registry``): re-assessing it, and exporting it to a file."""

from __future__ import annotations

from collections.abc import Mapping
from types import SimpleNamespace
from typing import Any, Final

from django import forms
from django.db.models import QuerySet
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from omvarld.accounts.permissions import Action, User
from omvarld.core.errors import ApplicationError, ErrorDetail
from omvarld.engagements import export, reassess, selectors
from omvarld.engagements.filtersets import EngagementFilterSet
from omvarld.engagements.models import Engagement, StoredAssessment
from omvarld.jobs.registry import JobFile, JobResult, Progress, register, scratch_file

REASSESS: Final = "register.reassess"
EXPORT: Final = "register.export"


def _number(value: int) -> str:
    return formats.number_format(value, force_grouping=True)


# --- Re-assessing the register ------------------------------------------------------------------------


class ReassessForm(forms.Form):
    confirm = forms.BooleanField(
        label=gettext_lazy("Yes, assess every matter waiting for a decision anew"),
        error_messages={
            "required": gettext_lazy(
                "Confirm that every matter waiting for a decision is to be assessed anew."
            )
        },
    )


def _reassess_params(actor: User | None, params: Mapping[str, Any]) -> dict[str, Any]:
    return {}  # the policy in force today: nothing to choose (the form's confirmation is not kept)


@register(
    REASSESS,
    title=gettext_lazy("Re-assess the register"),
    description=gettext_lazy(
        "Every matter waiting for a decision is assessed anew under the policy in force today, and then "
        "waits in the queue of the body its new assessment names. Decided matters keep the assessment they "
        "were decided on; drafts are assessed as they are shown. Run it when a new policy version or a new "
        "value of one of its parameters has taken effect."
    ),
    permission=(Action.CREATE, StoredAssessment),
    form=ReassessForm,
    clean=_reassess_params,
)
def reassess_job(*, actor: User | None, params: Mapping[str, Any], progress: Progress) -> JobResult:
    done = reassess.reassess_register(actor=actor, progress=progress)
    versions = ", ".join(done.versions) or "–"
    lines = [
        _("%(count)s matters waiting for a decision were assessed anew (as of %(day)s, under %(versions)s).")
        % {"count": _number(done.assessed), "day": done.as_of.isoformat(), "versions": versions},
        _("%(outcome)s got another outcome and %(body)s another deciding body.")
        % {"outcome": _number(done.changed_outcome), "body": _number(done.changed_body)},
    ]
    if done.skipped:
        lines.append(
            _("%(count)s were changed while the job ran, and keep the assessment their change stored.")
            % {"count": _number(done.skipped)}
        )
    return JobResult(summary="\n".join(lines), data=done.as_data())


# --- Exporting the register ---------------------------------------------------------------------------

FORMAT_CHOICES: Final = [
    ("xlsx", gettext_lazy("Excel workbook (XLSX)")),
    ("csv", "CSV"),
    ("json", "JSON"),
    ("interchange", gettext_lazy("The policy engine's facts (JSON Lines)")),
]
FORMAT_FILES: Final[dict[str, tuple[str, str]]] = {
    "csv": (".csv", "text/csv; charset=utf-8"),
    "xlsx": (".xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    "json": (".json", "application/json"),
    "interchange": (".jsonl", "application/jsonl"),
}
# The list's filters an export takes (its order is the export's own: by registration number).
FILTERS: Final = tuple(name for name in EngagementFilterSet.base_filters if name != "sort")


class ExportForm(forms.Form):
    """The format, and the register list's filters (filled in from the list's link)."""

    format = forms.ChoiceField(label=gettext_lazy("Format"), choices=FORMAT_CHOICES, initial="xlsx")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        filters = EngagementFilterSet().form.fields
        for name in FILTERS:
            self.fields[name] = filters[name]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        # The filters are kept as they were written (the job reads them with the list's FilterSet again).
        written = {name: self.data.get(name, "").strip() for name in FILTERS}
        return {"format": cleaned.get("format"), "filters": {k: v for k, v in written.items() if v}}


def _filtered(actor: User | None, filters: Mapping[str, str]) -> EngagementFilterSet:
    matters = selectors.engagement_list(user=actor) if actor is not None else Engagement.objects.all()
    return EngagementFilterSet(
        dict(filters),
        queryset=matters,
        request=SimpleNamespace(user=actor),  # ``mine`` asks for the user
    )


def _export_params(actor: User | None, params: Mapping[str, Any]) -> dict[str, Any]:
    fmt = params.get("format") or "xlsx"
    filters = params.get("filters") or {}
    problems: list[ErrorDetail] = []
    if fmt not in FORMAT_FILES:
        problems.append(ErrorDetail(_("Choose one of the formats."), field="format"))
    if not isinstance(filters, Mapping) or not all(
        name in FILTERS and isinstance(value, str) for name, value in filters.items()
    ):
        problems.append(ErrorDetail(_("The filters are not the register list's."), field="filters"))
    elif not (filterset := _filtered(actor, filters)).is_valid():
        problems += [
            ErrorDetail(str(message), field=field)
            for field, messages in filterset.errors.items()
            for message in messages
        ]
    if problems:
        raise ApplicationError(_("The export could not be started."), details=problems)
    return {"format": fmt, "filters": dict(filters)}


def _describe_export(params: Mapping[str, Any]) -> str:
    fmt = str(params.get("format", "")).upper().replace("INTERCHANGE", "JSONL")
    filters = params.get("filters") or {}
    if not filters:
        return _("Export of the register (%(format)s)") % {"format": fmt}
    chosen = []
    for name, value in filters.items():
        field = EngagementFilterSet.base_filters[name]
        choices = dict(field.extra.get("choices") or []) if not callable(field.extra.get("choices")) else {}
        chosen.append(f"{field.label}: {choices.get(value, value)}")
    return _("Export of the register (%(format)s): %(filters)s") % {
        "format": fmt,
        "filters": "; ".join(chosen),
    }


@register(
    EXPORT,
    title=gettext_lazy("Export the register"),
    description=gettext_lazy(
        "The register, filtered as its list is, written to a file that you download from the job's page when "
        "it is ready. For long lists, which take too long to download straight from the list."
    ),
    permission=(Action.VIEW, Engagement),
    form=ExportForm,
    clean=_export_params,
    describe=_describe_export,
)
def export_job(*, actor: User | None, params: Mapping[str, Any], progress: Progress) -> JobResult:
    fmt = params["format"]
    filterset = _filtered(actor, params["filters"])
    if not filterset.is_valid():  # checked when it started; the units may have changed since
        raise ApplicationError(_("The filters can no longer be used: start the export again."))
    queryset: QuerySet[Engagement] = filterset.qs.order_by("year", "number", "pk")
    total = queryset.count()
    message = _("Writing the engagements")
    progress(0, total, message)

    def counted(done: int) -> None:
        progress(done, max(total, done), message)

    suffix, content_type = FORMAT_FILES[fmt]
    path = scratch_file(suffix)
    if fmt in export.TEXT_WRITERS:
        with path.open("w", encoding="utf-8", newline="") as text:
            count = export.TEXT_WRITERS[fmt](queryset, text, counted)
    else:
        with path.open("wb") as binary:
            count = export.BINARY_WRITERS[fmt](queryset, binary, counted)
    name = f"diarium-{timezone.localdate().isoformat()}{suffix}"
    return JobResult(
        summary=_("%(count)s engagements were written to %(name)s.")
        % {"count": _number(count), "name": name},
        data={"engagements": count, "format": fmt},
        file=JobFile(path=path, name=name, content_type=content_type),
    )
