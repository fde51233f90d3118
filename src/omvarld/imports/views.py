"""The import's pages: the imports, uploading a file, mapping its columns and trying it, importing it."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import ListView

from omvarld.accounts import permissions
from omvarld.accounts.permissions import Action, can
from omvarld.core.errors import ApplicationError
from omvarld.core.form_views import FORM_STATUSES, ObjectMixin, ServiceFormView
from omvarld.core.views import PermissionMixin
from omvarld.imports import columns, jobs, selectors, services, tasks
from omvarld.imports.checking import Options, checked
from omvarld.imports.forms import MappingForm, UploadForm
from omvarld.imports.models import Import, ImportStatus
from omvarld.imports.reading import preview_table, read_table
from omvarld.jobs import progress
from omvarld.jobs.models import Job, JobStatus
from omvarld.jobs.views import POLL_SECONDS

# The problems a page lists; every one is in the file the page links to.
ERRORS_SHOWN = jobs.PROBLEMS_KEPT


class ImportListView(PermissionMixin, ListView):
    permission = (Action.VIEW, Import)
    template_name = "imports/import_list.html"
    paginate_by = 50

    def get_queryset(self) -> Any:
        return selectors.import_list(user=self.request.user)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["can_create"] = can(self.request.user, Action.CREATE, Import)
        return context


class ImportCreateView(ServiceFormView):
    """Upload a file to import; its columns are mapped and tried on the next page."""

    permission = (Action.CREATE, Import)
    form_class = UploadForm
    template_name = "imports/import_form.html"

    def get_form_kwargs(self) -> dict[str, Any]:
        kwargs = super().get_form_kwargs()
        kwargs["units"] = selectors.units_for_import(user=self.request.user)
        kwargs["citywide"] = can(self.request.user, Action.CREATE, Import(unit=None))
        return kwargs

    def perform(self, data: dict[str, Any]) -> Import:
        upload = data["file"]
        if upload.size is not None:
            # Refused by its size before it is read.
            from omvarld.imports.reading import check_size

            check_size(upload.name or "", upload.size)
        return services.import_upload(
            actor=self.request.user,
            file_name=upload.name or "",
            content=upload.read(),
            unit=data.get("unit"),
            kind=data.get("kind") or "",
        )

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["examples"] = example_names()
        return context

    def get_success_message(self, obj: Import) -> tuple[int, str]:
        return messages.SUCCESS, _(
            "%(file)s was uploaded. Check which field each column fills, then try the import."
        ) % {"file": obj.file_name}


EXAMPLES = Path(__file__).resolve().parent / "examples"


def example_names() -> list[str]:
    """The example files an upload can start from (the same as docs/examples)."""
    return sorted(path.name for path in EXAMPLES.iterdir() if path.suffix in (".csv", ".xlsx"))


class ImportExampleView(PermissionMixin, View):
    """An example file to start from."""

    permission = (Action.CREATE, Import)

    def get(self, request: HttpRequest, name: str) -> FileResponse:
        if name not in example_names():
            raise Http404
        return FileResponse((EXAMPLES / name).open("rb"), as_attachment=True, filename=name)


class ImportMixin(ObjectMixin):
    def get_queryset(self) -> Any:
        return selectors.import_list(user=self.request.user)


def _report(outcome: dict[str, Any]) -> dict[str, Any]:
    """A run's result as the page shows it: its problems, at most ``ERRORS_SHOWN`` of them."""
    errors = outcome.get("errors", [])
    return {**outcome, "errors": errors[:ERRORS_SHOWN], "error_count": len(errors)}


