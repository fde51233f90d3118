from __future__ import annotations

import io
from functools import cached_property
from typing import Any, ClassVar

from django.contrib import messages
from django.db.models import QuerySet
from django.http import (
    FileResponse,
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseRedirect,
    StreamingHttpResponse,
)
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from omvarld.accounts import permissions
from omvarld.accounts.permissions import Action, can
from omvarld.audit.models import AuditEntry
from omvarld.audit.presentation import readable
from omvarld.core.errors import ApplicationError
from omvarld.core.form_views import ObjectMixin, ServiceFormView, ServiceUpdateView
from omvarld.core.pagination import CURSOR_PARAMETERS, keyset_page_asked, places_before
from omvarld.core.urls import object_url
from omvarld.core.views import FilteredListView, PermissionMixin
from omvarld.engagements import export, selectors, services
from omvarld.engagements.filtersets import EngagementFilterSet
from omvarld.engagements.followup import presentation as followup
from omvarld.engagements.forms import DecisionForm, DocumentForm, EngagementForm, service_values
from omvarld.engagements.models import Decision, Document, Engagement, Kind, Outcome, Status
from omvarld.engagements.presentation import AssessmentView, assessment_view, ranked_queue
from omvarld.organisation.models import Unit

HISTORY_SHOWN = 20


def live_assessment(form: EngagementForm, kind: str) -> AssessmentView:
    """The assessment of what the form holds now: what was sent (less what could not be read), or what it
    starts from."""
    assessment = services.assess_values(kind=kind, values=service_values(form.current_values()))
    return assessment_view(assessment.to_dict(), fields=form.fields)


class AssessmentPreviewView(PermissionMixin, View):
    """The live assessment (htmx): what the strategy says of the form as the officer fills it in.
    Nothing is saved; the page works without it, and assesses on save."""

    permission = (Action.CREATE, Engagement)

    def post(self, request: HttpRequest, kind: str) -> HttpResponse:
        if kind not in Kind.values:
            raise Http404
        form = EngagementForm(
            request.POST, kind=kind, units=selectors.units_for_registration(user=request.user)
        )
        context = {"assessment": live_assessment(form, kind), "live": True, "links": True, "link_base": ""}
        return render(request, "engagements/includes/assessment.html", context)


def _labels(kinds: set[str], statuses: set[str]) -> tuple[dict[str, str], dict[str, str], dict[str, str]]:
    """The labels of these kinds and statuses and of every outcome, translated once per page rather than once
    per row (``get_FOO_display`` rebuilds the choices for every call)."""
    kind_names, status_names = dict(Kind.choices), dict(Status.choices)
    return (
        {value: str(kind_names[value]) for value in kinds},
        {value: str(status_names[value]) for value in statuses},
        {value: str(label) for value, label in Outcome.choices},
    )


def labelled(rows: list[Engagement]) -> list[Engagement]:
    """The rows with the labels of their kind, status and assessment."""
    kinds, statuses, outcomes = _labels({row.kind for row in rows}, {row.status for row in rows})
    for row in rows:
        row.kind_label = kinds[row.kind]  # type: ignore[attr-defined]
        row.status_label = statuses[row.status]  # type: ignore[attr-defined]
        row.outcome_label = outcomes.get(row.latest_outcome, "")  # type: ignore[attr-defined]
    return rows


