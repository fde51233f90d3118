from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.db.models import QuerySet
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView
from django_htmx.http import HttpResponseClientRefresh

from omvarld.accounts.permissions import Action
from omvarld.core.errors import PermissionDenied
from omvarld.core.form_views import ObjectMixin, ServiceFormView
from omvarld.core.views import FilteredListView, PermissionMixin
from omvarld.jobs import progress, registry, selectors, services
from omvarld.jobs.filtersets import MINE, JobFilterSet
from omvarld.jobs.models import Job, JobStatus

# How often (seconds) a running job's page asks for its progress (htmx); without script, reload the page.
POLL_SECONDS = 2


class JobListView(FilteredListView):
    """My background jobs (and, for those who see them, everyone's), newest first."""

    permission = (Action.VIEW, Job)
    filterset_class = JobFilterSet
    template_name = "jobs/job_list.html"
    paginate_by = 50

    def selector(self) -> QuerySet[Job]:
        return selectors.job_list(user=self.request.user)

    def get_queryset(self) -> Any:
        sees_others = selectors.sees_others_jobs(user=self.request.user)
        data = self.request.GET.copy()
        if sees_others and not data.get("who"):
            data["who"] = MINE
        self.filterset = JobFilterSet(
            data, queryset=self.selector(), request=self.request, sees_others=sees_others
        )
        self.mine_only = not sees_others or data.get("who") == MINE
        return self.filterset.qs

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        progress.attach(context["object_list"])
        context["mine_only"] = self.mine_only
        return context


class JobDetailView(ObjectMixin, PermissionMixin, TemplateView):
    """One job: what it is, how far it has come (asked again every few seconds while it runs, with htmx;
    a reload shows the same), and what came of it."""

    permission = (Action.VIEW, Job)
    template_name = "jobs/job_detail.html"
    state_template = "jobs/includes/job_state.html"

    def get_queryset(self) -> QuerySet[Job]:
        return selectors.job_list(user=self.request.user)

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
        if getattr(request, "htmx", False) and not request.user.is_authenticated:
            # The session ended while the page was asking for progress: reload it whole (to the login page)
            # rather than put the login form where the progress was.
            return HttpResponseClientRefresh()
        return super().dispatch(request, *args, **kwargs)

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.object = self.get_object()
        if getattr(request, "htmx", False):
            return render(request, self.state_template, self.state_context())
        return super().get(request, *args, **kwargs)

    def state_context(self) -> dict[str, Any]:
        job = self.object
        return {
            "job": job,
            "progress": progress.current(job),
            "poll_seconds": POLL_SECONDS,
            "JobStatus": JobStatus,
        }

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.update(self.state_context())
        kind = registry.get(self.object.kind)
        subject = kind.subject if kind is not None else None
        context["subject"] = subject(self.request.user, self.object) if subject is not None else None
        return context


class JobStartView(ServiceFormView):
    """The page that starts a job of one kind: what it does, its form (if it takes parameters), a button."""

    permission = (Action.CREATE, Job)
    template_name = "jobs/job_start.html"

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
        found = registry.get(kwargs["kind"])
        if found is None or not found.started_here:
            raise Http404
        self.kind = found
        if request.user.is_authenticated and not services.may_start(request.user, found):
            raise PermissionDenied()
        return super().dispatch(request, *args, **kwargs)

    def get_form_class(self) -> type[forms.Form]:
        return self.kind.form or forms.Form

    def get_initial(self) -> dict[str, Any]:
        # A link may fill the form in (the register's export: the list's filters and the format); the form
        # takes the names it has.
        return dict(self.request.GET.items())

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["kind"] = self.kind
        return context

    def perform(self, data: dict[str, Any]) -> Job:
        return services.job_start(self.request.user, kind=self.kind.name, params=data)

    def get_success_message(self, obj: Job) -> tuple[int, str]:
        if obj.status == JobStatus.SUCCEEDED:
            return messages.SUCCESS, _("“%(title)s” is finished.") % {"title": obj.title}
        if obj.status == JobStatus.FAILED:
            return messages.ERROR, _("“%(title)s” failed.") % {"title": obj.title}
        return messages.SUCCESS, _(
            "“%(title)s” has started. It runs in the background: you may leave this page and come back."
        ) % {"title": obj.title}


class JobFileView(PermissionMixin, View):
    """The file a job made, to those who may see the job; to anyone else it does not exist (404)."""

    permission = (Action.VIEW, Job)

    def get(self, request: HttpRequest, pk: int) -> FileResponse:
        job = selectors.job_for(user=request.user, pk=pk)
        if job is None or not job.file:
            raise Http404
        response = FileResponse(
            job.file.open("rb"), as_attachment=True, filename=job.file_name, content_type=job.content_type
        )
        response["Cache-Control"] = "private"
        return response
