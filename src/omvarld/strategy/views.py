"""The strategy's pages: its guidelines as study material, the search and the text, the what-if, the drafts
it compares, and the prioritisation of what awaits a decision."""

from __future__ import annotations

import io
from collections.abc import Mapping
from typing import Any, ClassVar
from urllib.parse import urlencode

from django.contrib import messages
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect, StreamingHttpResponse
from django.shortcuts import render
from django.urls import reverse, reverse_lazy
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView
from django_htmx.http import HttpResponseClientRefresh

from omvarld.accounts.permissions import Action, can
from omvarld.core.errors import ApplicationError
from omvarld.core.form_views import ObjectMixin, ServiceDeleteView, ServiceFormView, add_service_errors
from omvarld.core.pagination import keyset_page_asked, places_before
from omvarld.core.views import FilteredListView, PermissionMixin
from omvarld.engagements import export as register_export
from omvarld.engagements import selectors as engagement_selectors
from omvarld.engagements.models import Engagement, Kind, Status
from omvarld.engagements.presentation import ranked_queue
from omvarld.engagements.views import labelled
from omvarld.jobs import progress
from omvarld.jobs.models import Job, JobStatus
from omvarld.jobs.services import job_start
from omvarld.jobs.views import POLL_SECONDS
from omvarld.policy.study import guideline, guidelines, source_document
from omvarld.strategy import export, presentation, selectors, services, whatif
from omvarld.strategy.filtersets import PriorityFilterSet
from omvarld.strategy.forms import DraftForm, SearchForm, WhatIfForm
from omvarld.strategy.jobs import WHATIF
from omvarld.strategy.models import PolicyDraft
from omvarld.strategy.resources import GUIDELINES, WHAT_IF

# The passage the prioritisation page stands on ("Strategin ska kunna användas för prioriteringar …").
PRIORITIES_PASSAGE = "strategi.syfte.prioriteringar"


class StrategyIndexView(PermissionMixin, TemplateView):
    """The strategy's guidelines, part by part of the document, with a search of its text."""

    permission = (Action.VIEW, GUIDELINES)
    template_name = "strategy/index.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        parts: dict[str, list[Any]] = {}
        for found in guidelines():
            parts.setdefault(found.passage.section.split(" › ")[0], []).append(found)
        context["parts"] = parts
        context["search_form"] = SearchForm()
        user = self.request.user
        context["can_compare"] = can(user, Action.VIEW, WHAT_IF)
        context["can_prioritise"] = can(user, Action.VIEW, Engagement)
        return context


class GuidelineView(PermissionMixin, TemplateView):
    """One guideline: its passage, what rests on it, its example cases, the matters whose assessment
    cites it (those the user may see, a keyset page at a time) and the latest lessons learnt in them."""

    permission = (Action.VIEW, GUIDELINES)
    template_name = "strategy/guideline.html"
    page_size = 25
    lessons_shown = 20

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        found = guideline(self.kwargs["passage"])
        if found is None:
            raise Http404
        matters = selectors.matters_citing(user=self.request.user, passage=found.id)
        page = keyset_page_asked(
            matters,
            self.request.GET,
            order=engagement_selectors.REGISTER_ORDERS[engagement_selectors.DEFAULT_ORDER],
            size=self.page_size,
        )
        context.update(
            guideline=found,
            paragraphs=source_document().paragraphs_of(found.passage.text, found.passage.section),
            rules=presentation.rules_of(found),
            rows=presentation.rows_of(found),
            values=presentation.values_of(found),
            cases=presentation.example_cases(found.id),
            page=page,
            object_list=labelled(page.rows),
            query_without_page="",
        )
        lessons = selectors.lessons_citing(user=self.request.user, passage=found.id)
        shown = list(lessons[: self.lessons_shown + 1])
        context["lessons"] = shown[: self.lessons_shown]
        context["more_lessons"] = len(shown) > self.lessons_shown
        return context


class SourceTextView(PermissionMixin, TemplateView):
    """The whole decision, paragraph by paragraph under its headings, each guideline's passage linked."""

    permission = (Action.VIEW, GUIDELINES)
    template_name = "strategy/text.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["paragraphs"] = source_document().paragraphs
        context["passages"] = {g.id: g.passage for g in guidelines()}
        return context


class SearchView(PermissionMixin, TemplateView):
    """The paragraphs of the strategy's text that hold every word searched for."""

    permission = (Action.VIEW, GUIDELINES)
    template_name = "strategy/search.html"

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        form = SearchForm(request.GET or None)
        context = self.get_context_data(form=form)
        if form.is_bound and form.is_valid() and form.cleaned_data["q"].strip():
            context["result"] = source_document().search(form.cleaned_data["q"])
        elif form.is_bound and not form.is_valid():
            return self.render_to_response(context, status=400)
        context["passages"] = {g.id: g.passage for g in guidelines()}
        return self.render_to_response(context)