def listed(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The register list's rows (dicts of ``selectors.LISTED_VALUES``) with the labels of their kind, status
    and assessment and the address of each matter's page."""
    kinds, statuses, outcomes = _labels({row["kind"] for row in rows}, {row["status"] for row in rows})
    for row in rows:
        row["kind_label"] = kinds[row["kind"]]
        row["status_label"] = statuses[row["status"]]
        row["outcome_label"] = outcomes.get(row["latest_outcome"], "")
        row["url"] = object_url("engagements:engagement_detail", row["pk"])
    return rows


class EngagementListView(FilteredListView):
    """The register, filtered and ordered, a keyset page at a time (a register of a million matters pages
    as fast at its end as at its start)."""

    permission = (Action.VIEW, Engagement)
    filterset_class = EngagementFilterSet
    template_name = "engagements/engagement_list.html"
    paginate_by = None
    page_size = 50

    def order(self) -> str:
        return selectors.register_order(self.request.GET.get("sort"))

    def selector(self) -> Any:
        return selectors.register_rows(user=self.request.user, order=self.order())

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        page = keyset_page_asked(
            self.filterset.qs,
            self.request.GET,
            order=selectors.REGISTER_ORDERS[self.order()],
            size=self.page_size,
            # A text search: the page's rows by their keys from what the user may see, before the filters.
            plan_first=self.filterset.searches,
            rows_from=self.filterset.queryset,
            values=selectors.LISTED_VALUES,
        )
        context["page"], context["object_list"] = page, listed(page.rows)
        query = self.request.GET.copy()
        for name in (*CURSOR_PARAMETERS, "page"):
            query.pop(name, None)
        context["query_without_page"] = query.urlencode()
        context["can_create"] = can(self.request.user, Action.CREATE, Engagement)
        return context


class EngagementMixin(ObjectMixin):
    def get_queryset(self) -> QuerySet[Engagement]:
        return selectors.engagement_list(user=self.request.user)


class EngagementDetailView(EngagementMixin, PermissionMixin, TemplateView):
    """One matter: what is registered, how the strategy judges it, and its history."""

    permission = (Action.VIEW, Engagement)
    template_name = "engagements/engagement_detail.html"

    def get(self, request: Any, *args: Any, **kwargs: Any) -> Any:
        self.object = self.get_object()
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        engagement, user = self.object, self.request.user
        stored = selectors.latest_assessment(engagement=engagement)
        # A draft is judged as it stands today; a submitted matter by the assessment kept with it.
        context["assessment"] = assessment_view(
            selectors.stored_result(stored) if stored is not None else services.assess(engagement).to_dict(),
            stored=stored,
        )
        may_change = can(user, Action.CHANGE, engagement)
        context["can_change"] = engagement.status in services.CHANGEABLE and may_change
        context["can_submit"] = engagement.status == Status.DRAFT and may_change
        context["can_withdraw"] = services.may_move(engagement, Status.WITHDRAWN) and may_change
        context["next_steps"] = services.next_steps(engagement) if may_change else []
        # The secretary of the body the assessment names decides; city-wide roles record any body's.
        context["can_decide"] = engagement.status == Status.SUBMITTED and can(
            user, Action.CREATE, Decision(body=engagement.deciding_body)
        )
        context["decision"] = selectors.decision_of(engagement=engagement)
        context.update(followup.context(user=user, engagement=engagement, may_change=may_change))
        form = EngagementForm(kind=engagement.kind, units=Unit.objects.none())
        context["particulars"] = form.particulars(engagement)
        context["documents"] = selectors.documents_of(user=user, engagement=engagement)
        context["can_file"] = can(user, Action.CREATE, Document(engagement=engagement))
        if can(user, Action.VIEW, AuditEntry):
            latest = list(selectors.matter_history(user=user, engagement=engagement)[: HISTORY_SHOWN + 1])
            context["history"] = readable(latest[:HISTORY_SHOWN])
            context["more_history"] = len(latest) > HISTORY_SHOWN
        return context


class EngagementHistoryView(EngagementMixin, PermissionMixin, TemplateView):
    """A matter's whole history, newest first, a page at a time: its own events and those of what was
    recorded with it (the detail page shows the latest)."""

    permission = (Action.VIEW, AuditEntry)
    template_name = "engagements/engagement_history.html"
    page_size = 50

    def get(self, request: Any, *args: Any, **kwargs: Any) -> Any:
        self.object = self.get_object()  # a matter the user may not see is a 404
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        entries = selectors.matter_history(user=self.request.user, engagement=self.object)
        # The log is written in order (its hash chain): the newest entry has the highest id.
        page = keyset_page_asked(entries, self.request.GET, order=("-id",), size=self.page_size)
        context.update(object=self.object, page=page, history=readable(page.rows), query_without_page="")
        return context


class EngagementKindChoiceView(PermissionMixin, TemplateView):
    """The first step of registering: which kind of engagement."""

    permission = (Action.CREATE, Engagement)
    template_name = "engagements/engagement_kind_choice.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["kinds"] = Kind.choices
        return context


class EngagementFormMixin:
    request: HttpRequest
    kwargs: dict[str, Any]
    object: Any

    def kind(self) -> str:
        raise NotImplementedError

    def get_form_kwargs(self) -> dict[str, Any]:
        kwargs: dict[str, Any] = super().get_form_kwargs()  # type: ignore[misc]
        kwargs.update(kind=self.kind(), units=selectors.units_for_registration(user=self.request.user))
        return kwargs

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context: dict[str, Any] = super().get_context_data(**kwargs)  # type: ignore[misc]
        context["kind"], context["kind_label"] = self.kind(), Kind(self.kind()).label
        context["assessment"] = live_assessment(context["form"], self.kind())
        return context


class EngagementCreateView(EngagementFormMixin, ServiceFormView):
    permission = (Action.CREATE, Engagement)
    form_class = EngagementForm
    template_name = "engagements/engagement_form.html"

    def kind(self) -> str:
        kind: str = self.kwargs["kind"]
        if kind not in Kind.values:
            raise Http404
        return kind

    def perform(self, data: dict[str, Any]) -> Engagement:
        return services.engagement_register(
            actor=self.request.user, kind=self.kind(), responsible=self.request.user, **service_values(data)
        )

    def get_success_message(self, obj: Engagement) -> tuple[int, str]:
        return messages.SUCCESS, _("%(number)s was registered as a draft.") % {
            "number": obj.registration_number
        }


class EngagementUpdateView(EngagementFormMixin, EngagementMixin, ServiceUpdateView):
    permission = (Action.CHANGE, Engagement)
    form_class = EngagementForm
    template_name = "engagements/engagement_form.html"

    def kind(self) -> str:
        kind: str = self.object.kind
        return kind

    def get_initial(self) -> dict[str, Any]:
        return {**EngagementForm.initial_from(self.object), "lock_version": self.object.lock_version}

    # The matter as someone else saved it while this user was editing (set when the save is refused).
    saved_meanwhile: Engagement | None = None

    def perform(self, data: dict[str, Any]) -> Engagement:
        lock_version = _lock_version(self.request.POST.get("lock_version"))
        if lock_version is None:
            # Without it a change could overwrite another's unseen: the form always sends it.
            raise ApplicationError(
                _(
                    "The page does not say which version of the matter you started from, so your changes "
                    "are not saved: open the matter again and make them there."
                )
            )
        try:
            return services.engagement_update(
                actor=self.request.user,
                engagement=self.object,
                lock_version=lock_version,
                **service_values(data),
            )
        except ApplicationError as error:
            if error.code == services.STALE:
                # None when the other moved it out of this user's reach: the refusal says enough then.
                visible = selectors.engagement_list(user=self.request.user)
                self.saved_meanwhile = visible.filter(pk=self.object.pk).first()
            raise

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        saved = self.saved_meanwhile
        if saved is not None:
            # Saving again now keeps what this user typed over what the other saved: they have the
            # other's values beside their own on the page to compare first.
            context["lock_version"] = saved.lock_version
            context["saved_meanwhile"] = context["form"].differences(saved)
        else:
            context["lock_version"] = self.request.POST.get("lock_version", self.object.lock_version)
        return context

    def get_success_message(self, obj: Engagement) -> tuple[int, str]:
        return messages.SUCCESS, _("%(number)s was saved.") % {"number": obj.registration_number}


def _lock_version(raw: str | None) -> int | None:
    try:
        return int(raw) if raw else None
    except ValueError:
        return None


class EngagementSubmitView(EngagementMixin, PermissionMixin, View):
    """Submit a draft for decision (POST only)."""

    permission = (Action.CHANGE, Engagement)

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        # ``get_object`` has checked that the user may change this matter.
        engagement = services.engagement_submit(actor=request.user, engagement=self.get_object())
        messages.success(
            request, _("%(number)s was submitted for decision.") % {"number": engagement.registration_number}
        )
        return HttpResponseRedirect(engagement.get_absolute_url())


class MatterFormMixin:
    """A form about one matter named in the URL (a decision on it, a document filed with it)."""

    request: HttpRequest
    kwargs: dict[str, Any]

    @cached_property
    def engagement(self) -> Engagement:
        """The matter, looked up once the permission point has let the user in (a matter the user may not
        see is a 404)."""
        found = selectors.engagement_list(user=self.request.user).filter(pk=self.kwargs["pk"]).first()
        if found is None:
            raise Http404
        return found

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context: dict[str, Any] = super().get_context_data(**kwargs)  # type: ignore[misc]
        context["engagement"] = self.engagement
        return context


class DecisionCreateView(MatterFormMixin, ServiceFormView):
    """Record the decision on a submitted matter: for the secretary of the body that decided."""

    permission = (Action.CREATE, Decision)
    form_class = DecisionForm
    template_name = "engagements/decision_form.html"

    def get_form_kwargs(self) -> dict[str, Any]:
        kwargs = super().get_form_kwargs()
        kwargs["bodies"] = selectors.deciding_bodies(user=self.request.user)
        return kwargs

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        # A draft or a decided matter offers no form to fill in only to be refused.
        services.require_decidable(self.engagement)
        return super().get(request, *args, **kwargs)

    def get_initial(self) -> dict[str, Any]:
        return {"body": self.engagement.deciding_body_id, "decided_on": timezone.localdate()}

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        stored = selectors.latest_assessment(engagement=self.engagement)
        context["assessment"] = (
            assessment_view(selectors.stored_result(stored), stored=stored) if stored else None
        )
        return context

    def perform(self, data: dict[str, Any]) -> Decision:
        return services.decision_record(actor=self.request.user, engagement=self.engagement, **data)

    def get_success_message(self, obj: Decision) -> tuple[int, str]:
        return messages.SUCCESS, _("The decision on %(number)s was recorded.") % {
            "number": self.engagement.registration_number
        }

    def get_success_url(self) -> str:
        return self.engagement.get_absolute_url()


class EngagementWithdrawView(EngagementMixin, PermissionMixin, View):
    permission = (Action.CHANGE, Engagement)

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        engagement = services.engagement_withdraw(actor=request.user, engagement=self.get_object())
        messages.success(request, _("%(number)s was withdrawn.") % {"number": engagement.registration_number})
        return HttpResponseRedirect(engagement.get_absolute_url())


class EngagementFollowView(EngagementMixin, PermissionMixin, View):
    """Take a decided matter on (POST only): carried out, followed up, closed."""

    permission = (Action.CHANGE, Engagement)

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        step = kwargs["step"]
        if step not in services.FOLLOWING_STEPS:
            raise Http404
        try:
            engagement = services.engagement_follow(actor=request.user, engagement=self.get_object(), to=step)
        except ApplicationError as error:
            if error.status != 409:
                raise
            # A step the matter cannot take now (a closing without its travel report): said on its page.
            messages.error(request, error.message)
            return HttpResponseRedirect(self.get_object().get_absolute_url())
        messages.success(
            request,
            _("%(number)s is now %(status)s.")
            % {"number": engagement.registration_number, "status": Status(step).label.lower()},
        )
        return HttpResponseRedirect(engagement.get_absolute_url())


class QueueListView(PermissionMixin, TemplateView):
    """The bodies with matters waiting for their decision."""

    permission = (Action.VIEW, Engagement)
    template_name = "engagements/queue_list.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["queues"] = selectors.queues(user=self.request.user)
        return context


class QueueView(PermissionMixin, TemplateView):
    """The matters waiting for one body, ranked by the strategy's priorities with the reasons."""

    permission = (Action.VIEW, Engagement)
    template_name = "engagements/queue.html"
    page_size = 50

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        body = selectors.body_by_code(code=self.kwargs["code"])
        if body is None:
            raise Http404
        context["body"] = body
        waiting = selectors.queue(user=self.request.user, body=body)
        page = keyset_page_asked(waiting, self.request.GET, order=selectors.QUEUE_ORDER, size=self.page_size)
        rows = selectors.with_newest_facts(page.rows)
        first_rank = 1
        if page.previous_cursor and rows:
            first_rank += places_before(waiting, order=selectors.QUEUE_ORDER, row=rows[0])
        context["page"], context["ranked"] = page, ranked_queue(rows, first_rank=first_rank)
        context["first_rank"], context["query_without_page"] = first_rank, ""
        context["can_decide"] = can(self.request.user, Action.CREATE, Decision(body=body))
        return context


class EngagementExportView(PermissionMixin, View):
    """The register list as it is filtered, downloaded as CSV (streamed) or as a workbook."""

    permission = (Action.VIEW, Engagement)

    def get(self, request: HttpRequest, fmt: str) -> HttpResponse | StreamingHttpResponse:
        if fmt not in ("csv", "xlsx"):
            raise Http404
        filterset = EngagementFilterSet(
            request.GET, queryset=selectors.engagement_list(user=request.user), request=request
        )
        if not filterset.is_valid():
            raise ApplicationError(_("The filters could not be used."))
        queryset = filterset.qs.order_by("year", "number", "pk")
        stamp = timezone.localdate().isoformat()
        if fmt == "csv":
            stream = StreamingHttpResponse(export.csv_lines(queryset), content_type="text/csv; charset=utf-8")
            stream["Content-Disposition"] = f'attachment; filename="diarium-{stamp}.csv"'
            return stream
        buffer = io.BytesIO()
        export.write_xlsx(queryset, buffer)
        response = HttpResponse(
            buffer.getvalue(),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        response["Content-Disposition"] = f'attachment; filename="diarium-{stamp}.xlsx"'
        return response


class DocumentCreateView(MatterFormMixin, ServiceFormView):
    """File a document with a matter: for those who may change it (a secret one: who handle it)."""

    permission = (Action.CREATE, Document)
    form_class = DocumentForm
    template_name = "engagements/document_form.html"
    field_names: ClassVar[dict[str, str]] = {"secrecy_ground_text": "secrecy_ground"}

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        permissions.require(request.user, Action.CREATE, Document(engagement=self.engagement))
        return super().get(request, *args, **kwargs)

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        permissions.require(request.user, Action.CREATE, Document(engagement=self.engagement))
        return super().post(request, *args, **kwargs)

    def perform(self, data: dict[str, Any]) -> Document:
        return services.document_file(
            actor=self.request.user,
            engagement=self.engagement,
            upload=data["file"],
            title=data["title"],
            secret=data["secret"],
            secrecy_ground_text=data["secrecy_ground"],
        )

    def get_success_message(self, obj: Document) -> tuple[int, str]:
        return messages.SUCCESS, _("“%(title)s” was filed with %(number)s.") % {
            "title": obj.title,
            "number": self.engagement.registration_number,
        }

    def get_success_url(self) -> str:
        return self.engagement.get_absolute_url() + "#documents-heading"


class DocumentDownloadView(PermissionMixin, View):
    """A document's file, to those who may see it; to anyone else, a user without a role included, it
    does not exist (404): the selector asks the permission point."""

    def get(self, request: HttpRequest, pk: int) -> FileResponse:
        document = selectors.document_for(user=request.user, pk=pk)
        if document is None:
            raise Http404
        response = FileResponse(
            document.file.open("rb"),
            as_attachment=True,
            filename=document.file_name,
            content_type=document.content_type,
        )
        # Kept by no shared cache, and by the browser only for this visit when it is secret.
        response["Cache-Control"] = "private, no-store" if document.secret else "private"
        return response