class ImportDetailView(ImportMixin, PermissionMixin, View):
    """An import: its file, the mapping of its columns (GET), and a dry run with that mapping (POST)."""

    permission = (Action.VIEW, Import)
    template_name = "imports/import_detail.html"

    def _form(self, record: Import, data: Any = None) -> MappingForm:
        table = preview_table(record.file_name, services.import_content(record))
        initial: dict[str, Any] = {"kind": record.kind, "unit": record.unit_id}
        mapping = services.mapping_of(record) or selectors.suggested_mapping(
            user=self.request.user, table=table
        )
        initial.update({f"column_{index}": name for index, name in mapping.items()})
        return MappingForm(
            data,
            table=table,
            units=selectors.units_for_import(user=self.request.user, including=record.unit),
            citywide=can(self.request.user, Action.CHANGE, Import(unit=None)),
            initial=initial,
        )

    def _page(
        self, record: Import, form: MappingForm, *, report: dict[str, Any] | None, status: int = 200
    ) -> HttpResponse:
        may_run = can(self.request.user, Action.CHANGE, record)
        job = record.job
        running = job is not None and not job.is_finished
        context = {
            "object": record,
            "form": form,
            "report": report,
            "may_run": may_run and record.status != ImportStatus.IMPORTED and not running,
            "may_import": may_run and record.status == ImportStatus.CHECKED and not running,
            "notices": form.table.notices,
            "targets": columns.TARGETS,
            **self._job_context(job),
        }
        return render(self.request, self.template_name, context, status=status)

    def _job_context(self, job: Job | None) -> dict[str, Any]:
        """The import's latest job, as the job's own page shows its state (polled while it runs), if the
        user may see it; and the earlier runs' jobs."""
        if job is None or not can(self.request.user, Action.VIEW, job):
            return {"job": None}
        return {
            "job": job,
            "progress": progress.current(job),
            "poll_seconds": POLL_SECONDS,
            "JobStatus": JobStatus,
            "check_kind": jobs.CHECK,
            "earlier_jobs": list(
                selectors.import_jobs(user=self.request.user, record=self.object).exclude(pk=job.pk)[:20]
            ),
        }

    def get_queryset(self) -> Any:
        return super().get_queryset().select_related("job")

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        record = self.object = self.get_object()
        return self._page(record, self._form(record), report=self._checked_in_background(record))

    def _checked_in_background(self, record: Import) -> dict[str, Any] | None:
        """The report of the import's last dry run, when it ran as a job (a large file) that is its latest
        and that the user may see."""
        job = record.job
        if job is None or job.kind != jobs.CHECK or job.status != JobStatus.SUCCEEDED:
            return None
        if not can(self.request.user, Action.VIEW, job):
            return None
        report = {**job.result, "errors": job.result.get("errors", [])[:ERRORS_SHOWN]}
        if job.file:  # every problem, as the job found them (the file is not checked again)
            report["problems_url"] = reverse("jobs:job_file", args=[job.pk])
        return report

    def _check_in_background(self, record: Import, params: dict[str, Any]) -> HttpResponse:
        """Start the dry run of a large file as a job; the page shows its progress, then its report."""
        try:
            job = services.import_check_start(actor=self.request.user, record=record, params=params)
        except ApplicationError as error:
            if error.status not in FORM_STATUSES:
                raise
            messages.error(self.request, error.message)
            return HttpResponseRedirect(record.get_absolute_url())
        if job.status == JobStatus.FAILED:
            messages.error(self.request, job.error.split("\n", 1)[0])
        elif not job.is_finished:
            messages.success(
                self.request,
                _(
                    "The file is being checked in the background: this page shows how far it has come, and "
                    "what the dry run found when it is done."
                ),
            )
        return HttpResponseRedirect(record.get_absolute_url())

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        record = self.object = self.get_object()
        permissions.require(request.user, Action.CHANGE, record)
        form = self._form(record, request.POST)
        if not form.is_valid():
            return self._page(record, form, report=None, status=400)
        params = {
            "import": record.pk,
            "mapping": {str(index): name for index, name in form.mapping().items()},
            "kind": form.cleaned_data.get("kind") or "",
            "unit": form.cleaned_data["unit"].code if form.cleaned_data.get("unit") else "",
        }
        if (record.rows or 0) > settings.OMVARLD_IMPORT_CHECK_IN_REQUEST_ROWS:
            return self._check_in_background(record, params)
        try:
            outcome = tasks.run(actor=request.user, params={**params, "dry_run": True})
        except ApplicationError as error:
            if error.status not in FORM_STATUSES:
                raise
            return self._page(
                record,
                form,
                report={
                    "refusal": error.message,
                    "errors": [d.as_dict() for d in error.details],
                    "error_count": len(error.details),
                },
                status=400,
            )
        record.refresh_from_db()
        return self._page(record, form, report=_report(outcome))


class ImportRunView(ImportMixin, PermissionMixin, View):
    """Import the file with the mapping its last dry run tried (POST only): a background job, whose
    progress and result the import's page shows."""

    permission = (Action.CHANGE, Import)

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        record = self.get_object()
        try:
            job = services.import_start(actor=request.user, record=record)
        except ApplicationError as error:
            if error.status not in FORM_STATUSES:
                raise
            messages.error(request, error.message)
            return HttpResponseRedirect(record.get_absolute_url())
        if job.status == JobStatus.SUCCEEDED:
            messages.success(request, job.summary)
        elif job.status == JobStatus.FAILED:
            messages.error(request, job.error.split("\n", 1)[0])
        else:
            messages.success(
                request,
                _(
                    "The import has started. It runs in the background: you may leave this page and come "
                    "back."
                ),
            )
        return HttpResponseRedirect(record.get_absolute_url())


class ImportErrorsView(ImportMixin, PermissionMixin, View):
    """Every problem the import's mapping finds in its file, as CSV (row, column, problem)."""

    permission = (Action.CHANGE, Import)

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        record = self.get_object()
        table = read_table(record.file_name, services.import_content(record))
        options = tasks.options_for(actor=request.user, table=table, params={}, record=record)
        plan = checked(
            actor=request.user, table=table, options=Options(options.mapping, options.kind, options.unit)
        )
        out = io.StringIO()
        tasks.write_problems((error.as_dict() for error in plan.errors), out)
        response = HttpResponse(out.getvalue(), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{tasks.problems_file_name(record.pk)}"'
        return response