class WhatIfView(PermissionMixin, TemplateView):
    """Two policy versions, and what changes across the register between them: the matters whose outcome
    or deciding body changes, grouped and counted, each with both sides' findings and passages.

    The comparison is a background job (``strategy.jobs``): the form (POST) starts it and leads to
    ``?job=<id>``, which shows its progress while it runs (htmx asks again every few seconds and reloads the
    page when it has ended; without script, reload) and then its result, read from the job. A link with
    ``a``, ``b`` and ``scope`` (a draft's page) fills the form in; it starts nothing."""

    permission = (Action.VIEW, WHAT_IF)
    template_name = "strategy/whatif.html"
    state_template = "jobs/includes/job_state.html"

    def _form(self, data: Any = None, initial: dict[str, Any] | None = None) -> WhatIfForm:
        a, b = whatif.default_versions()
        return WhatIfForm(
            data,
            choices=whatif.version_choices(user=self.request.user),
            initial={"a": a, "b": b, "scope": "all", **(initial or {})},
        )

    def _chosen_drafts(self, values: Mapping[str, Any]) -> bool:
        return any(str(values.get(side, "")).startswith(whatif.DRAFT_PREFIX) for side in ("a", "b"))

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        job_id = _number(request.GET.get("job"))
        if job_id is not None:
            return self._job_page(job_id)
        asked = {name: request.GET[name] for name in ("a", "b", "scope") if request.GET.get(name)}
        form = self._form(initial=asked)
        return self.render_to_response(
            self.get_context_data(form=form, draft_chosen=self._chosen_drafts(asked))
        )

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        form = self._form(request.POST)
        if form.is_valid():
            try:
                job = job_start(request.user, kind=WHATIF, params=form.cleaned_data)
            except ApplicationError as error:
                if error.status != 400:
                    raise
                add_service_errors(form, error)
            else:
                return HttpResponseRedirect(reverse("strategy:whatif") + "?" + urlencode({"job": job.pk}))
        context = self.get_context_data(form=form, draft_chosen=self._chosen_drafts(form.data))
        return self.render_to_response(context, status=400)

    def _job_page(self, job_id: int) -> HttpResponse:
        request = self.request
        job = selectors.whatif_job(user=request.user, pk=job_id)
        if job is None:
            raise Http404
        poll_url = reverse("strategy:whatif") + "?" + urlencode({"job": job.pk})
        if getattr(request, "htmx", False):
            # The page asks how the comparison is going; once it has ended, it is shown whole.
            if job.is_finished:
                return HttpResponseClientRefresh()
            return render(request, self.state_template, self._state(job, poll_url))
        form = self._form(initial={name: job.params.get(name) for name in ("a", "b", "scope")})
        context = self.get_context_data(form=form, **self._state(job, poll_url))
        result = selectors.whatif_result(job)
        if result is not None:
            group = _number(request.GET.get("group"))
            context["result"] = presentation.result_view(
                result, group=group, page=_number(request.GET.get("page")) or 1
            )
            context["query"] = urlencode({"job": job.pk})
            context["query_with_group"] = urlencode(
                {"job": job.pk, **({"group": group} if group is not None else {})}
            )
        return self.render_to_response(context)

    def _state(self, job: Job, poll_url: str) -> dict[str, Any]:
        return {
            "job": job,
            "progress": progress.current(job),
            "poll_seconds": POLL_SECONDS,
            "poll_url": poll_url,
            "JobStatus": JobStatus,
        }


def _number(value: str | None) -> int | None:
    return int(value) if value is not None and value.isdigit() and len(value) < 9 else None


class WhatIfExportView(PermissionMixin, View):
    """A what-if's changes as CSV or a workbook: a row for each finding that differs. Of a finished job
    (``?job=<id>``), from the result it kept; with ``a``, ``b`` and ``scope``, compared here and now."""

    permission = (Action.VIEW, WHAT_IF)

    def _result(self, request: HttpRequest) -> dict[str, Any]:
        job_id = _number(request.GET.get("job"))
        if job_id is None:
            return whatif.run(actor=request.user, params=request.GET.dict(), progress=whatif.no_progress)
        job = selectors.whatif_job(user=request.user, pk=job_id)
        result = selectors.whatif_result(job) if job is not None else None
        if result is None:
            raise Http404
        return result

    def get(self, request: HttpRequest, fmt: str) -> HttpResponse | StreamingHttpResponse:
        if fmt not in ("csv", "xlsx"):
            raise Http404
        result = self._result(request)
        labels = {"kind_labels": dict(Kind.choices), "status_labels": dict(Status.choices)}
        kinds = {key: str(value) for key, value in labels["kind_labels"].items()}
        statuses = {key: str(value) for key, value in labels["status_labels"].items()}
        rows = export.rows(result, kind_labels=kinds, status_labels=statuses)
        name = f"vad-om-{result['a']['id']}-{result['b']['id']}-{timezone.localdate().isoformat()}"
        if fmt == "csv":
            stream = StreamingHttpResponse(
                register_export.table_csv_lines(export.headings(result), rows),
                content_type="text/csv; charset=utf-8",
            )
            stream["Content-Disposition"] = f'attachment; filename="{name}.csv"'
            return stream
        buffer = io.BytesIO()
        register_export.write_table_xlsx(export.headings(result), rows, buffer, sheet="Vad om")
        response = HttpResponse(
            buffer.getvalue(),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        response["Content-Disposition"] = f'attachment; filename="{name}.xlsx"'
        return response


# --- Drafts --------------------------------------------------------------------------------------------


def whatif_url(draft: PolicyDraft) -> str:
    """The what-if of the register under the version in force against the draft."""
    in_force, _other = whatif.default_versions()
    return reverse("strategy:whatif") + "?" + urlencode({"a": in_force, "b": draft.reference, "scope": "all"})


class DraftListView(PermissionMixin, TemplateView):
    permission = (Action.VIEW, PolicyDraft)
    template_name = "strategy/draft_list.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["drafts"] = [
            (draft, whatif_url(draft)) for draft in selectors.draft_list(user=self.request.user)
        ]
        context["can_create"] = can(self.request.user, Action.CREATE, PolicyDraft)
        return context


class DraftCreateView(ServiceFormView):
    permission = (Action.CREATE, PolicyDraft)
    form_class = DraftForm
    template_name = "strategy/draft_form.html"

    def perform(self, data: dict[str, Any]) -> PolicyDraft:
        return services.policy_draft_upload(actor=self.request.user, upload=data["file"])

    def get_success_message(self, obj: PolicyDraft) -> tuple[int, str]:
        return messages.SUCCESS, _(
            "The draft %(draft)s was checked and kept. Below, the register under the version in force and "
            "under the draft."
        ) % {"draft": obj}

    def get_success_url(self) -> str:
        return whatif_url(self.object)


class DraftMixin(ObjectMixin):
    def get_queryset(self) -> QuerySet[PolicyDraft]:
        return selectors.draft_list(user=self.request.user)


class DraftDetailView(DraftMixin, PermissionMixin, TemplateView):
    permission = (Action.VIEW, PolicyDraft)
    template_name = "strategy/draft_detail.html"

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.object = self.get_object()
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        draft = self.object
        try:
            version, _choice = whatif.resolve(draft.reference, user=self.request.user, field="b")
        except ApplicationError as error:
            context["problem"] = error
        else:
            in_force, _other = whatif.default_versions()
            context["version"] = version
            context["differences"] = presentation.draft_differences(version, draft.derives_from or in_force)
        context["compare_url"] = whatif_url(draft)
        context["can_delete"] = can(self.request.user, Action.DELETE, draft)
        return context


class DraftDeleteView(DraftMixin, ServiceDeleteView):
    permission = (Action.DELETE, PolicyDraft)
    template_name = "strategy/draft_confirm_delete.html"
    success_url = reverse_lazy("strategy:draft_list")

    def perform(self) -> None:
        services.policy_draft_delete(actor=self.request.user, draft=self.object)


# --- Prioritisation ------------------------------------------------------------------------------------


class PriorityView(FilteredListView):
    """The matters awaiting a decision that compete for a body's time or a unit's resources — requests
    from other cities and regions, and the units' own initiatives — ranked by the strategy's priorities,
    each score explained term by term."""

    permission = (Action.VIEW, Engagement)
    filterset_class = PriorityFilterSet
    template_name = "strategy/priorities.html"
    paginate_by = None
    page_size: ClassVar[int] = 50

    def selector(self) -> Any:
        return selectors.awaiting_decision(user=self.request.user)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        waiting = self.filterset.qs
        order = engagement_selectors.QUEUE_ORDER
        page = keyset_page_asked(waiting, self.request.GET, order=order, size=self.page_size)
        rows = engagement_selectors.with_newest_facts(labelled(page.rows))
        first_rank = 1
        if page.previous_cursor and rows:
            first_rank += places_before(waiting, order=order, row=rows[0])
        query = self.request.GET.copy()
        for name in ("after", "before"):
            query.pop(name, None)
        ranked = ranked_queue(rows, first_rank=first_rank)
        for entry in ranked:
            for term in entry.terms:
                term["label"] = presentation.TERM_LABELS.get(term["term"], term["term"])
        context.update(
            page=page,
            ranked=ranked,
            first_rank=first_rank,
            query_without_page=query.urlencode(),
            purpose=guideline(PRIORITIES_PASSAGE),
        )
        return context
